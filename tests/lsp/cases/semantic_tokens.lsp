# Every name as a token: its kind (the legend of initialize) and whether it is the declaration.
open unicode.baton
request textDocument/semanticTokens/full {"textDocument": {"uri": "@unicode.baton"}}
