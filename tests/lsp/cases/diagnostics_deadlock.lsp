# A deadlock's edges as relatedInformation.
open deadlock.baton
