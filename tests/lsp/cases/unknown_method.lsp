request baton/nothing {}
request textDocument/formatting {"textDocument": {"uri": "@main.baton"}, "options": {"tabSize": 2, "insertSpaces": true}}
