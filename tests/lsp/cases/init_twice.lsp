# A second initialize is an error; the first stands.
request initialize {"capabilities": {}}
