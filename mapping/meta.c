/* meta.c - the WSDL metadata publisher: reads the contract once with libxml2 and keeps ?wsdl, ?xsd=xsdN
 * and ?singleWsdl as text templates cut where the client's origin goes, so serving is concatenation. */

#include "map_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_MAX_XSD MAPP_MAX_XSD

#define NS_XSD MAPP_NS_XSD
#define NS_WSDL MAPP_NS_WSDL
#define NS_SOAP11 MAPP_NS_SOAP11
#define NS_SOAP12 MAPP_NS_SOAP12
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
    size_t nwsdl;                      /* WSDL documents: ?wsdl, then ?wsdl=wsdl0 .. for the imported */
    struct tmpl wsdl[MAPP_MAX_WSDL];
    struct tmpl single;
    struct tmpl xsd[META_MAX_XSD];
};

/* State of one map_meta_load() call; the documents (loaded by load.c) die with it. */
struct loader {
    char *err;
    size_t errlen;
    const char *service_path; /* borrowed from the map_meta being built */
    size_t addr_marks;        /* markers put into addresses (in all WSDLs, and so in ?singleWsdl) */
    size_t wsdl_marks[MAPP_MAX_WSDL]; /* all markers put into each WSDL */
    mapp_docs ds;             /* the WSDLs and their XSDs, numbered in discovery order */
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

/* The service path a contract gets when its addresses name none (no wsdl:service, as in a binding-only
 * WSDL for gateway mode, or a location such as "http://host"): "/" and the WSDL file's name without its
 * extension. Returns a malloc'd path or NULL (out of memory). */
static char *default_path(const char *wsdl_file)
{
    const char *base = strrchr(wsdl_file, '/'), *dot;
    size_t n;
    char *p;

    base = base != NULL ? base + 1 : wsdl_file;
    dot = strrchr(base, '.');
    n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    if ((p = malloc(n + 2)) != NULL) {
        p[0] = '/';
        memcpy(p + 1, base, n);
        p[n + 1] = '\0';
    }
    return p;
}

/* Rewrites one address (attribute `attr` of n, or n's text when attr is NULL) to MARKER + its path (a
 * location without a path gets the service path). With `sets_path`, the first such address also
 * becomes the service path. */
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
    if (plen == 0 && m->service_path == NULL && (m->service_path = default_path(ld->ds.wsdl_path)) == NULL) {
        rc = fail(ld, "%s: out of memory", file);
        goto out;
    }
    if (plen == 0) {
        path = m->service_path;
        plen = strlen(path);
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
static int rewrite_port(struct loader *ld, map_meta *m, xmlNodePtr port, const char *file, size_t *marks)
{
    size_t before = ld->addr_marks;
    xmlNodePtr c, a;

    for (c = port->children; c != NULL; c = c->next) {
        if (mapp_is_elem(c, NS_SOAP11, "address") || mapp_is_elem(c, NS_SOAP12, "address")) {
            if (rewrite_address(ld, m, c, "location", 1, file) < 0)
                return -1;
        } else if (mapp_is_elem(c, NS_WSA10, "EndpointReference") &&
                   (a = mapp_first_child(c, NS_WSA10, "Address")) != NULL) {
            if (rewrite_address(ld, m, a, NULL, 0, file) < 0)
                return -1;
        }
    }
    *marks += ld->addr_marks - before;
    return 0;
}

/* Rewrites every address of every wsdl:service/wsdl:port of WSDL number k, in document order. */
static int rewrite_addresses(struct loader *ld, map_meta *m, size_t k)
{
    xmlNodePtr s, p;

    for (s = xmlDocGetRootElement(ld->ds.wsdls[k])->children; s != NULL; s = s->next) {
        if (!mapp_is_elem(s, NS_WSDL, "service"))
            continue;
        for (p = s->children; p != NULL; p = p->next)
            if (mapp_is_elem(p, NS_WSDL, "port") &&
                rewrite_port(ld, m, p, ld->ds.wsdl_paths[k], &ld->wsdl_marks[k]) < 0)
                return -1;
    }
    return 0;
}

/* Rewrites the addresses of all WSDLs; without any SOAP address, the service path is the default. */
static int rewrite_all_addresses(struct loader *ld, map_meta *m)
{
    size_t k;

    for (k = 0; k < ld->ds.nwsdl; k++)
        if (rewrite_addresses(ld, m, k) < 0)
            return -1;
    if (m->service_path == NULL && (m->service_path = default_path(ld->ds.wsdl_path)) == NULL)
        return fail(ld, "%s: out of memory", ld->ds.wsdl_path);
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Schema locations                                                                                      */
/* ---------------------------------------------------------------------------------------------------- */

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

/* Sets attribute `attr` of n to "NAME?<what>=<what><idx>" (NAME the last segment of the service path),
 * a location relative to the referring WSDL's own URL. */
static int relative_location(struct loader *ld, xmlNodePtr n, const char *attr, const char *what, long idx)
{
    const char *slash = strrchr(ld->service_path, '/');
    char loc[512];

    snprintf(loc, sizeof loc, "%s?%s=%s%ld", slash != NULL ? slash + 1 : ld->service_path, what, what, idx);
    return xmlSetProp(n, BAD_CAST attr, BAD_CAST loc) != NULL ? 0 : -1;
}

/* Rewrites the schemaLocation of each top-level xs:import / xs:include of `schema` that load.c resolved:
 * to the origin marker + ?xsd=xsdN (counted into *marks), or, with `relative`, to a location relative to
 * the document's own URL. The WSDL's imports are relative because Mono's svcutil reads a schema imported
 * from wsdl:types twice when its location is absolute (once without its URL, once with), and then
 * refuses every element as "already declared", writing an empty proxy. */
static int rewrite_schema(struct loader *ld, xmlNodePtr schema, const char *file, size_t *marks,
                          int relative)
{
    xmlNodePtr c;
    long idx;
    int rc;

    for (c = schema->children; c != NULL; c = c->next) {
        if ((!mapp_is_elem(c, NS_XSD, "import") && !mapp_is_elem(c, NS_XSD, "include")) ||
            (idx = mapp_import_index(c)) < 0)
            continue;
        rc = relative ? relative_location(ld, c, "schemaLocation", "xsd", idx) : rewrite_location(ld, c, idx);
        if (rc < 0)
            return fail(ld, "%s: out of memory", file);
        *marks += !relative;
    }
    return 0;
}

/* Points each wsdl:import of WSDL number k at ?wsdl=wsdlN (another WSDL) or ?xsd=xsdN (a schema). The
 * imported WSDLs are numbered from 0 as WCF numbers them: wsdl document i+1 is ?wsdl=wsdl<i>. */
static int rewrite_wsdl_imports(struct loader *ld, size_t k)
{
    xmlNodePtr c;
    long idx;
    int is_xsd;

    for (c = xmlDocGetRootElement(ld->ds.wsdls[k])->children; c != NULL; c = c->next) {
        if (!mapp_is_elem(c, NS_WSDL, "import") || (idx = mapp_wsdl_import_index(c, &is_xsd)) < 0)
            continue;
        if (!is_xsd && idx == 0)
            continue; /* an import of the main WSDL: no name to give it but ?wsdl itself */
        if (relative_location(ld, c, "location", is_xsd ? "xsd" : "wsdl", is_xsd ? idx : idx - 1) < 0)
            return fail(ld, "%s: out of memory", ld->ds.wsdl_paths[k]);
    }
    return 0;
}

/* Rewrites the imports of every xs:schema of each WSDL's wsdl:types and of every XSD, and the
 * wsdl:imports. */
static int rewrite_schemas(struct loader *ld)
{
    xmlNodePtr types, s;
    size_t i, k;

    for (k = 0; k < ld->ds.nwsdl; k++) {
        types = mapp_first_child(xmlDocGetRootElement(ld->ds.wsdls[k]), NS_WSDL, "types");
        for (s = types != NULL ? types->children : NULL; s != NULL; s = s->next)
            if (mapp_is_elem(s, NS_XSD, "schema") &&
                rewrite_schema(ld, s, ld->ds.wsdl_paths[k], &ld->wsdl_marks[k], 1) < 0)
                return -1;
        if (rewrite_wsdl_imports(ld, k) < 0)
            return -1;
    }
    for (i = 0; i < ld->ds.n; i++)
        if (rewrite_schema(ld, xmlDocGetRootElement(ld->ds.doc[i]), ld->ds.path[i], &ld->marks[i], 0) < 0)
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

/* True when every element child of `schema` is an xs:import or xs:include: a pointer-only schema. */
static int import_only(xmlNodePtr schema)
{
    xmlNodePtr c;

    for (c = schema->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !mapp_is_elem(c, NS_XSD, "import") &&
            !mapp_is_elem(c, NS_XSD, "include"))
            return 0;
    return 1;
}

/* Removes schemaLocation from the xs:import children of `schema`, and its xs:include children (what they
 * include is inlined as a schema of its own, with the includer's namespace): one document has nothing
 * to fetch. */
static void drop_locations(xmlNodePtr schema)
{
    xmlNodePtr c, next;

    for (c = schema->children; c != NULL; c = next) {
        next = c->next;
        if (mapp_is_elem(c, NS_XSD, "import")) {
            xmlUnsetProp(c, BAD_CAST "schemaLocation");
        } else if (mapp_is_elem(c, NS_XSD, "include")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
}

/* Drops the import-only schemas of wsdl:types and strips schemaLocation from the schemas kept. */
static void prune_types(xmlNodePtr types)
{
    xmlNodePtr s, next;

    for (s = types->children; s != NULL; s = next) {
        next = s->next;
        if (!mapp_is_elem(s, NS_XSD, "schema"))
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

    for (i = 0; i < ld->ds.n; i++) {
        copy = xmlDocCopyNode(xmlDocGetRootElement(ld->ds.doc[i]), wsdl, 1);
        if (copy == NULL)
            return fail(ld, "%s: out of memory", ld->ds.path[i]);
        drop_locations(copy);
        if (xmlAddChild(types, copy) == NULL) {
            xmlFreeNode(copy);
            return fail(ld, "%s: out of memory", ld->ds.path[i]);
        }
        if (xmlDOMWrapReconcileNamespaces(NULL, copy, 0) != 0)
            return fail(ld, "%s: cannot reconcile namespaces", ld->ds.path[i]);
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

/* The wsdl:types of defs, created (before anything but wsdl:import and documentation) when missing. */
static xmlNodePtr types_of(xmlNodePtr defs)
{
    xmlNodePtr types = mapp_first_child(defs, NS_WSDL, "types"), c;

    if (types != NULL)
        return types;
    if ((types = xmlNewDocNode(defs->doc, defs->ns, BAD_CAST "types", NULL)) == NULL)
        return NULL;
    for (c = defs->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !mapp_is_elem(c, NS_WSDL, "import") &&
            !mapp_is_elem(c, NS_WSDL, "documentation"))
            return xmlAddPrevSibling(c, types);
    return xmlAddChild(defs, types);
}

/* True when namespace declaration ns is one that element n itself carries. */
static int declares(xmlNodePtr n, xmlNsPtr ns)
{
    xmlNsPtr d;

    for (d = n->nsDef; d != NULL; d = d->next)
        if (d == ns)
            return 1;
    return 0;
}

/* Copies node n (of another document) into the single WSDL: under parent, before `before` when that
 * is not NULL. Names take the namespace declarations in scope there; the prefixes the source document
 * declares on its root are declared on the copy where they are not in scope with the same meaning,
 * because QName values (message="tns:M", type="xsd:int") use them. Returns 0 or -1 (memory). */
static int copy_under(xmlNodePtr parent, xmlNodePtr before, xmlNodePtr n)
{
    xmlNodePtr copy = NULL, src_root = xmlDocGetRootElement(n->doc);
    xmlNsPtr x, have;

    if (xmlDOMWrapCloneNode(NULL, n->doc, n, &copy, parent->doc, parent, 1, 0) != 0 || copy == NULL)
        return -1;
    if ((before != NULL ? xmlAddPrevSibling(before, copy) : xmlAddChild(parent, copy)) == NULL) {
        xmlFreeNode(copy);
        return -1;
    }
    for (x = src_root->nsDef; x != NULL; x = x->next) {
        have = xmlSearchNs(copy->doc, copy, x->prefix);
        if (have != NULL && (xmlStrEqual(have->href, x->href) || declares(copy, have)))
            continue; /* in scope already, or the copy's own declaration shadows the root's in the source too */
        if (xmlNewNs(copy, x->href, x->prefix) == NULL)
            return -1;
    }
    return 0;
}

/* Moves the components of every imported WSDL into the main one: schemas into wsdl:types, messages,
 * portTypes, bindings and services after the main document's own. */
static int merge_wsdls(struct loader *ld, xmlNodePtr defs)
{
    xmlNodePtr c, s, types, service = mapp_first_child(defs, NS_WSDL, "service");
    size_t k;

    for (k = 1; k < ld->ds.nwsdl; k++) {
        for (c = xmlDocGetRootElement(ld->ds.wsdls[k])->children; c != NULL; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || mapp_is_elem(c, NS_WSDL, "import") ||
                mapp_is_elem(c, NS_WSDL, "documentation"))
                continue;
            if (!mapp_is_elem(c, NS_WSDL, "types")) {
                if (copy_under(defs, service, c) < 0) /* before the services, as WSDLs are read */
                    return fail(ld, "%s: out of memory", ld->ds.wsdl_paths[k]);
                continue;
            }
            if ((types = types_of(defs)) == NULL)
                return fail(ld, "%s: out of memory", ld->ds.wsdl_paths[k]);
            for (s = c->children; s != NULL; s = s->next)
                if (mapp_is_elem(s, NS_XSD, "schema") && copy_under(types, NULL, s) < 0)
                    return fail(ld, "%s: out of memory", ld->ds.wsdl_paths[k]);
        }
    }
    return 0;
}

/* True when ns is the targetNamespace of an imported WSDL other than the main one's `tns`. */
static int foreign_tns(const struct loader *ld, const xmlChar *ns, const xmlChar *tns)
{
    xmlChar *t;
    size_t k;
    int hit = 0;

    for (k = 1; k < ld->ds.nwsdl && !hit; k++) {
        t = xmlGetNoNsProp(xmlDocGetRootElement(ld->ds.wsdls[k]), BAD_CAST "targetNamespace");
        hit = t != NULL && xmlStrEqual(t, ns) && !xmlStrEqual(t, tns);
        xmlFree(t);
    }
    return hit;
}

/* In one document, all WSDL components share its targetNamespace: references (message=, type= of a
 * binding, binding= of a port) to components that came from an imported WSDL of another namespace are
 * pointed at the main namespace (prefix `pfx`). Schema components keep their namespaces. */
static void repoint_refs(const struct loader *ld, xmlNodePtr n, const xmlChar *tns, const xmlChar *pfx)
{
    static const char *const attrs[] = {"message", "type", "binding"};
    xmlChar *v;
    const xmlChar *colon;
    xmlNsPtr x;
    size_t i;

    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || mapp_is_elem(n, NS_WSDL, "types"))
            continue;
        for (i = 0; n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST NS_WSDL) && i < 3; i++) {
            if ((v = xmlGetNoNsProp(n, BAD_CAST attrs[i])) == NULL)
                continue;
            if ((colon = xmlStrchr(v, ':')) != NULL) {
                xmlChar *prefix = xmlStrndup(v, (int)(colon - v));

                x = prefix != NULL ? xmlSearchNs(n->doc, n, prefix) : NULL;
                if (x != NULL && foreign_tns(ld, x->href, tns)) {
                    xmlChar *nv = xmlStrncatNew(pfx, colon, -1);

                    if (nv != NULL)
                        xmlSetProp(n, BAD_CAST attrs[i], nv);
                    xmlFree(nv);
                }
                xmlFree(prefix);
            }
            xmlFree(v);
        }
        repoint_refs(ld, n->children, tns, pfx);
    }
}

/* Gives the main namespace a prefix of its own on defs and repoints references. The prefix is new
 * ("srtns") because a copied component may redeclare the document's usual prefixes (tns) for its old
 * namespace. */
static int repoint_all(struct loader *ld, xmlNodePtr defs)
{
    xmlChar *tns = xmlGetNoNsProp(defs, BAD_CAST "targetNamespace");
    xmlNsPtr x;
    int rc = 0;

    if (tns != NULL && ld->ds.nwsdl > 1) {
        if ((x = xmlNewNs(defs, tns, BAD_CAST "srtns")) == NULL)
            rc = fail(ld, "%s: out of memory", ld->ds.wsdl_path);
        else
            repoint_refs(ld, defs->children, tns, x->prefix);
    }
    xmlFree(tns);
    return rc;
}

/* Removes the wsdl:import elements of defs: everything they named is in the document now. */
static void drop_wsdl_imports(xmlNodePtr defs)
{
    xmlNodePtr c, next;

    for (c = defs->children; c != NULL; c = next) {
        next = c->next;
        if (mapp_is_elem(c, NS_WSDL, "import")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
}

/* Turns the (already address-rewritten) WSDL document into ?singleWsdl and serializes it. */
static int build_single(struct loader *ld, map_meta *m, xmlDocPtr wsdl, xmlNodePtr defs, const char *file)
{
    xmlNodePtr types;

    if (merge_wsdls(ld, defs) < 0 || repoint_all(ld, defs) < 0)
        return -1;
    drop_wsdl_imports(defs);
    if ((types = mapp_first_child(defs, NS_WSDL, "types")) == NULL && ld->ds.n > 0 &&
        (types = types_of(defs)) == NULL)
        return fail(ld, "%s: out of memory", file);
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

/* Prepares all templates from the loaded WSDL and XSDs (load.c already checked the WSDL's shape). */
static int build(struct loader *ld, map_meta *m)
{
    xmlDocPtr wsdl = ld->ds.wsdl;
    xmlNodePtr defs = xmlDocGetRootElement(wsdl);
    const char *file = ld->ds.wsdl_path;
    size_t i;

    if (rewrite_all_addresses(ld, m) < 0)
        return -1;
    ld->service_path = m->service_path;
    if (rewrite_schemas(ld) < 0)
        return -1;
    m->nxsd = ld->ds.n;
    m->nwsdl = ld->ds.nwsdl;
    for (i = 0; i < ld->ds.nwsdl; i++)
        if (tmpl_build(ld, &m->wsdl[i], ld->ds.wsdls[i], 0, ld->wsdl_marks[i], ld->ds.wsdl_paths[i]) < 0)
            return -1;
    for (i = 0; i < ld->ds.n; i++)
        if (tmpl_build(ld, &m->xsd[i], ld->ds.doc[i], 0, ld->marks[i], ld->ds.path[i]) < 0)
            return -1;
    /* Last: it consumes the WSDL document the templates above were cut from. */
    return build_single(ld, m, wsdl, defs, file);
}

int map_meta_load(const char *wsdl_path, map_meta **out, char *err, size_t errlen)
{
    struct loader ld;
    map_meta *m = NULL;
    int rc = -1;

    memset(&ld, 0, sizeof ld);
    ld.err = err;
    ld.errlen = errlen;
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    if (wsdl_path == NULL || out == NULL) {
        fail(&ld, "map_meta_load: NULL argument");
        goto out;
    }
    if (mapp_docs_load(&ld.ds, wsdl_path, err, errlen) < 0)
        goto out;
    if ((m = calloc(1, sizeof *m)) == NULL) {
        fail(&ld, "%s: out of memory", wsdl_path);
        goto out;
    }
    if (build(&ld, m) < 0)
        goto out;
    *out = m;
    m = NULL;
    rc = 0;
out:
    map_meta_free(m);
    mapp_docs_clear(&ld.ds);
    return rc;
}

void map_meta_free(map_meta *m)
{
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < MAPP_MAX_WSDL; i++)
        tmpl_free(&m->wsdl[i]);
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

size_t map_meta_wsdl_part_count(const map_meta *m)
{
    return m->nwsdl > 0 ? m->nwsdl - 1 : 0;
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
    case MAP_META_WSDL: return &m->wsdl[0];
    case MAP_META_WSDL_PART: return xsd_index + 1 < m->nwsdl ? &m->wsdl[xsd_index + 1] : NULL;
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
