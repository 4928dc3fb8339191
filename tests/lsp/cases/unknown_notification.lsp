# Unknown notifications are ignored, as the protocol asks; the server goes on.
notify baton/nothing {}
notify $/setTrace {"value": "off"}
notify textDocument/didSave {"textDocument": {"uri": "@main.baton"}}
wsymbol nodes
