open main.baton
hover main.baton 1:7
hover main.baton 1:11
