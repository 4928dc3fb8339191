request shutdown
hover main.baton 1:7
notify exit
noexit
