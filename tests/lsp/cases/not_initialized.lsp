# Before initialize: requests are refused (-32002), notifications dropped, exit honoured.
noinit
hover main.baton 1:7
notify textDocument/didOpen {"textDocument": {"uri": "@main.baton", "languageId": "baton", "version": 1, "text": "x"}}
init {}
hover main.baton 1:7
