# Positions past a line's end or past the last line are clamped, never a crash.
open main.baton
hover main.baton 1:500
hover main.baton 500:0
change main.baton 500:0-600:3 "\n// appended"
references main.baton 1:7
