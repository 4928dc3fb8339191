open main.baton
rename main.baton 4:9 1abc
rename main.baton 4:9 host
rename main.baton 4:9 a-b
rename main.baton 4:2 x
