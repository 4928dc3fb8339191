open main.baton
request textDocument/references {"textDocument": {"uri": "@main.baton"}, "position": {"line": 1, "character": 7}, "context": {"includeDeclaration": false}}
