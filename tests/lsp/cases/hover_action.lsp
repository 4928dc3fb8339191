open main.baton
hover main.baton 9:42
hover main.baton 19:43
