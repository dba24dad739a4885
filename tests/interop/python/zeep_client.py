#!/usr/bin/python3
"""zeep_client.py ENDPOINT_URL PREFIX - the zeep client of the interop matrix (python3-zeep).

Loads the live ?wsdl (the split form, xsd:import of ?xsd=xsdN), binds to the BasicHttpBinding port
and runs scenario.py. Faults are deserialized through the schema (client.get_element(...).parse)
so that a detail which does not match its declared element shows up as a FAIL.

zeep quirks: an empty complex element (<Tags/>, <Items/>: an empty ArrayOfX) parses as None, the
same as an absent or xsi:nil one (zeep/xsd/types/complex.py, parse_xmlelement: "allow_none and
len(elements) == 0 and len(attributes) == 0"); so does an empty string element (<Description/>,
zeep/xsd/types/simple.py: "if xmlelement.text is None"). So that "empty vs nil" is still checked
for zeep, the adapter looks at the raw response (HistoryPlugin) for those members: present, empty
and not xsi:nil -> [] or "".
"""
import datetime
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402

DC = "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
SVC = "http://soaprest.org/inventory/2026/11"
TIMEOUT = 20


class ZeepApi:
    def __init__(self, url):
        import zeep
        import zeep.transports
        self.zeep = zeep
        import zeep.plugins
        transport = zeep.transports.Transport(timeout=TIMEOUT, operation_timeout=TIMEOUT)
        self.history = zeep.plugins.HistoryPlugin()
        self.client = zeep.Client(url + "?wsdl", transport=transport, plugins=[self.history])
        self.svc = self.client.bind("InventoryService", "BasicHttpBinding_IInventoryService")
        self.t_product = self.client.get_type("{%s}Product" % DC)
        self.t_perishable = self.client.get_type("{%s}PerishableProduct" % DC)

    # ---- conversions --------------------------------------------------------------------------
    def call(self, op, *args, **kw):
        import zeep.exceptions
        try:
            return getattr(self.svc, op)(*args, **kw)
        except zeep.exceptions.Fault as f:
            raise self.typed_fault(f) from None

    def typed_fault(self, f):
        if f.detail is None or len(f.detail) == 0:
            return scenario.Fault("(no detail)", {}, f.message)
        child = f.detail[0]
        qn = self.zeep.xsd.const.etree.QName(child.tag)
        element = self.client.get_element("{%s}%s" % (qn.namespace, qn.localname))
        value = element.parse(child, self.client.wsdl.types)
        return scenario.Fault(qn.localname, dict(self.zeep.helpers.serialize_object(value)),
                              f.message)

    @staticmethod
    def tags_out(t):
        return None if t is None else {"string": list(t)}

    @staticmethod
    def present_empty(raw, name):
        """True when the raw element `raw` has a child `name` that is empty and not xsi:nil."""
        if raw is None:
            return False
        child = raw.find("{%s}%s" % (DC, name))
        return child is not None and len(child) == 0 and child.get(XSI_NIL) not in ("true", "1")

    def tags_in(self, t, raw):
        if t is None:
            return [] if self.present_empty(raw, "Tags") else None
        return list(t.string or [])

    def raw_result(self, op):
        """The <OpResult> element of the last response (for present_empty)."""
        env = self.history.last_received["envelope"]
        return env.find(".//{%s}%sResult" % (SVC, op))

    def product_out(self, p):
        fields = {k: p.get(k) for k in ("Id", "Sku", "Name", "Description", "Category", "Price",
                                         "StockQuantity", "Version") if p.get(k) is not None}
        if "Description" in p and p["Description"] is None:
            fields["Description"] = self.zeep.xsd.Nil
        fields["Tags"] = self.tags_out(p.get("Tags"))
        if p.get("type") == "PerishableProduct":
            fields["ExpiresOn"] = p["ExpiresOn"]
            fields["ShelfLife"] = scenario.format_duration(p["ShelfLife"])
            return self.t_perishable(**fields)
        return self.t_product(**fields)

    def product_in(self, v, raw):
        if v is None:
            return None
        d = {k: getattr(v, k) for k in ("Id", "Sku", "Name", "Description", "Category", "Price",
                                        "StockQuantity", "CreatedAt", "UpdatedAt", "Version")}
        d["Tags"] = self.tags_in(v.Tags, raw)
        if d["Description"] is None and self.present_empty(raw, "Description"):
            d["Description"] = ""
        d["type"] = v._xsd_type.name
        if d["type"] == "PerishableProduct":
            d["ExpiresOn"] = v.ExpiresOn
            sl = v.ShelfLife
            d["ShelfLife"] = scenario.parse_duration(sl) if isinstance(sl, str) else (
                None if sl is None else datetime.timedelta(seconds=sl.total_seconds()))
        return d

    def order_in(self, v):
        d = {k: getattr(v, k) for k in ("Id", "CustomerName", "CustomerEmail", "PlacedAt",
                                        "Status", "Total", "Note", "CancelReason")}
        d["Lines"] = None if v.Lines is None else [
            {k: getattr(line, k) for k in ("Sku", "ProductName", "Quantity", "UnitPrice",
                                           "LineTotal")} for line in (v.Lines.OrderLine or [])]
        return d

    # ---- operations ---------------------------------------------------------------------------
    def get_service_info(self):
        r = self.call("GetServiceInfo")
        return {k: getattr(r, k) for k in ("Name", "Version", "StartedAt", "ProductCount",
                                           "OrderCount")}

    def create_product(self, p):
        return self.product_in(self.call("CreateProduct", product=self.product_out(p)), self.raw_result('CreateProduct'))

    def get_product(self, pid):
        return self.product_in(self.call("GetProduct", id=pid), self.raw_result('GetProduct'))

    def update_product(self, p):
        return self.product_in(self.call("UpdateProduct", product=self.product_out(p)), self.raw_result('UpdateProduct'))

    def delete_product(self, pid):
        self.call("DeleteProduct", id=pid)

    def find_products(self, q):
        query = dict(q)
        if "Tags" in query:
            query["Tags"] = self.tags_out(query["Tags"])
        r = self.call("FindProducts", query=query)
        raw = self.raw_result("FindProducts")
        if r.Items is None:
            items = [] if self.present_empty(raw, "Items") else None
        else:
            raws = list(raw.find("{%s}Items" % DC))
            items = [self.product_in(p, x) for p, x in zip(r.Items.Product or [], raws)]
        return {"Items": items, "TotalCount": r.TotalCount, "Page": r.Page,
                "PageSize": r.PageSize}

    def place_order(self, o):
        order = dict(o)
        order["Lines"] = {"OrderLineRequest": list(o.get("Lines") or [])}
        return self.order_in(self.call("PlaceOrder", order=order))

    def get_order(self, oid):
        return self.order_in(self.call("GetOrder", id=oid))

    def cancel_order(self, oid, reason):
        return self.order_in(self.call("CancelOrder", id=oid, reason=reason))

    def ship_order(self, oid):
        return self.order_in(self.call("ShipOrder", id=oid))

    def set_product_image(self, pid, img):
        self.call("SetProductImage", productId=pid, image=img)

    def get_product_image(self, pid):
        r = self.call("GetProductImage", productId=pid)
        return {"ContentType": r.ContentType, "Data": r.Data}

    def adjust_stock(self, sku, delta, reason):
        self.call("AdjustStock", sku=sku, delta=delta, reason=reason)


if __name__ == "__main__":
    scenario.main(ZeepApi, "python3-zeep")
