open main.baton
prepareRename main.baton 12:23
prepareRename main.baton 4:2
