# The expected plan of a generated spec, computed from the rules of docs/semantics.md (never from baton).
#
# Rules that the project decided but baton may not implement yet can be switched to the old
# behaviour with `pending` (see RULES): the oracle then expects what baton did before.
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from spec_model import Expr, Spec, Target, value_guard

# Rules baton may not follow yet, whose old behaviour can be expected instead (--pending): the
# rules decided for the contested corners (1, 2, 3), and the divergences from the docs this test
# found (the others).
RULES = {
    "1": "a split at a repeatable action R is impossible when the rest of R's cycle uses a capture of "
         "R's instance, even if R is not its last deploy action; the capture is taken after the later "
         "of the last deploy action and R#1 (old: only when R is the last deploy action)",
    "2": "a handler triggered only by `failed` events that reads a capture which cannot exist when it "
         "runs is a compile-time error E05xx (old: accepted)",
    "3": "reading a static output of one's own service, any member, makes no edge (old: peers wait "
         "for each other)",
    "handler-seq": "a handler waits for its own service's last deploy action (sequence) unless an event "
                   "of that action already triggers it (old: the sequence edge is left out only when the "
                   "trigger that adds it is an event of that very action)",
    "handler-of-skipped": "a handler whose every trigger is an event of a handler that is not a step (it "
                          "can never run) is not a step either (old: a step with no trigger)",
    "levels-of-steps": "a step's level is one more than the highest level of the steps it waits for (old: "
                       "a handler that is not a step still passes its position on to what comes after it)",
    "guarded-handler": "an `after` or `order` target naming a handler that a guard removes on the member it "
                       "names is E0407, as for a deploy action (old: ignored)",
    "capture-order": "a capture whose command uses a captured output of its own instance that is not taken "
                     "before it (itself, or one declared after it) is an error (old: accepted; the value "
                     "is empty, or the step fails when it runs)",
}

# The kinds of construct (Oracle.kind) of a spec on which each rule may change the outcome.
RULE_KINDS = {
    "1": {"split", "E0501", "E0502"},
    "2": {"failed-handler-reads-missing-capture"},
    "3": {"own-service-static-read"},
    "handler-seq": {"handler-triggered-by-its-last-action"},
    "handler-of-skipped": {"handler-emitter-never-runs"},
    "levels-of-steps": {"step-after-skipped-handler"},
    "capture-order": {"capture-reads-itself-or-later"},
    "guarded-handler": {"target-handler-guarded-away"},
}

# Errors whose code is not decided: any new E05xx (rule 2), any error at all (capture-order).
NEW_E05 = "E05xx"
ANY_ERROR = "Exxxx"
KNOWN_E05 = {"E0501", "E0502", "E0503"}


def code_matches(token, code):
    """Whether an actual code is what an expected code or token stands for."""
    if token == NEW_E05:
        return code.startswith("E05") and code not in KNOWN_E05
    if token == ANY_ERROR:
        return code.startswith("E")
    return token == code


def codes_match(expected, actual):
    """Whether baton's codes are the expected ones, each token matched by some code of its own."""
    tokens = expected & {NEW_E05, ANY_ERROR}
    explicit = expected - tokens
    rest = actual - explicit
    if not explicit <= actual:
        return False
    return (all(any(code_matches(t, c) for t in tokens) for c in rest)
            and all(any(code_matches(t, c) for c in rest) for t in tokens))


class Ambiguous(Exception):
    """The spec reaches a corner the docs leave open: it is not used."""


@dataclass
class Instance:
    index: int
    service: object          # spec_model.Service
    member: Optional[int]    # None on a plain host
    label: str


@dataclass
class Node:
    inst: int
    action: int
    occ: Optional[int] = None   # 0 or 1 for the two runs of a split action


@dataclass
class Edge:
    frm: int
    to: int
    kind: str
    capture: bool = False    # data: the waiting step needs a captured output of frm's instance
    static: bool = False     # data: the waiting step reads a static output (or orders after it)


@dataclass
class Expected:
    """What baton must say about a spec; only the codes when errors are expected."""
    errors: Set[str] = field(default_factory=set)
    warnings: Set[str] = field(default_factory=set)
    steps: List[str] = field(default_factory=list)                 # labels in plan order
    levels: Dict[str, int] = field(default_factory=dict)
    waits: Dict[str, Set[Tuple[str, str]]] = field(default_factory=dict)
    triggers: Dict[str, Set[Tuple[str, str]]] = field(default_factory=dict)
    handlers: Set[str] = field(default_factory=set)
    captures: Dict[str, str] = field(default_factory=dict)         # "g[0].c" -> label of the step
    splits: Set[Tuple[str, frozenset]] = field(default_factory=set)
    argv: Dict[str, List[tuple]] = field(default_factory=dict)     # label -> words (segment tuples)
    capture_argv: Dict[str, List[tuple]] = field(default_factory=dict)
    hazards: Set[str] = field(default_factory=set)  # pending rules the spec breaks: its script may fail
    kinds: Set[str] = field(default_factory=set)                   # constructs the spec exercised

    def outcome(self):
        """Everything baton is compared on, for telling whether two expectations differ."""
        return (self.errors, self.warnings, self.steps, self.levels, self.waits, self.triggers,
                self.captures, self.splits)

    @property
    def n_levels(self):
        return 1 + max(self.levels.values()) if self.levels else 0


def guard_holds(guard: Optional[str], member: Optional[int]) -> bool:
    """Whether a guard on the member's position holds (a guard on an input's value: maybe)."""
    if value_guard(guard):
        return True
    index = member or 0
    return {None: True, "first": index == 0, "!first": index != 0, "index == 1": index == 1}[guard]


def join(values):
    """A list's items as one value, separated by commas (`join(list, ",")`)."""
    out = []
    for k, v in enumerate(values):
        if k:
            out.append(",")
        out.extend(v)
    return tuple(out)


class Oracle:
    def __init__(self, spec: Spec, pending=()):
        self.spec = spec
        self.pending = set(pending)
        self.exp = Expected()
        self.instances: List[Instance] = []
        self.by_service: Dict[str, List[int]] = {}
        self.nodes: List[Node] = []
        self.node_of: Dict[Tuple[int, int], int] = {}
        self.first: Dict[int, int] = {}
        self.last: Dict[int, int] = {}
        self.edges: List[Edge] = []
        self.node_caps: Dict[int, Set[str]] = {}        # node -> capture labels its command uses
        self.capcmd_caps: Dict[int, Set[str]] = {}      # instance -> capture labels its captures use
        self.node_words: Dict[int, List[tuple]] = {}
        self.triggers: Dict[int, Set[Tuple[int, str]]] = {}
        self.second: Dict[int, int] = {}                # split node -> its #1
        self.capture_owner: Dict[str, int] = {}         # capture label -> instance
        self.split_records: List[Tuple[int, Set[int]]] = []  # (split node, its component)

    def active(self, rule):
        """Whether the rule is expected (else its old behaviour: it is pending)."""
        return rule not in self.pending

    def kind(self, name):
        """Records that the spec exercises a kind of construct (see check_semantics.KINDS)."""
        self.exp.kinds.add(name)

    # ---- instances and nodes

    def expand(self):
        for s in self.spec.services:
            size = self.spec.host(s.host).size
            members = [None] if size is None else list(range(size))
            self.by_service[s.name] = []
            for m in members:
                label = s.name if m is None else f"{s.name}[{m}]"
                self.by_service[s.name].append(len(self.instances))
                self.instances.append(Instance(len(self.instances), s, m, label))
                for o in s.outputs:
                    if o.captured:
                        self.capture_owner[f"{label}.{o.name}"] = len(self.instances) - 1

    def subscribed(self, service, action):
        return any(e.subscriber.service == service and e.subscriber.action == action for e in self.spec.events)

    def create_nodes(self):
        for s in self.spec.services:
            for a in s.actions:
                if a.handler and not self.subscribed(s.name, a.name):
                    self.exp.warnings.add("W0501")
                    self.kind("handler-never-triggered")
        for inst in self.instances:
            for k, a in enumerate(inst.service.actions):
                if a.handler and not self.subscribed(inst.service.name, a.name):
                    continue
                if not self.guard_holds(a.guard, inst):
                    self.kind("guarded-away")
                    continue
                n = len(self.nodes)
                self.nodes.append(Node(inst.index, k))
                self.node_of[(inst.index, k)] = n
                if not a.handler:
                    self.first.setdefault(inst.index, n)
                    self.last[inst.index] = n
        for s in self.spec.services:
            if any(o.captured for o in s.outputs) and any(i not in self.last for i in self.by_service[s.name]):
                self.error("E0313")

    def guard_holds(self, guard, inst):
        """Whether the action exists on the instance. A guard on an input is decided at compile time:
        a captured value there is an error (E0304), and an erroneous guard keeps its action."""
        compared = value_guard(guard)
        if not compared:
            return guard_holds(guard, inst.member)
        self.kind("guard-on-input")
        value, _ = self.eval(Expr("input", text=compared[0]), inst)
        if value is None:
            return True
        if any(not isinstance(seg, str) for seg in value):
            self.error("E0304")
            return True
        return "".join(value) == compared[1]

    def action(self, n):
        node = self.nodes[n]
        return self.instances[node.inst].service.actions[node.action]

    def label(self, n):
        node = self.nodes[n]
        occ = "" if node.occ is None else f"#{node.occ}"
        return f"{self.instances[node.inst].label}.{self.action(n).name}{occ}"

    def decl_key(self, n):
        node = self.nodes[n]
        return (node.inst, node.action, -1 if node.occ is None else node.occ)

    # ---- values

    def member_index(self, member, scope: Optional[Instance]):
        """The member an index names: an int, or `index` / `count - 1` of the reader."""
        if not isinstance(member, str):
            return member
        self.kind("member-expression")
        size = self.spec.host(scope.service.host).size if scope else None
        return scope.member or 0 if member == "index" else (size or 1) - 1

    def error(self, code):
        """Records an error; None, for what has no value because of it."""
        self.exp.errors.add(code)
        self.kind(code)
        return None

    def members(self, size, member, scope: Optional[Instance], same_group, named_action=True):
        """The positions a member selector names in a group of `size` (None: a plain host), or None
        (an error, recorded)."""
        if size is None:
            if member is not None:
                return self.error("E0406")
            return [None]
        if member is None:
            if same_group:
                return [scope.member]
            if not named_action:
                return list(range(size))
            return self.error("E0404")
        if member == "*":
            return list(range(size))
        k = self.member_index(member, scope)
        if not 0 <= k < size:
            return self.error("E0405")
        return [k]

    def ref_members(self, service_name, member, scope: Optional[Instance], named_action=True):
        """The instances a reference or target names, or None (an error, recorded)."""
        svc = self.spec.service(service_name)
        same_group = scope is not None and scope.service.host == svc.host
        ks = self.members(self.spec.host(svc.host).size, member, scope, same_group, named_action)
        if ks is None:
            return None
        return [self.by_service[service_name][k or 0] for k in ks]

    def address(self, expr: Expr, inst: Instance):
        """`host.address`, `g[1].address`, `g[*].address`: known at compile time, no edge."""
        self.kind("host-attribute")
        if expr.service == "host":
            return (self.host_address(inst.service.host, inst.member),)
        host = self.spec.host(expr.service)
        same_group = inst.service.host == host.name
        ks = self.members(host.size, expr.member, inst, same_group)
        if ks is None:
            return None
        values = [(self.host_address(host.name, k),) for k in ks]
        return values if expr.member == "*" else values[0]

    def host_address(self, host, member):
        return host if member is None else f"{host}{member}"

    def output_value(self, j, out):
        inst = self.instances[j]
        if out.captured:
            return (("cap", f"{inst.label}.{out.name}"),)
        parts = ["o"]
        for p in out.parts:
            v, _ = self.eval(p, inst)
            if v is None:
                return None
            parts += ["-", *(join(v) if isinstance(v, list) else v)]
        return tuple(parts)

    def eval(self, expr: Expr, inst: Instance):
        """(value, refs): a value is a tuple of segments (text, or ("cap", label)) or a list of them;
        refs are the (instance, static?) pairs of the outputs read. None for an error."""
        if expr.kind == "const":
            return (expr.text,), set()
        if expr.kind == "index":
            return (str(inst.member or 0),), set()
        if expr.kind == "input":
            inp = next(i for i in inst.service.inputs if i.name == expr.text)
            return self.eval(inp.expr, inst)
        if expr.kind == "attr":
            return self.address(expr, inst), set()
        members = self.ref_members(expr.service, expr.member, inst)
        if members is None:
            return None, set()
        out = next(o for o in self.spec.service(expr.service).outputs if o.name == expr.output)
        refs = {(j, not out.captured) for j in members}
        values = [self.output_value(j, out) for j in members]
        if any(v is None for v in values):
            return None, refs
        return (values if expr.member == "*" else values[0]), refs

    def word_value(self, expr, inst):
        v, refs = self.eval(expr, inst)
        if v is not None and isinstance(v, list):
            v = join(v)
        return v, refs

    def dependencies(self, exprs, inst: Instance, with_captures=True):
        """The values of `exprs` and what they need: {instance: (needs a capture, reads static)}
        without `inst` itself, and the capture labels they hold."""
        values, needs, caps = [], {}, set()
        for e in exprs:
            v, refs = self.word_value(e, inst)
            values.append(v)
            for j, static in refs:
                own_service = self.instances[j].service is inst.service
                if static and own_service and j != inst.index:
                    self.kind("own-service-static-read")
                if static and own_service and self.active("3"):
                    continue
                if not static and own_service and j != inst.index:
                    self.kind("peer-capture-read")
                cap, st = needs.get(j, (False, False))
                needs[j] = (cap, True) if static else (cap, st)
            for seg in v or ():
                if isinstance(seg, tuple) and with_captures:
                    caps.add(seg[1])
                    j = self.capture_owner[seg[1]]
                    if all(r != j for r, _ in refs):
                        self.kind("carried-capture")
                    needs[j] = (True, needs.get(j, (False, False))[1])
        needs.pop(inst.index, None)
        return values, needs, caps

    # ---- edges

    def edge(self, frm, to, kind, capture=False, static=False):
        if frm is not None and to is not None:
            self.edges.append(Edge(frm, to, kind, capture, static))

    def data_edges(self, needs, to):
        for j, (cap, static) in sorted(needs.items()):
            self.edge(self.last.get(j), to, "data", cap, static or not cap)

    def target_nodes(self, t: Target, scope: Optional[Instance], whole="last", role="after"):
        """The nodes a target of `after`, `order`, or an event ("emitter", "subscriber") names;
        (nodes, guarded away). Errors are recorded, except a guarded-away emitter (a warning,
        returned) or subscriber (nothing to trigger there)."""
        members = self.ref_members(t.service, t.member, scope, named_action=t.action is not None)
        if members is None:
            return [], False
        if t.action is None:
            table = self.last if whole == "last" else self.first
            return [table[i] for i in members if i in table], False
        k = next(i for i, a in enumerate(self.spec.service(t.service).actions) if a.name == t.action)
        nodes = [self.node_of[(i, k)] for i in members if (i, k) in self.node_of]
        missing = len(nodes) < len(members)
        explicit = t.member != "*" and len(members) == 1
        if missing and (explicit or not nodes):
            if role == "emitter":
                return nodes, True
            target = self.spec.service(t.service).actions[k]
            if target.handler and role != "subscriber" and self.subscribed(t.service, t.action):
                self.kind("target-handler-guarded-away")
            if target.handler and (role == "subscriber" or not self.subscribed(t.service, t.action)
                                   or not self.active("guarded-handler")):
                return nodes, False  # a handler no event names is not in the graph at all (W0501)
            if not nodes and not explicit:
                raise Ambiguous("a [*] target whose action no member has")
            self.error("E0407")
        return nodes, False

    def instance_edges(self, inst: Instance):
        prev = None
        for k, a in enumerate(inst.service.actions):
            n = self.node_of.get((inst.index, k))
            if n is None:
                continue
            if not a.handler:
                self.edge(prev, n, "sequence")
                prev = n
            values, needs, caps = self.dependencies(a.words, inst)
            self.node_words[n] = values
            self.node_caps[n] = caps
            self.data_edges(needs, n)
            own = {c for c in caps if self.capture_owner[c] == inst.index}
            if own and not a.handler:
                self.kind("own-capture-in-deploy")
                self.edge(self.last[inst.index], n, "data", capture=True)
            for t in a.after:
                for m in self.target_nodes(t, inst)[0]:
                    if self.action(m).handler:
                        self.kind("after-handler")
                    self.edge(m, n, "after")
        self.capture_edges(inst)
        self.static_output_errors(inst)
        self.unused_input_edges(inst)

    def undecided_error(self, rule, token):
        """An error of a rule whose code is not decided; its old behaviour when the rule is pending."""
        if self.active(rule):
            self.exp.errors.add(token)
        else:
            self.exp.hazards.add(rule)

    def capture_edges(self, inst):
        self.capcmd_caps[inst.index] = set()
        captured = [f"{inst.label}.{o.name}" for o in inst.service.outputs if o.captured]
        for o in inst.service.outputs:
            if o.captured:
                values, needs, caps = self.dependencies(o.parts, inst)
                position = captured.index(f"{inst.label}.{o.name}")
                own = [captured.index(c) for c in caps if self.capture_owner[c] == inst.index]
                if any(k < position for k in own):
                    self.kind("capture-reads-earlier-capture")
                if any(k >= position for k in own):
                    self.kind("capture-reads-itself-or-later")
                    self.undecided_error("capture-order", ANY_ERROR)
                self.exp.capture_argv[f"{inst.label}.{o.name}"] = values
                self.capcmd_caps[inst.index] |= caps
                if needs:
                    self.kind("capture-command-uses-output")
                self.data_edges(needs, self.last.get(inst.index))

    def static_output_errors(self, inst):
        if inst.index == self.by_service[inst.service.name][0]:
            for o in inst.service.outputs:
                if not o.captured:
                    self.output_value(inst.index, o)

    def used_inputs(self, service):
        used, work = set(), [w for a in service.actions for w in a.words]
        work += [p for o in service.outputs for p in o.parts]
        while work:
            e = work.pop()
            if e.kind == "input" and e.text not in used:
                used.add(e.text)
                work.append(next(i for i in service.inputs if i.name == e.text).expr)
        return used

    def unused_input_edges(self, inst):
        used = self.used_inputs(inst.service)
        for i in inst.service.inputs:
            if i.name in used:
                continue
            _, needs, _ = self.dependencies([i.expr], inst, with_captures=False)
            if needs:
                self.kind("unused-input")
            for j in needs:
                self.edge(self.last.get(j), self.first.get(inst.index), "data", static=True)

    def event_edges(self, ev):
        emitter_svc = self.spec.service(ev.emitter.service)
        sub_svc = self.spec.service(ev.subscriber.service)
        sub = next(a for a in sub_svc.actions if a.name == ev.subscriber.action)
        self.kind("event-" + ev.kind)
        paired = (emitter_svc.host == sub_svc.host and self.spec.host(sub_svc.host).size is not None
                  and ev.emitter.member is None and ev.subscriber.member is None)
        if not sub.handler:
            self.error("E0503")
            scope = self.instances[self.by_service[emitter_svc.name][0]] if paired else None
            self.target_nodes(ev.emitter, scope, role="emitter")
            return
        if paired:
            self.kind("paired-event")
            fired = False
            for k in range(self.spec.host(sub_svc.host).size):
                scope = self.instances[self.by_service[emitter_svc.name][k]]
                frm, _ = self.target_nodes(ev.emitter, scope, role="emitter")
                to, _ = self.target_nodes(ev.subscriber, scope, role="subscriber")
                self.triggers_between(frm, to, ev.kind)
                fired = fired or bool(frm)
            if not fired:
                self.exp.warnings.add("W0401")
            return
        frm, away = self.target_nodes(ev.emitter, None, role="emitter")
        to, _ = self.target_nodes(ev.subscriber, None, role="subscriber")
        if away:
            self.exp.warnings.add("W0401")
            self.kind("event-never-fires")
        self.triggers_between(frm, to, ev.kind)

    def triggers_between(self, frm, to, kind):
        for f in frm:
            for t in to:
                self.edge(f, t, "event")
                self.triggers.setdefault(t, set()).add((f, kind))

    def handler_sequence_edges(self):
        """A handler with an event other than `failed` also waits for its service's last deploy action."""
        for h, trig in self.triggers.items():
            own = self.last.get(self.nodes[h].inst)
            if own is None:
                continue
            if any(f == own for f, _ in trig):
                self.kind("handler-triggered-by-its-last-action")
            if self.active("handler-seq"):
                if any(k != "failed" for _, k in trig) and all(f != own for f, _ in trig):
                    self.edge(own, h, "sequence")
            elif any(k != "failed" and f != own for f, k in trig):
                self.edge(own, h, "sequence")

    def order_edges(self, o):
        first = [n for t in o.first for n in self.target_nodes(t, None, "last")[0]]
        then = [n for t in o.then for n in self.target_nodes(t, None, "first")[0]]
        for f in first:
            for t in then:
                self.edge(f, t, "order")

    # ---- cycles

    def components(self, dead):
        """Strongly connected components (Tarjan) of the live nodes."""
        succ = {n: [] for n in range(len(self.nodes)) if n not in dead}
        for e in self.edges:
            if e.frm in succ and e.to in succ:
                succ[e.frm].append(e.to)
        index, low, stack, on, comps = {}, {}, [], set(), []

        def visit(v):
            index[v] = low[v] = len(index)
            stack.append(v)
            on.add(v)
            for w in succ[v]:
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                comp = set()
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                comps.append(comp)

        for v in succ:
            if v not in index:
                visit(v)
        loops = {e.frm for e in self.edges if e.frm == e.to and e.frm in succ}
        return [c for c in comps if len(c) > 1 or next(iter(c)) in loops]

    def uses_capture_of(self, n, inst):
        return any(self.capture_owner[c] == inst for c in self.node_caps.get(n, ()))

    def needs_capture_of(self, n, inst):
        """n's command uses a capture of inst, or n is its instance's last deploy action and one of
        its instance's captures uses it."""
        if self.uses_capture_of(n, inst):
            return True
        own = self.nodes[n].inst
        return self.last.get(own) == n and any(self.capture_owner[c] == inst for c in self.capcmd_caps[own])

    def split_blocked(self, r, comp):
        """Whether splitting comp at r would need a run-time value before it exists."""
        inst = self.nodes[r].inst
        for e in self.edges:
            if e.to == r and e.kind == "data" and e.frm in comp and self.uses_capture_of(r, self.nodes[e.frm].inst):
                self.kind("split-blocked-first-run")
                return True
        if self.active("1"):
            rest = [n for n in comp if n != r and self.needs_capture_of(n, inst)]
        else:
            rest = [e.to for e in self.edges if e.frm == r and e.to != r and e.to in comp and e.kind == "data"
                    and self.needs_capture_of(e.to, inst)]
        if rest:
            self.kind("split-blocked-own-capture" + ("" if self.last.get(inst) == r else "-not-last"))
        return bool(rest)

    def split_cycles(self):
        dead = set()
        for round_ in range(len(self.nodes) + 1):
            cyclic = sorted(self.components(dead), key=lambda c: min(map(self.decl_key, c)))
            if not cyclic:
                return not dead
            splits = []
            for comp in cyclic:
                if round_:
                    self.kind("cycle-left-after-split")
                r = self.choose_split(comp)
                if r is None:
                    dead |= comp
                else:
                    splits.append((r, comp))
            self.apply_splits(splits)

    def choose_split(self, comp):
        blocked = False
        for n in sorted(comp, key=self.decl_key):
            a = self.action(n)
            if not a.repeatable or a.handler or self.nodes[n].occ is not None:
                continue
            if self.split_blocked(n, comp):
                blocked = True
                continue
            return n
        return self.error("E0502" if blocked else "E0501")

    def apply_splits(self, splits):
        comp_of = {n: k for k, (_, comp) in enumerate(splits) for n in comp}
        for r, _ in splits:
            self.nodes[r].occ = 0
            self.second[r] = len(self.nodes)
            self.nodes.append(Node(self.nodes[r].inst, self.nodes[r].action, 1))
            self.node_caps[self.second[r]] = self.node_caps.get(r, set())
            self.node_words[self.second[r]] = self.node_words.get(r, [])
        split_at = {r: self.second[r] for r, _ in splits}
        same = lambda a, b: a in comp_of and comp_of.get(a) == comp_of.get(b)  # noqa: E731
        for e in self.edges:
            frm, to = e.frm, e.to
            if frm == to:
                continue
            if to in split_at and same(frm, to):
                e.to = split_at[to]
            if frm in split_at and not same(frm, to):
                e.frm = split_at[frm]
        for h, trig in self.triggers.items():
            if any(f in split_at for f, _ in trig):
                self.kind("trigger-by-split-action-in-its-cycle" if any(same(f, h) for f, _ in trig)
                          else "trigger-by-second-run")
            self.triggers[h] = {(split_at[f] if f in split_at and not same(f, h) else f, k) for f, k in trig}
        for r, comp in splits:
            if any(self.action(n).handler for n in comp):
                self.kind("handler-in-split-cycle")
            self.edge(r, split_at[r], "sequence")
            self.split_records.append((r, set(comp)))
            self.kind("split" + ("" if self.last.get(self.nodes[r].inst) == r else "-not-last"))

    # ---- after the splits

    def final(self, n):
        return self.second.get(n, n)

    def reachable(self, n, forward):
        """The nodes after n along the edges (forward), or before it."""
        nexts = {}
        for e in self.edges:
            a, b = (e.frm, e.to) if forward else (e.to, e.frm)
            nexts.setdefault(a, set()).add(b)
        seen, work = set(), [n]
        while work:
            for p in nexts.get(work.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    work.append(p)
        return seen

    def ancestors(self, n):
        return self.reachable(n, False)

    def descendants(self, n):
        return self.reachable(n, True)

    def capture_step(self, inst):
        """The node after which inst's captures are taken."""
        last = self.final(self.last[inst])
        if not self.active("1"):
            return last
        runs = {last} | {self.second[r] for r in self.second if self.nodes[r].inst == inst}
        for c in runs:
            if runs - {c} <= self.ancestors(c):
                if c != last:
                    self.kind("capture-after-split-not-last")
                return c
        raise Ambiguous("no run of the instance comes after all the others: when is it captured?")

    def move_capture_edges(self, steps):
        """Under rule 1 a capture may come after a later step than the last deploy action: readers of
        the capture wait for that step."""
        for e in list(self.edges):
            if e.kind != "data" or not e.capture:
                continue
            inst = self.nodes[e.frm].inst
            step = steps.get(inst)
            if step is None or step == e.frm or self.nodes[e.to].inst == inst:
                continue
            if e.static:
                self.edge(step, e.to, "data", capture=True)
                e.capture = False
            else:
                e.frm = step

    def step_nodes(self):
        """Deploy actions, and the handlers that an event of a step can trigger: a handler that never
        runs reports no event."""
        runs = {n for n in range(len(self.nodes)) if not self.action(n).handler}
        grew = True
        while grew:
            grew = False
            for h, trig in self.triggers.items():
                if h not in runs and any(f in runs for f, _ in trig):
                    runs.add(h)
                    grew = True
        for h, trig in self.triggers.items():
            if any(self.action(f).handler for f, _ in trig):
                self.kind("handler-emitter" if h in runs else "handler-emitter-never-runs")
        steps = runs if self.active("handler-of-skipped") else runs | {h for h, trig in self.triggers.items() if trig}
        for h, trig in self.triggers.items():
            self.triggers[h] = {(f, k) for f, k in trig if f in steps}
        return steps

    def split_labels(self, is_step):
        """Each split's action and the steps of the cycle it broke: its #0, and the other nodes as
        the steps they became (both runs of one split later) that run between its two runs (after
        #0, before #1: a later split may take some out); handlers that are not steps left out."""
        for r, comp in self.split_records:
            between = self.descendants(r) & self.ancestors(self.second[r])
            labels = {self.label(r)}
            for n in comp - {r}:
                for m in ([n, self.second[n]] if n in self.second else [n]):
                    if m in is_step and m in between:
                        labels.add(self.label(m))
            self.exp.splits.add((self.label(r)[:-2], frozenset(labels)))

    def failed_handler_captures(self, steps):
        """Rule 2: a handler run only by `failed` events cannot read a capture that may not exist then."""
        for h, trig in self.triggers.items():
            if not trig or any(k != "failed" for _, k in trig):
                continue
            for c in self.node_caps.get(h, ()):
                producer = steps.get(self.capture_owner[c])
                if producer is None or any(producer not in self.ancestors(f) for f, _ in trig):
                    self.kind("failed-handler-reads-missing-capture")
                    self.undecided_error("2", NEW_E05)

    # ---- the plan

    def levels(self, preds, counts):
        """Longest paths: a node's level is the highest of (level + 1 if counts(it) else level) of its
        predecessors, 0 when it has none."""
        level, pending = {}, list(preds)
        while pending:
            ready = [n for n in pending if all(f in level for f in preds[n])]
            if not ready:
                raise AssertionError("the oracle's graph is cyclic after splitting")
            for n in ready:
                level[n] = max((level[f] + (1 if counts(f) else 0) for f in preds[n]), default=0)
            pending = [n for n in pending if n not in level]
        return level

    def schedule(self, is_step):
        steps = sorted(is_step)
        if any(e.frm not in is_step and e.to in is_step for e in self.edges):
            self.kind("step-after-skipped-handler")
        waits = {n: set() for n in steps}
        for e in self.edges:
            if e.to in is_step and e.frm in is_step and e.frm != e.to:
                waits[e.to].add((e.frm, e.kind))
        if self.active("levels-of-steps"):
            level = self.levels({n: {f for f, _ in w} for n, w in waits.items()}, lambda n: True)
        else:
            preds = {n: set() for n in range(len(self.nodes))}
            for e in self.edges:
                if e.frm != e.to:
                    preds[e.to].add(e.frm)
            level = self.levels(preds, lambda n: n in is_step)
        exp = self.exp
        for n in sorted(steps, key=lambda n: (level[n], self.decl_key(n))):
            lab = self.label(n)
            exp.steps.append(lab)
            exp.levels[lab] = level[n]
            exp.waits[lab] = {(self.label(f), k) for f, k in waits[n]}
            exp.argv[lab] = self.node_words.get(n, [])
            if self.action(n).handler:
                exp.handlers.add(lab)
                exp.triggers[lab] = {(self.label(f), k) for f, k in self.triggers[n]}

    def build_graph(self):
        self.expand()
        self.create_nodes()
        for inst in self.instances:
            self.instance_edges(inst)
        for ev in self.spec.events:
            self.event_edges(ev)
        self.handler_sequence_edges()
        for o in self.spec.orders:
            self.order_edges(o)

    def plan(self):
        """The captures' steps and the schedule, once the cycles are split (nothing after a deadlock)."""
        if not self.split_cycles():
            return
        steps = {i: self.capture_step(i) for i in set(self.capture_owner.values()) if i in self.last}
        if self.active("1"):
            self.move_capture_edges(steps)
        is_step = self.step_nodes()
        self.split_labels(is_step)
        self.failed_handler_captures(steps)
        if self.exp.errors:
            return
        for c, i in self.capture_owner.items():
            self.exp.captures[c] = self.label(steps[i])
        self.schedule(is_step)

    def unused(self):
        """W0204, W0205, W0206 (docs/diagnostics.md): an input its service never reads, a host
        that runs no service and whose address nothing reads, a captured output nothing reads;
        reported only for a spec without errors. The generated params (a group's size) are always read, and there are no secrets."""
        hosts_read, outputs_read = set(), set()
        for s in self.spec.services:
            hosts_read.add(s.host)
            exprs = [i.expr for i in s.inputs] + [p for o in s.outputs for p in o.parts]
            exprs += [w for a in s.actions for w in a.words]
            inputs_read = {e.text for e in exprs if e.kind == "input"}
            inputs_read |= {value_guard(a.guard)[0] for a in s.actions if value_guard(a.guard)}
            if any(i.name not in inputs_read for i in s.inputs):
                self.exp.warnings.add("W0204")
            for e in exprs:
                if e.kind == "attr" and e.service != "host":
                    hosts_read.add(e.service)
                if e.kind == "out":
                    outputs_read.add((e.service, e.output))
        if any(h.name not in hosts_read for h in self.spec.hosts):
            self.exp.warnings.add("W0205")
        if any(o.captured and (s.name, o.name) not in outputs_read
               for s in self.spec.services for o in s.outputs):
            self.exp.warnings.add("W0206")

    def run(self) -> Expected:
        self.build_graph()
        self.plan()
        if not self.exp.errors:
            self.unused()
        if self.exp.errors & {NEW_E05, ANY_ERROR} and len(self.exp.errors) > 1:
            raise Ambiguous("an error of undecided code with others: whether both are reported is open")
        return self.exp


def expect(spec: Spec, pending=()) -> Expected:
    """The expected result of `baton plan` on the spec; raises Ambiguous for an open corner."""
    return Oracle(spec, pending).run()
