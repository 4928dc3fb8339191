notify exit
noexit
