open main.baton
rename main.baton 9:42 start
