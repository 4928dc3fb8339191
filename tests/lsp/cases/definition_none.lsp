open main.baton
definition main.baton 0:2
definition main.baton 9:3
