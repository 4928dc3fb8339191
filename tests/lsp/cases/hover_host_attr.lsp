# `host.zone` in keystone: the attribute of its host, ctl, declared in common.baton.
open main.baton
hover main.baton 14:34
hover main.baton 5:22
