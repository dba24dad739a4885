/* jsonread.c - the XSD <-> JSON transcoder, XML -> JSON: SOAP responses and faults (as gSOAP or an
 * upstream wrote them) become JSON, driven by the schema model. The other direction is json.c. */

#include "map_int.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include <jansson.h>
#include <libxml/dict.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

struct rnode;
static json_t *read_elem(mapp_ctx *c, const struct rnode *n, const map_elem *e);

/* ---------------------------------------------------------------------------------------------------- */
/* XML -> JSON: the parsed response                                                                      */
/* ---------------------------------------------------------------------------------------------------- */

/* A response is read in two steps: libxml2's SAX2 parser records the envelope as a flat array of nodes
 * (no libxml2 tree: allocating and freeing one cost about a quarter of a call), then the schema walk
 * reads that array. Everything is parsed before anything is converted, because the outcome must not
 * depend on where in the envelope a problem sits: a malformed, DTD-carrying or namespace-broken envelope
 * is refused as such whatever else it holds, and schema errors come in the walk's order (a complex
 * element's stray text is reported before its children are read). */

enum rkind { RN_ELEMENT, RN_TEXT, RN_COMMENT, RN_PI };

/* One node, in document order (pre-order), so a subtree is a contiguous run. Names, prefixes and
 * namespaces are the parser's dictionary strings, alive as long as its context; text lives in
 * mapp_rdoc.text, NUL-terminated. Comments and processing instructions only matter inside xs:any
 * and xs:anyType values, which are serialized as they came. */
typedef struct rnode {
    unsigned char kind;         /* enum rkind */
    unsigned char has_data;     /* RN_PI: it had data (an empty one is serialized differently) */
    uint32_t size;              /* nodes in this subtree, itself included: the next sibling is this + size */
    uint32_t up;                /* distance back to the parent element (0: the root) */
    uint32_t off, len;          /* RN_TEXT, RN_COMMENT, RN_PI data: text.p + off, len bytes */
    uint32_t attr, nattr;       /* RN_ELEMENT: its attributes, attr[attr ...] */
    uint32_t ns, nns;           /* RN_ELEMENT: its namespace declarations, ns[ns ...] */
    const xmlChar *name;        /* RN_ELEMENT: local name; RN_PI: target */
    const xmlChar *prefix;      /* RN_ELEMENT: prefix as written, NULL: none */
    const xmlChar *uri;         /* RN_ELEMENT: namespace, NULL: none */
} rnode;

typedef struct rattr {
    const xmlChar *name, *prefix, *uri; /* uri NULL: none */
    uint32_t off;                       /* value, entities decoded: text.p + off */
} rattr;

typedef struct rns {
    const xmlChar *prefix, *uri; /* prefix NULL: the default namespace (uri "" undeclares it) */
} rns;

/* The recorded envelope; its arrays keep their capacity from call to call. */
struct mapp_rdoc {
    rnode *node;
    rattr *attr;
    rns *ns;
    uint32_t n, nattr, nns;
    uint32_t node_cap, attr_cap, ns_cap;
    mapp_buf text;
    uint32_t open;  /* index of the innermost open element */
    unsigned depth; /* elements open */
    int oom;
};
typedef struct mapp_rdoc rdoc;

static const char *rtext(const rdoc *d, uint32_t off)
{
    return d->text.p + off;
}

/* Array v (capacity *cap items of `size` bytes) with room for `need` items, possibly moved; NULL when out
 * of memory (v is then unchanged). v is never NULL: rdoc_init() allocates every array. */
static void *grow(void *v, uint32_t *cap, uint32_t need, size_t size)
{
    uint32_t n = *cap;

    if (need <= n)
        return v;
    while (n < need)
        n *= 2;
    if ((v = realloc(v, (size_t)n * size)) != NULL)
        *cap = n;
    return v;
}

/* Allocates the arrays of an empty d; 0, or -1 out of memory (rdoc_free() it either way). */
static int rdoc_init(rdoc *d)
{
    d->node_cap = d->attr_cap = d->ns_cap = 64;
    d->node = malloc(d->node_cap * sizeof *d->node);
    d->attr = malloc(d->attr_cap * sizeof *d->attr);
    d->ns = malloc(d->ns_cap * sizeof *d->ns);
    return d->node != NULL && d->attr != NULL && d->ns != NULL ? 0 : -1;
}

/* Forgets the previous envelope, keeping the memory. */
static void rdoc_reset(rdoc *d)
{
    d->n = d->nattr = d->nns = d->open = 0;
    d->depth = 0;
    d->oom = 0;
    d->text.len = 0;
    d->text.oom = 0;
}

static void rdoc_free(rdoc *d)
{
    free(d->node);
    free(d->attr);
    free(d->ns);
    mapp_buf_free(&d->text);
    memset(d, 0, sizeof *d);
}

/* Appends s and a NUL to the text; returns where s starts. */
static uint32_t text_put(rdoc *d, const char *s, size_t len)
{
    uint32_t off = (uint32_t)d->text.len;

    mapp_buf_add(&d->text, s, len);
    mapp_buf_add(&d->text, "", 1);
    return off;
}

/* Appends a node of `kind` as the last child of the open element (or as the root); NULL out of memory. */
static rnode *new_node(rdoc *d, enum rkind kind)
{
    rnode *x = grow(d->node, &d->node_cap, d->n + 1, sizeof *x);

    if (x == NULL)
        return NULL;
    d->node = x;
    x += d->n;
    memset(x, 0, sizeof *x);
    x->kind = (unsigned char)kind;
    x->size = 1;
    x->up = d->depth > 0 ? d->n - d->open : 0;
    d->n++;
    return x;
}

/* Stops the parse after running out of memory; map_response_json reports it. */
static void out_of_memory(xmlParserCtxtPtr ctxt, rdoc *d)
{
    d->oom = 1;
    xmlStopParser(ctxt);
}

/* Stores an attribute value as the tree builder would: the parser hands a value over with every '&'
 * it decoded re-encoded as "&#38;" (references are left for the tree builder to resolve). */
static uint32_t value_put(rdoc *d, const xmlChar *v, const xmlChar *end)
{
    uint32_t off = (uint32_t)d->text.len;
    const xmlChar *amp;

    while ((amp = memchr(v, '&', (size_t)(end - v))) != NULL) {
        mapp_buf_add(&d->text, (const char *)v, (size_t)(amp - v) + 1);
        v = amp + (end - amp >= 5 && memcmp(amp, "&#38;", 5) == 0 ? 5 : 1);
    }
    mapp_buf_add(&d->text, (const char *)v, (size_t)(end - v));
    mapp_buf_add(&d->text, "", 1);
    return off;
}

/* Records the namespace declarations and attributes of element e (SAX2 layouts: prefix/URI pairs;
 * local/prefix/URI/value/end quintuples). */
static int add_decls(rdoc *d, rnode *e, int nb_ns, const xmlChar **ns, int nb_attrs, const xmlChar **attrs)
{
    rns *n = grow(d->ns, &d->ns_cap, d->nns + (uint32_t)nb_ns, sizeof *n);
    rattr *a = n != NULL ? grow(d->attr, &d->attr_cap, d->nattr + (uint32_t)nb_attrs, sizeof *a) : NULL;
    int i;

    if (n != NULL)
        d->ns = n;
    if (a == NULL)
        return -1;
    d->attr = a;
    e->ns = d->nns;
    e->nns = (uint32_t)nb_ns;
    for (i = 0; i < nb_ns; i++, d->nns++) {
        d->ns[d->nns].prefix = ns[2 * i];
        d->ns[d->nns].uri = ns[2 * i + 1];
    }
    e->attr = d->nattr;
    e->nattr = (uint32_t)nb_attrs;
    for (i = 0; i < nb_attrs; i++, d->nattr++) {
        d->attr[d->nattr].name = attrs[5 * i];
        d->attr[d->nattr].prefix = attrs[5 * i + 1];
        d->attr[d->nattr].uri = attrs[5 * i + 2];
        d->attr[d->nattr].off = value_put(d, attrs[5 * i + 3], attrs[5 * i + 4]);
    }
    return d->text.oom ? -1 : 0;
}

/* SAX2 start tag. The depth limit is the one libxml2's tree builder enforces (a parse without a tree
 * would go deeper), and an envelope past it is not well-formed, as before. Defaulted attributes come
 * from a DTD, which is refused anyway; they are dropped as the tree builder drops them. */
static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nb_ns,
                     const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    rdoc *d = ctxt->_private;
    rnode *e;

    if (d == NULL) /* a context libxml2 made for checking an entity's content: DTD only, refused */
        return;
    if (d->depth > xmlParserMaxDepth && !(ctxt->options & XML_PARSE_HUGE)) {
        ctxt->wellFormed = 0;
        xmlStopParser(ctxt);
        return;
    }
    if (nb_defaulted > 0 && !(ctxt->loadsubset & XML_COMPLETE_ATTRS))
        nb_attrs -= nb_defaulted;
    if ((e = new_node(d, RN_ELEMENT)) == NULL || add_decls(d, e, nb_ns, ns, nb_attrs, attrs) < 0) {
        out_of_memory(ctxt, d);
        return;
    }
    e->name = local;
    e->prefix = prefix;
    e->uri = uri;
    d->open = d->n - 1;
    d->depth++;
}

/* SAX2 end tag: the subtree of the open element is complete. */
static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    rdoc *d = ((xmlParserCtxtPtr)ctx)->_private;
    rnode *e;

    (void)local, (void)prefix, (void)uri;
    if (d == NULL || d->depth == 0)
        return;
    e = &d->node[d->open];
    e->size = d->n - d->open;
    d->open -= e->up;
    d->depth--;
}

/* Character data (CDATA sections included): appended to the open element's last child when that is
 * text, as the tree builder merges it. */
static void on_text(void *ctx, const xmlChar *s, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    rdoc *d = ctxt->_private;
    rnode *last = d != NULL && d->n > 0 ? &d->node[d->n - 1] : NULL;

    if (d == NULL || d->depth == 0)
        return;
    if (last->kind == RN_TEXT && d->n - 1 - last->up == d->open) {
        d->text.len--; /* drop its NUL, append, terminate again */
        text_put(d, (const char *)s, (size_t)len);
        last->len += (uint32_t)len;
    } else if ((last = new_node(d, RN_TEXT)) != NULL) {
        last->off = text_put(d, (const char *)s, (size_t)len);
        last->len = (uint32_t)len;
    }
    if (last == NULL || d->text.oom)
        out_of_memory(ctxt, d);
}

/* Records a comment or processing instruction inside the root (outside it they serialize nowhere). */
static void add_other(xmlParserCtxtPtr ctxt, enum rkind kind, const xmlChar *target, const xmlChar *data)
{
    rdoc *d = ctxt->_private;
    rnode *x;

    if (d == NULL || d->depth == 0)
        return;
    if ((x = new_node(d, kind)) == NULL) {
        out_of_memory(ctxt, d);
        return;
    }
    x->name = target;
    x->has_data = data != NULL;
    x->len = data != NULL ? (uint32_t)strlen((const char *)data) : 0;
    x->off = text_put(d, data != NULL ? (const char *)data : "", x->len);
    if (d->text.oom)
        out_of_memory(ctxt, d);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    add_other(ctx, RN_COMMENT, NULL, value);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    add_other(ctx, RN_PI, target, data);
}

/* Entity references reach SAX only with a DTD, and a DTD refuses the envelope. */
static void on_reference(void *ctx, const xmlChar *name)
{
    (void)ctx, (void)name;
}

/* ---------------------------------------------------------------------------------------------------- */
/* XML -> JSON: helpers                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

static int same_ns(const xmlChar *uri, const char *ns)
{
    if (uri == NULL || uri[0] == '\0')
        return ns == NULL || ns[0] == '\0';
    return ns != NULL && strcmp((const char *)uri, ns) == 0;
}

static int is_named(const rnode *n, const char *ns, const char *local)
{
    return n->kind == RN_ELEMENT && same_ns(n->uri, ns) && strcmp((const char *)n->name, local) == 0;
}

/* An rpc accessor (loose) matches by local name alone: toolkits disagree on qualifying them. */
static int elem_matches(const rnode *n, const map_elem *e)
{
    if (e->loose)
        return n->kind == RN_ELEMENT && strcmp((const char *)n->name, e->name) == 0;
    return is_named(n, e->ns, e->name);
}

/* The first element among n and its following siblings before end, or end. */
static const rnode *next_elem(const rnode *n, const rnode *end)
{
    while (n < end && n->kind != RN_ELEMENT)
        n += n->size;
    return n;
}

/* The first element child of n named {ns}local, or NULL (n NULL: NULL). */
static const rnode *child_named(const rnode *n, const char *ns, const char *local)
{
    const rnode *k;

    for (k = n != NULL ? n + 1 : NULL; k != NULL && k < n + n->size; k += k->size)
        if (is_named(k, ns, local))
            return k;
    return NULL;
}

/* True when element n satisfies the namespace constraint of xs:any p. */
static int any_matches(const map_particle *p, const rnode *n)
{
    const char *ns = (const char *)n->uri;
    char *list, *tok, *save = NULL;
    int ok = 0;

    if (strcmp(p->any_ns, "##any") == 0)
        return 1;
    if (strcmp(p->any_ns, "##other") == 0)
        return ns != NULL && (p->any_target == NULL || strcmp(ns, p->any_target) != 0);
    if ((list = strdup(p->any_ns)) == NULL)
        return 0;
    for (tok = strtok_r(list, " \t\r\n", &save); tok != NULL && !ok; tok = strtok_r(NULL, " \t\r\n", &save))
        ok = strcmp(tok, "##local") == 0 ? ns == NULL
           : strcmp(tok, "##targetNamespace") == 0 ? same_ns(n->uri, p->any_target)
           : same_ns(n->uri, tok);
    free(list);
    return ok;
}

/* The value of the first attribute {MAPP_NS_XSI}name of n, or NULL. */
static const char *xsi_attr(const rdoc *d, const rnode *n, const char *name)
{
    const rattr *a = d->attr + n->attr, *end = a + n->nattr;

    for (; a < end; a++)
        if (a->uri != NULL && strcmp((const char *)a->name, name) == 0 && strcmp((const char *)a->uri, MAPP_NS_XSI) == 0)
            return rtext(d, a->off);
    return NULL;
}

static int is_xsi_true(const rdoc *d, const rnode *n, const char *name)
{
    const char *v = xsi_attr(d, n, name);

    return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* The namespace `prefix` is bound to at element n, as xmlSearchNs() finds it: the nearest declaration,
 * "xml" predefined; NULL when unbound. */
static const char *prefix_ns(const rdoc *d, const rnode *n, const char *prefix)
{
    const rns *s, *end;

    if (strcmp(prefix, "xml") == 0)
        return (const char *)XML_XML_NAMESPACE;
    for (;; n -= n->up) {
        for (s = d->ns + n->ns, end = s + n->nns; s < end; s++)
            if (s->prefix != NULL && s->uri != NULL && strcmp((const char *)s->prefix, prefix) == 0)
                return (const char *)s->uri;
        if (n->up == 0)
            return NULL;
    }
}

/* Adds to `parent` a libxml2 element for n: name, namespace declarations, namespace and attributes
 * resolved by prefix as the tree builder resolves them. Returns it, or NULL out of memory. */
static xmlNodePtr build_element(const rdoc *d, const rnode *n, xmlDocPtr doc, xmlNodePtr parent)
{
    xmlNodePtr e = xmlNewDocNode(doc, NULL, n->name, NULL);
    const rattr *a;
    uint32_t i;

    if (e == NULL || xmlAddChild(parent, e) == NULL) {
        xmlFreeNode(e);
        return NULL;
    }
    for (i = 0; i < n->nns; i++)
        xmlNewNs(e, d->ns[n->ns + i].uri, d->ns[n->ns + i].prefix);
    if (n->uri != NULL)
        xmlSetNs(e, xmlSearchNs(doc, e, n->prefix));
    for (a = d->attr + n->attr; a < d->attr + n->attr + n->nattr; a++)
        if (xmlNewNsProp(e, a->prefix != NULL ? xmlSearchNs(doc, e, a->prefix) : NULL, a->name,
                         BAD_CAST rtext(d, a->off)) == NULL)
            return NULL;
    return e;
}

/* Adds n and its subtree to `parent`; NULL out of memory. */
static xmlNodePtr build_node(const rdoc *d, const rnode *n, xmlDocPtr doc, xmlNodePtr parent)
{
    const rnode *k;
    xmlNodePtr x;

    if (n->kind == RN_ELEMENT) {
        if ((x = build_element(d, n, doc, parent)) == NULL)
            return NULL;
        for (k = n + 1; k < n + n->size; k += k->size)
            if (build_node(d, k, doc, x) == NULL)
                return NULL;
        return x;
    }
    x = n->kind == RN_TEXT ? xmlNewDocTextLen(doc, BAD_CAST rtext(d, n->off), (int)n->len)
      : n->kind == RN_COMMENT ? xmlNewDocComment(doc, BAD_CAST rtext(d, n->off))
      : xmlNewDocPI(doc, n->name, n->has_data ? BAD_CAST rtext(d, n->off) : NULL);
    if (x != NULL && xmlAddChild(parent, x) == NULL) {
        xmlFreeNode(x);
        x = NULL;
    }
    return x;
}

/* The ancestors of a fragment, down to and including a, for their namespace declarations. */
static xmlNodePtr build_ancestors(const rdoc *d, const rnode *a, xmlDocPtr doc)
{
    xmlNodePtr parent = a->up != 0 ? build_ancestors(d, a - a->up, doc) : (xmlNodePtr)doc;

    return parent != NULL ? build_element(d, a, doc, parent) : NULL;
}

/* Rebuilds element n with its subtree, under its ancestors, as a libxml2 tree in a new document (*doc,
 * which the caller frees): xs:any and xs:anyType values are then serialized exactly as from a parsed
 * tree, every prefix found in scope. Returns n's node, or NULL out of memory. */
static xmlNodePtr expand(const rdoc *d, const rnode *n, xmlDocPtr *doc)
{
    xmlNodePtr parent;

    if ((*doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
        return NULL;
    parent = n->up != 0 ? build_ancestors(d, n - n->up, *doc) : (xmlNodePtr)*doc;
    return parent != NULL ? build_node(d, n, *doc, parent) : NULL;
}

/* Serializes element n with every namespace it uses declared on it (a copy into a fresh document makes
 * libxml2 re-declare what came from ancestors). */
static int dump_element(xmlNodePtr n, xmlBufferPtr buf)
{
    xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr copy = d != NULL ? xmlDocCopyNode(n, d, 1) : NULL;
    int rc = -1;

    if (copy != NULL) {
        xmlDocSetRootElement(d, copy);
        xmlReconciliateNs(d, copy);
        rc = xmlNodeDump(buf, d, copy, 0, 0) < 0 ? -1 : 0;
    }
    xmlFreeDoc(d);
    return rc;
}

/* The XML of n itself (outer) or of its content (inner) into buf. */
static int dump_fragment(xmlNodePtr n, int inner, xmlBufferPtr buf)
{
    xmlNodePtr k;
    int rc = inner ? 0 : dump_element(n, buf);

    for (k = inner ? n->children : NULL; k != NULL && rc == 0; k = k->next) {
        if (k->type == XML_ELEMENT_NODE)
            rc = dump_element(k, buf);
        else if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
            rc = xmlNodeDump(buf, n->doc, k, 0, 0) < 0 ? -1 : 0;
    }
    return rc;
}

/* The XML of element n itself (outer, xs:any) or of its content (inner, xs:anyType) as a JSON string. */
static json_t *xml_string(mapp_ctx *c, const rnode *n, int inner)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlDocPtr doc = NULL;
    xmlNodePtr x = buf != NULL ? expand(c->in, n, &doc) : NULL;
    json_t *s = NULL;

    if (x != NULL && dump_fragment(x, inner, buf) == 0)
        s = json_stringn((const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    if (s == NULL)
        mapp_err(c, NULL, NULL, "cannot serialize an XML fragment");
    xmlFreeDoc(doc);
    xmlBufferFree(buf);
    return s;
}

/* The text of element n as xmlNodeGetContent() gives it (all text below it, in order), borrowed in the
 * usual case of a single text child; otherwise a copy in *copy, which the caller frees. Never NULL. */
static const char *node_text(const rdoc *d, const rnode *n, char **copy)
{
    mapp_buf b = {0};
    const rnode *k;

    *copy = NULL;
    if (n->size == 2 && n[1].kind == RN_TEXT)
        return rtext(d, n[1].off);
    for (k = n + 1; k < n + n->size; k++)
        if (k->kind == RN_TEXT)
            mapp_buf_add(&b, rtext(d, k->off), k->len);
    if (b.oom)
        mapp_buf_free(&b);
    *copy = b.p;
    return b.p != NULL ? b.p : "";
}

/* True when text node n holds only XML blanks. */
static int is_blank(const rdoc *d, const rnode *n)
{
    const char *s = rtext(d, n->off);

    return strspn(s, " \t\r\n") == n->len;
}

/* A read position over the element children of one element. */
struct kids {
    const rnode *cur, *end; /* the current child element; cur == end: none left */
    size_t pos;             /* children consumed */
};

static int kids_more(const struct kids *k)
{
    return k->cur < k->end;
}

static void kids_next(struct kids *k)
{
    k->cur = next_elem(k->cur + k->cur->size, k->end);
    k->pos++;
}

/* Starts k at the first element child of n; text other than whitespace among them is an error. */
static int element_kids(mapp_ctx *c, const rnode *n, struct kids *k)
{
    const rnode *x;

    k->end = n + n->size;
    k->pos = 0;
    for (x = n + 1; x < k->end; x += x->size)
        if (x->kind == RN_TEXT && !is_blank(c->in, x))
            return mapp_err(c, "elements only", NULL, "text inside element-only content of <%s>",
                            (const char *)n->name);
    k->cur = next_elem(n + 1, k->end);
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* XML -> JSON: structure                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static int read_particle(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj);

/* True when the next child can start particle p. */
static int starts(const map_particle *p, const rnode *n)
{
    size_t i;

    if (p->kind == MAP_PARTICLE_ELEMENT)
        return elem_matches(n, p->elem);
    if (p->kind == MAP_PARTICLE_ANY)
        return any_matches(p, n);
    for (i = 0; i < p->nkids; i++) {
        if (starts(p->kids[i], n))
            return 1;
        if (p->kind == MAP_PARTICLE_SEQUENCE && !mapp_emptiable(p->kids[i]))
            return 0;
    }
    return 0;
}

/* Sets obj[name] = v (stealing v); -1 after an error. Property names are the model's (read from XML,
 * so valid UTF-8) or literals: jansson's UTF-8 check of every key is skipped. */
static int put(mapp_ctx *c, json_t *obj, const char *name, json_t *v)
{
    if (v == NULL)
        return -1;
    if (json_object_set_new_nocheck(obj, name, v) < 0)
        return mapp_err(c, NULL, NULL, "out of memory");
    return 0;
}

/* Reads the occurrences of element particle p: one value, or an array (also empty) when it repeats. */
static int read_member(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    const map_elem *e = p->elem;
    json_t *arr = e->max != 1 ? json_array() : NULL, *v;
    size_t old = mapp_push(c, e->name), count = 0;

    if (e->max != 1 && arr == NULL)
        return mapp_err(c, NULL, NULL, "out of memory");
    while (kids_more(k) && elem_matches(k->cur, e) && (e->max == MAP_UNBOUNDED || count < (size_t)e->max)) {
        size_t o2 = arr != NULL ? mapp_push_index(c, count) : c->plen;

        v = read_elem(c, k->cur, e);
        if (v == NULL ||
            (arr != NULL ? json_array_append_new(arr, v) : json_object_set_new_nocheck(obj, e->name, v)) < 0) {
            json_decref(arr);
            return v == NULL ? -1 : mapp_err(c, NULL, NULL, "out of memory");
        }
        mapp_pop(c, o2);
        kids_next(k);
        count++;
    }
    mapp_pop(c, old);
    return arr != NULL ? put(c, obj, e->name, arr) : 0;
}

/* Reads the elements an xs:any takes into "$any" (a string, or an array when it repeats). */
static int read_any(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    json_t *arr = p->max != 1 ? json_array() : NULL, *v;
    size_t count = 0;

    while (kids_more(k) && any_matches(p, k->cur) && (p->max == MAP_UNBOUNDED || count < (size_t)p->max)) {
        if ((v = xml_string(c, k->cur, 0)) == NULL) {
            json_decref(arr);
            return -1;
        }
        if ((arr != NULL ? json_array_append_new(arr, v) : json_object_set_new_nocheck(obj, "$any", v)) < 0) {
            json_decref(arr);
            return mapp_err(c, NULL, NULL, "out of memory");
        }
        kids_next(k);
        count++;
    }
    return arr != NULL && count > 0 ? put(c, obj, "$any", arr) : (json_decref(arr), 0);
}

/* xs:all: members in any order, each at most once. */
static int read_all(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    size_t i, before;

    do {
        before = k->pos;
        for (i = 0; i < p->nkids && kids_more(k); i++)
            if (json_object_get(obj, p->kids[i]->elem->name) == NULL && starts(p->kids[i], k->cur) &&
                read_particle(c, p->kids[i], k, obj) < 0)
                return -1;
    } while (k->pos > before && kids_more(k));
    return 0;
}

/* Reads one occurrence of group p into obj. */
static int read_group(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj);

/* A repeated group: as many occurrences as follow (each an object in the array p->name), up to max. */
static int read_repeated(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    json_t *arr = json_array(), *item;
    size_t old = mapp_push(c, p->name), count = 0, before;

    if (arr == NULL)
        return mapp_err(c, NULL, NULL, "out of memory");
    while (kids_more(k) && starts(p, k->cur) && (p->max == MAP_UNBOUNDED || count < (size_t)p->max)) {
        size_t o2 = mapp_push_index(c, count);

        before = k->pos;
        if ((item = json_object()) == NULL || read_group(c, p, k, item) < 0 || json_array_append_new(arr, item) < 0) {
            json_decref(arr);
            return item == NULL ? mapp_err(c, NULL, NULL, "out of memory") : -1;
        }
        mapp_pop(c, o2);
        count++;
        if (k->pos == before)
            break; /* an occurrence that took nothing would repeat forever */
    }
    mapp_pop(c, old);
    return put(c, obj, p->name, arr);
}

static int read_particle(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    if (p->name != NULL)
        return read_repeated(c, p, k, obj);
    return read_group(c, p, k, obj);
}

static int read_group(mapp_ctx *c, const map_particle *p, struct kids *k, json_t *obj)
{
    size_t i;

    switch (p->kind) {
    case MAP_PARTICLE_ELEMENT: return read_member(c, p, k, obj);
    case MAP_PARTICLE_ANY: return read_any(c, p, k, obj);
    case MAP_PARTICLE_ALL: return read_all(c, p, k, obj);
    case MAP_PARTICLE_CHOICE:
        for (i = 0; i < p->nkids && kids_more(k); i++)
            if (starts(p->kids[i], k->cur))
                return read_particle(c, p->kids[i], k, obj);
        return 0;
    case MAP_PARTICLE_SEQUENCE:
        for (i = 0; i < p->nkids; i++)
            if (read_particle(c, p->kids[i], k, obj) < 0)
                return -1;
        return 0;
    }
    return 0;
}

/* True for the attributes SOAP encoding puts on any element (encodingStyle, arrayType, id, href, root,
 * offset, position): read past in rpc/encoded responses, never converted. */
static int encoding_attr(const rattr *a)
{
    static const char *const plain[] = {"id", "href"};
    size_t i;

    if (a->uri != NULL)
        return strcmp((const char *)a->uri, MAPP_NS_SOAPENC) == 0 ||
               strcmp((const char *)a->uri, MAPP_NS_ENV11) == 0 || strcmp((const char *)a->uri, MAPP_NS_ENV12) == 0;
    for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp((const char *)a->name, plain[i]) == 0)
            return 1;
    return 0;
}

/* The declaration of attribute a among t's (extension bases included), or NULL. */
static const map_elem *find_attr(const map_type *t, const rattr *a)
{
    size_t i;

    for (; t != NULL && t->kind == MAP_TYPE_COMPLEX; t = t->derivation == MAP_DERIVE_EXTENSION ? t->base : NULL)
        for (i = 0; i < t->nattrs; i++)
            if (strcmp(t->attrs[i]->name, (const char *)a->name) == 0 && same_ns(a->uri, t->attrs[i]->ns))
                return t->attrs[i];
    return NULL;
}

/* An attribute that t's xs:anyAttribute admits into obj's "$attributes", keyed "{namespace}local" or
 * "local"; -1 after mapp_err when there is no such wildcard or it does not admit a. */
static int read_any_attr(mapp_ctx *c, const map_type *t, const rattr *a, json_t *obj)
{
    const map_type *open = mapp_any_attr(t);
    json_t *all = json_object_get(obj, MAPP_ANY_ATTRS);
    char key[1024];

    if (open == NULL || !mapp_any_attr_allows(open, (const char *)a->uri))
        return mapp_err(c, "declared attributes only", (const char *)a->name, "undeclared attribute '%s'",
                        (const char *)a->name);
    if (all == NULL && put(c, obj, MAPP_ANY_ATTRS, all = json_object()) < 0)
        return -1;
    if (a->uri != NULL && a->uri[0] != '\0')
        snprintf(key, sizeof key, "{%s}%s", (const char *)a->uri, (const char *)a->name);
    else
        snprintf(key, sizeof key, "%s", (const char *)a->name);
    return put(c, all, key, json_string(rtext(c->in, a->off)));
}

/* Attributes of n into obj by the declarations of t (the others into "$attributes" when t has an
 * xs:anyAttribute); xsi: attributes were read already. */
static int read_attrs(mapp_ctx *c, const rnode *n, const map_type *t, json_t *obj)
{
    const rattr *a = c->in->attr + n->attr, *end = a + n->nattr;
    const map_elem *e;
    size_t old;

    for (; a < end; a++) {
        if (a->uri != NULL && strcmp((const char *)a->uri, MAPP_NS_XSI) == 0)
            continue;
        if (c->encoded && encoding_attr(a))
            continue;
        if ((e = find_attr(t, a)) == NULL) {
            if (read_any_attr(c, t, a, obj) < 0)
                return -1;
            continue;
        }
        old = mapp_push(c, e->name);
        if (put(c, obj, e->name, mapp_value_json(c, e->type, rtext(c->in, a->off))) < 0)
            return -1;
        mapp_pop(c, old);
    }
    return 0;
}

static int read_content(mapp_ctx *c, const map_type *t, struct kids *k, json_t *obj)
{
    if (t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX &&
        read_content(c, t->base, k, obj) < 0)
        return -1;
    return t->content != NULL ? read_particle(c, t->content, k, obj) : 0;
}

/* The type xsi:type on n selects: t itself or a known derived type. */
static int actual_type(mapp_ctx *c, const rnode *n, const map_type *t, const map_type **actual)
{
    const char *v = xsi_attr(c->in, n, "type"), *colon, *local, *ns = NULL;
    size_t i;

    *actual = t;
    if (v == NULL)
        return 0;
    colon = strchr(v, ':');
    local = colon != NULL ? colon + 1 : v;
    if (colon != NULL) {
        char *prefix = strndup(v, (size_t)(colon - v));

        ns = prefix != NULL ? prefix_ns(c->in, n, prefix) : NULL;
        free(prefix);
    }
    for (i = 0; i < t->nderived && *actual == t; i++)
        if (strcmp(t->derived[i]->name, local) == 0 &&
            (ns != NULL ? t->derived[i]->ns != NULL && strcmp(ns, t->derived[i]->ns) == 0
                        : t->derived[i]->ns == NULL))
            *actual = t->derived[i];
    /* SOAP encoding types every element, with names that need not match ours (soapenc:Array, xsd:...). */
    if (*actual == t && !(t->name != NULL && strcmp(t->name, local) == 0) && !c->encoded)
        return mapp_err(c, "a type derived from the declared one", v, "unknown xsi:type '%s'", v);
    return 0;
}

/* A complex element (not an array wrapper) as an object: "$type", attributes, then content. */
static json_t *read_object(mapp_ctx *c, const rnode *n, const map_type *t)
{
    const map_type *actual;
    json_t *obj = json_object();
    struct kids k;
    char *text;
    int rc;

    if (obj == NULL || actual_type(c, n, t, &actual) < 0)
        goto fail;
    if (actual != t && put(c, obj, "$type", json_string(actual->name)) < 0)
        goto fail;
    if (read_attrs(c, n, actual, obj) < 0)
        goto fail;
    if (actual->value != NULL && actual->value->builtin == MAP_XS_ANYTYPE) {
        if (put(c, obj, "$value", xml_string(c, n, 1)) < 0) /* mixed content, as XML */
            goto fail;
        return obj;
    }
    if (actual->value != NULL) {
        rc = put(c, obj, "$value", mapp_value_json(c, actual->value, node_text(c->in, n, &text)));
        free(text);
        if (rc < 0)
            goto fail;
        return obj;
    }
    if (element_kids(c, n, &k) < 0 || read_content(c, actual, &k, obj) < 0)
        goto fail;
    if (kids_more(&k)) {
        mapp_err(c, "the elements of the schema, in order", (const char *)k.cur->name,
                 "unexpected element <%s>", (const char *)k.cur->name);
        goto fail;
    }
    return obj;
fail:
    if (obj == NULL)
        mapp_err(c, NULL, NULL, "out of memory");
    json_decref(obj);
    return NULL;
}

/* The value of n's soapenc:arrayType attribute, or NULL. */
static const char *array_type_of(const rdoc *d, const rnode *n)
{
    const rattr *a = d->attr + n->attr, *end = a + n->nattr;

    for (; a < end; a++)
        if (a->uri != NULL && strcmp((const char *)a->name, "arrayType") == 0 &&
            strcmp((const char *)a->uri, MAPP_NS_SOAPENC) == 0)
            return rtext(d, a->off);
    return NULL;
}

/* The rank dimensions "[d1,d2]" of a multi-dimensional array's soapenc:arrayType into dims; 0, or -1
 * when the attribute is missing or does not give rank sizes whose product is `count`. */
static int md_dims(const char *at, int rank, size_t count, size_t *dims)
{
    const char *p = at != NULL ? strrchr(at, '[') : NULL;
    size_t product = 1;
    char *end;
    int i;

    for (i = 0; p != NULL && i < rank; i++) {
        if (p[1] < '0' || p[1] > '9')
            return -1;
        errno = 0;
        dims[i] = (size_t)strtoull(p + 1, &end, 10);
        if (errno != 0 || dims[i] > count + 1 || (*end != (i + 1 < rank ? ',' : ']')))
            return -1;
        if (dims[i] != 0 && product > SIZE_MAX / dims[i])
            return -1;
        product *= dims[i];
        p = end;
    }
    return p != NULL && p[1] == '\0' && product == count ? 0 : -1;
}

/* Items flat (row-major) into arrays nested rank deep, dims[d] long at dimension d. */
static json_t *reshape(const json_t *flat, size_t *next, int d, int rank, const size_t *dims)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; arr != NULL && i < dims[d]; i++) {
        json_t *v = d + 1 < rank ? reshape(flat, next, d + 1, rank, dims) : json_incref(json_array_get(flat, (*next)++));

        if (v == NULL || json_array_append_new(arr, v) < 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* A multi-dimensional SOAP-encoded array, read flat (flat: its items), as arrays nested t->rank deep by
 * the sizes its soapenc:arrayType gives ("xsd:string[2,3]"). */
static json_t *shape_md(mapp_ctx *c, const rnode *n, const map_type *t, json_t *flat)
{
    size_t dims[8], next = 0;
    const char *at = array_type_of(c->in, n);
    json_t *v;

    if (md_dims(at, t->rank, json_array_size(flat), dims) < 0) {
        mapp_err(c, "soapenc:arrayType with the array's sizes", at, "a %d-dimensional array whose soapenc:arrayType "
                 "(%s) does not give the sizes of its %zu items", t->rank, at != NULL ? at : "none",
                 json_array_size(flat));
        v = NULL;
    } else if ((v = reshape(flat, &next, 0, t->rank, dims)) == NULL) {
        mapp_err(c, NULL, NULL, "out of memory");
    }
    json_decref(flat);
    return v;
}

/* An ArrayOfX wrapper as a plain JSON array. */
static json_t *read_array(mapp_ctx *c, const rnode *n, const map_type *t)
{
    json_t *arr = json_array(), *v;
    struct kids k;
    size_t old;

    if (arr == NULL || element_kids(c, n, &k) < 0)
        goto fail;
    for (; kids_more(&k); kids_next(&k)) {
        old = mapp_push_index(c, k.pos);
        if (!t->soapenc_array && !elem_matches(k.cur, t->array_item)) {
            mapp_err(c, t->array_item->name, (const char *)k.cur->name, "unexpected element <%s>",
                     (const char *)k.cur->name);
            goto fail;
        }
        if ((v = read_elem(c, k.cur, t->array_item)) == NULL || json_array_append_new(arr, v) < 0)
            goto fail;
        mapp_pop(c, old);
    }
    return t->rank > 1 ? shape_md(c, n, t, arr) : arr;
fail:
    json_decref(arr);
    return NULL;
}

/* A simple element: its text (which must not hold elements) by the simple type. */
static json_t *read_simple(mapp_ctx *c, const rnode *n, const map_type *t)
{
    const rnode *k = next_elem(n + 1, n + n->size);
    char *text;
    json_t *v;

    if (k < n + n->size)
        return mapp_err(c, "a simple value", (const char *)k->name, "element <%s> inside a simple value",
                        (const char *)k->name), NULL;
    v = mapp_value_json(c, t, node_text(c->in, n, &text));
    free(text);
    return v;
}

/* The value of attribute `name` (no namespace) of n, or NULL. */
static const char *plain_attr(const rdoc *d, const rnode *n, const char *name)
{
    const rattr *a = d->attr + n->attr, *end = a + n->nattr;

    for (; a < end; a++)
        if (a->uri == NULL && strcmp((const char *)a->name, name) == 0)
            return rtext(d, a->off);
    return NULL;
}

/* SOAP encoding's multi-reference values: an empty accessor with href="#x" stands for the element with
 * id="x" elsewhere in the envelope (Axis 1 puts every struct into a <multiRef> after the wrapper). The
 * target must itself hold the value (a chain of hrefs is refused: it could loop). NULL after mapp_err. */
static const rnode *deref(mapp_ctx *c, const rnode *n)
{
    const char *href = plain_attr(c->in, n, "href"), *id;
    const rnode *x, *end = c->in->node + c->in->n;

    if (href == NULL || href[0] != '#')
        return n;
    for (x = c->in->node; x < end; x++)
        if (x->kind == RN_ELEMENT && (id = plain_attr(c->in, x, "id")) != NULL && strcmp(id, href + 1) == 0) {
            if (plain_attr(c->in, x, "href") != NULL)
                return mapp_err(c, "a value", href, "a SOAP-encoded reference to another reference"), NULL;
            return x;
        }
    return mapp_err(c, "the id of an element in the envelope", href, "unresolved href '%s'", href), NULL;
}

/* One occurrence of element e: null for xsi:nil, else by its type. */
static json_t *read_elem(mapp_ctx *c, const rnode *n, const map_elem *e)
{
    const map_type *t = e->type;
    json_t *v;

    if (c->encoded && (n = deref(c, n)) == NULL)
        return NULL;
    if (is_xsi_true(c->in, n, "nil"))
        return json_null();
    if (++c->depth > MAPP_MAX_NEST)
        return mapp_err(c, NULL, NULL, "the response is nested too deep"), NULL;
    if (t->kind == MAP_TYPE_SIMPLE && t->builtin == MAP_XS_ANYTYPE)
        v = xml_string(c, n, 1);
    else if (t->kind == MAP_TYPE_SIMPLE)
        v = read_simple(c, n, t);
    else if (t->array_item != NULL)
        v = read_array(c, n, t);
    else
        v = read_object(c, n, t);
    c->depth--;
    return v;
}

/* ---------------------------------------------------------------------------------------------------- */
/* map_response_json                                                                                     */
/* ---------------------------------------------------------------------------------------------------- */

/* Response parsing reuses one parser context and node store per thread: setting up a context (and its
 * dictionary) costs about as much as parsing a whole small envelope. Resetting a context keeps its
 * dictionary, so the names of the next envelope are found rather than added. A dictionary past
 * PARSER_DICT_MAX names is dropped with its context, so a peer sending ever new names (gateway mode)
 * cannot grow it without bound; so is a reader that read more than PARSER_KEEP_BYTES, so a thread does
 * not hold a big envelope's buffers until its next call. The reader is freed when its thread exits. */
#define PARSER_DICT_MAX 4096
#define PARSER_KEEP_BYTES (64 * 1024)

typedef struct reader {
    xmlParserCtxtPtr ctxt; /* SAX2 callbacks record into doc (ctxt->_private) */
    rdoc doc;
} reader;

static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;
static int reader_key_ok;

static void reader_free(void *p)
{
    reader *r = p;

    if (r == NULL)
        return;
    xmlFreeParserCtxt(r->ctxt);
    rdoc_free(&r->doc);
    free(r);
}

static void reader_key_create(void)
{
    reader_key_ok = pthread_key_create(&reader_key, reader_free) == 0;
}

/* A reader whose context records instead of building a tree. Everything else of SAX2 stays libxml2's
 * own, so the document (and a DTD, to be refused) is checked exactly as when building a tree. */
static reader *reader_new(void)
{
    reader *r = calloc(1, sizeof *r);
    xmlSAXHandlerPtr sax;

    if (r == NULL)
        return NULL;
    if (rdoc_init(&r->doc) < 0 || (r->ctxt = xmlNewParserCtxt()) == NULL) {
        reader_free(r);
        return NULL;
    }
    sax = r->ctxt->sax;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_text;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->reference = on_reference;
    return r;
}

/* This thread's reader, created on first use (without thread storage: a fresh one, which
 * reader_release frees); NULL when out of memory. */
static reader *reader_acquire(void)
{
    reader *r = NULL;

    if (pthread_once(&reader_once, reader_key_create) == 0 && reader_key_ok)
        r = pthread_getspecific(reader_key);
    if (r == NULL && (r = reader_new()) != NULL && reader_key_ok && pthread_setspecific(reader_key, r) != 0) {
        reader_free(r);
        r = NULL;
    }
    return r;
}

/* Keeps the reader, which just read `len` bytes, for the next call unless it is not this thread's or
 * holds too much. */
static void reader_release(reader *r, size_t len)
{
    int cached = reader_key_ok && pthread_getspecific(reader_key) == r;

    if (cached && len <= PARSER_KEEP_BYTES && xmlDictSize(r->ctxt->dict) <= PARSER_DICT_MAX)
        return;
    if (cached)
        pthread_setspecific(reader_key, NULL);
    reader_free(r);
}

/* Parses xml with the reader's push parser, the whole envelope as one final chunk, as xmlCtxtReadMemory()
 * would (reset, options). The pull parser of libxml2 2.9 asks its memory input for more data at almost
 * every token of the last few hundred bytes, which costs about a tenth of reading a small envelope; a
 * push parser given everything at once knows there is no more. The first 4 bytes go to the reset, which
 * detects the encoding from them (BOM, UTF-16 "<?"), as the pull parser does. Returns 0 when the
 * parser accepted the document, -1 otherwise; the SAX2 document (DTD only) goes to *doc. */
static int read_doc(reader *r, const char *xml, size_t len, int options, xmlDocPtr *doc)
{
    xmlParserCtxtPtr ctxt = r->ctxt;
    int head = len < 4 ? (int)len : 4;

    *doc = NULL;
    rdoc_reset(&r->doc);
    if (xmlCtxtResetPush(ctxt, xml, head, NULL, NULL) != 0)
        return -1;
    xmlCtxtUseOptions(ctxt, options);
    ctxt->_private = &r->doc;
    xmlParseChunk(ctxt, xml + head, (int)len - head, 1);
    ctxt->_private = NULL;
    *doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    return *doc != NULL && ctxt->wellFormed ? 0 : -1;
}

/* Parses a response envelope into this thread's reader (reader_release() it): no network, no DTD (so no
 * entities), CDATA as text. Returns NULL after mapp_err. */
static reader *parse_envelope(mapp_ctx *c, const char *xml, size_t len)
{
    reader *r;
    xmlDocPtr doc;
    int rc;

    if (len > INT_MAX)
        return mapp_err(c, NULL, NULL, "response too large"), NULL;
    if ((r = reader_acquire()) == NULL)
        return mapp_err(c, NULL, NULL, "out of memory"), NULL;
    rc = read_doc(r, xml, len, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA, &doc);
    if (r->doc.oom)
        rc = mapp_err(c, NULL, NULL, "out of memory");
    else if (rc == 0 && (!r->ctxt->nsWellFormed || doc->intSubset != NULL))
        rc = mapp_err(c, NULL, NULL, "%s", doc->intSubset != NULL ? "a DTD is not allowed in a SOAP message"
                                                               : "namespace error in the response");
    else if (rc < 0)
        mapp_err(c, NULL, NULL, "the response is not well-formed XML");
    xmlFreeDoc(doc);
    if (rc < 0) {
        reader_release(r, len);
        return NULL;
    }
    c->in = &r->doc;
    return r;
}

/* The first element child of the Body of the envelope (NULL: empty body) and the Body (*bodyp); *env the
 * envelope namespace. */
static int body_child(mapp_ctx *c, const char **env, const rnode **out, const rnode **bodyp)
{
    const rnode *root = c->in->n > 0 ? c->in->node : NULL, *body;

    *out = NULL;
    *env = root != NULL && is_named(root, MAPP_NS_ENV11, "Envelope") ? MAPP_NS_ENV11
         : root != NULL && is_named(root, MAPP_NS_ENV12, "Envelope") ? MAPP_NS_ENV12 : NULL;
    if (*env == NULL)
        return mapp_err(c, "a SOAP 1.1 or 1.2 Envelope", root != NULL ? (const char *)root->name : NULL,
                        "the response is not a SOAP envelope");
    if ((body = child_named(root, *env, "Body")) == NULL)
        return mapp_err(c, "soap:Body", NULL, "the envelope has no Body");
    *bodyp = body;
    *out = next_elem(body + 1, body + body->size);
    if (*out == body + body->size)
        *out = NULL;
    return 0;
}

/* Copies the text of n (NULL: none) into buf, leading blanks skipped; with local_part only the local
 * part of the first QName-like token. */
static void copy_text(const rdoc *d, const rnode *n, char *buf, size_t size, int local_part)
{
    char *copy = NULL;
    const char *s = n != NULL ? node_text(d, n, &copy) : "", *colon;

    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
    if (local_part && (colon = strchr(s, ':')) != NULL)
        s = colon + 1;
    snprintf(buf, size, "%s", s);
    if (local_part)
        buf[strcspn(buf, " \t\r\n")] = '\0';
    free(copy);
}

/* Converts the first declared fault element found in detail d. */
static int read_detail(mapp_ctx *c, const map_op *op, const rnode *d, map_fault_info *f)
{
    const rnode *k;
    size_t i;

    for (k = d != NULL ? d + 1 : NULL; k != NULL && k < d + d->size; k += k->size) {
        for (i = 0; k->kind == RN_ELEMENT && i < op->nfaults; i++) {
            if (!elem_matches(k, op->faults[i].elem))
                continue;
            f->detail_elem = op->faults[i].elem;
            f->detail = read_elem(c, k, f->detail_elem);
            return f->detail != NULL ? 0 : -1;
        }
    }
    return 0;
}

static int read_fault(mapp_ctx *c, const map_op *op, const rnode *fault, const char *env, map_fault_info *f)
{
    int v12 = strcmp(env, MAPP_NS_ENV12) == 0;

    if (v12) {
        copy_text(c->in, child_named(child_named(fault, env, "Code"), env, "Value"), f->code, sizeof f->code, 1);
        copy_text(c->in, child_named(child_named(fault, env, "Reason"), env, "Text"), f->reason, sizeof f->reason, 0);
    } else {
        copy_text(c->in, child_named(fault, NULL, "faultcode"), f->code, sizeof f->code, 1);
        copy_text(c->in, child_named(fault, NULL, "faultstring"), f->reason, sizeof f->reason, 0);
    }
    f->is_sender = strcmp(f->code, "Client") == 0 || strcmp(f->code, "Sender") == 0 ||
                   strncmp(f->code, "Client.", 7) == 0;
    return read_detail(c, op, v12 ? child_named(fault, env, "Detail") : child_named(fault, NULL, "detail"), f);
}

/* Counts the element (and any) particles of t's content, bases included. */
static size_t count_members(const map_particle *p)
{
    size_t i, n = 0;

    if (p == NULL)
        return 0;
    if (p->kind == MAP_PARTICLE_ELEMENT || p->kind == MAP_PARTICLE_ANY || p->name != NULL)
        return 1;
    for (i = 0; i < p->nkids; i++)
        n += count_members(p->kids[i]);
    return n;
}

/* The lone element particle of a wrapper declaring exactly one child and no attributes, else NULL. */
static const map_elem *single_child(const map_type *t)
{
    const map_particle *p = t->content;

    size_t i;

    if (t->nattrs > 0 || t->any_attr || t->base != NULL || t->abstract || t->nderived > 0 || count_members(p) != 1)
        return NULL; /* a polymorphic wrapper stays an object: its "$type" tells the actual type */
    /* descend into the group that holds the one member: an empty group may come before it */
    while (p->kind != MAP_PARTICLE_ELEMENT && p->kind != MAP_PARTICLE_ANY && p->name == NULL) {
        for (i = 0; i < p->nkids && count_members(p->kids[i]) == 0; i++)
            ;
        if (i == p->nkids)
            return NULL;
        p = p->kids[i];
    }
    return p->kind == MAP_PARTICLE_ELEMENT ? p->elem : NULL;
}

/* The members of a virtual wrapper (document style without a wrapper element: several parts, a simple
 * part, no part) read straight from the Body's children. */
static json_t *read_bare(mapp_ctx *c, const rnode *body, const map_type *t)
{
    json_t *obj = json_object();
    struct kids k;

    if (obj == NULL)
        return mapp_err(c, NULL, NULL, "out of memory"), NULL;
    if (element_kids(c, body, &k) < 0 || read_content(c, t, &k, obj) < 0) {
        json_decref(obj);
        return NULL;
    }
    if (kids_more(&k)) {
        mapp_err(c, "the parts of the message, in order", (const char *)k.cur->name, "unexpected element <%s>",
                 (const char *)k.cur->name);
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* The result of a non-fault response: unwrapped single child, NULL, or the wrapper object. `body` is the
 * Body element, w its first element child (NULL: none). */
static int read_result(mapp_ctx *c, const map_op *op, const rnode *body, const rnode *w, json_t **out)
{
    const map_elem *e = op->output, *one;
    json_t *obj;

    if (op->out_bare) {
        if ((obj = read_bare(c, body, e->type)) == NULL)
            return -1;
        if ((one = single_child(e->type)) != NULL)
            *out = json_incref(json_object_get(obj, one->name));
        else if (count_members(e->type->content) > 0)
            *out = json_incref(obj);
        json_decref(obj);
        return 0;
    }
    /* rpc: whatever the toolkit names the response wrapper ("OpResponse" by WS-I, others by taste) */
    if (w == NULL || (!op->rpc && !elem_matches(w, e)))
        return mapp_err(c, e->name, w != NULL ? (const char *)w->name : NULL,
                        "the response does not hold <%s>", e->name);
    if (e->type->kind != MAP_TYPE_COMPLEX || (e->type->array_item == NULL && count_members(e->type->content) == 0 &&
                                             e->type->nattrs == 0 && !e->type->any_attr && e->type->base == NULL))
        return e->type->kind == MAP_TYPE_COMPLEX ? 0 : ((*out = read_elem(c, w, e)) != NULL ? 0 : -1);
    if ((obj = read_elem(c, w, e)) == NULL)
        return -1;
    if ((one = single_child(e->type)) != NULL && json_is_object(obj)) {
        *out = json_incref(json_object_get(obj, one->name));
        json_decref(obj);
        return 0;
    }
    *out = obj;
    return 0;
}

int map_response_json(const map_model *m, const map_op *op, const char *xml, size_t len, json_t **out,
                      map_fault_info *fault, map_error *err)
{
    mapp_ctx c;
    reader *r;
    const rnode *child, *body = NULL;
    const char *env;
    int rc = -1;

    mapp_ctx_init(&c, m, err);
    mapp_error_reset(err);
    if (m == NULL || op == NULL || xml == NULL || out == NULL || fault == NULL)
        return mapp_err(&c, NULL, NULL, "map_response_json: invalid arguments");
    *out = NULL;
    memset(fault, 0, sizeof *fault);
    if ((r = parse_envelope(&c, xml, len)) == NULL)
        return -1;
    c.encoded = op->encoded;
    if (body_child(&c, &env, &child, &body) < 0)
        goto out;
    if (child != NULL && is_named(child, env, "Fault")) {
        rc = read_fault(&c, op, child, env, fault) < 0 ? -1 : 1;
    } else if (op->output == NULL) {
        rc = child == NULL ? 0 : mapp_err(&c, "an empty Body", (const char *)child->name,
                                          "a one-way operation got a response element");
    } else {
        rc = read_result(&c, op, body, child, out);
    }
out:
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        json_decref(fault->detail);
        fault->detail = NULL;
    }
    reader_release(r, len); /* last: the nodes' names live in its dictionary */
    return rc;
}
