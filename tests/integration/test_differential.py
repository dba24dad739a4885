#!/usr/bin/python3
"""test_differential.py - SOAP and REST answer alike: for every operation of the reference
contract (13), the same input goes through SOAP (a zeep client built from the live ?wsdl),
through the generic POST /api/{Operation} and through the resource route of
wsdl/InventoryService.map.json, against the SAME soaprestd, and the three outcomes must agree:

- success: the same data. zeep objects become plain dicts with zeep.helpers.serialize_object,
  the REST JSON is read against them (decimals as Decimal, dateTimes as instants, durations as
  timedeltas, base64 as bytes) and, because zeep reads absent, xsi:nil and an empty ArrayOf
  alike, the exact shape (absent / null / [] / value, and "$type" <-> xsi:type) is compared
  separately on the raw SOAP XML. Fields that differ by construction (ids and timestamps of twin
  entities, their SKUs) are excluded by name where a test says so.
- failure: the same fault kind. zeep Fault detail element name == problem "title" (and the end of
  its "type"), the parsed detail fields == the problem's "fault" object, faultstring == problem
  "detail", SOAP Client <-> the mapping's 4xx, SOAP Server <-> 500 "server-fault".
Every declared fault of every operation is produced on all three channels.
Run: SOAPRESTD=... SOAPREST_WSDL_DIR=... /usr/bin/python3 test_differential.py
"""

import os
import sys

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB")
                or os.path.dirname(os.path.abspath(__file__)))

import soaprest_testlib as tl  # noqa: E402

zeep, requests = tl.require_modules("zeep", "requests")

import base64  # noqa: E402
import datetime  # noqa: E402
import glob  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import unittest  # noqa: E402
import uuid  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from decimal import Decimal, InvalidOperation  # noqa: E402

import isodate  # noqa: E402  (a dependency of zeep)
import zeep.exceptions  # noqa: E402
import zeep.helpers  # noqa: E402
import zeep.transports  # noqa: E402
import zeep.xsd  # noqa: E402

SVC, DC, XSI = tl.SVC_NS, tl.DC_NS, tl.XSI_NS
XS = tl.XSD_NS
OPERATIONS = ("GetServiceInfo", "CreateProduct", "GetProduct", "UpdateProduct", "DeleteProduct",
              "FindProducts", "PlaceOrder", "GetOrder", "CancelOrder", "ShipOrder",
              "SetProductImage", "GetProductImage", "AdjustStock")
CHANNELS = ("soap", "generic", "resource")

D = None
CLIENT = None
COVERED = {}      # op -> set of outcome kinds seen on all three channels ("ok", fault names)


# =============================================================================================
# The contract, read from its XSDs and mapping file (nothing below hard-codes a field's type)

def _local(qname):
    return qname.rsplit(":", 1)[-1] if qname else qname


def _tag_local(tag):
    return tag.rsplit("}", 1)[-1]


class Contract:
    def __init__(self, wsdl_dir):
        self.types = {}        # complexType -> {child element: type local name}
        self.bases = {}        # derived complexType -> base
        self.wrappers = {}     # wrapper element (operation) -> {child: type local name}
        self.array_item = {}   # ArrayOf type -> (item element name, item type)
        for path in sorted(glob.glob(os.path.join(wsdl_dir, "*.xsd"))):
            root = ET.parse(path).getroot()
            for ct in root.findall("{%s}complexType" % XS):
                self._complex(ct.get("name"), ct)
            for el in root.findall("{%s}element" % XS):
                ct = el.find("{%s}complexType" % XS)
                if ct is not None:
                    self.wrappers[el.get("name")] = self._children(ct)
        for name in list(self.types):
            kids = self.types[name]
            if len(kids) == 1 and name.startswith("ArrayOf"):
                (item, itype), = kids.items()
                self.array_item[name] = (item, itype)
        self.derived = set(self.bases)
        self.array_props = {c for kids in self.types.values() for c, t in kids.items()
                            if t in self.array_item}
        with open(os.path.join(wsdl_dir, "InventoryService.map.json"), encoding="utf-8") as f:
            m = json.load(f)
        self.routes = {r["operation"]: r for r in m["routes"]}
        self.fault_status = m["faults"]

    @staticmethod
    def _children(node):
        out = {}
        for el in node.iter("{%s}element" % XS):
            out[el.get("name")] = _local(el.get("type"))
        return out

    def _complex(self, name, ct):
        ext = ct.find("{%s}complexContent/{%s}extension" % (XS, XS))
        if ext is not None:
            self.bases[name] = _local(ext.get("base"))
        self.types[name] = self._children(ct)

    def fields(self, tname):
        """Children of a complexType, the base's first."""
        out = {}
        if tname in self.bases:
            out.update(self.fields(self.bases[tname]))
        out.update(self.types.get(tname, {}))
        return out


CONTRACT = Contract(tl.WSDL_DIR)


# =============================================================================================
# JSON input -> zeep input, driven by the contract

def to_zeep(x, tname):
    if x is None:
        return zeep.xsd.Nil
    if tname in CONTRACT.array_item:
        item, itype = CONTRACT.array_item[tname]
        return {item: [to_zeep(v, itype) for v in x]}
    if tname in CONTRACT.types and isinstance(x, dict):
        actual = x.get("$type", tname)
        fields = CONTRACT.fields(actual)
        d = {k: to_zeep(v, fields.get(k)) for k, v in x.items() if k != "$type"}
        if actual in CONTRACT.derived:
            return CLIENT.get_type("{%s}%s" % (DC, actual))(**d)
        return d
    if isinstance(x, str):
        if tname == "decimal":
            return Decimal(x)
        if tname == "dateTime":
            return isodate.parse_datetime(x)
        if tname == "duration":
            return isodate.parse_duration(x)
        if tname == "base64Binary":
            return base64.b64decode(x)
    return x


def soap_kwargs(op, params):
    kids = CONTRACT.wrappers[op]
    return {k: to_zeep(v, kids[k]) for k, v in params.items()}


# =============================================================================================
# Normalization

def _mark_types(v, plain):
    """serialize_object drops the xsi:type of a derived value; put it back as "$type"."""
    if isinstance(v, zeep.xsd.CompoundValue) and isinstance(plain, dict):
        t = getattr(v, "_xsd_type", None)
        name = t.qname.localname if t is not None and t.qname is not None else None
        if name in CONTRACT.derived:
            plain["$type"] = name
        for k in v:
            _mark_types(v[k], plain.get(k))
    elif isinstance(v, list) and isinstance(plain, list):
        for a, b in zip(v, plain):
            _mark_types(a, b)


def _clean(x):
    if isinstance(x, dict):
        if len(x) == 1:
            (k, v), = x.items()
            if any(k == item for item, _ in CONTRACT.array_item.values()) and \
                    (v is None or isinstance(v, list)):
                return [_clean(i) for i in (v or [])] or None
        out = {}
        for k, v in x.items():
            v = _clean(v)
            if v is not None and v != []:
                out[k] = v
        return out
    if isinstance(x, list):
        return [_clean(i) for i in x]
    if isinstance(x, datetime.datetime) and x.tzinfo is None:
        return x.replace(tzinfo=datetime.timezone.utc)
    return x


def soap_plain(v):
    """A zeep value as plain Python: dicts (via zeep.helpers.serialize_object), ArrayOf
    wrappers unwrapped to lists, None and empty lists dropped (zeep reads absent, xsi:nil and an
    empty ArrayOf alike; the shapes are compared on the raw XML), "$type" kept."""
    if v is None:
        return None
    plain = zeep.helpers.serialize_object(v, target_cls=dict)
    _mark_types(v, plain)
    return _clean(plain)


class Mismatch:
    """A REST value of the wrong JSON type for what SOAP answered; never equal to anything."""

    def __init__(self, why, value):
        self.why, self.value = why, value

    def __eq__(self, other):
        return False

    def __repr__(self):
        return "<%s: %r>" % (self.why, self.value)


def rest_plain(x, like):
    """REST JSON read against the SOAP value `like`: decimals (which must be JSON strings) as
    Decimal, dateTimes as aware datetimes (so == compares instants), durations as timedeltas,
    base64 as bytes; null and [] dropped like soap_plain does, and "" where zeep read None
    (zeep reads an empty string element as None too; the shapes still tell them apart)."""
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if v is None or v == []:
                continue
            if v == "" and (not isinstance(like, dict) or like.get(k) is None):
                continue
            out[k] = rest_plain(v, like.get(k) if isinstance(like, dict) else None)
        return out
    if isinstance(x, list):
        lk = like if isinstance(like, list) else []
        return [rest_plain(v, lk[i] if i < len(lk) else None) for i, v in enumerate(x)]
    try:
        if isinstance(like, Decimal):
            return Decimal(x) if isinstance(x, str) else Mismatch("decimal not a string", x)
        if isinstance(like, datetime.datetime):
            return isodate.parse_datetime(x) if isinstance(x, str) else Mismatch("dateTime", x)
        if isinstance(like, (datetime.timedelta, isodate.Duration)):
            return isodate.parse_duration(x) if isinstance(x, str) else Mismatch("duration", x)
        if isinstance(like, bytes):
            return base64.b64decode(x, validate=True) if isinstance(x, str) \
                else Mismatch("base64", x)
    except (ValueError, InvalidOperation, isodate.ISO8601Error) as exc:
        return Mismatch(str(exc), x)
    return x


def xml_shape(el):
    """What is present in a response element: None for xsi:nil, a list for an ArrayOf, a dict
    for a complex value (with "$type" from xsi:type), "*" for a simple value (even empty)."""
    if el.get("{%s}nil" % XSI) in ("true", "1"):
        return None
    kids = [c for c in el if isinstance(c.tag, str)]
    if _tag_local(el.tag) in CONTRACT.array_props:
        return [xml_shape(k) for k in kids]
    if kids:
        d = {_tag_local(k.tag): xml_shape(k) for k in kids}
        if el.get("{%s}type" % XSI):
            d["$type"] = _local(el.get("{%s}type" % XSI))
        return d
    return "*"


def json_shape(v):
    if isinstance(v, dict):
        return {k: (val if k == "$type" else json_shape(val)) for k, val in v.items()}
    if isinstance(v, list):
        return [json_shape(i) for i in v]
    return None if v is None else "*"


def drop(d, paths):
    """A copy of `d` without the fields named by `paths` ("Id", "Lines/*/Sku")."""
    if not paths or not isinstance(d, (dict, list)):
        return d
    d = _deep_copy(d)
    for p in paths:
        _drop(d, p.split("/"))
    return d


def _deep_copy(x):
    if isinstance(x, dict):
        return {k: _deep_copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_deep_copy(v) for v in x]
    return x


def _drop(x, parts):
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(x, list):
        for i in x:
            _drop(i, rest)
    elif isinstance(x, dict) and head in x:
        if rest:
            _drop(x[head], rest)
        else:
            del x[head]


# =============================================================================================
# Outcomes

class Outcome:
    def __init__(self, channel, kind, http, data=None, shape=None, fault=None, fields=None,
                 fields_shape=None, message=None, raw=None):
        self.channel, self.kind, self.http = channel, kind, http
        self.data, self.shape = data, shape
        self.fault, self.fields, self.fields_shape, self.message = fault, fields, fields_shape, \
            message
        self.raw = raw

    def __repr__(self):
        return "<%s %s HTTP %s fault=%s data=%r raw=%r>" % (
            self.channel, self.kind, self.http, self.fault, self.data,
            (self.raw or b"")[:600])


def soap_outcome(op, params):
    svc = CLIENT.service
    binding = svc._binding
    with CLIENT.settings(raw_response=True):
        r = getattr(svc, op)(**soap_kwargs(op, params))
    try:
        result = binding.process_reply(CLIENT, binding.get(op), r)
    except zeep.exceptions.Fault as f:
        code = _local(f.code or "")
        kids = [c for c in (f.detail if f.detail is not None else []) if isinstance(c.tag, str)]
        if code == "Server":
            return Outcome("soap", "server", r.status_code, message=f.message, raw=r.content)
        if len(kids) != 1:
            return Outcome("soap", "fault:" + code, r.status_code, message=f.message,
                           raw=r.content)
        name = _tag_local(kids[0].tag)
        parsed = CLIENT.get_element(kids[0].tag).parse(kids[0], CLIENT.wsdl.types)
        return Outcome("soap", "fault", r.status_code, fault=name, fields=soap_plain(parsed),
                       fields_shape=xml_shape(kids[0]), message=f.message, raw=r.content)
    shape = None
    if r.content:
        wrapper = tl.body_child(r.content)
        res = [c for c in wrapper if isinstance(c.tag, str)]
        shape = xml_shape(res[0]) if res else None
    return Outcome("soap", "ok", r.status_code, data=soap_plain(result), shape=shape,
                   raw=r.content)


def rest_outcome(channel, resp):
    ct = tl.media_type(resp)
    if 200 <= resp.status_code < 300:
        if not resp.content:
            return Outcome(channel, "ok", resp.status_code, raw=resp.content)
        if ct != tl.JSON_TYPE:
            return Outcome(channel, "bad-content-type:%s" % ct, resp.status_code, raw=resp.content)
        body = resp.json()
        return Outcome(channel, "ok", resp.status_code, data=body, shape=json_shape(body),
                       raw=resp.content)
    if ct != tl.PROBLEM_TYPE:
        return Outcome(channel, "not-a-problem:%s" % ct, resp.status_code, raw=resp.content)
    p = resp.json()
    if p.get("type") == tl.PROBLEM_TYPE_PREFIX + "server-fault":
        return Outcome(channel, "server", resp.status_code, message=p.get("detail"),
                       raw=resp.content)
    if "fault" in p:
        kind = "fault" if p.get("type") == tl.PROBLEM_TYPE_PREFIX + str(p.get("title")) \
            else "fault-with-bad-type:%s" % p.get("type")
        return Outcome(channel, kind, resp.status_code, fault=p.get("title"),
                       fields=p["fault"], fields_shape=json_shape(p["fault"]),
                       message=p.get("detail"), raw=resp.content)
    return Outcome(channel, "problem:%s" % p.get("type"), resp.status_code,
                   message=p.get("detail"), raw=resp.content)


def query_params(q):
    """A ProductQuery as URL query pairs: XSD names (matched case-insensitively), arrays as
    repeated parameters, everything as text."""
    out = []
    for k, v in q.items():
        for item in (v if isinstance(v, list) else [v]):
            out.append((k, item if isinstance(item, str) else json.dumps(item)))
    return out


def resource_request(op, params):
    """(method, path, body, query) of the resource route of `op` for the wrapper `params`,
    from the mapping file: path variables from "vars" (default: the same-named part), the body
    from "body" (default: the parts not in the path), the query from "query"."""
    rt = CONTRACT.routes[op]
    path, used = rt["path"], set()
    for var in re.findall(r"\{(\w+)\}", rt["path"]):
        target = rt.get("vars", {}).get(var, var)
        v = params
        for part in target.split("/"):
            v = v[part]
        if "/" not in target:
            used.add(target)
        path = path.replace("{%s}" % var, str(v))
    body, query = tl.NO_BODY, None
    if "body" in rt:
        body = params[rt["body"]]
    elif "query" in rt:
        query = query_params(params.get(rt["query"], {}))
    else:
        rest = {k: v for k, v in params.items() if k not in used}
        if rest:
            body = rest
    return rt["method"], path, body, query


# =============================================================================================

def setUpModule():
    global D, CLIENT
    D = tl.start_daemon(name="diff")
    transport = zeep.transports.Transport(session=requests.Session(), timeout=tl.HTTP_TIMEOUT,
                                          operation_timeout=tl.HTTP_TIMEOUT)
    CLIENT = zeep.Client(D.wsdl_url, transport=transport)


def tearDownModule():
    if D is not None:
        D.stop_expect_clean()


class Base(unittest.TestCase):
    maxDiff = 8000

    # -- channels ------------------------------------------------------------------------
    def via(self, channel, op, params):
        if channel == "soap":
            return soap_outcome(op, params)
        if channel == "generic":
            return rest_outcome(channel, tl.rest(D, "POST", "/api/" + op, params))
        method, path, body, query = resource_request(op, params)
        return rest_outcome(channel, tl.rest(D, method, path, body, params=query))

    def run3(self, op, params_by_channel):
        """`params_by_channel`: one wrapper dict for all channels, or a dict channel -> params
        (twin entities). Returns {channel: Outcome}."""
        if set(params_by_channel) != set(CHANNELS):
            params_by_channel = {c: params_by_channel for c in CHANNELS}
        return {c: self.via(c, op, params_by_channel[c]) for c in CHANNELS}

    # -- comparisons ---------------------------------------------------------------------
    def same(self, op, outs, exclude=(), expect="ok", fault=None):
        """All three outcomes agree with the SOAP one; `expect` "ok", "fault" (then `fault` is
        the detail name) or "server". Returns the SOAP outcome."""
        COVERED.setdefault(op, set()).add(fault if expect == "fault" else expect)
        s = outs["soap"]
        self.assertEqual(s.kind, expect, "SOAP %s: %r" % (op, s))
        if expect == "fault":
            self.assertEqual(s.fault, fault, "SOAP %s: %r" % (op, s))
        for c in ("generic", "resource"):
            o = outs[c]
            with self.subTest(op=op, channel=c):
                self.assertEqual(o.kind, s.kind, "%s\n SOAP: %r\n REST: %r" % (op, s, o))
                if expect == "ok":
                    self.assertIn(o.http, (200, 201, 202, 204), repr(o))
                    self.assertEqual(drop(rest_plain(o.data, s.data), exclude),
                                     drop(s.data, exclude), "%s data differs\n SOAP raw: %r\n "
                                     "REST raw: %r" % (op, s.raw[:1500], o.raw[:1500]))
                    self.assertEqual(o.shape, s.shape, "%s: absent/null/[]/$type differ\n "
                                     "SOAP raw: %r\n REST raw: %r" % (op, s.raw[:1500],
                                                                      o.raw[:1500]))
                elif expect == "fault":
                    self.assertEqual(o.fault, s.fault, repr(o))
                    self.assertEqual(rest_plain(o.fields, s.fields), s.fields,
                                     "%s: fault detail differs: %r vs %r" % (op, s.raw, o.raw))
                    self.assertEqual(o.fields_shape, s.fields_shape, repr(o))
                    self.assertEqual(o.message, s.message, "faultstring vs problem detail")
                    self.assertEqual(o.http, CONTRACT.fault_status[fault], repr(o))
                else:
                    self.assertEqual(o.http, 500, repr(o))
        return s

    # -- fixtures (set up through REST: what they are is compared, not how they came) -----
    def product(self, **over):
        sku = over.pop("Sku", None) or tl.unique_sku("DF")
        p = {"Sku": sku, "Name": "Widget " + sku, "Description": "A widget",
             "Category": "Hardware", "Price": "9.99", "StockQuantity": 10}
        p.update(over)
        return p

    def create(self, **over):
        r = tl.rest(D, "POST", "/api/products", self.product(**over))
        self.assertEqual(r.status_code, 201, tl.describe(r))
        return r.json()

    def twins(self, **over):
        """Three products alike but for their SKUs (and so their ids)."""
        name = over.pop("Name", "Twin " + tl.unique("N"))
        return {c: self.create(Name=name, **over) for c in CHANNELS}

    def order(self, lines, **kw):
        body = {"CustomerName": kw.get("customer", "Ada Lovelace"),
                "CustomerEmail": "ada@example.org",
                "Lines": [{"Sku": s, "Quantity": q} for s, q in lines]}
        r = tl.rest(D, "POST", "/api/orders", body)
        self.assertEqual(r.status_code, 201, tl.describe(r))
        return r.json()

    def get(self, path):
        r = tl.rest(D, "GET", path)
        self.assertEqual(r.status_code, 200, tl.describe(r))
        return r.json()


# Variants of a product exercising every shape: absent / null / "" / [] / one item, a derived
# type with offsets and a duration, markup and non-ASCII text, many-digit decimals.
VARIANTS = {
    "full": dict(Description="3/8 inch drive", Price="129.5000", StockQuantity=7,
                 Tags=["tools", "metal"]),
    "empty-text-and-tags": dict(Description="", Tags=[]),
    "null-description-absent-tags": dict(Description=None),
    "null-tags-one-tag": dict(Tags=["solo"], Description=None),
    "perishable": {"$type": "PerishableProduct", "Category": "Grocery", "Price": "2.49",
                   "ExpiresOn": "2027-03-01T12:30:15+02:00", "ShelfLife": "P14DT6H",
                   "Tags": ["cold"]},
    "perishable-no-shelf-life": {"$type": "PerishableProduct", "Category": "Grocery",
                                 "ExpiresOn": "2026-12-24T00:00:00Z"},
    "markup-non-ascii": dict(Name="</Name><Sku>HACK</Sku> ]]> &amp; Gr\u00fc\u00dfe \U0001F389",
                             Description="<![CDATA[x]]> \u65e5\u672c\u8a9e \"'", Tags=["<&>"]),
    "many-digits": dict(Price="922337203685477.5807", StockQuantity=2147483647),
}


# =============================================================================================
class T01_GetServiceInfo(Base):
    def test_ok(self):
        before = soap_outcome("GetServiceInfo", {})
        outs = self.run3("GetServiceInfo", {})
        self.assertEqual(outs["soap"].data, before.data, "counts moved during the test")
        self.same("GetServiceInfo", outs)
    # GetServiceInfo declares no fault.


class T02_CreateProduct(Base):
    def test_ok_every_variant(self):
        for name, over in VARIANTS.items():
            with self.subTest(variant=name):
                base = self.product(**over)
                params = {c: {"product": dict(base, Sku=tl.unique_sku("CP"))} for c in CHANNELS}
                outs = self.run3("CreateProduct", params)
                # Id and CreatedAt differ by construction, and so does the Sku (unique)
                self.same("CreateProduct", outs, exclude=("Id", "Sku", "CreatedAt"))
                for c, o in outs.items():
                    if o.kind == "ok" and o.channel != "soap":
                        self.assertEqual(o.data["Sku"], params[c]["product"]["Sku"])

    def test_validation_fault(self):
        for case, over in (("lower-sku", dict(Sku="ab-lower")), ("price-digits",
                                                                 dict(Price="1.23456")),
                           ("perishable-no-expiry", {"$type": "PerishableProduct"}),
                           ("empty-tag", dict(Tags=["ok", ""]))):
            with self.subTest(case=case):
                outs = self.run3("CreateProduct", {"product": self.product(**over)})
                self.same("CreateProduct", outs, expect="fault", fault="ValidationFault")
        p = self.product()
        del p["Name"]
        self.same("CreateProduct", self.run3("CreateProduct", {"product": p}), expect="fault",
                  fault="ValidationFault")

    def test_conflict_fault(self):
        existing = self.create()
        outs = self.run3("CreateProduct", {"product": self.product(Sku=existing["Sku"])})
        self.same("CreateProduct", outs, expect="fault", fault="ConflictFault")


class T03_GetProduct(Base):
    def test_ok_every_variant(self):
        for name, over in VARIANTS.items():
            with self.subTest(variant=name):
                p = self.create(**over)
                self.same("GetProduct", self.run3("GetProduct", {"id": p["Id"]}))

    def test_ok_product_created_over_soap(self):
        s = soap_outcome("CreateProduct", {"product": self.product(**VARIANTS["perishable"])})
        self.assertEqual(s.kind, "ok", repr(s))
        self.same("GetProduct", self.run3("GetProduct", {"id": s.data["Id"]}))

    def test_not_found_fault(self):
        self.same("GetProduct", self.run3("GetProduct", {"id": 987654301}), expect="fault",
                  fault="NotFoundFault")


class T04_UpdateProduct(Base):
    def test_ok(self):
        for name, over in (("plain", dict(Tags=["a"])), ("perishable", VARIANTS["perishable"])):
            with self.subTest(variant=name):
                tw = self.twins(**over)
                change = dict(Name="Renamed " + name, Price="6.2500", Description=None,
                              Tags=["b", "c"], StockQuantity=42)
                params = {c: {"product": dict(self.get("/api/products/%d" % tw[c]["Id"]),
                                              **change)} for c in CHANNELS}
                outs = self.run3("UpdateProduct", params)
                # twins: Id, Sku, CreatedAt and UpdatedAt differ by construction
                self.same("UpdateProduct", outs,
                          exclude=("Id", "Sku", "CreatedAt", "UpdatedAt"))
                self.assertEqual(outs["soap"].data["Version"], 2)

    def test_not_found_fault(self):
        params = {"product": dict(self.product(), Id=987654302, Version=1)}
        self.same("UpdateProduct", self.run3("UpdateProduct", params), expect="fault",
                  fault="NotFoundFault")

    def test_validation_fault(self):
        p = self.create()
        for field, value in (("Price", "-1"), ("Name", ""), ("Sku", "lower")):
            with self.subTest(field=field):
                outs = self.run3("UpdateProduct", {"product": dict(p, **{field: value})})
                self.same("UpdateProduct", outs, expect="fault", fault="ValidationFault")
        self.assertEqual(self.get("/api/products/%d" % p["Id"]), p)

    def test_conflict_fault(self):
        p = self.create()
        r = tl.rest(D, "PUT", "/api/products/%d" % p["Id"], dict(p, Name="first writer"))
        self.assertEqual(r.status_code, 200, tl.describe(r))
        outs = self.run3("UpdateProduct", {"product": dict(p, Name="stale writer")})
        self.same("UpdateProduct", outs, expect="fault", fault="ConflictFault")
        self.assertEqual(self.get("/api/products/%d" % p["Id"])["Name"], "first writer")


class T05_DeleteProduct(Base):
    def test_ok(self):
        tw = self.twins()
        outs = self.run3("DeleteProduct", {c: {"id": tw[c]["Id"]} for c in CHANNELS})
        self.same("DeleteProduct", outs)
        for c in CHANNELS:
            with self.subTest(deleted_via=c):
                self.same("GetProduct", self.run3("GetProduct", {"id": tw[c]["Id"]}),
                          expect="fault", fault="NotFoundFault")

    def test_not_found_fault(self):
        self.same("DeleteProduct", self.run3("DeleteProduct", {"id": 987654303}),
                  expect="fault", fault="NotFoundFault")


class T06_FindProducts(Base):
    @classmethod
    def setUpClass(cls):
        cls.prefix = "Df" + tl.unique("F").replace("-", "x")
        cls.t1, cls.t2 = tl.unique("tag"), tl.unique("tag")
        spec = [("Alpha", "Hardware", "1.00", [cls.t1, cls.t2], {}),
                ("Bravo", "Software", "2.50", [cls.t1], {}),
                ("Charlie", "Grocery", "3.75", [cls.t2], VARIANTS["perishable"]),
                ("Delta", "Grocery", "10.00", [], {}),
                ("Echo", "Hardware", "0.99", None, {"Description": ""})]
        for name, cat, price, tags, extra in spec:
            sku = tl.unique_sku("FP")
            body = {"Sku": sku, "Name": "%s %s" % (cls.prefix, name), "Category": cat,
                    "Price": price, "StockQuantity": 1}
            body.update(extra)
            body.update(Category=cat, Price=price)
            if tags is not None:
                body["Tags"] = tags
            r = tl.rest(D, "POST", "/api/products", body)
            assert r.status_code == 201, tl.describe(r)

    def test_ok(self):
        p = self.prefix
        queries = [{"NamePrefix": p}, {"NamePrefix": p.upper(), "Category": "Grocery"},
                   {"NamePrefix": p, "MinPrice": "1.01", "MaxPrice": "3.7500"},
                   {"NamePrefix": p, "Tags": [self.t1, self.t2]},
                   {"NamePrefix": p, "Tags": [self.t2]},
                   {"NamePrefix": p, "Page": 2, "PageSize": 2},
                   {"NamePrefix": p, "Page": 9, "PageSize": 2},
                   {"NamePrefix": p + " nothing"}]
        for q in queries:
            with self.subTest(query=q):
                self.same("FindProducts", self.run3("FindProducts", {"query": q}))
        # an empty Tags array cannot be written in a query string: SOAP and generic only
        q = {"NamePrefix": p, "Tags": []}
        s = soap_outcome("FindProducts", {"query": q})
        g = rest_outcome("generic", tl.rest(D, "POST", "/api/FindProducts", {"query": q}))
        self.assertEqual(rest_plain(g.data, s.data), s.data)
        self.assertEqual(g.shape, s.shape)

    def test_validation_fault(self):
        for q in ({"PageSize": 0}, {"PageSize": 101}, {"Page": 0},
                  {"MinPrice": "5", "MaxPrice": "1"}, {"Tags": [""]}):
            with self.subTest(query=q):
                self.same("FindProducts", self.run3("FindProducts", {"query": q}),
                          expect="fault", fault="ValidationFault")


class T07_PlaceOrder(Base):
    def test_ok(self):
        a, b = self.twins(Price="0.35", StockQuantity=10), self.twins(Price="1.2000",
                                                                        StockQuantity=5)
        params = {c: {"order": {"CustomerName": "J\u00fcrgen </CustomerName>",
                                "CustomerEmail": "j@example.org", "Note": "]]> \U0001F389",
                                "Lines": [{"Sku": a[c]["Sku"], "Quantity": 3},
                                          {"Sku": b[c]["Sku"], "Quantity": 2}]}}
                  for c in CHANNELS}
        outs = self.run3("PlaceOrder", params)
        # Id and PlacedAt differ by construction; each channel orders its own twin products
        self.same("PlaceOrder", outs, exclude=("Id", "PlacedAt", "Lines/*/Sku"))
        for c in CHANNELS:
            self.assertEqual((self.get("/api/products/%d" % a[c]["Id"])["StockQuantity"],
                              self.get("/api/products/%d" % b[c]["Id"])["StockQuantity"]),
                             (7, 3), c)

    def test_validation_fault(self):
        p = self.create()
        base = lambda lines, name="Bob": {"order": {"CustomerName": name, "Lines": lines}}
        for case, params in (("no-lines", base([])),
                             ("zero-quantity", base([{"Sku": p["Sku"], "Quantity": 0}])),
                             ("empty-name", base([{"Sku": p["Sku"], "Quantity": 1}], ""))):
            with self.subTest(case=case):
                self.same("PlaceOrder", self.run3("PlaceOrder", params), expect="fault",
                          fault="ValidationFault")

    def test_not_found_fault(self):
        p = self.create()
        params = {"order": {"CustomerName": "Bob",
                            "Lines": [{"Sku": p["Sku"], "Quantity": 1},
                                      {"Sku": tl.unique_sku("GHOST"), "Quantity": 1}]}}
        self.same("PlaceOrder", self.run3("PlaceOrder", params), expect="fault",
                  fault="NotFoundFault")

    def test_insufficient_stock_fault(self):
        p = self.create(StockQuantity=1)
        params = {"order": {"CustomerName": "Bob", "Lines": [{"Sku": p["Sku"], "Quantity": 5}]}}
        self.same("PlaceOrder", self.run3("PlaceOrder", params), expect="fault",
                  fault="InsufficientStockFault")
        self.assertEqual(self.get("/api/products/%d" % p["Id"])["StockQuantity"], 1)


class T08_GetOrder(Base):
    def test_ok(self):
        p = self.create(Price="12345678901.2345")
        o = self.order([(p["Sku"], 3)])
        self.same("GetOrder", self.run3("GetOrder", {"id": o["Id"]}))

    def test_not_found_fault(self):
        self.same("GetOrder", self.run3("GetOrder", {"id": str(uuid.uuid4())}), expect="fault",
                  fault="NotFoundFault")


class T09_CancelOrder(Base):
    def test_ok(self):
        p = self.create(StockQuantity=30)
        orders = {c: self.order([(p["Sku"], 2)]) for c in CHANNELS}
        reason = "changed my mind \u2013 </reason> &amp;"
        outs = self.run3("CancelOrder", {c: {"id": orders[c]["Id"], "reason": reason}
                                         for c in CHANNELS})
        # three orders of the same lines: Id and PlacedAt differ by construction
        self.same("CancelOrder", outs, exclude=("Id", "PlacedAt"))
        self.assertEqual(self.get("/api/products/%d" % p["Id"])["StockQuantity"], 30)

    def test_not_found_fault(self):
        self.same("CancelOrder", self.run3("CancelOrder", {"id": str(uuid.uuid4()),
                                                           "reason": "x"}),
                  expect="fault", fault="NotFoundFault")

    def test_invalid_state_fault(self):
        p = self.create()
        cancelled, shipped = self.order([(p["Sku"], 1)]), self.order([(p["Sku"], 1)])
        self.assertEqual(tl.rest(D, "POST", "/api/orders/%s/cancel" % cancelled["Id"],
                                 {"reason": "first"}).status_code, 200)
        self.assertEqual(tl.rest(D, "POST", "/api/orders/%s/ship" % shipped["Id"]).status_code,
                         200)
        for o in (cancelled, shipped):
            with self.subTest(order=o["Id"]):
                self.same("CancelOrder", self.run3("CancelOrder", {"id": o["Id"],
                                                                   "reason": "again"}),
                          expect="fault", fault="InvalidStateFault")


class T10_ShipOrder(Base):
    def test_ok(self):
        p = self.create(StockQuantity=30)
        orders = {c: self.order([(p["Sku"], 2)]) for c in CHANNELS}
        outs = self.run3("ShipOrder", {c: {"id": orders[c]["Id"]} for c in CHANNELS})
        # three orders of the same lines: Id and PlacedAt differ by construction
        self.same("ShipOrder", outs, exclude=("Id", "PlacedAt"))

    def test_not_found_fault(self):
        self.same("ShipOrder", self.run3("ShipOrder", {"id": str(uuid.uuid4())}),
                  expect="fault", fault="NotFoundFault")

    def test_invalid_state_fault(self):
        p = self.create()
        cancelled, shipped = self.order([(p["Sku"], 1)]), self.order([(p["Sku"], 1)])
        tl.rest(D, "POST", "/api/orders/%s/cancel" % cancelled["Id"], {"reason": "r"})
        tl.rest(D, "POST", "/api/orders/%s/ship" % shipped["Id"])
        for o in (cancelled, shipped):
            with self.subTest(order=o["Id"]):
                self.same("ShipOrder", self.run3("ShipOrder", {"id": o["Id"]}),
                          expect="fault", fault="InvalidStateFault")


IMAGE = tl.PNG_SIGNATURE + bytes(range(256))


class T11_SetProductImage(Base):
    def test_ok(self):
        tw = self.twins()
        image = {"ContentType": "image/png", "Data": base64.b64encode(IMAGE).decode()}
        outs = self.run3("SetProductImage", {c: {"productId": tw[c]["Id"], "image": image}
                                             for c in CHANNELS})
        self.same("SetProductImage", outs)
        got = {c: soap_outcome("GetProductImage", {"productId": tw[c]["Id"]}) for c in CHANNELS}
        for c in CHANNELS:
            self.assertEqual(got[c].data, {"ContentType": "image/png", "Data": IMAGE}, c)

    def test_not_found_fault(self):
        params = {"productId": 987654304,
                  "image": {"ContentType": "image/png", "Data": base64.b64encode(IMAGE).decode()}}
        self.same("SetProductImage", self.run3("SetProductImage", params), expect="fault",
                  fault="NotFoundFault")

    def test_validation_fault(self):
        p = self.create()
        for image in ({"ContentType": "image/bmp", "Data": base64.b64encode(IMAGE).decode()},
                      {"ContentType": "image/jpeg", "Data": base64.b64encode(IMAGE).decode()},
                      {"ContentType": "image/png",
                       "Data": base64.b64encode(b"\xab" * (256 * 1024 + 1)).decode()}):
            with self.subTest(content_type=image["ContentType"], size=len(image["Data"])):
                self.same("SetProductImage", self.run3("SetProductImage",
                                                       {"productId": p["Id"], "image": image}),
                          expect="fault", fault="ValidationFault")


class T12_GetProductImage(Base):
    def test_ok(self):
        p = self.create()
        for ctype, data in (("image/png", IMAGE),
                            ("image/jpeg", b"\xff\xd8\xff\xe0" + bytes(range(255, -1, -1)))):
            with self.subTest(content_type=ctype):
                r = tl.rest(D, "PUT", "/api/products/%d/image" % p["Id"],
                            {"ContentType": ctype, "Data": base64.b64encode(data).decode()})
                self.assertEqual(r.status_code, 204, tl.describe(r))
                s = self.same("GetProductImage", self.run3("GetProductImage",
                                                            {"productId": p["Id"]}))
                self.assertEqual(s.data["Data"], data)

    def test_not_found_fault(self):
        p = self.create()
        for pid in (p["Id"], 987654305):   # no image; no product
            with self.subTest(productId=pid):
                self.same("GetProductImage", self.run3("GetProductImage", {"productId": pid}),
                          expect="fault", fault="NotFoundFault")


class T13_AdjustStock(Base):
    def wait_stock(self, pid, expected, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            got = self.get("/api/products/%d" % pid)["StockQuantity"]
            if got == expected or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def test_ok(self):
        tw = self.twins(StockQuantity=10)
        for delta, expected in ((5, 15), (-12, 3), (-4, 3), (1, 4)):
            with self.subTest(delta=delta):
                outs = self.run3("AdjustStock", {c: {"sku": tw[c]["Sku"], "delta": delta,
                                                     "reason": "r\u00e9assort"}
                                                 for c in CHANNELS})
                self.same("AdjustStock", outs)
                for c in CHANNELS:
                    self.assertEqual(outs[c].http, 202, repr(outs[c]))
                    self.assertEqual(self.wait_stock(tw[c]["Id"], expected), expected, c)
        outs = self.run3("AdjustStock", {"sku": tl.unique_sku("NOPE"), "delta": 1,
                                         "reason": "x"})
        self.same("AdjustStock", outs)   # one-way: an unknown SKU is accepted and ignored
        after = {c: soap_outcome("GetProduct", {"id": tw[c]["Id"]}) for c in CHANNELS}
        # twins: Id, Sku, CreatedAt and UpdatedAt differ by construction
        ex = ("Id", "Sku", "CreatedAt", "UpdatedAt")
        self.assertEqual(drop(after["generic"].data, ex), drop(after["soap"].data, ex))
        self.assertEqual(drop(after["resource"].data, ex), drop(after["soap"].data, ex))
    # AdjustStock is one-way and declares no fault.


class T14_ServerFault(Base):
    def test_server_fault_is_500(self):
        """An undeclared SOAP Server fault (the store's write lock held from outside, so the
        write times out) is a 500 "server-fault" problem on both REST channels."""
        params = {c: {"product": self.product()} for c in CHANNELS}
        with tl.hold_write_lock(D.db):
            outs = self.run3("CreateProduct", params)
        self.same("CreateProduct", outs, expect="server")
        for c in ("generic", "resource"):
            self.assertNotIn("fault", json.loads(outs[c].raw), "a Server fault has no detail")


class T99_Coverage(Base):
    def test_every_operation_and_declared_fault_covered(self):
        """Runs last: every operation had an "ok" comparison and every fault the WSDL declares
        for it was compared on all three channels."""
        wsdl = ET.parse(os.path.join(tl.WSDL_DIR, "InventoryService.wsdl")).getroot()
        W = tl.WSDL_NS
        messages = {m.get("name"): _local(m.find("{%s}part" % W).get("element"))
                    for m in wsdl.findall("{%s}message" % W) if m.find("{%s}part" % W) is not None}
        declared = {}
        for op in wsdl.find("{%s}portType" % W).findall("{%s}operation" % W):
            declared[op.get("name")] = {"ok"} | {messages[_local(f.get("message"))]
                                                 for f in op.findall("{%s}fault" % W)}
        self.assertEqual(set(declared), set(OPERATIONS))
        missing = {op: sorted(want - COVERED.get(op, set())) for op, want in declared.items()
                   if want - COVERED.get(op, set())}
        self.assertEqual(missing, {}, "not compared on all three channels")


if __name__ == "__main__":
    tl.main(__name__)
