open broken.baton
replace broken.baton "host web { address = \"10.0.0.3\" }\nservice app on webb { action run { sh \"true\" } }\n"
hover broken.baton 0:6
