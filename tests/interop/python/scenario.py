"""scenario.py - the interop scenario shared by the Python SOAP clients (zeep, suds).

Every operation of IInventoryService is called through an adapter that speaks one client library
and converts its values into plain Python (Decimal, aware datetime, timedelta, bytes, int, str,
list, None; products carry "type": "Product" or "PerishableProduct"). The same scenario runs in
tests/interop/wcf/Interop.cs (C#), node/client.js and gsoap/client.c: keep them in step.

Prints one line per operation, the interop matrix's result format:
    RESULT <Operation> PASS
    RESULT <Operation> FAIL <reason on one line>
"""
import datetime
import decimal
import re
import sys
import time
import traceback
import uuid

D = decimal.Decimal
UTC = datetime.timezone.utc

NON_ASCII = "Caf\u00e9 \u2615 Gr\u00fc\u00dfe \u6771\u4eac \U0001D11E"
PRICE1 = D("9876543210987.6543")      # 17 significant digits: no double holds it
PRICE2 = D("0.1")
PRICE4 = D("2.5")
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
IMAGE = PNG + bytes(range(256))
EXPIRES = datetime.datetime(2027, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)
SHELF_LIFE = datetime.timedelta(hours=36)

OPERATIONS = ["GetServiceInfo", "CreateProduct", "GetProduct", "UpdateProduct", "FindProducts",
              "DeleteProduct", "SetProductImage", "GetProductImage", "PlaceOrder", "GetOrder",
              "ShipOrder", "CancelOrder", "AdjustStock"]


class Fault(Exception):
    """A declared fault as the adapter saw it: the detail element's local name and its fields."""

    def __init__(self, name, detail, text=""):
        super().__init__("%s %r %s" % (name, detail, text))
        self.name, self.detail, self.text = name, detail, text


class CheckFailed(Exception):
    pass


def check(ok, what):
    if not ok:
        raise CheckFailed(what)


def eq(expected, actual, what):
    if expected != actual or type(expected) is not type(actual) and not (
            isinstance(expected, (int, D)) and isinstance(actual, (int, D))):
        raise CheckFailed("%s: expected %r, got %r" % (what, expected, actual))


def need(obj, step):
    if obj is None:
        raise CheckFailed("depends on %s, which did not succeed" % step)


def fault(name, what, fn, *args):
    """Calls fn(*args), which must raise the declared fault `name`; returns its detail dict."""
    try:
        fn(*args)
    except Fault as f:
        if f.name != name:
            raise CheckFailed("%s: expected fault %s, got %s %r" % (what, name, f.name, f.detail))
        if not f.detail:
            raise CheckFailed("%s: fault %s without detail fields" % (what, name))
        return f.detail
    except CheckFailed:
        raise
    except Exception as exc:
        raise CheckFailed("%s: expected fault %s, got %s: %s" % (what, name, type(exc).__name__,
                                                                  one_line(str(exc))))
    raise CheckFailed("%s: expected fault %s, the call succeeded" % (what, name))


def one_line(s, limit=600):
    s = re.sub(r"\s+", " ", s)
    return s if len(s) <= limit else s[:limit] + "..."


def recent_utc(t, what):
    check(isinstance(t, datetime.datetime) and t.tzinfo is not None,
          "%s: expected an aware datetime, got %r" % (what, t))
    age = datetime.datetime.now(UTC) - t
    check(datetime.timedelta(minutes=-10) < age < datetime.timedelta(hours=1),
          "%s is not a recent UTC time: %r" % (what, t))


PRODUCT_FIELDS = ["Id", "Sku", "Name", "Description", "Category", "Price", "StockQuantity", "Tags",
                  "CreatedAt", "UpdatedAt", "Version", "type"]


def same_product(want, got, what):
    for k in PRODUCT_FIELDS:
        eq(want.get(k), got.get(k), "%s.%s" % (what, k))
    if want.get("type") == "PerishableProduct":
        eq(want.get("ExpiresOn"), got.get("ExpiresOn"), what + ".ExpiresOn")
        eq(want.get("ShelfLife"), got.get("ShelfLife"), what + ".ShelfLife")


class Scenario:
    def __init__(self, api, prefix):
        self.api = api
        self.prefix = prefix
        self.p1 = self.p2 = self.p3 = self.p4 = None
        self.order1 = self.order2 = None
        self.failures = 0

    def sku(self, n):
        return "%s-%d" % (self.prefix, n)

    def product(self, n, name, category, price, stock=0, tags=None, description=None, **extra):
        p = {"type": "Product", "Id": 0, "Sku": self.sku(n), "Name": name,
             "Description": description, "Category": category, "Price": price,
             "StockQuantity": stock, "Tags": tags}
        p.update(extra)
        return p

    # ---- operations ---------------------------------------------------------------------------

    def GetServiceInfo(self):
        info = self.api.get_service_info()
        check(info.get("Name"), "ServiceInfo.Name is empty")
        check(info.get("Version"), "ServiceInfo.Version is empty")
        t = info.get("StartedAt")
        check(isinstance(t, datetime.datetime) and t.tzinfo is not None,
              "StartedAt is not an aware datetime: %r" % (t,))
        now = datetime.datetime.now(UTC)
        check(now - datetime.timedelta(days=1) < t < now + datetime.timedelta(minutes=1),
              "StartedAt is not plausible: %r" % (t,))
        check(info.get("ProductCount", -1) >= 0 and info.get("OrderCount", -1) >= 0,
              "bad counts %r" % (info,))

    def CreateProduct(self):
        api, pfx = self.api, self.prefix
        req1 = self.product(1, pfx + " one " + NON_ASCII, "Hardware", PRICE1, 10,
                            ["red", "\u00df\u20ac"])
        r1 = api.create_product(req1)
        check(isinstance(r1.get("Id"), int) and r1["Id"] > 0, "Id not assigned: %r" % r1.get("Id"))
        for k in ("Sku", "Name", "Description", "Category", "Price", "StockQuantity", "Tags"):
            eq(req1[k], r1.get(k), k)
        recent_utc(r1.get("CreatedAt"), "CreatedAt")
        eq(None, r1.get("UpdatedAt"), "UpdatedAt (nil on create)")
        eq(1, r1.get("Version"), "Version")
        eq("Product", r1.get("type"), "type")

        r2 = api.create_product(self.product(2, pfx + " two", "Software", PRICE2, 0, [], ""))
        eq([], r2.get("Tags"), "Tags = [] must come back empty, not nil")
        eq("", r2.get("Description"), "Description (empty string, not nil)")
        eq(PRICE2, r2.get("Price"), "Price 0.1")

        r3 = api.create_product(self.product(3, pfx + " three", "Service", D("0"), 0, None))
        eq(None, r3.get("Tags"), "Tags = nil must come back nil")
        eq(D("0"), r3.get("Price"), "Price 0")

        req4 = self.product(4, pfx + " four", "Grocery", PRICE4, 5, ["fresh"],
                            type="PerishableProduct", ExpiresOn=EXPIRES, ShelfLife=SHELF_LIFE)
        r4 = api.create_product(req4)
        eq("PerishableProduct", r4.get("type"), "the derived type")
        eq(EXPIRES, r4.get("ExpiresOn"), "ExpiresOn")
        eq(SHELF_LIFE, r4.get("ShelfLife"), "ShelfLife")
        eq("Grocery", r4.get("Category"), "Category (derived)")
        self.p1, self.p2, self.p3, self.p4 = r1, r2, r3, r4

        v = fault("ValidationFault", "bad Sku", api.create_product,
                  {"type": "Product", "Sku": "bad sku", "Name": "x", "Category": "Hardware",
                   "Price": D("1"), "StockQuantity": 0, "Tags": None})
        eq("Sku", v.get("Field"), "ValidationFault.Field")
        check(v.get("Message"), "ValidationFault.Message is empty")
        cf = fault("ConflictFault", "duplicate Sku", api.create_product,
                   {"type": "Product", "Sku": self.sku(1), "Name": "dup", "Category": "Hardware",
                    "Price": D("1"), "StockQuantity": 0, "Tags": None})
        check(self.sku(1) in (cf.get("Message") or ""), "ConflictFault.Message: %r" % cf)

    def GetProduct(self):
        need(self.p1, "CreateProduct")
        for p, n in ((self.p1, "P1"), (self.p2, "P2"), (self.p3, "P3"), (self.p4, "P4")):
            same_product(p, self.api.get_product(p["Id"]), "GetProduct(%s)" % n)
        nf = fault("NotFoundFault", "missing id", self.api.get_product, 2147483647)
        eq("Product", nf.get("Entity"), "NotFoundFault.Entity")
        eq("2147483647", nf.get("Key"), "NotFoundFault.Key")

    def UpdateProduct(self):
        need(self.p1, "CreateProduct")
        api = self.api
        cur = api.get_product(self.p1["Id"])
        cur["Description"] = "now described: " + NON_ASCII
        cur["Price"] = D("19.99")
        cur["Tags"] = ["red", "\u00df\u20ac", "new"]
        u = api.update_product(dict(cur))
        eq(cur["Version"] + 1, u.get("Version"), "Version after update")
        eq(cur["Description"], u.get("Description"), "Description")
        eq(D("19.99"), u.get("Price"), "Price")
        eq(cur["Tags"], u.get("Tags"), "Tags")
        recent_utc(u.get("UpdatedAt"), "UpdatedAt")
        eq(self.p1["CreatedAt"], u.get("CreatedAt"), "CreatedAt unchanged")
        self.p1 = u
        stale = fault("ConflictFault", "stale Version", api.update_product, dict(cur))
        eq(u["Version"], stale.get("CurrentVersion"), "ConflictFault.CurrentVersion")
        gone = self.product(99, "x", "Hardware", D("1"), Id=2147483647, Version=1)
        nf = fault("NotFoundFault", "missing id", api.update_product, gone)
        eq("Product", nf.get("Entity"), "NotFoundFault.Entity")
        bad = api.get_product(u["Id"])
        bad["Price"] = D("-1")
        v = fault("ValidationFault", "negative Price", api.update_product, bad)
        eq("Price", v.get("Field"), "ValidationFault.Field")
        eq(D("19.99"), api.get_product(u["Id"]).get("Price"), "Price after the refused update")

    def FindProducts(self):
        need(self.p4, "CreateProduct")
        api, pfx = self.api, self.prefix + " "
        ids = lambda page: [p.get("Id") for p in (page.get("Items") or [])]
        everything = api.find_products({"NamePrefix": pfx, "Page": 1, "PageSize": 10})
        eq(4, everything.get("TotalCount"), "TotalCount for the prefix")
        eq([self.p1["Id"], self.p2["Id"], self.p3["Id"], self.p4["Id"]], ids(everything),
           "Items (P1..P4 in Id order)")
        items = everything["Items"]
        eq("PerishableProduct", items[3].get("type"), "P4 inside ArrayOfProduct")
        eq(EXPIRES, items[3].get("ExpiresOn"), "P4.ExpiresOn in the page")
        eq(self.p1["Price"], items[0].get("Price"), "P1.Price in the page")
        by_tag = api.find_products({"NamePrefix": pfx, "Tags": ["\u00df\u20ac"], "Page": 1,
                                    "PageSize": 10})
        eq([self.p1["Id"]], ids(by_tag), "found by non-ASCII tag")
        by_cat = api.find_products({"NamePrefix": pfx, "Category": "Grocery", "Page": 1,
                                    "PageSize": 10})
        eq([self.p4["Id"]], ids(by_cat), "found by Category")
        by_price = api.find_products({"NamePrefix": pfx, "MinPrice": D("0.1"),
                                      "MaxPrice": D("2.5"), "Page": 1, "PageSize": 10})
        eq([self.p2["Id"], self.p4["Id"]], ids(by_price), "MinPrice 0.1 .. MaxPrice 2.5")
        page2 = api.find_products({"NamePrefix": pfx, "Page": 2, "PageSize": 3})
        eq((4, 2, 3), (page2.get("TotalCount"), page2.get("Page"), page2.get("PageSize")),
           "TotalCount, Page, PageSize of page 2")
        eq([self.p4["Id"]], ids(page2), "page 2 of 3-item pages")
        none = api.find_products({"NamePrefix": pfx + "nothing", "Page": 1, "PageSize": 10})
        eq(0, none.get("TotalCount"), "TotalCount of an empty result")
        eq([], none.get("Items"), "an empty result must be an empty Items array")
        v = fault("ValidationFault", "PageSize 0", api.find_products, {"Page": 1, "PageSize": 0})
        eq("PageSize", v.get("Field"), "ValidationFault.Field")

    def DeleteProduct(self):
        need(self.p3, "CreateProduct")
        pid = self.p3["Id"]
        self.api.delete_product(pid)
        nf = fault("NotFoundFault", "get after delete", self.api.get_product, pid)
        eq(str(pid), nf.get("Key"), "NotFoundFault.Key")
        nf2 = fault("NotFoundFault", "delete twice", self.api.delete_product, pid)
        eq("Product", nf2.get("Entity"), "NotFoundFault.Entity")

    def SetProductImage(self):
        need(self.p1, "CreateProduct")
        api, pid = self.api, self.p1["Id"]
        api.set_product_image(pid, {"ContentType": "image/png", "Data": IMAGE})
        v = fault("ValidationFault", "text/plain image", api.set_product_image, pid,
                  {"ContentType": "text/plain", "Data": IMAGE})
        eq("ContentType", v.get("Field"), "ValidationFault.Field")
        v2 = fault("ValidationFault", "not a PNG", api.set_product_image, pid,
                   {"ContentType": "image/png", "Data": b"\x01\x02\x03"})
        eq("Data", v2.get("Field"), "ValidationFault.Field (bad signature)")
        nf = fault("NotFoundFault", "missing product", api.set_product_image, 2147483647,
                   {"ContentType": "image/png", "Data": IMAGE})
        eq("Product", nf.get("Entity"), "NotFoundFault.Entity")

    def GetProductImage(self):
        need(self.p1, "CreateProduct")
        img = self.api.get_product_image(self.p1["Id"])
        eq("image/png", img.get("ContentType"), "ContentType")
        data = img.get("Data")
        check(isinstance(data, bytes), "Data is not bytes: %r" % type(data))
        if data != IMAGE:
            i = next((i for i in range(min(len(data), len(IMAGE))) if data[i] != IMAGE[i]),
                     min(len(data), len(IMAGE)))
            raise CheckFailed("Data differs at byte %d (length %d, expected %d): %r"
                              % (i, len(data), len(IMAGE), data[max(0, i - 4):i + 8]))
        nf = fault("NotFoundFault", "product without image", self.api.get_product_image,
                   self.p2["Id"])
        eq("ProductImage", nf.get("Entity"), "NotFoundFault.Entity")
        eq(str(self.p2["Id"]), nf.get("Key"), "NotFoundFault.Key")

    def PlaceOrder(self):
        need(self.p1, "CreateProduct")
        api = self.api
        before = api.get_product(self.p1["Id"])
        o = api.place_order({"CustomerName": NON_ASCII, "CustomerEmail": "py@example.com",
                             "Note": None, "Lines": [{"Sku": self.sku(1), "Quantity": 3},
                                                     {"Sku": self.sku(4), "Quantity": 2}]})
        check(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                           o.get("Id") or "") and o["Id"] != str(uuid.UUID(int=0)),
              "Order.Id is not a lower-case guid: %r" % o.get("Id"))
        eq(NON_ASCII, o.get("CustomerName"), "CustomerName")
        eq("py@example.com", o.get("CustomerEmail"), "CustomerEmail")
        eq("Pending", o.get("Status"), "Status")
        recent_utc(o.get("PlacedAt"), "PlacedAt")
        eq(None, o.get("Note"), "Note (nil)")
        eq(None, o.get("CancelReason"), "CancelReason (nil)")
        lines = o.get("Lines") or []
        eq(2, len(lines), "number of Lines")
        eq(self.sku(1), lines[0].get("Sku"), "Lines[0].Sku")
        eq(before["Name"], lines[0].get("ProductName"), "Lines[0].ProductName")
        eq(3, lines[0].get("Quantity"), "Lines[0].Quantity")
        eq(D("19.99"), lines[0].get("UnitPrice"), "Lines[0].UnitPrice")
        eq(D("59.97"), lines[0].get("LineTotal"), "Lines[0].LineTotal")
        eq(D("5.0"), lines[1].get("LineTotal"), "Lines[1].LineTotal")
        eq(D("64.97"), o.get("Total"), "Total (decimal exact)")
        eq(before["StockQuantity"] - 3, api.get_product(self.p1["Id"]).get("StockQuantity"),
           "stock after the order")
        self.order1 = o
        o2 = api.place_order({"CustomerName": "second", "Note": "to be cancelled",
                              "Lines": [{"Sku": self.sku(4), "Quantity": 1}]})
        eq("to be cancelled", o2.get("Note"), "Note")
        eq(D("2.5"), o2.get("Total"), "Total of the second order")
        self.order2 = o2
        v = fault("ValidationFault", "no lines", api.place_order,
                  {"CustomerName": "x", "Lines": []})
        eq("Lines", v.get("Field"), "ValidationFault.Field")
        nf = fault("NotFoundFault", "unknown Sku", api.place_order,
                   {"CustomerName": "x", "Lines": [{"Sku": self.sku(98), "Quantity": 1}]})
        eq(("Product", self.sku(98)), (nf.get("Entity"), nf.get("Key")), "NotFoundFault")
        ins = fault("InsufficientStockFault", "no stock", api.place_order,
                    {"CustomerName": "x", "Lines": [{"Sku": self.sku(2), "Quantity": 7}]})
        eq((self.sku(2), 7, 0), (ins.get("Sku"), ins.get("Requested"), ins.get("Available")),
           "InsufficientStockFault (Sku, Requested, Available)")

    def GetOrder(self):
        need(self.order1, "PlaceOrder")
        o = self.order1
        g = self.api.get_order(o["Id"])
        for k in ("Id", "PlacedAt", "Total", "Status", "CustomerName", "CustomerEmail"):
            eq(o[k], g.get(k), k)
        eq(len(o["Lines"]), len(g.get("Lines") or []), "Lines")
        eq(o["Lines"][0]["LineTotal"], g["Lines"][0].get("LineTotal"), "Lines[0].LineTotal")
        missing = str(uuid.uuid4())
        nf = fault("NotFoundFault", "unknown guid", self.api.get_order, missing)
        eq(("Order", missing), (nf.get("Entity"), nf.get("Key")), "NotFoundFault")

    def ShipOrder(self):
        need(self.order1, "PlaceOrder")
        s = self.api.ship_order(self.order1["Id"])
        eq("Shipped", s.get("Status"), "Status")
        eq(self.order1["Id"], s.get("Id"), "Id")
        st = fault("InvalidStateFault", "ship twice", self.api.ship_order, self.order1["Id"])
        eq("Shipped", st.get("CurrentState"), "InvalidStateFault.CurrentState")
        check(st.get("Message"), "InvalidStateFault.Message is empty")
        nf = fault("NotFoundFault", "unknown guid", self.api.ship_order, str(uuid.uuid4()))
        eq("Order", nf.get("Entity"), "NotFoundFault.Entity")

    def CancelOrder(self):
        need(self.order2, "PlaceOrder")
        api = self.api
        stock = api.get_product(self.p4["Id"])["StockQuantity"]
        x = api.cancel_order(self.order2["Id"], "changed my mind: " + NON_ASCII)
        eq("Cancelled", x.get("Status"), "Status")
        eq("changed my mind: " + NON_ASCII, x.get("CancelReason"), "CancelReason")
        eq(stock + 1, api.get_product(self.p4["Id"]).get("StockQuantity"),
           "stock given back by the cancel")
        st = fault("InvalidStateFault", "cancel twice", api.cancel_order, self.order2["Id"], None)
        eq("Cancelled", st.get("CurrentState"), "InvalidStateFault.CurrentState")
        st2 = fault("InvalidStateFault", "cancel a shipped order", api.cancel_order,
                    self.order1["Id"], "late")
        eq("Shipped", st2.get("CurrentState"), "InvalidStateFault.CurrentState (shipped)")
        nf = fault("NotFoundFault", "unknown guid", api.cancel_order, str(uuid.uuid4()), None)
        eq("Order", nf.get("Entity"), "NotFoundFault.Entity")

    def AdjustStock(self):
        need(self.p1, "CreateProduct")
        api = self.api
        before = api.get_product(self.p1["Id"])["StockQuantity"]
        api.adjust_stock(self.sku(1), 5, "recount: " + NON_ASCII)
        now = before
        for _ in range(40):     # one-way: the service may apply it after its 202
            now = api.get_product(self.p1["Id"])["StockQuantity"]
            if now == before + 5:
                break
            time.sleep(0.05)
        eq(before + 5, now, "stock after AdjustStock(+5)")

    # ---- driver -------------------------------------------------------------------------------

    def run(self, only=None):
        for op in OPERATIONS:
            if only and op not in only:
                continue
            try:
                getattr(self, op)()
                print("RESULT %s PASS" % op)
            except CheckFailed as exc:
                self.failures += 1
                print("RESULT %s FAIL %s" % (op, one_line(str(exc))))
            except Exception as exc:    # a client library error: say where it came from
                self.failures += 1
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                print("RESULT %s FAIL %s: %s (at %s:%d)" % (
                    op, type(exc).__name__, one_line(str(exc)), tb.filename.rsplit("/", 1)[-1],
                    tb.lineno))
            sys.stdout.flush()
        return self.failures


def parse_duration(text):
    """xs:duration (days, hours, minutes, seconds only) -> timedelta."""
    m = re.fullmatch(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", text or "")
    if not m:
        raise ValueError("unsupported xs:duration %r" % text)
    td = datetime.timedelta(days=int(m.group(2) or 0), hours=int(m.group(3) or 0),
                            minutes=int(m.group(4) or 0), seconds=float(m.group(5) or 0))
    return -td if m.group(1) else td


def format_duration(td):
    secs = int(td.total_seconds())
    days, rest = divmod(secs, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    out = "P" + ("%dD" % days if days else "")
    t = ("%dH" % h if h else "") + ("%dM" % m if m else "") + ("%dS" % s if s else "")
    return out + ("T" + t if t else "") if (days or t) else "PT0S"


def format_datetime(dt):
    s = dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        s += (".%06d" % dt.microsecond).rstrip("0")
    return s + "Z"


def main(make_adapter, name):
    """argv: ENDPOINT_URL PREFIX [OPERATION...]; exits 0 / 1 (a FAIL) / 77 (library missing)."""
    if len(sys.argv) < 3:
        sys.stderr.write("usage: %s ENDPOINT_URL PREFIX [OPERATION...]\n" % sys.argv[0])
        sys.exit(2)
    url, prefix = sys.argv[1], sys.argv[2]
    try:
        api = make_adapter(url)
    except ImportError as exc:
        print("SKIP: %s is not installed (%s)" % (name, exc))
        sys.exit(77)
    except Exception as exc:
        print("RESULT wsdl FAIL %s could not load the WSDL: %s: %s"
              % (name, type(exc).__name__, one_line(str(exc))))
        sys.exit(1)
    print("RESULT wsdl PASS")
    sys.stdout.flush()
    failures = Scenario(api, prefix).run(set(sys.argv[3:]))
    sys.exit(1 if failures else 0)
