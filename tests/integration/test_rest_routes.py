#!/usr/bin/python3
"""test_rest_routes.py - the REST/JSON facade of soaprestd driven with python-requests.

Every resource route of wsdl/InventoryService.map.json and the generic POST /api/{Operation}
of every operation, with exact values and every status: 200, 201 + Location (resolved with a
GET), 202, 204, 400 (malformed JSON; type and range errors with their JSON Pointer), 404, 405 +
Allow, 406, 409 (ConflictFault, InsufficientStockFault, InvalidStateFault), 413 (--max-body),
415, 422 (ValidationFault), 500 (a Server fault: the SQLite write lock held from outside).
Also: query binding (case-insensitive names, repeated tags), absent / null / "" / [], int and
decimal limits, non-ASCII, markup in text, PerishableProduct with "$type", base64 of every byte
value, HEAD, /api/openapi.json, the /api/ help page, X-Forwarded-Host/-Proto with and without
--trust-forwarded.
Run: SOAPRESTD=... SOAPREST_WSDL_DIR=... /usr/bin/python3 test_rest_routes.py
"""

import os
import sys

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB")
                or os.path.dirname(os.path.abspath(__file__)))

import soaprest_testlib as tl  # noqa: E402

(requests,) = tl.require_modules("requests")

import base64  # noqa: E402
import datetime  # noqa: E402
import html  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import unittest  # noqa: E402
import uuid  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

SVC, DC = tl.SVC_NS, tl.DC_NS
UTC = datetime.timezone.utc
MAP_FILE = os.path.join(tl.WSDL_DIR, "InventoryService.map.json")
OPERATIONS = ("GetServiceInfo", "CreateProduct", "GetProduct", "UpdateProduct", "DeleteProduct",
              "FindProducts", "PlaceOrder", "GetOrder", "CancelOrder", "ShipOrder",
              "SetProductImage", "GetProductImage", "AdjustStock")
INT_RANGE = "int (-2147483648..2147483647)"
ISO_UTC_RE = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"

D = None       # the module's daemon (default options)
NO = tl.NO_BODY


def setUpModule():
    global D
    D = tl.start_daemon(name="rest")


def tearDownModule():
    if D is not None:
        D.stop_expect_clean()


def load_map():
    with open(MAP_FILE, encoding="utf-8") as f:
        return json.load(f)


def parse_dt(text):
    """An aware datetime from an ISO 8601 dateTime string (offset kept)."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def png(payload=b""):
    return tl.PNG_SIGNATURE + payload


def b64(data):
    return base64.b64encode(data).decode("ascii")


def body_ptr(route, wrapper, rel):
    """The JSON Pointer a 400 must carry for the field `rel` (e.g. "/Lines/0/Quantity").
    It designates the field in the document the client sent: on a resource route the body IS
    the wrapper's `wrapper` part (a Product, an OrderRequest...), so the pointer is `rel`; on the
    generic POST /api/{Operation} the body is the wrapper, so it is "/wrapper" + rel."""
    return rel if route == "resource" else "/" + wrapper + rel


class Base(unittest.TestCase):
    maxDiff = 6000

    # -- calls ---------------------------------------------------------------------------
    def call(self, method, path, body=NO, daemon=None, **kw):
        return tl.rest(daemon or D, method, path, body, **kw)

    def assertAlive(self, daemon=None):
        d = daemon or D
        self.assertTrue(d.alive(), "soaprestd died; stderr: %r" % d.stderr_text())

    def json_ok(self, r, status=200):
        """Asserts the status and an application/json body; returns it parsed."""
        self.assertEqual(r.status_code, status, tl.describe(r))
        self.assertEqual(tl.media_type(r), tl.JSON_TYPE, tl.describe(r))
        try:
            return r.json()
        except ValueError as exc:
            self.fail("not JSON (%s): %s" % (exc, tl.describe(r)))

    def empty_ok(self, r, status):
        self.assertEqual(r.status_code, status, tl.describe(r))
        self.assertEqual(r.content, b"", tl.describe(r))

    def problem(self, r, status, name=None, title=None):
        """Asserts an RFC 9457 problem with `status`; `name` is the last part of its type URN
        (for a fault: the detail element, which is also the title). Returns the parsed body."""
        self.assertEqual(r.status_code, status, tl.describe(r))
        self.assertEqual(tl.media_type(r), tl.PROBLEM_TYPE, tl.describe(r))
        p = r.json()
        self.assertIsInstance(p, dict, tl.describe(r))
        for key in ("type", "title", "status", "detail"):
            self.assertIn(key, p, tl.describe(r))
        self.assertEqual(p["status"], status, tl.describe(r))
        self.assertIsInstance(p["title"], str)
        self.assertIsInstance(p["detail"], str)
        self.assertTrue(p["title"] and p["detail"], tl.describe(r))
        if name is not None:
            self.assertEqual(p["type"], tl.PROBLEM_TYPE_PREFIX + name, tl.describe(r))
        if title is not None:
            self.assertEqual(p["title"], title, tl.describe(r))
        return p

    def fault_problem(self, r, status, fault, fields=None, exact=None):
        """A declared SOAP fault as a problem: type/title name the detail element, "fault" holds
        its fields; `fields` must be a subset of it, `exact` all of it."""
        p = self.problem(r, status, fault, fault)
        self.assertIsInstance(p.get("fault"), dict, tl.describe(r))
        for k in ("pointer", "expected", "got"):
            self.assertNotIn(k, p)
        if fields is not None:
            self.assertEqual({k: p["fault"].get(k) for k in fields}, fields, tl.describe(r))
        if exact is not None:
            self.assertEqual(p["fault"], exact, tl.describe(r))
        return p

    def input_problem(self, r, sent, pointer, expected=None, got=None):
        """A 400 "invalid-request" naming the field by `pointer`, which must designate a value
        of `sent` (the JSON document sent; None when the field came from the URL)."""
        p = self.problem(r, 400, "invalid-request")
        self.assertNotIn("fault", p)
        self.assertEqual(p.get("pointer"), pointer, tl.describe(r))
        if sent is not None and pointer.startswith("/"):
            try:
                tl.resolve_pointer(sent, p["pointer"])
            except (KeyError, IndexError, TypeError, ValueError):
                self.fail("pointer %r designates nothing in the request body %r"
                          % (p["pointer"], sent))
        if expected is not None:
            self.assertEqual(p.get("expected"), expected, tl.describe(r))
        if got is not None:
            self.assertEqual(p.get("got"), got, tl.describe(r))
        return p

    # -- data --------------------------------------------------------------------------
    def product(self, **over):
        sku = over.pop("Sku", None) or tl.unique_sku("R")
        data = {"Sku": sku, "Name": "Widget " + sku, "Description": "A plain widget",
                "Category": "Hardware", "Price": "9.99", "StockQuantity": 10}
        data.update(over)
        return {k: v for k, v in data.items() if v is not NO}

    def create(self, **over):
        """POST /api/products; asserts 201 + Location; returns the created product (JSON)."""
        r = self.call("POST", "/api/products", self.product(**over))
        p = self.json_ok(r, 201)
        self.assertEqual(r.headers.get("Location"), "/api/products/%d" % p["Id"], tl.describe(r))
        return p

    def get_product(self, pid):
        return self.json_ok(self.call("GET", "/api/products/%d" % pid))

    def order_body(self, lines, customer="Ada Lovelace", email="ada@example.org", note=NO):
        body = {"CustomerName": customer, "CustomerEmail": email,
                "Lines": [{"Sku": s, "Quantity": q} for s, q in lines]}
        if note is not NO:
            body["Note"] = note
        return body

    def place(self, lines, **kw):
        r = self.call("POST", "/api/orders", self.order_body(lines, **kw))
        o = self.json_ok(r, 201)
        self.assertEqual(r.headers.get("Location"), "/api/orders/" + o["Id"], tl.describe(r))
        return o

    def stock(self, pid):
        return self.get_product(pid)["StockQuantity"]

    def wait_stock(self, pid, expected, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            got = self.stock(pid)
            if got == expected or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def info(self):
        return self.json_ok(self.call("GET", "/api/info"))

    def soap_result(self, op, inner):
        """The <opResult> element of a raw SOAP 1.1 call (asserting HTTP 200)."""
        r = tl.post_soap(D, op, tl.envelope(tl.op_body(op, inner)))
        self.assertEqual(r.status_code, 200, tl.describe(r))
        res = tl.body_child(r.content).find("{%s}%sResult" % (SVC, op))
        self.assertIsNotNone(res, r.content[:1000])
        return res

    def assert_presence_matches_soap(self, pid, json_obj, names):
        """For each element of `names`: absent in the SOAP GetProduct answer <=> absent in JSON;
        xsi:nil <=> null; present <=> present (the REST answer is the same engine's answer)."""
        res = self.soap_result("GetProduct", "<id>%d</id>" % pid)
        for n in names:
            el = res.find("{%s}%s" % (DC, n))
            with self.subTest(element=n):
                if el is None:
                    self.assertNotIn(n, json_obj, "absent in SOAP, present in REST")
                elif el.get("{%s}nil" % tl.XSI_NS) in ("true", "1"):
                    self.assertIn(n, json_obj, "xsi:nil in SOAP, absent in REST")
                    self.assertIsNone(json_obj[n], "xsi:nil in SOAP, a value in REST")
                else:
                    self.assertIn(n, json_obj, "present in SOAP, absent in REST")
                    self.assertIsNotNone(json_obj[n])


# =============================================================================================
class Banner(Base):
    def test_rest_and_openapi_lines(self):
        api, openapi = tl.rest_banner_urls(D)
        self.assertEqual(api, D.base + "/api/", D.stdout_text())
        self.assertEqual(openapi, D.base + "/api/openapi.json", D.stdout_text())
        self.assertIsNotNone(D.wait_for_line(r"^  REST API\s+http://127\.0\.0\.1:%d/api/$" % D.port),
                             "exact banner line: %r" % D.stdout_text())


# =============================================================================================
class ServiceInfo(Base):
    def test_info_200_exact_and_counts(self):
        i1 = self.info()
        self.assertEqual(set(i1), {"Name", "Version", "StartedAt", "ProductCount", "OrderCount"})
        m = re.match(r"soaprestd (\S+):", D.lines[0])
        self.assertEqual(i1["Version"], m.group(1))
        self.assertEqual(i1["Name"], "soaprest reference inventory service")
        self.assertRegex(i1["StartedAt"], "^%s$" % ISO_UTC_RE)
        started = parse_dt(i1["StartedAt"])
        self.assertLessEqual(started, datetime.datetime.now(UTC) + datetime.timedelta(seconds=2))
        for k in ("ProductCount", "OrderCount"):
            self.assertIs(type(i1[k]), int, k)
        p = self.create(StockQuantity=2)
        i2 = self.info()
        self.assertEqual((i2["ProductCount"], i2["OrderCount"]),
                         (i1["ProductCount"] + 1, i1["OrderCount"]))
        self.place([(p["Sku"], 1)])
        i3 = self.info()
        self.assertEqual((i3["ProductCount"], i3["OrderCount"]),
                         (i2["ProductCount"], i2["OrderCount"] + 1))
        self.assertEqual((i3["StartedAt"], i3["Name"], i3["Version"]),
                         (i1["StartedAt"], i1["Name"], i1["Version"]))

    def test_info_generic_route_same_data(self):
        g = self.json_ok(self.call("POST", "/api/GetServiceInfo", {}))
        self.assertEqual(g, self.info())
        g2 = self.json_ok(self.call("POST", "/api/GetServiceInfo"))   # no body at all
        self.assertEqual(g2, g)


# =============================================================================================
class Products(Base):
    def test_create_201_location_resolves_exact(self):
        before = datetime.datetime.now(UTC)
        sku = tl.unique_sku("CR")
        body = {"Sku": sku, "Name": "Torque wrench", "Description": "3/8 inch drive",
                "Category": "Hardware", "Price": "129.5000", "StockQuantity": 7,
                "Tags": ["tools", "metal"]}
        r = self.call("POST", "/api/products", body)
        p = self.json_ok(r, 201)
        self.assertIs(type(p["Id"]), int)
        self.assertEqual(r.headers.get("Location"), "/api/products/%d" % p["Id"])
        created = p.pop("CreatedAt")
        self.assertRegex(created, "^%s$" % ISO_UTC_RE)
        self.assertLessEqual(abs(parse_dt(created) - before), datetime.timedelta(seconds=60))
        self.assertEqual(p, {"Id": p["Id"], "Sku": sku, "Name": "Torque wrench",
                             "Description": "3/8 inch drive", "Category": "Hardware",
                             "Price": "129.5", "StockQuantity": 7, "Tags": ["tools", "metal"],
                             "Version": 1})
        p["CreatedAt"] = created
        g = self.call("GET", r.headers["Location"])
        self.assertEqual(self.json_ok(g), p)
        q = self.create()
        self.assertNotEqual(q["Id"], p["Id"])

    def test_create_conflict_409(self):
        p = self.create()
        r = self.call("POST", "/api/products", self.product(Sku=p["Sku"], Name="Another"))
        self.fault_problem(r, 409, "ConflictFault",
                           exact={"Message": "a product with Sku %s already exists" % p["Sku"]})
        self.assertEqual(self.get_product(p["Id"])["Name"], p["Name"])

    def test_create_validation_422(self):
        count = self.info()["ProductCount"]
        for field, over in (("Sku", dict(Sku="ab-lower")), ("Sku", dict(Sku="BAD_SKU")),
                            ("Name", dict(Name="")), ("Name", dict(Name="x" * 201)),
                            ("Price", dict(Price="-0.01")), ("Price", dict(Price="1.23456")),
                            ("Name", dict(Name=NO)), ("Category", dict(Category=NO)),
                            ("Tags[1]", dict(Tags=["ok", ""]))):
            with self.subTest(field=field, over=str(over)[:40]):
                r = self.call("POST", "/api/products", self.product(**over))
                p = self.fault_problem(r, 422, "ValidationFault", {"Field": field})
                self.assertTrue(p["fault"]["Message"])
                self.assertEqual(p["detail"], "%s: %s" % (field, p["fault"]["Message"]))
        self.assertEqual(self.info()["ProductCount"], count, "a rejected create stored something")

    def test_get_404_exact_problem(self):
        r = self.call("GET", "/api/products/987654321")
        self.assertEqual(r.json(), {"type": "urn:soaprest:problem:NotFoundFault",
                                    "title": "NotFoundFault", "status": 404,
                                    "detail": "Product 987654321 was not found",
                                    "fault": {"Entity": "Product", "Key": "987654321"}},
                         tl.describe(r))
        self.fault_problem(r, 404, "NotFoundFault")

    def test_update_200(self):
        p = self.create(Price="5.00", Tags=["a"])
        g = self.get_product(p["Id"])
        g.update(Name="Renamed widget", Price="6.2500", Description="", Tags=["b", "c"],
                 StockQuantity=42)
        u = self.json_ok(self.call("PUT", "/api/products/%d" % p["Id"], g))
        self.assertEqual({k: u.get(k) for k in ("Id", "Sku", "Name", "Description", "Price",
                                                  "StockQuantity", "Tags", "Version", "CreatedAt")},
                         {"Id": p["Id"], "Sku": p["Sku"], "Name": "Renamed widget",
                          "Description": "", "Price": "6.25", "StockQuantity": 42,
                          "Tags": ["b", "c"], "Version": 2, "CreatedAt": p["CreatedAt"]})
        self.assertRegex(u.get("UpdatedAt", ""), "^%s$" % ISO_UTC_RE)
        self.assertGreaterEqual(parse_dt(u["UpdatedAt"]), parse_dt(u["CreatedAt"]))
        self.assertEqual(self.get_product(p["Id"]), u)

    def test_update_path_id_wins_over_body_id(self):
        a, b = self.create(), self.create()
        body = self.get_product(a["Id"])
        body.update(Id=b["Id"], Name="via path")
        u = self.json_ok(self.call("PUT", "/api/products/%d" % a["Id"], body))
        self.assertEqual((u["Id"], u["Name"], u["Version"]), (a["Id"], "via path", 2))
        self.assertEqual(self.get_product(b["Id"]), b, "the product named in the body changed")

    def test_update_stale_version_409(self):
        p = self.create()
        g = self.get_product(p["Id"])
        g["Name"] = "first writer"
        self.assertEqual(self.json_ok(self.call("PUT", "/api/products/%d" % p["Id"], g))["Version"], 2)
        stale = dict(p, Name="second writer")   # still Version 1
        r = self.call("PUT", "/api/products/%d" % p["Id"], stale)
        self.fault_problem(r, 409, "ConflictFault", {"CurrentVersion": 2})
        g = self.get_product(p["Id"])
        self.assertEqual((g["Name"], g["Version"]), ("first writer", 2))

    def test_update_404_and_422(self):
        r = self.call("PUT", "/api/products/987654322", self.product(Version=1))
        self.fault_problem(r, 404, "NotFoundFault", exact={"Entity": "Product", "Key": "987654322"})
        p = self.create()
        r = self.call("PUT", "/api/products/%d" % p["Id"], dict(p, Price="-1"))
        self.fault_problem(r, 422, "ValidationFault", {"Field": "Price"})
        self.assertEqual(self.get_product(p["Id"]), p)

    def test_delete_204_then_404(self):
        p = self.create()
        count = self.info()["ProductCount"]
        self.empty_ok(self.call("DELETE", "/api/products/%d" % p["Id"]), 204)
        self.assertEqual(self.info()["ProductCount"], count - 1)
        key = {"Entity": "Product", "Key": str(p["Id"])}
        self.fault_problem(self.call("GET", "/api/products/%d" % p["Id"]), 404, "NotFoundFault",
                           exact=key)
        self.fault_problem(self.call("DELETE", "/api/products/%d" % p["Id"]), 404,
                           "NotFoundFault", exact=key)

    def test_path_id_type_errors_400(self):
        self.input_problem(self.call("GET", "/api/products/abc"), None, "/id", INT_RANGE, '"abc"')
        self.input_problem(self.call("GET", "/api/products/2147483648"), None, "/id", INT_RANGE,
                           "2147483648")
        self.input_problem(self.call("DELETE", "/api/products/-2147483649"), None, "/id",
                           INT_RANGE, "-2147483649")
        self.input_problem(self.call("GET", "/api/orders/not-a-guid"), None, "/id")


# =============================================================================================
class Perishable(Base):
    def test_type_round_trip_and_location(self):
        sku = tl.unique_sku("PER")
        body = {"$type": "PerishableProduct", "Sku": sku, "Name": "Milk " + sku,
                "Category": "Grocery", "Price": "2.49", "StockQuantity": 3, "Tags": ["cold"],
                "ExpiresOn": "2027-03-01T12:30:15+02:00", "ShelfLife": "P14DT6H"}
        r = self.call("POST", "/api/products", body)
        p = self.json_ok(r, 201)
        self.assertEqual(p.get("$type"), "PerishableProduct", p)
        expected = dict(body, Id=p["Id"], Version=1, CreatedAt=p["CreatedAt"])
        self.assertEqual(p, expected)
        self.assertEqual(self.json_ok(self.call("GET", r.headers["Location"])), p)
        # the SOAP side sees the derived type as xsi:type
        res = self.soap_result("GetProduct", "<id>%d</id>" % p["Id"])
        self.assertRegex(res.get("{%s}type" % tl.XSI_NS) or "", r"^(\w+:)?PerishableProduct$")
        # FindProducts items keep "$type"; a plain Product carries none
        page = self.json_ok(self.call("GET", "/api/products", params={"namePrefix": p["Name"]}))
        self.assertEqual(page["Items"], [p])
        plain = self.create()
        self.assertNotIn("$type", plain)
        # PUT keeps the type and its fields
        p2 = dict(p, Name="Milk 2 " + sku)
        u = self.json_ok(self.call("PUT", "/api/products/%d" % p["Id"], p2))
        self.assertEqual((u.get("$type"), u["ExpiresOn"], u["ShelfLife"], u["Version"]),
                         ("PerishableProduct", body["ExpiresOn"], body["ShelfLife"], 2))

    def test_type_errors(self):
        r = self.call("POST", "/api/products", self.product(**{"$type": "NoSuchType"}))
        self.input_problem(r, None, body_ptr("resource", "product", "/$type"))
        # a derived field without "$type" is not a property of Product
        sent = self.product(ExpiresOn="2027-01-01T00:00:00Z")
        self.input_problem(self.call("POST", "/api/products", sent), sent,
                           body_ptr("resource", "product", "/ExpiresOn"))
        # ExpiresOn is required by the service for a PerishableProduct
        r = self.call("POST", "/api/products",
                      self.product(**{"$type": "PerishableProduct", "Category": "Grocery"}))
        self.fault_problem(r, 422, "ValidationFault", {"Field": "ExpiresOn"})


# =============================================================================================
class NullAbsentEmpty(Base):
    def test_description_empty_null_absent(self):
        e = self.create(Description="")
        self.assertEqual(e["Description"], "")
        self.assertEqual(self.get_product(e["Id"])["Description"], "")
        n = self.create(Description=None)
        a = self.create(Description=NO)
        for p in (n, a):
            g = self.get_product(p["Id"])
            self.assertEqual(g, p)
            self.assertIsNone(g.get("Description"))
        # the service keeps no difference between a null and an absent description; what the
        # JSON says (absent or null) must be what the SOAP answer says (absent or xsi:nil)
        for p in (e, n, a):
            self.assert_presence_matches_soap(p["Id"], self.get_product(p["Id"]),
                                              ("Description", "Tags", "UpdatedAt"))

    def test_tags_empty_one_absent(self):
        empty = self.create(Tags=[])
        self.assertEqual(empty["Tags"], [])
        self.assertEqual(self.get_product(empty["Id"])["Tags"], [])
        one = self.create(Tags=["solo"])
        self.assertEqual(self.get_product(one["Id"])["Tags"], ["solo"])
        absent = self.create(Tags=NO)
        self.assertNotIn("Tags", absent)
        self.assertNotIn("Tags", self.get_product(absent["Id"]))
        null = self.create(Tags=None)
        self.assertIsNone(self.get_product(null["Id"]).get("Tags"))
        for p in (empty, one, absent, null):
            self.assert_presence_matches_soap(p["Id"], self.get_product(p["Id"]), ("Tags",))
        # and in a FindProducts page
        page = self.json_ok(self.call("GET", "/api/products",
                                      params={"namePrefix": empty["Name"]}))
        self.assertEqual(page["Items"], [empty])
        # an update from [] to absent and back
        u = self.json_ok(self.call("PUT", "/api/products/%d" % empty["Id"],
                                   {k: v for k, v in empty.items() if k != "Tags"}))
        self.assertNotIn("Tags", u)
        u = self.json_ok(self.call("PUT", "/api/products/%d" % empty["Id"], dict(u, Tags=[])))
        self.assertEqual(u["Tags"], [])

    def test_one_item_array_is_an_array(self):
        a = self.create(StockQuantity=5)
        o = self.place([(a["Sku"], 1)])
        self.assertIsInstance(o["Lines"], list)
        self.assertEqual(len(o["Lines"]), 1)
        page = self.json_ok(self.call("GET", "/api/products", params={"namePrefix": a["Name"]}))
        self.assertIsInstance(page["Items"], list)
        self.assertEqual([x["Id"] for x in page["Items"]], [a["Id"]])


# =============================================================================================
class Numbers(Base):
    def test_int_limits(self):
        p = self.create(StockQuantity=2147483647)
        self.assertEqual(self.get_product(p["Id"])["StockQuantity"], 2147483647)
        for value, got in ((2147483648, "2147483648"), (-2147483649, "-2147483649")):
            with self.subTest(route="resource", value=value):
                sent = self.product(StockQuantity=value)
                self.input_problem(self.call("POST", "/api/products", sent), sent,
                                   body_ptr("resource", "product", "/StockQuantity"),
                                   INT_RANGE, got)
            with self.subTest(route="generic", value=value):
                sent = {"product": self.product(StockQuantity=value)}
                self.input_problem(self.call("POST", "/api/CreateProduct", sent), sent,
                                   body_ptr("generic", "product", "/StockQuantity"),
                                   INT_RANGE, got)

    def test_order_line_quantity_2147483648(self):
        a = self.create()
        sent = self.order_body([(a["Sku"], 1), (a["Sku"], 2147483648)])
        self.input_problem(self.call("POST", "/api/orders", sent), sent,
                           body_ptr("resource", "order", "/Lines/1/Quantity"),
                           INT_RANGE, "2147483648")
        sent = {"order": self.order_body([(a["Sku"], 2147483648)])}
        self.input_problem(self.call("POST", "/api/PlaceOrder", sent), sent,
                           body_ptr("generic", "order", "/Lines/0/Quantity"),
                           INT_RANGE, "2147483648")
        self.assertEqual(self.stock(a["Id"]), 10)

    def test_type_errors_400(self):
        cases = [("Name", 5, "string"), ("StockQuantity", 1.5, None),
                 ("StockQuantity", "5", None), ("Price", "abc", "decimal"),
                 ("Price", True, None), ("Tags", "a", None), ("Category", "Food", None),
                 ("Version", 9223372036854775808, None)]
        for field, value, expected in cases:
            with self.subTest(field=field, value=value):
                sent = self.product(**{field: value})
                self.input_problem(self.call("POST", "/api/products", sent), sent,
                                   body_ptr("resource", "product", "/" + field), expected)
        sent = self.product(Bogus=1)
        self.input_problem(self.call("POST", "/api/products", sent), None,
                           body_ptr("resource", "product", "/Bogus"))

    def test_decimals_many_digits(self):
        for text, canon in (("922337203685477.5807", "922337203685477.5807"),
                            ("12345678901.2345", "12345678901.2345"), ("0.0001", "0.0001"),
                            ("129.5000", "129.5"), ("0", "0"), ("100.10", "100.1")):
            with self.subTest(price=text):
                p = self.create(Price=text)
                self.assertEqual((p["Price"], self.get_product(p["Id"])["Price"]), (canon, canon))
        for num, canon in ((1.25, "1.25"), (1234567.1234, "1234567.1234"), (1e2, "100")):
            with self.subTest(number=num):
                self.assertEqual(self.create(Price=num)["Price"], canon)
        # a JSON number a double cannot hold exactly is refused, never rounded
        sent = self.product(Price=922337203685477.5807)
        self.input_problem(self.call("POST", "/api/products", sent), sent,
                           body_ptr("resource", "product", "/Price"), "decimal")
        r = self.call("POST", "/api/products", self.product(Price="922337203685477.5808"))
        self.fault_problem(r, 422, "ValidationFault", {"Field": "Price"})
        big = self.create(Price="12345678901.2345", StockQuantity=5)
        o = self.place([(big["Sku"], 3)])
        self.assertEqual((o["Lines"][0]["UnitPrice"], o["Lines"][0]["LineTotal"], o["Total"]),
                         ("12345678901.2345", "37037036703.7035", "37037036703.7035"))

    def test_decimal_query_exact(self):
        p = self.create(Price="12345678901.2345")
        prefix = p["Name"]
        find = lambda **q: [x["Id"] for x in self.json_ok(self.call(
            "GET", "/api/products", params=dict(q, namePrefix=prefix)))["Items"]]
        self.assertEqual(find(minPrice="12345678901.2345", maxPrice="12345678901.2345"), [p["Id"]])
        self.assertEqual(find(minPrice="12345678901.2346"), [])
        self.assertEqual(find(maxPrice="12345678901.2344"), [])


# =============================================================================================
class Text(Base):
    MARKUP = ["</Name><Sku>HACK</Sku>", "]]>", "&amp;", "<![CDATA[x]]>", "a<b>&\"'c",
              "<?xml version='1.0'?>", "&#x41;"]
    NON_ASCII = ["Gr\u00fc\u00dfe \u2013 \u65e5\u672c\u8a9e \U0001F389", "tab\there\nnew line",
                 "\u00fc" * 200]

    def test_markup_and_non_ascii_round_trip_as_text(self):
        for text in self.MARKUP + self.NON_ASCII:
            with self.subTest(text=text[:30]):
                sku = tl.unique_sku("TX")
                p = self.create(Sku=sku, Name=text, Description=text + "!", Tags=[text[:100]])
                g = self.get_product(p["Id"])
                self.assertEqual((g["Sku"], g["Name"], g["Description"], g["Tags"]),
                                 (sku, text, text + "!", [text[:100]]))
                # the SOAP answer carries the same characters as text, not as markup
                res = self.soap_result("GetProduct", "<id>%d</id>" % p["Id"])
                self.assertEqual([c.tag for c in res if c.tag == "{%s}Sku" % DC],
                                 ["{%s}Sku" % DC])
                self.assertEqual((res.findtext("{%s}Sku" % DC), res.findtext("{%s}Name" % DC)),
                                 (sku, text))
        o = self.place([(p["Sku"], 1)], customer="J\u00fcrgen </CustomerName>",
                       note="]]> &amp; \U0001F389")
        g = self.json_ok(self.call("GET", "/api/orders/" + o["Id"]))
        self.assertEqual((g["CustomerName"], g["Note"], g["Lines"][0]["ProductName"]),
                         ("J\u00fcrgen </CustomerName>", "]]> &amp; \U0001F389", p["Name"]))

    def test_json_escapes_decode(self):
        sku = tl.unique_sku("JE")
        raw = ('{"Sku":"%s","Name":"\\ud83c\\udf89 \\u00e9 \\"q\\" \\/ \\\\","Category":"Hardware",'
               '"Price":"1"}' % sku).encode("ascii")
        r = self.call("POST", "/api/products", data=raw,
                      headers={"Content-Type": "application/json"})
        p = self.json_ok(r, 201)
        self.assertEqual(p["Name"], "\U0001F389 \u00e9 \"q\" / \\")

    def test_characters_xml_cannot_carry_400(self):
        for name in ("ab\u0001cd", "ab\u0000cd", "\u0000", "x\ufffe"):
            with self.subTest(name=repr(name)):
                sent = self.product(Name=name)
                r = self.call("POST", "/api/products", sent)
                self.input_problem(r, sent, body_ptr("resource", "product", "/Name"), "string")
        r = self.call("POST", "/api/products",
                      data=b'{"Sku":"BAD-UTF8","Name":"\xff\xfe","Category":"Hardware"}',
                      headers={"Content-Type": "application/json"})
        self.problem(r, 400, "malformed-json")
        r = self.call("POST", "/api/products",
                      data=b'{"Sku":"BAD-SURR","Name":"\\ud83c","Category":"Hardware"}',
                      headers={"Content-Type": "application/json"})
        self.problem(r, 400, "malformed-json")


# =============================================================================================
class Query(Base):
    def setUp(self):
        self.prefix = "Qz" + tl.unique("F").replace("-", "x")
        self.t1, self.t2 = tl.unique("tag"), tl.unique("tag")
        spec = [("Alpha", "Hardware", "1.00", [self.t1, self.t2]),
                ("Bravo", "Software", "2.50", [self.t1]),
                ("Charlie", "Software", "3.75", [self.t2]),
                ("Delta", "Grocery", "10.00", []),
                ("Echo", "Hardware", "0.99", NO)]
        self.ids = {}
        for name, cat, price, tags in spec:
            p = self.create(Name="%s %s" % (self.prefix, name), Category=cat, Price=price,
                            Tags=tags)
            self.ids[name] = p["Id"]

    def find(self, params=None, query=None, status=200):
        params = params if params is not None else {}
        if query is None and not any(k.lower() == "nameprefix" for k, _ in
                                     (params.items() if isinstance(params, dict) else params)):
            params = ([("namePrefix", self.prefix)] + list(params.items())
                      if isinstance(params, dict) else [("namePrefix", self.prefix)] + params)
        url = "/api/products" + ("?" + query if query is not None else "")
        r = self.call("GET", url, params=None if query is not None else params)
        return self.json_ok(r, status)

    def names(self, page):
        rev = {v: k for k, v in self.ids.items()}
        return sorted(rev.get(p["Id"], "?%d" % p["Id"]) for p in page["Items"])

    def test_defaults_and_prefix(self):
        page = self.find()
        self.assertEqual(self.names(page), ["Alpha", "Bravo", "Charlie", "Delta", "Echo"])
        self.assertEqual((page["TotalCount"], page["Page"], page["PageSize"]), (5, 1, 20))
        self.assertEqual(set(page), {"Items", "TotalCount", "Page", "PageSize"})
        page = self.find({"namePrefix": self.prefix.upper() + " AL"})   # '+' for the space
        self.assertEqual(self.names(page), ["Alpha"])
        page = self.find(query="namePrefix=%s%%20br" % self.prefix.lower())   # %20
        self.assertEqual(self.names(page), ["Bravo"])

    def test_filters(self):
        cases = [
            ({"category": "Software"}, ["Bravo", "Charlie"]),
            ({"category": "Service"}, []),
            ({"minPrice": "1.01"}, ["Bravo", "Charlie", "Delta"]),
            ({"maxPrice": "2.49"}, ["Alpha", "Echo"]),
            ({"minPrice": "0.995", "maxPrice": "3.7"}, ["Alpha", "Bravo"]),
            ([("tags", self.t1)], ["Alpha", "Bravo"]),
            ([("tags", self.t1), ("tags", self.t2)], ["Alpha"]),
            ([("tags", self.t2), ("tags", "nosuchtag")], []),
            ([("category", "Hardware"), ("tags", self.t2)], ["Alpha"]),
            ({"category": "Software", "minPrice": "3"}, ["Charlie"]),
        ]
        for params, expected in cases:
            with self.subTest(params=str(params)):
                page = self.find(params)
                self.assertEqual((self.names(page), page["TotalCount"]), (expected, len(expected)))

    def test_names_case_insensitive(self):
        q = ("NAMEPREFIX=%s&CATEGORY=Software&MinPrice=2&MAXPRICE=5&TaGs=%s&PAGE=1&pagesize=1"
             % (self.prefix, self.t1))
        page = self.find(query=q)
        self.assertEqual((self.names(page), page["TotalCount"], page["Page"], page["PageSize"]),
                         (["Bravo"], 1, 1, 1))

    def test_paging(self):
        seen = []
        for n, size in ((1, 2), (2, 2), (3, 1)):
            page = self.find({"page": n, "pageSize": 2})
            with self.subTest(page=n):
                self.assertEqual((page["TotalCount"], page["Page"], page["PageSize"]), (5, n, 2))
                self.assertEqual(len(page["Items"]), size)
            seen += [p["Id"] for p in page["Items"]]
        self.assertEqual(sorted(seen), sorted(self.ids.values()))
        page = self.find({"page": 4, "pageSize": 2})
        self.assertEqual((page["Items"], page["TotalCount"], page["Page"]), ([], 5, 4))

    def test_query_errors(self):
        # a bad value: "?" + the XSD name of the parameter (names match case-insensitively)
        bad = [("page=abc", "?Page", INT_RANGE, '"abc"'),
               ("pageSize=2147483648", "?PageSize", INT_RANGE, "2147483648"),
               ("category=Nope", "?Category", None, "Nope"),
               ("minPrice=1.2.3", "?MinPrice", "decimal", None)]
        for q, pointer, expected, got in bad:
            with self.subTest(query=q):
                r = self.call("GET", "/api/products?namePrefix=%s&%s" % (self.prefix, q))
                self.input_problem(r, None, pointer, expected, got)
        r = self.call("GET", "/api/products?bogus=1")
        self.input_problem(r, None, "?bogus")
        r = self.call("GET", "/api/products?page=1&Page=2")
        self.input_problem(r, None, "?Page")
        for q, field in (("pageSize=0", "PageSize"), ("pageSize=101", "PageSize"),
                         ("page=0", "Page"), ("minPrice=5&maxPrice=1", "MinPrice"),
                         ("tags=", "Tags[0]")):
            with self.subTest(query=q):
                r = self.call("GET", "/api/products?" + q)
                self.fault_problem(r, 422, "ValidationFault", {"Field": field})

    def test_non_ascii_and_markup_prefix(self):
        p = self.create(Name="\u00fcml \u65e5\u672c </Name> " + self.prefix)
        # names compare case-insensitively (ASCII letters here; non-ASCII case folding is
        # not promised by the contract)
        page = self.find({"namePrefix": "\u00fcML \u65e5\u672c </name>"})
        self.assertEqual([x["Id"] for x in page["Items"]], [p["Id"]])

    def test_generic_find_products(self):
        page = self.json_ok(self.call("POST", "/api/FindProducts",
                                      {"query": {"NamePrefix": self.prefix, "Tags": [self.t1],
                                                 "PageSize": 5}}))
        self.assertEqual((self.names(page), page["PageSize"]), (["Alpha", "Bravo"], 5))
        self.assertEqual(page, self.find([("tags", self.t1), ("pageSize", "5")]))
        # Tags [] filters nothing
        page = self.json_ok(self.call("POST", "/api/FindProducts",
                                      {"query": {"NamePrefix": self.prefix, "Tags": []}}))
        self.assertEqual(page["TotalCount"], 5)


# =============================================================================================
class Images(Base):
    def test_put_204_get_200_all_byte_values(self):
        p = self.create()
        data = png(bytes(range(256)))
        r = self.call("PUT", "/api/products/%d/image" % p["Id"],
                      {"ContentType": "image/png", "Data": b64(data)})
        self.empty_ok(r, 204)
        img = self.json_ok(self.call("GET", "/api/products/%d/image" % p["Id"]))
        self.assertEqual(img, {"ContentType": "image/png", "Data": b64(data)})
        self.assertEqual(base64.b64decode(img["Data"], validate=True), data)
        jpeg = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(range(255, -1, -1))
        self.empty_ok(self.call("PUT", "/api/products/%d/image" % p["Id"],
                                {"ContentType": "image/jpeg", "Data": b64(jpeg)}), 204)
        self.assertEqual(self.json_ok(self.call("GET", "/api/products/%d/image" % p["Id"])),
                         {"ContentType": "image/jpeg", "Data": b64(jpeg)})
        # the generic routes see the same image
        g = self.json_ok(self.call("POST", "/api/GetProductImage", {"productId": p["Id"]}))
        self.assertEqual(g["Data"], b64(jpeg))

    def test_image_faults(self):
        p = self.create()
        self.fault_problem(self.call("GET", "/api/products/%d/image" % p["Id"]), 404,
                           "NotFoundFault", exact={"Entity": "ProductImage", "Key": str(p["Id"])})
        self.fault_problem(self.call("GET", "/api/products/987654324/image"), 404,
                           "NotFoundFault", exact={"Entity": "Product", "Key": "987654324"})
        r = self.call("PUT", "/api/products/987654323/image",
                      {"ContentType": "image/png", "Data": b64(png(b"z"))})
        self.fault_problem(r, 404, "NotFoundFault", exact={"Entity": "Product", "Key": "987654323"})
        for field, image in (("ContentType", {"ContentType": "image/bmp", "Data": b64(png())}),
                             ("Data", {"ContentType": "image/jpeg", "Data": b64(png(b"x"))})):
            with self.subTest(field=field):
                r = self.call("PUT", "/api/products/%d/image" % p["Id"], image)
                self.fault_problem(r, 422, "ValidationFault", {"Field": field})
        sent = {"ContentType": "image/png", "Data": "!!not base64"}
        self.input_problem(self.call("PUT", "/api/products/%d/image" % p["Id"], sent), sent,
                           body_ptr("resource", "image", "/Data"), "base64Binary")


# =============================================================================================
class Orders(Base):
    def two(self, s1=10, s2=5):
        return (self.create(Name="Bolt", Price="0.35", StockQuantity=s1),
                self.create(Name="Nut", Price="1.2000", StockQuantity=s2))

    def test_place_201_location_and_get(self):
        a, b = self.two()
        before = datetime.datetime.now(UTC)
        r = self.call("POST", "/api/orders",
                      self.order_body([(a["Sku"], 3), (b["Sku"], 2)], note="at the door"))
        o = self.json_ok(r, 201)
        self.assertEqual(str(uuid.UUID(o["Id"])), o["Id"].lower())
        self.assertEqual(r.headers.get("Location"), "/api/orders/" + o["Id"])
        placed = o.pop("PlacedAt")
        self.assertLessEqual(abs(parse_dt(placed) - before), datetime.timedelta(seconds=60))
        self.assertEqual(o, {"Id": o["Id"], "CustomerName": "Ada Lovelace",
                             "CustomerEmail": "ada@example.org", "Status": "Pending",
                             "Lines": [{"Sku": a["Sku"], "ProductName": "Bolt", "Quantity": 3,
                                        "UnitPrice": "0.35", "LineTotal": "1.05"},
                                       {"Sku": b["Sku"], "ProductName": "Nut", "Quantity": 2,
                                        "UnitPrice": "1.2", "LineTotal": "2.4"}],
                             "Total": "3.45", "Note": "at the door"})
        o["PlacedAt"] = placed
        self.assertEqual(self.json_ok(self.call("GET", r.headers["Location"])), o)
        self.assertEqual((self.stock(a["Id"]), self.stock(b["Id"])), (7, 3))

    def test_place_faults(self):
        a, b = self.two(s1=5, s2=1)
        count = self.info()["OrderCount"]
        r = self.call("POST", "/api/orders", self.order_body([(a["Sku"], 2), (b["Sku"], 3)]))
        self.fault_problem(r, 409, "InsufficientStockFault",
                           exact={"Sku": b["Sku"], "Requested": 3, "Available": 1})
        ghost = tl.unique_sku("GHOST")
        r = self.call("POST", "/api/orders", self.order_body([(a["Sku"], 1), (ghost, 1)]))
        self.fault_problem(r, 404, "NotFoundFault", exact={"Entity": "Product", "Key": ghost})
        for field, body in (("Lines", self.order_body([])),
                            ("Lines[0].Quantity", self.order_body([(a["Sku"], 0)])),
                            ("CustomerName", self.order_body([(a["Sku"], 1)], customer=""))):
            with self.subTest(field=field):
                r = self.call("POST", "/api/orders", body)
                self.fault_problem(r, 422, "ValidationFault", {"Field": field})
        self.assertEqual((self.stock(a["Id"]), self.stock(b["Id"])), (5, 1))
        self.assertEqual(self.info()["OrderCount"], count)

    def test_get_order_404(self):
        gid = str(uuid.uuid4())
        self.fault_problem(self.call("GET", "/api/orders/" + gid), 404, "NotFoundFault",
                           exact={"Entity": "Order", "Key": gid})

    def test_cancel_200_then_409(self):
        a, b = self.two()
        o = self.place([(a["Sku"], 4), (b["Sku"], 5)])
        reason = "changed my mind \u2013 sorry </reason>"
        c = self.json_ok(self.call("POST", "/api/orders/%s/cancel" % o["Id"], {"reason": reason}))
        self.assertEqual(c, dict(o, Status="Cancelled", CancelReason=reason))
        self.assertEqual((self.stock(a["Id"]), self.stock(b["Id"])), (10, 5))
        self.assertEqual(self.json_ok(self.call("GET", "/api/orders/" + o["Id"])), c)
        r = self.call("POST", "/api/orders/%s/cancel" % o["Id"], {"reason": "again"})
        p = self.fault_problem(r, 409, "InvalidStateFault", {"CurrentState": "Cancelled"})
        self.assertTrue(p["fault"]["Message"])
        self.fault_problem(self.call("POST", "/api/orders/%s/ship" % o["Id"]), 409,
                           "InvalidStateFault", {"CurrentState": "Cancelled"})
        self.assertEqual((self.stock(a["Id"]), self.stock(b["Id"])), (10, 5))

    def test_ship_200_then_409(self):
        a, _ = self.two()
        o = self.place([(a["Sku"], 2)])
        s = self.json_ok(self.call("POST", "/api/orders/%s/ship" % o["Id"]))
        self.assertEqual(s, dict(o, Status="Shipped"))
        self.fault_problem(self.call("POST", "/api/orders/%s/ship" % o["Id"]), 409,
                           "InvalidStateFault", {"CurrentState": "Shipped"})
        self.fault_problem(self.call("POST", "/api/orders/%s/cancel" % o["Id"], {"reason": "x"}),
                           409, "InvalidStateFault", {"CurrentState": "Shipped"})
        self.assertEqual(self.stock(a["Id"]), 8)

    def test_cancel_ship_404(self):
        gid = str(uuid.uuid4())
        key = {"Entity": "Order", "Key": gid}
        self.fault_problem(self.call("POST", "/api/orders/%s/cancel" % gid, {"reason": "x"}),
                           404, "NotFoundFault", exact=key)
        self.fault_problem(self.call("POST", "/api/orders/%s/ship" % gid), 404,
                           "NotFoundFault", exact=key)


# =============================================================================================
class StockAdjustments(Base):
    def test_adjust_202(self):
        p = self.create(StockQuantity=10)
        r = self.call("POST", "/api/stock-adjustments",
                      {"sku": p["Sku"], "delta": 5, "reason": "restock"})
        self.empty_ok(r, 202)
        self.assertEqual(self.wait_stock(p["Id"], 15), 15)
        r = self.call("POST", "/api/AdjustStock", {"sku": p["Sku"], "delta": -12, "reason": "x"})
        self.empty_ok(r, 202)
        self.assertEqual(self.wait_stock(p["Id"], 3), 3)
        # one-way: an unknown SKU or a negative result is accepted and ignored
        for body in ({"sku": tl.unique_sku("NOPE"), "delta": 1, "reason": "x"},
                     {"sku": p["Sku"], "delta": -4, "reason": "too many"}):
            self.empty_ok(self.call("POST", "/api/stock-adjustments", body), 202)
        self.empty_ok(self.call("POST", "/api/stock-adjustments",
                                {"sku": p["Sku"], "delta": 1, "reason": "marker"}), 202)
        self.assertEqual(self.wait_stock(p["Id"], 4), 4)

    def test_adjust_type_error_400(self):
        sent = {"sku": "X-1", "delta": "five", "reason": "x"}
        self.input_problem(self.call("POST", "/api/stock-adjustments", sent), sent, "/delta")
        sent = {"sku": "X-1", "delta": 2147483648}
        self.input_problem(self.call("POST", "/api/stock-adjustments", sent), sent, "/delta",
                           INT_RANGE, "2147483648")


# =============================================================================================
class Generic(Base):
    """POST /api/{Operation} for all 13 operations: body = the request wrapper's children,
    answer = the single result unwrapped, the same data as the resource routes."""

    def test_every_operation(self):
        seen = set()
        g = lambda op, body, status=200: self.json_ok(self.call("POST", "/api/" + op, body), status)
        seen.add("GetServiceInfo")
        self.assertEqual(g("GetServiceInfo", {}), self.info())
        prod = self.product(Tags=["g"])
        seen.add("CreateProduct")
        r = self.call("POST", "/api/CreateProduct", {"product": prod})
        c = self.json_ok(r, 200)
        self.assertNotIn("Location", r.headers)
        self.assertEqual({k: c[k] for k in prod}, dict(prod, Price="9.99"))
        seen.add("GetProduct")
        self.assertEqual(g("GetProduct", {"id": c["Id"]}), self.get_product(c["Id"]))
        seen.add("UpdateProduct")
        u = g("UpdateProduct", {"product": dict(c, Name="generic update")})
        self.assertEqual((u["Name"], u["Version"]), ("generic update", 2))
        self.assertEqual(self.get_product(c["Id"]), u)
        seen.add("FindProducts")
        page = g("FindProducts", {"query": {"NamePrefix": "generic update"}})
        self.assertIn(u, page["Items"])
        seen.add("SetProductImage")
        self.empty_ok(self.call("POST", "/api/SetProductImage",
                                {"productId": c["Id"],
                                 "image": {"ContentType": "image/png",
                                           "Data": b64(png(bytes(range(256))))}}), 204)
        seen.add("GetProductImage")
        self.assertEqual(g("GetProductImage", {"productId": c["Id"]}),
                         self.json_ok(self.call("GET", "/api/products/%d/image" % c["Id"])))
        seen.add("PlaceOrder")
        o = g("PlaceOrder", {"order": self.order_body([(c["Sku"], 2)])})
        self.assertEqual((o["Status"], o["Total"]), ("Pending", "19.98"))
        seen.add("GetOrder")
        self.assertEqual(g("GetOrder", {"id": o["Id"]}),
                         self.json_ok(self.call("GET", "/api/orders/" + o["Id"])))
        seen.add("CancelOrder")
        self.assertEqual(g("CancelOrder", {"id": o["Id"], "reason": "r"}),
                         dict(o, Status="Cancelled", CancelReason="r"))
        seen.add("ShipOrder")
        o2 = g("PlaceOrder", {"order": self.order_body([(c["Sku"], 1)])})
        self.assertEqual(g("ShipOrder", {"id": o2["Id"]}), dict(o2, Status="Shipped"))
        seen.add("AdjustStock")
        self.empty_ok(self.call("POST", "/api/AdjustStock",
                                {"sku": c["Sku"], "delta": 3, "reason": "g"}), 202)
        self.assertEqual(self.wait_stock(c["Id"], 12), 12)
        seen.add("DeleteProduct")
        self.empty_ok(self.call("POST", "/api/DeleteProduct", {"id": c["Id"]}), 204)
        self.fault_problem(self.call("POST", "/api/GetProduct", {"id": c["Id"]}), 404,
                           "NotFoundFault", exact={"Entity": "Product", "Key": str(c["Id"])})
        self.assertEqual(seen, set(OPERATIONS))

    def test_generic_errors(self):
        self.input_problem(self.call("POST", "/api/GetProduct", {"id": "abc"}), {"id": "abc"},
                           "/id", INT_RANGE, '"abc"')
        self.input_problem(self.call("POST", "/api/GetProduct", {"Id": 1}), None, "/Id")
        self.problem(self.call("POST", "/api/GetProduct", data=b'{"id":',
                               headers={"Content-Type": "application/json"}), 400,
                     "malformed-json")
        p = self.problem(self.call("POST", "/api/NoSuchOperation", {}), 404, "not-found")
        self.assertNotIn("fault", p)
        r = self.call("GET", "/api/GetProduct")
        self.problem(r, 405, "method-not-allowed")
        self.assertEqual(r.headers.get("Allow"), "POST")


# =============================================================================================
class Statuses(Base):
    def test_malformed_json_400(self):
        for raw in (b'{"Sku":', b"{'Sku': 'x'}", b"[1,]", b'{"Sku":"A","Sku":"B"}', b"{} {}",
                    b'{"Sku":"A"'):
            with self.subTest(body=raw):
                r = self.call("POST", "/api/products", data=raw,
                              headers={"Content-Type": "application/json"})
                p = self.problem(r, 400)
                self.assertIn(p["type"], (tl.PROBLEM_TYPE_PREFIX + "malformed-json",
                                          tl.PROBLEM_TYPE_PREFIX + "invalid-request"))
        r = self.call("POST", "/api/products", data=b'{"Sku":',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.json()["title"], "Malformed JSON")

    def test_body_not_an_object_400(self):
        self.input_problem(self.call("POST", "/api/products", [1]), [1], "")
        p = self.problem(self.call("POST", "/api/orders", "text"), 400)
        self.assertIn(p["type"], (tl.PROBLEM_TYPE_PREFIX + "malformed-json",
                                  tl.PROBLEM_TYPE_PREFIX + "invalid-request"))

    def test_unsupported_media_type_415(self):
        body = json.dumps(self.product()).encode()
        for ct in ("text/plain", "application/xml", "application/x-www-form-urlencoded",
                   "text/xml; charset=utf-8", None):
            with self.subTest(content_type=ct):
                h = {"Content-Type": ct} if ct else {}
                r = self.call("POST", "/api/products", data=body, headers=h)
                self.problem(r, 415, "unsupported-media-type")
        r = self.call("POST", "/api/products", data=body,
                      headers={"Content-Type": "application/json; charset=utf-8"})
        self.json_ok(r, 201)

    def test_not_acceptable_406(self):
        for accept in ("text/csv", "text/html", "application/xml", "image/*"):
            with self.subTest(accept=accept):
                self.problem(self.call("GET", "/api/info", headers={"Accept": accept}), 406,
                             "not-acceptable")
        for accept in ("application/json", "application/*", "*/*",
                       "text/html;q=0.9, application/json;q=0.5"):
            with self.subTest(accept=accept):
                self.json_ok(self.call("GET", "/api/info", headers={"Accept": accept}))
        r = self.call("POST", "/api/products", self.product(), headers={"Accept": "text/plain"})
        self.problem(r, 406, "not-acceptable")

    def test_accept_q0_refuses_json_406(self):
        # RFC 9110 12.5.1: "q=0" means "not acceptable"
        r = self.call("GET", "/api/info", headers={"Accept": "application/json;q=0"})
        self.problem(r, 406, "not-acceptable")

    def test_unknown_path_404(self):
        for path in ("/api/nothing", "/api/products/1/nothing", "/api/Products/1",
                     "/api/orders/x/y/z", "/api/info/x"):
            with self.subTest(path=path):
                self.problem(self.call("GET", path), 404, "not-found")

    def test_wrong_method_405_with_allow(self):
        cases = [("PATCH", "/api/products/1", {"GET", "PUT", "DELETE"}),
                 ("POST", "/api/info", {"GET"}),
                 ("GET", "/api/orders", {"POST"}),
                 ("DELETE", "/api/orders/%s" % uuid.uuid4(), {"GET"}),
                 ("GET", "/api/stock-adjustments", {"POST"}),
                 ("DELETE", "/api/products/1/image", {"GET", "PUT"}),
                 ("PUT", "/api/CreateProduct", {"POST"})]
        for method, path, must in cases:
            with self.subTest(method=method, path=path):
                r = self.call(method, path)
                self.problem(r, 405, "method-not-allowed")
                allow = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
                self.assertTrue(must <= allow, "Allow %r lacks %r" % (allow, must - allow))
                self.assertNotIn(method, allow)
                for m in allow - {"HEAD"}:   # every advertised method is routed
                    r2 = self.call(m, path, {} if m in ("POST", "PUT") else NO)
                    routing = r2.status_code in (404, 405) and r2.json().get("type") in (
                        tl.PROBLEM_TYPE_PREFIX + "not-found",
                        tl.PROBLEM_TYPE_PREFIX + "method-not-allowed")
                    self.assertFalse(routing, "%s %s: %s" % (m, path, tl.describe(r2)))

    def test_body_over_limit_413(self):
        d = tl.start_daemon(name="rest-small", extra_args=["--max-body", "4096"])
        try:
            ok = self.product(Description="d" * 1900, Tags=["t" * 90] * 10)
            self.json_ok(tl.rest(d, "POST", "/api/products", ok), 201)
            big = self.product(Description="d" * 5000)
            r = tl.rest(d, "POST", "/api/products", big)
            self.problem(r, 413)
            # chunked, no Content-Length
            raw = json.dumps(self.product(Description="e" * 6000)).encode()
            req = (b"POST /api/products HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   b"application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                   + b"%x\r\n" % len(raw) + raw + b"\r\n0\r\n\r\n")
            resp = tl.raw_http(d.port, req, timeout=10)
            self.assertEqual(tl.http_status(resp), 413, resp[:600])
            self.assertRegex(resp.split(b"\r\n\r\n", 1)[0],
                             rb"(?i)\r\nContent-Type: application/problem\+json", resp[:600])
            self.json_ok(tl.rest(d, "GET", "/api/info"))
        finally:
            d.stop_expect_clean()

    def test_server_fault_500_without_internals(self):
        p = self.create()
        with tl.hold_write_lock(D.db):
            r = self.call("POST", "/api/products", self.product(), timeout=tl.HTTP_TIMEOUT)
            u = self.call("PUT", "/api/products/%d" % p["Id"], dict(p, Name="locked"))
            reads = self.call("GET", "/api/products/%d" % p["Id"])
        for resp in (r, u):
            pr = self.problem(resp, 500, "server-fault")
            self.assertNotIn("fault", pr)
            text = json.dumps(pr).lower()
            for word in ("sqlite", "database", "locked", "busy", ".c:"):
                self.assertNotIn(word, text, "internals leak: %r" % pr)
        self.assertEqual(self.json_ok(reads), p)
        self.assertEqual(self.get_product(p["Id"]), p)
        self.json_ok(self.call("POST", "/api/products", self.product()), 201)
        self.assertAlive()


# =============================================================================================
class Head(Base):
    def test_head_on_every_get_route(self):
        p = self.create()
        self.empty_ok(self.call("PUT", "/api/products/%d/image" % p["Id"],
                                {"ContentType": "image/png", "Data": b64(png(b"h"))}), 204)
        o = self.place([(p["Sku"], 1)])
        paths = ["/api/info", "/api/products?namePrefix=" + p["Name"].replace(" ", "%20"),
                 "/api/products/%d" % p["Id"], "/api/products/%d/image" % p["Id"],
                 "/api/orders/" + o["Id"], "/api/openapi.json", "/api/"]
        for path in paths:
            with self.subTest(path=path):
                g = self.call("GET", path)
                h = self.call("HEAD", path)
                self.assertEqual(g.status_code, 200, tl.describe(g))
                self.assertEqual(h.status_code, 200, tl.describe(h))
                self.assertEqual(h.content, b"")
                self.assertEqual(h.headers.get("Content-Type"), g.headers.get("Content-Type"))
                self.assertEqual(h.headers.get("Content-Length"), str(len(g.content)))
        h = self.call("HEAD", "/api/products/987654325")
        self.assertEqual((h.status_code, h.content), (404, b""))


# =============================================================================================
class Metadata(Base):
    def test_openapi_31_every_route(self):
        r = self.call("GET", "/api/openapi.json")
        doc = self.json_ok(r)
        self.assertRegex(doc.get("openapi", ""), r"^3\.1\.\d+$")
        self.assertEqual(doc.get("servers"), [{"url": D.base}])
        paths = doc.get("paths", {})
        routes = load_map()["routes"]
        self.assertEqual(len(routes), 13)
        for rt in routes:
            with self.subTest(route="%s %s" % (rt["method"], rt["path"])):
                self.assertIn(rt["path"], paths)
                op = paths[rt["path"]].get(rt["method"].lower())
                self.assertIsInstance(op, dict, "no %s under %s" % (rt["method"], rt["path"]))
                self.assertEqual(op.get("operationId"), rt["operation"])
                codes = set(op.get("responses", {}))
                self.assertIn(str(rt.get("status", 200)), codes)
        for name in OPERATIONS:
            with self.subTest(generic=name):
                self.assertIsInstance(paths.get("/api/" + name, {}).get("post"), dict)
        self.assertEqual(set(paths), {rt["path"] for rt in routes}
                         | {"/api/" + name for name in OPERATIONS}, "paths beyond the routes")

    def test_help_page_lists_routes(self):
        r = self.call("GET", "/api/")
        self.assertEqual(r.status_code, 200, tl.describe(r))
        self.assertEqual(tl.media_type(r), "text/html")
        text = html.unescape(re.sub(r"<[^>]+>", " ", r.text))
        text = re.sub(r"\s+", " ", text)
        for rt in load_map()["routes"]:
            with self.subTest(route="%s %s" % (rt["method"], rt["path"])):
                self.assertRegex(text, r"\b%s %s(\s|$)" % (rt["method"], re.escape(rt["path"])))
                self.assertIn(rt["operation"], text)
        for name in OPERATIONS:
            with self.subTest(generic=name):
                self.assertIn("POST /api/%s " % name, text)


# =============================================================================================
class Forwarded(Base):
    FWD = {"X-Forwarded-Host": "api.example.com:8443", "X-Forwarded-Proto": "https"}
    EXPECT = "https://api.example.com:8443"

    @classmethod
    def setUpClass(cls):
        cls.trusting = tl.start_daemon(name="rest-fwd", extra_args=["--trust-forwarded"])

    @classmethod
    def tearDownClass(cls):
        cls.trusting.stop_expect_clean()

    def addresses(self, daemon, query="wsdl", headers=None):
        r = requests.get(daemon.endpoint + "?" + query, headers=headers or {},
                         timeout=tl.HTTP_TIMEOUT)
        self.assertEqual(r.status_code, 200, tl.describe(r))
        root = ET.fromstring(r.content)
        return sorted(a.get("location") for a in root.iter()
                      if a.tag.endswith("}address") and a.get("location"))

    def test_trusted_forwarded_headers_rewrite_metadata(self):
        d = self.trusting
        for query in ("wsdl", "singleWsdl"):
            with self.subTest(query=query):
                self.assertEqual(self.addresses(d, query, self.FWD),
                                 [self.EXPECT + tl.SERVICE_PATH,
                                  self.EXPECT + tl.SERVICE_PATH + "/soap12"])
        doc = tl.rest(d, "GET", "/api/openapi.json", headers=self.FWD).json()
        self.assertEqual(doc["servers"], [{"url": self.EXPECT}])
        page = tl.rest(d, "GET", "/api/", headers=self.FWD).text
        self.assertIn(self.EXPECT + "/api/", html.unescape(page))
        self.assertNotIn("127.0.0.1:%d" % d.port, page)
        # only the proto, only the host
        self.assertEqual(self.addresses(d, headers={"X-Forwarded-Proto": "https"})[0],
                         "https://127.0.0.1:%d%s" % (d.port, tl.SERVICE_PATH))
        self.assertEqual(self.addresses(d, headers={"X-Forwarded-Host": "h.example"})[0],
                         "http://h.example" + tl.SERVICE_PATH)
        # without the headers: the Host the client used
        self.assertEqual(self.addresses(d)[0], d.base + tl.SERVICE_PATH)

    def test_trusted_forwarded_hostile_values_ignored(self):
        d = self.trusting
        for hdr in ({"X-Forwarded-Host": 'evil"><x y="'}, {"X-Forwarded-Proto": "javascript"},
                    {"X-Forwarded-Host": "a.example/path?q"}):
            with self.subTest(headers=hdr):
                self.assertEqual(self.addresses(d, headers=hdr)[0], d.base + tl.SERVICE_PATH)

    def test_forwarded_headers_ignored_without_flag(self):
        self.assertEqual(self.addresses(D, headers=self.FWD),
                         [D.base + tl.SERVICE_PATH, D.base + tl.SERVICE_PATH + "/soap12"])
        doc = self.call("GET", "/api/openapi.json", headers=self.FWD).json()
        self.assertEqual(doc["servers"], [{"url": D.base}])
        page = self.call("GET", "/api/", headers=self.FWD).text
        self.assertNotIn("api.example.com", page)


# =============================================================================================
class HostileUrls(Base):
    """What the sanitizer pass found: URL text that must never be cut short or dropped."""

    def test_percent_00_is_not_decoded(self):
        p = self.create()
        r = self.call("DELETE", "/api/products/%d%%00junk" % p["Id"])
        self.assertEqual(r.status_code, 400, tl.describe(r))
        self.assertEqual(self.get_product(p["Id"])["Id"], p["Id"])  # still there
        self.problem(self.call("GET", "/api/info%00"), 404, "not-found")

    def test_invalid_utf8_in_path_and_query_is_400_naming_it(self):
        r = self.call("GET", "/api/products/%FF")
        self.assertEqual(self.problem(r, 400, "invalid-request")["pointer"], "{id}")
        r = self.call("GET", "/api/products?NamePrefix=%FF")
        self.assertEqual(self.problem(r, 400, "invalid-request")["pointer"], "?NamePrefix")

    def test_path_wins_even_over_a_non_object_body(self):
        p = self.create()
        r = self.call("PUT", "/api/products/%d" % p["Id"], [1, 2])
        self.problem(r, 400, "invalid-request")

    def test_a_thousand_query_parameters_get_an_answer(self):
        query = "&".join("p%d=1" % i for i in range(1000))
        r = self.call("GET", "/api/products?" + query)
        self.problem(r, 400, "too-many-parameters")
        self.assertAlive()


if __name__ == "__main__":
    tl.main(__name__)
