# Line 0 holds a character outside the BMP (two UTF-16 units) before `size` (character 37).
open unicode.baton
hover unicode.baton 0:38
change unicode.baton 0:37-0:41 "sise"
hover unicode.baton 2:85
