# Edits queued together are checked once: one publication for the lot.
open broken.baton
change broken.baton 4:12-4:18 "regio"
change broken.baton 4:12-4:17 "region"
change broken.baton 1:0-2:0 ""
hover broken.baton 0:7
