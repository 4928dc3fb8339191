open main.baton
change main.baton 13:14-13:19 "tokn"
hover main.baton 1:7
change main.baton 13:14-13:18 "token"
hover main.baton 1:7
