#!/usr/bin/python3
"""run_matrix.py - the soaprest interop matrix: every third-party SOAP client x every operation.

    /usr/bin/python3 tests/interop/run_matrix.py [--clients zeep,suds,...] [--keep]

Starts soaprestd on a free loopback port with a temp database, then runs each client against it:
    zeep        python3-zeep, ?wsdl                     python/zeep_client.py
    suds        python3-suds, ?wsdl                     python/suds_client.py
    node-soap   npm "soap", ?wsdl                       node/client.js
    gsoap       wsdl2h + soapcpp2 C client, ?wsdl       gsoap/build.sh, gsoap/client.c
    wcf-basic   Mono WCF (svcutil proxy), BasicHttpBinding             wcf/build.sh, wcf/Interop.cs
    wcf-soap12  the same proxy over CustomBinding(Soap12WSAddressing10) at .../soap12
    dotnet-basic   .NET WCF client (System.ServiceModel.Http 10.1.0), BasicHttpBinding
                   dotnet/build.sh (wsdl2cs.py contract), dotnet/ContractCheck.cs, wcf/Interop.cs
    dotnet-soap12  the same program over WSHttpBinding(SecurityMode.None) at .../soap12
Each client prints "RESULT <cell> PASS" / "RESULT <cell> FAIL <reason>" lines; cells are the 13
operations plus "wsdl" (the client consumed ?wsdl) and "singleWsdl" (it consumed ?singleWsdl).
Prints the matrix (operation x client), the reasons of the failed cells, and "N passed, M failed".

Environment:
    SOAPRESTD                  the daemon binary (default: ./soaprestd at the top of the tree)
    SOAPREST_WSDL_DIR          the contract directory (default: ./wsdl)
    SOAPREST_INTEROP_REQUIRED  1: a missing client toolchain is a failure, not a skip
    SOAPREST_INTEROP_XFAIL     cells known to fail, "client:cell,client:*,*:cell" (reported as
                               xfail, not counted as failures; a passing xfail cell is reported)
    SOAPREST_INTEROP_LOGDIR    keep the work dir (logs, generated clients) there
    DOTNET                     the .NET SDK's dotnet program (default: dotnet on PATH)
Exit: 0 all cells pass; 1 a cell failed (or the daemon misbehaved); 77 a client's toolchain is
missing and SOAPREST_INTEROP_REQUIRED is not 1 (automake's SKIP).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"

OPERATIONS = ["GetServiceInfo", "CreateProduct", "GetProduct", "UpdateProduct", "FindProducts",
              "DeleteProduct", "SetProductImage", "GetProductImage", "PlaceOrder", "GetOrder",
              "ShipOrder", "CancelOrder", "AdjustStock"]
CELLS = ["wsdl", "singleWsdl"] + OPERATIONS
CLIENTS = ["zeep", "suds", "node-soap", "gsoap", "wcf-basic", "wcf-soap12", "dotnet-basic",
           "dotnet-soap12"]

TOTAL_BUDGET = 290.0     # seconds for the whole matrix; steps still running then are killed
BUILD_TIMEOUT = 240.0
RUN_TIMEOUT = 120.0
START_TIMEOUT = 15.0

RESULT_RE = re.compile(r"^RESULT (\S+) (PASS|FAIL)(?: (.*))?$")


class Missing(Exception):
    """A client's toolchain is not installed."""


# ---------------------------------------------------------------------------------------------
# The daemon

class Daemon:
    def __init__(self, workdir):
        self.binary = os.environ.get("SOAPRESTD") or os.path.join(TOP, "soaprestd")
        wsdl_dir = os.environ.get("SOAPREST_WSDL_DIR") or os.path.join(TOP, "wsdl")
        self.wsdl = os.path.join(wsdl_dir, "InventoryService.wsdl")
        self.workdir = workdir
        self.proc = None
        self.endpoint = self.endpoint12 = None
        self.lines = []

    def start(self):
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError("the daemon binary %s is missing (build it, or set SOAPRESTD)"
                               % self.binary)
        self.stderr = open(os.path.join(self.workdir, "soaprestd.stderr"), "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--listen", "127.0.0.1:0", "--db", os.path.join(self.workdir, "x.db"),
             "--wsdl", self.wsdl, "--threads", "2"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr,
            cwd=self.workdir)
        got = threading.Event()

        def reader():
            for raw in iter(self.proc.stdout.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip()
                self.lines.append(line)
                m = re.search(r"SOAP 1\.1 endpoint\s+(http://\S+)", line)
                if m:
                    self.endpoint = m.group(1)
                m = re.search(r"SOAP 1\.2 endpoint\s+(http://\S+)", line)
                if m:
                    self.endpoint12 = m.group(1)
                if line.strip().startswith("database"):
                    got.set()
            got.set()

        threading.Thread(target=reader, daemon=True).start()
        got.wait(START_TIMEOUT)
        if not self.endpoint:
            self.stop()
            raise RuntimeError("soaprestd printed no SOAP 1.1 endpoint: %r" % self.lines)
        return self

    def stop(self):
        """SIGTERM by PID; returns the exit status (None when it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            return None


# ---------------------------------------------------------------------------------------------
# Running steps, bounded

class Budget:
    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds

    def left(self, cap):
        return max(1.0, min(cap, self.deadline - time.monotonic()))


# Mono 6.8 sometimes crashes in a thread-pool worker while a finished program shuts down (seen here
# after every result was printed); its crash report would land as mono_crash.*.json in whatever
# directory the tests run from. A crash before the results still fails the cell.
os.environ.setdefault("MONO_CRASH_NOFILE", "1")


def run(cmd, log, timeout, cwd=None, env=None):
    """Runs cmd with output to the file `log`; returns (returncode or None on timeout, stdout)."""
    with open(log, "ab") as errf:
        errf.write(("$ %s\n" % " ".join(cmd)).encode())
        errf.flush()
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=errf, cwd=cwd, env=env, start_new_session=True)
        except OSError as exc:
            errf.write(("cannot run: %s\n" % exc).encode())
            return 127, ""
        try:
            out, _ = p.communicate(timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)    # the client and whatever it started
            out, _ = p.communicate()
            rc = None
        text = out.decode("utf-8", "replace")
        errf.write(text.encode())
        return rc, text


def results(text):
    cells = {}
    for line in text.splitlines():
        m = RESULT_RE.match(line.strip())
        if m:
            cells[m.group(1)] = (m.group(2), m.group(3) or "")
    return cells


def skipped(text):
    return next((line for line in text.splitlines() if line.startswith("SKIP:")), None)


# ---------------------------------------------------------------------------------------------
# The clients: each returns {cell: (PASS|FAIL, reason)}; raises Missing when not installed

def single_wsdl_check(kind, url, log, budget):
    """Loads ?singleWsdl with the client library and checks it sees every operation."""
    code = {
        "zeep": "import zeep,sys\nc=zeep.Client(sys.argv[1])\n"
                "ops=c.bind('InventoryService','BasicHttpBinding_IInventoryService')._operations\n"
                "print(len(ops))",
        "suds": "import suds.client,sys\nc=suds.client.Client(sys.argv[1],cache=None,timeout=20)\n"
                "p=c.wsdl.services[0].ports[0]\nprint(len(p.methods))",
    }[kind]
    rc, out = run([PY, "-c", code, url + "?singleWsdl"], log, budget.left(60))
    n = out.strip().splitlines()[-1] if out.strip() else ""
    if rc == 0 and n == str(len(OPERATIONS)):
        return ("PASS", "")
    return ("FAIL", "%s on ?singleWsdl: %s" % (kind, "%s operations" % n if rc == 0 else
                                               "exit %s, see %s" % (rc, log)))


def python_client(kind):
    def go(ctx):
        try:
            subprocess.run([PY, "-c", "import " + kind], check=True, timeout=30,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (subprocess.CalledProcessError, OSError):
            raise Missing("%s has no python3-%s" % (PY, kind))
        log = ctx.log(kind)
        script = os.path.join(HERE, "python", "%s_client.py" % kind)
        rc, out = run([PY, script, ctx.endpoint, ctx.prefix(kind)], log, ctx.budget.left(RUN_TIMEOUT))
        cells = results(out)
        if rc is None:
            cells.setdefault("wsdl", ("FAIL", "timed out"))
        cells["singleWsdl"] = single_wsdl_check(kind, ctx.endpoint, log, ctx.budget)
        return cells
    return go


def node_client(ctx):
    node = shutil.which("node")
    if not node:
        raise Missing("node is not installed")
    log = ctx.log("node-soap")
    src = os.path.join(HERE, "node")
    where = src
    if not os.path.isdir(os.path.join(src, "node_modules", "soap")):
        npm = shutil.which("npm")
        if not npm:
            raise Missing("tests/interop/node has no node_modules and npm is not installed")
        # Install into the work dir: the source tree may be read-only (make distcheck).
        where = os.path.join(ctx.workdir, "node")
        os.makedirs(where, exist_ok=True)
        for f in ("package.json", "package-lock.json", "client.js"):
            shutil.copy(os.path.join(src, f), where)
        rc, _ = run([npm, "ci", "--no-audit", "--no-fund"], log, ctx.budget.left(BUILD_TIMEOUT),
                    cwd=where)
        if rc != 0:
            if os.environ.get("SOAPREST_INTEROP_REQUIRED") == "1":
                return {"wsdl": ("FAIL", "npm ci failed, see %s" % log)}
            raise Missing("npm ci failed (offline?), see %s" % log)
    rc, out = run([node, os.path.join(where, "client.js"), ctx.endpoint, ctx.prefix("node")], log,
                  ctx.budget.left(RUN_TIMEOUT), cwd=where)
    cells = results(out)
    code = ("const soap=require('soap');soap.createClientAsync(process.argv[1]).then(c=>{"
            "console.log(Object.keys(c.describe().InventoryService."
            "BasicHttpBinding_IInventoryService).length)}).catch(e=>{console.log(e.message);"
            "process.exit(1)})")
    rc2, out2 = run([node, "-e", code, ctx.endpoint + "?singleWsdl"], log,
                    ctx.budget.left(60), cwd=where)
    n = out2.strip().splitlines()[-1] if out2.strip() else ""
    cells["singleWsdl"] = ("PASS", "") if rc2 == 0 and n == str(len(OPERATIONS)) else (
        "FAIL", "node-soap on ?singleWsdl: %s" % n)
    return cells


def gsoap_client(ctx):
    log = ctx.log("gsoap")
    out_dir = os.path.join(ctx.workdir, "gsoap")
    rc, out = run(["bash", os.path.join(HERE, "gsoap", "build.sh"), ctx.endpoint, out_dir], log,
                  ctx.budget.left(BUILD_TIMEOUT))
    if rc == 77:
        raise Missing(skipped(out) or "gSOAP toolchain missing")
    cells = results(out)
    if rc == 0:
        rc, out = run([os.path.join(out_dir, "gsoap-client"), ctx.endpoint, ctx.prefix("gsoap")],
                      log, ctx.budget.left(RUN_TIMEOUT))
        cells.update(results(out))
    # ?singleWsdl: wsdl2h and soapcpp2 must accept it too.
    single = os.path.join(ctx.workdir, "gsoap-single")
    os.makedirs(single, exist_ok=True)
    rc1, _ = run(["wsdl2h", "-c", "-F", "-x", "-t", os.path.join(HERE, "gsoap", "typemap.dat"),
                  "-o", os.path.join(single, "inventory.h"), ctx.endpoint + "?singleWsdl"], log,
                 ctx.budget.left(60))
    rc2 = None
    if rc1 == 0:
        rc2, _ = run(["soapcpp2", "-C", "-c", "-1", "-L", "-x", "-I/usr/share/gsoap/import",
                      "-d", single, os.path.join(single, "inventory.h")], log, ctx.budget.left(60))
    ok = rc1 == 0 and rc2 == 0 and os.path.exists(
        os.path.join(single, "BasicHttpBinding_USCOREIInventoryService.nsmap"))
    cells["singleWsdl"] = ("PASS", "") if ok else ("FAIL", "wsdl2h/soapcpp2 on ?singleWsdl, see %s" % log)
    return cells


class SharedBuild:
    """One build of a WCF client, shared by its two rows (BasicHttp and SOAP 1.2): Mono's
    (wcf/build.sh: svcutil + mcs) or .NET's (dotnet/build.sh: wsdl2cs.py + dotnet build)."""

    def __init__(self, name, cells, program):
        self.name = name            # the folder under tests/interop/ and the work dir
        self.cells = cells          # build.sh's result names of the wsdl and singleWsdl cells
        self.program = program      # the built program, relative to the build's output dir
        self.lock = threading.Lock()
        self.done = None

    def get(self, ctx):
        with self.lock:
            if self.done is None:
                log = ctx.log(self.name + "-build")
                out_dir = os.path.join(ctx.workdir, self.name)
                rc, out = run(["bash", os.path.join(HERE, self.name, "build.sh"), ctx.endpoint,
                               out_dir], log, ctx.budget.left(BUILD_TIMEOUT))
                cells = results(out)
                meta = {cell: cells.get(name, ("FAIL", "no result, see %s" % log))
                        for cell, name in zip(("wsdl", "singleWsdl"), self.cells)}
                exe = os.path.join(out_dir, self.program)
                self.done = (rc, skipped(out), meta, exe if os.path.exists(exe) else None)
            return self.done


def wcf_client(binding, dotnet=False):
    """A row of the Mono (dotnet=False) or the .NET WCF client over `binding`."""
    def go(ctx):
        build = ctx.dotnet if dotnet else ctx.wcf
        rc, skip, meta, exe = build.get(ctx)
        if rc == 77:
            raise Missing(skip or ("the .NET SDK is missing" if dotnet else "Mono toolchain missing"))
        cells = dict(meta)
        if binding == "soap12":
            if not ctx.endpoint12:
                return dict(cells, **{op: ("FAIL", "the daemon serves no SOAP 1.2 endpoint")
                                      for op in OPERATIONS})
            url = ctx.endpoint12
        else:
            url = ctx.endpoint
        if exe is None:
            return cells
        log = ctx.log(("dotnet-" if dotnet else "wcf-") + binding)
        cmd = [os.environ.get("DOTNET") or "dotnet", exe] if dotnet else ["mono", exe]
        _, out = run(cmd + [url, binding, ctx.prefix(("d" if dotnet else "w") + binding[0])], log,
                     ctx.budget.left(RUN_TIMEOUT))
        cells.update(results(out))
        return cells
    return go


RUNNERS = {
    "zeep": python_client("zeep"),
    "suds": python_client("suds"),
    "node-soap": node_client,
    "gsoap": gsoap_client,
    "wcf-basic": wcf_client("basic"),
    "wcf-soap12": wcf_client("soap12"),
    "dotnet-basic": wcf_client("basic", dotnet=True),
    "dotnet-soap12": wcf_client("soap12", dotnet=True),
}


class Context:
    def __init__(self, workdir, daemon):
        self.workdir = workdir
        self.endpoint = daemon.endpoint
        self.endpoint12 = daemon.endpoint12
        self.budget = Budget(TOTAL_BUDGET)
        self.wcf = SharedBuild("wcf", ("svcutil?wsdl", "svcutil?singleWsdl"), "interop.exe")
        self.dotnet = SharedBuild("dotnet", ("wsdl", "singleWsdl"), os.path.join("bin", "Interop.dll"))
        self.run_id = "%04X" % (os.getpid() % 0x10000)

    def log(self, name):
        return os.path.join(self.workdir, name + ".log")

    def prefix(self, client):
        """Unique per client and run, [A-Z0-9-], no prefix of another (FindProducts NOCASE)."""
        return ("%s-%s" % (re.sub(r"[^A-Z0-9]", "", client.upper())[:5], self.run_id))


# ---------------------------------------------------------------------------------------------
# The matrix

def parse_xfail():
    pairs = set()
    for item in (os.environ.get("SOAPREST_INTEROP_XFAIL") or "").split(","):
        item = item.strip()
        if ":" in item:
            c, cell = item.split(":", 1)
            pairs.add((c.strip(), cell.strip()))
    return pairs


def is_xfail(xfail, client, cell):
    return any((c in (client, "*")) and (x in (cell, "*")) for c, x in xfail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", default=",".join(CLIENTS),
                    help="comma-separated subset of: " + ", ".join(CLIENTS))
    ap.add_argument("--jobs", type=int, default=3, help="clients run at once (default 3)")
    args = ap.parse_args()
    clients = [c.strip() for c in args.clients.split(",") if c.strip()]
    unknown = [c for c in clients if c not in RUNNERS]
    if unknown:
        ap.error("unknown client(s): %s" % ", ".join(unknown))
    required = os.environ.get("SOAPREST_INTEROP_REQUIRED") == "1"
    xfail = parse_xfail()
    keep = os.environ.get("SOAPREST_INTEROP_LOGDIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        workdir = tempfile.mkdtemp(prefix="interop-", dir=keep)
    else:
        workdir = tempfile.mkdtemp(prefix="soaprest-interop-")
    started = time.monotonic()
    daemon = Daemon(workdir)
    try:
        daemon.start()
    except RuntimeError as exc:
        print("FAIL: %s" % exc)
        print("0 passed, 1 failed")
        return 1
    print("soaprestd %s: %s%s" % (daemon.binary, daemon.endpoint,
                                  ("  (SOAP 1.2: %s)" % daemon.endpoint12) if daemon.endpoint12
                                  else "  (no SOAP 1.2 endpoint)"))
    sys.stdout.flush()
    ctx = Context(workdir, daemon)
    table, missing = {}, {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(RUNNERS[c], ctx): c for c in clients}
            for fut in concurrent.futures.as_completed(futures):
                c = futures[fut]
                try:
                    table[c] = fut.result()
                except Missing as exc:
                    missing[c] = str(exc)
                except Exception as exc:    # a bug of the runner itself: still a failed cell
                    table[c] = {"wsdl": ("FAIL", "runner error: %s: %s" % (type(exc).__name__, exc))}
    finally:
        rc_daemon = daemon.stop()
    # Missing toolchains: a skip unless required.
    for c, why in missing.items():
        if required:
            table[c] = {cell: ("FAIL", "toolchain missing: " + why) for cell in CELLS}

    # Print the matrix: operations down, clients across.
    shown = [c for c in clients if c in table or c in missing]
    width = max(len(x) for x in CELLS) + 2
    colw = [max(len(c), 6) + 2 for c in shown]
    print()
    print("".ljust(width) + "".join(c.ljust(w) for c, w in zip(shown, colw)))
    passed = failed = xfailed = 0
    reasons = []
    for cell in CELLS:
        row = cell.ljust(width)
        for c, w in zip(shown, colw):
            if c in missing and c not in table:
                mark = "skip"
            else:
                status, why = table[c].get(cell, ("FAIL", "no result (the client stopped early "
                                                          "or timed out, see its log)"))
                xf = is_xfail(xfail, c, cell)
                if status == "PASS":
                    mark = "pass" if not xf else "XPASS"
                    passed += 1
                elif xf:
                    mark = "xfail"
                    xfailed += 1
                    reasons.append("%s / %s (xfail): %s" % (c, cell, why))
                else:
                    mark = "FAIL"
                    failed += 1
                    reasons.append("%s / %s: %s" % (c, cell, why))
            row += mark.ljust(w)
        print(row.rstrip())
    print()
    for c, why in sorted(missing.items()):
        print("%s %s: %s" % ("MISSING" if required else "skipped", c, why))
    for r in reasons:
        print("  " + r)
    if rc_daemon != 0:
        failed += 1
        print("soaprestd exited with %r after SIGTERM (expected 0); stderr in %s"
              % (rc_daemon, os.path.join(workdir, "soaprestd.stderr")))
    print("interop matrix: %.0f s, logs in %s" % (time.monotonic() - started,
                                                   workdir if (keep or failed) else "(removed)"))
    print("%d passed, %d failed%s" % (passed, failed, (", %d xfail" % xfailed) if xfailed else ""))
    sys.stdout.flush()
    if not keep and not failed:
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        return 1
    if missing and not required:
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
