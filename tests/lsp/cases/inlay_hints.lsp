# A group's replica count and each action's plan level, from the plan (replicas from baton.toml).
open project/cluster.baton
request textDocument/inlayHint {"textDocument": {"uri": "@project/cluster.baton"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}}
request textDocument/inlayHint {"textDocument": {"uri": "@project/cluster.baton"}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}}
