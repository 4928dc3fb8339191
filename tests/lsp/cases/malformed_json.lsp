# Bodies that are not JSON-RPC requests: answered with an error, and the server goes on.
rawbody "{not json"
rawbody "[]"
rawbody "\"text\""
rawbody "{\"jsonrpc\":\"2.0\",\"id\":99,\"x\":1}"
rawbody "{\"jsonrpc\":\"2.0\",\"id\":98,\"method\":7}"
rawbody "{\"jsonrpc\":\"2.0\",\"id\":97,\"result\":null}"
wsymbol nodes
