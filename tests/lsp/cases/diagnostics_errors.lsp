# A duplicate's first declaration as relatedInformation; did-you-mean as help.
open broken.baton
