#!/usr/bin/env python3
"""test_gateway.py - a user's own WSDL (tests/gateway/Library.wsdl), no mapping file: soaprestd in
gateway mode infers its REST routes from the operation names and forwards each call, as a SOAP
request built from the schema, to someone else's SOAP service (tests/gateway/library_upstream.py)."""
import os
import sys

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB", os.path.dirname(os.path.abspath(__file__))))
import soaprest_testlib as tl  # noqa: E402

tl.require_modules("requests")
import requests  # noqa: E402
import unittest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GATEWAY_DIR = os.path.join(os.path.dirname(tl.WSDL_FILE), "..", "tests", "gateway")
if not os.path.isdir(GATEWAY_DIR):
    GATEWAY_DIR = os.path.join(HERE, "..", "gateway")
sys.path.insert(0, GATEWAY_DIR)
from library_upstream import LibraryUpstream  # noqa: E402

LIBRARY_WSDL = os.path.join(GATEWAY_DIR, "Library.wsdl")
T = tl.HTTP_TIMEOUT
UP = None
D = None


def setUpModule():
    global UP, D
    UP = LibraryUpstream().start()
    D = tl.Daemon(extra_args=["--wsdl", LIBRARY_WSDL, "--upstream", UP.url], name="gateway").start()


def tearDownModule():
    if D:
        D.stop_expect_clean()
    if UP:
        UP.stop()


def api(path):
    return D.base + "/api" + path


class ConventionRoutes(unittest.TestCase):
    def create(self, **book):
        r = requests.post(api("/books"), json={"Title": "T", "Author": "A", **book}, timeout=T)
        self.assertEqual(r.status_code, 201, r.text)
        return r

    def test_openapi_lists_the_inferred_routes(self):
        doc = requests.get(api("/openapi.json"), timeout=T).json()
        got = sorted((m.upper(), p) for p, v in doc["paths"].items() for m in v
                     if not p[5:6].isupper())
        self.assertEqual(got, [("DELETE", "/api/books/{id}"), ("GET", "/api/books"),
                               ("GET", "/api/books/{id}"), ("POST", "/api/books"),
                               ("PUT", "/api/books/{id}")])
        self.assertIn("/api/LogEvent", doc["paths"])

    def test_create_then_get_by_location(self):
        r = self.create(Title="Dune & <Co>", Author="Herbert", Year=1965, Price="9.90",
                        Tag=["sf", "classic"])
        made = r.json()
        self.assertEqual(r.headers["Location"], "/api/books/%d" % made["Id"])
        got = requests.get(D.base + r.headers["Location"], timeout=T)
        self.assertEqual(got.status_code, 200)
        self.assertEqual(got.json(), {"Id": made["Id"], "Title": "Dune & <Co>", "Author": "Herbert",
                                      "Year": 1965, "Price": "9.90", "Tag": ["sf", "classic"]})
        # the upstream saw a SOAP 1.1 request with the binding's action and escaped text
        action, body = UP.httpd.requests[-2]
        self.assertEqual(action, '"urn:example:library/CreateBook"')
        self.assertIn(b"Dune &amp; &lt;Co&gt;", body)

    def test_one_item_array_stays_an_array(self):
        made = self.create(Tag=["only"]).json()
        self.assertEqual(made["Tag"], ["only"])

    def test_find_with_query_and_repeated_parameter(self):
        a = self.create(Author="Le Guin", Tag=["sf", "x"]).json()
        self.create(Author="Le Guin", Tag=["fantasy"])
        r = requests.get(api("/books"), params=[("author", "Le Guin"), ("tag", "sf"), ("tag", "x")],
                         timeout=T)
        self.assertEqual(r.status_code, 200, r.text)
        # BookList holds one repeated element: a plain JSON array (WCF's ArrayOfX rule)
        self.assertEqual([b["Id"] for b in r.json()], [a["Id"]])

    def test_update_takes_the_id_from_the_path(self):
        made = self.create().json()
        r = requests.put(api("/books/%d" % made["Id"]),
                         json={"Title": "New", "Author": "B"}, timeout=T)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.json()["Title"], "New")
        self.assertEqual(r.json()["Id"], made["Id"])

    def test_delete_is_204_then_404_problem_with_fault(self):
        made = self.create().json()
        r = requests.delete(api("/books/%d" % made["Id"]), timeout=T)
        self.assertEqual((r.status_code, r.content), (204, b""))
        r = requests.get(api("/books/%d" % made["Id"]), timeout=T)
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        p = r.json()
        self.assertEqual((p["status"], p["title"], p["fault"]), (404, "BookNotFound", {"Id": made["Id"]}))

    def test_one_way_is_202(self):
        r = requests.post(api("/LogEvent"), json={"message": "hello"}, timeout=T)
        self.assertEqual((r.status_code, r.content), (202, b""))
        self.assertIn("hello", UP.httpd.store.events)

    def test_type_error_is_400_with_pointer_before_any_upstream_call(self):
        before = len(UP.httpd.requests)
        r = requests.post(api("/books"), json={"Title": "T", "Author": "A", "Year": 70000}, timeout=T)
        self.assertEqual(r.status_code, 400, r.text)
        self.assertEqual(r.json()["pointer"], "/Year")
        self.assertEqual(len(UP.httpd.requests), before)

    def test_soap_endpoint_is_forwarded_too(self):
        made = self.create(Title="Via SOAP").json()
        env = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
               '<GetBook xmlns="urn:example:library"><id>%d</id></GetBook></s:Body></s:Envelope>'
               % made["Id"])
        r = requests.post(D.base + "/library", data=env.encode(), timeout=T,
                          headers={"Content-Type": "text/xml", "SOAPAction": "urn:example:library/GetBook"})
        self.assertEqual(r.status_code, 200, r.text)
        self.assertIn(b"Via SOAP", r.content)

    def test_unreachable_upstream_is_502(self):
        d = tl.Daemon(extra_args=["--wsdl", LIBRARY_WSDL, "--upstream", "http://127.0.0.1:9/x"],
                      name="gateway-dead").start()
        try:
            r = requests.get(d.base + "/api/books/1", timeout=T)
            self.assertEqual(r.status_code, 502)
            self.assertEqual(r.json()["title"], "Bad gateway")
        finally:
            d.stop_expect_clean()


if __name__ == "__main__":
    tl.main(__name__)
