raw "Content-Type: text/plain\r\n\r\n"
raw "Content-Length: abc\r\n\r\n"
raw "Content-Length: 99999999999999999999\r\n\r\n"
wsymbol nodes
