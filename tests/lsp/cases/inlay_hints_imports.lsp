# Hints for the open file only, though the plan holds the imported file's hosts too; a secret
# param without a value does not stop the plan.
open main.baton
request textDocument/inlayHint {"textDocument": {"uri": "@main.baton"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 30, "character": 0}}}
