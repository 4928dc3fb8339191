#!/usr/bin/env python3
"""`${}` in every quoting context, and an `env` clause, run for real (issue 12).

One spec puts a static value, a captured output and a secret, each holding quotes, `$`,
backquotes, a backslash, a newline and a `$(touch ...)`, in each context a command can hold
them: unquoted, inside '...', inside "...", alone and between other text; and hands all three
to a command through an `env` clause. It is compiled to a shell script and run under dash and
bash over the local transport and over an ssh stand-in that starts `sh -s` from an empty
environment (`env -i`, as a remote login does), and compiled to a playbook and run by
ansible-playbook with the local connection. Each run must write exactly the values, in order;
the caller's own variables must not reach the step; nothing of a value may run; the secret
must not appear in any compiled file nor in any output.

Usage: quote_contexts.py --baton BATON [--shells dash,bash] [--no-ansible]
Prints one line per run (`<run>: ok` or `<run>: FAIL ...`), then `quote: N runs, M failures`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

STATIC = "it's \"q\" `touch @PWNED@` $(touch @PWNED@) \\ $HOME\nline two"
CAPTURED = "cap'd \"c\" $(touch @PWNED@) `touch @PWNED@` \\n $PATH"
SECRET = "s3'cr\"et $(touch @PWNED@) \\ $USER"

SPEC = r'''param out
param capfile
param greeting
param pw: secret
host h { address = "localhost" }
service src on h {
  output tok = capture "cat ${capfile}"
  action run { sh "true" }
}
service app on h {
  input g = greeting
  input t = src.tok
  input s = pw
  action run {
    sh "printf '<%s>\\n' ${g} '${g}' \"${g}\" 'a ${g} b' \"a ${g} b\" >>${out}"
    sh "printf '<%s>\\n' ${t} '${t}' \"${t}\" 'a ${t} b' \"a ${t} b\" >>${out}"
    sh "printf '<%s>\\n' ${s} '${s}' \"${s}\" 'a ${s} b' \"a ${s} b\" >>${out}"
    sh "printf '<%s>\\n' 'mixed ${g}|${t}|${s}' \"mixed ${g}|${t}|${s}\" >>${out}"
  }
  action env_run env G = g, T = t, PW = s, N = 3 {
    sh "printf '<%s>\\n' \"$G\" \"$T\" \"$PW\" \"$N\" \"\${BATON_QUOTE_CALLER-not inherited}\" >>${out}"
  }
}
'''


def expected(static, captured, secret):
    lines = []
    for v in (static, captured, secret):
        lines += [v, v, v, f"a {v} b", f"a {v} b"]
    mixed = f"mixed {static}|{captured}|{secret}"
    lines += [mixed, mixed]
    lines += [static, captured, secret, "3", "not inherited"]
    return "".join(f"<{line}>\n" for line in lines)


def run(cmd, env, cwd=None):
    p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--shells", default="dash,bash")
    ap.add_argument("--no-ansible", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="baton-quote-")
    pwned = os.path.join(work, "pwned")
    static = STATIC.replace("@PWNED@", pwned)
    captured = CAPTURED.replace("@PWNED@", pwned)
    secret = SECRET.replace("@PWNED@", pwned)
    want = expected(static, captured, secret)
    spec = os.path.join(work, "quote.baton")
    with open(spec, "w") as f:
        f.write(SPEC)
    capfile = os.path.join(work, "captured")
    with open(capfile, "w") as f:
        f.write(captured + "\n")
    out = os.path.join(work, "out")
    params = ["--param", "out=" + out, "--param", "capfile=" + capfile,
              "--param", "greeting=" + static]
    runs = failures = 0

    def report(name, problems):
        nonlocal runs, failures
        runs += 1
        if problems:
            failures += 1
            print(f"{name}: FAIL " + "; ".join(problems))
        else:
            print(f"{name}: ok")

    def check_run(name, status, text, compiled):
        problems = []
        if status != 0:
            problems.append(f"exit status {status}:\n{text}")
        got = open(out, encoding="utf-8", errors="surrogateescape").read() if os.path.exists(out) else ""
        if got != want:
            problems.append(f"values differ:\n--- want\n{want}--- got\n{got}")
        if os.path.exists(pwned):
            problems.append("a value ran as code")
        if secret in text:
            problems.append("the secret is in the output")
        for path in compiled:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                if secret in f.read():
                    problems.append(f"the secret is in {os.path.basename(path)}")
        report(name, problems)
        for path in (out, pwned):
            if os.path.exists(path):
                os.remove(path)

    # The caller's environment: a variable of its own that must not reach the step.
    base = dict(os.environ, BATON_QUOTE_CALLER="inherited", BATON_SECRET_PW=secret)

    script = os.path.join(work, "deploy.sh")
    status, text = run([args.baton, "compile", spec, "--target", "shell", "-o", script] + params, base)
    if status != 0:
        report("compile shell", [text])
    else:
        fake_ssh = os.path.join(work, "fake-ssh")
        with open(fake_ssh, "w") as f:
            # A remote login: whatever the options and the address, `sh -s` from an empty
            # environment but for a PATH, in the login's home.
            f.write('#!/bin/sh\nwhile [ "$1" != -- ]; do shift; done\nshift 2\n'
                    'cd "$HOME" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin "$@"\n')
        os.chmod(fake_ssh, 0o755)
        for shell in [s for s in args.shells.split(",") if s]:
            if not shutil.which(shell):
                continue
            status, text = run([shell, script, "--transport", "local", "-v"], base, cwd=work)
            check_run(f"shell {shell} local", status, text, [script])
            env = dict(base, BATON_SSH=fake_ssh)
            status, text = run([shell, script, "--transport", "ssh", "-v"], env, cwd=work)
            check_run(f"shell {shell} ssh (env -i)", status, text, [script])

    if not args.no_ansible and shutil.which("ansible-playbook"):
        site = os.path.join(work, "site")
        status, text = run([args.baton, "compile", spec, "--target", "ansible", "-o", site] + params, base)
        if status != 0:
            report("compile ansible", [text])
        else:
            # Ansible's local connection runs tasks in ansible-playbook's own environment, so
            # the caller's variable is left out of this run.
            env = dict(base, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=os.path.join(work, ".ansible-tmp"))
            env.pop("BATON_QUOTE_CALLER")
            status, text = run(["ansible-playbook", "-i", "inventory.yml", "site.yml",
                                "-e", "ansible_connection=local"], env, cwd=site)
            check_run("ansible local", status, text,
                      [os.path.join(site, "site.yml"), os.path.join(site, "inventory.yml")])

    shutil.rmtree(work, ignore_errors=True)
    print(f"quote: {runs} runs, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
