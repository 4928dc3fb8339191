open main.baton
hover main.baton 12:23
hover main.baton 7:10
