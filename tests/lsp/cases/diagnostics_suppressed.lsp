# The comment silences W0202 on its line only.
open suppressed.baton
