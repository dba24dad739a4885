#!/usr/bin/python3
"""wsdl2cs.py - writes, from a live WSDL, the C# client contract that dotnet-svcutil --sync would write
for the .NET WCF client of the interop matrix (dotnet-svcutil is not a package this machine can get).

    wsdl2cs.py WSDL_URL OUT.cs

Reads WSDL_URL (?wsdl with its xsd:imports, or ?singleWsdl) and writes:
  - one [DataContract] class per named complexType of a data contract namespace (members in the
    schema's sequence order, explicit Order, IsRequired from minOccurs, EmitDefaultValue=false for a
    member that is neither nillable nor required), the base class of an xs:extension, and a
    [KnownType] on the base for every derived type (the PerishableProduct of the contract);
  - one [DataContract] enum per enumerated simpleType;
  - WCF collection types (ArrayOfX: one repeated nillable element named as its type) as X[], as
    svcutil's default collection mapping does;
  - the [ServiceContract] interface of the wsdl:portType: per operation an [OperationContract] with
    the input and output wsaw:Action (IsOneWay when there is no output), the [FaultContract]s of its
    wsdl:faults (detail type, fault Action, detail element name and namespace), the wrapper
    element's children as parameters, the response wrapper's one child as the return value; a sync
    method and its Task-returning XAsync twin;
  - the IXChannel interface and the XClient : ClientBase<IX> class.
Anything it cannot map the way svcutil would (an attribute, a choice, a collection whose names break
the conventions, a response with two children) ends it with exit status 2 and a message: a silent
partial contract would hide exactly the drift this exists to find.
"""
import keyword
import os
import re
import sys

sys.dont_write_bytecode = True     # the source tree may be read-only (make distcheck)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wcf"))
from add_faults import (DC_PREFIX, PRIMITIVES, SER, WSAM, WSAW, WSDL, XS,  # noqa: E402
                        Schemas, fetch, parse_with_ns, qname)

ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
CS_KEYWORDS = set(keyword.kwlist) | {"base", "bool", "byte", "case", "char", "checked", "decimal",
                                     "default", "delegate", "do", "double", "enum", "event", "explicit",
                                     "fixed", "float", "int", "long", "object", "operator", "out",
                                     "params", "private", "protected", "public", "ref", "sbyte",
                                     "short", "string", "this", "uint", "ulong", "ushort", "void"}


def die(msg):
    sys.stderr.write("wsdl2cs.py: %s\n" % msg)
    sys.exit(2)


def ident(name):
    """A C# identifier for an XML name (@-escaped keyword, other characters replaced by _)."""
    s = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if s[0].isdigit():
        s = "_" + s
    return "@" + s if s in CS_KEYWORDS else s


def clr_namespace(xml_ns):
    """The CLR namespace svcutil derives from a data contract namespace."""
    if not xml_ns.startswith(DC_PREFIX):
        die("data contract namespace %s is not under %s" % (xml_ns, DC_PREFIX))
    return ".".join(ident(p) for p in xml_ns[len(DC_PREFIX):].split(".") if p)


def attr_lit(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


class TypeMapper:
    """Maps schema types to C# type names, collecting the declarations it needs to emit."""

    def __init__(self, schemas):
        self.schemas = schemas
        self.decls = {}          # (ns, name) -> ("class"|"enum", code lines) ; None while in progress
        self.derived = {}        # (ns, base name) -> [C# full names of derived classes]

    def member_type(self, ns, name, nillable):
        """The C# type of an element of type {ns}name (Nullable<T> for a nillable value type)."""
        cs, value = self.map(ns, name)
        return "System.Nullable<%s>" % cs if (value and nillable) else cs

    def map(self, ns, name):
        """(C# type name, is a value type) for the schema type {ns}name."""
        if (ns, name) in PRIMITIVES:
            return PRIMITIVES[(ns, name)]
        st = self.schemas.find("simpleType", ns, name)
        if st is not None:
            return self.enum(st, ns, name), True
        ct = self.schemas.find("complexType", ns, name)
        if ct is None:
            die("type {%s}%s is not declared in the schemas" % (ns, name))
        item = self.collection_item(ct, ns, name)
        if item is not None:
            return item + "[]", False
        return self.contract(ct, ns, name), False

    def full(self, ns, name):
        return "%s.%s" % (clr_namespace(ns), ident(name))

    def enum(self, st, ns, name):
        full = self.full(ns, name)
        if (ns, name) in self.decls:
            return full
        values = [e.get("value") for e in st.iter("{%s}enumeration" % XS)]
        rest = st.find("{%s}restriction" % XS)
        if not values or rest is None or qname(rest.get("base"), rest) != (XS, "string"):
            die("simple type {%s}%s is not a string enumeration" % (ns, name))
        lines = ["[System.Runtime.Serialization.DataContractAttribute(Name=%s, Namespace=%s)]"
                 % (attr_lit(name), attr_lit(ns)), "public enum %s : int {" % ident(name)]
        for i, v in enumerate(values):
            lines.append("    [System.Runtime.Serialization.EnumMemberAttribute(Value=%s)]" % attr_lit(v))
            lines.append("    %s = %d," % (ident(v), i))
        lines.append("}")
        self.decls[(ns, name)] = ("enum", lines)
        return full

    def collection_item(self, ct, ns, name):
        """The C# item type when {ns}name is a WCF collection (ArrayOfX), else None."""
        seq = ct.find("{%s}sequence" % XS)
        kids = list(seq) if seq is not None else []
        if (len(kids) != 1 or kids[0].tag != "{%s}element" % XS
                or kids[0].get("maxOccurs") != "unbounded" or not name.startswith("ArrayOf")):
            return None
        el = kids[0]
        ins, iname = qname(el.get("type"), el)
        cs, value = self.map(ins, iname)
        want_ns = ARRAYS if (ins, iname) in PRIMITIVES else ins
        if (el.get("name") != iname or name != "ArrayOf" + iname or ns != want_ns
                or el.get("minOccurs") != "0" or (el.get("nillable") == "true") == value):
            die("collection {%s}%s does not follow the DataContractSerializer's array naming "
                "(it would need a [CollectionDataContract])" % (ns, name))
        return cs

    def contract(self, ct, ns, name):
        full = self.full(ns, name)
        if (ns, name) in self.decls:
            return full
        self.decls[(ns, name)] = None
        base, seq = None, ct.find("{%s}sequence" % XS)
        cc = ct.find("{%s}complexContent" % XS)
        if cc is not None:
            ext = cc.find("{%s}extension" % XS)
            if ext is None or len(cc) != 1:
                die("complex type {%s}%s: only complexContent/extension is supported" % (ns, name))
            bns, bname = qname(ext.get("base"), ext)
            base, _ = self.map(bns, bname)
            self.derived.setdefault((bns, bname), []).append(full)
            seq = ext.find("{%s}sequence" % XS)
            others = [c for c in ext if c.tag != "{%s}sequence" % XS]
        else:
            others = [c for c in ct if c.tag != "{%s}sequence" % XS]
        if others:
            die("complex type {%s}%s has %s (only a plain xs:sequence maps to a data contract)"
                % (ns, name, others[0].tag))
        members = [self.data_member(el, ns, name, i) for i, el in
                   enumerate(list(seq) if seq is not None else [])]
        self.decls[(ns, name)] = ("class", (name, ns, base, members))
        return full

    def data_member(self, el, ns, owner, order):
        if el.tag != "{%s}element" % XS or el.get("ref") or not el.get("type"):
            die("type {%s}%s: member %d is not a named, typed xs:element" % (ns, owner, order))
        if el.get("maxOccurs", "1") != "1":
            die("type {%s}%s: member %s repeats (a data contract member never does)"
                % (ns, owner, el.get("name")))
        tns, tname = qname(el.get("type"), el)
        nillable = el.get("nillable") == "true"
        cs = self.member_type(tns, tname, nillable)
        required = el.get("minOccurs", "1") != "0"
        _, value = self.map(tns, tname)
        emit_default = nillable or required or value
        return (el.get("name"), cs, required, emit_default, order)

    def declarations(self):
        """C# source of every collected declaration, grouped by CLR namespace."""
        by_ns = {}
        for (ns, name), (kind, data) in sorted(self.decls.items()):
            lines = data if kind == "enum" else self.class_lines(ns, data)
            by_ns.setdefault(clr_namespace(ns), []).append(lines)
        out = []
        for clr in sorted(by_ns):
            out.append("namespace %s {" % clr)
            for lines in by_ns[clr]:
                out.extend("    " + line for line in lines)
                out.append("")
            out.append("}")
        return out

    def class_lines(self, ns, data):
        name, _, base, members = data
        lines = ["[System.Runtime.Serialization.DataContractAttribute(Name=%s, Namespace=%s)]"
                 % (attr_lit(name), attr_lit(ns))]
        for d in sorted(self.derived.get((ns, name), [])):
            lines.append("[System.Runtime.Serialization.KnownTypeAttribute(typeof(%s))]" % d)
        if base:
            lines.append("public partial class %s : %s {" % (ident(name), base))
        else:
            lines.append("public partial class %s : object, System.Runtime.Serialization."
                         "IExtensibleDataObject {" % ident(name))
            lines.append("    public System.Runtime.Serialization.ExtensionDataObject "
                         "ExtensionData { get; set; }")
        for mname, cs, required, emit_default, order in members:
            opts = ["Name=%s" % attr_lit(mname)]
            if required:
                opts.append("IsRequired=true")
            if not emit_default:
                opts.append("EmitDefaultValue=false")
            opts.append("Order=%d" % order)
            lines.append("    [System.Runtime.Serialization.DataMemberAttribute(%s)]" % ", ".join(opts))
            lines.append("    public %s %s { get; set; }" % (cs, ident(mname)))
        lines.append("}")
        return lines


class Operation:
    """One wsdl:operation as the pieces of its C# method."""

    def __init__(self, name, action, reply, params, result, faults):
        self.name, self.action, self.reply = name, action, reply
        self.params = params        # [(xml name, C# type)]
        self.result = result        # (xml name, C# type) or None (void)
        self.faults = faults        # [(C# detail type, fault action, element name, element ns)]


def wrapper_children(schemas, ens, ename, what):
    el = schemas.find("element", ens, ename)
    if el is None:
        die("%s: element {%s}%s is not declared" % (what, ens, ename))
    ct = el.find("{%s}complexType" % XS)
    if ct is None or el.get("type"):
        die("%s: wrapper element %s has no anonymous complexType" % (what, ename))
    seq = ct.find("{%s}sequence" % XS)
    if len(ct) != 1 or seq is None:
        die("%s: wrapper element %s is not a plain xs:sequence" % (what, ename))
    for kid in seq:
        if kid.tag != "{%s}element" % XS or not kid.get("type") or kid.get("maxOccurs", "1") != "1":
            die("%s: wrapper %s holds something other than single typed elements" % (what, ename))
    return list(seq)


def message_element(messages, tns, ref, elem, what):
    mns, mname = qname(ref, elem)
    msg = messages.get(mname) if mns == tns else None
    if msg is None:
        die("%s names an unknown message %s" % (what, ref))
    parts = msg.findall("{%s}part" % WSDL)
    if len(parts) != 1 or not parts[0].get("element"):
        die("%s: message %s must have exactly one element part" % (what, mname))
    return qname(parts[0].get("element"), parts[0])


def action_of(el):
    return el.get("{%s}Action" % WSAW) or el.get("{%s}Action" % WSAM)


def read_operation(op, ctx):
    schemas, messages, tns, types = ctx
    name = op.get("name")
    inp, outp = op.find("{%s}input" % WSDL), op.find("{%s}output" % WSDL)
    if inp is None or not action_of(inp):
        die("operation %s has no input with a wsaw:Action" % name)
    ins, iname = message_element(messages, tns, inp.get("message"), inp, name)
    if iname != name:
        die("operation %s: request wrapper %s is not named after the operation" % (name, iname))
    params = []
    for kid in wrapper_children(schemas, ins, iname, name):
        kns, kname = qname(kid.get("type"), kid)
        params.append((kid.get("name"), types.member_type(kns, kname, kid.get("nillable") == "true")))
    result, reply = None, None
    if outp is not None:
        reply = action_of(outp)
        if not reply:
            die("operation %s: output without wsaw:Action" % name)
        ons, oname = message_element(messages, tns, outp.get("message"), outp, name)
        kids = wrapper_children(schemas, ons, oname, name)
        if oname != name + "Response" or ons != ins or len(kids) > 1:
            die("operation %s: response wrapper %s is not {ns}%sResponse with at most one child"
                % (name, oname, name))
        if kids:
            kns, kname = qname(kids[0].get("type"), kids[0])
            result = (kids[0].get("name"),
                      types.member_type(kns, kname, kids[0].get("nillable") == "true"))
    faults = []
    for f in op.findall("{%s}fault" % WSDL):
        fns, fname = message_element(messages, tns, f.get("message"), f, name + "/" + f.get("name"))
        el = schemas.find("element", fns, fname)
        if el is None or not el.get("type"):
            die("fault element {%s}%s is not declared with a type" % (fns, fname))
        dns, dname = qname(el.get("type"), el)
        faults.append((types.map(dns, dname)[0], action_of(f), fname, fns))
    return Operation(name, action_of(inp), reply, params, result, faults)


def method_lines(o, asynchronous):
    attrs = ["Action=%s" % attr_lit(o.action)]
    if o.reply:
        attrs.append("ReplyAction=%s" % attr_lit(o.reply))
    else:
        attrs.append("IsOneWay=true")
    lines = ["[System.ServiceModel.OperationContractAttribute(%s)]" % ", ".join(attrs)]
    if asynchronous:    # WCF pairs XAsync with X and wants every other attribute on X alone
        return lines + ["%s;" % signature(o, asynchronous)]
    for cs, action, fname, fns in o.faults:
        lines.append("[System.ServiceModel.FaultContractAttribute(typeof(%s)%s, Name=%s, Namespace=%s)]"
                     % (cs, ", Action=%s" % attr_lit(action) if action else "", attr_lit(fname),
                        attr_lit(fns)))
    if o.result and o.result[0] != o.name + "Result":
        lines.append("[return: System.ServiceModel.MessageParameterAttribute(Name=%s)]"
                     % attr_lit(o.result[0]))
    lines.append("%s;" % signature(o, asynchronous))
    return lines


def signature(o, asynchronous):
    ret = o.result[1] if o.result else "void"
    if asynchronous:
        ret = "System.Threading.Tasks.Task" + ("<%s>" % ret if o.result else "")
    params = ", ".join("%s%s %s" % ("" if ident(n) == n else
                                     "[System.ServiceModel.MessageParameterAttribute(Name=%s)] "
                                     % attr_lit(n), t, ident(n)) for n, t in o.params)
    return "%s %s%s(%s)" % (ret, ident(o.name), "Async" if asynchronous else "", params)


def client_method(o, asynchronous):
    sig = re.sub(r"\[System\.ServiceModel\.MessageParameterAttribute\([^)]*\)\] ", "",
                 signature(o, asynchronous))
    call = "base.Channel.%s%s(%s)" % (ident(o.name), "Async" if asynchronous else "",
                                      ", ".join(ident(n) for n, _ in o.params))
    body = ("return %s;" % call) if (o.result or asynchronous) else ("%s;" % call)
    return ["public %s {" % sig, "    %s" % body, "}"]


def service_lines(pt, tns, ops):
    name = ident(pt.get("name"))
    out = ["[System.ServiceModel.ServiceContractAttribute(Name=%s, Namespace=%s, "
           "ConfigurationName=%s)]" % (attr_lit(pt.get("name")), attr_lit(tns), attr_lit(name)),
           "public interface %s {" % name]
    for o in ops:
        for asynchronous in (False, True):
            out.extend("    " + line for line in method_lines(o, asynchronous))
            out.append("")
    out.append("}")
    out.append("")
    out.append("public interface %sChannel : %s, System.ServiceModel.IClientChannel { }" % (name, name))
    out.append("")
    client = (name[1:] if name.startswith("I") and len(name) > 1 else name) + "Client"
    out.append("public partial class %s : System.ServiceModel.ClientBase<%s>, %s {" % (client, name, name))
    out.append("    public %s(System.ServiceModel.Channels.Binding binding, "
               "System.ServiceModel.EndpointAddress remoteAddress) : base(binding, remoteAddress) { }"
               % client)
    for o in ops:
        for asynchronous in (False, True):
            out.extend("    " + line for line in client_method(o, asynchronous))
    out.append("}")
    return out


def load(url):
    wsdl = parse_with_ns(fetch(url))
    if wsdl.tag != "{%s}definitions" % WSDL:
        die("%s is not a WSDL 1.1 document" % url)
    schemas = Schemas()
    types = wsdl.find("{%s}types" % WSDL)
    for s in (types if types is not None else []):
        if s.tag == "{%s}schema" % XS:
            schemas.add_tree(s, url)
    return wsdl, schemas


def main(argv):
    if len(argv) != 3:
        die("usage: wsdl2cs.py WSDL_URL OUT.cs")
    url, out_path = argv[1], argv[2]
    wsdl, schemas = load(url)
    tns = wsdl.get("targetNamespace")
    messages = {m.get("name"): m for m in wsdl.findall("{%s}message" % WSDL)}
    types = TypeMapper(schemas)
    pts = wsdl.findall("{%s}portType" % WSDL)
    if len(pts) != 1:
        die("expected one wsdl:portType, found %d" % len(pts))
    ops = [read_operation(op, (schemas, messages, tns, types))
           for op in pts[0].findall("{%s}operation" % WSDL)]
    # Every data contract of the schemas, also those no operation names (svcutil imports them all).
    for dc_ns, s in schemas.schemas:
        if dc_ns.startswith(DC_PREFIX):
            for child in s:
                if child.tag in ("{%s}complexType" % XS, "{%s}simpleType" % XS):
                    types.map(dc_ns, child.get("name"))
    lines = ["// <auto-generated>",
             "// Written by tests/interop/dotnet/wsdl2cs.py from the service's WSDL; never edit by hand.",
             "// </auto-generated>", "#nullable disable", ""]
    lines += types.declarations() + [""] + service_lines(pts[0], tns, ops)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    n = sum(len(o.faults) for o in ops)
    print("wsdl2cs.py: %d operations (%d one-way), %d [FaultContract]s, %d data contracts"
          % (len(ops), sum(1 for o in ops if not o.reply), n, len(types.decls)))


if __name__ == "__main__":
    main(sys.argv)
