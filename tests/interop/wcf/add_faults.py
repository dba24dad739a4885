#!/usr/bin/python3
"""add_faults.py - adds to a proxy written by Mono's svcutil what .NET's svcutil would have written
and Mono's never does: the fault detail DataContract classes and the [FaultContract] attributes.

    add_faults.py WSDL_URL PROXY.cs [OUT.cs]

Reads the live WSDL at WSDL_URL (?wsdl with its xsd:imports, or ?singleWsdl), and for every
wsdl:fault of every wsdl:portType operation:
  (a) writes one [DataContract] class per fault detail element (its XML name and namespace, its
      members in the schema's sequence order with explicit DataMember Order), unless the proxy
      already has a DataContract of that name and namespace;
  (b) inserts [FaultContract(typeof(X), Action=wsaw:Action, Name=element name,
      Namespace=element namespace)] under the operation's [OperationContract] in the generated
      service interface (the method is found by its input wsaw:Action).
Everything else stays byte for byte as svcutil wrote it. Exits non-zero with a message when the WSDL
or the proxy does not have the expected shape (an operation without a method, a member type it
cannot map) - a silent partial result would hide exactly the bugs this exists to find.
"""
import re
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
WSAW = "http://www.w3.org/2006/05/addressing/wsdl"
WSAM = "http://www.w3.org/2007/05/addressing/metadata"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
DC_PREFIX = "http://schemas.datacontract.org/2004/07/"

# xsd and WCF serialization primitives -> (C# type, is a value type)
PRIMITIVES = {
    (XS, "string"): ("string", False), (XS, "anyURI"): ("System.Uri", False),
    (XS, "int"): ("int", True), (XS, "long"): ("long", True), (XS, "short"): ("short", True),
    (XS, "byte"): ("sbyte", True), (XS, "unsignedByte"): ("byte", True),
    (XS, "unsignedShort"): ("ushort", True), (XS, "unsignedInt"): ("uint", True),
    (XS, "unsignedLong"): ("ulong", True), (XS, "boolean"): ("bool", True),
    (XS, "decimal"): ("decimal", True), (XS, "double"): ("double", True),
    (XS, "float"): ("float", True), (XS, "dateTime"): ("System.DateTime", True),
    (XS, "base64Binary"): ("byte[]", False), (XS, "QName"): ("System.Xml.XmlQualifiedName", False),
    (SER, "guid"): ("System.Guid", True), (SER, "duration"): ("System.TimeSpan", True),
    (SER, "char"): ("char", True),
}

TIMEOUT = 30


def die(msg):
    sys.stderr.write("add_faults.py: %s\n" % msg)
    sys.exit(2)


def fetch(url):
    with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
        return r.read()


def qname(text, elem):
    """Resolves 'p:local' in the namespace context of elem (ElementTree keeps none: see _ns)."""
    prefix, _, local = text.rpartition(":")
    ns = elem.get("{__ns__}" + prefix)
    if ns is None:
        die("unknown prefix %r in %r" % (prefix, text))
    return ns, local


def parse_with_ns(data):
    """Parses XML, recording on every element the in-scope namespace bindings as attributes
    '{__ns__}prefix' (ElementTree drops them, but QName-valued attributes need them)."""
    import io
    stack = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
    pending = []
    root = None
    for event, obj in ET.iterparse(io.BytesIO(data), events=("start-ns", "start", "end")):
        if event == "start-ns":
            pending.append(obj)
        elif event == "start":
            scope = dict(stack[-1])
            for prefix, uri in pending:
                scope[prefix] = uri
            pending = []
            stack.append(scope)
            for prefix, uri in scope.items():
                obj.set("{__ns__}" + prefix, uri)
            if root is None:
                root = obj
        else:
            stack.pop()
    return root


class Schemas:
    """Every xs:schema reachable from the WSDL (inline ones and xs:import/include by location)."""

    def __init__(self):
        self.seen = set()
        self.schemas = []   # (targetNamespace, element)

    def add_tree(self, schema_el, base):
        tns = schema_el.get("targetNamespace", "")
        self.schemas.append((tns, schema_el))
        for imp in schema_el:
            if imp.tag in ("{%s}import" % XS, "{%s}include" % XS) and imp.get("schemaLocation"):
                url = urllib.parse.urljoin(base, imp.get("schemaLocation"))
                if url in self.seen:
                    continue
                self.seen.add(url)
                root = parse_with_ns(fetch(url))
                if root.tag != "{%s}schema" % XS:
                    die("%s is not an xs:schema" % url)
                self.add_tree(root, url)

    def find(self, kind, ns, name):
        for tns, s in self.schemas:
            if tns != ns:
                continue
            for child in s:
                if child.tag == "{%s}%s" % (XS, kind) and child.get("name") == name:
                    return child
        return None


def clr_namespace_for(proxy, xml_ns):
    """The C# namespace in which svcutil put the DataContracts of xml_ns, or None."""
    current = ""
    for line in proxy.splitlines():
        m = re.match(r"\s*namespace\s+([\w.]+)\s*\{", line)
        if m:
            current = m.group(1)
        if 'Namespace="%s"' % xml_ns in line and "DataContractAttribute" in line:
            return current
    return None


def default_clr_namespace(xml_ns):
    if xml_ns.startswith(DC_PREFIX):
        return xml_ns[len(DC_PREFIX):]
    u = urllib.parse.urlparse(xml_ns)
    parts = [p for p in (u.netloc + u.path).replace("/", ".").split(".") if p]
    return ".".join(("_" + p if p[0].isdigit() else p).replace("-", "_") for p in parts) or "Faults"


def has_contract(proxy, name, xml_ns):
    rx = r'DataContractAttribute\(Name="%s", Namespace="%s"\)' % (re.escape(name), re.escape(xml_ns))
    return re.search(rx, proxy) is not None


class Generator:
    def __init__(self, proxy, schemas):
        self.proxy = proxy
        self.schemas = schemas
        self.classes = {}    # (ns, name) -> (clr_ns, code)
        self.enums = {}

    def clr_type(self, ns, name, nillable):
        if (ns, name) in PRIMITIVES:
            t, value = PRIMITIVES[(ns, name)]
            return "System.Nullable<%s>" % t if (value and nillable) else t
        st = self.schemas.find("simpleType", ns, name)
        if st is not None:
            enum = self.enum_type(st, ns, name)
            return "System.Nullable<%s>" % enum if nillable else enum
        ct = self.schemas.find("complexType", ns, name)
        if ct is not None:
            return self.contract_type(ct, ns, name)
        die("cannot map the schema type {%s}%s of a fault member to C#" % (ns, name))

    def full_name(self, ns, name):
        clr_ns = clr_namespace_for(self.proxy, ns) or default_clr_namespace(ns)
        return clr_ns, "%s.%s" % (clr_ns, name)

    def enum_type(self, st, ns, name):
        clr_ns, full = self.full_name(ns, name)
        if re.search(r"public enum %s\b" % re.escape(name), self.proxy) or (ns, name) in self.enums:
            return full
        values = [e.get("value") for e in st.iter("{%s}enumeration" % XS)]
        if not values:
            die("simple type {%s}%s is not an enumeration" % (ns, name))
        body = ["    [System.Runtime.Serialization.DataContractAttribute(Name=\"%s\", Namespace=\"%s\")]"
                % (name, ns), "    public enum %s : int {" % name]
        for i, v in enumerate(values):
            if not re.fullmatch(r"[A-Za-z_]\w*", v):
                die("enumeration value %r of %s is not a C# identifier" % (v, name))
            body.append("        [System.Runtime.Serialization.EnumMemberAttribute()]")
            body.append("        %s = %d," % (v, i))
        body.append("    }")
        self.enums[(ns, name)] = (clr_ns, "\n".join(body))
        return full

    def contract_type(self, ct, ns, name):
        """A DataContract class for complex type {ns}name (a fault detail type)."""
        clr_ns, full = self.full_name(ns, name)
        if has_contract(self.proxy, name, ns) or (ns, name) in self.classes:
            return full
        self.classes[(ns, name)] = None     # recursion guard
        seq = ct.find("{%s}sequence" % XS)
        if seq is None or ct.find("{%s}complexContent" % XS) is not None:
            die("fault type {%s}%s is not a plain xs:sequence (not supported here)" % (ns, name))
        members = []
        for el in seq:
            if el.tag != "{%s}element" % XS:
                die("fault type %s has a %s in its sequence" % (name, el.tag))
            mns, mname = qname(el.get("type"), el)
            ctype = self.clr_type(mns, mname, el.get("nillable") == "true")
            members.append((el.get("name"), ctype, el.get("minOccurs", "1") != "0"))
        lines = [
            "    [System.Diagnostics.DebuggerStepThroughAttribute()]",
            "    [System.Runtime.Serialization.DataContractAttribute(Name=\"%s\", Namespace=\"%s\")]"
            % (name, ns),
            "    public partial class %s : object, System.Runtime.Serialization.IExtensibleDataObject {"
            % name,
            "        private System.Runtime.Serialization.ExtensionDataObject extensionDataField;",
            "        public System.Runtime.Serialization.ExtensionDataObject ExtensionData {",
            "            get { return this.extensionDataField; }",
            "            set { this.extensionDataField = value; }",
            "        }",
        ]
        for order, (mname, ctype, required) in enumerate(members):
            lines.append("        [System.Runtime.Serialization.DataMemberAttribute(%sOrder=%d)]"
                         % ("IsRequired=true, " if required else "", order))
            lines.append("        public %s %s { get; set; }" % (ctype, mname))
        lines.append("    }")
        self.classes[(ns, name)] = (clr_ns, "\n".join(lines))
        return full

    def code(self):
        by_ns = {}
        for clr_ns, text in list(self.enums.values()) + [v for v in self.classes.values() if v]:
            by_ns.setdefault(clr_ns, []).append(text)
        out = []
        for clr_ns in sorted(by_ns):
            out.append("namespace %s {\n%s\n}\n" % (clr_ns, "\n\n".join(by_ns[clr_ns])))
        return "\n// Fault contracts added by tests/interop/wcf/add_faults.py from the WSDL's " \
               "wsdl:fault declarations\n" + "\n".join(out)


def main(argv):
    if len(argv) not in (3, 4):
        die("usage: add_faults.py WSDL_URL PROXY.cs [OUT.cs]")
    url, proxy_path = argv[1], argv[2]
    out_path = argv[3] if len(argv) == 4 else proxy_path
    with open(proxy_path, encoding="utf-8") as f:
        proxy = f.read()
    wsdl = parse_with_ns(fetch(url))
    if wsdl.tag != "{%s}definitions" % WSDL:
        die("%s is not a WSDL 1.1 document" % url)
    schemas = Schemas()
    types = wsdl.find("{%s}types" % WSDL)
    for s in (types if types is not None else []):
        if s.tag == "{%s}schema" % XS:
            schemas.add_tree(s, url)
    messages = {m.get("name"): m for m in wsdl.findall("{%s}message" % WSDL)}
    tns = wsdl.get("targetNamespace")
    gen = Generator(proxy, schemas)
    inserts = {}   # input action -> [attribute lines]
    nfaults = 0
    for pt in wsdl.findall("{%s}portType" % WSDL):
        for op in pt.findall("{%s}operation" % WSDL):
            inp = op.find("{%s}input" % WSDL)
            in_action = inp.get("{%s}Action" % WSAW) or inp.get("{%s}Action" % WSAM)
            if not in_action:
                die("operation %s has no wsaw:Action on its input" % op.get("name"))
            for fault in op.findall("{%s}fault" % WSDL):
                action = fault.get("{%s}Action" % WSAW) or fault.get("{%s}Action" % WSAM)
                mns, mname = qname(fault.get("message"), fault)
                msg = messages.get(mname) if mns == tns else None
                if msg is None:
                    die("fault %s of %s names an unknown message %s" % (fault.get("name"),
                                                                       op.get("name"), mname))
                parts = msg.findall("{%s}part" % WSDL)
                if len(parts) != 1 or not parts[0].get("element"):
                    die("fault message %s must have exactly one element part" % mname)
                ens, ename = qname(parts[0].get("element"), parts[0])
                el = schemas.find("element", ens, ename)
                if el is None:
                    die("fault element {%s}%s is not declared in the schemas" % (ens, ename))
                tns_, tname = qname(el.get("type"), el)
                ct = schemas.find("complexType", tns_, tname)
                if ct is None:
                    die("fault element %s has no complex type %s" % (ename, tname))
                ctype = gen.contract_type(ct, tns_, tname)
                attr = ('[System.ServiceModel.FaultContractAttribute(typeof(%s)%s, Name="%s", '
                        'Namespace="%s")]' % (ctype, ', Action="%s"' % action if action else "",
                                              ename, ens))
                inserts.setdefault(in_action, []).append(attr)
                nfaults += 1
    # Insert the attributes under the matching [OperationContract(Action="...")] in the interface.
    lines = proxy.splitlines(keepends=True)
    out = []
    done = set()
    for line in lines:
        out.append(line)
        m = re.match(r'(\s*)\[System\.ServiceModel\.OperationContractAttribute\(Action="([^"]*)"', line)
        if m and m.group(2) in inserts:
            if m.group(2) in done:
                die("two methods carry the action %s" % m.group(2))
            done.add(m.group(2))
            nl = "\r\n" if line.endswith("\r\n") else "\n"
            for attr in inserts[m.group(2)]:
                out.append(m.group(1) + attr + nl)
    missing = set(inserts) - done
    if missing:
        die("no [OperationContract] in the proxy for the action(s) %s" % ", ".join(sorted(missing)))
    text = "".join(out) + gen.code()
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print("add_faults.py: %d [FaultContract] attributes on %d operations, %d detail classes, "
          "%d enums" % (nfaults, len(done), len([v for v in gen.classes.values() if v]),
                        len(gen.enums)))


if __name__ == "__main__":
    main(sys.argv)
