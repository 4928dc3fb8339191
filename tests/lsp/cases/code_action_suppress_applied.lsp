# The suppression the code action offers, applied: the warning is gone, and the comment is used.
open suppressed.baton
change suppressed.baton 1:20-1:20 "  # baton: ignore[W0202]"
wsymbol unused
