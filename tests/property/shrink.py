# Smaller variants of a spec (one service, action, input, output, word, target, event or order
# fewer, a guard or `repeatable` dropped, a group made smaller), for shrinking a mismatch.
from spec_model import Expr, value_guard

PLACEHOLDER = Expr("const", text="w")


def sanitize(spec):
    """Drops or replaces what refers to something the spec no longer has."""
    outputs = {(s.name, o.name) for s in spec.services for o in s.outputs}
    actions = {(s.name, a.name) for s in spec.services for a in s.actions}
    services = {s.name for s in spec.services}
    used_hosts = {s.host for s in spec.services}
    spec.hosts = [h for h in spec.hosts if h.name in used_hosts]

    def target_ok(t):
        return t.service in services and (t.action is None or (t.service, t.action) in actions)

    for s in spec.services:
        inputs = {i.name for i in s.inputs}

        def fix(e):
            if e.kind == "input" and e.text not in inputs:
                return PLACEHOLDER
            if e.kind == "out" and (e.service, e.output) not in outputs:
                return PLACEHOLDER
            if e.kind == "attr" and e.service not in used_hosts | {"host"}:
                return PLACEHOLDER
            return e

        for i in s.inputs:
            i.expr = fix(i.expr)
        for o in s.outputs:
            o.parts = [fix(p) for p in o.parts]
        for a in s.actions:
            a.words = [fix(w) for w in a.words]
            compared = value_guard(a.guard)
            if compared and compared[0] not in inputs:
                a.guard = None
            a.after = [t for t in a.after if target_ok(t)]
    spec.events = [e for e in spec.events if target_ok(e.emitter) and target_ok(e.subscriber)]
    for o in spec.orders:
        o.first = [t for t in o.first if target_ok(t)]
        o.then = [t for t in o.then if target_ok(t)]
    spec.orders = [o for o in spec.orders if o.first and o.then]
    return spec


def _without(items, k):
    return items[:k] + items[k + 1:]


def _variants_of_list(spec, path):
    """One variant per item of the list at `path` (a function from a spec to the list), dropping it."""
    for k in range(len(path(spec))):
        v = spec.clone()
        lst = path(v)
        del lst[k]
        yield v


def variants(spec):
    """Every spec one step smaller than `spec`, roughly the biggest steps first."""
    yield from _variants_of_list(spec, lambda s: s.services)
    yield from _variants_of_list(spec, lambda s: s.events)
    yield from _variants_of_list(spec, lambda s: s.orders)
    for si in range(len(spec.services)):
        def svc(s, si=si):
            return s.services[si]
        yield from _variants_of_list(spec, lambda s: svc(s).actions)
        yield from _variants_of_list(spec, lambda s: svc(s).inputs)
        yield from _variants_of_list(spec, lambda s: svc(s).outputs)
        for ai in range(len(spec.services[si].actions)):
            def act(s, ai=ai):
                return svc(s).actions[ai]
            yield from _variants_of_list(spec, lambda s: act(s).words)
            yield from _variants_of_list(spec, lambda s: act(s).after)
            yield from _flag_variants(spec, act)
        for oi in range(len(spec.services[si].outputs)):
            yield from _variants_of_list(spec, lambda s, oi=oi: svc(s).outputs[oi].parts)
    for oi in range(len(spec.orders)):
        yield from _variants_of_list(spec, lambda s, oi=oi: s.orders[oi].first)
        yield from _variants_of_list(spec, lambda s, oi=oi: s.orders[oi].then)
    for hi, h in enumerate(spec.hosts):
        if h.size and h.size > 1:
            v = spec.clone()
            v.hosts[hi].size -= 1
            yield v


def _flag_variants(spec, act):
    if act(spec).guard:
        v = spec.clone()
        act(v).guard = None
        yield v
    if act(spec).repeatable:
        v = spec.clone()
        act(v).repeatable = False
        yield v


def shrink(spec, still_fails, limit=400):
    """The smallest variant of `spec` (greedily) for which still_fails(variant) holds."""
    tries = 0
    progress = True
    while progress and tries < limit:
        progress = False
        for v in variants(spec):
            tries += 1
            v = sanitize(v)
            if still_fails(v):
                spec, progress = v, True
                break
            if tries >= limit:
                break
    return spec
