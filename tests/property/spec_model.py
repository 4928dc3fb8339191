# The data model of a generated spec (hosts, services, events, orders) and its text as a .baton file.
import copy
import re
from dataclasses import dataclass, field
from typing import List, Optional, Union

# A member selector: None (unindexed), "*" (every member), an int (one member), or an int
# expression of the reader's member: "index" or "count - 1".
Member = Union[None, str, int]


@dataclass
class Expr:
    """A value: a constant word, `index`, an input of the service, an output of a service, or the
    address of a host (`host.address`, `g[1].address`, `g[*].address`)."""
    kind: str                 # "const" | "index" | "input" | "out" | "attr"
    text: str = ""            # the constant, or the input's name
    service: str = ""         # "out": the service read; "attr": the host ("host": the instance's own)
    member: Member = None     # "out": which member
    output: str = ""          # "out": the output read


@dataclass
class Target:
    """What `after`, `order` and `on` name: a service, maybe a member, maybe an action."""
    service: str
    member: Member = None
    action: Optional[str] = None


@dataclass
class Input:
    name: str
    expr: Expr


@dataclass
class Output:
    name: str
    captured: bool
    parts: List[Expr] = field(default_factory=list)  # static: "o-<part>-<part>"; captured: the words of `bcap`


@dataclass
class Action:
    name: str
    handler: bool = False
    guard: Optional[str] = None   # None, "first", "!first", "index == 1", or an input's value: 'i0 == "o-1"'
    repeatable: bool = False
    after: List[Target] = field(default_factory=list)
    words: List[Expr] = field(default_factory=list)  # the arguments of its one command, `bstub`


@dataclass
class Service:
    name: str
    host: str
    inputs: List[Input] = field(default_factory=list)
    outputs: List[Output] = field(default_factory=list)
    actions: List[Action] = field(default_factory=list)


@dataclass
class Host:
    name: str
    size: Optional[int] = None  # None: a plain host
    size_param: bool = False    # the size is a param's default (`param g_size = 3`, `host g[g_size]`)


@dataclass
class Event:
    emitter: Target
    kind: str                   # "changed" | "ok" | "failed"
    subscriber: Target


@dataclass
class Order:
    first: List[Target]
    then: List[Target]


@dataclass
class Spec:
    hosts: List[Host] = field(default_factory=list)
    services: List[Service] = field(default_factory=list)
    events: List[Event] = field(default_factory=list)
    orders: List[Order] = field(default_factory=list)

    def clone(self):
        return copy.deepcopy(self)

    def host(self, name):
        return next((h for h in self.hosts if h.name == name), None)

    def service(self, name):
        return next((s for s in self.services if s.name == name), None)


def value_guard(guard: Optional[str]):
    """(input, text) of a guard that compares an input with a text (`i0 == "o-1"`), else None."""
    match = re.fullmatch(r'(\w+) == "(.*)"', guard or "")
    return match.groups() if match else None


# ---- text

COMMAND = "bstub"   # the command of every action and handler
CAPTURE = "bcap"    # the command of every capture


def member_text(member: Member) -> str:
    return "" if member is None else f"[{member}]"


def is_list_expr(expr: Expr, service: Service) -> bool:
    """Whether the expression is a list (a splat, or an input holding one)."""
    if expr.kind in ("out", "attr"):
        return expr.member == "*"
    if expr.kind == "input":
        inp = next((i for i in service.inputs if i.name == expr.text), None)
        return inp is not None and is_list_expr(inp.expr, service)
    return False


def expr_text(expr: Expr) -> str:
    """The expression as written on the right of `input x =` or inside `${}`."""
    if expr.kind == "const":
        return f'"{expr.text}"'
    if expr.kind == "index":
        return "index"
    if expr.kind == "input":
        return expr.text
    if expr.kind == "attr":
        return f"{expr.service}{member_text(expr.member)}.address"
    return f"{expr.service}{member_text(expr.member)}.{expr.output}"


def interpolation(expr: Expr, service: Service) -> str:
    """The expression as one word of a command or a string: constants as text, lists joined."""
    if expr.kind == "const":
        return expr.text
    inner = expr_text(expr)
    return "${join(" + inner + ', ",")}' if is_list_expr(expr, service) else "${" + inner + "}"


def target_text(t: Target) -> str:
    return t.service + member_text(t.member) + ("" if t.action is None else "." + t.action)


def command_text(head: str, words: List[Expr], service: Service) -> str:
    return " ".join([head] + [interpolation(w, service) for w in words])


def output_text(o: Output, service: Service) -> str:
    if o.captured:
        return f'  output {o.name} = capture "{command_text(CAPTURE, o.parts, service)}"'
    body = "o" + "".join("-" + interpolation(p, service) for p in o.parts)
    return f'  output {o.name} = "{body}"'


def action_text(a: Action, service: Service) -> str:
    words = ["handler" if a.handler else "action", a.name]
    if a.guard:
        words += ["when", a.guard]
    if a.after:
        words += ["after", ", ".join(target_text(t) for t in a.after)]
    if a.repeatable:
        words.append("repeatable")
    return f'  {" ".join(words)} {{ sh "{command_text(COMMAND, a.words, service)}" }}'


def host_text(h: Host) -> List[str]:
    if h.size is None:
        return [f'host {h.name} {{ address = "{h.name}" }}']
    if h.size_param:
        return [f"param {h.name}_size = {h.size}", f'host {h.name}[{h.name}_size] {{ address = "{h.name}${{index}}" }}']
    return [f'host {h.name}[{h.size}] {{ address = "{h.name}${{index}}" }}']


def service_text(s: Service) -> List[str]:
    lines = [f"service {s.name} on {s.host} {{"]
    lines += [f"  input {i.name} = {expr_text(i.expr)}" for i in s.inputs]
    lines += [output_text(o, s) for o in s.outputs]
    lines += [action_text(a, s) for a in s.actions]
    return lines + ["}"]


def spec_text(spec: Spec) -> str:
    lines = [line for h in spec.hosts for line in host_text(h)]
    for s in spec.services:
        lines += service_text(s)
    lines += [f"on {target_text(e.emitter)} {e.kind} -> {target_text(e.subscriber)}" for e in spec.events]
    lines += [f"order {', '.join(map(target_text, o.first))} before {', '.join(map(target_text, o.then))}"
              for o in spec.orders]
    return "\n".join(lines) + "\n"
