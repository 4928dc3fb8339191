open main.baton
hover main.baton 4:9
hover main.baton 20:6
