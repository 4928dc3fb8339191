open main.baton
rename main.baton 4:9 maria
