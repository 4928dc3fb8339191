# Captured outputs: the first run would need a value that only exists after it; no fix offered.
open deadlock_capture.baton
request textDocument/codeAction {"textDocument": {"uri": "@deadlock_capture.baton"}, "range": {"start": {"line": 4, "character": 9}, "end": {"line": 4, "character": 12}}, "context": {"diagnostics": [{"range": {"start": {"line": 4, "character": 9}, "end": {"line": 4, "character": 12}}, "severity": 1, "code": "E0501", "source": "baton", "message": "deadlock: a.run -> b.run -> a.run"}]}}
