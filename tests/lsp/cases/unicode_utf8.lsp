# In UTF-8, `size` starts at byte 41 of line 0.
init {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}
open unicode.baton
hover unicode.baton 0:42
change unicode.baton 0:41-0:45 "sise"
hover unicode.baton 2:85
