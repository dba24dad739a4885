"""soaprest_testlib.py - shared helpers for the soaprest integration tests.

Used by tests/integration/test_*.py, which automake runs as
    /usr/bin/python3 tests/integration/test_X.py
with these variables in the environment:
    SOAPRESTD          absolute path of the soaprestd binary
    SOAPREST_WSDL_DIR  the contract directory (InventoryService.wsdl and its XSDs)
    SOAPREST_TEST_LIB  the directory of this file (the scripts add it to sys.path)
Run by hand from the top of a build tree, the defaults below find ./soaprestd and ./wsdl.

What lives here: the temp work dir (one per script, removed at exit), a Daemon class that
starts soaprestd on a free loopback port and stops it by PID with SIGTERM (asserting exit 0),
raw SOAP/HTTP helpers, fault parsing, unique SKUs, and main() which runs a module's tests with
unittest at verbosity 2, prints "N passed, M failed" and exits 0 / 1 / 77 (skip).
"""

import atexit
import itertools
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------------------------
# Contract constants

SVC_NS = "http://soaprest.org/inventory/2026/11"
DC_NS = "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
ARR_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
SER_NS = "http://schemas.microsoft.com/2003/10/Serialization/"
SOAP11_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ACTION_BASE = SVC_NS + "/IInventoryService/"
SERVICE_PATH = "/InventoryService.svc"
PNG_SIGNATURE = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

START_TIMEOUT = 15.0   # seconds until the endpoint line must be printed
STOP_TIMEOUT = 15.0    # seconds for a clean exit after SIGTERM
HTTP_TIMEOUT = 15.0    # every network call is bounded by this

_HERE = os.path.dirname(os.path.abspath(__file__))
_TOP = os.path.dirname(os.path.dirname(_HERE))

SOAPRESTD = os.environ.get("SOAPRESTD") or os.path.join(_TOP, "soaprestd")
WSDL_DIR = os.environ.get("SOAPREST_WSDL_DIR") or os.path.join(_TOP, "wsdl")
WSDL_FILE = os.path.join(WSDL_DIR, "InventoryService.wsdl")


def require_modules(*names):
    """Import the client libraries a script needs; exit 77 (automake's SKIP) when one is missing."""
    mods = []
    for name in names:
        try:
            mods.append(__import__(name))
        except ImportError as exc:
            print("SKIP: python module %r is not available to %s (%s)" % (name, sys.executable, exc))
            print("0 passed, 0 failed")
            sys.stdout.flush()
            sys.exit(77)
    return mods


# ---------------------------------------------------------------------------------------------
# Temp dir and unique names

_tmpdir = None
_tmp_lock = threading.Lock()
_counter = itertools.count(1)
_daemons = []


def tmpdir():
    """The script's private temp dir (tempfile.mkdtemp), created on first use."""
    global _tmpdir
    with _tmp_lock:
        if _tmpdir is None:
            _tmpdir = tempfile.mkdtemp(prefix="soaprest-it-")
        return _tmpdir


def new_subdir(prefix):
    return tempfile.mkdtemp(prefix=prefix + "-", dir=tmpdir())


def unique(prefix="T"):
    """A name unique within this process run and across concurrent runs (pid in it)."""
    return "%s%d-%d" % (prefix, os.getpid() % 100000, next(_counter))


def unique_sku(prefix="T"):
    """A unique SKU matching [A-Z0-9-]{3,32}."""
    sku = unique(prefix.upper())
    assert re.fullmatch(r"[A-Z0-9-]{3,32}", sku), sku
    return sku


# ---------------------------------------------------------------------------------------------
# The daemon

_ENDPOINT_RE = re.compile(r"SOAP 1\.1 endpoint\s+(http://\S+)")


class DaemonError(RuntimeError):
    pass


class Daemon:
    """One soaprestd process on 127.0.0.1:<free port> with its own database."""

    def __init__(self, db=None, extra_args=(), threads=2, name="soaprestd"):
        self.workdir = new_subdir(name)
        self.db = db or os.path.join(self.workdir, "soaprest.db")
        self.extra_args = list(extra_args)
        self.threads = threads
        self.name = name
        self.proc = None
        self.lines = []            # every stdout line seen so far (the reader thread appends)
        self._lines_lock = threading.Lock()
        self._queue = queue.Queue()
        self.endpoint = None       # http://127.0.0.1:PORT/InventoryService.svc
        self.host = None
        self.port = None
        self.stderr_path = os.path.join(self.workdir, "stderr.log")
        self.returncode = None

    # -- start ----------------------------------------------------------------------------
    def command(self):
        return [SOAPRESTD, "--listen", "127.0.0.1:0", "--db", self.db, "--wsdl", WSDL_FILE,
                "--threads", str(self.threads)] + self.extra_args

    def _reader(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self._lines_lock:
                self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def start(self):
        if not os.access(SOAPRESTD, os.X_OK):
            raise DaemonError("the daemon binary %s is missing or not executable" % SOAPRESTD)
        errf = open(self.stderr_path, "wb")
        try:
            self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=errf, cwd=self.workdir)
        finally:
            errf.close()
        _daemons.append(self)
        threading.Thread(target=self._reader, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            try:
                line = self._queue.get(timeout=max(0.01, left)) if left > 0 else None
            except queue.Empty:
                line = None
            if line is None:
                why = ("exited with %r" % self.proc.poll()) if self.proc.poll() is not None \
                    else "printed no endpoint line within %.0f s" % START_TIMEOUT
                self.kill()
                raise DaemonError("soaprestd %s\ncommand: %s\nstdout: %r\nstderr: %r" % (
                    why, " ".join(self.command()), self.stdout_text(), self.stderr_text()))
            m = _ENDPOINT_RE.search(line)
            if m:
                self.endpoint = m.group(1)
                hostport = self.endpoint.split("//", 1)[1].split("/", 1)[0]
                self.host, port = hostport.rsplit(":", 1)
                self.port = int(port)
                return self

    def wait_for_line(self, pattern, timeout=5.0):
        """The first stdout line matching the regex `pattern`, waiting up to `timeout`."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            with self._lines_lock:
                for line in self.lines:
                    if rx.search(line):
                        return line
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)

    # -- addresses ----------------------------------------------------------------------
    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    @property
    def wsdl_url(self):
        return self.endpoint + "?wsdl"

    @property
    def single_wsdl_url(self):
        return self.endpoint + "?singleWsdl"

    # -- stop ---------------------------------------------------------------------------
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM by PID; wait up to `timeout`; SIGKILL only when it did not exit.
        Returns the exit status; raises AssertionError when it had to be killed."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError("soaprestd (pid %d) did not exit within %.0f s of SIGTERM; "
                                     "killed. stderr: %r" % (self.proc.pid, timeout,
                                                             self.stderr_text()))
        self.returncode = self.proc.returncode
        return self.returncode

    def stop_expect_clean(self, timeout=STOP_TIMEOUT):
        """stop() and assert the exit status is 0."""
        rc = self.stop(timeout)
        if rc != 0:
            raise AssertionError("soaprestd exited with %r after SIGTERM (expected 0); stderr: %r"
                                 % (rc, self.stderr_text()))
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    # -- diagnostics --------------------------------------------------------------------
    def stdout_text(self):
        with self._lines_lock:
            return "\n".join(self.lines)

    def stderr_text(self, limit=4000):
        try:
            with open(self.stderr_path, "rb") as f:
                data = f.read()
        except OSError:
            return ""
        return data[-limit:].decode("utf-8", "replace")


def start_daemon(**kw):
    return Daemon(**kw).start()


def run_cli(args, timeout=HTTP_TIMEOUT):
    """Runs soaprestd with `args` (for --help, --version, bad options); returns CompletedProcess."""
    return subprocess.run([SOAPRESTD] + list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          cwd=tmpdir())


# ---------------------------------------------------------------------------------------------
# Raw SOAP over HTTP

def envelope(body_xml, header_xml=""):
    """A SOAP 1.1 envelope around `body_xml` (str), as UTF-8 bytes."""
    hdr = "<s:Header>%s</s:Header>" % header_xml if header_xml else ""
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<s:Envelope xmlns:s="%s">%s<s:Body>%s</s:Body></s:Envelope>'
            % (SOAP11_ENV_NS, hdr, body_xml)).encode("utf-8")


def op_body(op, inner=""):
    """The wrapped request element of operation `op` with the literal children `inner`."""
    return '<%s xmlns="%s" xmlns:d="%s">%s</%s>' % (op, SVC_NS, DC_NS, inner, op)


def soap_headers(op=None, action=None, content_type="text/xml; charset=utf-8"):
    if action is None and op is not None:
        action = ACTION_BASE + op
    h = {"Content-Type": content_type}
    if action is not None:
        h["SOAPAction"] = '"%s"' % action
    return h


def post(url, data, headers=None, timeout=HTTP_TIMEOUT):
    import requests
    return requests.post(url, data=data, headers=headers or {}, timeout=timeout)


def post_soap(daemon, op, body_bytes=None, action=None, headers=None, timeout=HTTP_TIMEOUT):
    """POSTs a SOAP 1.1 request for `op` (SOAPAction of `op` unless `action` says otherwise)."""
    h = soap_headers(op, action)
    if headers:
        h.update(headers)
    if body_bytes is None:
        body_bytes = envelope(op_body(op))
    return post(daemon.endpoint, body_bytes, h, timeout)


def describe(resp, limit=1500):
    """A one-paragraph picture of a requests.Response for assertion messages."""
    body = resp.content[:limit]
    return "HTTP %d %s; headers %r; body %r" % (resp.status_code, resp.reason,
                                               dict(resp.headers), body)


class SoapFault:
    def __init__(self, code, string, detail):
        self.code, self.string, self.detail = code, string, detail

    @property
    def code_local(self):
        return self.code.rsplit(":", 1)[-1] if self.code else self.code

    def detail_child(self):
        """The single element inside <detail>, or None."""
        if self.detail is None:
            return None
        kids = list(self.detail)
        return kids[0] if kids else None


def parse_fault(content):
    """Parses a SOAP 1.1 Fault envelope (bytes); raises AssertionError when it is not one."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise AssertionError("response is not well-formed XML (%s): %r" % (exc, content[:1000]))
    if root.tag != "{%s}Envelope" % SOAP11_ENV_NS:
        raise AssertionError("response root is %s, not a SOAP 1.1 Envelope: %r"
                             % (root.tag, content[:1000]))
    body = root.find("{%s}Body" % SOAP11_ENV_NS)
    fault = body.find("{%s}Fault" % SOAP11_ENV_NS) if body is not None else None
    if fault is None:
        raise AssertionError("no soap:Fault in the response body: %r" % content[:1000])
    code = fault.findtext("faultcode")
    string = fault.findtext("faultstring")
    detail = fault.find("detail")
    return SoapFault(code, string, detail)


def body_child(content):
    """The first element inside soap:Body of a response envelope (bytes)."""
    root = ET.fromstring(content)
    body = root.find("{%s}Body" % SOAP11_ENV_NS)
    if body is None or len(body) == 0:
        raise AssertionError("no element in soap:Body: %r" % content[:1000])
    return body[0]


def service_info_raw(daemon, timeout=HTTP_TIMEOUT):
    """Calls GetServiceInfo with a hand-written envelope; returns the ServiceInfo element.
    Raises AssertionError unless the answer is HTTP 200 with a GetServiceInfoResponse."""
    r = post_soap(daemon, "GetServiceInfo", timeout=timeout)
    if r.status_code != 200:
        raise AssertionError("GetServiceInfo: " + describe(r))
    el = body_child(r.content)
    if el.tag != "{%s}GetServiceInfoResponse" % SVC_NS:
        raise AssertionError("GetServiceInfo answered %s: %r" % (el.tag, r.content[:1000]))
    res = el.find("{%s}GetServiceInfoResult" % SVC_NS)
    if res is None:
        raise AssertionError("no GetServiceInfoResult: %r" % r.content[:1000])
    return res


def raw_http(port, data, timeout=HTTP_TIMEOUT, host="127.0.0.1"):
    """Sends `data` (bytes) on a fresh TCP connection and reads until the peer closes or the
    timeout passes; returns the bytes received."""
    chunks = []
    deadline = time.monotonic() + timeout
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks)


def http_status(raw):
    """The status code of the first HTTP response in `raw` bytes, or None."""
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# Running a script

class _Result(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = []

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(test)


def cleanup():
    """Stops (SIGKILL as a last resort) every daemon still running and removes the temp dir."""
    global _tmpdir
    for d in _daemons:
        if d.alive():
            try:
                d.stop(timeout=5)
            except AssertionError:
                pass
            d.kill()
    if _tmpdir is not None:
        shutil.rmtree(_tmpdir, ignore_errors=True)
        _tmpdir = None


atexit.register(cleanup)   # also on an abnormal exit: no daemon or temp dir is left behind


def main(module_name):
    """Runs the tests of `module_name` (verbosity 2), prints 'N passed, M failed', exits."""
    module = sys.modules[module_name]
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=_Result)
    print("soaprestd: %s\ncontract: %s" % (SOAPRESTD, WSDL_DIR))
    sys.stdout.flush()
    try:
        result = runner.run(suite)
    finally:
        cleanup()
    passed = len(result.passed)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    if failed:
        sys.exit(1)
    if passed == 0:
        sys.exit(77)
    sys.exit(0)


# ---------------------------------------------------------------------------------------------
# REST/JSON helpers (test_rest_routes.py, test_differential.py)

JSON_TYPE = "application/json"
PROBLEM_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:soaprest:problem:"
NO_BODY = object()     # rest(): send no body at all (distinct from a JSON null body)

_REST_RE = re.compile(r"^\s*REST API\s+(http://\S+)\s*$")
_OPENAPI_RE = re.compile(r"^\s*OpenAPI\s+(http://\S+)\s*$")


def rest_banner_urls(daemon, timeout=5.0):
    """(REST API url, OpenAPI url) from the daemon's start-up lines (None when missing)."""
    urls = []
    for rx in (_REST_RE, _OPENAPI_RE):
        line = daemon.wait_for_line(rx.pattern, timeout)
        m = rx.match(line) if line is not None else None
        urls.append(m.group(1) if m else None)
    return tuple(urls)


def rest(daemon, method, path, body=NO_BODY, headers=None, params=None, data=None,
         timeout=HTTP_TIMEOUT):
    """One REST call to daemon.base + path. `body` is serialized as UTF-8 JSON with
    Content-Type application/json (unless headers say otherwise); `data` (bytes/str) is sent
    as-is instead. Redirects are not followed. Returns the requests.Response."""
    import json
    import requests
    h = {}
    if body is not NO_BODY:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h["Content-Type"] = JSON_TYPE
    if headers:
        h.update(headers)
    return requests.request(method, daemon.base + path, data=data, headers=h, params=params,
                            timeout=timeout, allow_redirects=False)


def media_type(resp):
    """The media type of a response's Content-Type, lower-cased, without parameters."""
    ct = resp.headers.get("Content-Type")
    return ct.split(";", 1)[0].strip().lower() if ct is not None else None


def resolve_pointer(doc, pointer):
    """The value an RFC 6901 JSON Pointer designates in `doc`; raises KeyError/IndexError/
    TypeError when it designates nothing."""
    if pointer == "":
        return doc
    if not pointer.startswith("/"):
        raise KeyError("not a JSON Pointer: %r" % pointer)
    for tok in pointer[1:].split("/"):
        tok = tok.replace("~1", "/").replace("~0", "~")
        if isinstance(doc, list):
            doc = doc[int(tok)]
        elif isinstance(doc, dict):
            doc = doc[tok]
        else:
            raise TypeError("pointer %r goes through a scalar" % pointer)
    return doc


class hold_write_lock:
    """Context manager: holds SQLite's write lock on `db_path` (BEGIN IMMEDIATE from another
    connection) so that the daemon's next write waits out its busy timeout and fails with an
    internal (SOAP Server) fault. Reads keep working (WAL)."""

    def __init__(self, db_path):
        self.db_path = db_path
        self.conn = None

    def __enter__(self):
        import sqlite3
        self.conn = sqlite3.connect(self.db_path, timeout=10, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        try:
            self.conn.execute("ROLLBACK")
        finally:
            self.conn.close()
        return False
