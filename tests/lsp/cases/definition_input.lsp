# keystone's input `db` is not the host group `db`.
open main.baton
definition main.baton 16:45
definition main.baton 5:16
