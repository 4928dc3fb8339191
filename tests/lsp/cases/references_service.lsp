open main.baton
references main.baton 4:9
