# A deadlock of two actions reading each other's static outputs: either may be marked repeatable.
open deadlock.baton
request textDocument/codeAction {"textDocument": {"uri": "@deadlock.baton"}, "range": {"start": {"line": 4, "character": 9}, "end": {"line": 4, "character": 12}}, "context": {"diagnostics": [{"range": {"start": {"line": 4, "character": 9}, "end": {"line": 4, "character": 12}}, "severity": 1, "code": "E0501", "source": "baton", "message": "deadlock: a.run -> b.run -> a.run\nhelp: if running it twice is safe, mark a.run or b.run `repeatable` to split the cycle; otherwise remove one of these dependencies"}]}}
change deadlock.baton 4:12-4:12 " repeatable"
wsymbol run
