# Inside a service: its inputs, the context names, every top-level name, builtins, keywords.
open main.baton
completion main.baton 16:38
