open main.baton
hover main.baton 3:5
hover main.baton 5:16
