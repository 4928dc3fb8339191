init {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}
