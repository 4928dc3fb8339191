open main.baton
wsymbol re
wsymbol
