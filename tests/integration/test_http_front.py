#!/usr/bin/python3
"""test_http_front.py - the HTTP front of soaprestd, driven with python-requests and raw sockets:
routing (404/405), metadata (?wsdl, ?singleWsdl, ?xsd=xsdN with the client's Host), body limits
(413), media types (415), bad SOAP bodies (500 Client faults, server still alive), the one-way
202, SOAPAction/body mismatch, Content-Length + Transfer-Encoding (400), 50 concurrent calls and
the command line (--help, --version, a bad --listen).
Run: SOAPRESTD=... SOAPREST_WSDL_DIR=... /usr/bin/python3 test_http_front.py
"""

import os
import sys

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB")
                or os.path.dirname(os.path.abspath(__file__)))

import soaprest_testlib as tl  # noqa: E402

(requests,) = tl.require_modules("requests")

import re  # noqa: E402
import urllib.parse  # noqa: E402
import threading  # noqa: E402
import unittest  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

SVC, DC = tl.SVC_NS, tl.DC_NS
T = tl.HTTP_TIMEOUT
D = None   # the module's daemon (default limits)


def setUpModule():
    global D
    D = tl.start_daemon(name="http")


def tearDownModule():
    if D is not None:
        D.stop_expect_clean()


def get(url, **kw):
    kw.setdefault("timeout", T)
    kw.setdefault("allow_redirects", False)
    return requests.get(url, **kw)


def create_product_raw(daemon, stock=10, price="1.25"):
    """CreateProduct with a hand-written envelope; returns (id, sku)."""
    sku = tl.unique_sku("H")
    inner = ("<product><d:Sku>%s</d:Sku><d:Name>Raw %s</d:Name><d:Category>Hardware</d:Category>"
             "<d:Price>%s</d:Price><d:StockQuantity>%d</d:StockQuantity></product>"
             % (sku, sku, price, stock))
    r = tl.post_soap(daemon, "CreateProduct", tl.envelope(tl.op_body("CreateProduct", inner)))
    if r.status_code != 200:
        raise AssertionError("CreateProduct: " + tl.describe(r))
    res = tl.body_child(r.content).find("{%s}CreateProductResult" % SVC)
    return int(res.findtext("{%s}Id" % DC)), sku


def get_product_raw(daemon, pid):
    r = tl.post_soap(daemon, "GetProduct", tl.envelope(tl.op_body("GetProduct",
                                                                  "<id>%d</id>" % pid)))
    return r


def stock_raw(daemon, pid):
    r = get_product_raw(daemon, pid)
    if r.status_code != 200:
        raise AssertionError("GetProduct: " + tl.describe(r))
    res = tl.body_child(r.content).find("{%s}GetProductResult" % SVC)
    return int(res.findtext("{%s}StockQuantity" % DC))


class Base(unittest.TestCase):
    maxDiff = 4000

    def assertAlive(self, daemon=None):
        d = daemon or D
        self.assertTrue(d.alive(), "soaprestd died; stderr: %r" % d.stderr_text())
        info = tl.service_info_raw(d)
        self.assertIsNotNone(info.findtext("{%s}Version" % DC))

    def assertClientFault(self, r, what, codes=("Client",)):
        """HTTP 500, text/xml, a SOAP 1.1 Fault whose faultcode is one of `codes` (local name)
        and whose faultstring is not empty."""
        self.assertEqual(r.status_code, 500, "%s: %s" % (what, tl.describe(r)))
        self.assertTrue(r.headers.get("Content-Type", "").startswith("text/xml"),
                        "%s: %s" % (what, tl.describe(r)))
        f = tl.parse_fault(r.content)
        self.assertIn(f.code_local, codes, "%s: faultcode %r, %s" % (what, f.code,
                                                                    tl.describe(r)))
        self.assertTrue(f.string, "%s: empty faultstring" % what)
        return f


class Banner(Base):
    def test_banner_lines(self):
        self.assertRegex(D.lines[0], r"^soaprestd \d+\.\d+\.\d+\S*: ")
        for pat, want in ((r"^\s+WSDL\s+", D.endpoint + "?wsdl"),
                          (r"^\s+single WSDL\s+", D.endpoint + "?singleWsdl"),
                          (r"^\s+database\s+", D.db)):
            line = D.wait_for_line(pat)
            self.assertIsNotNone(line, "no line matching %r in %r" % (pat, D.stdout_text()))
            self.assertEqual(re.sub(pat, "", line).strip(), want)
        self.assertEqual(D.endpoint, "http://127.0.0.1:%d/InventoryService.svc" % D.port)
        self.assertNotEqual(D.port, 0)


class Routing(Base):
    def test_unknown_path_404(self):
        for path in ("/nope", "/InventoryService.svcx", "/favicon.ico", "/InventoryService"):
            with self.subTest(path=path):
                r = get(D.base + path)
                self.assertEqual(r.status_code, 404, tl.describe(r))
                self.assertLess(len(r.content), 1024, "404 body is not short")
        r = requests.post(D.base + "/nope", data=tl.envelope(tl.op_body("GetServiceInfo")),
                          headers=tl.soap_headers("GetServiceInfo"), timeout=T)
        self.assertEqual(r.status_code, 404, tl.describe(r))

    def test_wrong_method_405_with_allow(self):
        for method in ("PUT", "DELETE", "PATCH"):
            with self.subTest(method=method):
                r = requests.request(method, D.endpoint, data=b"<x/>",
                                     headers={"Content-Type": "text/xml"}, timeout=T)
                self.assertEqual(r.status_code, 405, tl.describe(r))
                self.assertIn("Allow", r.headers, tl.describe(r))
                allow = {m.strip().upper() for m in r.headers["Allow"].split(",")}
                self.assertTrue({"GET", "POST"} <= allow, "Allow: %r" % r.headers["Allow"])
                self.assertNotIn(method, allow)


class Metadata(Base):
    HOST = "example.test:1234"
    ORIGIN = "http://example.test:1234"

    def fetch(self, query, host=None):
        headers = {"Host": host} if host else {}
        r = get(D.endpoint + "?" + query, headers=headers)
        self.assertEqual(r.status_code, 200, "?%s: %s" % (query, tl.describe(r)))
        self.assertTrue(r.headers.get("Content-Type", "").startswith("text/xml"),
                        "?%s Content-Type %r" % (query, r.headers.get("Content-Type")))
        try:
            return ET.fromstring(r.content)
        except ET.ParseError as exc:
            self.fail("?%s is not well-formed: %s: %r" % (query, exc, r.content[:500]))

    @staticmethod
    def schema_locations(root):
        return [el.get("schemaLocation") for el in root.iter() if el.get("schemaLocation")]

    @staticmethod
    def soap_address(root):
        addrs = [el.get("location") for el in root.iter("{%s}address" % tl.WSDL_SOAP_NS)]
        return addrs

    def test_wsdl_rewritten_to_client_host(self):
        root = self.fetch("wsdl", self.HOST)
        self.assertEqual(root.tag, "{%s}definitions" % tl.WSDL_NS)
        self.assertEqual(self.soap_address(root), [self.ORIGIN + tl.SERVICE_PATH])
        # The WSDL's own imports are relative to the WSDL's URL (Mono's svcutil needs that);
        # resolved as a client resolves them, they point at the host the client used.
        wsdl_url = self.ORIGIN + tl.SERVICE_PATH + "?wsdl"
        locs = [urllib.parse.urljoin(wsdl_url, l) for l in self.schema_locations(root)]
        self.assertEqual(sorted(locs), ["%s%s?xsd=xsd%d" % (self.ORIGIN, tl.SERVICE_PATH, i)
                                        for i in range(4)])
        # the published contract is the file's contract
        ref = ET.parse(tl.WSDL_FILE).getroot()
        ops = lambda r: sorted(o.get("name") for o in r.iter("{%s}operation" % tl.WSDL_NS))
        self.assertEqual(ops(root), ops(ref))

    def test_wsdl_default_host_is_the_listener(self):
        root = self.fetch("wsdl")
        self.assertEqual(self.soap_address(root), [D.endpoint])
        for loc in self.schema_locations(root):
            resolved = urllib.parse.urljoin(D.endpoint + "?wsdl", loc)
            self.assertTrue(resolved.startswith(D.endpoint + "?xsd=xsd"), resolved)

    def test_xsd_documents(self):
        namespaces = set()
        for i in range(4):
            with self.subTest(xsd=i):
                root = self.fetch("xsd=xsd%d" % i, self.HOST)
                self.assertEqual(root.tag, "{%s}schema" % tl.XSD_NS)
                namespaces.add(root.get("targetNamespace"))
                for loc in self.schema_locations(root):
                    self.assertRegex(loc, r"^%s\?xsd=xsd[0-3]$" % re.escape(
                        self.ORIGIN + tl.SERVICE_PATH))
        self.assertEqual(namespaces, {SVC, DC, tl.ARR_NS, tl.SER_NS})

    def test_single_wsdl(self):
        root = self.fetch("singleWsdl", self.HOST)
        self.assertEqual(root.tag, "{%s}definitions" % tl.WSDL_NS)
        self.assertEqual(self.schema_locations(root), [], "singleWsdl still imports")
        self.assertEqual(self.soap_address(root), [self.ORIGIN + tl.SERVICE_PATH])
        tns = {s.get("targetNamespace") for s in root.iter("{%s}schema" % tl.XSD_NS)}
        self.assertTrue({SVC, DC, tl.ARR_NS, tl.SER_NS} <= tns, tns)
        names = {el.get("name") for el in root.iter("{%s}complexType" % tl.XSD_NS)}
        self.assertTrue({"Product", "PerishableProduct", "Order", "ArrayOfstring"} <= names)

    def test_unknown_xsd_404(self):
        for q in ("xsd=xsd99", "xsd=xsd4", "xsd=", "xsd=../InventoryService.wsdl"):
            with self.subTest(query=q):
                r = get(D.endpoint + "?" + q)
                self.assertEqual(r.status_code, 404, tl.describe(r))


class Limits(Base):
    @classmethod
    def setUpClass(cls):
        cls.small = tl.start_daemon(name="maxbody", extra_args=["--max-body", "4096"])

    @classmethod
    def tearDownClass(cls):
        cls.small.stop_expect_clean()

    def padded(self, size):
        env = tl.envelope(tl.op_body("GetServiceInfo"))
        pad = size - len(env)
        assert pad > 0
        return env.replace(b"<s:Body>", b"<s:Body>" + b" " * pad)

    def test_body_under_limit_ok(self):
        body = self.padded(4000)
        r = tl.post_soap(self.small, "GetServiceInfo", body)
        self.assertEqual(r.status_code, 200, tl.describe(r))

    def test_body_over_limit_413(self):
        body = self.padded(5000)
        r = tl.post_soap(self.small, "GetServiceInfo", body)
        self.assertEqual(r.status_code, 413, tl.describe(r))
        self.assertAlive(self.small)

    def test_chunked_body_over_limit_413(self):
        env = self.padded(12000)
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(env[i:i + 1000]), env[i:i + 1000])
                          for i in range(0, len(env), 1000)) + b"0\r\n\r\n"
        req = (b"POST /InventoryService.svc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               b"Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"%s\"\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               % (self.small.port, (tl.ACTION_BASE + "GetServiceInfo").encode())) + chunks
        raw = tl.raw_http(self.small.port, req)
        self.assertEqual(tl.http_status(raw), 413, raw[:800])
        self.assertAlive(self.small)

    def test_default_limit_is_1mib(self):
        r = tl.post_soap(D, "GetServiceInfo", self.padded(1024 * 1024 + 1))
        self.assertEqual(r.status_code, 413, tl.describe(r))
        r = tl.post_soap(D, "GetServiceInfo", self.padded(1024 * 1024 - 16))
        self.assertEqual(r.status_code, 200, tl.describe(r))

    def test_non_xml_media_type_415(self):
        for ctype in ("application/json", "text/plain", "application/x-www-form-urlencoded"):
            with self.subTest(content_type=ctype):
                r = tl.post_soap(D, "GetServiceInfo", b'{"hello": "world"}',
                                 headers={"Content-Type": ctype})
                self.assertEqual(r.status_code, 415, tl.describe(r))
        self.assertAlive()


class BadBodies(Base):
    def test_bad_bodies_are_client_faults(self):
        good = tl.envelope(tl.op_body("GetServiceInfo"))
        cases = [
            ("malformed XML", "GetServiceInfo",
             b'<s:Envelope xmlns:s="%s"><s:Body><GetServiceInfo></s:Body></s:Envelope>'
             % tl.SOAP11_ENV_NS.encode()),
            ("truncated envelope", "GetServiceInfo", good[:len(good) // 2]),
            ("unknown operation", "Frobnicate",
             tl.envelope('<Frobnicate xmlns="%s"><x>1</x></Frobnicate>' % SVC)),
            ("empty body", "GetServiceInfo", b""),

            ("HTTP request smuggled as body", "GetServiceInfo",
             b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s"
             % (len(good), good)),
            ("GetProduct id not an int", "GetProduct",
             tl.envelope(tl.op_body("GetProduct", "<id>twelve</id>"))),
        ]
        for what, op, body in cases:
            with self.subTest(case=what):
                r = tl.post_soap(D, op, body)
                self.assertClientFault(r, what)
                self.assertAlive()

    def test_not_an_envelope(self):
        # SOAP 1.1 section 4.4.1: a root that is no soap:Envelope is a VersionMismatch
        for i in range(3):   # repeated: a reused engine context must not change the answer
            r = tl.post_soap(D, "GetServiceInfo", tl.op_body("GetServiceInfo").encode())
            self.assertClientFault(r, "bare GetServiceInfo element, try %d" % i,
                                   codes=("VersionMismatch", "Client"))
        self.assertAlive()

    def test_nul_byte_fault_is_soap11_every_time(self):
        good = tl.envelope(tl.op_body("GetServiceInfo"))
        for i, body in enumerate([good.replace(b"<s:Body>", b"<s:Body>\x00"), good + b"\x00",
                                  b"\x00" + good, good.replace(b"<s:Body>", b"<s:Body>\x00")]):
            r = tl.post_soap(D, "GetServiceInfo", body)
            self.assertClientFault(r, "NUL byte, request %d" % i)
            self.assertNotIn(b"http://www.w3.org/2003/05/soap-envelope", r.content,
                             "a SOAP 1.2 envelope for a SOAP 1.1 request: %s" % tl.describe(r))
        self.assertAlive()

    def test_markup_in_string_member_stays_inert_text(self):
        # gSOAP reads an element inside an xs:string member as part of the string (WCF would
        # refuse it). What users rely on: it never becomes structure. It is stored as the literal
        # text and always goes back out escaped, so no client can inject markup through it.
        sku = tl.unique_sku("MARK")
        inner = ("<product><d:Sku>%s</d:Sku><d:Name>a<b>bold</b>c</d:Name>"
                 "<d:Category>Hardware</d:Category><d:Price>1</d:Price></product>" % sku)
        r = tl.post_soap(D, "CreateProduct", tl.envelope(tl.op_body("CreateProduct", inner)))
        self.assertEqual(r.status_code, 200, tl.describe(r))
        self.assertIn(b"<dc:Name>a&lt;b&gt;bold&lt;/b&gt;c</dc:Name>", r.content)
        self.assertNotIn(b"<b>bold</b>", r.content)

    def test_deeply_nested_body(self):
        depth = 10000
        nest = "<a>" * depth + "</a>" * depth
        # inside the wrapper of a parameterless operation an unknown child may be skipped
        # (WCF ignores unknown elements too): either answer is fine, the server must live
        r = tl.post_soap(D, "GetServiceInfo", tl.envelope(tl.op_body("GetServiceInfo", nest)))
        self.assertIn(r.status_code, (200, 500), tl.describe(r))
        if r.status_code == 500:
            tl.parse_fault(r.content)
        self.assertAlive()
        for what, op, body in (
                ("inside a string member", "CreateProduct",
                 tl.envelope(tl.op_body("CreateProduct",
                                        "<product><d:Sku>DEEP-1</d:Sku><d:Name>%s</d:Name>"
                                        "</product>" % nest))),
                ("bare", "GetServiceInfo", tl.envelope(nest))):
            with self.subTest(case=what):
                r = tl.post_soap(D, op, body.encode() if isinstance(body, str) else body)
                self.assertEqual(r.status_code, 500, tl.describe(r))
                tl.parse_fault(r.content)
                self.assertAlive()

    def test_soap_action_mismatch(self):
        body = tl.envelope(tl.op_body("GetServiceInfo"))
        r = tl.post_soap(D, "GetProduct", body)
        self.assertClientFault(r, "SOAPAction GetProduct, body GetServiceInfo")
        r = tl.post_soap(D, None, body, action="http://example.org/Other/GetServiceInfo")
        self.assertClientFault(r, "SOAPAction of another contract")
        self.assertAlive()

    def test_valid_call_200_text_xml(self):
        r = tl.post_soap(D, "GetServiceInfo")
        self.assertEqual(r.status_code, 200, tl.describe(r))
        self.assertTrue(r.headers.get("Content-Type", "").startswith("text/xml"), tl.describe(r))
        el = tl.body_child(r.content)
        self.assertEqual(el.tag, "{%s}GetServiceInfoResponse" % SVC)

    def test_typed_fault_raw(self):
        r = get_product_raw(D, 987650001)
        f = self.assertClientFault(r, "GetProduct of a missing id")
        child = f.detail_child()
        self.assertIsNotNone(child, tl.describe(r))
        self.assertEqual(child.tag, "{%s}NotFoundFault" % DC)
        self.assertEqual((child.findtext("{%s}Entity" % DC), child.findtext("{%s}Key" % DC)),
                         ("Product", "987650001"))


class OneWay(Base):
    def test_adjust_stock_202_empty(self):
        pid, sku = create_product_raw(D, stock=10)
        body = tl.envelope(tl.op_body("AdjustStock", "<sku>%s</sku><delta>3</delta>"
                                                     "<reason>count</reason>" % sku))
        r = tl.post_soap(D, "AdjustStock", body)
        self.assertEqual(r.status_code, 202, tl.describe(r))
        self.assertEqual(r.content, b"", tl.describe(r))
        got = None
        for _ in range(100):
            got = stock_raw(D, pid)
            if got == 13:
                break
            threading.Event().wait(0.05)
        self.assertEqual(got, 13)
        for what, inner in (("unknown sku", "<sku>NOPE-%s</sku><delta>1</delta>" % sku),
                            ("negative result", "<sku>%s</sku><delta>-100</delta>" % sku)):
            with self.subTest(case=what):
                r = tl.post_soap(D, "AdjustStock", tl.envelope(tl.op_body("AdjustStock", inner)))
                self.assertEqual((r.status_code, r.content), (202, b""), tl.describe(r))
        self.assertEqual(stock_raw(D, pid), 13)


class Smuggling(Base):
    def raw_post(self, headers, body):
        env = tl.envelope(tl.op_body("GetServiceInfo"))
        head = ("POST /InventoryService.svc HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"%sGetServiceInfo\"\r\n"
                "%sConnection: close\r\n\r\n" % (D.port, tl.ACTION_BASE, headers)).encode()
        return tl.raw_http(D.port, head + body(env))

    @staticmethod
    def chunked(env):
        return b"%x\r\n%s\r\n0\r\n\r\n" % (len(env), env)

    def test_chunked_alone_ok(self):
        raw = self.raw_post("Transfer-Encoding: chunked\r\n", self.chunked)
        self.assertEqual(tl.http_status(raw), 200, raw[:800])

    def test_content_length_and_transfer_encoding_400(self):
        env_len = len(self.chunked(tl.envelope(tl.op_body("GetServiceInfo"))))
        raw = self.raw_post("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % env_len,
                            self.chunked)
        self.assertEqual(tl.http_status(raw), 400, raw[:800])
        self.assertNotIn(b"GetServiceInfoResponse", raw)
        self.assertAlive()


class Concurrency(Base):
    def test_50_concurrent_get_product(self):
        pid, sku = create_product_raw(D, stock=77)
        n = 50
        barrier = threading.Barrier(n, timeout=T)

        def call(_):
            barrier.wait()
            with requests.Session() as s:
                body = tl.envelope(tl.op_body("GetProduct", "<id>%d</id>" % pid))
                r = s.post(D.endpoint, data=body, headers=tl.soap_headers("GetProduct"),
                           timeout=T)
            if r.status_code != 200:
                return "HTTP %d %r" % (r.status_code, r.content[:300])
            res = tl.body_child(r.content).find("{%s}GetProductResult" % SVC)
            got = (res.findtext("{%s}Sku" % DC), res.findtext("{%s}StockQuantity" % DC))
            return "ok" if got == (sku, "77") else "wrong %r" % (got,)

        with ThreadPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(lambda i: self._safe(call, i), range(n)))
        bad = [r for r in results if r != "ok"]
        self.assertEqual(bad, [], "%d of %d calls failed" % (len(bad), n))
        self.assertAlive()

    @staticmethod
    def _safe(fn, arg):
        try:
            return fn(arg)
        except Exception as exc:   # a timeout or reset is a failed call, reported as such
            return "%s: %s" % (type(exc).__name__, exc)


class CommandLine(Base):
    def test_help(self):
        p = tl.run_cli(["--help"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b"--listen", p.stdout)

    def test_version(self):
        p = tl.run_cli(["--version"])
        self.assertEqual(p.returncode, 0, p.stderr)
        m = re.match(r"soaprestd (\S+):", D.lines[0])
        self.assertIsNotNone(m, D.lines[0])
        self.assertIn(m.group(1).encode(), p.stdout)
        self.assertRegex(p.stdout.decode("utf-8", "replace"), r"\b\d+\.\d+\.\d+\b")

    def test_bad_listen_exits_2(self):
        for value in ("nonsense", "127.0.0.1:notaport", "127.0.0.1:70000", ""):
            with self.subTest(listen=value):
                p = tl.run_cli(["--listen", value, "--db",
                                os.path.join(tl.new_subdir("cli"), "x.db"),
                                "--wsdl", tl.WSDL_FILE])
                self.assertEqual(p.returncode, 2, (p.stdout, p.stderr))
                self.assertTrue(p.stderr.strip(), "no message on stderr")

    def test_unknown_option_exits_2(self):
        p = tl.run_cli(["--no-such-option"])
        self.assertEqual(p.returncode, 2, (p.stdout, p.stderr))


if __name__ == "__main__":
    tl.main(__name__)
