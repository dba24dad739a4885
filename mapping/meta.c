/* meta.c - the WSDL metadata publisher: reads the contract once with libxml2 and keeps ?wsdl, ?xsd=xsdN
 * and ?singleWsdl as text templates cut where the client's origin goes, so serving is concatenation. */

#include "map.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#define META_MAX_XSD 64

#define NS_XSD "http://www.w3.org/2001/XMLSchema"
#define NS_WSDL "http://schemas.xmlsoap.org/wsdl/"
#define NS_SOAP11 "http://schemas.xmlsoap.org/wsdl/soap/"
#define NS_SOAP12 "http://schemas.xmlsoap.org/wsdl/soap12/"
#define NS_WSA10 "http://www.w3.org/2005/08/addressing"

/* Stands in for the origin in the serialized documents. It holds only characters libxml2 never escapes,
 * so it comes out of serialization verbatim; tmpl_build() counts it, so a contract that happens to
 * contain this text is refused instead of being published with a stray splice. */
static const char MARKER[] = "urn:soaprest:origin:6b1d0f3e";

/* One contiguous piece of a template's text. */
struct seg {
    size_t off;
    size_t len;
};

/* A serialized document cut at each marker: rendering writes seg[0], origin, seg[1], ..., seg[nseg-1]. */
struct tmpl {
    xmlChar *text;   /* serialization, markers included; freed with xmlFree */
    struct seg *seg; /* nseg pieces of text between markers */
    size_t nseg;
    size_t bytes;    /* total length of the pieces */
};

struct map_meta {
    char *service_path;
    size_t nxsd;
    struct tmpl wsdl;
    struct tmpl single;
    struct tmpl xsd[META_MAX_XSD];
};

/* State of one map_meta_load() call; the documents die with it. */
struct loader {
    char *err;
    size_t errlen;
    const char *service_path; /* borrowed from the map_meta being built */
    size_t addr_marks;        /* markers put into addresses (in the WSDL and in ?singleWsdl) */
    size_t wsdl_marks;        /* all markers put into the WSDL */
    size_t n;                 /* XSD files reached so far */
    char *path[META_MAX_XSD]; /* realpath of each XSD: its identity and its name in messages */
    xmlDocPtr doc[META_MAX_XSD];
    size_t marks[META_MAX_XSD];
};

static int fail(struct loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the load error message; returns -1 so callers can `return fail(...)`. */
static int fail(struct loader *ld, const char *fmt, ...)
{
    va_list ap;

    if (ld->err == NULL || ld->errlen == 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(ld->err, ld->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int is_elem(const xmlNode *n, const char *ns, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
           xmlStrEqual(n->name, BAD_CAST local);
}

static xmlNodePtr first_child(xmlNodePtr parent, const char *ns, const char *local)
{
    xmlNodePtr c;

    for (c = parent->children; c != NULL; c = c->next)
        if (is_elem(c, ns, local))
            return c;
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Reading files                                                                                         */
/* ---------------------------------------------------------------------------------------------------- */

/* The first error of one parse. libxml2 goes on after a fatal error, and its last message ("Premature
 * end of data") is mostly a consequence of the first one, which is the one a user needs to see. */
struct first_error {
    int set;
    int line;
    char msg[256];
};

#if LIBXML_VERSION >= 21200
static void keep_first(void *data, const xmlError *e)
#else
static void keep_first(void *data, xmlErrorPtr e)
#endif
{
    struct first_error *f = ((xmlParserCtxtPtr)data)->_private;
    const char *msg = e->message != NULL ? e->message : "cannot parse XML";

    if (f->set || e->level < XML_ERR_ERROR)
        return;
    f->set = 1;
    f->line = e->line;
    snprintf(f->msg, sizeof f->msg, "%.*s", (int)strcspn(msg, "\n"), msg);
}

/* Parses `path` without network access and without expanding entities. Errors go to keep_first()
 * instead of stderr, so they reach the caller's message. Returns the document or NULL after fail(). */
static xmlDocPtr read_xml(struct loader *ld, const char *path)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    struct first_error first = {0, 0, "cannot parse XML"};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;

    if (ctxt == NULL) {
        fail(ld, "%s: out of memory", path);
        return NULL;
    }
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first; /* called with ctxt->userData, which is ctxt */
    doc = xmlCtxtReadFile(ctxt, path, NULL, opts);
    if (doc == NULL || !ctxt->nsWellFormed) {
        /* A namespace error leaves a document behind, but its prefixes cannot be trusted. */
        if (first.line > 0)
            fail(ld, "%s:%d: %s", path, first.line, first.msg);
        else
            fail(ld, "%s: %s", path, first.msg);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Addresses                                                                                             */
/* ---------------------------------------------------------------------------------------------------- */

/* Finds the path part of a location URI: after "scheme://authority", up to '?' or '#'. A location with
 * no authority counts only if it is itself an absolute path. Returns the length (0: no path), *start set. */
static size_t url_path(const char *loc, const char **start)
{
    const char *p = strstr(loc, "://");

    if (p != NULL && strcspn(loc, "/?#") > (size_t)(p - loc))
        p += strcspn(p + 3, "/?#") + 3;
    else
        p = loc;
    *start = p;
    return *p == '/' ? strcspn(p, "?#") : 0;
}

/* Sets attribute `name` (or, with name NULL, the text content) of `n` to MARKER + the given tail. */
static int set_marked(xmlNodePtr n, const char *name, const char *tail, size_t tail_len)
{
    size_t mlen = sizeof MARKER - 1;
    char *v = malloc(mlen + tail_len + 1);
    int rc = 0;

    if (v == NULL)
        return -1;
    memcpy(v, MARKER, mlen);
    memcpy(v + mlen, tail, tail_len);
    v[mlen + tail_len] = '\0';
    if (name != NULL) {
        rc = xmlSetProp(n, BAD_CAST name, BAD_CAST v) != NULL ? 0 : -1;
    } else {
        /* Not xmlNodeSetContent(n, v): that would read '&' in the path as an entity reference. */
        xmlNodeSetContent(n, NULL);
        xmlNodeAddContent(n, BAD_CAST v);
    }
    free(v);
    return rc;
}

/* Rewrites one address (attribute `attr` of n, or n's text when attr is NULL) to MARKER + its path.
 * With `sets_path`, the first such address also becomes the service path. */
static int rewrite_address(struct loader *ld, map_meta *m, xmlNodePtr n, const char *attr, int sets_path,
                           const char *file)
{
    xmlChar *loc = attr != NULL ? xmlGetNoNsProp(n, BAD_CAST attr) : xmlNodeGetContent(n);
    const char *path;
    size_t plen;
    int rc = -1;

    if (loc == NULL) {
        rc = fail(ld, "%s:%ld: <%s> has no location", file, xmlGetLineNo(n), (const char *)n->name);
        goto out;
    }
    plen = url_path((const char *)loc, &path);
    if (plen == 0) {
        rc = fail(ld, "%s:%ld: address '%s' has no path", file, xmlGetLineNo(n), (const char *)loc);
        goto out;
    }
    if (sets_path && m->service_path == NULL && (m->service_path = strndup(path, plen)) == NULL) {
        rc = fail(ld, "%s: out of memory", file);
        goto out;
    }
    if (set_marked(n, attr, path, plen) < 0) {
        rc = fail(ld, "%s: out of memory", file);
        goto out;
    }
    ld->addr_marks++;
    rc = 0;
out:
    xmlFree(loc);
    return rc;
}

/* Rewrites the addresses of one wsdl:port: soap:address, soap12:address and, should a port carry one,
 * the wsa10:EndpointReference/wsa10:Address that WCF adds for WS-Addressing bindings. Only soap
 * addresses can set the service path: an EPR address is an extra, not the endpoint WCF names. */
static int rewrite_port(struct loader *ld, map_meta *m, xmlNodePtr port, const char *file)
{
    xmlNodePtr c, a;

    for (c = port->children; c != NULL; c = c->next) {
        if (is_elem(c, NS_SOAP11, "address") || is_elem(c, NS_SOAP12, "address")) {
            if (rewrite_address(ld, m, c, "location", 1, file) < 0)
                return -1;
        } else if (is_elem(c, NS_WSA10, "EndpointReference") &&
                   (a = first_child(c, NS_WSA10, "Address")) != NULL) {
            if (rewrite_address(ld, m, a, NULL, 0, file) < 0)
                return -1;
        }
    }
    return 0;
}

/* Rewrites every address of every wsdl:service/wsdl:port, in document order. */
static int rewrite_addresses(struct loader *ld, map_meta *m, xmlNodePtr defs, const char *file)
{
    xmlNodePtr s, p;

    for (s = defs->children; s != NULL; s = s->next) {
        if (!is_elem(s, NS_WSDL, "service"))
            continue;
        for (p = s->children; p != NULL; p = p->next)
            if (is_elem(p, NS_WSDL, "port") && rewrite_port(ld, m, p, file) < 0)
                return -1;
    }
    if (m->service_path == NULL)
        return fail(ld, "%s: no soap:address or soap12:address in any wsdl:service/wsdl:port", file);
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Schema discovery                                                                                      */
/* ---------------------------------------------------------------------------------------------------- */

static int discover_schema(struct loader *ld, xmlNodePtr schema, const char *file, size_t *marks);

/* True for "scheme:..." (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"). */
static int has_scheme(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    return n > 0 && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) && s[n] == ':';
}

/* Joins the directory of `file` with the (percent-decoded) relative reference `loc`. Returns a malloc'd
 * path or NULL when out of memory. */
static char *join_dir(const char *file, const char *loc)
{
    char *dec = xmlURIUnescapeString(loc, 0, NULL);
    const char *slash = strrchr(file, '/');
    size_t dlen = slash != NULL ? (size_t)(slash - file) + 1 : 0;
    char *out = NULL;

    if (dec == NULL)
        return NULL;
    if (dec[0] == '/')
        dlen = 0;
    out = malloc(dlen + strlen(dec) + 1);
    if (out != NULL) {
        memcpy(out, file, dlen);
        strcpy(out + dlen, dec);
    }
    xmlFree(dec);
    return out;
}

/* Loads a newly reached XSD as number ld->n and walks its imports (depth-first: it is numbered before
 * anything it imports). `real` is taken over, also on failure. Returns its index or -1 after fail(). */
static long load_xsd(struct loader *ld, char *real)
{
    size_t i = ld->n;
    xmlNodePtr root;

    if (i == META_MAX_XSD) {
        fail(ld, "%s: too many schema files (at most %d)", real, META_MAX_XSD);
        free(real);
        return -1;
    }
    ld->path[i] = real; /* registered before recursing, so an import cycle finds it */
    ld->n++;
    ld->doc[i] = read_xml(ld, real);
    if (ld->doc[i] == NULL)
        return -1;
    root = xmlDocGetRootElement(ld->doc[i]);
    if (root == NULL || !is_elem(root, NS_XSD, "schema"))
        return fail(ld, "%s: root element is not xs:schema", real);
    if (discover_schema(ld, root, real, &ld->marks[i]) < 0)
        return -1;
    return (long)i;
}

/* Finds or loads the file that `loc` (schemaLocation of element `at` in `file`) refers to. Returns its
 * XSD index or -1 after fail(). */
static long reach(struct loader *ld, xmlNodePtr at, const char *file, const char *loc)
{
    long line = xmlGetLineNo(at);
    char *joined, *real;
    size_t i;

    if (has_scheme(loc))
        return fail(ld, "%s:%ld: schemaLocation '%s' is an absolute URI; only files next to the contract "
                        "are published", file, line, loc);
    if ((joined = join_dir(file, loc)) == NULL)
        return fail(ld, "%s: out of memory", file);
    real = realpath(joined, NULL);
    if (real == NULL) {
        fail(ld, "%s:%ld: cannot load schema '%s' (%s): %s", file, line, loc, joined, strerror(errno));
        free(joined);
        return -1;
    }
    free(joined);
    for (i = 0; i < ld->n; i++) {
        if (strcmp(ld->path[i], real) == 0) {
            free(real);
            return (long)i;
        }
    }
    return load_xsd(ld, real);
}

/* Points the schemaLocation of `imp` at ?xsd=xsd<idx> on the service path. Returns 0 or -1 (memory). */
static int rewrite_location(struct loader *ld, xmlNodePtr imp, long idx)
{
    size_t plen = strlen(ld->service_path), n;
    char *tail = malloc(plen + 32);
    int rc;

    if (tail == NULL)
        return -1;
    memcpy(tail, ld->service_path, plen);
    n = plen + (size_t)snprintf(tail + plen, 32, "?xsd=xsd%ld", idx); /* a long fits in 32 */
    rc = set_marked(imp, "schemaLocation", tail, n);
    free(tail);
    return rc;
}

/* Walks the top-level xs:import/include/redefine of `schema` (in `file`) in document order: loads what
 * each schemaLocation reaches and rewrites the location to the origin marker, counting into *marks. */
static int discover_schema(struct loader *ld, xmlNodePtr schema, const char *file, size_t *marks)
{
    xmlNodePtr c;
    xmlChar *loc;
    long idx;

    for (c = schema->children; c != NULL; c = c->next) {
        if (is_elem(c, NS_XSD, "include") || is_elem(c, NS_XSD, "redefine"))
            /* Merging an included (possibly chameleon) schema into ?singleWsdl is not worth its
             * complexity while WCF itself never emits one: refuse instead of publishing it wrong. */
            return fail(ld, "%s:%ld: xs:%s is not supported (only xs:import)", file, xmlGetLineNo(c),
                        (const char *)c->name);
        if (!is_elem(c, NS_XSD, "import") || (loc = xmlGetNoNsProp(c, BAD_CAST "schemaLocation")) == NULL)
            continue;
        idx = reach(ld, c, file, (const char *)loc);
        xmlFree(loc);
        if (idx < 0)
            return -1;
        if (rewrite_location(ld, c, idx) < 0)
            return fail(ld, "%s: out of memory", file);
        (*marks)++;
    }
    return 0;
}

/* Walks every xs:schema of wsdl:types (the WSDL's own `file`), numbering the XSDs it reaches. */
static int discover_types(struct loader *ld, xmlNodePtr defs, const char *file)
{
    xmlNodePtr types = first_child(defs, NS_WSDL, "types");
    xmlNodePtr s;

    for (s = types != NULL ? types->children : NULL; s != NULL; s = s->next)
        if (is_elem(s, NS_XSD, "schema") && discover_schema(ld, s, file, &ld->wsdl_marks) < 0)
            return -1;
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Templates                                                                                             */
/* ---------------------------------------------------------------------------------------------------- */

static void tmpl_free(struct tmpl *t)
{
    xmlFree(t->text);
    free(t->seg);
    memset(t, 0, sizeof *t);
}

/* Cuts t->text at each marker into t->seg; the caller checked there are nmark of them. */
static void tmpl_cut(struct tmpl *t, size_t nmark)
{
    const char *base = (const char *)t->text, *p = base, *hit;
    size_t i;

    for (i = 0; i < nmark; i++) {
        hit = strstr(p, MARKER);
        t->seg[i].off = (size_t)(p - base);
        t->seg[i].len = (size_t)(hit - p);
        t->bytes += t->seg[i].len;
        p = hit + sizeof MARKER - 1;
    }
    t->seg[nmark].off = (size_t)(p - base);
    t->seg[nmark].len = strlen(p);
    t->bytes += t->seg[nmark].len;
    t->nseg = nmark + 1;
}

static size_t count_markers(const char *s)
{
    size_t n = 0;

    while ((s = strstr(s, MARKER)) != NULL) {
        n++;
        s += sizeof MARKER - 1;
    }
    return n;
}

/* Serializes `doc` (indented when `format`) into t, cut at its `expected` markers. `what` names the
 * document in messages. Returns 0, or -1 after fail() with t left empty. */
static int tmpl_build(struct loader *ld, struct tmpl *t, xmlDocPtr doc, int format, size_t expected,
                      const char *what)
{
    int size = 0;

    xmlDocDumpFormatMemoryEnc(doc, &t->text, &size, "UTF-8", format);
    if (t->text == NULL)
        return fail(ld, "%s: cannot serialize (out of memory?)", what);
    if (count_markers((const char *)t->text) != expected) {
        tmpl_free(t);
        return fail(ld, "%s: contains the reserved text '%s'", what, MARKER);
    }
    t->seg = calloc(expected + 1, sizeof *t->seg);
    if (t->seg == NULL) {
        tmpl_free(t);
        return fail(ld, "%s: out of memory", what);
    }
    tmpl_cut(t, expected);
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* ?singleWsdl                                                                                           */
/* ---------------------------------------------------------------------------------------------------- */

/* True when every element child of `schema` is an xs:import: the WSDL's pointer-only schema. */
static int import_only(xmlNodePtr schema)
{
    xmlNodePtr c;

    for (c = schema->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !is_elem(c, NS_XSD, "import"))
            return 0;
    return 1;
}

/* Removes schemaLocation from the xs:import children of `schema`: one document has nothing to fetch. */
static void drop_locations(xmlNodePtr schema)
{
    xmlNodePtr c;

    for (c = schema->children; c != NULL; c = c->next)
        if (is_elem(c, NS_XSD, "import"))
            xmlUnsetProp(c, BAD_CAST "schemaLocation");
}

/* Drops the import-only schemas of wsdl:types and strips schemaLocation from the schemas kept. */
static void prune_types(xmlNodePtr types)
{
    xmlNodePtr s, next;

    for (s = types->children; s != NULL; s = next) {
        next = s->next;
        if (!is_elem(s, NS_XSD, "schema"))
            continue;
        if (import_only(s)) {
            xmlUnlinkNode(s);
            xmlFreeNode(s);
        } else {
            drop_locations(s);
        }
    }
}

/* Copies the root xs:schema of each XSD, in index order, to the end of wsdl:types. The copy takes the
 * schema's own namespace declarations along; reconciling then fixes any reference that still points at
 * the source document, so every prefix (also those only used inside QName values) stays declared. */
static int inline_schemas(struct loader *ld, xmlDocPtr wsdl, xmlNodePtr types)
{
    xmlNodePtr copy;
    size_t i;

    for (i = 0; i < ld->n; i++) {
        copy = xmlDocCopyNode(xmlDocGetRootElement(ld->doc[i]), wsdl, 1);
        if (copy == NULL)
            return fail(ld, "%s: out of memory", ld->path[i]);
        drop_locations(copy);
        if (xmlAddChild(types, copy) == NULL) {
            xmlFreeNode(copy);
            return fail(ld, "%s: out of memory", ld->path[i]);
        }
        if (xmlDOMWrapReconcileNamespaces(NULL, copy, 0) != 0)
            return fail(ld, "%s: cannot reconcile namespaces", ld->path[i]);
    }
    return 0;
}

static int is_blank(const xmlChar *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

/* Removes the indentation text under elements that hold elements, so that the formatted dump can
 * re-indent the inlined schemas consistently. Text inside leaf elements (documentation) is kept. */
static void strip_blanks(xmlNodePtr n)
{
    xmlNodePtr c, next;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            break;
    if (c == NULL)
        return;
    for (c = n->children; c != NULL; c = next) {
        next = c->next;
        if (c->type == XML_TEXT_NODE && is_blank(c->content)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            strip_blanks(c);
        }
    }
}

/* Turns the (already address-rewritten) WSDL document into ?singleWsdl and serializes it. */
static int build_single(struct loader *ld, map_meta *m, xmlDocPtr wsdl, xmlNodePtr defs, const char *file)
{
    xmlNodePtr types = first_child(defs, NS_WSDL, "types");

    if (types != NULL) {
        prune_types(types);
        if (inline_schemas(ld, wsdl, types) < 0)
            return -1;
    }
    strip_blanks(defs);
    return tmpl_build(ld, &m->single, wsdl, 1, ld->addr_marks, file);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Load                                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

/* Rejects WSDL constructs this publisher cannot serve correctly. */
static int check_wsdl(struct loader *ld, xmlNodePtr defs, const char *file)
{
    xmlNodePtr imp;

    if (!is_elem(defs, NS_WSDL, "definitions"))
        return fail(ld, "%s: root element is not wsdl:definitions (WSDL 1.1)", file);
    imp = first_child(defs, NS_WSDL, "import");
    if (imp != NULL)
        return fail(ld, "%s:%ld: wsdl:import is not supported", file, xmlGetLineNo(imp));
    return 0;
}

/* Prepares all templates from the parsed WSDL `wsdl` of `file` (its realpath). */
static int build(struct loader *ld, map_meta *m, xmlDocPtr wsdl, const char *file)
{
    xmlNodePtr defs = xmlDocGetRootElement(wsdl);
    size_t i;

    if (defs == NULL)
        return fail(ld, "%s: empty document", file);
    if (check_wsdl(ld, defs, file) < 0 || rewrite_addresses(ld, m, defs, file) < 0)
        return -1;
    ld->service_path = m->service_path;
    ld->wsdl_marks = ld->addr_marks;
    if (discover_types(ld, defs, file) < 0)
        return -1;
    m->nxsd = ld->n;
    if (tmpl_build(ld, &m->wsdl, wsdl, 0, ld->wsdl_marks, file) < 0)
        return -1;
    for (i = 0; i < ld->n; i++)
        if (tmpl_build(ld, &m->xsd[i], ld->doc[i], 0, ld->marks[i], ld->path[i]) < 0)
            return -1;
    /* Last: it consumes the WSDL document the templates above were cut from. */
    return build_single(ld, m, wsdl, defs, file);
}

static void loader_clear(struct loader *ld)
{
    size_t i;

    for (i = 0; i < ld->n; i++) {
        xmlFreeDoc(ld->doc[i]);
        free(ld->path[i]);
    }
}

int map_meta_load(const char *wsdl_path, map_meta **out, char *err, size_t errlen)
{
    struct loader ld;
    map_meta *m = NULL;
    xmlDocPtr wsdl = NULL;
    char *real = NULL;
    int rc = -1;

    memset(&ld, 0, sizeof ld);
    ld.err = err;
    ld.errlen = errlen;
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    xmlInitParser();
    if (wsdl_path == NULL || out == NULL) {
        fail(&ld, "map_meta_load: NULL argument");
        goto out;
    }
    if ((real = realpath(wsdl_path, NULL)) == NULL) {
        fail(&ld, "%s: %s", wsdl_path, strerror(errno));
        goto out;
    }
    if ((m = calloc(1, sizeof *m)) == NULL) {
        fail(&ld, "%s: out of memory", wsdl_path);
        goto out;
    }
    if ((wsdl = read_xml(&ld, real)) == NULL || build(&ld, m, wsdl, real) < 0)
        goto out;
    *out = m;
    m = NULL;
    rc = 0;
out:
    map_meta_free(m);
    xmlFreeDoc(wsdl);
    loader_clear(&ld);
    free(real);
    return rc;
}

void map_meta_free(map_meta *m)
{
    size_t i;

    if (m == NULL)
        return;
    tmpl_free(&m->wsdl);
    tmpl_free(&m->single);
    for (i = 0; i < META_MAX_XSD; i++)
        tmpl_free(&m->xsd[i]);
    free(m->service_path);
    free(m);
}

const char *map_meta_service_path(const map_meta *m)
{
    return m->service_path;
}

size_t map_meta_xsd_count(const map_meta *m)
{
    return m->nxsd;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Render                                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

/* The escape for one origin byte, or NULL if it goes out as is. The marker sits in attribute values
 * (double-quoted by libxml2) and in EPR address text, where these four cover both. */
static const char *xml_escape(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    default: return NULL;
    }
}

static size_t escaped_len(const char *s)
{
    size_t n = 0;
    const char *e;

    for (; *s != '\0'; s++)
        n += (e = xml_escape(*s)) != NULL ? strlen(e) : 1;
    return n;
}

static char *put_escaped(char *p, const char *s)
{
    const char *e;
    size_t n;

    for (; *s != '\0'; s++) {
        if ((e = xml_escape(*s)) == NULL) {
            *p++ = *s;
            continue;
        }
        n = strlen(e);
        memcpy(p, e, n);
        p += n;
    }
    return p;
}

static const struct tmpl *pick(const map_meta *m, enum map_meta_doc doc, size_t xsd_index)
{
    switch (doc) {
    case MAP_META_WSDL: return &m->wsdl;
    case MAP_META_SINGLE_WSDL: return &m->single;
    case MAP_META_XSD: return xsd_index < m->nxsd ? &m->xsd[xsd_index] : NULL;
    default: return NULL;
    }
}

char *map_meta_render(const map_meta *m, enum map_meta_doc doc, size_t xsd_index, const char *origin,
                      size_t *len)
{
    const struct tmpl *t = m != NULL && origin != NULL ? pick(m, doc, xsd_index) : NULL;
    size_t elen, total, i;
    char *out, *p;

    if (t == NULL || t->text == NULL)
        return NULL;
    elen = escaped_len(origin);
    if (t->nseg > 1 && elen > (SIZE_MAX - t->bytes - 1) / (t->nseg - 1))
        return NULL;
    total = t->bytes + (t->nseg - 1) * elen;
    if ((out = malloc(total + 1)) == NULL)
        return NULL;
    for (p = out, i = 0; i < t->nseg; i++) {
        memcpy(p, t->text + t->seg[i].off, t->seg[i].len);
        p += t->seg[i].len;
        if (i + 1 < t->nseg)
            p = put_escaped(p, origin);
    }
    *p = '\0';
    if (len != NULL)
        *len = total;
    return out;
}
