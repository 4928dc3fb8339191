open main.baton "import \"nope.baton\"\nparam a = 1\n"
