open main.baton
request textDocument/hover {"textDocument": {"uri": "@main.baton"}}
request textDocument/hover {"textDocument": {"uri": "@main.baton"}, "position": {"line": -1, "character": "x"}}
request textDocument/rename {"textDocument": {"uri": "@main.baton"}, "position": {"line": 1, "character": 7}}
notify textDocument/didChange {"textDocument": {"uri": "@main.baton"}}
hover main.baton 1:7
