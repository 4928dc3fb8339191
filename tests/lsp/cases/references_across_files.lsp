# A name declared in common.baton, used in main.baton: from either file.
open main.baton
open common.baton
references main.baton 14:19
references common.baton 1:7
