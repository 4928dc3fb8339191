open main.baton
definition main.baton 19:43
definition main.baton 19:13
definition main.baton 9:42
