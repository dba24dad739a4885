#!/usr/bin/env python3
"""test_fetch_wsdl.py - tools/soaprest-fetch-wsdl against real HTTP servers on loopback: soaprestd's
own ?wsdl (WCF's shape: ?xsd=xsdN locations), and a stand-in server publishing a contract split over
files by absolute URLs (a wsdl:import, an xs:import, an xs:include). The copies must load in
soaprestd's gateway mode; every limit and refusal is checked, and an error leaves the folder empty.
"""
import http.server
import os
import subprocess
import sys
import threading
import unittest

import requests

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB") or os.path.dirname(os.path.abspath(__file__)))
import soaprest_testlib as tl  # noqa: E402

FETCH = os.environ.get("SOAPREST_FETCH_WSDL") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tools", "soaprest-fetch-wsdl")

MAIN_WSDL = """<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions targetNamespace="http://tempuri.org/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:i0="urn:contract">
  <!-- the service WSDL imports the contract's by an absolute URL -->
  <wsdl:import namespace="urn:contract" location="{base}/svc/Counter.svc?wsdl=wsdl0"/>
  <wsdl:service name="Counter">
    <wsdl:port name="P" binding="i0:B"><soap:address location="{base}/svc/Counter.svc"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""
PART_WSDL = """<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions targetNamespace="urn:contract" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:contract">
  <wsdl:types>
    <xsd:schema targetNamespace="urn:contract/Imports">
      <xsd:import namespace="urn:contract" schemaLocation='{base}/svc/Counter.svc?xsd=xsd0&amp;v=1'/>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Increment"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:IncrementResponse"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="Increment">
    <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:PT"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Increment"><soap:operation soapAction="urn:contract/Increment"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation></wsdl:binding>
</wsdl:definitions>
"""
XSD0 = """<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:contract"
    xmlns:tns="urn:contract" elementFormDefault="qualified">
  <!-- relative to this document's URL; the namespace attribute equals no location on purpose -->
  <xs:include schemaLocation="types/common.xsd"/>
  <xs:element name="Increment"><xs:complexType><xs:sequence>
    <xs:element name="by" type="tns:Step"/></xs:sequence></xs:complexType></xs:element>
  <xs:element name="IncrementResponse"><xs:complexType><xs:sequence>
    <xs:element name="value" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""
COMMON = """<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:contract">
  <xs:simpleType name="Step"><xs:restriction base="xs:int"><xs:minInclusive value="1"/></xs:restriction></xs:simpleType>
</xs:schema>
"""


class Publisher(http.server.BaseHTTPRequestHandler):
    """Serves the split contract (and a few bad documents) by path and query."""

    docs = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        doc = self.docs.get(self.path)
        if isinstance(doc, tuple):      # ("redirect", location)
            self.send_response(302)
            self.send_header("Location", doc[1])
            self.end_headers()
            return
        if doc is None:
            self.send_error(404)
            return
        body = doc.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def fetch(url, folder, *opts):
    return subprocess.run([sys.executable, FETCH] + list(opts) + [url, folder], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60, text=True)


class FetchWsdl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Publisher)
        base = "http://127.0.0.1:%d" % cls.server.server_address[1]
        Publisher.docs = {
            "/svc/Counter.svc?wsdl": MAIN_WSDL.format(base=base),
            "/svc/Counter.svc?wsdl=wsdl0": PART_WSDL.format(base=base),
            "/svc/Counter.svc?xsd=xsd0&v=1": XSD0,
            "/svc/types/common.xsd": COMMON,
            "/bad/doctype.wsdl": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>',
            "/bad/notxml.wsdl": "this is not XML",
            "/bad/to-file.wsdl": ("redirect", "file:///etc/passwd"),
            "/bad/missing-import.wsdl": MAIN_WSDL.format(base=base + "/nowhere"),
        }
        cls.base = base
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def folder(self):
        return tl.new_subdir("fetch")

    def assert_refused(self, url, says, *opts):
        d = self.folder()
        r = fetch(url, d, *opts)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(says, r.stderr)
        self.assertEqual(os.listdir(d), [], "an error must leave the folder as it was")

    def test_split_contract_by_absolute_urls_loads_in_gateway_mode(self):
        d = self.folder()
        r = fetch(self.base + "/svc/Counter.svc?wsdl", d)
        self.assertEqual(r.returncode, 0, r.stderr)
        main = r.stdout.strip()
        self.assertEqual(main, os.path.join(d, "Counter.wsdl"))
        self.assertEqual(sorted(os.listdir(d)), ["Counter.wsdl", "Counter.wsdl0.wsdl", "Counter.xsd0_v_1.xsd",
                                                 "common.xsd"])
        with open(os.path.join(d, "Counter.wsdl0.wsdl"), encoding="utf-8") as f:
            part = f.read()
        self.assertIn("schemaLocation='Counter.xsd0_v_1.xsd'", part)   # quotes kept as published
        self.assertIn('xmlns:tns="urn:contract"', part)                 # bytes, not re-serialized
        with open(os.path.join(d, "Counter.xsd0_v_1.xsd"), encoding="utf-8") as f:
            self.assertIn('<xs:include schemaLocation="common.xsd"/>', f.read())
        daemon = tl.Daemon(extra_args=["--wsdl", main, "--upstream", self.base + "/svc/Counter.svc"],
                           name="fetched").start()
        try:
            r = requests.get(daemon.base + "/api/openapi.json", timeout=tl.HTTP_TIMEOUT)
            self.assertEqual(r.status_code, 200)
            step = r.json()["components"]["schemas"]["Step"]
            self.assertEqual(step.get("minimum"), 1)            # the included schema's type arrived
        finally:
            daemon.stop_expect_clean()

    def test_soaprestd_own_wsdl(self):
        source = tl.start_daemon(name="published")
        try:
            d = self.folder()
            r = fetch(source.wsdl_url, d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(os.listdir(d)), ["InventoryService.wsdl"] +
                             ["InventoryService.xsd%d.xsd" % i for i in range(4)])
            again = fetch(source.wsdl_url, d)       # never overwrites: new names
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(again.stdout.strip(), os.path.join(d, "InventoryService.2.wsdl"))
            gw = tl.Daemon(extra_args=["--wsdl", r.stdout.strip(), "--upstream", source.endpoint],
                           name="gateway").start()
            gw.stop_expect_clean()
        finally:
            source.stop_expect_clean()

    def test_limits(self):
        url = self.base + "/svc/Counter.svc?wsdl"
        self.assert_refused(url, "more than --max-files 3 documents", "--max-files", "3")
        self.assert_refused(url, "larger than --max-bytes 200", "--max-bytes", "200")
        self.assert_refused(url, "larger than --max-total 1500", "--max-total", "1500")

    def test_refusals(self):
        self.assert_refused(self.base + "/bad/doctype.wsdl", "has a DOCTYPE")
        self.assert_refused(self.base + "/bad/notxml.wsdl", "not well-formed XML")
        self.assert_refused(self.base + "/bad/to-file.wsdl", "file:///etc/passwd")   # the redirect is refused
        self.assert_refused("file:///etc/hostname", "only http:// and https:// locations are fetched")
        self.assert_refused(self.base + "/bad/missing-import.wsdl", "HTTP 404")

    def test_bad_arguments(self):
        r = fetch(self.base + "/svc/Counter.svc?wsdl", self.folder(), "--max-files", "0")
        self.assertEqual(r.returncode, 2)
        self.assertIn("limits must be positive", r.stderr)


if __name__ == "__main__":
    tl.main(__name__)
