open main.baton
open common.baton
rename main.baton 14:19 area
