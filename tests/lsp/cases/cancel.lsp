# The first hover (id 2) is still queued when its cancellation arrives: answered -32800. A
# cancellation of an id never sent (42) changes nothing.
open main.baton
hover main.baton 1:7
notify $/cancelRequest {"id": 2}
notify $/cancelRequest {"id": 42}
hover main.baton 1:7
