# An action's steps in the plan, a group's members, a param's value from baton.toml.
open project/cluster.baton
hover project/cluster.baton 6:10
hover project/cluster.baton 10:10
hover project/cluster.baton 2:5
hover project/cluster.baton 0:7
