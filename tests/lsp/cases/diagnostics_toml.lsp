# project/baton.toml allows W0202: nothing to show.
open project/app.baton
