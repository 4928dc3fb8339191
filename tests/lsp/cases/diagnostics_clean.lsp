open main.baton
