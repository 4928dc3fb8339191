# A client that offers UTF-8 gets it.
init {"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}
