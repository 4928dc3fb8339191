#!/usr/bin/env python3
"""A seeded generator of random specs that knows what baton must make of each (oracle.py).

Each spec is small (2-6 services, groups of 1-4 members, some sized by a param) and built from
every kind of construct of docs/semantics.md: services on plain hosts and on groups, guards (on
the member, or on an input's value), inputs reading static and captured outputs (of one member,
of [*], of the same member, by `index` or `count - 1`, of one's own service), host addresses,
unused inputs, captures whose commands read outputs, `after` and `order` targets of every form
(handlers included), events and handlers (changed, ok, failed, paired on a group, emitted by
handlers), repeatable actions and the cycles they split or cannot, and mistakes that baton must
report (E0304, E0313, E0404, E0405, E0406, E0407, E0503).

Usage: gen_semantics.py --seed S [--count N] [--pending RULE,...] [--out DIR]
prints (or writes to DIR) each spec with its expected result.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import Ambiguous, expect, guard_holds  # noqa: E402
from spec_model import Action, Event, Expr, Host, Input, Order, Output, Service, Spec, Target, spec_text  # noqa: E402

SERVICE_NAMES = "abcdef"
GUARDS = ("first", "!first", "index == 1")
EVENTS = ("changed", "ok", "failed")
MISTAKES = ("E0313", "E0404", "E0405", "E0406", "E0407", "E0503")


class Generator:
    """Builds one random spec from a seed. `acyclic` specs refer only to earlier services (their
    plans are compared in full); the others refer anywhere, which makes cycles."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.spec = Spec()
        self.acyclic = self.rng.random() < 0.4
        self.mistake = self.rng.choice(MISTAKES) if self.rng.random() < 0.12 else None

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, items):
        return self.rng.choice(list(items))

    # ---- hosts and services

    def hosts(self):
        self.spec.hosts.append(Host("p"))
        if self.chance(0.85):
            self.spec.hosts.append(Host("g", self.rng.randint(1, 4), self.chance(0.2)))
        if self.chance(0.35):
            self.spec.hosts.append(Host("k", self.rng.randint(1, 3), self.chance(0.2)))

    def size(self, service):
        return self.spec.host(service.host).size

    def services(self):
        for name in SERVICE_NAMES[:self.rng.randint(2, 6)]:
            host = self.pick(h.name for h in self.spec.hosts if h.name == "p" or self.chance(0.6))
            svc = Service(name, host)
            if self.chance(0.7):
                svc.outputs.append(Output("o0", False))
            if self.chance(0.45):
                svc.outputs.append(Output("c0", True))
                if self.chance(0.2):
                    svc.outputs.append(Output("c1", True))
            deploy = self.rng.choice((1, 1, 2, 2, 3)) if self.chance(0.97) else 0
            handlers = self.rng.choice((0, 0, 1, 1, 2))
            kinds = [False] * deploy + [True] * handlers
            self.rng.shuffle(kinds)
            for k, handler in enumerate(kinds):
                svc.actions.append(self.action(k, handler))
            if not any(not a.handler and not a.guard for a in svc.actions):
                svc.outputs = [o for o in svc.outputs if not o.captured]  # else E0313, a mistake of its own
            self.spec.services.append(svc)

    def action(self, k, handler):
        a = Action(("h" if handler else "x") + str(k), handler)
        if self.chance(0.15):
            a.guard = self.pick(GUARDS)
        if not handler:
            a.repeatable = self.chance(0.12 if self.acyclic else 0.4)
        return a

    def reachable(self, reader):
        """The services reader may refer to, one group of them picked at random: itself (rarely),
        earlier services, or (in a spec that may have cycles) later ones."""
        k = self.spec.services.index(reader)
        earlier, later = self.spec.services[:k], self.spec.services[k + 1:]
        r = self.rng.random()
        if r < 0.08:
            return [reader]
        if later and not self.acyclic and (r < 0.3 or not earlier):
            return later
        return earlier

    # ---- values

    def member_for(self, reader, target):
        """A member selector for a reference from reader to target: one member, every member, or
        (from the same group) the same member."""
        size = self.size(target)
        if size is None:
            return None
        return self.pick(self.member_forms(reader, target.host, size))

    def member_forms(self, reader, host, size, unindexed=True):
        """Member selectors of a group of `size` on `host` from reader (None: from no service)."""
        forms = ["*", self.rng.randrange(size)]
        if unindexed and reader is not None and reader.host == host:
            forms += [None, None]
        if reader is not None and self.size(reader) is not None and self.chance(0.15):
            forms.append(self.pick(("index", "count - 1")))
        return forms

    def output_ref(self, reader, services):
        """A reference to an output of one of `services`, or None when they have none."""
        choices = [(s, o) for s in services for o in s.outputs]
        if not choices:
            return None
        s, o = self.pick(choices)
        return Expr("out", service=s.name, member=self.member_for(reader, s), output=o.name)

    def address(self, reader):
        """`host.address`, or the address of a member or of every member of a host."""
        host = self.pick(self.spec.hosts)
        if self.chance(0.4):
            return Expr("attr", service="host")
        if host.size is None:
            return Expr("attr", service=host.name)
        member = self.pick(self.member_forms(reader, host.name, host.size, unindexed=False))
        return Expr("attr", service=host.name, member=member)

    def inputs(self, svc):
        for k in range(self.rng.choice((0, 1, 1, 2, 3))):
            if k and self.chance(0.15):
                expr = Expr("input", text=self.pick(i.name for i in svc.inputs))
            else:
                expr = self.output_ref(svc, self.reachable(svc)) or Expr("const", text="k")
            svc.inputs.append(Input(f"i{k}", expr))

    def refers_earlier(self, svc, expr):
        """Whether expr reads only services declared before svc (so that static outputs have no
        evaluation cycle)."""
        if expr.kind == "input":
            return self.refers_earlier(svc, next(i for i in svc.inputs if i.name == expr.text).expr)
        if expr.kind == "out":
            names = [s.name for s in self.spec.services]
            return names.index(expr.service) < names.index(svc.name)
        return True

    def word(self, svc, static_output=False):
        """One value of a command, a capture or a static output."""
        r = self.rng.random()
        if r < 0.08:
            return Expr("index")
        if r < 0.12:
            return Expr("const", text="w")
        if r < 0.16:
            return self.address(svc)
        if r < 0.6 and svc.inputs:
            candidates = [Expr("input", text=i.name) for i in svc.inputs]
        else:
            ref = self.output_ref(svc, self.reachable(svc))
            candidates = [ref] if ref else []
        if static_output:
            candidates = [c for c in candidates if self.refers_earlier(svc, c)]
        return self.pick(candidates) if candidates else Expr("index")

    def value_guards(self, svc):
        """Now and then, a guard comparing an input that holds one output with a text it may hold."""
        captured = self.chance(0.15)  # then E0304: a guard is decided at compile time
        scalars = [i.name for i in svc.inputs if i.expr.kind == "out" and i.expr.member != "*"
                   and (i.expr.output == "c0") == captured]
        for a in svc.actions:
            if scalars and self.chance(0.08):
                a.guard = f'{self.pick(scalars)} == "{self.pick(("o", "o-0", "o-1", "o-w"))}"'

    def values(self):
        for svc in self.spec.services:
            self.inputs(svc)
            self.value_guards(svc)
        for svc in self.spec.services:
            for o in svc.outputs:
                n = self.rng.choice((0, 0, 1, 2)) if not o.captured else self.rng.choice((0, 0, 0, 1))
                o.parts = [self.word(svc, static_output=not o.captured) for _ in range(n)]
            for a in svc.actions:
                a.words = [self.word(svc) for _ in range(self.rng.choice((0, 1, 1, 2)))]

    # ---- targets

    def deploy_actions(self, svc):
        return [a for a in svc.actions if not a.handler]

    def exists(self, svc, action, member):
        """Whether the action exists on the member(s) a selector names (roughly, for expressions)."""
        a = next(a for a in svc.actions if a.name == action)
        members = range(self.size(svc) or 1) if member in (None, "*") or isinstance(member, str) else [member]
        has = [guard_holds(a.guard, m) for m in members]
        return any(has) if member == "*" else all(has)

    def target(self, reader, services):
        """A target of `after` (reader: the service whose action it is) or `order` (reader None):
        the whole service, one member, every member, with or without an action, as it exists."""
        svc = self.pick(services)
        size = self.size(svc)
        named = self.deploy_actions(svc) and self.chance(0.6)
        if size is None:
            member = None
        else:
            forms = self.member_forms(reader, svc.host, size, unindexed=False)
            if not named or (reader is not None and reader.host == svc.host):
                forms.append(None)
            member = self.pick(forms)
        action = None
        if named:
            pool = svc.actions if self.chance(0.25) else self.deploy_actions(svc)  # a handler, now and then
            actions = [a.name for a in pool if self.exists(svc, a.name, member)]
            action = self.pick(actions) if actions else None
        if action is None and member is None and size is not None and reader is None:
            member = "*"
        return Target(svc.name, member, action)

    def afters(self):
        for svc in self.spec.services:
            for a in svc.actions:
                if self.chance(0.1 if a.handler else 0.22):
                    services = [s for s in self.reachable(svc) if self.deploy_actions(s)]
                    if self.acyclic:
                        services = [s for s in services if s is not svc]
                    for _ in range(self.rng.choice((1, 1, 2))):
                        if services:
                            t = self.target(svc, services)
                            if not (t.service == svc.name and t.action == a.name):
                                a.after.append(t)

    def any_member(self, target, svc, forms=None):
        """Names one member or every member of a replicated service (an event's emitter or subscriber)."""
        if self.size(svc) is not None:
            target.member = self.pick(forms or ["*", self.rng.randrange(self.size(svc))])
        return target

    def events(self):
        handlers = [(s, h) for s in self.spec.services for h in s.actions if h.handler]
        emitters = [s for s in self.spec.services if self.deploy_actions(s)]
        for _ in range(self.rng.choice((0, 1, 1, 2, 3)) if handlers and emitters else 0):
            sub_svc, h = self.pick(handlers)
            if self.chance(0.1):  # a handler's own events
                emit_svc, emit_action = self.pick(handlers)
            else:
                emit_svc = self.pick(emitters)
                emit_action = self.pick(self.deploy_actions(emit_svc))
            emitter = Target(emit_svc.name, None, emit_action.name)
            subscriber = Target(sub_svc.name, None, h.name)
            paired = emit_svc.host == sub_svc.host and self.size(sub_svc) is not None and self.chance(0.6)
            if not paired:
                self.any_member(emitter, emit_svc)
                self.any_member(subscriber, sub_svc)
            self.spec.events.append(Event(emitter, self.pick(EVENTS), subscriber))
        # Most handlers subscribed: an event for most of those that none names.
        for s, h in handlers:
            named = any(e.subscriber.service == s.name and e.subscriber.action == h.name for e in self.spec.events)
            if not named and emitters and self.chance(0.7):
                e = self.pick(emitters)
                emitter = self.any_member(Target(e.name, None, self.pick(self.deploy_actions(e)).name), e, ["*", 0])
                subscriber = self.any_member(Target(s.name, None, h.name), s, ["*"])
                self.spec.events.append(Event(emitter, self.pick(EVENTS), subscriber))

    def orders(self):
        services = [s for s in self.spec.services if self.deploy_actions(s)]
        for _ in range(self.rng.choice((0, 0, 1, 1, 2)) if len(services) >= 2 else 0):
            if self.acyclic:
                a, b = sorted(self.rng.sample(range(len(services)), 2))
                first, then = [services[a]], [services[b]]
            else:
                first, then = [self.pick(services)], [self.pick(services)]
            self.spec.orders.append(Order([self.target(None, first) for _ in range(self.rng.choice((1, 1, 2)))],
                                          [self.target(None, then) for _ in range(self.rng.choice((1, 1, 2)))]))

    # ---- one mistake

    def inject_mistake(self):
        getattr(self, "mistake_" + self.mistake)()

    def unused_input(self, svc, expr):
        svc.inputs.append(Input("bad", expr))

    def mistake_E0313(self):
        """A captured output on a service whose guards remove every deploy action of a member."""
        svc = self.pick(self.spec.services)
        if not any(o.captured for o in svc.outputs):
            svc.outputs.append(Output("c0", True))
        for a in self.deploy_actions(svc):
            a.guard = "index == 1" if self.size(svc) is None else self.pick(("index == 1", "!first"))

    def mistake_E0404(self):
        """An unindexed reference to a replicated service from elsewhere: an input or an `order`."""
        groups = [s for s in self.spec.services if self.size(s) is not None]
        if not groups:
            return self.mistake_E0406()
        target = self.pick(groups)
        elsewhere = [s for s in self.spec.services if s.host != target.host]
        if target.outputs and elsewhere and self.chance(0.5):
            self.unused_input(self.pick(elsewhere), Expr("out", service=target.name, output=target.outputs[0].name))
        elif self.deploy_actions(target):
            t = Target(target.name, None, self.pick(self.deploy_actions(target)).name)
            self.spec.orders.append(Order([t], [Target(self.pick(self.spec.services).name)]))

    def mistake_E0405(self):
        """An input reading a member beyond the group."""
        groups = [s for s in self.spec.services if self.size(s) is not None and s.outputs]
        if not groups:
            return self.mistake_E0406()
        s = self.pick(groups)
        beyond = self.size(s) + self.rng.randint(0, 2)
        self.unused_input(self.pick(self.spec.services), Expr("out", service=s.name, member=beyond, output=s.outputs[0].name))

    def mistake_E0406(self):
        """An input reading a member of a service that is not replicated."""
        plain = [s for s in self.spec.services if self.size(s) is None]
        s = self.pick(plain) if plain else self.spec.services[0]
        if self.size(s) is not None:
            return
        s.outputs.append(Output("o9", False))
        self.unused_input(self.pick(self.spec.services), Expr("out", service=s.name, member=0, output="o9"))

    def mistake_E0407(self):
        """An `order` naming an action on a member whose guard removes it."""
        s = self.pick(self.spec.services)
        size = self.size(s)
        if size is None:
            guard, member = "index == 1", None
        else:
            guard, member = ("first", size - 1) if size > 1 else ("!first", 0)
        s.actions.append(Action("x9", guard=guard))
        self.spec.orders.append(Order([Target(s.name, member, "x9")], [Target(self.pick(self.spec.services).name)]))

    def mistake_E0503(self):
        """An event subscribing a deploy action."""
        s = self.pick(self.spec.services)
        s.actions.append(Action("x8"))
        emitters = [t for t in self.spec.services if self.deploy_actions(t)]
        e = self.pick(emitters)
        member = None if self.size(e) is None else 0
        sub_member = None if self.size(s) is None else 0
        self.spec.events.append(Event(Target(e.name, member, self.deploy_actions(e)[0].name), "changed",
                                      Target(s.name, sub_member, "x8")))

    def build(self):
        self.hosts()
        self.services()
        self.values()
        self.afters()
        self.events()
        self.orders()
        if self.mistake:
            self.inject_mistake()
        return self.spec


def generate(seed, pending=()):
    """The spec of a seed and its expected result; specs that reach a corner the docs leave open
    are replaced by the next sub-seed. Returns (spec, expected, attempts)."""
    for attempt in range(100):
        spec = Generator(f"{seed}/{attempt}").build()
        try:
            return spec, expect(spec, pending), attempt
        except Ambiguous:
            continue
    raise RuntimeError(f"seed {seed}: no usable spec in 100 attempts")


def expected_json(exp):
    """The expected result as data (for reading, and for --out)."""
    return {
        "errors": sorted(exp.errors), "warnings": sorted(exp.warnings), "steps": exp.steps,
        "levels": exp.levels, "waits": {k: sorted(v) for k, v in exp.waits.items()},
        "triggers": {k: sorted(v) for k, v in exp.triggers.items()}, "captures": exp.captures,
        "splits": sorted([a, sorted(c)] for a, c in exp.splits), "kinds": sorted(exp.kinds),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", default="0")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--pending", default="", help="rules of oracle.RULES whose old behaviour to expect")
    ap.add_argument("--out", help="write N.baton and N.json here instead of printing")
    args = ap.parse_args()
    pending = [r for r in args.pending.split(",") if r]
    for n in range(args.count):
        spec, exp, _ = generate(f"{args.seed}:{n}", pending)
        text, data = spec_text(spec), json.dumps(expected_json(exp), indent=1)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, f"{n}.baton"), "w") as f:
                f.write(text)
            with open(os.path.join(args.out, f"{n}.json"), "w") as f:
                f.write(data + "\n")
        else:
            print(f"// spec {args.seed}:{n}\n{text}// expected\n{data}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
