/* json.c - the XSD <-> JSON transcoder, JSON -> XML: request bodies become SOAP envelopes through the
 * escaping writer (xmlw.c), driven by the schema model. The other direction is jsonread.c. */

#include "map_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

static int write_elem(mapp_ctx *c, mapp_w *w, const map_elem *e, const json_t *v);

/* ---------------------------------------------------------------------------------------------------- */
/* Shared: particles                                                                                     */
/* ---------------------------------------------------------------------------------------------------- */

/* True when p can match nothing at all (all its content optional). */
int mapp_emptiable(const map_particle *p)
{
    size_t i;
    int any = 0, all = 1;

    if (p->min == 0 || p->kind == MAP_PARTICLE_ELEMENT || p->kind == MAP_PARTICLE_ANY)
        return p->min == 0;
    for (i = 0; i < p->nkids; i++) {
        any |= mapp_emptiable(p->kids[i]);
        all &= mapp_emptiable(p->kids[i]);
    }
    return p->kind == MAP_PARTICLE_CHOICE ? any : all;
}

/* True when the JSON object holds a property of p (any of a group's). */
static int present(const map_particle *p, const json_t *obj)
{
    size_t i;

    if (p->kind == MAP_PARTICLE_ELEMENT)
        return json_object_get(obj, p->elem->name) != NULL;
    if (p->kind == MAP_PARTICLE_ANY)
        return json_object_get(obj, "$any") != NULL;
    if (p->name != NULL)
        return json_object_get(obj, p->name) != NULL;
    for (i = 0; i < p->nkids; i++)
        if (present(p->kids[i], obj))
            return 1;
    return 0;
}

/* True when type t (with its extension bases) declares property `key`. */
static int has_prop(const map_type *t, const map_particle *p, const char *key)
{
    size_t i;

    if (p == NULL)
        return 0;
    if (p->kind == MAP_PARTICLE_ELEMENT)
        return strcmp(p->elem->name, key) == 0;
    if (p->kind == MAP_PARTICLE_ANY)
        return strcmp(key, "$any") == 0;
    if (p->name != NULL)
        return strcmp(key, p->name) == 0;
    for (i = 0; i < p->nkids; i++)
        if (has_prop(t, p->kids[i], key))
            return 1;
    return 0;
}

static int type_has_prop(const map_type *t, const char *key)
{
    size_t i;

    if (strcmp(key, MAPP_ANY_ATTRS) == 0 && mapp_any_attr(t) != NULL)
        return 1;

    for (; t != NULL && t->kind == MAP_TYPE_COMPLEX; t = t->derivation == MAP_DERIVE_EXTENSION ? t->base : NULL) {
        for (i = 0; i < t->nattrs; i++)
            if (strcmp(t->attrs[i]->name, key) == 0)
                return 1;
        if (has_prop(t, t->content, key) || (t->value != NULL && strcmp(key, "$value") == 0))
            return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* JSON -> XML: fragments (xs:any, xs:anyType)                                                           */
/* ---------------------------------------------------------------------------------------------------- */

/* Writes a parsed fragment node through the writer: names re-declared, text re-escaped; comments and
 * processing instructions are dropped. */
static int write_node(mapp_ctx *c, mapp_w *w, xmlNodePtr n, int depth)
{
    xmlAttrPtr a;
    xmlChar *v;
    int rc = 0;

    if (depth > MAPP_MAX_NEST)
        return mapp_err(c, "XML nested at most 64 deep", NULL, "XML fragment nested too deep");
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return mapp_w_text(w, (const char *)n->content, strlen((const char *)n->content));
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (mapp_w_start_prefixed(w, n->ns != NULL ? (const char *)n->ns->href : NULL, (const char *)n->name,
                              n->ns != NULL ? (const char *)n->ns->prefix : NULL) < 0)
        return mapp_err(c, NULL, NULL, "cannot write the XML fragment (too many namespaces?)");
    for (a = n->properties; a != NULL && rc == 0; a = a->next) {
        v = xmlNodeGetContent((xmlNodePtr)a);
        rc = mapp_w_attr(w, a->ns != NULL ? (const char *)a->ns->href : NULL, (const char *)a->name,
                         v != NULL ? (const char *)v : "", v != NULL ? strlen((const char *)v) : 0);
        xmlFree(v);
    }
    for (n = n->children; n != NULL && rc == 0; n = n->next)
        rc = write_node(c, w, n, depth + 1);
    return rc < 0 ? rc : mapp_w_end(w);
}

/* Parses s as the content of an element (wrapped in <r> only to parse it). DTDs cannot appear after
 * the wrapper's start tag, so no entity beyond the five predefined ones can be used. */
static xmlDocPtr parse_fragment(mapp_ctx *c, const json_t *v)
{
    const char *s = json_string_value(v);
    mapp_buf b = {0};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;

    mapp_buf_adds(&b, "<r>");
    mapp_buf_add(&b, s, json_string_length(v));
    mapp_buf_adds(&b, "</r>");
    if (ctxt != NULL && !b.oom && b.len < INT_MAX)
        doc = xmlCtxtReadMemory(ctxt, b.p, (int)b.len, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc != NULL && !ctxt->nsWellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc == NULL) {
        char got[128];

        mapp_got(v, got, sizeof got);
        mapp_err(c, "a well-formed XML fragment (namespaces declared in it)", got, "not a well-formed XML fragment");
    }
    xmlFreeParserCtxt(ctxt);
    mapp_buf_free(&b);
    return doc;
}

/* Writes the XML fragment held by string v; with `one_element` (xs:any) it must be a single element. */
static int write_fragment(mapp_ctx *c, mapp_w *w, const json_t *v, int one_element)
{
    xmlDocPtr doc;
    xmlNodePtr n;
    int rc = 0, elems = 0;

    if (!json_is_string(v))
        return mapp_err(c, "a string holding XML", NULL, "expected a string holding an XML fragment");
    if ((doc = parse_fragment(c, v)) == NULL)
        return -1;
    for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            elems++;
        else if (n->type == XML_TEXT_NODE && !xmlIsBlankNode(n))
            elems += 2; /* text beside the element: not a single element any more */
    if (one_element && elems != 1)
        rc = mapp_err(c, "exactly one XML element", NULL, "xs:any takes exactly one element per value");
    for (n = xmlDocGetRootElement(doc)->children; n != NULL && rc == 0; n = n->next)
        if (!one_element || n->type == XML_ELEMENT_NODE)
            rc = write_node(c, w, n, c->depth);
    xmlFreeDoc(doc);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* JSON -> XML: structure                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static int write_particle(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj);

/* Reports a property the type does not declare. */
static int unknown_prop(mapp_ctx *c, const map_type *t, const char *key)
{
    char want[128];

    mapp_push(c, key);
    snprintf(want, sizeof want, "a property of %s", t->name != NULL ? t->name : "the element");
    return mapp_err(c, want, key, "unknown property '%s'", key);
}

static int check_keys(mapp_ctx *c, const map_type *t, const json_t *obj, int allow_type)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v) {
        if (strcmp(key, "$type") == 0 && allow_type)
            continue;
        if (!type_has_prop(t, key))
            return unknown_prop(c, t, key);
    }
    return 0;
}

/* The type an object names with "$type": t itself or one of its known derived types. */
static int resolve_type(mapp_ctx *c, const map_type *t, const json_t *obj, const map_type **actual)
{
    const json_t *tn = json_object_get(obj, "$type");
    const char *name = json_string_value(tn);
    size_t i, old;

    *actual = t;
    if (tn == NULL)
        return t->abstract ? mapp_err(c, "\"$type\" naming a derived type", NULL,
                                      "type '%s' is abstract: \"$type\" is required", t->name) : 0;
    old = mapp_push(c, "$type");
    if (name != NULL && t->name != NULL && strcmp(name, t->name) == 0 && !t->abstract) {
        mapp_pop(c, old);
        return 0;
    }
    for (i = 0; name != NULL && i < t->nderived; i++) {
        if (strcmp(t->derived[i]->name, name) == 0 && !t->derived[i]->abstract) {
            *actual = t->derived[i];
            mapp_pop(c, old);
            return 0;
        }
    }
    {
        char got[128];

        mapp_got(tn, got, sizeof got);
        return mapp_err(c, "the name of a known (non-abstract) type derived from the declared one", got,
                        "unknown \"$type\" for %s", t->name != NULL ? t->name : "this element");
    }
}

/* Writes one attribute property of obj (declared by a). */
static int write_attr(mapp_ctx *c, mapp_w *w, const map_elem *a, const json_t *obj)
{
    const json_t *v = json_object_get(obj, a->name);
    mapp_buf text = {0};
    size_t old;
    int rc = 0;

    if (v == NULL)
        return a->required ? mapp_err(c, a->name, NULL, "required attribute property '%s' is missing", a->name) : 0;
    old = mapp_push(c, a->name);
    if (json_is_null(v))
        rc = mapp_err(c, "a value", "null", "an attribute cannot be null");
    else if (mapp_value_text(c, a->type, v, &text) == 0)
        rc = mapp_w_attr(w, a->ns, a->name, text.p != NULL ? text.p : "", text.len) < 0
                 ? mapp_err(c, NULL, NULL, "cannot write the attribute") : 0;
    else
        rc = -1;
    if (rc == 0)
        mapp_pop(c, old);
    mapp_buf_free(&text);
    return rc;
}

/* True when t's extension chain declares attribute {ns}local (ns "" or NULL: none). */
static int declares_attr(const map_type *t, const char *ns, const char *local)
{
    size_t i;

    for (; t != NULL && t->kind == MAP_TYPE_COMPLEX; t = t->derivation == MAP_DERIVE_EXTENSION ? t->base : NULL)
        for (i = 0; i < t->nattrs; i++)
            if (strcmp(t->attrs[i]->name, local) == 0 &&
                strcmp(t->attrs[i]->ns != NULL ? t->attrs[i]->ns : "", ns != NULL ? ns : "") == 0)
                return 1;
    return 0;
}

/* Splits an "$attributes" key, "{namespace}local" or "local", into *ns (a copy in *buf, "" for none)
 * and *local. 0, or -1 when the key is not such a name. */
static int split_attr_key(const char *key, char *buf, size_t len, const char **ns, const char **local)
{
    const char *close = key[0] == '{' ? strchr(key, '}') : NULL;

    *ns = "";
    *local = key;
    if (key[0] == '{') {
        if (close == NULL || close == key + 1 || (size_t)(close - key) >= len)
            return -1; /* no namespace between the braces: write the name alone */
        memcpy(buf, key + 1, (size_t)(close - key - 1));
        buf[close - key - 1] = '\0';
        *ns = buf;
        *local = close + 1;
    }
    return xmlValidateNCName(BAD_CAST *local, 0) == 0 ? 0 : -1;
}

/* Writes one "$attributes" member (key: the attribute's name, value: its text). */
static int write_any_attr(mapp_ctx *c, mapp_w *w, const map_type *open, const map_type *t, const char *key,
                          const json_t *v)
{
    char nsbuf[512];
    const char *ns, *local;
    size_t old = mapp_push(c, key);

    if (split_attr_key(key, nsbuf, sizeof nsbuf, &ns, &local) < 0)
        return mapp_err(c, "\"local\" or \"{namespace}local\"", key, "'%s' is not an attribute name", key);
    if (strcmp(ns, MAPP_NS_XSI) == 0 || strcmp(ns, "http://www.w3.org/2000/xmlns/") == 0)
        return mapp_err(c, "an attribute of another namespace", ns, "xsi: and xmlns attributes are written by soaprest");
    if (declares_attr(t, ns, local))
        return mapp_err(c, "its own property", key, "attribute '%s' is declared: give it as its own property", local);
    if (!mapp_any_attr_allows(open, ns))
        return mapp_err(c, open->any_attr_ns, *ns ? ns : "no namespace",
                        "the xs:anyAttribute does not admit attributes of %s", *ns ? ns : "no namespace");
    if (!json_is_string(v))
        return mapp_err(c, "a string", NULL, "an attribute's value is a string");
    if (mapp_w_attr(w, *ns ? ns : NULL, local, json_string_value(v), json_string_length(v)) < 0)
        return mapp_err(c, NULL, NULL, "cannot write the attribute");
    mapp_pop(c, old);
    return 0;
}

/* Writes the "$attributes" object of obj, for a type t that has an xs:anyAttribute. */
static int write_any_attrs(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *obj)
{
    const map_type *open = mapp_any_attr(t);
    const json_t *all = json_object_get(obj, MAPP_ANY_ATTRS);
    const char *key;
    json_t *v;
    size_t old;

    if (open == NULL || all == NULL)
        return 0;
    old = mapp_push(c, MAPP_ANY_ATTRS);
    if (!json_is_object(all))
        return mapp_err(c, "an object of attribute names and values", NULL, "\"$attributes\" is an object");
    json_object_foreach((json_t *)all, key, v)
        if (write_any_attr(c, w, open, t, key, v) < 0)
            return -1;
    mapp_pop(c, old);
    return 0;
}

/* Writes attributes, then content, of complex type t (extension bases first). */
static int write_attrs(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *obj)
{
    size_t i;

    if (t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX &&
        write_attrs(c, w, t->base, obj) < 0)
        return -1;
    for (i = 0; i < t->nattrs; i++)
        if (write_attr(c, w, t->attrs[i], obj) < 0)
            return -1;
    return 0;
}

static int write_content(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *obj)
{
    if (t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX &&
        write_content(c, w, t->base, obj) < 0)
        return -1;
    return t->content != NULL ? write_particle(c, w, t->content, obj) : 0;
}

/* Writes "$value" of a simpleContent object as text. */
static int write_simple_content(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "$value");
    mapp_buf text = {0};
    size_t old;
    int rc;

    if (v == NULL)
        return mapp_err(c, "\"$value\"", NULL, "the element has simple content: \"$value\" is required");
    old = mapp_push(c, "$value");
    if (t->value->builtin == MAP_XS_ANYTYPE) { /* mixed content: an XML fragment */
        if ((rc = write_fragment(c, w, v, 0)) == 0)
            mapp_pop(c, old);
        return rc;
    }
    rc = mapp_value_text(c, t->value, v, &text);
    if (rc == 0) {
        rc = mapp_w_text(w, text.p != NULL ? text.p : "", text.len);
        mapp_pop(c, old);
    }
    mapp_buf_free(&text);
    return rc;
}

/* The namespace of the first element t's content declares (bases first), or NULL. */
static const char *first_ns(const map_type *t, const map_particle *p)
{
    const char *ns = NULL;
    size_t i;

    if (t != NULL && t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX)
        ns = first_ns(t->base, t->base->content);
    if (ns != NULL || p == NULL)
        return ns;
    if (p->kind == MAP_PARTICLE_ELEMENT)
        return p->elem->ns;
    for (i = 0; i < p->nkids && ns == NULL; i++)
        ns = first_ns(NULL, p->kids[i]);
    return ns;
}

/* Declares the children's namespace once on their parent instead of on every child (size only). */
static void hoist_ns(mapp_w *w, const map_type *t)
{
    const char *ns = t->array_item != NULL ? t->array_item->ns : first_ns(t, t->content);

    if (ns != NULL)
        mapp_w_declare(w, ns);
}

/* The QName SOAP encoding types a value of t by: its own name, its primitive's for an anonymous simple
 * type, soapenc:Array for an encoded array; *name NULL for an anonymous complex type. */
static void encoded_name(const map_type *t, const char **ns, const char **name)
{
    *ns = t->name != NULL ? t->ns : MAPP_NS_XSD;
    *name = t->name != NULL ? t->name : mapp_builtin_row(t->builtin)->info.name;
    if (t->soapenc_array) {
        *ns = MAPP_NS_SOAPENC;
        *name = "Array";
    }
}

/* rpc/encoded: xsi:type on the element being written (SOAP encoding's receivers dispatch on it). */
static int write_xsi_type(mapp_ctx *c, mapp_w *w, const map_type *t)
{
    const char *ns, *name;

    encoded_name(t, &ns, &name);
    if (name == NULL)
        return 0;
    return mapp_w_attr_qname(w, MAPP_NS_XSI, "type", ns, name) < 0 ? mapp_err(c, NULL, NULL, "cannot write xsi:type")
                                                                  : 0;
}

/* The body of a complex element: attributes and content of the type "$type" selects. */
static int write_object(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *v, int polymorphic)
{
    const map_type *actual = t;

    if (!json_is_object(v)) {
        char got[128];

        mapp_got(v, got, sizeof got);
        return mapp_err(c, "an object", got, "expected an object");
    }
    if (polymorphic && resolve_type(c, t, v, &actual) < 0)
        return -1;
    if (check_keys(c, actual, v, polymorphic) < 0)
        return -1;
    if (actual != t && mapp_w_attr_qname(w, MAPP_NS_XSI, "type", actual->ns, actual->name) < 0)
        return mapp_err(c, NULL, NULL, "cannot write xsi:type");
    if (actual == t && c->encoded && polymorphic && write_xsi_type(c, w, t) < 0)
        return -1;
    hoist_ns(w, actual);
    if (write_attrs(c, w, actual, v) < 0 || write_any_attrs(c, w, actual, v) < 0)
        return -1;
    if (actual->value != NULL)
        return write_simple_content(c, w, actual, v);
    return write_content(c, w, actual, v);
}

/* Checks that v, dimension d of a multi-dimensional array, is an array of dims[d] items, each (below
 * the last dimension) rectangular the same way. 0 or -1 after mapp_err, pointing at the odd row. */
static int check_rect(mapp_ctx *c, const json_t *v, int d, int rank, const size_t *dims)
{
    size_t i, old;
    char got[128];

    if (!json_is_array(v)) {
        mapp_got(v, got, sizeof got);
        return mapp_err(c, "an array", got, "a %d-dimensional array holds arrays %d deep", rank, rank);
    }
    if (json_array_size(v) != dims[d])
        return mapp_err(c, "a rectangular array", NULL, "this row has %zu items, the first row of its dimension %zu",
                        json_array_size(v), dims[d]);
    for (i = 0; d + 1 < rank && i < dims[d]; i++) {
        old = mapp_push_index(c, i);
        if (check_rect(c, json_array_get(v, i), d + 1, rank, dims) < 0)
            return -1;
        mapp_pop(c, old);
    }
    return 0;
}

/* Writes the items of multi-dimensional array v (checked) flat, row-major (the last index fastest). */
static int write_leaves(mapp_ctx *c, mapp_w *w, const map_elem *item, const json_t *v, int d, int rank)
{
    size_t i, old;

    for (i = 0; i < json_array_size(v); i++) {
        old = mapp_push_index(c, i);
        if ((d + 1 < rank ? write_leaves(c, w, item, json_array_get(v, i), d + 1, rank)
                          : write_elem(c, w, item, json_array_get(v, i))) < 0)
            return -1;
        mapp_pop(c, old);
    }
    return 0;
}

/* Writes a multi-dimensional SOAP-encoded array ("T[,]"): JSON arrays nested rank deep, rectangular, as
 * enc:arrayType="T[d1,d2]" and the items flat, row-major (SOAP 1.1 section 5.4.2). */
static int write_md_array(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *v)
{
    size_t dims[8] = {0}, off;
    const json_t *p = v;
    const char *ns, *name;
    char dim[400];
    int i;

    for (i = 0; i < t->rank && json_is_array(p); i++) {
        dims[i] = json_array_size(p);
        p = dims[i] > 0 ? json_array_get(p, 0) : NULL;
    }
    if (dims[0] > 0 && check_rect(c, v, 0, t->rank, dims) < 0)
        return -1;
    if (!json_is_array(v))
        return check_rect(c, v, 0, t->rank, dims);
    encoded_name(t->array_item->type, &ns, &name);
    off = (size_t)snprintf(dim, sizeof dim, "%s[", name != NULL ? name : "anyType");
    for (i = 0; i < t->rank && off < sizeof dim; i++)
        off += (size_t)snprintf(dim + off, sizeof dim - off, "%s%zu", i > 0 ? "," : "", dims[i]);
    if (off < sizeof dim)
        snprintf(dim + off, sizeof dim - off, "]");
    if (c->encoded && (write_xsi_type(c, w, t) < 0 ||
                       mapp_w_attr_qname(w, MAPP_NS_SOAPENC, "arrayType", name != NULL ? ns : MAPP_NS_XSD, dim) < 0))
        return mapp_err(c, NULL, NULL, "cannot write soapenc:arrayType");
    hoist_ns(w, t);
    return dims[0] > 0 ? write_leaves(c, w, t->array_item, v, 0, t->rank) : 0;
}

/* Writes the items of an ArrayOfX wrapper. */
static int write_array(mapp_ctx *c, mapp_w *w, const map_type *t, const json_t *v)
{
    const map_elem *item = t->array_item;
    size_t i, n = json_array_size(v), old;
    char got[128];

    if (t->rank > 1)
        return write_md_array(c, w, t, v);
    if (!json_is_array(v)) {
        mapp_got(v, got, sizeof got);
        return mapp_err(c, "an array", got, "expected an array");
    }
    if (n < (size_t)item->min || (item->max != MAP_UNBOUNDED && n > (size_t)item->max))
        return mapp_err(c, "an array of the allowed size", NULL, "the array has %zu items, outside %ld..%ld", n,
                        item->min, item->max);
    if (c->encoded && t->soapenc_array) {
        const char *ns, *name;
        char dim[160];

        const map_elem *base = item;
        char nest[20] = "";
        size_t k;

        /* an array of arrays of T is "T[][n]": its items are arrays, each typed with its own size */
        for (k = 0; base->type->soapenc_array && base->type->array_item != NULL && k + 2 < sizeof nest; k += 2) {
            memcpy(nest + k, "[]", 3);
            base = base->type->array_item;
        }
        encoded_name(base->type, &ns, &name);
        snprintf(dim, sizeof dim, "%s%s[%zu]", name != NULL ? name : "anyType", nest, n);
        if (write_xsi_type(c, w, t) < 0 ||
            mapp_w_attr_qname(w, MAPP_NS_SOAPENC, "arrayType", name != NULL ? ns : MAPP_NS_XSD, dim) < 0)
            return mapp_err(c, NULL, NULL, "cannot write soapenc:arrayType");
    } else if (c->encoded && t->name != NULL && write_xsi_type(c, w, t) < 0) {
        return -1; /* a named array type (apachesoap:Map): SOAP encoding's receivers dispatch on it */
    }
    hoist_ns(w, t);
    for (i = 0; i < n; i++) {
        old = mapp_push_index(c, i);
        if (write_elem(c, w, item, json_array_get(v, i)) < 0)
            return -1;
        mapp_pop(c, old);
    }
    return 0;
}

/* Writes the content of element e (started) for the non-null value v. */
static int write_elem_body(mapp_ctx *c, mapp_w *w, const map_elem *e, const json_t *v)
{
    const map_type *t = e->type;
    mapp_buf text = {0};
    int rc;

    if (t->kind == MAP_TYPE_SIMPLE && t->builtin == MAP_XS_ANYTYPE)
        return write_fragment(c, w, v, 0);
    if (t->kind == MAP_TYPE_COMPLEX && t->array_item != NULL)
        return write_array(c, w, t, v);
    if (t->kind == MAP_TYPE_COMPLEX)
        return write_object(c, w, t, v, 1);
    if (c->encoded && write_xsi_type(c, w, t) < 0)
        return -1;
    rc = mapp_value_text(c, t, v, &text);
    if (rc == 0 && mapp_w_text(w, text.p != NULL ? text.p : "", text.len) < 0)
        rc = mapp_err(c, NULL, NULL, "cannot write the value");
    mapp_buf_free(&text);
    return rc;
}

/* Writes one occurrence of element e with value v (null: xsi:nil). */
static int write_elem(mapp_ctx *c, mapp_w *w, const map_elem *e, const json_t *v)
{
    int rc;

    if (json_is_null(v) && !e->nillable)
        return mapp_err(c, "a value (the element is not nillable)", "null", "null is not allowed here");
    if (++c->depth > MAPP_MAX_NEST)
        return mapp_err(c, "at most 64 levels", NULL, "the JSON is nested too deep");
    if (mapp_w_start(w, e->ns, e->name) < 0)
        return mapp_err(c, NULL, NULL, "cannot write the element (too many namespaces or out of memory)");
    if (json_is_null(v))
        rc = mapp_w_attr(w, MAPP_NS_XSI, "nil", "true", 4);
    else
        rc = write_elem_body(c, w, e, v);
    if (rc == 0)
        rc = mapp_w_end(w);
    c->depth--;
    return rc;
}

/* Writes the property of element particle e from obj: absent, one value, or an array of them. */
static int write_member(mapp_ctx *c, mapp_w *w, const map_elem *e, const json_t *obj)
{
    const json_t *v = json_object_get(obj, e->name);
    size_t old = mapp_push(c, e->name), i, n;

    if (v == NULL) {
        if (e->min > 0)
            return mapp_err(c, "a value", NULL, "required property '%s' is missing", e->name);
        mapp_pop(c, old);
        return 0;
    }
    if (e->max == 1) {
        if (write_elem(c, w, e, v) < 0)
            return -1;
    } else {
        if (!json_is_array(v))
            return mapp_err(c, "an array (the element repeats)", NULL, "expected an array");
        n = json_array_size(v);
        if (n < (size_t)e->min || (e->max != MAP_UNBOUNDED && n > (size_t)e->max))
            return mapp_err(c, "an array of the allowed size", NULL, "%zu items, outside %ld..%ld", n, e->min, e->max);
        for (i = 0; i < n; i++) {
            size_t o2 = mapp_push_index(c, i);

            if (write_elem(c, w, e, json_array_get(v, i)) < 0)
                return -1;
            mapp_pop(c, o2);
        }
    }
    mapp_pop(c, old);
    return 0;
}

/* Writes the "$any" property: one XML element per value. */
static int write_any(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "$any");
    size_t old, i;
    int rc = 0;

    if (v == NULL)
        return p->min > 0 ? mapp_err(c, "\"$any\"", NULL, "\"$any\" (an XML element) is required") : 0;
    old = mapp_push(c, "$any");
    if (p->max == 1) {
        rc = write_fragment(c, w, v, 1);
    } else if (!json_is_array(v)) {
        rc = mapp_err(c, "an array of XML strings", NULL, "expected an array");
    } else {
        for (i = 0; i < json_array_size(v) && rc == 0; i++) {
            size_t o2 = mapp_push_index(c, i);

            rc = write_fragment(c, w, json_array_get(v, i), 1);
            if (rc == 0)
                mapp_pop(c, o2);
        }
    }
    if (rc == 0)
        mapp_pop(c, old);
    return rc;
}

/* Writes the one alternative of a choice that the object holds. */
static int write_choice(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj)
{
    const map_particle *pick = NULL;
    size_t i, n = 0;

    for (i = 0; i < p->nkids; i++)
        if (present(p->kids[i], obj) && n++ == 0)
            pick = p->kids[i];
    if (n > 1)
        return mapp_err(c, "exactly one alternative of a choice", NULL,
                        "%zu alternatives of a choice are given; only one is allowed", n);
    if (pick == NULL)
        return mapp_emptiable(p) ? 0 : mapp_err(c, "one alternative of a choice", NULL, "one alternative of a choice "
                                           "(for example '%s') is required", p->nkids > 0 &&
                                           p->kids[0]->kind == MAP_PARTICLE_ELEMENT ? p->kids[0]->elem->name : "?");
    return write_particle(c, w, pick, obj);
}

/* Writes one occurrence of group p from obj (a choice: its one alternative; else every member). */
static int write_group(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj)
{
    size_t i;

    if (p->kind == MAP_PARTICLE_CHOICE)
        return write_choice(c, w, p, obj);
    for (i = 0; i < p->nkids; i++)
        if (write_particle(c, w, p->kids[i], obj) < 0)
            return -1;
    return 0;
}

/* True when key names a member of group p (nested non-repeated groups included). */
static int group_has(const map_particle *p, const char *key)
{
    size_t i;

    for (i = 0; i < p->nkids; i++)
        if (has_prop(NULL, p->kids[i], key))
            return 1;
    return 0;
}

/* One occurrence of a repeated group: an object holding only the group's members. */
static int write_group_item(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *item)
{
    const char *key;
    json_t *v;
    char got[128];

    if (!json_is_object(item)) {
        mapp_got(item, got, sizeof got);
        return mapp_err(c, "an object (one occurrence of the group)", got, "expected an object");
    }
    json_object_foreach((json_t *)item, key, v) {
        if (!group_has(p, key)) {
            mapp_push(c, key);
            return mapp_err(c, "a member of the group", key, "unknown property '%s'", key);
        }
    }
    return write_group(c, w, p, item);
}

/* A repeated group: property p->name, an array with one object per occurrence, in order. */
static int write_repeated(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj)
{
    const json_t *v = json_object_get(obj, p->name);
    size_t old, i, n;

    if (v == NULL)
        return p->min > 0 && !mapp_emptiable(p) ? mapp_err(c, "a value", NULL, "required property '%s' is missing",
                                                          p->name) : 0;
    old = mapp_push(c, p->name);
    if (!json_is_array(v))
        return mapp_err(c, "an array (the group repeats)", NULL, "expected an array");
    n = json_array_size(v);
    if (n < (size_t)p->min || (p->max != MAP_UNBOUNDED && n > (size_t)p->max))
        return mapp_err(c, "an array of the allowed size", NULL, "%zu items, outside %ld..%ld", n, p->min, p->max);
    for (i = 0; i < n; i++) {
        size_t o2 = mapp_push_index(c, i);

        if (write_group_item(c, w, p, json_array_get(v, i)) < 0)
            return -1;
        mapp_pop(c, o2);
    }
    mapp_pop(c, old);
    return 0;
}

static int write_particle(mapp_ctx *c, mapp_w *w, const map_particle *p, const json_t *obj)
{
    switch (p->kind) {
    case MAP_PARTICLE_ELEMENT: return write_member(c, w, p->elem, obj);
    case MAP_PARTICLE_ANY: return write_any(c, w, p, obj);
    default: break;
    }
    if (p->name != NULL)
        return write_repeated(c, w, p, obj);
    if (p->kind == MAP_PARTICLE_CHOICE)
        return write_choice(c, w, p, obj);
    if (p->min == 0 && !present(p, obj))
        return 0; /* an optional group left out as a whole */
    return write_group(c, w, p, obj);
}

/* ---------------------------------------------------------------------------------------------------- */
/* map_request_xml                                                                                       */
/* ---------------------------------------------------------------------------------------------------- */

/* Writes the request wrapper element of op from body (NULL: empty). */
static int write_wrapper(mapp_ctx *c, mapp_w *w, const map_op *op, const json_t *body)
{
    const map_elem *e = op->input;
    json_t *empty = NULL;
    int rc;

    if (e == NULL && body != NULL && json_object_size(body) > 0) {
        mapp_push(c, json_object_iter_key(json_object_iter((json_t *)body)));
        return mapp_err(c, "no properties", NULL, "operation %s takes no input", op->name);
    }
    if (e == NULL)
        return 0;
    if (e->type->kind != MAP_TYPE_COMPLEX || e->type->array_item != NULL) {
        c->status = 500;
        return mapp_err(c, NULL, NULL, "operation %s: the input element is not a wrapper object", op->name);
    }
    if (body == NULL && (body = empty = json_object()) == NULL)
        return mapp_err(c, NULL, NULL, "out of memory");
    if (op->in_bare) /* the parts are the Body's children */
        rc = write_object(c, w, e->type, body, 0);
    else if (mapp_w_start(w, e->ns, e->name) < 0)
        rc = mapp_err(c, NULL, NULL, "out of memory");
    else if (op->encoded && mapp_w_attr(w, c->env, "encodingStyle", MAPP_NS_SOAPENC, strlen(MAPP_NS_SOAPENC)) < 0)
        rc = mapp_err(c, NULL, NULL, "out of memory");
    else if ((rc = write_object(c, w, e->type, body, e->type->nderived > 0 || e->type->abstract)) == 0)
        rc = mapp_w_end(w); /* a wrapper of a polymorphic type takes "$type" like any element */
    json_decref(empty);
    return rc;
}

void mapp_error_reset(map_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

int map_request_xml(const map_model *m, const map_op *op, const json_t *body, int soap_version, char **xml,
                    size_t *len, map_error *err)
{
    mapp_ctx c;
    const char *env = soap_version == 2 ? MAPP_NS_ENV12 : MAPP_NS_ENV11;
    mapp_w w;
    int rc = -1;

    mapp_ctx_init(&c, m, err);
    mapp_error_reset(err);
    memset(&w, 0, sizeof w);
    if (m == NULL || op == NULL || xml == NULL || len == NULL || (soap_version != 1 && soap_version != 2))
        return mapp_err(&c, NULL, NULL, "map_request_xml: invalid arguments");
    c.status = 400;
    c.encoded = op->encoded;
    c.env = env;
    if (body != NULL && !json_is_object(body))
        return mapp_err(&c, "a JSON object", NULL, "the request body must be a JSON object");
    mapp_buf_adds(&w.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    mapp_w_bind(&w, env, "s");
    mapp_w_bind(&w, MAPP_NS_XSI, "i");
    if (op->encoded) { /* declared once for the xsi:type values of every element */
        mapp_w_bind(&w, MAPP_NS_XSD, "xsd");
        mapp_w_bind(&w, MAPP_NS_SOAPENC, "enc");
    }
    if (mapp_w_start(&w, env, "Envelope") < 0 || mapp_w_start(&w, env, "Body") < 0 ||
        write_wrapper(&c, &w, op, body) < 0 || mapp_w_end(&w) < 0 || mapp_w_end(&w) < 0)
        goto out;
    rc = 0;
out:
    if (w.out.oom || w.tags.oom || (rc < 0 && (err == NULL || err->message[0] == '\0'))) {
        c.status = w.bad_char ? 400 : 500; /* at the position where writing failed */
        mapp_err(&c, NULL, NULL, w.bad_char ? "a value holds a character XML cannot carry" : "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        *xml = w.out.p;
        *len = w.out.len;
        w.out.p = NULL;
    }
    mapp_w_free(&w);
    return rc;
}
