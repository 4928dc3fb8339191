# After `host.` in a service: the attributes of the service's host; after `ctl.`: ctl's.
open main.baton
change main.baton 14:16-14:40 "host."
completion main.baton 14:21
change main.baton 14:16-14:21 "ctl."
completion main.baton 14:20
