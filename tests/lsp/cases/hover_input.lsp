open main.baton
hover main.baton 8:62
hover main.baton 16:38
