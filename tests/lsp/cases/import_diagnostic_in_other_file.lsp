# An error in an imported file is published for that file.
open main.baton
open common.baton
change common.baton 2:21-2:31 "nodes + undefined_name"
hover main.baton 1:7
