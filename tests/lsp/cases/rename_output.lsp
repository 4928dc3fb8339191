open main.baton
rename main.baton 7:10 cluster_id
