open main.baton
open common.baton
rename main.baton 14:34 region_zone
