"""corpus_upstream.py - a stand-in SOAP service for any corpus contract, on 127.0.0.1.

soaprestd in gateway mode sends it the SOAP request it built from a REST call. For each request
the upstream (a thread of the harness process, http.server):

  1. finds the operation (SOAPAction, else the body's first element);
  2. has zeep deserialize the envelope strictly against the contract (binding_operation.input);
  3. for document/literal, validates each body child with lxml against the contract's schemas
     (when lxml can compile them; otherwise says why);
  4. reads the body back into the JSON doc/mapping.md says it stands for (corpus_contract);
  5. answers a deterministic, schema-valid response built from the output message's types (also
     checked by zeep and lxml before it is sent), and records the JSON soaprest should make of it.

Everything is recorded in UpstreamRecord objects for the harness to compare. The upstream never
touches the network: the contract is read by corpus_contract.LocalTransport from local files.

    up = CorpusUpstream(contract).start(); ...; up.url; up.records; up.stop()
"""
import http.server
import threading

from lxml import etree

import corpus_contract as cc

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                              remove_blank_text=False)


class UpstreamRecord:
    """What one SOAP request looked like to the upstream, and what it answered."""

    def __init__(self):
        self.operation = None        # OpInfo name
        self.soap_action = None
        self.soap_version = None     # 1 or 2
        self.request_xml = b""
        self.problems = []           # strings: each one a failure of soaprest's request
        self.notes = []              # strings: things not checked, and why
        self.request_json = None     # the request read back as JSON (None: could not)
        self.response_xml = b""
        self.expected_json = None    # what soaprest should answer
        self.expected_status = None
        self.harness_errors = []     # the upstream could not build an answer (not soaprest's fault)


def _envelope_ns(version):
    return cc.SOAP12_ENV if version == 2 else cc.SOAP11_ENV


class Responder:
    """Checks requests and builds answers for one contract (no HTTP here)."""

    def __init__(self, contract):
        self.c = contract
        self.hint = None     # the operation the harness is calling (CorpusUpstream.expect)

    # -- request ------------------------------------------------------------------------------
    def handle(self, data, headers):
        """Returns (HTTP status, content type, body bytes, UpstreamRecord)."""
        rec = UpstreamRecord()
        rec.request_xml = data
        rec.soap_action = headers.get("SOAPAction")
        ctype = headers.get("Content-Type") or ""
        if rec.soap_action is None and "action=" in ctype:
            rec.soap_action = ctype.split("action=", 1)[1].split(";", 1)[0].strip().strip('"')
        try:
            env = etree.fromstring(data, SAFE_PARSER)
        except etree.XMLSyntaxError as exc:
            rec.problems.append("the request is not well-formed XML: %s" % exc)
            return 400, "text/plain", b"not XML", rec
        rec.soap_version = 2 if env.tag == "{%s}Envelope" % cc.SOAP12_ENV else 1
        if env.tag not in ("{%s}Envelope" % cc.SOAP11_ENV, "{%s}Envelope" % cc.SOAP12_ENV):
            rec.problems.append("the request's root is %s, not a SOAP Envelope" % env.tag)
            return 400, "text/plain", b"not SOAP", rec
        body = env.find("{%s}Body" % _envelope_ns(rec.soap_version))
        if body is None:
            rec.problems.append("the request has no soap:Body")
            return 400, "text/plain", b"no body", rec
        op = self.c.find_operation(rec.soap_action, body, rec.soap_version == 2, self.hint)
        if op is None:
            rec.problems.append("no operation of the contract has SOAPAction %r or body element %s"
                                % (rec.soap_action, [c.tag for c in cc.elem_children(body)][:3]))
            return 400, "text/plain", b"unknown operation", rec
        rec.operation = op.name
        if op.soap_action and rec.soap_action is not None and \
                rec.soap_action.strip().strip('"') != op.soap_action:
            rec.problems.append("SOAP %d request with SOAPAction %r; the %s binding says %r" % (
                rec.soap_version, rec.soap_action, "SOAP 1.2" if op.soap12 else "SOAP 1.1",
                op.soap_action))
        self.zeep_check(op, env, rec)
        if not op.rpc:
            self.lxml_check(body, rec)
        try:
            rec.request_json = self.request_json(op, body)
        except (cc.ConvertError, ValueError, KeyError) as exc:
            rec.problems.append("the request body does not read as the contract says: %s" % exc)
        return self.answer(op, rec)

    def zeep_check(self, op, env, rec):
        """zeep (strict) must deserialize the envelope with the operation's input message."""
        msg = op.bop.input
        if not op.input_parts and not op.rpc:   # zeep cannot read a part-less document body
            kids = cc.elem_children(env.find("{%s}Body" % _envelope_ns(rec.soap_version)))
            if kids:
                rec.problems.append("the input message has no parts, the body holds %s" % kids[0].tag)
            return
        want = cc.SOAP12_ENV if op.soap12 else cc.SOAP11_ENV
        if env.tag != "{%s}Envelope" % want:
            # soaprest speaks SOAP 1.1 to the upstream; read it with the 1.2 binding's message
            rec.notes.append("SOAP %d envelope read with a SOAP %s binding" % (
                rec.soap_version, "1.2" if op.soap12 else "1.1"))
            env = _reenvelope(env, want)
        if op.mime:
            rec.notes.append("%s: zeep cannot read SwA (mime:multipartRelated) messages" % op.name)
            return
        try:
            # the body parser proper: deserialize()'s unwrapping after it trips on a body that
            # is a single simple-typed element (len() of a Decimal), which is not a refusal
            msg._deserialize_body(env.find("{%s}Body" % want))
        except Exception as exc:  # zeep's exceptions vary: any of them is a refusal
            rec.problems.append("zeep (strict) refuses the request: %s: %s" % (
                type(exc).__name__, str(exc)[:300]))

    def lxml_check(self, body, rec):
        v = self.c.xsd_validator()
        if v is None:
            rec.notes.append("lxml cannot compile the contract's schemas (%s)" % self.c.xsd_error)
            return
        for child in cc.elem_children(body):
            doc = etree.fromstring(etree.tostring(child), SAFE_PARSER)
            if not v.validate(doc):
                err = v.error_log.last_error
                if self.unsatisfiable_wildcard(err):
                    rec.notes.append("lxml: %s: no element of the contract can fill its strict "
                                     "xs:any, so the harness's own sample stands there" % rec.operation)
                    continue
                rec.problems.append("lxml: the body's %s is not valid: %s" % (
                    cc.local(child.tag), err.message if err else "?"))

    def unsatisfiable_wildcard(self, err):
        """True for lxml's refusal of the harness's sample element under a strict xs:any when the
        contract declares no element the harness could write there instead."""
        return (err is not None and "demanded by the strict wildcard" in err.message
                and "urn:soaprest:corpus:any" in err.message and self.c.any_qname() is None)

    def request_json(self, op, body):
        """The request body as the JSON it stands for (the generic route's object)."""
        return self.body_json(op, op.input_parts, cc.elem_children(body), bare=False)

    def body_json(self, op, parts, children, bare):
        r = self.c.reader
        if not parts:
            return {}
        if op.wrapped(parts):
            el = parts[0].element
            if not children or children[0].tag != el.qname.text:
                raise cc.ConvertError("expected the body element %s, got %s" % (
                    el.qname.text, [c.tag for c in children][:3]))
            # xsi:type on the wrapper: "$type"; else its children by name (even of an ArrayOfX shape)
            xt = children[0].get("{%s}type" % cc.XSI)
            obj = r.typed(children[0], el.type) if xt else r.object(children[0], el.type)
            return _bare(obj, el.type) if bare and isinstance(obj, dict) and "$type" not in obj else obj
        out = {}
        if op.rpc:
            if not children:
                raise cc.ConvertError("no rpc wrapper element in the body")
            accessors = {cc.local(c.tag): c for c in cc.elem_children(children[0])}
            for p in parts:
                # a type= part is an accessor named by the part; an element= part (WS-I
                # forbids it, contracts do it) is that element, named by its local name
                name = p.element.name if p.type is None and p.element is not None else p.name
                node = accessors.get(name)
                if node is None:
                    continue
                if node.get("{%s}nil" % cc.XSI) in ("true", "1"):
                    out[name] = None
                elif p.type is None and p.element is not None:
                    out[name] = r.element(node, p.element)
                else:
                    out[name] = r.typed(node, p.type)
        else:
            by_tag = {}
            for c in children:
                by_tag.setdefault(c.tag, c)
            for p in parts:
                node = by_tag.get(p.element.qname.text) if p.element is not None else None
                if node is not None:
                    out[p.element.name] = r.element(node, p.element)
        if bare and len(parts) == 1:
            return next(iter(out.values()), None)
        return out

    # -- response -----------------------------------------------------------------------------
    def answer(self, op, rec):
        if op.one_way:
            rec.expected_status = 202
            return 202, "text/xml; charset=utf-8", b"", rec
        version = rec.soap_version or 1
        try:
            env, body = self.new_envelope(version)
            self.write_body(op, body)
            rec.response_xml = etree.tostring(env, xml_declaration=True, encoding="utf-8")
            children = cc.elem_children(body)
            rec.expected_json, rec.expected_status = self.expected(op, children)
            self.check_own_response(op, env, rec)
        except (cc.SampleError, cc.ConvertError, ValueError, KeyError, TypeError) as exc:
            rec.harness_errors.append("the upstream cannot build a response: %s: %s" % (
                type(exc).__name__, exc))
            return 500, "text/plain", b"harness cannot answer", rec
        ct = "application/soap+xml; charset=utf-8" if version == 2 else "text/xml; charset=utf-8"
        return 200, ct, rec.response_xml, rec

    def new_envelope(self, version):
        nsmap = {"soap": _envelope_ns(version), "xsi": cc.XSI, "xsd": cc.XSD, "enc": cc.SOAP_ENC}
        for i, ns in enumerate(sorted(n for n in self.c.schema.namespaces
                                      if n and n != "http://www.w3.org/XML/1998/namespace")):
            if ns not in nsmap.values():
                nsmap["ns%d" % i] = ns
        env = etree.Element("{%s}Envelope" % nsmap["soap"], nsmap=nsmap)
        return env, etree.SubElement(env, "{%s}Body" % nsmap["soap"])

    def write_body(self, op, body):
        w = cc.SampleWriter(self.c, encoded=op.output_use == "encoded")
        parts = op.output_parts
        if op.rpc:
            ns = op.output_ns or ""
            wrapper = etree.SubElement(body, "{%s}%sResponse" % (ns, op.name) if ns else op.name + "Response")
            if op.output_use == "encoded":
                wrapper.set("{%s}encodingStyle" % _envelope_ns(1), cc.SOAP_ENC)
            for p in parts:
                if p.type is None and p.element is not None:
                    w.element(wrapper, p.element, 1, ())
                else:
                    w.fill(etree.SubElement(wrapper, p.name), p.type, 1, ())
            return
        for p in parts:
            if p.element is None:
                raise cc.SampleError("document part %s has no element" % p.name)
            w.element(body, p.element, 0, ())

    def expected(self, op, children):
        """(JSON, status) soaprest should answer for this response body."""
        parts = op.output_parts
        if not parts:
            return None, 204     # doc/mapping.md: a response without parts has no result
        if op.wrapped(parts):
            t = parts[0].element.type
            if not _members(t):
                return None, 204
        return self.body_json(op, parts, children, bare=True), 200

    def check_own_response(self, op, env, rec):
        """The answer must satisfy zeep and lxml too; otherwise it is the harness's bug."""
        out = op.bop.output
        want = cc.SOAP12_ENV if op.soap12 else cc.SOAP11_ENV
        probe = env if env.tag == "{%s}Envelope" % want else _reenvelope(env, want)
        if op.mime or not op.output_parts:   # nothing for zeep to read in an empty body
            return
        try:
            out._deserialize_body(probe.find("{%s}Body" % want))
        except Exception as exc:
            rec.harness_errors.append("zeep refuses the upstream's own response: %s: %s" % (
                type(exc).__name__, str(exc)[:300]))
        if op.rpc:
            return
        v = self.c.xsd_validator()
        if v is None:
            return
        for child in cc.elem_children(env.find("{%s}Body" % env.nsmap["soap"])):
            doc = etree.fromstring(etree.tostring(child), SAFE_PARSER)
            if not v.validate(doc):
                err = v.error_log.last_error
                if self.unsatisfiable_wildcard(err):
                    continue
                rec.harness_errors.append("lxml: the upstream's own response is not valid: %s" % (
                    err.message if err else "?"))


def _members(t):
    """Declared members (elements, wildcards, attributes) of a wrapper type."""
    n = len(t.attributes)
    if t._element is not None:
        stack = [t._element]
        while stack:
            p = stack.pop()
            if isinstance(p, (cc.ZElement, cc.ZAny)):
                n += 1
            else:
                stack.extend(cc.particles(p))
    return n


def _bare(obj, t):
    """The response object, or its single member's value when the wrapper declares one child
    element and nothing else ("Bare"; absent -> null)."""
    if len(t.attributes) == 0 and t._element is not None:
        els = []
        stack = [t._element]
        while stack:
            p = stack.pop()
            if isinstance(p, (cc.ZElement, cc.ZAny)):
                els.append(p)
            else:
                stack.extend(cc.particles(p))
        if len(els) == 1 and isinstance(els[0], cc.ZElement) and \
                not (isinstance(t._element, cc.OrderIndicator) and cc.max_occurs(t._element) > 1):
            return obj.get(els[0].name)
    return obj


def _reenvelope(env, ns):
    """A copy of env with its Envelope/Header/Body in SOAP namespace ns."""
    copy = etree.fromstring(etree.tostring(env), SAFE_PARSER)
    old = etree.QName(copy).namespace
    for node in [copy] + [c for c in copy if isinstance(c.tag, str)]:
        if etree.QName(node).namespace == old:
            node.tag = "{%s}%s" % (ns, etree.QName(node).localname)
    return copy


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = 0
        data = self.rfile.read(n) if n > 0 else b""
        try:
            status, ctype, out, rec = self.server.responder.handle(data, self.headers)
        except Exception as exc:  # a bug of the harness: recorded, answered 500
            rec = UpstreamRecord()
            rec.request_xml = data
            rec.harness_errors.append("upstream crashed: %s: %s" % (type(exc).__name__, exc))
            status, ctype, out = 500, "text/plain", b"upstream crashed"
        with self.server.lock:
            self.server.records.append(rec)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(out)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(out)
        self.close_connection = True


class CorpusUpstream:
    """The HTTP side: a ThreadingHTTPServer on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self, contract):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.timeout = 10
        self.contract = contract
        self.httpd.responder = Responder(contract)
        self.httpd.records = []
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d/svc" % self.httpd.server_address[1]

    def expect(self, op_name):
        """Names the operation the next requests are for (a hint, see find_operation)."""
        self.httpd.responder.hint = op_name

    @property
    def records(self):
        with self.httpd.lock:
            return list(self.httpd.records)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)
