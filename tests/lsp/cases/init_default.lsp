# No positionEncodings offered: UTF-16, the protocol's default.
