# Closing a document clears its diagnostics.
open broken.baton
hover broken.baton 0:7
close broken.baton
wsymbol region
