open main.baton
symbols main.baton
