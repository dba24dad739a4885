#!/usr/bin/python3
"""suds_client.py ENDPOINT_URL PREFIX - the suds client of the interop matrix (python3-suds).

Loads the live ?wsdl, uses the BasicHttpBinding port and runs scenario.py.

suds quirks handled here (none of them a service bug):
  - the WSDL has two ports (basic, soap12): suds must be told which one (service[port]);
  - an absent member is no attribute at all on a suds object (getattr with a default);
  - an empty element (<Tags/>, <Items/>, <Description/>) reads as None, like an absent or nil one,
    so "empty vs nil" is checked on the raw response (client.last_received());
  - xs:decimal, xs:base64Binary and ser:duration come back as text (converted here), and the
    fields of a fault detail always as text.
"""
import base64
import decimal
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402

DC = "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
SVC = "http://soaprest.org/inventory/2026/11"
ARR = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TIMEOUT = 20
INT_DETAIL = {"Requested", "Available", "CurrentVersion"}


def g(obj, name):
    return getattr(obj, name, None)


def dec(v):
    return None if v is None else decimal.Decimal(str(v))


class SudsApi:
    def __init__(self, url):
        import suds
        import suds.client
        self.suds = suds
        self.client = suds.client.Client(url + "?wsdl", cache=None, timeout=TIMEOUT)
        self.svc = self.client.service["BasicHttpBinding_IInventoryService"]

    def new(self, ns, name):
        return self.client.factory.create("{%s}%s" % (ns, name))

    def call(self, op, *args):
        try:
            return getattr(self.svc, op)(*args)
        except self.suds.WebFault as f:
            detail = g(f.fault, "detail")
            kids = [k for k in (detail.__keylist__ if detail is not None else [])]
            if not kids:
                raise scenario.Fault("(no detail)", {}, str(g(f.fault, "faultstring"))) from None
            name = kids[0]
            obj = getattr(detail, name)
            fields = {}
            for k in obj.__keylist__:
                v = getattr(obj, k)
                v = None if v is None else str(v)
                fields[k] = int(v) if (k in INT_DETAIL and v is not None) else v
            raise scenario.Fault(name, fields, str(g(f.fault, "faultstring"))) from None

    # ---- raw response checks (suds reads empty elements as None) -----------------------------
    def raw_result(self, op):
        env = self.client.last_received()
        body = env.getChild("Envelope").getChild("Body")
        resp = body.getChild(op + "Response")
        return resp.getChild(op + "Result") if resp is not None else None

    @staticmethod
    def present_empty(raw, name):
        if raw is None:
            return False
        child = raw.getChild(name, (None, DC))
        if child is None:
            return False
        nil = child.get("nil", (None, XSI))
        return not child.getChildren() and not child.getText() and nil not in ("true", "1")

    # ---- conversions ----------------------------------------------------------------------------
    def tags_out(self, tags):
        if tags is None:
            return None
        a = self.new(ARR, "ArrayOfstring")
        a.string = list(tags)
        return a

    def product_out(self, p):
        perishable = p.get("type") == "PerishableProduct"
        o = self.new(DC, "PerishableProduct" if perishable else "Product")
        for k in ("Id", "Sku", "Name", "Description", "Category", "StockQuantity", "Version"):
            if p.get(k) is not None:
                setattr(o, k, p[k])
        o.Price = str(p["Price"])
        o.Tags = self.tags_out(p.get("Tags"))
        if perishable:
            o.ExpiresOn = scenario.format_datetime(p["ExpiresOn"])
            o.ShelfLife = scenario.format_duration(p["ShelfLife"])
        return o

    def product_in(self, v, raw):
        d = {k: g(v, k) for k in ("Id", "Sku", "Name", "Description", "Category",
                                  "StockQuantity", "CreatedAt", "UpdatedAt", "Version")}
        d["Price"] = dec(g(v, "Price"))
        for k in ("Category", "Sku", "Name", "Description"):
            d[k] = None if d[k] is None else str(d[k])
        tags = g(v, "Tags")
        if tags is None:
            d["Tags"] = [] if self.present_empty(raw, "Tags") else None
        else:
            d["Tags"] = [str(t) for t in (g(tags, "string") or [])]
        if d["Description"] is None and self.present_empty(raw, "Description"):
            d["Description"] = ""
        d["type"] = v.__class__.__name__
        if d["type"] == "PerishableProduct":
            d["ExpiresOn"] = g(v, "ExpiresOn")
            sl = g(v, "ShelfLife")
            d["ShelfLife"] = None if sl is None else scenario.parse_duration(str(sl))
        return d

    def order_in(self, v):
        d = {k: g(v, k) for k in ("Id", "CustomerName", "CustomerEmail", "PlacedAt", "Status",
                                  "Note", "CancelReason")}
        for k in ("Id", "CustomerName", "CustomerEmail", "Status", "Note", "CancelReason"):
            d[k] = None if d[k] is None else str(d[k])
        d["Total"] = dec(g(v, "Total"))
        lines = g(v, "Lines")
        d["Lines"] = None if lines is None else [
            {"Sku": str(g(line, "Sku")), "ProductName": str(g(line, "ProductName")),
             "Quantity": g(line, "Quantity"), "UnitPrice": dec(g(line, "UnitPrice")),
             "LineTotal": dec(g(line, "LineTotal"))} for line in (g(lines, "OrderLine") or [])]
        return d

    # ---- operations -----------------------------------------------------------------------------
    def get_service_info(self):
        r = self.call("GetServiceInfo")
        return {"Name": g(r, "Name"), "Version": g(r, "Version"), "StartedAt": g(r, "StartedAt"),
                "ProductCount": g(r, "ProductCount"), "OrderCount": g(r, "OrderCount")}

    def create_product(self, p):
        r = self.call("CreateProduct", self.product_out(p))
        return self.product_in(r, self.raw_result("CreateProduct"))

    def get_product(self, pid):
        r = self.call("GetProduct", pid)
        return self.product_in(r, self.raw_result("GetProduct"))

    def update_product(self, p):
        r = self.call("UpdateProduct", self.product_out(p))
        return self.product_in(r, self.raw_result("UpdateProduct"))

    def delete_product(self, pid):
        self.call("DeleteProduct", pid)

    def find_products(self, q):
        o = self.new(DC, "ProductQuery")
        for k, v in q.items():
            if k == "Tags":
                v = self.tags_out(v)
            elif k in ("MinPrice", "MaxPrice"):
                v = str(v)
            setattr(o, k, v)
        r = self.call("FindProducts", o)
        raw = self.raw_result("FindProducts")
        items = g(r, "Items")
        if items is None:
            page_items = [] if self.present_empty(raw, "Items") else None
        else:
            raws = raw.getChild("Items", (None, DC)).getChildren()
            page_items = [self.product_in(p, x) for p, x in zip(g(items, "Product") or [], raws)]
        return {"Items": page_items, "TotalCount": g(r, "TotalCount"), "Page": g(r, "Page"),
                "PageSize": g(r, "PageSize")}

    def place_order(self, o):
        req = self.new(DC, "OrderRequest")
        for k in ("CustomerName", "CustomerEmail", "Note"):
            if o.get(k) is not None:
                setattr(req, k, o[k])
        arr = self.new(DC, "ArrayOfOrderLineRequest")
        arr.OrderLineRequest = []
        for line in o.get("Lines") or []:
            x = self.new(DC, "OrderLineRequest")
            x.Sku, x.Quantity = line["Sku"], line["Quantity"]
            arr.OrderLineRequest.append(x)
        req.Lines = arr
        return self.order_in(self.call("PlaceOrder", req))

    def get_order(self, oid):
        return self.order_in(self.call("GetOrder", oid))

    def cancel_order(self, oid, reason):
        return self.order_in(self.call("CancelOrder", oid, reason))

    def ship_order(self, oid):
        return self.order_in(self.call("ShipOrder", oid))

    def set_product_image(self, pid, img):
        o = self.new(DC, "ProductImage")
        o.ContentType = img["ContentType"]
        o.Data = base64.b64encode(img["Data"]).decode("ascii")
        self.call("SetProductImage", pid, o)

    def get_product_image(self, pid):
        r = self.call("GetProductImage", pid)
        data = g(r, "Data")
        ct = g(r, "ContentType")
        return {"ContentType": None if ct is None else str(ct),
                "Data": None if data is None else base64.b64decode(str(data), validate=True)}

    def adjust_stock(self, sku, delta, reason):
        self.call("AdjustStock", sku, delta, reason)


if __name__ == "__main__":
    scenario.main(SudsApi, "python3-suds")
