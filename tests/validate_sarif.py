#!/usr/bin/env python3
"""Validates the structure of baton's machine-readable diagnostics.

    python3 tests/validate_sarif.py --sarif FILE [--registry compiler/diagnostics/diagnostic_kinds.def]
    python3 tests/validate_sarif.py --json FILE

FILE may be `-` for standard input. --sarif checks SARIF 2.1.0 as GitHub code scanning accepts
it: `version`, `$schema`, `runs[].tool.driver.name` and `rules[].id` (unique; with --registry,
exactly the registry's codes in order), and for every result `ruleId` (a declared rule, with a
matching `ruleIndex`), `level`, `message.text`, one or more
`locations[].physicalLocation.artifactLocation.uri` with `region.startLine` (and coherent
columns), `partialFingerprints` (unique in the run) and well-formed `relatedLocations`.
--json checks the documented fields of `baton check --format json` (docs/cli.md).

Prints one line per problem and exits 1, or prints a one-line summary and exits 0. With
--print, a valid SARIF document is then printed with each driver's rules replaced by their
count (the registry grows; the tests assert the rest exactly). It reads
only the standard library, so that it runs wherever the tests do.
"""
import argparse
import json
import re
import sys

LEVELS = {"none", "note", "warning", "error"}
SEVERITIES = {"error", "warning", "remark"}
CODE = re.compile(r"^[EWR]\d{4}$")
# A URI reference as RFC 3986 allows it: no spaces, no raw '<', '>', '"', and so on.
URI = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, what):
        self.problems.append(f"{where}: {what}")

    def expect(self, cond, where, what):
        if not cond:
            self.fail(where, what)
        return cond

    def is_int(self, v):
        return isinstance(v, int) and not isinstance(v, bool)

    def string(self, obj, key, where, nonempty=True):
        v = obj.get(key) if isinstance(obj, dict) else None
        ok = isinstance(v, str) and (v != "" or not nonempty)
        self.expect(ok, where, f"'{key}' must be a {'non-empty ' if nonempty else ''}string")
        return v if ok else None

    def positive(self, obj, key, where, required=True):
        if key not in obj:
            self.expect(not required, where, f"'{key}' is missing")
            return None
        v = obj[key]
        self.expect(self.is_int(v) and v >= 1, where, f"'{key}' must be an integer >= 1, not {v!r}")
        return v if self.is_int(v) else None

    # ---- SARIF

    def sarif_location(self, loc, where):
        if not self.expect(isinstance(loc, dict), where, "a location must be an object"):
            return
        phys = loc.get("physicalLocation")
        if not self.expect(isinstance(phys, dict), where, "'physicalLocation' is missing"):
            return
        art = phys.get("artifactLocation")
        if self.expect(isinstance(art, dict), where, "'artifactLocation' is missing"):
            uri = self.string(art, "uri", where + ".artifactLocation")
            if uri is not None:
                self.expect(URI.match(uri) is not None, where, f"uri {uri!r} is not a URI reference")
        region = phys.get("region")
        if not self.expect(isinstance(region, dict), where, "'region' is missing"):
            return
        w = where + ".region"
        start_line = self.positive(region, "startLine", w)
        start_col = self.positive(region, "startColumn", w, required=False)
        end_line = self.positive(region, "endLine", w, required=False)
        end_col = self.positive(region, "endColumn", w, required=False)
        if start_line and end_line:
            self.expect(end_line >= start_line, w, "endLine before startLine")
            if end_line == start_line and start_col and end_col:
                self.expect(end_col >= start_col, w, "endColumn before startColumn")

    def sarif(self, doc, registry):
        if not self.expect(isinstance(doc, dict), "document", "must be an object"):
            return 0
        self.expect(doc.get("version") == "2.1.0", "version",
                    f"must be \"2.1.0\", not {doc.get('version')!r}")
        schema = doc.get("$schema")
        self.expect(isinstance(schema, str) and "sarif" in schema and "2.1.0" in schema,
                    "$schema", f"must name the SARIF 2.1.0 schema, not {schema!r}")
        runs = doc.get("runs")
        if not self.expect(isinstance(runs, list) and runs, "runs", "must be a non-empty list"):
            return 0
        count = 0
        for r, run in enumerate(runs):
            count += self.sarif_run(run, f"runs[{r}]", registry)
        return count

    def sarif_run(self, run, where, registry):
        driver = run.get("tool", {}).get("driver") if isinstance(run.get("tool"), dict) else None
        if not self.expect(isinstance(driver, dict), where, "'tool.driver' is missing"):
            return 0
        self.string(driver, "name", where + ".tool.driver")
        rules = driver.get("rules")
        ids = []
        if self.expect(isinstance(rules, list), where, "'tool.driver.rules' must be a list"):
            for i, rule in enumerate(rules):
                w = f"{where}.tool.driver.rules[{i}]"
                rid = self.string(rule, "id", w)
                ids.append(rid)
                if "shortDescription" in rule:
                    self.string(rule["shortDescription"], "text", w + ".shortDescription")
                level = rule.get("defaultConfiguration", {}).get("level", "warning")
                self.expect(level in LEVELS, w, f"defaultConfiguration.level {level!r} is not a SARIF level")
            dups = sorted({i for i in ids if ids.count(i) > 1 and i is not None})
            self.expect(not dups, where, f"rule ids declared twice: {dups}")
            if registry is not None:
                self.expect(ids == registry, where,
                            "rules are not the registry's codes in order: "
                            f"missing {sorted(set(registry) - set(ids))}, "
                            f"extra {sorted(set(ids) - set(registry))}")
        kind = run.get("columnKind", "utf16CodeUnits")
        self.expect(kind in ("utf16CodeUnits", "unicodeCodePoints"), where, f"columnKind {kind!r}")
        for i, inv in enumerate(run.get("invocations", [])):
            w = f"{where}.invocations[{i}]"
            self.expect(isinstance(inv.get("executionSuccessful"), bool), w,
                        "'executionSuccessful' must be a bool")
            for k, n in enumerate(inv.get("toolExecutionNotifications", [])):
                self.string(n.get("message", {}), "text", f"{w}.toolExecutionNotifications[{k}].message")
        results = run.get("results")
        if not self.expect(isinstance(results, list), where, "'results' must be a list"):
            return 0
        fingerprints = set()
        for i, res in enumerate(results):
            w = f"{where}.results[{i}]"
            rid = self.string(res, "ruleId", w)
            if rid is not None:
                self.expect(rid in ids, w, f"ruleId {rid!r} is not a declared rule")
                if "ruleIndex" in res:
                    idx = res["ruleIndex"]
                    self.expect(self.is_int(idx) and 0 <= idx < len(ids) and ids[idx] == rid, w,
                                f"ruleIndex {idx!r} does not point at rule {rid!r}")
            self.expect(res.get("level", "warning") in LEVELS, w, f"level {res.get('level')!r}")
            self.string(res.get("message", {}), "text", w + ".message")
            locs = res.get("locations")
            if self.expect(isinstance(locs, list) and locs, w, "'locations' must hold at least one location"):
                for k, loc in enumerate(locs):
                    self.sarif_location(loc, f"{w}.locations[{k}]")
            fps = res.get("partialFingerprints")
            if self.expect(isinstance(fps, dict) and fps, w, "'partialFingerprints' is missing"):
                for key, value in fps.items():
                    self.expect(isinstance(value, str) and value, w, f"fingerprint {key!r} must be a string")
                    self.expect((key, value) not in fingerprints, w, f"fingerprint {value!r} repeated")
                    fingerprints.add((key, value))
            for k, rel in enumerate(res.get("relatedLocations", [])):
                rw = f"{w}.relatedLocations[{k}]"
                self.sarif_location(rel, rw)
                self.expect(self.is_int(rel.get("id")), rw, "'id' must be an integer")
                self.string(rel.get("message", {}), "text", rw + ".message")
        return len(results)

    # ---- baton's JSON

    def json_location(self, loc, where):
        if loc is None:
            return
        if not self.expect(isinstance(loc, dict), where, "a location must be an object or null"):
            return
        self.string(loc, "file", where)
        for key in ("line", "column", "end_line", "end_column"):
            self.positive(loc, key, where)
        if all(self.is_int(loc.get(k)) for k in ("line", "end_line")):
            self.expect(loc["end_line"] >= loc["line"], where, "end_line before line")

    def baton_json(self, doc):
        if not self.expect(isinstance(doc, dict), "document", "must be an object"):
            return 0
        self.expect(doc.get("version") == 1, "version", f"must be 1, not {doc.get('version')!r}")
        diags = doc.get("diagnostics")
        if not self.expect(isinstance(diags, list), "diagnostics", "must be a list"):
            return 0
        counts = {"error": 0, "warning": 0, "remark": 0}
        for i, d in enumerate(diags):
            w = f"diagnostics[{i}]"
            code = self.string(d, "code", w)
            if code is not None:
                self.expect(CODE.match(code) is not None, w, f"code {code!r} is not like E0202")
            self.string(d, "name", w)
            sev = d.get("severity")
            if self.expect(sev in SEVERITIES, w, f"severity {sev!r}"):
                counts[sev] += 1
            self.string(d, "message", w)
            self.expect("location" in d, w, "'location' is missing (null when there is none)")
            self.json_location(d.get("location"), w + ".location")
            notes = d.get("notes")
            if self.expect(isinstance(notes, list), w, "'notes' must be a list"):
                for k, n in enumerate(notes):
                    self.string(n, "message", f"{w}.notes[{k}]")
                    self.json_location(n.get("location"), f"{w}.notes[{k}].location")
            self.expect("help" in d and (d["help"] is None or isinstance(d["help"], str) and d["help"]),
                        w, "'help' must be null or a non-empty string")
        self.expect(doc.get("errors") == counts["error"], "errors",
                    f"is {doc.get('errors')!r}, the list has {counts['error']}")
        self.expect(doc.get("warnings") == counts["warning"], "warnings",
                    f"is {doc.get('warnings')!r}, the list has {counts['warning']}")
        return len(diags)


def registry_codes(path):
    with open(path, encoding="utf-8") as f:
        return re.findall(r'^BATON_DIAG\(\w+, "(\w+)"', f.read(), re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--sarif", metavar="FILE")
    group.add_argument("--json", metavar="FILE")
    ap.add_argument("--registry", metavar="DEF", help="diagnostic_kinds.def: the rules must be its codes")
    ap.add_argument("--print", action="store_true", help="print the SARIF document without its rules")
    args = ap.parse_args()
    path = args.sarif or args.json
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"{path}: not a JSON document: {e}")
        return 1
    c = Checker()
    if args.sarif:
        n = c.sarif(doc, registry_codes(args.registry) if args.registry else None)
        what = "SARIF 2.1.0"
    else:
        n = c.baton_json(doc)
        what = "baton JSON"
    for p in c.problems:
        print(p)
    if c.problems:
        return 1
    print(f"valid {what}: {n} {'result' if args.sarif else 'diagnostic'}{'' if n == 1 else 's'}")
    if args.print and args.sarif:
        for run in doc["runs"]:
            driver = run["tool"]["driver"]
            driver["rules"] = f"{len(driver['rules'])} rules"
        print(json.dumps(doc, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
