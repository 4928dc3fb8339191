open broken.baton "service app on web {\n  input x = \n}\nhost web { address = \"a\" }\n"
