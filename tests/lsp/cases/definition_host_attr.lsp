# `host.address` in a service on the group db: the attribute declared in db's block.
open main.baton
definition main.baton 6:18
definition main.baton 14:34
