# A secret's value is never shown; a param without a default says how to give one.
open main.baton
hover main.baton 2:8
hover main.baton 13:14
