#!/usr/bin/python3
"""test_soap_zeep.py - drives every operation of the reference service with zeep, a real SOAP
client loaded from the LIVE ?wsdl (and ?singleWsdl) of a freshly started soaprestd.

Checks exact values, every declared fault of every operation (typed detail parsed and asserted),
the one-way AdjustStock, PerishableProduct via xsi:type, base64 images, decimal exactness,
non-ASCII text, empty vs absent Tags, FindProducts filters and paging, and a restart on the same
database.  Run: SOAPRESTD=... SOAPREST_WSDL_DIR=... /usr/bin/python3 test_soap_zeep.py
"""

import os
import sys

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB")
                or os.path.dirname(os.path.abspath(__file__)))

import soaprest_testlib as tl  # noqa: E402

zeep, requests = tl.require_modules("zeep", "requests")

import datetime  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import unittest  # noqa: E402
import uuid  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from decimal import Decimal  # noqa: E402

import zeep.exceptions  # noqa: E402
import zeep.helpers  # noqa: E402
import zeep.transports  # noqa: E402

DC = tl.DC_NS
UTC = datetime.timezone.utc

DAEMON = None
CLIENT = None
MODULE_STARTED = None


def make_client(wsdl_url):
    """A zeep client whose WSDL and operations both go through a timeout-bounded transport."""
    transport = zeep.transports.Transport(session=requests.Session(), timeout=tl.HTTP_TIMEOUT,
                                          operation_timeout=tl.HTTP_TIMEOUT)
    return zeep.Client(wsdl_url, transport=transport)


def setUpModule():
    global DAEMON, CLIENT, MODULE_STARTED
    MODULE_STARTED = datetime.datetime.now(UTC)
    DAEMON = tl.start_daemon(name="zeep")
    CLIENT = make_client(DAEMON.wsdl_url)


def tearDownModule():
    if DAEMON is not None:
        DAEMON.stop_expect_clean()


def to_utc(dt):
    """An aware UTC datetime (a naive one is taken as UTC)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def items(page):
    """The products of a ProductPage (Items may be absent/nil when empty)."""
    if page.Items is None or page.Items.Product is None:
        return []
    return list(page.Items.Product)


def tags(product):
    return None if product.Tags is None else list(product.Tags.string or [])


def type_name(value):
    return value._xsd_type.qname.localname


def png(payload=b""):
    return tl.PNG_SIGNATURE + payload


class Base(unittest.TestCase):
    maxDiff = 4000

    @property
    def client(self):
        return CLIENT

    @property
    def svc(self):
        return CLIENT.service

    def product_data(self, **over):
        sku = over.pop("Sku", None) or tl.unique_sku("P")
        data = {"Sku": sku, "Name": "Widget " + sku, "Description": "A plain widget",
                "Category": "Hardware", "Price": Decimal("9.99"), "StockQuantity": 10}
        data.update(over)
        return data

    def create(self, svc=None, **over):
        return (svc or self.svc).CreateProduct(product=self.product_data(**over))

    def order(self, lines, customer="Ada Lovelace", email="ada@example.org", note=None,
              svc=None):
        req = {"CustomerName": customer, "CustomerEmail": email,
               "Lines": {"OrderLineRequest": [{"Sku": s, "Quantity": q} for s, q in lines]},
               "Note": note}
        return (svc or self.svc).PlaceOrder(order=req)

    def stock(self, product_id):
        return self.svc.GetProduct(id=product_id).StockQuantity

    def info(self):
        return self.svc.GetServiceInfo()

    def assertFault(self, detail_name, fields, fn, *args, **kwargs):
        """Calls fn, which must raise zeep's Fault with code Client and exactly one typed detail
        element {DC}detail_name whose parsed fields equal `fields`. Returns the parsed detail."""
        with self.assertRaises(zeep.exceptions.Fault,
                               msg="expected a %s fault from %s" % (detail_name,
                                                                   getattr(fn, "__name__", fn))
                               ) as cm:
            fn(*args, **kwargs)
        f = cm.exception
        self.assertIsNotNone(f.detail, "fault %r (%s) carries no <detail>" % (f.message, f.code))
        kids = [c for c in f.detail if isinstance(c.tag, str)]
        self.assertEqual(len(kids), 1, "detail holds %r" % [c.tag for c in kids])
        self.assertEqual(kids[0].tag, "{%s}%s" % (DC, detail_name),
                         "fault %r: wrong detail element" % f.message)
        parsed = CLIENT.get_element("{%s}%s" % (DC, detail_name)).parse(kids[0],
                                                                        CLIENT.wsdl.types)
        got = {k: getattr(parsed, k) for k in fields}
        self.assertEqual(got, fields, "fault %r detail %s" % (f.message,
                                                               zeep.helpers.serialize_object(parsed)))
        self.assertTrue(f.code and re.fullmatch(r"([^:]+:)?Client", f.code),
                        "typed fault code %r, expected (s:)Client" % f.code)
        self.assertTrue(f.message, "empty faultstring")
        return parsed

    def wait_stock(self, product_id, expected, timeout=5.0):
        """Polls GetProduct until StockQuantity == expected (a one-way call may finish after
        its 202); returns the last value seen."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.stock(product_id)
            if got == expected or time.monotonic() > deadline:
                return got
            time.sleep(0.05)


class Metadata(Base):
    def test_client_address_is_rewritten_endpoint(self):
        addr = CLIENT.service._binding_options["address"]
        self.assertEqual(addr, DAEMON.endpoint)

    def test_single_wsdl_client(self):
        c2 = make_client(DAEMON.single_wsdl_url)
        self.assertEqual(c2.service._binding_options["address"], DAEMON.endpoint)
        info = c2.service.GetServiceInfo()
        self.assertEqual(info.Version, self.info().Version)
        p = self.create(svc=c2.service, Price=Decimal("1.5"))
        got = c2.service.GetProduct(id=p.Id)
        self.assertEqual((got.Id, got.Sku, got.Price, got.Version), (p.Id, p.Sku, Decimal("1.5"), 1))


class ServiceInfo(Base):
    def test_service_info(self):
        i1 = self.info()
        m = re.match(r"soaprestd (\S+):", DAEMON.lines[0])
        self.assertIsNotNone(m, "banner line 1: %r" % DAEMON.lines[0])
        self.assertEqual(i1.Version, m.group(1))
        self.assertIsInstance(i1.Name, str)
        self.assertTrue(i1.Name.strip())
        started = to_utc(i1.StartedAt)
        now = datetime.datetime.now(UTC)
        self.assertLessEqual(started, now + datetime.timedelta(seconds=2))
        self.assertGreaterEqual(started, MODULE_STARTED - datetime.timedelta(seconds=2))
        p = self.create(StockQuantity=3)
        i2 = self.info()
        self.assertEqual(i2.ProductCount, i1.ProductCount + 1)
        self.assertEqual(i2.OrderCount, i1.OrderCount)
        self.order([(p.Sku, 1)])
        i3 = self.info()
        self.assertEqual((i3.ProductCount, i3.OrderCount), (i2.ProductCount, i2.OrderCount + 1))
        self.assertEqual(i3.StartedAt, i1.StartedAt)
        self.assertEqual((i3.Name, i3.Version), (i1.Name, i1.Version))


class Products(Base):
    def test_create_and_get_exact(self):
        before = datetime.datetime.now(UTC)
        sku = tl.unique_sku("CG")
        p = self.create(Sku=sku, Name="Torque wrench", Description="3/8 inch drive",
                        Category="Hardware", Price=Decimal("129.5000"), StockQuantity=7,
                        Tags={"string": ["tools", "metal", "tools2"]})
        self.assertEqual(type_name(p), "Product")
        self.assertIsInstance(p.Id, int)
        self.assertGreater(p.Id, 0)
        self.assertEqual((p.Sku, p.Name, p.Description, p.Category, p.Price, p.StockQuantity,
                          tags(p), p.Version, p.UpdatedAt),
                         (sku, "Torque wrench", "3/8 inch drive", "Hardware", Decimal("129.5"), 7,
                          ["tools", "metal", "tools2"], 1, None))
        created = to_utc(p.CreatedAt)
        self.assertLessEqual(abs(created - before), datetime.timedelta(seconds=60))
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual(zeep.helpers.serialize_object(g), zeep.helpers.serialize_object(p))
        q = self.create()
        self.assertNotEqual(q.Id, p.Id)

    def test_create_accepts_boundaries(self):
        n = next(tl._counter)
        sku3 = "Q" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 36] + \
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n // 36) % 36]
        sku32 = (tl.unique_sku("L") + "-" + "X" * 32)[:32]
        for data in (dict(Sku=sku3), dict(Sku=sku32), dict(Name="N" * 200),
                     dict(Name="A"), dict(Price=Decimal("0")), dict(Price=Decimal("12.3456")),
                     dict(Description=None), dict(Category="Service"), dict(Category="Software")):
            with self.subTest(**{k: (v if not isinstance(v, str) or len(v) < 40 else
                                     "%s... (%d chars)" % (v[:5], len(v))) for k, v in data.items()}):
                p = self.create(**data)
                g = self.svc.GetProduct(id=p.Id)
                for k, v in data.items():
                    self.assertEqual(getattr(g, k), v, k)

    def test_name_length_counts_characters_not_bytes(self):
        name = "\u00fc" * 200   # 200 characters, 400 UTF-8 bytes
        p = self.create(Name=name)
        self.assertEqual(self.svc.GetProduct(id=p.Id).Name, name)
        self.assertFault("ValidationFault", {"Field": "Name"}, self.create, Name="\u00fc" * 201)

    def test_create_validation_faults(self):
        count = self.info().ProductCount
        cases = [
            ("Sku", dict(Sku="AB")),
            ("Sku", dict(Sku="abc-lower")),
            ("Sku", dict(Sku="A" * 33)),
            ("Sku", dict(Sku="BAD_SKU")),
            ("Name", dict(Name="")),
            ("Name", dict(Name="x" * 201)),
            ("Price", dict(Price=Decimal("-0.01"))),
            ("Price", dict(Price=Decimal("1.23456"))),
        ]
        for field, data in cases:
            with self.subTest(field=field, data=str(data)[:60]):
                self.assertFault("ValidationFault", {"Field": field}, self.create, **data)
        for field in ("Sku", "Name", "Category"):
            with self.subTest(missing=field):
                data = self.product_data()
                del data[field]
                self.assertFault("ValidationFault", {"Field": field},
                                 self.svc.CreateProduct, product=data)
        self.assertEqual(self.info().ProductCount, count, "a rejected create stored something")

    def test_create_duplicate_sku_conflict(self):
        p = self.create()
        d = self.assertFault("ConflictFault", {}, self.create, Sku=p.Sku, Name="Another")
        self.assertTrue(d.Message)
        self.assertEqual(self.svc.GetProduct(id=p.Id).Name, p.Name)

    def test_get_product_not_found(self):
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": "987654321"},
                         self.svc.GetProduct, id=987654321)

    def test_update_product(self):
        p = self.create(Price=Decimal("5.00"), Tags={"string": ["a"]})
        p.Name = "Renamed widget"
        p.Price = Decimal("6.2500")
        p.Description = None
        p.Tags = {"string": ["b", "c"]}
        p.StockQuantity = 42
        u = self.svc.UpdateProduct(product=p)
        self.assertEqual((u.Id, u.Sku, u.Name, u.Description, u.Price, u.StockQuantity, tags(u),
                          u.Version),
                         (p.Id, p.Sku, "Renamed widget", None, Decimal("6.25"), 42, ["b", "c"], 2))
        self.assertEqual(u.CreatedAt, p.CreatedAt)
        self.assertIsNotNone(u.UpdatedAt)
        self.assertGreaterEqual(to_utc(u.UpdatedAt), to_utc(u.CreatedAt))
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual(zeep.helpers.serialize_object(g), zeep.helpers.serialize_object(u))
        u.Name = "Third"
        u3 = self.svc.UpdateProduct(product=u)
        self.assertEqual((u3.Name, u3.Version), ("Third", 3))

    def test_update_stale_version_conflict(self):
        p = self.create()
        p1 = self.svc.GetProduct(id=p.Id)
        p1.Name = "first writer"
        self.assertEqual(self.svc.UpdateProduct(product=p1).Version, 2)
        p.Name = "second writer"   # still Version 1
        d = self.assertFault("ConflictFault", {"CurrentVersion": 2}, self.svc.UpdateProduct,
                             product=p)
        self.assertTrue(d.Message)
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual((g.Name, g.Version), ("first writer", 2))

    def test_update_not_found(self):
        data = self.product_data(Id=987654322, Version=1)
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": "987654322"},
                         self.svc.UpdateProduct, product=data)

    def test_update_validation_faults(self):
        p = self.create()
        for field, value in (("Price", Decimal("0.00001")), ("Price", Decimal("-1")),
                             ("Name", ""), ("Name", "y" * 201), ("Sku", "lower")):
            with self.subTest(field=field, value=str(value)[:20]):
                g = self.svc.GetProduct(id=p.Id)
                setattr(g, field, value)
                self.assertFault("ValidationFault", {"Field": field}, self.svc.UpdateProduct,
                                 product=g)
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual((g.Version, g.Name, g.Price), (1, p.Name, p.Price))

    def test_delete_product(self):
        p = self.create()
        count = self.info().ProductCount
        self.assertIsNone(self.svc.DeleteProduct(id=p.Id))
        self.assertEqual(self.info().ProductCount, count - 1)
        key = str(p.Id)
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": key},
                         self.svc.GetProduct, id=p.Id)
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": key},
                         self.svc.DeleteProduct, id=p.Id)

    def raw_tags(self, op, **kwargs):
        """Tags as the wire carries them in the response of `op`: None when the element is
        absent or xsi:nil, else the list of its strings. (zeep itself turns an empty
        <Tags/> into None, so the XML is read here.)"""
        with CLIENT.settings(raw_response=True):
            r = getattr(self.svc, op)(**kwargs)
        self.assertEqual(r.status_code, 200, r.content[:800])
        root = ET.fromstring(r.content)
        res = root.find(".//{%s}%sResult" % (tl.SVC_NS, op))
        self.assertIsNotNone(res, r.content[:800])
        t = res.find("{%s}Tags" % DC)
        if t is None or t.get("{%s}nil" % tl.XSI_NS) in ("true", "1"):
            return None
        return [x.text or "" for x in t]

    def test_tags_empty_list_vs_none(self):
        data_empty = self.product_data(Tags={"string": []})
        self.assertEqual(self.raw_tags("CreateProduct", product=data_empty), [])
        empty = self.svc.GetProduct(id=self.svc.FindProducts(
            query={"NamePrefix": data_empty["Name"]}).Items.Product[0].Id)
        self.assertEqual(empty.Sku, data_empty["Sku"])
        self.assertEqual(self.raw_tags("GetProduct", id=empty.Id), [])
        absent = self.create(Tags=None)
        self.assertIsNone(absent.Tags)
        self.assertIsNone(self.raw_tags("GetProduct", id=absent.Id))

    def test_non_ascii_round_trip(self):
        text = "Gr\u00fc\u00dfe \u2013 \u65e5\u672c\u8a9e \u2013 emoji \U0001F389"
        p = self.create(Name=text, Description=text + " <&> \"'", Tags={"string": [text]})
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual((g.Name, g.Description, tags(g)), (text, text + " <&> \"'", [text]))
        o = self.order([(p.Sku, 1)], customer="J\u00fcrgen \u00c5str\u00f6m", note=text)
        go = self.svc.GetOrder(id=o.Id)
        self.assertEqual((go.Note, go.CustomerName, go.Lines.OrderLine[0].ProductName),
                         (text, "J\u00fcrgen \u00c5str\u00f6m", text))
        page = self.svc.FindProducts(query={"NamePrefix": "GR\u00fc\u00dfe \u2013 \u65e5"})
        self.assertIn(p.Id, [x.Id for x in items(page)])


class Perishable(Base):
    def perishable(self, **over):
        pp = CLIENT.get_type("{%s}PerishableProduct" % DC)
        data = self.product_data(Category="Grocery", Price=Decimal("2.49"), **over)
        return pp(**data)

    def test_perishable_round_trip(self):
        expires = datetime.datetime(2027, 3, 1, 12, 30, 15, tzinfo=UTC)
        shelf = datetime.timedelta(days=14, hours=6)
        p = self.svc.CreateProduct(product=self.perishable(ExpiresOn=expires, ShelfLife=shelf,
                                                           Tags={"string": ["cold"]}))
        self.assertEqual(type_name(p), "PerishableProduct")
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual(type_name(g), "PerishableProduct")
        self.assertEqual(to_utc(g.ExpiresOn), expires)
        self.assertEqual(g.ShelfLife, shelf)
        self.assertEqual((g.Sku, g.Category, g.Price, tags(g), g.Version),
                         (p.Sku, "Grocery", Decimal("2.49"), ["cold"], 1))
        found = [x for x in items(self.svc.FindProducts(query={"NamePrefix": g.Name}))
                 if x.Id == p.Id]
        self.assertEqual(len(found), 1)
        self.assertEqual(type_name(found[0]), "PerishableProduct")
        self.assertEqual(to_utc(found[0].ExpiresOn), expires)
        g.Name = "Milk " + g.Sku
        u = self.svc.UpdateProduct(product=g)
        self.assertEqual(type_name(u), "PerishableProduct")
        self.assertEqual((u.Name, to_utc(u.ExpiresOn), u.ShelfLife, u.Version),
                         ("Milk " + g.Sku, expires, shelf, 2))

    def test_perishable_without_shelf_life(self):
        expires = datetime.datetime(2026, 12, 24, 0, 0, 0, tzinfo=UTC)
        p = self.svc.CreateProduct(product=self.perishable(ExpiresOn=expires))
        g = self.svc.GetProduct(id=p.Id)
        self.assertEqual(type_name(g), "PerishableProduct")
        self.assertEqual((to_utc(g.ExpiresOn), g.ShelfLife), (expires, None))

    def test_perishable_requires_expires_on(self):
        self.assertFault("ValidationFault", {"Field": "ExpiresOn"}, self.svc.CreateProduct,
                         product=self.perishable())


class Search(Base):
    def setUp(self):
        self.prefix = "Zq" + tl.unique("F").replace("-", "x")
        t1, t2 = tl.unique("tag"), tl.unique("tag")
        self.t1, self.t2 = t1, t2
        spec = [("Alpha", "Hardware", "1.00", [t1, t2]),
                ("Bravo", "Software", "2.50", [t1]),
                ("Charlie", "Software", "3.75", [t2]),
                ("Delta", "Grocery", "10.00", []),
                ("Echo", "Hardware", "0.99", None)]
        self.ids = {}
        for name, cat, price, tg in spec:
            p = self.create(Name="%s %s" % (self.prefix, name), Category=cat,
                            Price=Decimal(price),
                            Tags=None if tg is None else {"string": tg})
            self.ids[name] = p.Id

    def find(self, **q):
        q.setdefault("NamePrefix", self.prefix)
        return self.svc.FindProducts(query=q)

    def names(self, page):
        rev = {v: k for k, v in self.ids.items()}
        return sorted(rev.get(p.Id, "?%d" % p.Id) for p in items(page))

    def test_name_prefix_case_insensitive_and_defaults(self):
        page = self.find(NamePrefix=self.prefix.lower())
        self.assertEqual(self.names(page), ["Alpha", "Bravo", "Charlie", "Delta", "Echo"])
        self.assertEqual((page.TotalCount, page.Page, page.PageSize), (5, 1, 20))
        page = self.find(NamePrefix=self.prefix.upper() + " AL")
        self.assertEqual((self.names(page), page.TotalCount), (["Alpha"], 1))
        page = self.find(NamePrefix=self.prefix + "nothing")
        self.assertEqual((self.names(page), page.TotalCount), ([], 0))

    def test_filters(self):
        cases = [
            (dict(Category="Software"), ["Bravo", "Charlie"]),
            (dict(Category="Service"), []),
            (dict(MinPrice=Decimal("1.01")), ["Bravo", "Charlie", "Delta"]),
            (dict(MaxPrice=Decimal("2.49")), ["Alpha", "Echo"]),
            (dict(MinPrice=Decimal("0.995"), MaxPrice=Decimal("3.7")), ["Alpha", "Bravo"]),
            (dict(Tags={"string": [self.t1]}), ["Alpha", "Bravo"]),
            (dict(Tags={"string": [self.t1, self.t2]}), ["Alpha"]),
            (dict(Tags={"string": [self.t2, "nosuchtag"]}), []),
            (dict(Category="Hardware", Tags={"string": [self.t2]}), ["Alpha"]),
            (dict(Category="Software", MinPrice=Decimal("3")), ["Charlie"]),
        ]
        for q, expected in cases:
            with self.subTest(query=str(q)):
                page = self.find(**q)
                self.assertEqual((self.names(page), page.TotalCount), (expected, len(expected)))

    def test_paging(self):
        seen = []
        for n, size in ((1, 2), (2, 2), (3, 1)):
            page = self.find(Page=n, PageSize=2)
            with self.subTest(page=n):
                self.assertEqual((page.TotalCount, page.Page, page.PageSize), (5, n, 2))
                self.assertEqual(len(items(page)), size)
            seen += [p.Id for p in items(page)]
        self.assertEqual(sorted(seen), sorted(self.ids.values()), "pages overlap or miss items")
        page = self.find(Page=4, PageSize=2)
        self.assertEqual((items(page), page.TotalCount, page.Page), ([], 5, 4))
        page = self.find(Page=1, PageSize=100)
        self.assertEqual((len(items(page)), page.PageSize), (5, 100))
        page = self.find(PageSize=1)
        self.assertEqual((len(items(page)), page.Page, page.TotalCount), (1, 1, 5))

    def test_paging_validation_faults(self):
        for q, field in ((dict(Page=0), "Page"), (dict(Page=-1), "Page"),
                         (dict(PageSize=0), "PageSize"), (dict(PageSize=101), "PageSize"),
                         (dict(PageSize=-5), "PageSize")):
            with self.subTest(query=str(q)):
                self.assertFault("ValidationFault", {"Field": field}, self.find, **q)


class Orders(Base):
    def two_products(self, s1=10, s2=5):
        a = self.create(Name="Bolt", Price=Decimal("0.35"), StockQuantity=s1)
        b = self.create(Name="Nut", Price=Decimal("1.2000"), StockQuantity=s2)
        return a, b

    def test_place_and_get_order(self):
        a, b = self.two_products()
        before = datetime.datetime.now(UTC)
        o = self.order([(a.Sku, 3), (b.Sku, 2)], note="leave at the door")
        self.assertEqual(str(uuid.UUID(o.Id)), o.Id.lower())
        self.assertEqual((o.CustomerName, o.CustomerEmail, o.Status, o.Note, o.CancelReason),
                         ("Ada Lovelace", "ada@example.org", "Pending", "leave at the door", None))
        lines = [(x.Sku, x.ProductName, x.Quantity, x.UnitPrice, x.LineTotal)
                 for x in o.Lines.OrderLine]
        self.assertEqual(lines, [(a.Sku, "Bolt", 3, Decimal("0.35"), Decimal("1.05")),
                                 (b.Sku, "Nut", 2, Decimal("1.2"), Decimal("2.4"))])
        self.assertEqual(o.Total, Decimal("3.45"))
        self.assertLessEqual(abs(to_utc(o.PlacedAt) - before), datetime.timedelta(seconds=60))
        self.assertEqual((self.stock(a.Id), self.stock(b.Id)), (7, 3))
        g = self.svc.GetOrder(id=o.Id)
        self.assertEqual(zeep.helpers.serialize_object(g), zeep.helpers.serialize_object(o))

    def test_lines_priced_from_catalogue(self):
        a = self.create(Price=Decimal("4.00"))
        o = self.order([(a.Sku, 1)])
        a = self.svc.GetProduct(id=a.Id)   # the order changed its stock (and may bump Version)
        a.Price = Decimal("99.00")
        self.assertEqual(self.svc.UpdateProduct(product=a).Price, Decimal("99"))
        g = self.svc.GetOrder(id=o.Id)
        self.assertEqual((g.Lines.OrderLine[0].UnitPrice, g.Total), (Decimal("4"), Decimal("4")))
        o2 = self.order([(a.Sku, 1)])
        self.assertEqual(o2.Total, Decimal("99"))

    def test_decimal_exactness(self):
        a = self.create(Price=Decimal("0.10"))
        b = self.create(Price=Decimal("0.20"))
        o = self.order([(a.Sku, 1), (b.Sku, 1)])
        self.assertIsInstance(o.Total, Decimal)
        self.assertEqual(o.Total, Decimal("0.30"))
        self.assertEqual(self.svc.GetOrder(id=o.Id).Total, Decimal("0.30"))
        c = self.create(Price=Decimal("0.1000"), StockQuantity=100)
        o3 = self.order([(c.Sku, 3)])
        self.assertEqual((o3.Lines.OrderLine[0].LineTotal, o3.Total),
                         (Decimal("0.3"), Decimal("0.3")))
        big = self.create(Price=Decimal("12345678901.2345"))
        self.assertEqual(self.svc.GetProduct(id=big.Id).Price, Decimal("12345678901.2345"))
        o4 = self.order([(big.Sku, 3)])
        self.assertEqual(o4.Total, Decimal("37037036703.7035"))

    def test_place_order_validation_faults(self):
        a, _ = self.two_products()
        count = self.info().OrderCount
        base = lambda: {"CustomerName": "Bob", "CustomerEmail": "bob@example.org",
                        "Lines": {"OrderLineRequest": [{"Sku": a.Sku, "Quantity": 1},
                                                       {"Sku": a.Sku, "Quantity": 1}]}}
        cases = []
        r = base(); del r["CustomerName"]; cases.append(("CustomerName", r))
        r = base(); r["CustomerName"] = ""; cases.append(("CustomerName", r))
        r = base(); r["Lines"] = {"OrderLineRequest": []}; cases.append(("Lines", r))
        r = base(); del r["Lines"]; cases.append(("Lines", r))
        r = base(); r["Lines"]["OrderLineRequest"][0]["Quantity"] = 0
        cases.append(("Lines[0].Quantity", r))
        r = base(); r["Lines"]["OrderLineRequest"][1]["Quantity"] = -2
        cases.append(("Lines[1].Quantity", r))
        for field, req in cases:
            with self.subTest(field=field):
                self.assertFault("ValidationFault", {"Field": field}, self.svc.PlaceOrder,
                                 order=req)
        self.assertEqual(self.info().OrderCount, count)
        self.assertEqual(self.stock(a.Id), 10)

    def test_place_order_unknown_sku(self):
        a, _ = self.two_products()
        ghost = tl.unique_sku("GHOST")
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": ghost},
                         self.order, [(a.Sku, 1), (ghost, 1)])
        self.assertEqual(self.stock(a.Id), 10)

    def test_insufficient_stock_is_all_or_nothing(self):
        a, b = self.two_products(s1=5, s2=1)
        count = self.info().OrderCount
        self.assertFault("InsufficientStockFault", {"Sku": b.Sku, "Requested": 3, "Available": 1},
                         self.order, [(a.Sku, 2), (b.Sku, 3)])
        self.assertEqual((self.stock(a.Id), self.stock(b.Id)), (5, 1))
        self.assertEqual(self.info().OrderCount, count)
        # the same SKU on two lines: together more than the stock, nothing is taken
        self.assertFault("InsufficientStockFault", {"Sku": a.Sku},
                         self.order, [(a.Sku, 3), (a.Sku, 3)])
        self.assertEqual(self.stock(a.Id), 5)
        o = self.order([(a.Sku, 5), (b.Sku, 1)])
        self.assertEqual((o.Status, self.stock(a.Id), self.stock(b.Id)), ("Pending", 0, 0))

    def test_get_order_not_found(self):
        gid = str(uuid.uuid4())
        self.assertFault("NotFoundFault", {"Entity": "Order", "Key": gid}, self.svc.GetOrder,
                         id=gid)

    def test_cancel_order(self):
        a, b = self.two_products()
        o = self.order([(a.Sku, 4), (b.Sku, 5)])
        self.assertEqual((self.stock(a.Id), self.stock(b.Id)), (6, 0))
        c = self.svc.CancelOrder(id=o.Id, reason="changed my mind \u2013 sorry")
        self.assertEqual((c.Id, c.Status, c.CancelReason, c.Total),
                         (o.Id, "Cancelled", "changed my mind \u2013 sorry", o.Total))
        self.assertEqual((self.stock(a.Id), self.stock(b.Id)), (10, 5))
        g = self.svc.GetOrder(id=o.Id)
        self.assertEqual((g.Status, g.CancelReason), ("Cancelled", "changed my mind \u2013 sorry"))
        self.assertFault("InvalidStateFault", {"CurrentState": "Cancelled"},
                         self.svc.CancelOrder, id=o.Id, reason="again")
        self.assertFault("InvalidStateFault", {"CurrentState": "Cancelled"},
                         self.svc.ShipOrder, id=o.Id)
        self.assertEqual((self.stock(a.Id), self.stock(b.Id)), (10, 5), "stock restored twice")
        self.assertEqual(self.svc.GetOrder(id=o.Id).CancelReason, "changed my mind \u2013 sorry")

    def test_ship_order(self):
        a, _ = self.two_products()
        o = self.order([(a.Sku, 2)])
        s = self.svc.ShipOrder(id=o.Id)
        self.assertEqual((s.Id, s.Status, s.Total, s.CancelReason),
                         (o.Id, "Shipped", Decimal("0.70"), None))
        self.assertEqual(self.svc.GetOrder(id=o.Id).Status, "Shipped")
        self.assertFault("InvalidStateFault", {"CurrentState": "Shipped"},
                         self.svc.ShipOrder, id=o.Id)
        self.assertFault("InvalidStateFault", {"CurrentState": "Shipped"},
                         self.svc.CancelOrder, id=o.Id, reason="too late")
        self.assertEqual(self.stock(a.Id), 8)
        self.assertEqual(self.svc.GetOrder(id=o.Id).Status, "Shipped")

    def test_cancel_and_ship_not_found(self):
        gid = str(uuid.uuid4())
        self.assertFault("NotFoundFault", {"Entity": "Order", "Key": gid},
                         self.svc.CancelOrder, id=gid, reason="x")
        self.assertFault("NotFoundFault", {"Entity": "Order", "Key": gid},
                         self.svc.ShipOrder, id=gid)


class Images(Base):
    def test_image_round_trip_all_byte_values(self):
        p = self.create()
        data = png(bytes(range(256)) * 3)
        self.assertIsNone(self.svc.SetProductImage(productId=p.Id,
                                                   image={"ContentType": "image/png",
                                                          "Data": data}))
        img = self.svc.GetProductImage(productId=p.Id)
        self.assertEqual(img.ContentType, "image/png")
        self.assertIsInstance(img.Data, bytes)
        self.assertEqual(len(img.Data), len(data))
        self.assertEqual(img.Data, data)
        jpeg = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(range(255, -1, -1))
        self.svc.SetProductImage(productId=p.Id, image={"ContentType": "image/jpeg", "Data": jpeg})
        img = self.svc.GetProductImage(productId=p.Id)
        self.assertEqual((img.ContentType, img.Data), ("image/jpeg", jpeg))

    def test_each_format_signature_accepted(self):
        samples = {"image/png": png(b"\x00\x00\x00\rIHDR"),
                   "image/jpeg": b"\xff\xd8\xff\xdb" + b"\x00" * 16,
                   "image/gif": b"GIF89a" + b"\x01\x00\x01\x00",
                   "image/webp": b"RIFF" + (12).to_bytes(4, "little") + b"WEBPVP8 " + b"\x00" * 4}
        for ctype, data in samples.items():
            with self.subTest(content_type=ctype):
                p = self.create()
                self.svc.SetProductImage(productId=p.Id,
                                         image={"ContentType": ctype, "Data": data})
                img = self.svc.GetProductImage(productId=p.Id)
                self.assertEqual((img.ContentType, img.Data), (ctype, data))

    def test_image_size_limit(self):
        p = self.create()
        exact = png(b"\xab" * (256 * 1024 - 8))
        self.svc.SetProductImage(productId=p.Id, image={"ContentType": "image/png", "Data": exact})
        self.assertEqual(self.svc.GetProductImage(productId=p.Id).Data, exact)
        self.assertFault("ValidationFault", {"Field": "Data"}, self.svc.SetProductImage,
                         productId=p.Id, image={"ContentType": "image/png", "Data": exact + b"!"})
        self.assertEqual(self.svc.GetProductImage(productId=p.Id).Data, exact)

    def test_image_validation_faults(self):
        p = self.create()
        cases = [("ContentType", {"ContentType": "image/bmp", "Data": b"BM" + b"\x00" * 20}),
                 ("ContentType", {"ContentType": "text/plain", "Data": png(b"x")}),
                 ("Data", {"ContentType": "image/png", "Data": b"\xff\xd8\xff\xe0" + b"\x00" * 8}),
                 ("Data", {"ContentType": "image/jpeg", "Data": png(b"x")}),
                 ("Data", {"ContentType": "image/gif", "Data": b"GIF"}),
                 ("Data", {"ContentType": "image/png", "Data": tl.PNG_SIGNATURE[:7]})]
        for field, image in cases:
            with self.subTest(field=field, content_type=image["ContentType"],
                              head=image["Data"][:8]):
                self.assertFault("ValidationFault", {"Field": field}, self.svc.SetProductImage,
                                 productId=p.Id, image=image)
        self.assertFault("NotFoundFault", {"Entity": "ProductImage", "Key": str(p.Id)},
                         self.svc.GetProductImage, productId=p.Id)

    def test_image_not_found_faults(self):
        p = self.create()
        self.assertFault("NotFoundFault", {"Entity": "ProductImage", "Key": str(p.Id)},
                         self.svc.GetProductImage, productId=p.Id)
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": "987654323"},
                         self.svc.SetProductImage, productId=987654323,
                         image={"ContentType": "image/png", "Data": png(b"z")})
        self.assertFault("NotFoundFault", {"Entity": "Product", "Key": "987654324"},
                         self.svc.GetProductImage, productId=987654324)


class OneWay(Base):
    def test_adjust_stock(self):
        p = self.create(StockQuantity=10)
        self.assertIsNone(self.svc.AdjustStock(sku=p.Sku, delta=5, reason="restock"))
        self.assertEqual(self.wait_stock(p.Id, 15), 15)
        self.assertIsNone(self.svc.AdjustStock(sku=p.Sku, delta=-12, reason="breakage"))
        self.assertEqual(self.wait_stock(p.Id, 3), 3)
        # ignored silently: a negative result, an unknown SKU
        self.assertIsNone(self.svc.AdjustStock(sku=p.Sku, delta=-4, reason="too many"))
        self.assertIsNone(self.svc.AdjustStock(sku=tl.unique_sku("NOPE"), delta=1, reason="x"))
        self.assertIsNone(self.svc.AdjustStock(sku=p.Sku, delta=1, reason="marker"))
        self.assertEqual(self.wait_stock(p.Id, 4), 4)
        time.sleep(0.2)
        self.assertEqual(self.stock(p.Id), 4)


class Restart(Base):
    def test_restart_keeps_data(self):
        d1 = tl.start_daemon(name="restart")
        try:
            cl1 = make_client(d1.wsdl_url)
            c1 = cl1.service
            i0 = c1.GetServiceInfo()
            self.assertEqual((i0.ProductCount, i0.OrderCount), (0, 0))
            p = self.create(svc=c1, Price=Decimal("19.99"), StockQuantity=4,
                            Tags={"string": ["keep"]},
                            Name="Persist \u00e9\u00e8 \U0001F389")
            pp = cl1.get_type("{%s}PerishableProduct" % DC)
            per = c1.CreateProduct(product=pp(**self.product_data(
                Category="Grocery", ExpiresOn=datetime.datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
                ShelfLife=datetime.timedelta(days=3))))
            o = self.order([(p.Sku, 2)], svc=c1, note="n\u00f6te")
            c1.SetProductImage(productId=p.Id,
                               image={"ContentType": "image/png", "Data": png(bytes(range(256)))})
            before = zeep.helpers.serialize_object(c1.GetProduct(id=p.Id))
            before_per = zeep.helpers.serialize_object(c1.GetProduct(id=per.Id))
            before_o = zeep.helpers.serialize_object(c1.GetOrder(id=o.Id))
        finally:
            d1.stop_expect_clean()
        d2 = tl.start_daemon(name="restart2", db=d1.db)
        try:
            c2 = make_client(d2.wsdl_url).service
            self.assertEqual(zeep.helpers.serialize_object(c2.GetProduct(id=p.Id)), before)
            self.assertEqual(before["StockQuantity"], 2)
            g = c2.GetProduct(id=per.Id)
            self.assertEqual(type_name(g), "PerishableProduct")
            self.assertEqual(zeep.helpers.serialize_object(g), before_per)
            self.assertEqual(zeep.helpers.serialize_object(c2.GetOrder(id=o.Id)), before_o)
            self.assertEqual(c2.GetProductImage(productId=p.Id).Data, png(bytes(range(256))))
            i = c2.GetServiceInfo()
            self.assertEqual((i.ProductCount, i.OrderCount), (2, 1))
            c2.CancelOrder(id=o.Id, reason="after restart")
            self.assertEqual(c2.GetProduct(id=p.Id).StockQuantity, 4)
        finally:
            d2.stop_expect_clean()


if __name__ == "__main__":
    tl.main(__name__)
