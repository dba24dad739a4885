"""corpus_jsongen.py - builds a JSON request from the OpenAPI document soaprest generates.

For the generic route POST /api/{Operation} of each operation, RequestGen walks the request body's
schema ($refs into components/schemas, allOf, oneOf, anyOf) and fills required properties, and the
optional ones too down to OPTIONAL_DEPTH, so that more of the schema is exercised. Values respect
enum, const, format (date-time, date, time, duration, byte, int32/int64), minLength/maxLength,
minimum/maximum (exclusive too), pattern (corpus_regex), minItems/maxItems and the bounds soaprest
can only state in words ("At least 0.01.", "At most 2 digits after the point."). oneOf: the first
alternative; a polymorphic base: the base itself, or for an abstract one the first derived type
with "$type". An optional property no valid value can be made for is left out; a required one is a
GenError (the harness's own failure, reported as such).
"""
import re

import corpus_regex

OPTIONAL_DEPTH = 3     # the body object is depth 0; array items are at their array's depth
MAX_DEPTH = 16


class GenError(Exception):
    pass


def generic_operations(doc):
    """[(operation name, path item)] of the generic routes, in document order."""
    out = []
    for path, item in (doc.get("paths") or {}).items():
        post = item.get("post") if isinstance(item, dict) else None
        if post and str(post.get("operationId", "")).endswith("_generic"):
            out.append((path.rsplit("/", 1)[-1], post))
    return out


def success_status(post):
    """The 2xx statuses the generic route declares (sorted)."""
    return sorted(int(s) for s in (post.get("responses") or {}) if str(s).startswith("2"))


class RequestGen:
    """Example values for the schemas of one OpenAPI document."""

    def __init__(self, doc, any_xml=None):
        self.doc = doc
        self.k = 0
        self.any_xml = any_xml      # the element "$any" values hold (one the contract's xs:any accepts)

    # -- schema plumbing -----------------------------------------------------------------------
    def deref(self, s):
        seen = 0
        while isinstance(s, dict) and "$ref" in s and seen < 50:
            ref = s["$ref"]
            if not ref.startswith("#/"):
                raise GenError("external $ref %s" % ref)
            target = self.doc
            for tok in ref[2:].split("/"):
                target = target[tok.replace("~1", "/").replace("~0", "~")]
            s = target
            seen += 1
        return s

    def request_body(self, post):
        rb = post.get("requestBody")
        if not rb:
            return None
        content = self.deref(rb).get("content") or {}
        media = content.get("application/json") or next(iter(content.values()), None)
        return media.get("schema") if media else None

    def request_for(self, post):
        """The JSON body for a generic route's POST (an object), or None when it takes none."""
        schema = self.request_body(post)
        if schema is None:
            return None
        return self.value(schema, 0, "", ())

    # -- values ------------------------------------------------------------------------------
    def value(self, s, depth, path, refs):
        if depth > MAX_DEPTH:
            raise GenError("%s: schema nests deeper than %d (required recursion?)" % (path or "/", MAX_DEPTH))
        if s is True or s == {}:
            return "x"
        if isinstance(s, dict) and "$ref" in s:
            ref = s["$ref"]
            if refs.count(ref) >= 3:
                raise GenError("%s: required recursion through %s" % (path or "/", ref))
            target = self.deref(s)
            return self.value(target, depth, path, refs + (ref,))
        if not isinstance(s, dict):
            raise GenError("%s: unusable schema %r" % (path or "/", s))
        if "const" in s:
            return s["const"]
        if "enum" in s:
            vals = [v for v in s["enum"] if v is not None]
            if vals:
                return vals[0]
        if "anyOf" in s:
            alts = [a for a in s["anyOf"] if self.deref(a).get("type") != "null"]
            try:
                return self.value(alts[0] if alts else s["anyOf"][0], depth, path, refs)
            except GenError:
                if len(alts) == len(s["anyOf"]):
                    raise
                return None     # a nillable recursion (a tree's leaves): null ends it
        if self.is_object(s):
            return self.object(s, depth, path, refs)
        if "oneOf" in s and "type" not in s:
            return self.value(s["oneOf"][0], depth, path, refs)
        t = self.main_type(s)
        if t == "array":
            return self.array(s, depth, path, refs)
        if t == "integer":
            return self.integer(s, path)
        if t == "number":
            return self.number(s, path)
        if t == "boolean":
            return True
        if t == "null":
            return None
        return self.string(s, path)

    def main_type(self, s):
        t = s.get("type")
        if isinstance(t, list):
            t = next((x for x in t if x != "null"), "null")
        if t is None and "allOf" in s:
            for part in s["allOf"]:
                pt = self.main_type(self.deref(part))
                if pt:
                    return pt
        return t or ("string" if "pattern" in s or "format" in s else None)

    def is_object(self, s):
        if self.main_type(s) == "object" or "properties" in s:
            return True
        return any(self.is_object(self.deref(p)) for p in s.get("allOf", []))

    # -- objects -----------------------------------------------------------------------------
    def collect(self, s, props, required, refs, extra_s=None):
        """Merges properties/required of s, its allOf parts and its first oneOf alternative."""
        s = self.deref(s)
        for part in s.get("allOf", []):
            self.collect(part, props, required, refs)
        for name, ps in (s.get("properties") or {}).items():
            if ps is False:
                props[name] = False
            elif props.get(name) is not False or name not in props:
                props[name] = ps
        required.extend(r for r in s.get("required", []) if r not in required)
        if s.get("oneOf"):
            self.collect(s["oneOf"][0], props, required, refs)

    def object(self, s, depth, path, refs):
        s = self.concrete(s, refs)
        props, required = {}, []
        self.collect(s, props, required, refs)
        out = {}
        if s.get("_sr_type"):
            out["$type"] = s["_sr_type"]
        for name, ps in props.items():
            if ps is False or name in out:
                continue
            if name == "$type":
                if name in required:
                    out[name] = self.value(ps, depth + 1, path + "/$type", refs)
                continue
            req = name in required
            if not req and (depth >= OPTIONAL_DEPTH or name in ("$any", "$attributes")):
                continue
            try:
                v = self.value(ps, depth + 1, "%s/%s" % (path, name), refs)
            except GenError:
                if req:
                    raise
                continue
            out[name] = v
        return out

    def concrete(self, s, refs):
        """An abstract polymorphic base is replaced by its first derived type, with "$type"."""
        s = self.deref(s)
        disc = s.get("discriminator")
        if not disc or "Abstract" not in (s.get("description") or ""):
            return s
        mapping = disc.get("mapping") or {}
        for name, ref in mapping.items():
            target = dict(self.deref({"$ref": ref}))
            target["_sr_type"] = name
            return target
        raise GenError("abstract type without derived types")

    def array(self, s, depth, path, refs):
        lo = int(s.get("minItems", 0))
        hi = int(s.get("maxItems", 2))
        n = max(lo, min(2 if depth < OPTIONAL_DEPTH else 1, hi))
        items = s.get("items", {})
        return [self.value(items, depth, "%s/%d" % (path, i), refs) for i in range(n)]

    # -- scalars -----------------------------------------------------------------------------
    def integer(self, s, path):
        lo, hi = _bounds(s, integer=True)
        self.k += 1
        for v in (self.k % 90 + 7, 7, 1, 0, lo, hi, -1):
            if v is not None and (lo is None or v >= lo) and (hi is None or v <= hi):
                return v
        raise GenError("%s: no integer within [%s, %s]" % (path, lo, hi))

    def number(self, s, path):
        lo, hi = _bounds(s, integer=False)
        self.k += 1
        for v in (self.k % 90 + 1.5, 1.5, 0.5, 0.0, lo, hi):
            if v is not None and (lo is None or v >= lo) and (hi is None or v <= hi) and \
                    not (s.get("exclusiveMinimum") == v or s.get("exclusiveMaximum") == v):
                return v
        raise GenError("%s: no number within [%s, %s]" % (path, lo, hi))

    def string(self, s, path):
        if s.get("contentMediaType") == "application/xml" and path.endswith("/$any"):
            # xs:any travels as one XML element per value (doc/mapping.md)
            self.k += 1
            if self.any_xml:
                return self.any_xml
            return '<sample%d xmlns="urn:soaprest:corpus">text%d</sample%d>' % (self.k, self.k, self.k)
        patterns = _patterns(s)
        fmt = s.get("format")
        words = s.get("description") or ""
        if "not expressible here" in words:
            raise GenError("%s: pattern the document cannot state (%s)" % (path, words[:120]))
        self.k += 1
        cands = []
        for p in patterns:
            cands += corpus_regex.examples(p)
        cands += self.format_candidates(s, fmt, words, path)
        for c in cands:
            if _string_ok(s, patterns, c, fmt, words):
                return c
        raise GenError("%s: no string fits (format %s, patterns %s, %s)" % (
            path, fmt, patterns, words[:120]))

    def format_candidates(self, s, fmt, words, path):
        k = self.k
        name = re.sub(r"[^A-Za-z]", "", path.rsplit("/", 1)[-1]) or "v"
        bounds = _word_bounds(words)
        if fmt == "date-time":
            return ["2025-03-%02dT10:11:12Z" % (k % 27 + 1)] + bounds
        if fmt == "date":
            return ["2025-03-%02d" % (k % 27 + 1)] + bounds
        if fmt == "time":
            return ["10:11:12"] + bounds
        if fmt == "duration":
            return ["PT%dH" % (k % 20 + 1)] + bounds
        if fmt == "byte" or s.get("contentEncoding") == "base64":
            return _byte_candidates(words, k)
        if s.get("contentEncoding") == "base16":
            return ["0B%02X" % (k % 256)] + ["CD" * n for n in _byte_counts(words)]
        if fmt == "decimal":
            return _decimal_candidates(words, k)
        if fmt in ("uri", "uri-reference"):
            return ["http://example.org/q%d" % k]
        if s.get("contentMediaType") == "application/xml" and path.endswith("/$any"):
            return ["text%d" % k]
        out = ["%s%d" % (name[:10], k)]
        lo, hi = s.get("minLength"), s.get("maxLength")
        for n in (lo, hi):
            if n is not None:
                out.append(("%s%d" % (name, k) * (int(n) + 1))[:int(n)])
        return out


def _patterns(s):
    out = []
    if "pattern" in s:
        out.append(s["pattern"])
    for part in s.get("allOf", []):
        if isinstance(part, dict) and "pattern" in part:
            out.append(part["pattern"])
    return out


def _bounds(s, integer):
    lo, hi = s.get("minimum"), s.get("maximum")
    if s.get("exclusiveMinimum") is not None:
        e = s["exclusiveMinimum"]
        lo = e + 1 if integer else e + 0.5
    if s.get("exclusiveMaximum") is not None:
        e = s["exclusiveMaximum"]
        hi = e - 1 if integer else e - 0.5
    return lo, hi


_NUM = r"([+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9T:.Z+-]+)"


def _word_bounds(words):
    """The bound values a description states ("At least 2000-01-01.")."""
    return [m.group(2) for m in re.finditer(r"(At least|At most|More than|Less than) (\S+?)\.(?:\s|$)", words)]


def _decimal_candidates(words, k):
    import decimal
    out = ["%d.25" % (k % 90 + 1), "1.5", "2", "1", "0"]
    for b in _word_bounds(words):
        try:
            d = decimal.Decimal(b)
        except decimal.InvalidOperation:
            continue
        out += [str(d), str(d + 1), str(d - 1), str(d + decimal.Decimal("0.5"))]
    return out


def _byte_counts(words):
    return [int(m.group(2)) for m in re.finditer(r"(Exactly|At least|At most) (\d+) bytes", words)]


def _byte_candidates(words, k):
    import base64
    out = [base64.b64encode(bytes([k % 256, 2, 3])).decode()]
    out += [base64.b64encode(b"y" * n).decode() for n in _byte_counts(words)]
    return out


def _string_ok(s, patterns, c, fmt, words):
    """Checks a candidate against the schema's string constraints and the worded bounds."""
    for p in patterns:
        try:
            if not re.search(p, c):
                return False
        except re.error:
            pass
    if "enum" in s and c not in s["enum"]:
        return False
    n = len(c)
    if s.get("minLength") is not None and n < s["minLength"]:
        return False
    if s.get("maxLength") is not None and n > s["maxLength"]:
        return False
    if fmt == "byte" or s.get("contentEncoding") in ("base64", "base16"):
        import base64
        size = len(base64.b64decode(c)) if s.get("contentEncoding") != "base16" else len(c) // 2
        for m in re.finditer(r"(Exactly|At least|At most) (\d+) bytes", words):
            want = int(m.group(2))
            if (m.group(1) == "Exactly" and size != want) or \
                    (m.group(1) == "At least" and size < want) or \
                    (m.group(1) == "At most" and size > want):
                return False
    if fmt == "decimal":
        return _decimal_ok(c, words)
    for m in re.finditer(r"(At least|At most|More than|Less than) (\S+?)\.(?:\s|$)", words):
        kind, b = m.group(1), m.group(2)
        if (kind == "At least" and c < b) or (kind == "At most" and c > b) or \
                (kind == "More than" and c <= b) or (kind == "Less than" and c >= b):
            return False
    return True


def _decimal_ok(c, words):
    import decimal
    try:
        d = decimal.Decimal(c)
    except decimal.InvalidOperation:
        return False
    for m in re.finditer(r"(At least|At most|More than|Less than) (\S+?)\.(?:\s|$)", words):
        try:
            b = decimal.Decimal(m.group(2))
        except decimal.InvalidOperation:
            continue
        kind = m.group(1)
        if (kind == "At least" and d < b) or (kind == "At most" and d > b) or \
                (kind == "More than" and d <= b) or (kind == "Less than" and d >= b):
            return False
    digits = c.lstrip("+-").replace(".", "").lstrip("0") or "0"
    frac = c.split(".", 1)[1] if "." in c else ""
    m = re.search(r"At most (\d+) digits after the point", words)
    if m and len(frac) > int(m.group(1)):
        return False
    m = re.search(r"At most (\d+) digits\.", words)
    if m and len(digits) > int(m.group(1)):
        return False
    return True
