#!/usr/bin/env python3
"""run_corpus.py - the real-world WSDL corpus against soaprest: load, lint and gateway round trip.

Every folder of tests/corpus/ with an ENTRY file (key: value lines: wsdl, expect load|refuse,
error, constructs, ...) is one contract. For each, as separate test cases:

  load       dump_openapi WSDL - https://api.soaprest.test exits 0 (expect: load), or exits
             non-zero with the ENTRY's error substring and a file:line: in stderr (expect: refuse);
  lint       the OpenAPI document passes `redocly lint --extends recommended` (one redocly run
             over every document; errors fail, warnings are shown);
  roundtrip  soaprestd --wsdl WSDL --upstream <corpus_upstream.py> serves it; for up to five
             operations (all when fewer; spread over the contract, request-response first) a JSON
             request generated from the OpenAPI schema of POST /api/{Operation} is sent; the SOAP
             request the upstream receives must satisfy zeep (strict) and, for document/literal,
             lxml schema validation, and must carry exactly the values sent; the upstream's
             schema-valid answer must come back as the JSON doc/mapping.md says. An entry whose
             contract zeep itself cannot read says why in "no-roundtrip:"; it is shown as n/a.

Usage (make check runs it with SOAPRESTD, DUMP_OPENAPI, REDOCLY and SOAPREST_TEST_LIB set):
    /usr/bin/python3 tests/corpus/run_corpus.py [name,name...]
Environment: SOAPREST_CORPUS_ONLY=name1,name2 narrows the entries like the argument;
SOAPREST_CORPUS_DIR names another corpus folder (default: this file's folder);
SOAPREST_CORPUS_JOBS entries run at once (default 3, at most 4: one daemon each);
SOAPREST_CORPUS_VERBOSE=1 prints every exchange (JSON sent, SOAP both ways, JSON back) to stderr.
Prints a summary, then "N passed, M failed" last; exits 0 only when nothing failed (77: no entry).
"""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB") or os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, HERE)
import soaprest_testlib as tl  # noqa: E402

tl.require_modules("zeep", "lxml", "requests")
import requests  # noqa: E402

import corpus_jsongen  # noqa: E402

CORPUS_DIR = os.environ.get("SOAPREST_CORPUS_DIR") or HERE
DUMP_OPENAPI = os.environ.get("DUMP_OPENAPI") or os.path.join(TOP, "tests", "openapi", "dump_openapi")
REDOCLY = os.environ.get("REDOCLY") or shutil.which("redocly") or ""
SERVER_URL = "https://api.soaprest.test"
HTTP_TIMEOUT = 10          # every HTTP call
DUMP_TIMEOUT = 60          # one dump_openapi run
REDOCLY_TIMEOUT = 180      # the one redocly run
ENTRY_TIMEOUT = 150        # one entry's round trip, all operations
OPS_PER_ENTRY = 5
JOBS = max(1, min(4, int(os.environ.get("SOAPREST_CORPUS_JOBS", "3") or 3)))
VERBOSE = os.environ.get("SOAPREST_CORPUS_VERBOSE", "") not in ("", "0")
FILE_LINE_RE = re.compile(r"[^\s:'\"]+\.[A-Za-z0-9]+:\d+:")


# ---------------------------------------------------------------------------------------------
# Entries

class Entry:
    """One corpus folder: its ENTRY fields."""

    def __init__(self, name, folder, fields):
        self.name, self.folder, self.fields = name, folder, fields
        self.wsdl = os.path.join(folder, fields.get("wsdl", ""))
        self.expect = fields.get("expect", "load").strip().lower()
        self.error = fields.get("error", "").strip()
        self.constructs = fields.get("constructs", "")
        # the round trip needs zeep to read the contract: where zeep cannot (its own limits), the
        # entry says why, and only load and lint are checked
        self.no_roundtrip = fields.get("no-roundtrip", "").strip()

    @property
    def ident(self):
        """The entry's name as a Python identifier (for test class names)."""
        return re.sub(r"\W", "_", self.name)


def read_entry(folder):
    fields = {}
    with open(os.path.join(folder, "ENTRY"), encoding="utf-8", errors="replace") as f:
        for line in f:
            if ":" in line and not line.lstrip().startswith("#"):
                k, v = line.split(":", 1)
                fields.setdefault(k.strip().lower(), v.strip())
    return Entry(os.path.basename(folder), folder, fields)


def wanted_names():
    """The names the argument or SOAPREST_CORPUS_ONLY asks for (None: every entry)."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    raw = ",".join(args) or os.environ.get("SOAPREST_CORPUS_ONLY", "")
    names = [n.strip() for n in raw.split(",") if n.strip()]
    return set(names) or None


def discover():
    only = wanted_names()
    out = []
    for name in sorted(os.listdir(CORPUS_DIR)):
        folder = os.path.join(CORPUS_DIR, name)
        if os.path.isfile(os.path.join(folder, "ENTRY")) and (only is None or name in only):
            try:
                out.append(read_entry(folder))
            except OSError:
                continue
    return out


# ---------------------------------------------------------------------------------------------
# Load

def run_load(entry, docs_dir):
    """Runs dump_openapi; returns {ok, messages, doc_path}."""
    res = {"ok": False, "messages": [], "doc_path": None, "loaded": False}
    if not entry.fields.get("wsdl") or not os.path.isfile(entry.wsdl):
        res["messages"].append("ENTRY names wsdl %r, which is not a file" % entry.fields.get("wsdl"))
        return res
    try:
        p = subprocess.run([DUMP_OPENAPI, entry.wsdl, "-", SERVER_URL], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=DUMP_TIMEOUT)
    except subprocess.TimeoutExpired:
        res["messages"].append("dump_openapi did not finish within %d s" % DUMP_TIMEOUT)
        return res
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode == 0:
        try:
            json.loads(p.stdout)
        except ValueError as exc:
            res["messages"].append("dump_openapi exited 0 but printed no JSON document: %s" % exc)
            return res
        res["loaded"] = True
        res["doc_path"] = os.path.join(docs_dir, entry.ident + ".json")
        with open(res["doc_path"], "wb") as f:
            f.write(p.stdout)
    if entry.expect == "refuse":
        if p.returncode == 0:
            res["messages"].append("expected a refusal containing %r, but the contract loads" % entry.error)
        elif entry.error and entry.error not in err:
            res["messages"].append("refused, but the error lacks %r: %s" % (entry.error, err[:400]))
        elif not FILE_LINE_RE.search(err):
            res["messages"].append("refused, but the error names no file:line: %s" % err[:400])
        else:
            res["ok"] = True
            res["messages"].append("refused as expected: %s" % err[:300])
        return res
    if p.returncode != 0:
        res["messages"].append("dump_openapi exited %d: %s" % (p.returncode, err[:600]))
    else:
        res["ok"] = True
    return res


# ---------------------------------------------------------------------------------------------
# Lint (one redocly run for every document)

def run_lint(doc_paths):
    """{doc path: {"errors": [...], "warnings": n}} after one redocly run over all documents."""
    out = {p: {"errors": [], "warnings": 0, "ran": False} for p in doc_paths}
    if not doc_paths:
        return out
    if not REDOCLY or not os.access(REDOCLY, os.X_OK):
        for p in doc_paths:
            out[p]["errors"].append("no redocly executable (set REDOCLY)")
        return out
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true",
               NO_COLOR="1")
    cwd = os.path.dirname(doc_paths[0])
    try:
        p = subprocess.run([REDOCLY, "lint", "--extends", "recommended", "--format", "json"] +
                           [os.path.basename(d) for d in doc_paths], cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=REDOCLY_TIMEOUT)
    except subprocess.TimeoutExpired:
        for d in doc_paths:
            out[d]["errors"].append("redocly did not finish within %d s" % REDOCLY_TIMEOUT)
        return out
    by_name = {os.path.basename(d): d for d in doc_paths}
    text = p.stdout.decode("utf-8", "replace")
    dec = json.JSONDecoder()
    i, reports = 0, 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        try:
            obj, i = dec.raw_decode(text, i)
        except ValueError:
            break
        reports += 1
        for prob in obj.get("problems", []):
            loc = (prob.get("location") or [{}])[0]
            ref = os.path.basename((loc.get("source") or {}).get("ref", ""))
            target = by_name.get(ref)
            if target is None:
                continue
            if prob.get("severity") == "error":
                out[target]["errors"].append("%s: %s (at %s)" % (
                    prob.get("ruleId"), prob.get("message"), loc.get("pointer")))
            else:
                out[target]["warnings"] += 1
    for d in doc_paths:
        out[d]["ran"] = reports > 0
    if p.returncode != 0 and not any(v["errors"] for v in out.values()):
        msg = "redocly exited %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace")[-600:])
        for d in doc_paths:
            out[d]["errors"].append(msg)
    return out


# ---------------------------------------------------------------------------------------------
# Round trip

def pick_operations(doc, contract):
    """Up to OPS_PER_ENTRY generic routes: request-response first, spread evenly over the
    document's order, then one-way ones when there are too few."""
    ops = corpus_jsongen.generic_operations(doc)
    rr = [o for o in ops if 202 not in corpus_jsongen.success_status(o[1])]
    ow = [o for o in ops if o not in rr]

    def spread(lst, k):
        if k <= 0:
            return []
        if len(lst) <= k:
            return list(lst)
        return [lst[round(i * (len(lst) - 1) / (k - 1))] for i in range(k)] if k > 1 else lst[:1]

    chosen = spread(rr, OPS_PER_ENTRY)
    chosen += spread(ow, OPS_PER_ENTRY - len(chosen))
    return chosen


def json_diff(want, got, path="", out=None, limit=8):
    """Differences between two JSON values (XML strings compared canonically, numbers by value)."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(want, dict) and isinstance(got, dict):
        for k in list(want) + [k for k in got if k not in want]:
            p = "%s/%s" % (path, k)
            if k not in got:
                out.append("%s: missing (expected %s)" % (p, short(want[k])))
            elif k not in want:
                out.append("%s: unexpected %s" % (p, short(got[k])))
            else:
                json_diff(want[k], got[k], p, out, limit)
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            out.append("%s: %d items expected, %d got (%s vs %s)" % (
                path or "/", len(want), len(got), short(want), short(got)))
            return out
        for i, (a, b) in enumerate(zip(want, got)):
            json_diff(a, b, "%s/%d" % (path, i), out, limit)
        return out
    if same_scalar(want, got):
        return out
    out.append("%s: expected %s, got %s" % (path or "/", short(want), short(got)))
    return out


def same_scalar(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))
    if isinstance(a, str) and isinstance(b, str) and a != b and a.lstrip().startswith("<"):
        return canonical_xml(a) == canonical_xml(b)
    return a == b and type(a) is type(b)


def canonical_xml(s):
    """An XML fragment by meaning: names resolved, prefixes and namespace declarations ignored."""
    from lxml import etree

    def tree(e):
        if not isinstance(e.tag, str):
            return ("#", e.text or "", e.tail or "")
        return (e.tag, tuple(sorted(e.attrib.items())), e.text or "",
                tuple(tree(c) for c in e), e.tail or "")
    try:
        return tree(etree.fromstring("<r>%s</r>" % s))
    except etree.XMLSyntaxError:
        return s


def short(v, n=120):
    s = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= n else s[:n] + "..."


def exercise(daemon, up, gen, op_name, post):
    """One operation through the gateway; returns a list of failure messages (empty: passed)."""
    fails = []
    try:
        body = gen.request_for(post)
    except corpus_jsongen.GenError as exc:
        return ["harness: cannot build a request from the OpenAPI schema: %s" % exc]
    before = len(up.records)
    up.expect(op_name)
    data = json.dumps(body if body is not None else {}).encode("utf-8")
    try:
        r = requests.post(daemon.base + "/api/" + op_name, data=data, timeout=HTTP_TIMEOUT,
                          headers={"Content-Type": "application/json",
                                   "Accept": "application/json"})
    except requests.RequestException as exc:
        return ["the REST call failed: %s" % exc]
    recs = up.records[before:]
    if op_name not in up.contract.operations:
        fails.append("the contract binds %s to no SOAP binding (zeep finds none), yet soaprest "
                     "serves it (answer %d)" % (op_name, r.status_code))
    if 400 <= r.status_code < 500:
        fails.append("soaprest refused the generated request with %d: %s; request %s" % (
            r.status_code, r.text[:300], short(body, 300)))
        return fails
    if len(recs) != 1:
        fails.append("the upstream received %d requests (expected 1); REST answer %d %s" % (
            len(recs), r.status_code, r.text[:200]))
        return fails
    rec = recs[0]
    if VERBOSE:
        sys.stderr.write("---- %s %s\nsent JSON: %s\nSOAP request: %s\nread back: %s\n"
                         "SOAP response: %s\nexpected: %s %s\ngot: %d %s\n" % (
                             daemon.name, op_name, short(body, 2000), rec.request_xml[:2000],
                             short(rec.request_json, 2000), rec.response_xml[:2000],
                             rec.expected_status, short(rec.expected_json, 2000), r.status_code,
                             r.text[:2000]))
    if rec.operation and rec.operation != op_name:
        fails.append("the upstream read the request as operation %s" % rec.operation)
    fails += ["request: " + p for p in rec.problems]
    fails += ["harness: " + p for p in rec.harness_errors]
    if rec.request_json is not None:
        diffs = json_diff(body if body is not None else {}, rec.request_json)
        if diffs:
            fails.append("request values differ (sent JSON vs SOAP request read back): " +
                         "; ".join(diffs))
    if rec.harness_errors or rec.expected_status is None:
        return fails
    fails += check_answer(r, rec)
    return fails


def check_answer(r, rec):
    """The REST answer against what the upstream's response must become."""
    if r.status_code != rec.expected_status:
        return ["response: status %d, expected %d; body %s" % (
            r.status_code, rec.expected_status, r.text[:300])]
    if rec.expected_status in (202, 204):
        return [] if not r.content else ["response: %d with a body %r" % (r.status_code, r.content[:200])]
    try:
        got = r.json()
    except ValueError:
        return ["response: not JSON: %r" % r.content[:300]]
    diffs = json_diff(rec.expected_json, got)
    if diffs:
        return ["response values differ (expected from the SOAP response vs soaprest's JSON): " +
                "; ".join(diffs)]
    return []


def run_round_trip(entry, doc_path):
    """Daemon + upstream for one entry; returns {ok, messages, ops: {op: [failures]}}."""
    import corpus_contract
    import corpus_upstream
    res = {"ok": False, "messages": [], "ops": {}, "notes": []}
    with open(doc_path, "rb") as f:
        doc = json.load(f)
    try:
        contract = corpus_contract.Contract(entry.wsdl)
    except corpus_contract.ContractError as exc:
        res["messages"].append("the independent reader cannot load the contract: %s" % exc)
        return res
    chosen = pick_operations(doc, contract)
    if not chosen:
        res["messages"].append("the OpenAPI document has no generic POST /api/{Operation} route")
        return res
    up = corpus_upstream.CorpusUpstream(contract).start()
    daemon = tl.Daemon(extra_args=["--wsdl", entry.wsdl, "--upstream", up.url], threads=1,
                       name="corpus-" + entry.ident[:40])
    gen = corpus_jsongen.RequestGen(doc, contract.any_xml())
    deadline = time.monotonic() + ENTRY_TIMEOUT
    try:
        daemon.start()
        for op_name, post in chosen:
            if time.monotonic() > deadline:
                res["ops"][op_name] = ["not run: the entry's %d s budget is spent" % ENTRY_TIMEOUT]
                continue
            try:
                res["ops"][op_name] = exercise(daemon, up, gen, op_name, post)
            except Exception as exc:  # a harness crash on one operation must not hide the rest
                res["ops"][op_name] = ["harness crashed: %s: %s" % (type(exc).__name__, exc)]
        for rec in up.records:
            res["notes"] += rec.notes
    except tl.DaemonError as exc:
        res["messages"].append("soaprestd did not start: %s" % str(exc)[:600])
    finally:
        try:
            rc = daemon.stop()
            if rc not in (0, None) and daemon.endpoint is not None:   # it had started
                res["messages"].append("soaprestd exited %r after SIGTERM; stderr: %s" % (
                    rc, daemon.stderr_text(600)))
        except AssertionError as exc:
            res["messages"].append(str(exc)[:600])
        up.stop()
    res["notes"] = sorted(set(res["notes"]))
    res["ok"] = not res["messages"] and bool(res["ops"]) and not any(res["ops"].values())
    return res


def run_entry_round_trip(entry, doc_path):
    """run_round_trip, with any crash turned into a failure message (worker process side)."""
    try:
        return run_round_trip(entry, doc_path)
    except Exception as exc:
        import traceback
        return {"ok": False, "messages": ["harness crashed: %s: %s\n%s" % (
            type(exc).__name__, exc, traceback.format_exc()[-1500:])], "ops": {}, "notes": []}


# ---------------------------------------------------------------------------------------------
# Running everything once, then reporting through unittest

ENTRIES = discover()
RESULTS = {}          # entry name -> {"load", "lint", "roundtrip"}


def run_all():
    docs_dir = tempfile.mkdtemp(prefix="corpus-docs-", dir=tl.tmpdir())
    for e in ENTRIES:
        RESULTS[e.name] = {"load": run_load(e, docs_dir)}
    loaded = [e for e in ENTRIES if e.expect == "load" and RESULTS[e.name]["load"]["loaded"]]
    trips = [e for e in loaded if not e.no_roundtrip]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as lint_pool:
        # redocly (node, slow to start) runs beside the round trips
        lint_future = lint_pool.submit(run_lint, [RESULTS[e.name]["load"]["doc_path"] for e in loaded])
        run_round_trips(trips)
        lint = lint_future.result()
    for e in loaded:
        RESULTS[e.name]["lint"] = lint.get(RESULTS[e.name]["load"]["doc_path"])


def _worker_init():
    """Worker processes turn SIGTERM into SystemExit, so that their finally blocks stop the
    entry's daemon and upstream when the parent gives up on them."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))


def run_round_trips(loaded):
    """Round trips of the loaded entries, JOBS at a time (one daemon each), all bounded."""
    if not loaded:
        return
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=min(JOBS, len(loaded)),
                                                  initializer=_worker_init)
    deadline = time.monotonic() + ENTRY_TIMEOUT + 30 + ENTRY_TIMEOUT * len(loaded) / JOBS
    try:
        futs = [(pool.submit(run_entry_round_trip, e, RESULTS[e.name]["load"]["doc_path"]), e)
                for e in loaded]
        for fut, e in futs:
            try:
                RESULTS[e.name]["roundtrip"] = fut.result(timeout=max(1, deadline - time.monotonic()))
            except Exception as exc:
                RESULTS[e.name]["roundtrip"] = {"ok": False, "ops": {}, "notes": [],
                                                "messages": ["round trip did not finish: %r" % exc]}
    finally:
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:          # stragglers only: each stopped by its own PID
            proc.join(5)
            if proc.is_alive():
                try:
                    os.kill(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                proc.join(15)


def setUpModule():
    run_all()


def _format_ops(ops):
    lines = []
    for op, fails in ops.items():
        if fails:
            lines.append("  %s:\n    - %s" % (op, "\n    - ".join(fails)))
    return "\n".join(lines)


def make_case(entry):
    """A TestCase class with the entry's load, lint and roundtrip tests."""

    def test_1_load(self):
        r = RESULTS[entry.name]["load"]
        if not r["ok"]:
            self.fail("%s: load (expect %s): %s" % (entry.name, entry.expect, "; ".join(r["messages"])))

    def test_2_lint(self):
        if entry.expect != "load" or not RESULTS[entry.name]["load"]["loaded"]:
            self.skipTest("not loaded")
        r = RESULTS[entry.name].get("lint") or {"errors": ["no lint result"]}
        self.assertFalse(r["errors"], "%s: redocly lint errors:\n  %s" % (
            entry.name, "\n  ".join(r["errors"][:20])))

    def test_3_roundtrip(self):
        if entry.expect != "load" or not RESULTS[entry.name]["load"]["loaded"]:
            self.skipTest("not loaded")
        if entry.no_roundtrip:
            self.skipTest("no independent reader: " + entry.no_roundtrip)
        r = RESULTS[entry.name].get("roundtrip") or {"ok": False, "messages": ["not run"], "ops": {}}
        if not r["ok"]:
            self.fail("%s: gateway round trip failed%s\n%s" % (
                entry.name, (": " + "; ".join(r["messages"])) if r["messages"] else "",
                _format_ops(r["ops"])))

    attrs = {"test_1_load": test_1_load}
    if entry.expect == "load":
        attrs["test_2_lint"] = test_2_lint
        attrs["test_3_roundtrip"] = test_3_roundtrip
    attrs["__doc__"] = None
    return type("Corpus_" + entry.ident, (unittest.TestCase,), attrs)


for _e in ENTRIES:
    globals()["Corpus_" + _e.ident] = make_case(_e)


# ---------------------------------------------------------------------------------------------
# Summary

def summary():
    loaded = refused = failed = ops_ok = ops_all = 0
    lines = ["", "corpus summary (%s)" % CORPUS_DIR,
             "%-34s %-8s %-6s %-9s %s" % ("entry", "load", "lint", "roundtrip", "operations")]
    for e in ENTRIES:
        r = RESULTS.get(e.name, {})
        ld = r.get("load", {})
        ok_load = ld.get("ok")
        if e.expect == "refuse":
            refused += bool(ok_load)
        else:
            loaded += bool(ld.get("loaded"))
        lint = r.get("lint")
        rt = r.get("roundtrip")
        lint_s = "-" if lint is None else ("ok" if not lint["errors"] else "FAIL")
        rt_s = "n/a" if e.no_roundtrip else "-" if rt is None else ("ok" if rt["ok"] else "FAIL")
        ops = []
        for op, fails in (rt or {}).get("ops", {}).items():
            ops_all += 1
            ops_ok += not fails
            ops.append(op + ("" if not fails else "(x)"))
        bad = not ok_load or lint_s == "FAIL" or rt_s == "FAIL"
        failed += bad
        load_s = ("refused" if e.expect == "refuse" else "ok") if ok_load else "FAIL"
        lines.append("%-34s %-8s %-6s %-9s %s" % (e.name[:34], load_s, lint_s, rt_s, " ".join(ops)))
    for e in ENTRIES:
        for note in (RESULTS.get(e.name, {}).get("roundtrip") or {}).get("notes", [])[:3]:
            lines.append("note: %s: %s" % (e.name, note[:200]))
    lines.append("entries: %d; loaded %d, refused as expected %d, with a failure %d; "
                 "operations round-tripped %d of %d" % (len(ENTRIES), loaded, refused, failed,
                                                        ops_ok, ops_all))
    return "\n".join(lines)


def main():
    print("soaprestd: %s\ndump_openapi: %s\nredocly: %s\ncorpus: %s (%d entries)" % (
        tl.SOAPRESTD, DUMP_OPENAPI, REDOCLY or "(none)", CORPUS_DIR, len(ENTRIES)))
    sys.stdout.flush()
    if not ENTRIES:
        print("SKIP: no corpus entry (no folder with an ENTRY file)")
        print("0 passed, 0 failed")
        sys.exit(77)
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=tl._Result)
    try:
        result = runner.run(suite)
        print(summary())
    finally:
        tl.cleanup()
    passed = len(result.passed)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
