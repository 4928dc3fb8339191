open main.baton
references main.baton 3:5
