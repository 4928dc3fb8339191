#!/usr/bin/env python3
"""Stands in for every command of a spec in the end-to-end tests (run_e2e.py).

Run as `e2e_stub.py NAME ARGS...` by a wrapper named NAME. Inside a step (BATON_STEP is set by
the program of the step, shell_program.h) it appends one JSON line to $BATON_E2E_LOG: the step,
the host, the capture, the command and its arguments exactly. A capture prints capture_value()
followed by a newline, which the backends drop. The exit status comes from $BATON_E2E_STATUS, a
JSON object from step label (or "*") to status: 0 reports `changed`, 99 `ok`, others fail.
Outside a step (the driver script itself calling `cat`, say) it runs the real command.
"""
import json
import os
import sys


def capture_value(label, pwned):
    """The value a capture prints: hostile, and ending with a newline of its own."""
    return (f"cap:{label} $(touch {pwned}) `touch {pwned}`; touch {pwned} "
            f"{{{{ lookup('pipe', 'touch {pwned}') }}}} {{% if true %}}{{% endif %}}\n")


def secret_value(name, pwned):
    """The value the tests give the secret `name` at run time."""
    return f"secret:{name} '$(touch {pwned})' {{{{ lookup('pipe', 'touch {pwned}') }}}}"


def main():
    name = os.path.basename(sys.argv[1])
    args = sys.argv[2:]
    step = os.environ.get("BATON_STEP", "")
    if not step:
        os.environ["PATH"] = os.environ["BATON_E2E_REAL_PATH"]
        os.execvp(name, [name] + args)
    capture = os.environ.get("BATON_CAPTURE", "")
    entry = {"step": step, "host": os.environ.get("BATON_HOST", ""), "capture": capture,
             "cmd": name, "args": args}
    line = (json.dumps(entry) + "\n").encode()
    # One write with O_APPEND: lines of steps running at once never mix.
    fd = os.open(os.environ["BATON_E2E_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, line)
    os.close(fd)
    if capture:
        sys.stdout.write(capture_value(capture, os.environ["BATON_E2E_PWNED"]) + "\n")
        return 0
    statuses = json.loads(os.environ.get("BATON_E2E_STATUS", "{}"))
    return int(statuses.get(step, statuses.get("*", 0)))


if __name__ == "__main__":
    sys.exit(main())
