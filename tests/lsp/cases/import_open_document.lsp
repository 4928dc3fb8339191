# main.baton imports common.baton: the open, unsaved text of common.baton is what counts.
open main.baton
open common.baton
change common.baton 1:0-1:26 "param area = \"RegionOne\""
hover main.baton 1:7
