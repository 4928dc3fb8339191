open main.baton
definition main.baton 12:23
definition main.baton 12:13
