open main.baton
change main.baton 15:20-15:49 "galera[0]."
completion main.baton 15:30
