# On a keyword, a literal, a builtin context name, a comment: no hover.
open main.baton
hover main.baton 4:2
hover main.baton 1:19
hover main.baton 3:43
hover main.baton 6:13
