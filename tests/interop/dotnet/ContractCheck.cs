// ContractCheck.cs - compares the compiled C# client contract with a live WSDL, for the .NET WCF
// client of the interop matrix.
//
//   dotnet Interop.dll --contract METADATA_URL        (URL?wsdl or URL?singleWsdl)
//
// The contract is generated from the WSDL (wsdl2cs.py), but a generator can be wrong in the same way
// twice, so this checks the result the way WCF itself sees it, against the document it came from:
//   - the service contract (ContractDescription.GetContract): name and namespace of the portType,
//     per wsdl:operation the input and output actions, one-way-ness, the request and response
//     wrapper elements with their children (name, namespace, schema type of each parameter and of the
//     return value) and the declared faults (action, detail element, detail type);
//   - the data contracts (XsdDataContractExporter, as WCF's own metadata export would write them):
//     every complexType and enumeration of the data contract and Arrays namespaces, member by member
//     (name, type, minOccurs, maxOccurs, nillable, base type), in both directions.
// Prints one line per difference and "CONTRACT OK" or "CONTRACT DIFFERS (N)"; returns the count.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Description;
using System.Xml;
using System.Xml.Linq;

static class ContractCheck
{
    static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";
    static readonly XNamespace Wsaw = "http://www.w3.org/2006/05/addressing/wsdl";
    static readonly XNamespace Wsam = "http://www.w3.org/2007/05/addressing/metadata";
    const string DcPrefix = "http://schemas.datacontract.org/2004/07/";
    const string Arrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

    static readonly List<string> Diffs = new List<string>();
    static readonly XsdDataContractExporter Exporter = new XsdDataContractExporter();

    public static int Run(string url, Type contractType)
    {
        Diffs.Clear();
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var wsdl = XDocument.Parse(http.GetStringAsync(url).Result).Root;
        var schemas = LoadSchemas(http, wsdl, new Uri(url));
        CheckService(wsdl, schemas, ContractDescription.GetContract(contractType));
        CheckDataContracts(schemas, contractType.Assembly);
        foreach (var d in Diffs) Console.WriteLine("DIFF " + d);
        Console.WriteLine(Diffs.Count == 0 ? "CONTRACT OK" : "CONTRACT DIFFERS (" + Diffs.Count + ")");
        return Diffs.Count;
    }

    static void Differ(string what, object wsdl, object cs)
    {
        if (!Equals(wsdl, cs)) Diffs.Add(what + ": the WSDL says " + (wsdl ?? "(none)") + ", the C# contract " + (cs ?? "(none)"));
    }

    // ---- metadata -----------------------------------------------------------------------------

    // Every xs:schema of the WSDL, inline or reached by xs:import/xs:include schemaLocation.
    static List<XElement> LoadSchemas(HttpClient http, XElement wsdl, Uri baseUri)
    {
        var all = new List<XElement>();
        var seen = new HashSet<string>();
        var todo = new Queue<(XElement, Uri)>();
        foreach (var s in wsdl.Elements(Wsdl + "types").Elements(Xs + "schema")) todo.Enqueue((s, baseUri));
        while (todo.Count > 0) {
            var (s, at) = todo.Dequeue();
            all.Add(s);
            foreach (var imp in s.Elements().Where(e => e.Name == Xs + "import" || e.Name == Xs + "include")) {
                var loc = (string)imp.Attribute("schemaLocation");
                if (loc == null) continue;
                var u = new Uri(at, loc);
                if (seen.Add(u.AbsoluteUri)) todo.Enqueue((XDocument.Parse(http.GetStringAsync(u).Result).Root, u));
            }
        }
        return all;
    }

    static XName QName(XElement context, string prefixed)
    {
        if (prefixed == null) return null;
        int colon = prefixed.IndexOf(':');
        var ns = colon < 0 ? context.GetDefaultNamespace() : context.GetNamespaceOfPrefix(prefixed.Substring(0, colon));
        if (ns == null) throw new InvalidOperationException("unknown prefix in " + prefixed);
        return ns + prefixed.Substring(colon + 1);
    }

    static XElement Global(List<XElement> schemas, string kind, XName name)
    {
        return schemas.Where(s => (string)s.Attribute("targetNamespace") == name.NamespaceName)
                      .SelectMany(s => s.Elements(Xs + kind))
                      .FirstOrDefault(e => (string)e.Attribute("name") == name.LocalName);
    }

    static string ActionOf(XElement e)
    {
        return (string)e.Attribute(Wsaw + "Action") ?? (string)e.Attribute(Wsam + "Action");
    }

    static XName SchemaType(Type t)
    {
        var q = Exporter.GetSchemaTypeName(t);
        return XNamespace.Get(q.Namespace) + q.Name;
    }

    // ---- the service contract -----------------------------------------------------------------

    static void CheckService(XElement wsdl, List<XElement> schemas, ContractDescription cd)
    {
        var tns = (string)wsdl.Attribute("targetNamespace");
        var pt = wsdl.Elements(Wsdl + "portType").Single();
        Differ("portType name", (string)pt.Attribute("name"), cd.Name);
        Differ("portType namespace", tns, cd.Namespace);
        var messages = wsdl.Elements(Wsdl + "message").ToDictionary(m => (string)m.Attribute("name"));
        var ops = pt.Elements(Wsdl + "operation").ToList();
        Differ("operations", string.Join(",", ops.Select(o => (string)o.Attribute("name")).OrderBy(n => n, StringComparer.Ordinal)),
               string.Join(",", cd.Operations.Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal)));
        foreach (var op in ops) {
            var od = cd.Operations.FirstOrDefault(o => o.Name == (string)op.Attribute("name"));
            if (od != null) CheckOperation(op, od, messages, schemas);
        }
    }

    static XName PartElement(XElement use, Dictionary<string, XElement> messages)
    {
        var msg = messages[QName(use, (string)use.Attribute("message")).LocalName];
        var part = msg.Elements(Wsdl + "part").Single();
        return QName(part, (string)part.Attribute("element"));
    }

    static void CheckOperation(XElement op, OperationDescription od, Dictionary<string, XElement> messages, List<XElement> schemas)
    {
        var name = od.Name;
        var input = op.Element(Wsdl + "input");
        var output = op.Element(Wsdl + "output");
        Differ(name + " input action", ActionOf(input), od.Messages[0].Action);
        Differ(name + " IsOneWay", output == null, od.IsOneWay);
        CheckBody(name + " request", Global(schemas, "element", PartElement(input, messages)), od.Messages[0].Body, false);
        if (output != null && od.Messages.Count > 1) {
            Differ(name + " output action", ActionOf(output), od.Messages[1].Action);
            CheckBody(name + " response", Global(schemas, "element", PartElement(output, messages)), od.Messages[1].Body, true);
        }
        var want = op.Elements(Wsdl + "fault").Select(f => FaultSignature(f, messages, schemas)).OrderBy(s => s, StringComparer.Ordinal);
        var have = od.Faults.Select(f => f.Action + " " + (XNamespace.Get(f.Namespace) + f.Name) + " " + SchemaType(f.DetailType))
                            .OrderBy(s => s, StringComparer.Ordinal);
        Differ(name + " faults", string.Join("; ", want), string.Join("; ", have));
    }

    static string FaultSignature(XElement fault, Dictionary<string, XElement> messages, List<XElement> schemas)
    {
        var element = PartElement(fault, messages);
        var decl = Global(schemas, "element", element);
        var type = decl == null ? null : QName(decl, (string)decl.Attribute("type"));
        return ActionOf(fault) + " " + element + " " + type;
    }

    // The wrapper element's children against the message body's parts (or return value).
    static void CheckBody(string what, XElement wrapper, MessageBodyDescription body, bool response)
    {
        if (wrapper == null) { Diffs.Add(what + ": the wrapper element is not declared"); return; }
        var wname = XNamespace.Get(((XElement)wrapper.Parent).Attribute("targetNamespace").Value) + (string)wrapper.Attribute("name");
        Differ(what + " wrapper", wname, XNamespace.Get(body.WrapperNamespace) + body.WrapperName);
        var kids = wrapper.Descendants(Xs + "element").Select(e => wname.Namespace + (string)e.Attribute("name") + " " + QName(e, (string)e.Attribute("type")));
        var parts = body.Parts.Select(p => XNamespace.Get(p.Namespace) + p.Name + " " + SchemaType(p.Type));
        if (response && body.ReturnValue != null && body.ReturnValue.Type != typeof(void))
            parts = new[] { XNamespace.Get(body.ReturnValue.Namespace) + body.ReturnValue.Name + " " + SchemaType(body.ReturnValue.Type) }.Concat(parts);
        Differ(what + " children", string.Join(", ", kids), string.Join(", ", parts));
    }

    // ---- the data contracts -------------------------------------------------------------------

    static bool Compared(string ns)
    {
        return ns != null && (ns.StartsWith(DcPrefix, StringComparison.Ordinal) || ns == Arrays);
    }

    static void CheckDataContracts(List<XElement> schemas, System.Reflection.Assembly assembly)
    {
        var types = assembly.GetTypes().Where(t => t.IsDefined(typeof(DataContractAttribute), false)).ToList();
        Exporter.Export(types);
        var exported = new List<XElement>();
        foreach (System.Xml.Schema.XmlSchema s in Exporter.Schemas.Schemas()) {
            var w = new System.IO.StringWriter();
            s.Write(w);
            exported.Add(XDocument.Parse(w.ToString()).Root);
        }
        var want = Signatures(schemas);
        var have = Signatures(exported);
        foreach (var kv in want) {
            string got;
            if (!have.TryGetValue(kv.Key, out got)) Diffs.Add("type " + kv.Key + " of the WSDL has no data contract");
            else Differ("type " + kv.Key, kv.Value, got);
        }
        foreach (var k in have.Keys.Where(k => !want.ContainsKey(k))) Diffs.Add("data contract " + k + " is not in the WSDL");
        CheckKnownTypes(schemas, types);
    }

    // A derived type arrives as xsi:type only when its base data contract names it as a known type
    // (the schema export does not show [KnownType], so it is checked on its own).
    static void CheckKnownTypes(List<XElement> schemas, List<Type> types)
    {
        var byName = types.ToDictionary(t => SchemaType(t));
        foreach (var ct in schemas.SelectMany(s => s.Elements(Xs + "complexType"))) {
            var ext = ct.Element(Xs + "complexContent")?.Element(Xs + "extension");
            if (ext == null) continue;
            XNamespace tns = (string)((XElement)ct.Parent).Attribute("targetNamespace");
            Type derived, baseType;
            if (!byName.TryGetValue(tns + (string)ct.Attribute("name"), out derived) ||
                !byName.TryGetValue(QName(ext, (string)ext.Attribute("base")), out baseType))
                continue;   // already reported as a missing data contract
            bool known = baseType.GetCustomAttributes(typeof(KnownTypeAttribute), false)
                                 .Cast<KnownTypeAttribute>().Any(k => k.Type == derived);
            Differ("[KnownType(typeof(" + derived.Name + "))] on " + baseType.Name, true, known);
        }
    }

    static Dictionary<XName, string> Signatures(List<XElement> schemas)
    {
        var sigs = new Dictionary<XName, string>();
        foreach (var s in schemas.Where(s => Compared((string)s.Attribute("targetNamespace")))) {
            XNamespace tns = (string)s.Attribute("targetNamespace");
            foreach (var t in s.Elements().Where(e => e.Name == Xs + "complexType" || e.Name == Xs + "simpleType"))
                sigs[tns + (string)t.Attribute("name")] = t.Name == Xs + "simpleType" ? EnumSignature(t) : ComplexSignature(t);
        }
        return sigs;
    }

    static string EnumSignature(XElement st)
    {
        var r = st.Element(Xs + "restriction");
        return "restriction of " + QName(r, (string)r.Attribute("base")) + " {" +
               string.Join(",", r.Elements(Xs + "enumeration").Select(e => (string)e.Attribute("value"))) + "}";
    }

    static string ComplexSignature(XElement ct)
    {
        var ext = ct.Element(Xs + "complexContent")?.Element(Xs + "extension");
        var seq = (ext ?? ct).Element(Xs + "sequence");
        var members = seq == null ? Enumerable.Empty<string>() : seq.Elements().Select(Member);
        var other = (ext ?? ct).Elements().Where(e => e.Name != Xs + "sequence" && e.Name != Xs + "annotation" && e.Name != Xs + "complexContent");
        return (ext != null ? "extends " + QName(ext, (string)ext.Attribute("base")) + " " : "") +
               "[" + string.Join(", ", members) + "]" + string.Concat(other.Select(o => " +" + o.Name.LocalName));
    }

    static string Member(XElement e)
    {
        if (e.Name != Xs + "element") return "<" + e.Name.LocalName + ">";
        return string.Format("{0}:{1} {2}..{3}{4}", (string)e.Attribute("name"), QName(e, (string)e.Attribute("type")),
                             (string)e.Attribute("minOccurs") ?? "1", (string)e.Attribute("maxOccurs") ?? "1",
                             (string)e.Attribute("nillable") == "true" ? " nillable" : "");
    }
}
