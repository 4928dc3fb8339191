# Services, hosts and actions written over several lines fold.
open main.baton
request textDocument/foldingRange {"textDocument": {"uri": "@main.baton"}}
open deadlock.baton
request textDocument/foldingRange {"textDocument": {"uri": "@deadlock.baton"}}
