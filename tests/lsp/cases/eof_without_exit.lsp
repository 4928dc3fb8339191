noexit
