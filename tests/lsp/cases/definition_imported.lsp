open main.baton
definition main.baton 14:19
definition main.baton 11:20
