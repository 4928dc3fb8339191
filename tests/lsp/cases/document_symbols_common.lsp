open main.baton
open common.baton
symbols common.baton
