"""corpus_contract.py - an independent reader of one corpus contract, for the stand-in upstream.

zeep parses the WSDL and its schemas (from local files only: LocalTransport refuses the network)
and is the independent judge of the SOAP requests soaprest sends (strict deserialization); lxml
compiles the contract's schemas, where it can, and validates document/literal bodies. On top of
zeep's parsed types this module implements, independently of soaprest's C code:

  * to_json(node, element): an XML element -> the JSON doc/mapping.md says it becomes;
  * SampleWriter: a schema-valid, deterministic XML instance of an element or type (the upstream's
    answers), whose values respect the facets (read from the schema nodes zeep saw);
  * Contract.operations: each operation's style, use, SOAPAction and body parts, and the JSON shape
    of its request and response bodies (wrapped, parts by name, "Bare" single result).

Nothing here talks HTTP; corpus_upstream.py serves it.
"""
import base64
import copy as copy_module
import decimal
import os
import re
import urllib.parse

from lxml import etree

import corpus_regex

import zeep
import zeep.transports
import zeep.exceptions
import zeep.wsdl.bindings
import zeep.wsdl.messages.soap
from zeep.xsd import visitor as _zvisitor
from zeep.xsd.types import unresolved as _zunresolved
from zeep.xsd.types import builtins as _zbuiltins
from zeep.xsd.types.complex import ComplexType
from zeep.xsd.types.simple import AnySimpleType
from zeep.xsd.types.collection import ListType, UnionType
from zeep.xsd.types.any import AnyType
from zeep.xsd.elements.element import Element as ZElement
from zeep.xsd.elements.any import Any as ZAny
from zeep.xsd.elements.indicators import Sequence, Choice, All, Group, OrderIndicator

XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
WSDL_SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
OPTIONAL_DEPTH = 3      # optional members are filled down to this depth (the wrapper is 0)
MAX_DEPTH = 14          # deeper than this a required recursion is a harness give-up


class ContractError(Exception):
    """The contract cannot be read by the independent reader (zeep) at all."""


# ---------------------------------------------------------------------------------------------
# Local-only loading

# A tiny SOAP 1.1 encoding schema, written for this harness (zeep imports it automatically for
# rpc/encoded contracts). Only what contracts reference: Array, arrayType, the common attributes,
# and the builtin-named simple types (soapenc:string ...), here as plain restrictions.
_SOAPENC_BUILTINS = ("string boolean float double decimal duration dateTime time date gYearMonth "
                     "gYear gMonthDay gDay gMonth hexBinary base64Binary anyURI QName "
                     "normalizedString token language Name NCName integer nonPositiveInteger "
                     "negativeInteger long int short byte nonNegativeInteger unsignedLong "
                     "unsignedInt unsignedShort unsignedByte positiveInteger").split()
SOAPENC_XSD = ("""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="%s" targetNamespace="%s">
  <xs:attributeGroup name="commonAttributes">
    <xs:attribute name="id" type="xs:ID"/><xs:attribute name="href" type="xs:anyURI"/>
  </xs:attributeGroup>
  <xs:attribute name="arrayType" type="xs:string"/>
  <xs:attribute name="offset" type="xs:string"/>
  <xs:attribute name="position" type="xs:string"/>
  <xs:attribute name="root" type="xs:boolean"/>
  <xs:complexType name="Array">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:attributeGroup ref="tns:commonAttributes"/>
    <xs:attribute ref="tns:arrayType"/><xs:attribute ref="tns:offset"/>
  </xs:complexType>
  <xs:complexType name="Struct">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:attributeGroup ref="tns:commonAttributes"/>
  </xs:complexType>
  <xs:simpleType name="base64"><xs:restriction base="xs:base64Binary"/></xs:simpleType>
%s
</xs:schema>
""" % (SOAP_ENC, SOAP_ENC, "\n".join(
    '  <xs:simpleType name="%s"><xs:restriction base="xs:%s"/></xs:simpleType>' % (n, n)
    for n in _SOAPENC_BUILTINS))).encode("utf-8")

XML_XSD = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
  <xs:attributeGroup name="specialAttrs"><xs:attribute ref="xml:lang"/><xs:attribute ref="xml:space"/>
    <xs:attribute ref="xml:base"/><xs:attribute ref="xml:id"/></xs:attributeGroup>
</xs:schema>
"""

WELL_KNOWN = {
    SOAP_ENC: SOAPENC_XSD,
    "http://schemas.xmlsoap.org/soap/encoding": SOAPENC_XSD,
    "http://www.w3.org/2001/xml.xsd": XML_XSD,
    "https://www.w3.org/2001/xml.xsd": XML_XSD,
}


class NetworkRefused(zeep.exceptions.TransportError):
    pass


def xsd_drafts_as_2001(data):
    """zeep reads only the 2001 XML Schema namespace; Axis 1 wrote the 1999 and 2000/10 drafts, which
    name the same builtins and schema elements (soaprest reads them as 2001's too, doc/mapping.md)."""
    for draft in (b"http://www.w3.org/1999/XMLSchema", b"http://www.w3.org/2000/10/XMLSchema"):
        data = data.replace(draft, b"http://www.w3.org/2001/XMLSchema")
    return data


APACHE_SOAP = "http://xml.apache.org/xml-soap"
APACHE_MAP_SCHEMA = (
    '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:apachesoap="%s" targetNamespace="%s">'
    '<xsd:complexType name="mapItem"><xsd:sequence>'
    '<xsd:element name="key" nillable="true" type="xsd:anyType"/>'
    '<xsd:element name="value" nillable="true" type="xsd:anyType"/>'
    '</xsd:sequence></xsd:complexType>'
    '<xsd:complexType name="Map"><xsd:sequence>'
    '<xsd:element name="item" minOccurs="0" maxOccurs="unbounded" type="apachesoap:mapItem"/>'
    '</xsd:sequence></xsd:complexType></xsd:schema>' % (APACHE_SOAP, APACHE_SOAP))


def with_apache_map(data):
    """zeep knows no Apache SOAP Map, which Axis 1 and PHP contracts name without declaring; the
    harness declares it in wsdl:types as Axis's own generated WSDLs do (soaprest has it built in,
    doc/mapping.md). The schema text is put in as text, so that its prefix declarations stay."""
    if APACHE_SOAP.encode() not in data or ('targetNamespace="%s"' % APACHE_SOAP).encode() in data:
        return data
    m = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)types(\s[^>]*)?>", data)
    if m is not None:
        return data[:m.end()] + APACHE_MAP_SCHEMA.encode() + data[m.end():]
    m = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)definitions(\s[^>]*)?>", data)
    if m is None:
        return data
    types = '<wsdl:types xmlns:wsdl="%s">%s</wsdl:types>' % (WSDL_NS, APACHE_MAP_SCHEMA)
    return data[:m.end()] + types.encode() + data[m.end():]


def without_notifications(data):
    """zeep fails on a whole contract that holds a notification or solicit-response operation
    (output first, or no input); soaprest leaves those operations out with a note. The harness
    removes them (and their binding operations) before zeep reads the WSDL, to check the rest."""
    if b"definitions" not in data[:4096]:
        return data
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data
    if root.tag != "{%s}definitions" % WSDL_NS:
        return data
    gone = set()
    for op in root.iterfind("{%s}portType/{%s}operation" % (WSDL_NS, WSDL_NS)):
        kids = [c for c in op if isinstance(c.tag, str) and c.tag in (
            "{%s}input" % WSDL_NS, "{%s}output" % WSDL_NS)]
        if not kids or kids[0].tag != "{%s}input" % WSDL_NS:
            gone.add((op.getparent().get("name"), op.get("name")))
            op.getparent().remove(op)
    if not gone:
        return data
    for b in root.iterfind("{%s}binding" % WSDL_NS):
        pt = (b.get("type") or "").split(":")[-1]
        for op in list(b.iterfind("{%s}operation" % WSDL_NS)):
            if (pt, op.get("name")) in gone:
                b.remove(op)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


class LocalTransport(zeep.transports.Transport):
    """A zeep Transport that reads local files only; http(s) is refused except for the few
    well-known schemas above, served from the built-in copies. It never opens a socket."""

    def __init__(self):
        super().__init__(timeout=10, operation_timeout=10)
        self.loaded = []

    def load(self, url):
        if not url:
            raise ValueError("No url given to load")
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme in ("http", "https"):
            known = WELL_KNOWN.get(url) or WELL_KNOWN.get(url.rstrip("/") + "/")
            if known is None:
                raise NetworkRefused(message="corpus harness: refusing to fetch %s" % url)
            return known
        path = urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else url
        self.loaded.append(path)
        with open(os.path.expanduser(path), "rb") as fh:
            return without_notifications(with_apache_map(xsd_drafts_as_2001(fh.read())))

    def _load_remote_data(self, url):  # never reached: load() handles every scheme
        raise NetworkRefused(message="corpus harness: no network (%s)" % url)

    def post(self, *a, **kw):
        raise NetworkRefused(message="corpus harness: the reader never posts")


# ---------------------------------------------------------------------------------------------
# Facets and abstract types: zeep drops them, so the schema nodes are kept beside its types.

_orig_visit_simple = _zvisitor.SchemaVisitor.visit_simple_type
_orig_visit_complex = _zvisitor.SchemaVisitor.visit_complex_type
_orig_resolve = _zunresolved.UnresolvedCustomType.resolve


def _visit_simple_type(self, node, parent):
    t = _orig_visit_simple(self, node, parent)
    try:
        t._sr_node = node
    except AttributeError:
        pass
    return t


def _visit_complex_type(self, node, parent):
    t = _orig_visit_complex(self, node, parent)
    if node.get("abstract") in ("true", "1") and node.get("name"):
        abstract = getattr(self.schema, "_sr_abstract", None)
        if abstract is None:
            abstract = self.schema._sr_abstract = set()
        abstract.add(etree.QName(self.document._target_namespace, node.get("name")).text)
    return t


def _resolve(self):
    t = _orig_resolve(self)
    node = getattr(self, "_sr_node", None)
    if node is not None:
        try:
            t._sr_node = node
            base = self.base_type
            t._sr_base = base.resolve() if hasattr(base, "resolve") else base
        except AttributeError:
            pass
    return t


_orig_msg_resolve = zeep.wsdl.messages.soap.SoapMessage.resolve


def _msg_resolve(self, definitions, abstract_message):
    self._sr_info = getattr(self, "_resolve_info", None) or {}
    return _orig_msg_resolve(self, definitions, abstract_message)


zeep.wsdl.messages.soap.SoapMessage.resolve = _msg_resolve
_zvisitor.SchemaVisitor.visit_simple_type = _visit_simple_type
_zvisitor.SchemaVisitor.visit_complex_type = _visit_complex_type
# process() dispatches through a tag -> function table built with the class: patch it too
for _tag, _fn in list(_zvisitor.SchemaVisitor.visitors.items()):
    if _fn is _orig_visit_simple:
        _zvisitor.SchemaVisitor.visitors[_tag] = _visit_simple_type
    elif _fn is _orig_visit_complex:
        _zvisitor.SchemaVisitor.visitors[_tag] = _visit_complex_type
_zunresolved.UnresolvedCustomType.resolve = _resolve


class Facets:
    """The facets of a simple type along its derivation chain (each step's patterns OR'ed,
    steps AND'ed; the innermost bound of each kind wins)."""

    def __init__(self):
        self.enums = None
        self.pattern_steps = []        # list of lists of XSD patterns
        self.length = self.min_length = self.max_length = None
        self.min_inc = self.max_inc = self.min_exc = self.max_exc = None
        self.total_digits = self.fraction_digits = None

    def patterns_ok(self, text):
        for step in self.pattern_steps:
            if not any(_pattern_match(p, text) for p in step):
                return False
        return True


def _pattern_match(xsd_pattern, text):
    try:
        return re.fullmatch(corpus_regex.xsd_to_python(xsd_pattern), text) is not None
    except re.error:
        return True   # a pattern Python cannot read: lxml validation will judge


def facets_of(t):
    """Facets of the zeep simple type t (from the xs:restriction nodes seen while loading)."""
    f = Facets()
    seen = 0
    while t is not None and seen < 20:
        seen += 1
        node = getattr(t, "_sr_node", None)
        restr = node.find("{%s}restriction" % XSD) if node is not None else None
        if restr is not None:
            _read_restriction(restr, f)
        t = getattr(t, "_sr_base", None)
    return f


def _read_restriction(restr, f):
    step = []
    enums = []
    for c in restr:
        if not isinstance(c.tag, str):
            continue
        local, v = etree.QName(c).localname, c.get("value")
        if v is None:
            continue
        if local == "enumeration":
            enums.append(v)
        elif local == "pattern":
            step.append(v)
        elif local in ("length", "minLength", "maxLength", "totalDigits", "fractionDigits"):
            attr = {"length": "length", "minLength": "min_length", "maxLength": "max_length",
                    "totalDigits": "total_digits", "fractionDigits": "fraction_digits"}[local]
            if getattr(f, attr) is None:
                setattr(f, attr, int(v))
        elif local in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            attr = {"minInclusive": "min_inc", "maxInclusive": "max_inc",
                    "minExclusive": "min_exc", "maxExclusive": "max_exc"}[local]
            if getattr(f, attr) is None:
                setattr(f, attr, v)
    if enums and f.enums is None:
        f.enums = enums
    if step:
        f.pattern_steps.append(step)


# ---------------------------------------------------------------------------------------------
# Builtins

def builtin_name(t):
    """The local name of the XSD builtin a zeep simple type derives from ('int', 'string')."""
    for cls in type(t).__mro__:
        if cls.__module__ == _zbuiltins.__name__ and getattr(cls, "_default_qname", None):
            return etree.QName(cls._default_qname).localname
    return "string"


INT_TYPES = {"byte", "short", "int", "long", "unsignedByte", "unsignedShort", "unsignedInt",
             "unsignedLong", "integer", "nonNegativeInteger", "positiveInteger",
             "nonPositiveInteger", "negativeInteger"}
INT_RANGES = {
    "byte": (-128, 127), "short": (-32768, 32767), "int": (-2**31, 2**31 - 1),
    "long": (INT64_MIN, INT64_MAX), "unsignedByte": (0, 255), "unsignedShort": (0, 65535),
    "unsignedInt": (0, 2**32 - 1), "unsignedLong": (0, 2**64 - 1),
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1), "integer": (None, None),
}


def scalar_to_json(builtin, text):
    """The JSON value of simple text of the given XSD builtin, by doc/mapping.md section 1."""
    if builtin in ("string", "normalizedString", "anySimpleType"):
        return text
    s = text.strip()
    if builtin == "boolean":
        return s in ("true", "1")
    if builtin in INT_TYPES:
        v = int(s)
        return v if INT64_MIN <= v <= INT64_MAX else str(v)
    if builtin in ("float", "double"):
        if s in ("INF", "-INF", "NaN", "+INF"):
            return s.lstrip("+")
        v = float(s)
        if v in (float("inf"), float("-inf")):
            return "INF" if v > 0 else "-INF"
        return v
    if builtin == "base64Binary":
        return re.sub(r"\s+", "", s)
    return s


# ---------------------------------------------------------------------------------------------
# Content models

def max_occurs(p):
    m = getattr(p, "max_occurs", 1)
    return float("inf") if m == "unbounded" else int(m)


def min_occurs(p):
    return int(getattr(p, "min_occurs", 1) or 0)


def is_simple(t):
    return isinstance(t, (AnySimpleType, ListType, UnionType))


def particles(ind):
    """The child particles of an indicator (a Group's child's particles)."""
    if isinstance(ind, Group):
        return list(ind.child) if isinstance(ind.child, OrderIndicator) else [ind.child]
    return list(ind)


def member_names(ind):
    """The element names a group holds, nested groups flattened (for JAXB-style names)."""
    out = []
    for p in particles(ind):
        if isinstance(p, ZElement):
            out.append(p.name)
        elif isinstance(p, (OrderIndicator, Group)):
            out.extend(member_names(p))
    return out


def group_property_name(ind):
    """A repeated group's property: 'aOrBOrC' for a choice, 'aAndB' for a sequence."""
    inner = ind.child if isinstance(ind, Group) else ind
    sep = "Or" if isinstance(inner, Choice) else "And"
    names = member_names(ind) or ["any"]
    return names[0] + "".join(sep + n[:1].upper() + n[1:] for n in names[1:])


def simple_content_element(ctype):
    """The '_value_1' element zeep uses for a simpleContent type, or None. (zeep also names
    '_value_1' the content of an extension of an empty complex type: that one is complex.)"""
    el = ctype._element
    if isinstance(el, OrderIndicator) and len(el) == 1 and isinstance(el[0], ZElement):
        el = el[0]
    if isinstance(el, ZElement) and el.name == "_value_1" and not isinstance(el.type, ComplexType):
        return el
    return None


def array_item_element(ctype):
    """The repeated element when ctype is a WCF-style ArrayOfX (whole content one repeated
    element, no attributes), else None."""
    if ctype.attributes or ctype._element is None:
        return None
    el = ctype._element
    if isinstance(el, (Sequence, All)) and max_occurs(el) == 1 and len(el) == 1 \
            and isinstance(el[0], ZElement) and max_occurs(el[0]) > 1:
        return el[0]
    return None


def soapenc_array_item(ctype):
    """The soapenc:arrayType attribute (zeep's) when ctype is a SOAP-ENC array, else None."""
    return ctype._array_type if isinstance(ctype, ComplexType) else None


def local(tag):
    return etree.QName(tag).localname


def elem_children(node):
    return [c for c in node if isinstance(c.tag, str)]


class ConvertError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# XML -> JSON

class JsonReader:
    """Converts XML instances to the JSON of doc/mapping.md, guided by zeep's parsed types."""

    def __init__(self, contract):
        self.c = contract

    # -- elements ----------------------------------------------------------------------------
    def element(self, node, el):
        """JSON value of element node `node` declared by zeep element `el`."""
        if node.get("{%s}nil" % XSI) in ("true", "1"):
            return None
        return self.typed(node, el.type)

    def typed(self, node, t):
        xt = node.get("{%s}type" % XSI)
        derived = None
        if xt and isinstance(t, ComplexType):
            derived = self.c.resolve_qname_text(node, xt)
        if derived is not None and not self.c.same_type(derived, t):
            value = self.type_value(node, derived)
            if isinstance(value, dict):
                out = {"$type": local(derived.qname)}
                out.update(value)
                return out
            return value
        return self.type_value(node, t)

    def type_value(self, node, t):
        if isinstance(t, ComplexType):
            return self.complex(node, t)
        if isinstance(t, AnyType) and not is_simple(t):
            return inner_xml(node)
        return self.simple(node.text or "", t)

    def simple(self, text, t):
        if isinstance(t, ListType):
            return [self.simple(x, t.item_type) for x in text.split()]
        if isinstance(t, UnionType):
            return text.strip()
        return scalar_to_json(builtin_name(t), text)

    def complex(self, node, t):
        sc = simple_content_element(t)
        if sc is not None:
            out = {"$value": self.simple(node.text or "", sc.type)}
            out.update(self.attributes(node, t))
            return out
        enc_attr = soapenc_array_item(t)
        if enc_attr is not None:
            item_t = self.c.encoded_item_type(enc_attr)
            return [self.encoded_item(c, item_t) for c in elem_children(node)]
        item = array_item_element(t)
        if item is not None:
            return [self.element(c, item) for c in elem_children(node)]
        return self.object(node, t)

    def encoded_item(self, node, item_t):
        """One item of a SOAP-ENC array: typed by its xsi:type, else by the array's item type."""
        if node.get("{%s}nil" % XSI) in ("true", "1"):
            return None
        xt = node.get("{%s}type" % XSI)
        t = (self.c.resolve_qname_text(node, xt) if xt else None) or item_t
        if t is None:
            return (node.text or "") if not elem_children(node) else \
                {local(c.tag): (c.text or "") for c in elem_children(node)}
        return self.type_value(node, t)

    def object(self, node, t):
        out = self.attributes(node, t)
        children = elem_children(node)
        if t._element is not None:
            rest = self.match(children, 0, t._element, out)
            if rest != len(children):
                raise ConvertError("element %s not expected in %s" % (
                    local(children[rest].tag), local(node.tag)))
        elif children:
            raise ConvertError("%s has no element content but holds %s" % (
                local(node.tag), local(children[0].tag)))
        return out

    def attributes(self, node, t):
        out = {}
        declared, open_ = set(), False
        for _, attr in t.attributes:
            if attr.qname is None:
                open_ = True        # xs:anyAttribute
                continue
            declared.update((attr.qname.text, attr.qname.localname))
            v = node.get(attr.qname.text)
            if v is None and attr.qname.namespace:
                v = node.get(attr.qname.localname)
            if v is None or attr.qname.namespace in (SOAP_ENC, XSI):
                continue
            out[attr.name] = self.simple(v, attr.type)
        if open_:
            # doc/mapping.md: the others travel in "$attributes", keyed "{namespace}local" or "local"
            rest = {k: v for k, v in node.attrib.items() if k not in declared and
                    etree.QName(k).namespace not in (XSI, SOAP_ENC)}
            if rest:
                out["$attributes"] = rest
        return out

    # -- content matching (greedy, as a deterministic schema admits) --------------------------
    def match(self, children, i, particle, out):
        """Matches children[i:] against `particle`, filling `out`; returns the next index."""
        if isinstance(particle, ZElement):
            return self.match_element(children, i, particle, out)
        if isinstance(particle, ZAny):
            return self.match_any(children, i, particle, out)
        if max_occurs(particle) > 1:
            return self.match_repeated_group(children, i, particle, out)
        return self.match_group_once(children, i, particle, out)

    def match_element(self, children, i, el, out):
        vals = []
        while i < len(children) and len(vals) < max_occurs(el) and self.c.names_match(children[i], el):
            vals.append(self.element(children[i], el))
            i += 1
        if max_occurs(el) > 1:
            out[el.name] = vals
        elif vals:
            out[el.name] = vals[0]
        return i

    def match_any(self, children, i, anyp, out):
        vals = []
        while i < len(children) and len(vals) < max_occurs(anyp):
            vals.append(etree.tostring(children[i], encoding="unicode", with_tail=False))
            i += 1
        if max_occurs(anyp) > 1 and vals:   # no wildcard element: no "$any" at all
            out.setdefault("$any", []).extend(vals)
        elif vals:
            out["$any"] = vals[0]
        return i

    def match_group_once(self, children, i, ind, out):
        inner = ind.child if isinstance(ind, Group) else ind
        if isinstance(inner, Choice):
            for alt in particles(inner):
                probe = {}
                j = self.match(children, i, alt, probe)
                if j > i:
                    out.update(probe)
                    return j
            return i
        if isinstance(inner, All):
            progress = True
            pending = list(particles(inner))
            while progress and pending:
                progress = False
                for p in list(pending):
                    j = self.match(children, i, p, out)
                    if j > i:
                        i, progress = j, True
                        pending.remove(p)
            for p in pending:   # absent repeated members still read as []
                if isinstance(p, ZElement) and max_occurs(p) > 1:
                    out.setdefault(p.name, [])
            return i
        for p in particles(inner):
            i = self.match(children, i, p, out)
        return i

    def match_repeated_group(self, children, i, ind, out):
        items = []
        while i < len(children) and len(items) < max_occurs(ind):
            item = {}
            j = self.match_group_once(children, i, ind, item)
            if j == i:
                break
            items.append(item)
            i = j
        out[group_property_name(ind)] = items
        return i


def inner_xml(node):
    """The content of node as XML text (text, children and their tails)."""
    parts = [node.text or ""]
    for c in node:
        parts.append(etree.tostring(c, encoding="unicode", with_tail=True))
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Sample instances (the upstream's answers)

class SampleError(Exception):
    pass


def _dec(s):
    try:
        return decimal.Decimal(s)
    except (decimal.InvalidOperation, TypeError):
        return None


class SampleWriter:
    """Writes a deterministic, schema-valid XML instance of an element or type with lxml."""

    def __init__(self, contract, encoded=False):
        self.c = contract
        self.encoded = encoded
        self.counter = 0

    def element(self, parent, el, depth=0, stack=(), name=None):
        """Appends instances of zeep element `el` under lxml `parent` (1 or 2 when repeated)."""
        n = 1
        if max_occurs(el) > 1:
            n = 2 if depth < OPTIONAL_DEPTH else 1
            n = max(n, min_occurs(el))
            n = min(n, max_occurs(el))
        for _ in range(n):
            tag = name if name is not None else el.qname
            node = etree.SubElement(parent, tag)
            if getattr(el, "nillable", False) and self.recursive(el, stack):
                node.set("{%s}nil" % XSI, "true")   # a nillable recursion (a tree's leaves) ends here
                continue
            self.fill(node, el.type, depth, stack)
        return n

    def fill(self, node, t, depth, stack):
        if isinstance(t, ComplexType):
            t = self.concrete(node, t)
            key = id(t)
            if stack.count(key) >= 2 or depth > MAX_DEPTH:
                raise SampleError("recursion too deep at %s" % local(node.tag))
            self.complex(node, t, depth + 1, stack + (key,))
        elif isinstance(t, AnyType) and not is_simple(t):
            node.text = "sample"     # xs:anyType: plain text is valid content
        else:
            node.text = self.simple_text(t, local(node.tag))
            if self.encoded:
                node.set("{%s}type" % XSI, self.c.xsi_name(node, t))

    def concrete(self, node, t):
        """t itself, or the first non-abstract derived type (then xsi:type names it)."""
        if not self.c.is_abstract(t):
            return t
        for d in self.c.derived_types(t):
            if not self.c.is_abstract(d):
                node.set("{%s}type" % XSI, self.c.xsi_name(node, d))
                return d
        raise SampleError("abstract type %s has no concrete derived type" % t.qname)

    def complex(self, node, t, depth, stack):
        sc = simple_content_element(t)
        enc = soapenc_array_item(t)
        for _, attr in t.attributes:
            if attr.qname is None or attr.qname.namespace in (SOAP_ENC,):
                continue
            if enc is not None:     # SOAP-ENC id/href would make it a multi-ref: left out
                continue
            required = getattr(attr, "required", False)
            if required or depth <= OPTIONAL_DEPTH:
                if getattr(attr, "fixed", None) is not None:
                    val = attr.fixed
                else:
                    val = self.simple_text(attr.type, attr.name)
                node.set(attr.qname.text, val)
        if sc is not None:
            node.text = self.simple_text(sc.type, local(node.tag))
            return
        if enc is not None:
            self.encoded_array(node, enc, depth, stack)
            return
        if t._element is not None:
            self.particle(node, t._element, depth, stack)

    def encoded_array(self, node, array_attr, depth, stack):
        """A SOAP-ENC array of two string items (the item type is read from wsdl:arrayType)."""
        item_t = self.c.encoded_item_type(array_attr)
        for _ in range(2):
            it = etree.SubElement(node, "item")
            if item_t is not None:
                if isinstance(item_t, ComplexType) and item_t.qname is not None:
                    it.set("{%s}type" % XSI, self.c.xsi_name(it, item_t))
                self.fill(it, item_t, depth, stack)
            else:
                it.text = "item"
        node.set("{%s}arrayType" % SOAP_ENC, self.c.array_type_text(node, item_t, 2))

    def particle(self, node, p, depth, stack):
        if isinstance(p, ZElement):
            if min_occurs(p) == 0 and (depth > OPTIONAL_DEPTH or self.recursive(p, stack)):
                return
            self.element(node, p, depth, stack)
            return
        if isinstance(p, ZAny):
            if min_occurs(p) > 0:
                self.c.any_sample(node)
            return
        if min_occurs(p) == 0 and depth > OPTIONAL_DEPTH:
            return
        inner = p.child if isinstance(p, Group) else p
        reps = 1
        if max_occurs(p) > 1:
            reps = min(max(min_occurs(p), 2 if depth <= OPTIONAL_DEPTH else 1), max_occurs(p))
        for _ in range(reps):
            if isinstance(inner, Choice):
                alts = particles(inner)
                alt = next((a for a in alts if not self.recursive(a, stack)), alts[0] if alts else None)
                if alt is not None:
                    self.particle_required(node, alt, depth, stack)
            else:
                for q in particles(inner):
                    self.particle(node, q, depth, stack)

    def particle_required(self, node, p, depth, stack):
        """A choice alternative: present even when optional (exactly one alternative)."""
        if isinstance(p, ZElement):
            self.element(node, p, depth, stack)
        elif isinstance(p, ZAny):
            self.c.any_sample(node)
        else:
            inner = p.child if isinstance(p, Group) else p
            if isinstance(inner, Choice):
                alts = particles(inner)
                if alts:
                    self.particle_required(node, alts[0], depth, stack)
                return
            for q in particles(inner):
                if isinstance(q, ZElement) and min_occurs(q) == 0:
                    continue
                self.particle(node, q, depth, stack)

    def recursive(self, p, stack):
        t = getattr(p, "type", None)
        return isinstance(t, ComplexType) and id(t) in stack

    # -- simple values ----------------------------------------------------------------------
    def simple_text(self, t, hint):
        if isinstance(t, ListType):
            return " ".join([self.simple_text(t.item_type, hint)] * 2)
        if isinstance(t, UnionType):
            members = getattr(t, "item_types", None) or []
            return self.simple_text(members[0], hint) if members else "u"
        f = facets_of(t)
        b = builtin_name(t)
        for cand in self.candidates(b, f, hint):
            if self.fits(b, f, cand):
                return cand
        raise SampleError("no sample value for %s (%s) fits its facets" % (hint, b))

    def candidates(self, b, f, hint):
        if f.enums:
            return list(f.enums)
        out = []
        for step in f.pattern_steps[:1]:
            for p in step:
                out.extend(corpus_regex.examples(corpus_regex.xsd_to_python(p)))
        bounds = [v for v in (f.min_inc, f.max_inc, f.min_exc, f.max_exc) if v is not None]
        self.counter += 1
        k = self.counter
        if b in INT_TYPES:
            lo, hi = INT_RANGES[b]
            base = [str(k % 90 + 7), "1", "0", "7"]
            if lo is not None and lo > 7:
                base.append(str(lo))
            if hi is not None and hi < 0:
                base.append(str(hi))
            for v in bounds:
                d = _dec(v)
                if d is not None:
                    base += [str(int(d)), str(int(d) + 1), str(int(d) - 1)]
            return out + base
        if b == "decimal":
            base = ["%d.25" % (k % 90 + 1), "1.5", "2", "0", "1"]
            for v in bounds:
                d = _dec(v)
                if d is not None:
                    base += [str(d), str(d + 1), str(d - 1), str(d + decimal.Decimal("0.5"))]
            return out + base
        if b in ("float", "double"):
            return out + ["%d.5" % (k % 90 + 1), "1.5", "0", "1"] + [str(v) for v in bounds]
        if b == "boolean":
            return out + ["true", "false"]
        if b == "dateTime":
            return out + ["2024-05-%02dT07:08:09Z" % (k % 27 + 1)] + list(bounds)
        if b == "date":
            return out + ["2024-05-%02d" % (k % 27 + 1)] + list(bounds)
        if b == "time":
            return out + ["07:08:09"] + list(bounds)
        if b == "duration":
            return out + ["PT%dM" % (k % 50 + 1)] + list(bounds)
        if b == "gYear":
            return out + ["2024"]
        if b == "gYearMonth":
            return out + ["2024-05"]
        if b == "gMonth":
            return out + ["--05"]
        if b == "gDay":
            return out + ["---07"]
        if b == "gMonthDay":
            return out + ["--05-07"]
        if b == "base64Binary":
            return out + [base64.b64encode(bytes([k % 256, 1, 2])).decode()] + \
                [base64.b64encode(b"x" * n).decode() for n in (f.length, f.min_length, f.max_length) if n]
        if b == "hexBinary":
            return out + ["0A%02X" % (k % 256)] + ["AB" * n for n in (f.length, f.min_length, f.max_length) if n]
        if b == "anyURI":
            return out + ["http://example.org/r%d" % k]
        if b == "QName":
            return out + ["xs:string"]
        if b == "language":
            return out + ["en"]
        if b in ("NCName", "Name", "ID", "IDREF", "NMTOKEN", "ENTITY"):
            return out + ["n%d" % k]
        word = re.sub(r"[^A-Za-z0-9]", "", hint or "") or "v"
        base = ["%s%d" % (word[:12], k)]
        for n in (f.length, f.min_length, f.max_length):
            if n is not None:
                base.append(("%s%d" % (word, k) * (n + 1))[:n] if n else "")
        return out + base

    def fits(self, b, f, text):
        if f.enums and text not in f.enums:
            return False
        if not f.patterns_ok(text):
            return False
        n = len(text)
        if b in ("base64Binary", "hexBinary"):
            try:
                n = len(base64.b64decode(text)) if b == "base64Binary" else len(text) // 2
            except ValueError:
                return False
        if b not in INT_TYPES and b not in ("decimal", "float", "double", "boolean"):
            if f.length is not None and n != f.length:
                return False
            if f.min_length is not None and n < f.min_length:
                return False
            if f.max_length is not None and n > f.max_length:
                return False
        if b in INT_TYPES or b in ("decimal", "float", "double"):
            d = _dec(text)
            if d is None:
                return False
            if b in INT_TYPES:
                lo, hi = INT_RANGES[b]
                if (lo is not None and d < lo) or (hi is not None and d > hi) or d != int(d):
                    return False
            for v, ok in ((f.min_inc, lambda x, y: x >= y), (f.max_inc, lambda x, y: x <= y),
                          (f.min_exc, lambda x, y: x > y), (f.max_exc, lambda x, y: x < y)):
                bv = _dec(v) if v is not None else None
                if bv is not None and not ok(d, bv):
                    return False
            digits = text.lstrip("+-").replace(".", "").lstrip("0") or "0"
            frac = text.split(".", 1)[1] if "." in text else ""
            if f.total_digits is not None and len(digits) > f.total_digits:
                return False
            if f.fraction_digits is not None and len(frac.rstrip("0")) > f.fraction_digits:
                return False
        elif b in ("dateTime", "date", "time", "duration"):
            for v, sign in ((f.min_inc, 1), (f.min_exc, 1), (f.max_inc, -1), (f.max_exc, -1)):
                if v is not None and (text < v if sign > 0 else text > v):
                    return False
        return True


# ---------------------------------------------------------------------------------------------
# Operations

class Part:
    """One body part of a message: its name, and its element or (rpc) type."""

    def __init__(self, name, element=None, type_=None):
        self.name, self.element, self.type = name, element, type_


class OpInfo:
    """What the harness needs of one binding operation."""

    def __init__(self, name, binding, bop):
        self.name = name
        self.binding = binding
        self.bop = bop
        self.style = bop.style or "document"
        self.soap_action = bop.soapaction
        self.soap12 = isinstance(binding, zeep.wsdl.bindings.Soap12Binding)
        self.one_way = bop.output is None or bop.abstract.output_message is None
        self.input_use = _use(bop.input)
        self.output_use = _use(bop.output) if not self.one_way else None
        self.input_parts = _parts(bop.input, bop.abstract.input_message)
        self.output_parts = _parts(bop.output, bop.abstract.output_message) if not self.one_way else []
        self.mime = False       # SwA: set by Contract for mime:multipartRelated operations
        self.input_ns = _rpc_ns(bop.input)
        self.output_ns = _rpc_ns(bop.output) if not self.one_way else None

    @property
    def rpc(self):
        return self.style == "rpc"

    @property
    def encoded(self):
        return self.input_use == "encoded"

    def wrapped(self, parts):
        """Document/literal wrapped: one part whose element has a complex type."""
        return (not self.rpc and len(parts) == 1 and parts[0].element is not None
                and isinstance(parts[0].element.type, ComplexType)
                and simple_content_element(parts[0].element.type) is None)


def _use(msg):
    info = getattr(msg, "_sr_info", None) or {}
    return (info.get("body") or {}).get("use") or "literal"


def _rpc_ns(msg):
    info = getattr(msg, "_sr_info", None) or {}
    body = info.get("body") or {}
    return body.get("namespace")


def _parts(msg, abstract):
    """The body parts of a concrete message (soap:body parts= honoured)."""
    if abstract is None:
        return []
    info = getattr(msg, "_sr_info", None) or {}
    body = info.get("body") or {}
    wanted = body.get("part")
    wanted = set(wanted.split()) if isinstance(wanted, str) else None
    headers = set()
    for h in info.get("header") or []:
        if h.get("message") == abstract.name or str(h.get("message")) == str(abstract.name):
            headers.add(h.get("part"))
    out = []
    for name, part in abstract.parts.items():
        if wanted is not None and name not in wanted:
            continue
        if wanted is None and name in headers:
            continue
        out.append(Part(name, part.element, part.type))
    return out


SOAP_BINDING_NS = ("http://schemas.xmlsoap.org/wsdl/soap/", "http://schemas.xmlsoap.org/wsdl/soap12/")


class Contract:
    """One WSDL read by zeep from local files, with lxml schemas for validation."""

    def __init__(self, wsdl_path):
        self.path = os.path.abspath(wsdl_path)
        self.transport = LocalTransport()
        settings = zeep.Settings(strict=True, xml_huge_tree=True)
        try:
            self.client = zeep.Client(self.path, transport=self.transport, settings=settings)
        except Exception as exc:  # zeep raises many kinds; all mean "cannot read the contract"
            raise ContractError("zeep cannot load %s: %s: %s" % (
                os.path.basename(self.path), type(exc).__name__, exc))
        self.schema = self.client.wsdl.types
        self.abstract = getattr(self.schema, "_sr_abstract", set())
        self.operations = self._operations()
        self._apply_mime_bindings()
        self.reader = JsonReader(self)
        self._xsd_validator = None
        self._xsd_error = None
        self._derived = None

    # -- operations ------------------------------------------------------------------------
    def _operations(self):
        """name -> [OpInfo] over every SOAP binding (SOAP 1.1 bindings first)."""
        ops = {}
        bindings = []     # every document's bindings: an imported WSDL may hold them (WCF)
        for d in [self.client.wsdl] + list(getattr(self.client.wsdl, "_definitions", {}).values()):
            for b in d.bindings.values():
                if b not in bindings:
                    bindings.append(b)
        bindings.sort(key=lambda b: isinstance(b, zeep.wsdl.bindings.Soap12Binding))
        for b in bindings:
            if not isinstance(b, zeep.wsdl.bindings.soap.SoapBinding):
                continue
            for name, bop in b._operations.items():
                try:
                    ops.setdefault(name, []).append(OpInfo(name, b, bop))
                except Exception:   # an operation zeep could not resolve: leave it out
                    continue
        return ops

    def _apply_mime_bindings(self):
        """SwA (mime:multipartRelated): parts bound by mime:content travel as attachments, not
        in the SOAP body. zeep keeps no trace of them, so the WSDL files are read here."""
        mime_ns = "http://schemas.xmlsoap.org/wsdl/mime/"
        for path in [self.path] + list(self.transport.loaded):
            try:
                root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
            except (etree.XMLSyntaxError, OSError):
                continue
            if root.tag != "{%s}definitions" % WSDL_NS:
                continue
            for bop in root.iterfind("{%s}binding/{%s}operation" % (WSDL_NS, WSDL_NS)):
                for direction in ("input", "output"):
                    io = bop.find("{%s}%s" % (WSDL_NS, direction))
                    if io is None or io.find("{%s}multipartRelated" % mime_ns) is None:
                        continue
                    names = {c.get("part") for c in io.iter("{%s}content" % mime_ns)}
                    # zeep reads no soap:body or soap:header inside a mime:part: read them here
                    wanted = None
                    for c in io.iter():
                        if not isinstance(c.tag, str) or etree.QName(c).namespace not in SOAP_BINDING_NS:
                            continue
                        if etree.QName(c).localname == "body" and c.get("parts") is not None:
                            wanted = set(c.get("parts").split())
                        elif etree.QName(c).localname == "header" and c.get("part"):
                            names.add(c.get("part"))
                    for o in self.operations.get(bop.get("name"), []):
                        o.mime = True
                        attr = direction + "_parts"
                        setattr(o, attr, [p for p in getattr(o, attr) if p.name not in names and
                                          (wanted is None or p.name in wanted)])

    def any_qname(self):
        """The name of an element that a strict xs:any accepts: the first global element of a string
        type the contract declares (lxml validates a strict wildcard's element against the schema),
        else None (then any element name is written, which a lax or skip wildcard accepts)."""
        if not hasattr(self, "_any_qname"):
            self._any_qname = None
            try:
                for el in self.schema.elements:
                    if isinstance(el.type, _zbuiltins.String) and el.qname is not None:
                        self._any_qname = el.qname.text
                        break
            except Exception:   # zeep's element iteration may fail on an unresolved reference
                pass
        return self._any_qname

    def any_sample(self, parent):
        """Appends one element for an xs:any under lxml `parent`."""
        etree.SubElement(parent, self.any_qname() or "{urn:soaprest:corpus:any}sample").text = "1"

    def any_xml(self):
        """One element for an xs:any, as the XML text a JSON "$any" value holds."""
        holder = etree.Element("holder")
        self.any_sample(holder)
        return etree.tostring(holder[0], encoding="unicode")

    def op(self, name, soap12=False):
        cands = self.operations.get(name) or []
        for o in cands:
            if o.soap12 == soap12:
                return o
        return cands[0] if cands else None

    def find_operation(self, soap_action, body, soap12, hint=None):
        """The OpInfo a request is for: by SOAPAction, else by the body's first element; `hint`
        (the operation the harness called) only decides between equal candidates, such as
        several part-less operations with an empty SOAPAction."""
        action = (soap_action or "").strip().strip('"')
        kids = elem_children(body) if body is not None else []
        first = kids[0] if kids else None
        by_action, by_elem = [], []
        for name, cands in self.operations.items():
            for o in cands:
                if action and o.soap_action == action:
                    by_action.append(o)
                if first is not None and self._body_matches(o, first):
                    by_elem.append(o)
        if first is None:   # an empty body: a document operation without input parts
            by_elem = [o for cands in self.operations.values() for o in cands
                       if not o.rpc and not o.input_parts]
        both = [o for o in by_action if o in by_elem]
        for pool in (both, by_elem, by_action):
            if pool:
                pool.sort(key=lambda o: (o.name != hint, o.soap12 != soap12))
                return pool[0]
        return None

    def _body_matches(self, o, first):
        if o.rpc:
            return etree.QName(first).localname == o.name and \
                (o.input_ns is None or etree.QName(first).namespace == o.input_ns)
        if not o.input_parts:
            return False
        el = o.input_parts[0].element
        return el is not None and el.qname == first.tag

    # -- types ---------------------------------------------------------------------------------
    def resolve_qname_text(self, node, text):
        """The zeep type a QName text (an xsi:type value) names in the scope of node, or None."""
        if ":" in text:
            prefix, name = text.split(":", 1)
            ns = node.nsmap.get(prefix)
        else:
            ns, name = node.nsmap.get(None), text
        try:
            return self.schema.get_type(etree.QName(ns, name) if ns else name)
        except Exception:
            return None

    def same_type(self, a, b):
        qa, qb = getattr(a, "qname", None), getattr(b, "qname", None)
        return a is b or (qa is not None and qb is not None and qa == qb)

    def is_abstract(self, t):
        q = getattr(t, "qname", None)
        return q is not None and q.text in self.abstract

    def derived_types(self, base):
        """Named complex types extending `base` (directly or not), in schema order."""
        out = []
        key = base._value_class if isinstance(base, ComplexType) else None
        for t in self.schema.types:
            if isinstance(t, ComplexType) and t is not base and key is not None \
                    and key in getattr(t, "_extension_types", []):
                out.append(t)
        return out

    def xsi_name(self, node, t):
        """A prefixed QName text for type t usable as xsi:type on node (declares the prefix)."""
        q = t.qname
        if q is None:
            return "xs:string"
        ns = q.namespace
        prefix = None
        for p, uri in node.nsmap.items():
            if uri == ns and p:
                prefix = p
        if prefix is None:
            # lxml cannot add a declaration to an existing node: use the root's declarations
            raise SampleError("no prefix for %s" % ns)
        return "%s:%s" % (prefix, q.localname)

    def names_match(self, node, el):
        q = el.qname
        return node.tag == (q.text if isinstance(q, etree.QName) else q)

    def encoded_item_type(self, array_attr):
        """The item type of a SOAP-ENC array from its wsdl:arrayType ('xsd:string[]')."""
        at = getattr(array_attr, "array_type", None)
        if at is None:
            return None
        if not isinstance(at, (str, etree.QName)):
            return at     # zeep resolved wsdl:arrayType to the item type already
        try:
            name = at.text if isinstance(at, etree.QName) else str(at)
            name = re.sub(r"\[.*$", "", name)
            return self.schema.get_type(name)
        except Exception:
            return None

    def array_type_text(self, node, item_t, n):
        if item_t is None or item_t.qname is None:
            return "xsd:anyType[%d]" % n
        return "%s[%d]" % (self.xsi_name(node, item_t), n)

    # -- lxml validation ---------------------------------------------------------------------
    def xsd_validator(self):
        """An lxml XMLSchema over every schema of the contract, or None (see xsd_error)."""
        if self._xsd_validator is None and self._xsd_error is None:
            try:
                self._xsd_validator = build_lxml_schema(self.path, self.transport.loaded)
            except Exception as exc:
                self._xsd_error = "%s: %s" % (type(exc).__name__, str(exc).splitlines()[0][:300])
        return self._xsd_validator

    @property
    def xsd_error(self):
        return self._xsd_error


# ---------------------------------------------------------------------------------------------
# lxml schema set

def _schema_docs(wsdl_path, loaded):
    """(namespace, lxml schema element, base path) of every xs:schema the contract holds:
    inline in each WSDL loaded, and each XSD file loaded."""
    out = []
    seen = set()
    for path in [wsdl_path] + list(loaded):
        path = os.path.abspath(path)
        if path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        try:
            root = etree.parse(path, etree.XMLParser(resolve_entities=False, huge_tree=True)).getroot()
        except etree.XMLSyntaxError:
            continue
        if root.tag == "{%s}schema" % XSD:
            out.append((root.get("targetNamespace"), root, path, False))
        elif root.tag == "{%s}definitions" % WSDL_NS:
            for s in root.iterfind("{%s}types/{%s}schema" % (WSDL_NS, XSD)):
                out.append((s.get("targetNamespace"), s, path, True))
    return out


def build_lxml_schema(wsdl_path, loaded):
    """Compiles all schemas of the contract into one lxml XMLSchema: inline schemas are copied
    out with the WSDL's namespace declarations, relative locations made absolute, imports
    between inline schemas given locations; one include-aggregate per namespace."""
    import tempfile
    docs = _schema_docs(wsdl_path, loaded)
    if not docs:
        raise ContractError("no xs:schema in the contract")
    tmp = tempfile.mkdtemp(prefix="corpus-xsd-")
    files = {}    # namespace -> [file path]
    inline_files = {}
    for i, (ns, s, path, inline) in enumerate(docs):
        if inline:
            s = _standalone_schema(s)
            fname = os.path.join(tmp, "inline%d.xsd" % i)
            inline_files.setdefault(ns or "", []).append((fname, s, path))
            files.setdefault(ns or "", []).append(fname)
        else:
            files.setdefault(ns or "", []).append(path)
    # inline schemas: absolute locations; imports without a location get the inline file
    for ns, lst in inline_files.items():
        for fname, s, path in lst:
            base = os.path.dirname(path)
            for imp in s.iterfind("{%s}import" % XSD):
                loc = imp.get("schemaLocation")
                target = imp.get("namespace") or ""
                if loc:
                    imp.set("schemaLocation", _absolute(loc, base))
                elif target in files and target != (ns or ""):
                    imp.set("schemaLocation", _aggregate_path(tmp, target, files))
                elif target == SOAP_ENC:
                    imp.set("schemaLocation", _builtin_file(tmp, "soapenc.xsd", SOAPENC_XSD))
            for inc in s.iterfind("{%s}include" % XSD):
                loc = inc.get("schemaLocation")
                if loc:
                    inc.set("schemaLocation", _absolute(loc, base))
            etree.ElementTree(s).write(fname)
    for ns in files:
        _aggregate_path(tmp, ns, files)
    main = ['<xs:schema xmlns:xs="%s" targetNamespace="urn:soaprest:corpus:all">' % XSD]
    for ns in files:
        attr = ' namespace="%s"' % _xml_attr(ns) if ns else ""
        main.append('<xs:import%s schemaLocation="%s"/>' % (attr, _aggregate_path(tmp, ns, files)))
    main.append("</xs:schema>")
    main_path = os.path.join(tmp, "all.xsd")
    with open(main_path, "w") as f:
        f.write("\n".join(main))
    return etree.XMLSchema(etree.parse(main_path))


def _xml_attr(s):
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _absolute(loc, base):
    """A schemaLocation made absolute against the folder of the file that holds it."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", loc, re.I):
        return loc
    return os.path.normpath(os.path.join(base, urllib.parse.unquote(loc)))


def _builtin_file(tmp, name, data):
    p = os.path.join(tmp, name)
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)
    return p


def _aggregate_path(tmp, ns, files):
    """A schema of namespace ns that includes every file of that namespace."""
    safe = re.sub(r"[^A-Za-z0-9]+", "_", ns or "nons")[:60]
    p = os.path.join(tmp, "ns_%s_%d.xsd" % (safe, abs(hash(ns)) % 100000))
    if not os.path.exists(p):
        lst = files.get(ns, [])
        if len(lst) == 1:
            return lst[0]
        tns = ' targetNamespace="%s"' % _xml_attr(ns) if ns else ""
        body = "".join('<xs:include schemaLocation="%s"/>' % _xml_attr(f) for f in lst)
        with open(p, "w") as f:
            f.write('<xs:schema xmlns:xs="%s"%s>%s</xs:schema>' % (XSD, tns, body))
    return p


def _standalone_schema(s):
    """A copy of an inline xs:schema carrying the namespace declarations of its WSDL ancestors."""
    nsmap = dict(s.nsmap)
    copy = etree.Element(s.tag, nsmap={k: v for k, v in nsmap.items()})
    for k, v in s.attrib.items():
        copy.set(k, v)
    copy.text = s.text
    for c in s:
        copy.append(copy_module.deepcopy(c))
    return copy
