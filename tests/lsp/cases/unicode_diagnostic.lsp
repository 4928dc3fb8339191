open unicode.baton "param a = \"😀é\"; param b = nope\n"
