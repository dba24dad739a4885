/* model.c - turns the xs:schema elements of a contract into the in-memory schema model: global
 * declarations first (pass 1), then types, elements and content particles, resolved by pointer so that
 * recursive types cost nothing (pass 2), then derived-type lists, ArrayOfX wrappers and name checks. */

#include "map_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XS MAPP_NS_XSD
#define WSDL_NS MAPP_NS_WSDL

/* A named xs:group or xs:attributeGroup. */
struct mapp_group {
    xmlNodePtr node;
    const mapp_schema *schema;
    map_particle *p;        /* xs:group: its particle once built (shared by every reference) */
};

/* A growable array of pointers used while building; mapp_vec_done() moves it into the arena. */
struct vec {
    void **v;
    size_t n, cap;
};

static int build_type(mapp_build *b, map_type *t);
static int parse_particle(mapp_build *b, xmlNodePtr n, const mapp_schema *s, map_particle **out);
static int elem_fill(mapp_build *b, map_elem *e, xmlNodePtr n, const mapp_schema *s);
static map_elem *array_item(const map_type *t);

/* ---------------------------------------------------------------------------------------------------- */
/* Helpers                                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

int mapp_berr(mapp_build *b, const xmlNode *at, const char *fmt, ...)
{
    const char *file = at != NULL && at->doc != NULL && at->doc->URL != NULL ? (const char *)at->doc->URL
                                                                            : "?";
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mapp_fail(b->err, b->errlen, "%s:%ld: %s", file, at != NULL ? xmlGetLineNo(at) : 0L, msg);
}

const map_type *mapp_any_attr(const map_type *t)
{
    for (; t != NULL && t->kind == MAP_TYPE_COMPLEX; t = t->derivation == MAP_DERIVE_EXTENSION ? t->base : NULL)
        if (t->any_attr)
            return t;
    return NULL;
}

/* True when token tok (len bytes) of a namespace= list names namespace ns of a schema of namespace tns. */
static int ns_token_admits(const char *tok, size_t len, const char *ns, const char *tns)
{
    if (len == 7 && strncmp(tok, "##local", 7) == 0)
        return *ns == '\0';
    if (len == 17 && strncmp(tok, "##targetNamespace", 17) == 0)
        return strcmp(ns, tns) == 0;
    return strlen(ns) == len && strncmp(tok, ns, len) == 0;
}

int mapp_any_attr_allows(const map_type *t, const char *ns)
{
    const char *list = t->any_attr_ns, *tns = t->any_attr_tns != NULL ? t->any_attr_tns : "", *p = list;
    size_t len;

    ns = ns != NULL ? ns : "";
    if (list == NULL || strcmp(list, "##any") == 0)
        return 1;
    if (strcmp(list, "##other") == 0)
        return *ns != '\0' && strcmp(ns, tns) != 0;
    while (*(p += strspn(p, " \t\r\n")) != '\0') {
        len = strcspn(p, " \t\r\n");
        if (ns_token_admits(p, len, ns, tns))
            return 1;
        p += len;
    }
    return 0;
}

int mapp_note(mapp_build *b, const xmlNode *at, const char *fmt, ...)
{
    const char *file = at != NULL && at->doc != NULL && at->doc->URL != NULL ? (const char *)at->doc->URL
                                                                            : "?";
    map_model *m = b->m;
    char msg[512], *note, **v;
    va_list ap;
    int n;

    if (m->nnotes >= MAPP_MAX_NOTES)
        return 0;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    n = snprintf(NULL, 0, "%s:%ld: %s", file, at != NULL ? xmlGetLineNo(at) : 0L, msg);
    if ((v = realloc(m->notes, (m->nnotes + 1) * sizeof *v)) == NULL)
        return mapp_berr(b, at, "out of memory");
    m->notes = v;
    if ((note = malloc((size_t)n + 1)) == NULL)
        return mapp_berr(b, at, "out of memory");
    snprintf(note, (size_t)n + 1, "%s:%ld: %s", file, at != NULL ? xmlGetLineNo(at) : 0L, msg);
    m->notes[m->nnotes++] = note;
    return 0;
}

static int oom(mapp_build *b, const xmlNode *at)
{
    return mapp_berr(b, at, "out of memory");
}

static int vec_push(struct vec *v, void *p)
{
    if (v->n == v->cap) {
        size_t cap = v->cap == 0 ? 8 : v->cap * 2;
        void **nv = realloc(v->v, cap * sizeof *nv);

        if (nv == NULL)
            return -1;
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = p;
    return 0;
}

/* Moves v's items into the arena (*out, *n); frees v. Returns 0 or -1 (out of memory; v freed). */
static int vec_done(mapp_build *b, struct vec *v, void *out, size_t *n)
{
    void **dst = NULL;

    if (v->n > 0 && (dst = mapp_alloc(&b->m->arena, v->n * sizeof *dst)) == NULL) {
        free(v->v);
        return -1;
    }
    if (v->n > 0)
        memcpy(dst, v->v, v->n * sizeof *dst);
    memcpy(out, &dst, sizeof dst);
    *n = v->n;
    free(v->v);
    memset(v, 0, sizeof *v);
    return 0;
}

const char *mapp_prop(mapp_build *b, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    char *s;

    if (v == NULL)
        return NULL;
    s = mapp_strdup(&b->m->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static int prop_is(xmlNodePtr n, const char *name, const char *value)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    int eq = v != NULL && strcmp((const char *)v, value) == 0;

    xmlFree(v);
    return eq;
}

int mapp_qname_attr(mapp_build *b, xmlNodePtr at, const char *attr, const char **ns, const char **local)
{
    xmlChar *v = xmlGetNoNsProp(at, BAD_CAST attr);
    const char *colon;
    char *prefix = NULL;
    xmlNsPtr x;
    int rc = -1;

    if (v == NULL)
        return 1;
    colon = strchr((const char *)v, ':');
    if (colon != NULL && (prefix = strndup((const char *)v, (size_t)(colon - (const char *)v))) == NULL)
        goto out;
    x = xmlSearchNs(at->doc, at, BAD_CAST prefix);
    if (x == NULL && prefix != NULL) {
        rc = mapp_berr(b, at, "%s=\"%s\": namespace prefix '%s' is not declared", attr, (char *)v, prefix);
        goto out;
    }
    *ns = x != NULL ? mapp_strdup(&b->m->arena, (const char *)x->href) : NULL;
    *local = mapp_strdup(&b->m->arena, colon != NULL ? colon + 1 : (const char *)v);
    rc = *local != NULL && (x == NULL || *ns != NULL) ? 0 : oom(b, at);
out:
    free(prefix);
    xmlFree(v);
    return rc;
}

/* The text of the first xs:annotation/xs:documentation child of n, trimmed, or NULL. */
static const char *annotation(mapp_build *b, xmlNodePtr n)
{
    xmlNodePtr a = mapp_first_child(n, XS, "annotation"), d;
    xmlChar *text;
    const char *s, *e;
    char *out;

    if (a == NULL || (d = mapp_first_child(a, XS, "documentation")) == NULL)
        return NULL;
    if ((text = xmlNodeGetContent(d)) == NULL)
        return NULL;
    for (s = (const char *)text; *s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'; s++)
        ;
    for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r' || e[-1] == '\t'); e--)
        ;
    out = mapp_alloc(&b->m->arena, (size_t)(e - s) + 1);
    if (out != NULL)
        memcpy(out, s, (size_t)(e - s));
    xmlFree(text);
    return out;
}

/* True for an XSD element child that carries no content of its own (annotation, identity constraints). */
static int ignorable(const xmlNode *c)
{
    return c->type != XML_ELEMENT_NODE || mapp_is_elem(c, XS, "annotation") || mapp_is_elem(c, XS, "unique") ||
           mapp_is_elem(c, XS, "key") || mapp_is_elem(c, XS, "keyref");
}

static int unsupported(mapp_build *b, const xmlNode *c, const char *where)
{
    return mapp_berr(b, c, "xs:%s is not supported in %s", (const char *)c->name, where);
}

/* Reads minOccurs/maxOccurs of n (defaults 1). Returns 0, or -1 after mapp_berr. */
static int occurs(mapp_build *b, xmlNodePtr n, long *min, long *max)
{
    static const char *const names[2] = {"minOccurs", "maxOccurs"};
    long *dst[2] = {min, max};
    int i;

    for (i = 0; i < 2; i++) {
        xmlChar *v = xmlGetNoNsProp(n, BAD_CAST names[i]);
        char *end = NULL;

        *dst[i] = 1;
        if (v == NULL)
            continue;
        if (i == 1 && strcmp((const char *)v, "unbounded") == 0) {
            *dst[i] = MAP_UNBOUNDED;
        } else {
            errno = 0;
            *dst[i] = strtol((const char *)v, &end, 10);
            if (errno != 0 || end == (char *)v || *end != '\0' || *dst[i] < 0) {
                mapp_berr(b, n, "%s=\"%s\" is not a non-negative integer", names[i], (char *)v);
                xmlFree(v);
                return -1;
            }
        }
        xmlFree(v);
    }
    if (*max != MAP_UNBOUNDED && *max < *min)
        return mapp_berr(b, n, "maxOccurs is less than minOccurs");
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Types: allocation and lookup                                                                          */
/* ---------------------------------------------------------------------------------------------------- */

/* Allocates a type declared (or used anonymously) at n. Returns NULL after mapp_berr. */
static map_type *new_type(mapp_build *b, xmlNodePtr n, const mapp_schema *s, const char *name)
{
    map_type *t;

    if (++b->ntypes > MAPP_MAX_TYPES) {
        mapp_berr(b, n, "too many types (at most %d)", MAPP_MAX_TYPES);
        return NULL;
    }
    if ((t = mapp_alloc(&b->m->arena, sizeof *t)) == NULL) {
        oom(b, n);
        return NULL;
    }
    t->name = name;
    t->ns = name != NULL ? s->tns : NULL;
    /* Known before it is built, so a reference to a type still being declared is checked correctly. */
    t->kind = mapp_is_elem(n, XS, "complexType") ? MAP_TYPE_COMPLEX : MAP_TYPE_SIMPLE;
    t->node = n;
    t->schema = s;
    t->file = (const char *)n->doc->URL;
    t->line = xmlGetLineNo(n);
    t->next_all = b->m->all_types;
    b->m->all_types = t;
    return t;
}

/* Finds the type {ns}local referenced at `at`: a builtin or a declared type (not necessarily built yet:
 * references are pointers, which is what makes recursion free). NULL after mapp_berr. */
/* An element of no namespace named `name`, of type t, occurring min..max times, as a particle. */
static map_particle *plain_particle(mapp_build *b, const char *name, map_type *t, long min, long max)
{
    map_particle *p = mapp_alloc(&b->m->arena, sizeof *p);
    map_elem *e = mapp_alloc(&b->m->arena, sizeof *e);

    if (p == NULL || e == NULL)
        return NULL;
    e->name = name;
    e->min = min;
    e->max = max;
    e->nillable = 1;
    e->loose = 1;
    e->type = t;
    p->kind = MAP_PARTICLE_ELEMENT;
    p->min = min;
    p->max = max;
    p->elem = e;
    return p;
}

/* A complex type (name NULL: anonymous) whose content is the sequence of the n particles kids. */
static map_type *plain_sequence(mapp_build *b, const char *ns, const char *name, map_particle **kids, size_t n)
{
    map_type *t = mapp_alloc(&b->m->arena, sizeof *t);
    map_particle *seq = mapp_alloc(&b->m->arena, sizeof *seq);

    if (t == NULL || seq == NULL || (seq->kids = mapp_alloc(&b->m->arena, n * sizeof *kids)) == NULL)
        return NULL;
    memcpy(seq->kids, kids, n * sizeof *kids);
    seq->nkids = n;
    seq->kind = MAP_PARTICLE_SEQUENCE;
    seq->min = seq->max = 1;
    t->kind = MAP_TYPE_COMPLEX;
    t->ns = ns;
    t->name = name;
    t->content = seq;
    t->content_kind = MAP_CONTENT_ELEMENTS;
    t->state = 2;
    return t;
}

/* Apache SOAP's and Axis 1's built-in map (PHP's SoapServer writes associative arrays with it too),
 * which contracts reference without declaring: <item><key>k</key><value>v</value></item>...; a JSON
 * array of {"key", "value"} objects, both xs:anyType (SOAP encoding types them with xsi:type). */
static map_type *apache_map(mapp_build *b, xmlNodePtr at)
{
    map_type *any = b->m->builtin[MAP_XS_ANYTYPE], *entry, *map = b->m->apache_map;
    map_particle *kv[2], *item;

    if (map != NULL)
        return map;
    if ((kv[0] = plain_particle(b, "key", any, 0, 1)) == NULL || (kv[1] = plain_particle(b, "value", any, 0, 1)) == NULL ||
        (entry = plain_sequence(b, NULL, NULL, kv, 2)) == NULL ||
        (item = plain_particle(b, "item", entry, 0, MAP_UNBOUNDED)) == NULL ||
        (map = plain_sequence(b, MAPP_NS_APACHE_SOAP, "Map", &item, 1)) == NULL) {
        oom(b, at);
        return NULL;
    }
    item->elem->nillable = 0;
    map->array_item = item->elem;
    return b->m->apache_map = map;
}

map_type *mapp_lookup_type(mapp_build *b, xmlNodePtr at, const char *ns, const char *local)
{
    char key[512];
    map_type *t;
    enum map_builtin bi;

    /* SOAP encoding declares an element-friendly twin of every XSD builtin (soapenc:string, ...), with
     * the same value space; rpc/encoded contracts use them without importing a schema for them. */
    if (ns != NULL && strcmp(ns, MAPP_NS_SOAPENC) == 0 && strcmp(local, "base64") == 0)
        return b->m->builtin[MAP_XS_BASE64BINARY];
    if (ns != NULL && strcmp(ns, MAPP_NS_SOAPENC) == 0 && (bi = mapp_builtin_find(local)) != MAP_XS_NONE)
        return b->m->builtin[bi];
    if (ns != NULL && strcmp(ns, MAPP_NS_APACHE_SOAP) == 0 && strcmp(local, "Map") == 0 &&
        (mapp_qkey(key, sizeof key, ns, local) == NULL || mapp_hash_get(&b->m->types, key) == NULL))
        return apache_map(b, at); /* unless the contract declares a Map of its own there */
    if (ns != NULL && strcmp(ns, XS) == 0) {
        if ((bi = mapp_builtin_find(local)) == MAP_XS_NONE) {
            mapp_berr(b, at, "xs:%s is not a supported XSD builtin type", local);
            return NULL;
        }
        return b->m->builtin[bi];
    }
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (t = mapp_hash_get(&b->m->types, key)) == NULL) {
        mapp_berr(b, at, "type '{%s}%s' is not defined", ns != NULL ? ns : "", local);
        return NULL;
    }
    return t;
}

/* The type named by attribute `attr` of `at`; *t NULL when the attribute is absent. 0 or -1. */
static int type_attr(mapp_build *b, xmlNodePtr at, const char *attr, map_type **t)
{
    const char *ns, *local;
    int rc = mapp_qname_attr(b, at, attr, &ns, &local);

    *t = NULL;
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    *t = mapp_lookup_type(b, at, ns, local);
    return *t != NULL ? 0 : -1;
}

/* Builds an anonymous type declared by n (xs:simpleType / xs:complexType). NULL after mapp_berr. */
static map_type *anonymous(mapp_build *b, xmlNodePtr n, const mapp_schema *s)
{
    map_type *t = new_type(b, n, s, NULL);

    if (t == NULL || build_type(b, t) < 0)
        return NULL;
    return t;
}

/* Builds `base` before the type derived from it, detecting derivation cycles. */
static int build_base(mapp_build *b, xmlNodePtr at, map_type *base)
{
    if (base->state == 1)
        return mapp_berr(b, at, "circular type derivation through '%s'", base->name ? base->name : "?");
    return build_type(b, base);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Simple types and facets                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

/* Facets kept as text (bounds) or numbers, by their place in map_facets: one table, no branches. */
static const struct {
    const char *name;
    size_t off;
    int kind;       /* 0 text, 1 size_t, 2 unsigned */
    unsigned flag;
} facet_table[] = {
    {"minInclusive", offsetof(map_facets, min_inclusive), 0, 0},
    {"maxInclusive", offsetof(map_facets, max_inclusive), 0, 0},
    {"minExclusive", offsetof(map_facets, min_exclusive), 0, 0},
    {"maxExclusive", offsetof(map_facets, max_exclusive), 0, 0},
    {"length", offsetof(map_facets, length), 1, MAP_FACET_LENGTH},
    {"minLength", offsetof(map_facets, min_length), 1, MAP_FACET_MIN_LENGTH},
    {"maxLength", offsetof(map_facets, max_length), 1, MAP_FACET_MAX_LENGTH},
    {"totalDigits", offsetof(map_facets, total_digits), 2, MAP_FACET_TOTAL_DIGITS},
    {"fractionDigits", offsetof(map_facets, fraction_digits), 2, MAP_FACET_FRACTION_DIGITS},
};

/* Applies one table facet with value v to f. Returns 0 or -1 after mapp_berr. */
static int set_facet(mapp_build *b, map_facets *f, size_t i, xmlNodePtr c, const char *v)
{
    char *end = NULL;
    unsigned long long n;

    if (facet_table[i].kind == 0) {
        memcpy((char *)f + facet_table[i].off, &v, sizeof v);
        return 0;
    }
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || v[0] == '-' || n > 0xFFFFFFFFULL)
        return mapp_berr(b, c, "xs:%s value '%s' is not a non-negative integer", facet_table[i].name, v);
    if (facet_table[i].kind == 1) {
        size_t z = (size_t)n;
        memcpy((char *)f + facet_table[i].off, &z, sizeof z);
    } else {
        unsigned u = (unsigned)n;
        memcpy((char *)f + facet_table[i].off, &u, sizeof u);
    }
    f->set |= facet_table[i].flag;
    return 0;
}

/* Compiles the patterns of one restriction step into one regex appended to t->patterns. */
static int add_pattern_step(mapp_build *b, map_type *t, xmlNodePtr at, struct vec *pats)
{
    char re[4096];
    const char *why = NULL;
    mapp_pattern *p;
    mapp_pattern **list;
    int rc;

    if (mapp_xsd_regex((const char *const *)pats->v, pats->n, re, sizeof re, &why) < 0)
        return mapp_berr(b, at, "xs:pattern '%s': %s is not supported", (const char *)pats->v[0], why);
    if ((p = mapp_alloc(&b->m->arena, sizeof *p)) == NULL)
        return oom(b, at);
    if ((rc = regcomp(&p->re, re, REG_EXTENDED | REG_NOSUB)) != 0)
        return mapp_berr(b, at, "xs:pattern '%s' cannot be compiled (as POSIX ERE '%s')",
                         (const char *)pats->v[0], re);
    p->next = b->m->patterns;
    b->m->patterns = p;
    if ((list = mapp_alloc(&b->m->arena, (t->npatterns + 1) * sizeof *list)) == NULL)
        return oom(b, at);
    if (t->npatterns > 0)
        memcpy(list, t->patterns, t->npatterns * sizeof *list);
    list[t->npatterns++] = p;
    t->patterns = list;
    return 0;
}

/* Appends the step's pattern texts to the public facet list. */
static int add_pattern_texts(mapp_build *b, map_type *t, xmlNodePtr at, struct vec *pats)
{
    size_t n = t->facets.npatterns;
    const char **list = mapp_alloc(&b->m->arena, (n + pats->n) * sizeof *list);

    if (list == NULL)
        return oom(b, at);
    if (n > 0)
        memcpy(list, t->facets.patterns, n * sizeof *list);
    memcpy(list + n, pats->v, pats->n * sizeof *list);
    t->facets.patterns = list;
    t->facets.npatterns = n + pats->n;
    return 0;
}

/* Reads one facet child c of a restriction into t, collecting enumerations and patterns. */
static int facet(mapp_build *b, map_type *t, xmlNodePtr c, struct vec *enums, struct vec *pats)
{
    const char *v = mapp_prop(b, c, "value");
    size_t i;

    if (mapp_is_elem(c, XS, "whiteSpace"))
        return 0; /* values are compared as written; gSOAP and WCF emit them collapsed */
    if (v == NULL)
        return mapp_berr(b, c, "xs:%s has no value", (const char *)c->name);
    if (mapp_is_elem(c, XS, "enumeration"))
        return vec_push(enums, (void *)v) < 0 ? oom(b, c) : 0;
    if (mapp_is_elem(c, XS, "pattern"))
        return vec_push(pats, (void *)v) < 0 ? oom(b, c) : 0;
    for (i = 0; i < sizeof facet_table / sizeof facet_table[0]; i++)
        if (mapp_is_elem(c, XS, facet_table[i].name))
            return set_facet(b, &t->facets, i, c, v);
    return unsupported(b, c, "a restriction");
}

/* Reads the facets among the children of restriction r (skipping `skip`: its inline base type and, in
 * simpleContent, attributes) into t, which starts as a copy of its base. */
static int facets(mapp_build *b, map_type *t, xmlNodePtr r, int in_complex)
{
    struct vec enums = {0}, pats = {0};
    xmlNodePtr c;
    int rc = -1;

    for (c = r->children; c != NULL; c = c->next) {
        if (ignorable(c) || mapp_is_elem(c, XS, "simpleType"))
            continue;
        if (in_complex && (mapp_is_elem(c, XS, "attribute") || mapp_is_elem(c, XS, "attributeGroup")))
            continue;
        if (facet(b, t, c, &enums, &pats) < 0)
            goto out;
    }
    if (pats.n > 0 && (add_pattern_step(b, t, r, &pats) < 0 || add_pattern_texts(b, t, r, &pats) < 0))
        goto out;
    if (enums.n > 0 && vec_done(b, &enums, &t->facets.enums, &t->facets.nenums) < 0)
        goto out;
    rc = 0;
out:
    free(enums.v);
    free(pats.v);
    return rc;
}

/* Makes t a restriction of simple type `base` (copying its variety, builtin, facets), then applies r. */
static int restrict_simple(mapp_build *b, map_type *t, map_type *base, xmlNodePtr r, int in_complex)
{
    if (base->kind != MAP_TYPE_SIMPLE)
        return mapp_berr(b, r, "the base of a simple type must be a simple type");
    if (build_base(b, r, base) < 0)
        return -1;
    t->kind = MAP_TYPE_SIMPLE;
    t->base = base;
    t->derivation = MAP_DERIVE_RESTRICTION;
    t->variety = base->variety;
    t->builtin = base->builtin;
    t->item = base->item;
    t->facets = base->facets;
    t->patterns = base->patterns;
    t->npatterns = base->npatterns;
    return facets(b, t, r, in_complex);
}

/* The base of restriction or extension r: its base attribute or its inline xs:simpleType child. */
static int derivation_base(mapp_build *b, xmlNodePtr r, const mapp_schema *s, map_type **base)
{
    xmlNodePtr inl;

    if (type_attr(b, r, "base", base) < 0)
        return -1;
    if (*base != NULL)
        return 0;
    if ((inl = mapp_first_child(r, XS, "simpleType")) == NULL)
        return mapp_berr(b, r, "xs:%s has neither a base nor an inline type", (const char *)r->name);
    return (*base = anonymous(b, inl, s)) != NULL ? 0 : -1;
}

/* xs:list: JSON array of the item type's values. */
static int simple_list(mapp_build *b, map_type *t, xmlNodePtr l)
{
    map_type *item;
    xmlNodePtr inl;

    if (type_attr(b, l, "itemType", &item) < 0)
        return -1;
    if (item == NULL) {
        if ((inl = mapp_first_child(l, XS, "simpleType")) == NULL)
            return mapp_berr(b, l, "xs:list has no item type");
        if ((item = anonymous(b, inl, t->schema)) == NULL)
            return -1;
    }
    if (item->kind != MAP_TYPE_SIMPLE)
        return mapp_berr(b, l, "xs:list item type must be simple");
    if (build_base(b, l, item) < 0)
        return -1;
    if (item->variety != MAP_VARIETY_ATOMIC)
        return mapp_berr(b, l, "xs:list of a list or union is not supported");
    t->variety = MAP_VARIETY_LIST;
    t->item = item;
    t->builtin = item->builtin;
    return 0;
}

static int build_simple(mapp_build *b, map_type *t)
{
    xmlNodePtr c;
    map_type *base;

    t->kind = MAP_TYPE_SIMPLE;
    for (c = t->node->children; c != NULL; c = c->next) {
        if (ignorable(c))
            continue;
        if (mapp_is_elem(c, XS, "restriction")) {
            if (derivation_base(b, c, t->schema, &base) < 0 || restrict_simple(b, t, base, c, 0) < 0)
                return -1;
        } else if (mapp_is_elem(c, XS, "list")) {
            if (simple_list(b, t, c) < 0)
                return -1;
        } else if (mapp_is_elem(c, XS, "union")) {
            /* Members are not tried one by one: a union travels as its text. */
            t->variety = MAP_VARIETY_UNION;
            t->builtin = MAP_XS_STRING;
        } else {
            return unsupported(b, c, "xs:simpleType");
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Elements and attributes                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

/* Copies the declaration of global element/attribute g into a new local use with its own occurrences. */
static map_elem *use_of(mapp_build *b, const map_elem *g, xmlNodePtr at)
{
    map_elem *e = mapp_alloc(&b->m->arena, sizeof *e);

    if (e == NULL) {
        oom(b, at);
        return NULL;
    }
    *e = *g;
    e->is_global = 0;
    e->node = NULL;
    e->file = (const char *)at->doc->URL;
    e->line = xmlGetLineNo(at);
    return e;
}

/* Builds a global element on first use (a ref may come before the declaration is built). */
static int build_global_elem(mapp_build *b, map_elem *g)
{
    if (g->state != 0)
        return 0; /* built, or being built: its type pointer is set before anything recursive */
    g->state = 1;
    if (elem_fill(b, g, g->node, g->schema) < 0)
        return -1;
    g->state = 2;
    return 0;
}

/* Resolves ref="..." of an element particle to a new use of the global element. */
static map_elem *elem_ref(mapp_build *b, xmlNodePtr n)
{
    const char *ns, *local;
    char key[512];
    map_elem *g;

    if (mapp_qname_attr(b, n, "ref", &ns, &local) != 0)
        return NULL;
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (g = mapp_hash_get(&b->m->elems, key)) == NULL) {
        mapp_berr(b, n, "element '{%s}%s' is not defined", ns != NULL ? ns : "", local);
        return NULL;
    }
    if (build_global_elem(b, g) < 0)
        return NULL;
    return use_of(b, g, n);
}

/* Sets e->type from n's type attribute, its inline type, or xs:anyType when it has neither. The type
 * pointer is stored before an inline type is built, so a reference back to e finds it. */
static int elem_type(mapp_build *b, map_elem *e, xmlNodePtr n, const mapp_schema *s)
{
    xmlNodePtr inl = mapp_first_child(n, XS, "complexType");

    if (type_attr(b, n, "type", &e->type) < 0)
        return -1;
    if (e->type != NULL)
        return 0;
    if (inl == NULL)
        inl = mapp_first_child(n, XS, "simpleType");
    if (inl == NULL) {
        e->type = b->m->builtin[e->is_attr ? MAP_XS_ANYSIMPLETYPE : MAP_XS_ANYTYPE];
        return 0;
    }
    if ((e->type = new_type(b, inl, s, NULL)) == NULL)
        return -1;
    if (++b->depth > MAPP_MAX_DEPTH)
        return mapp_berr(b, n, "nesting deeper than %d", MAPP_MAX_DEPTH);
    if (build_type(b, e->type) < 0)
        return -1;
    b->depth--;
    return 0;
}

/* Fills element or attribute declaration e (name and namespace already set) from n. */
static int elem_fill(mapp_build *b, map_elem *e, xmlNodePtr n, const mapp_schema *s)
{
    if (xmlHasProp(n, BAD_CAST "substitutionGroup") != NULL || prop_is(n, "abstract", "true"))
        return mapp_berr(b, n, "substitution groups (substitutionGroup, abstract elements) are not supported");
    e->nillable = prop_is(n, "nillable", "true");
    e->default_value = mapp_prop(b, n, "default");
    e->fixed_value = mapp_prop(b, n, "fixed");
    e->doc = annotation(b, n);
    e->file = (const char *)n->doc->URL;
    e->line = xmlGetLineNo(n);
    if (e->type != NULL && e->type->kind == MAP_TYPE_COMPLEX && e->is_attr)
        return mapp_berr(b, n, "an attribute must have a simple type");
    return elem_type(b, e, n, s);
}

/* True when a local declaration at n is namespace-qualified (form, else the schema default). */
static int qualified(xmlNodePtr n, int dflt)
{
    if (prop_is(n, "form", "qualified"))
        return 1;
    if (prop_is(n, "form", "unqualified"))
        return 0;
    return dflt;
}

/* A local xs:element of a content model: a declaration or a ref. NULL after mapp_berr. */
static map_elem *local_elem(mapp_build *b, xmlNodePtr n, const mapp_schema *s)
{
    map_elem *e;

    if (xmlHasProp(n, BAD_CAST "ref") != NULL)
        return elem_ref(b, n);
    if ((e = mapp_alloc(&b->m->arena, sizeof *e)) == NULL) {
        oom(b, n);
        return NULL;
    }
    if ((e->name = mapp_prop(b, n, "name")) == NULL) {
        mapp_berr(b, n, "xs:element has neither a name nor a ref");
        return NULL;
    }
    e->ns = qualified(n, s->elem_qualified) ? s->tns : NULL;
    return elem_fill(b, e, n, s) < 0 ? NULL : e;
}

/* A local xs:attribute (declaration or ref) appended to v; prohibited ones are skipped. */
static int local_attr(mapp_build *b, xmlNodePtr n, const mapp_schema *s, struct vec *v)
{
    const char *ns, *local;
    char key[512];
    map_elem *e, *g;

    if (prop_is(n, "use", "prohibited"))
        return 0;
    if (mapp_qname_attr(b, n, "ref", &ns, &local) == 0) {
        if (mapp_qkey(key, sizeof key, ns, local) == NULL || (g = mapp_hash_get(&b->attrs, key)) == NULL)
            return mapp_berr(b, n, "attribute '{%s}%s' is not defined", ns != NULL ? ns : "", local);
        if (build_global_elem(b, g) < 0 || (e = use_of(b, g, n)) == NULL)
            return -1;
    } else if (xmlHasProp(n, BAD_CAST "ref") != NULL) {
        return -1; /* the ref did not resolve; mapp_qname_attr said why */
    } else {
        if ((e = mapp_alloc(&b->m->arena, sizeof *e)) == NULL || (e->name = mapp_prop(b, n, "name")) == NULL)
            return e == NULL ? oom(b, n) : mapp_berr(b, n, "xs:attribute has neither a name nor a ref");
        e->is_attr = 1;
        e->ns = qualified(n, s->attr_qualified) ? s->tns : NULL;
        if (elem_fill(b, e, n, s) < 0)
            return -1;
    }
    e->required = prop_is(n, "use", "required");
    e->min = e->required;
    e->max = 1;
    return vec_push(v, e) < 0 ? oom(b, n) : 0;
}

/* The first xs:anyAttribute met while collecting a type's attributes, and the schema it is written in. */
struct any_attr {
    xmlNodePtr node;
    const mapp_schema *s;
};

static int attr_children(mapp_build *b, xmlNodePtr parent, const mapp_schema *s, struct vec *v, struct any_attr *any);

/* Expands attributeGroup ref n into v. */
static int attr_group(mapp_build *b, xmlNodePtr n, struct vec *v, struct any_attr *any)
{
    const char *ns, *local;
    char key[512];
    struct mapp_group *g;
    int rc;

    if ((rc = mapp_qname_attr(b, n, "ref", &ns, &local)) != 0)
        return rc < 0 ? -1 : mapp_berr(b, n, "xs:attributeGroup without ref");
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (g = mapp_hash_get(&b->agroups, key)) == NULL)
        return mapp_berr(b, n, "attributeGroup '{%s}%s' is not defined", ns != NULL ? ns : "", local);
    if (++b->depth > MAPP_MAX_DEPTH)
        return mapp_berr(b, n, "attributeGroup nesting deeper than %d (circular?)", MAPP_MAX_DEPTH);
    rc = attr_children(b, g->node, g->schema, v, any);
    b->depth--;
    return rc;
}

/* Collects the attribute and attributeGroup children of parent into v (other children are skipped). */
static int attr_children(mapp_build *b, xmlNodePtr parent, const mapp_schema *s, struct vec *v, struct any_attr *any)
{
    xmlNodePtr c;

    for (c = parent->children; c != NULL; c = c->next) {
        if (mapp_is_elem(c, XS, "anyAttribute") && any->node == NULL) {
            any->node = c;
            any->s = s;
        }
        if (mapp_is_elem(c, XS, "attribute") && local_attr(b, c, s, v) < 0)
            return -1;
        if (mapp_is_elem(c, XS, "attributeGroup") && attr_group(b, c, v, any) < 0)
            return -1;
    }
    return 0;
}

/* The attributes of complex type t written under parent, and its xs:anyAttribute (the first one, when
 * attribute groups bring several: XSD would intersect their namespaces; contracts repeat ##other). */
static int take_attrs(mapp_build *b, map_type *t, xmlNodePtr parent)
{
    struct vec v = {0};
    struct any_attr any = {NULL, NULL};

    if (attr_children(b, parent, t->schema, &v, &any) < 0) {
        free(v.v);
        return -1;
    }
    if (any.node != NULL) {
        t->any_attr = 1;
        t->any_attr_ns = mapp_prop(b, any.node, "namespace");
        t->any_attr_tns = any.s != NULL ? any.s->tns : NULL;
    }
    return vec_done(b, &v, &t->attrs, &t->nattrs) < 0 ? oom(b, parent) : 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Content particles                                                                                     */
/* ---------------------------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    enum map_particle_kind kind;
} group_kinds[] = {
    {"sequence", MAP_PARTICLE_SEQUENCE},
    {"choice", MAP_PARTICLE_CHOICE},
    {"all", MAP_PARTICLE_ALL},
};

static int is_group_kind(const xmlNode *n, enum map_particle_kind *kind)
{
    size_t i;

    for (i = 0; i < sizeof group_kinds / sizeof group_kinds[0]; i++) {
        if (mapp_is_elem(n, XS, group_kinds[i].name)) {
            *kind = group_kinds[i].kind;
            return 1;
        }
    }
    return 0;
}

static int is_particle(const xmlNode *c)
{
    enum map_particle_kind k;

    return is_group_kind(c, &k) || mapp_is_elem(c, XS, "element") || mapp_is_elem(c, XS, "any") ||
           mapp_is_elem(c, XS, "group");
}

/* Fills group particle p (kind already set) from the children of model group n. */
static int fill_group(mapp_build *b, map_particle *p, xmlNodePtr n, const mapp_schema *s)
{
    struct vec v = {0};
    map_particle *kid;
    xmlNodePtr c;

    for (c = n->children; c != NULL; c = c->next) {
        if (ignorable(c))
            continue;
        if (!is_particle(c) || (p->kind == MAP_PARTICLE_ALL && !mapp_is_elem(c, XS, "element"))) {
            free(v.v);
            return unsupported(b, c, (const char *)n->name);
        }
        if (parse_particle(b, c, s, &kid) < 0) {
            free(v.v);
            return -1;
        }
        if (kid != NULL && vec_push(&v, kid) < 0) {
            free(v.v);
            return oom(b, c);
        }
    }
    return vec_done(b, &v, &p->kids, &p->nkids) < 0 ? oom(b, n) : 0;
}

/* Resolves xs:group ref n; the group's particle is built once and shared by every reference. */
static int group_ref(mapp_build *b, xmlNodePtr n, map_particle **out)
{
    const char *ns, *local;
    char key[512];
    struct mapp_group *g;
    xmlNodePtr c;
    int rc;

    if ((rc = mapp_qname_attr(b, n, "ref", &ns, &local)) != 0)
        return rc < 0 ? -1 : mapp_berr(b, n, "xs:group without ref");
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (g = mapp_hash_get(&b->groups, key)) == NULL)
        return mapp_berr(b, n, "group '{%s}%s' is not defined", ns != NULL ? ns : "", local);
    if (g->p == NULL) {
        for (c = g->node->children; c != NULL && !is_group_kind(c, &(enum map_particle_kind){0}); c = c->next)
            ;
        if (c == NULL)
            return mapp_berr(b, g->node, "xs:group has no sequence, choice or all");
        if ((g->p = mapp_alloc(&b->m->arena, sizeof *g->p)) == NULL)
            return oom(b, n);
        is_group_kind(c, &g->p->kind);
        g->p->min = g->p->max = 1;
        if (fill_group(b, g->p, c, g->schema) < 0)
            return -1;
    }
    *out = g->p;
    return 0;
}

/* Wraps a shared particle when its use has occurrences of its own. */
static map_particle *with_occurs(mapp_build *b, map_particle *p, long min, long max, xmlNodePtr at)
{
    map_particle *w;

    if (min == p->min && max == p->max)
        return p;
    if ((w = mapp_alloc(&b->m->arena, sizeof *w)) == NULL) {
        oom(b, at);
        return NULL;
    }
    *w = *p;
    w->min = min;
    w->max = max;
    return w;
}

/* Appends the JAXB-style name part of the members of group p to buf ("a", "b" -> "aOrB" for a choice,
 * "aAndB" for a sequence): element names, "Any" for xs:any, a nested repeated group's own name. */
static void group_words(const map_particle *p, const char *joiner, char *buf, size_t size)
{
    size_t i, n;
    const char *w;

    for (i = 0; i < p->nkids; i++) {
        const map_particle *k = p->kids[i];

        if (k->kind != MAP_PARTICLE_ELEMENT && k->kind != MAP_PARTICLE_ANY && k->name == NULL) {
            group_words(k, k->kind == MAP_PARTICLE_CHOICE ? "Or" : "And", buf, size);
            continue;
        }
        w = k->kind == MAP_PARTICLE_ELEMENT ? k->elem->name : k->kind == MAP_PARTICLE_ANY ? "Any" : k->name;
        n = strlen(buf);
        if (n > 0)
            snprintf(buf + n, size - n, "%s%c%s", joiner, w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 'A' : w[0],
                     w + 1);
        else
            snprintf(buf, size, "%s", w);
    }
}

/* Names the JSON property of a repeated group (maxOccurs > 1): an array of objects, one per occurrence,
 * each holding the group's members, which is the one shape that keeps their interleaving (JAXB names
 * such a list the same way). */
static int name_group(mapp_build *b, map_particle *p, xmlNodePtr at)
{
    char buf[256] = "";

    group_words(p, p->kind == MAP_PARTICLE_CHOICE ? "Or" : "And", buf, sizeof buf);
    if (buf[0] == '\0')
        return mapp_berr(b, at, "a repeated xs:%s without members", (const char *)at->name);
    return (p->name = mapp_strdup(&b->m->arena, buf)) != NULL ? 0 : oom(b, at);
}

/* Fills particle p (occurrences set) from element, any or group node n. */
static int fill_particle(mapp_build *b, map_particle *p, xmlNodePtr n, const mapp_schema *s)
{
    if (mapp_is_elem(n, XS, "element")) {
        p->kind = MAP_PARTICLE_ELEMENT;
        if ((p->elem = local_elem(b, n, s)) == NULL)
            return -1;
        p->elem->min = p->min; /* the occurrences of this use, also for a ref */
        p->elem->max = p->max;
        return 0;
    }
    if (mapp_is_elem(n, XS, "any")) {
        p->kind = MAP_PARTICLE_ANY;
        p->any_ns = mapp_prop(b, n, "namespace");
        p->any_ns = p->any_ns != NULL ? p->any_ns : "##any";
        p->any_target = s->tns;
        return 0;
    }
    is_group_kind(n, &p->kind);
    return fill_group(b, p, n, s);
}

/* Parses one particle n. *out NULL (and 0 returned) when maxOccurs="0" makes it vanish. */
static int parse_particle(mapp_build *b, xmlNodePtr n, const mapp_schema *s, map_particle **out)
{
    map_particle *p;
    long min, max;
    int rc = -1;

    *out = NULL;
    if (occurs(b, n, &min, &max) < 0)
        return -1;
    if (max == 0)
        return 0;
    if (++b->depth > MAPP_MAX_DEPTH)
        return mapp_berr(b, n, "content nesting deeper than %d", MAPP_MAX_DEPTH);
    if (mapp_is_elem(n, XS, "group")) {
        if (group_ref(b, n, &p) == 0 && (*out = with_occurs(b, p, min, max, n)) != NULL)
            rc = 0;
    } else if ((p = mapp_alloc(&b->m->arena, sizeof *p)) == NULL) {
        rc = oom(b, n);
    } else {
        p->min = min;
        p->max = max;
        if ((rc = fill_particle(b, p, n, s)) == 0)
            *out = p;
    }
    b->depth--;
    if (rc == 0 && (*out)->kind != MAP_PARTICLE_ELEMENT && (*out)->kind != MAP_PARTICLE_ANY && max != 1)
        rc = name_group(b, *out, n);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Complex types                                                                                         */
/* ---------------------------------------------------------------------------------------------------- */

/* Reads the content particle among the children of parent (at most one). */
static int content_of(mapp_build *b, map_type *t, xmlNodePtr parent)
{
    xmlNodePtr c;

    for (c = parent->children; c != NULL; c = c->next) {
        if (!is_particle(c))
            continue;
        if (mapp_is_elem(c, XS, "element") || mapp_is_elem(c, XS, "any"))
            return unsupported(b, c, "a complex type directly (wrap it in xs:sequence)");
        if (t->content != NULL)
            return mapp_berr(b, c, "a complex type has more than one content model");
        if (parse_particle(b, c, t->schema, &t->content) < 0)
            return -1;
    }
    return 0;
}

/* Rejects children of a complex type's part other than particles, attributes and annotations. */
static int only_content(mapp_build *b, xmlNodePtr parent, const char *where)
{
    xmlNodePtr c;

    for (c = parent->children; c != NULL; c = c->next) {
        if (ignorable(c) || is_particle(c) || mapp_is_elem(c, XS, "attribute") ||
            mapp_is_elem(c, XS, "attributeGroup") || mapp_is_elem(c, XS, "anyAttribute"))
            continue;
        return unsupported(b, c, where);
    }
    return 0;
}

static int item_sequence(mapp_build *b, map_type *t, map_type *it, xmlNodePtr at);

/* An anonymous SOAP-encoded array of items of type it (the inner arrays of "T[][]"), or NULL after
 * mapp_berr. */
static map_type *inner_array(mapp_build *b, map_type *it, xmlNodePtr at)
{
    map_type *t = mapp_alloc(&b->m->arena, sizeof *t);

    if (t == NULL) {
        oom(b, at);
        return NULL;
    }
    t->kind = MAP_TYPE_COMPLEX;
    t->soapenc_array = 1;
    t->content_kind = MAP_CONTENT_ELEMENTS;
    t->state = 2;
    t->file = (const char *)at->doc->URL;
    t->line = xmlGetLineNo(at);
    if (item_sequence(b, t, it, at) < 0)
        return NULL;
    t->array_item = t->content->kids[0]->elem;
    return t;
}

/* The item type a soapenc:Array restriction r names in wsdl:arrayType="ns:T[]" on its soapenc:arrayType
 * attribute ("ns:T[][]": an array of arrays of T), or NULL when it names none. *bad set after
 * mapp_berr. */
static map_type *array_type_attr(mapp_build *b, xmlNodePtr r, int *bad, int *rank)
{
    xmlNodePtr a;
    xmlChar *v;
    const char *colon, *local, *ns = NULL;
    map_type *t = NULL;
    char *prefix = NULL;
    const char *dims;
    size_t end, nest = 0;
    xmlNsPtr x;

    *rank = 1;
    for (a = r->children; a != NULL; a = a->next)
        if (mapp_is_elem(a, XS, "attribute") && (v = xmlGetNsProp(a, BAD_CAST "arrayType", BAD_CAST WSDL_NS)) != NULL)
            break;
    if (a == NULL)
        return NULL;
    end = strcspn((const char *)v, "[");
    dims = (const char *)v + end;
    if (dims[0] == '[' && dims[1] == ',') { /* "T[,]": one multi-dimensional array */
        for (dims++; *dims == ','; dims++)
            ++*rank;
        nest = *dims == ']' && dims[1] == '\0' ? 1 : 0;
        dims += nest;
    } else {
        for (; strncmp(dims, "[]", 2) == 0; dims += 2)
            nest++;
    }
    if (nest == 0 || *dims != '\0' || nest > 8 || *rank > 8) {
        *bad = mapp_berr(b, a, "wsdl:arrayType=\"%s\": only T[], arrays of arrays (T[][]) and multi-dimensional "
                         "arrays (T[,]) of up to 8 dimensions are supported", (const char *)v);
        xmlFree(v);
        return NULL;
    }
    v[end] = '\0';
    colon = strchr((const char *)v, ':');
    local = colon != NULL ? colon + 1 : (const char *)v;
    if (colon != NULL && (prefix = strndup((const char *)v, (size_t)(colon - (const char *)v))) == NULL)
        *bad = oom(b, a);
    else if ((x = xmlSearchNs(a->doc, a, BAD_CAST prefix)) == NULL && prefix != NULL)
        *bad = mapp_berr(b, a, "wsdl:arrayType: namespace prefix '%s' is not declared", prefix);
    else if ((ns = x != NULL ? mapp_strdup(&b->m->arena, (const char *)x->href) : NULL), 1)
        t = mapp_lookup_type(b, a, ns, mapp_strdup(&b->m->arena, local));
    while (t != NULL && --nest > 0)
        t = inner_array(b, t, a); /* "T[][]": the items are arrays of T */
    if (t == NULL && !*bad)
        *bad = -1;
    free(prefix);
    xmlFree(v);
    return t;
}

/* A SOAP-encoded array (complexContent restriction of soapenc:Array): a JSON array whose items are
 * written as <item> and read whatever their name, of the type wsdl:arrayType names (or the element the
 * restriction declares; neither: xs:anyType). */
static int soapenc_array(mapp_build *b, map_type *t, xmlNodePtr r)
{
    map_type *it;
    int bad = 0;

    t->derivation = MAP_DERIVE_NONE;
    t->soapenc_array = 1;
    if (content_of(b, t, r) < 0)
        return -1;
    if (t->content != NULL && (t->array_item = array_item(t)) != NULL)
        return 0; /* the restriction spells out its repeated element */
    it = array_type_attr(b, r, &bad, &t->rank);
    if (bad)
        return -1;
    return item_sequence(b, t, it, r);
}

/* The content of SOAP-encoded array type t: a sequence of any number of nillable <item> of type it
 * (NULL: xs:anyType), read whatever their name. 0 or -1 after mapp_berr. */
static int item_sequence(mapp_build *b, map_type *t, map_type *it, xmlNodePtr r)
{
    map_particle *seq = NULL, *p;
    map_elem *item;

    if ((item = mapp_alloc(&b->m->arena, sizeof *item)) == NULL || (seq = mapp_alloc(&b->m->arena, sizeof *seq)) == NULL ||
        (p = mapp_alloc(&b->m->arena, sizeof *p)) == NULL || (seq->kids = mapp_alloc(&b->m->arena, sizeof *seq->kids)) == NULL)
        return oom(b, r);
    item->name = "item";
    item->min = 0;
    item->max = MAP_UNBOUNDED;
    item->nillable = 1;
    item->loose = 1;
    item->type = it != NULL ? it : b->m->builtin[MAP_XS_ANYTYPE];
    item->file = t->file;
    item->line = t->line;
    p->kind = MAP_PARTICLE_ELEMENT;
    p->min = 0;
    p->max = MAP_UNBOUNDED;
    p->elem = item;
    seq->kind = MAP_PARTICLE_SEQUENCE;
    seq->min = seq->max = 1;
    seq->kids[0] = p;
    seq->nkids = 1;
    t->content = seq;
    return 0;
}

/* True when attribute `attr` of n is the QName {ns}local. */
static int qname_is(xmlNodePtr n, const char *attr, const char *ns, const char *local)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST attr);
    const char *colon = v != NULL ? strchr((const char *)v, ':') : NULL;
    xmlChar *prefix = colon != NULL ? xmlStrndup(v, (int)(colon - (const char *)v)) : NULL;
    xmlNsPtr x = v != NULL ? xmlSearchNs(n->doc, n, prefix) : NULL;
    int eq = x != NULL && strcmp((const char *)x->href, ns) == 0 &&
             strcmp(colon != NULL ? colon + 1 : (const char *)v, local) == 0;

    xmlFree(prefix);
    xmlFree(v);
    return eq;
}

static int complex_content(mapp_build *b, map_type *t, xmlNodePtr cc)
{
    xmlNodePtr r = mapp_first_child(cc, XS, "extension");
    map_type *base;

    if (prop_is(cc, "mixed", "true"))
        return mapp_berr(b, cc, "mixed content (mixed=\"true\") is not supported");
    t->derivation = r != NULL ? MAP_DERIVE_EXTENSION : MAP_DERIVE_RESTRICTION;
    if (r == NULL && (r = mapp_first_child(cc, XS, "restriction")) == NULL)
        return mapp_berr(b, cc, "xs:complexContent without extension or restriction");
    if (qname_is(r, "base", MAPP_NS_SOAPENC, "Array"))
        return t->derivation == MAP_DERIVE_RESTRICTION ? soapenc_array(b, t, r)
                                                      : mapp_berr(b, r, "an extension of soapenc:Array is not supported");
    if (type_attr(b, r, "base", &base) < 0)
        return -1;
    if (base == NULL)
        return mapp_berr(b, r, "xs:%s without base", (const char *)r->name);
    if (base == b->m->builtin[MAP_XS_ANYTYPE]) {
        t->derivation = MAP_DERIVE_NONE; /* deriving from anyType is deriving from nothing */
    } else {
        if (build_base(b, r, base) < 0)
            return -1;
        if (base->kind != MAP_TYPE_COMPLEX)
            return mapp_berr(b, r, "complexContent base must be a complex type");
        if (base->value != NULL)
            return mapp_berr(b, r, "complexContent derived from a simpleContent type is not supported");
        t->base = base;
    }
    if (only_content(b, r, "a complexContent derivation") < 0 || content_of(b, t, r) < 0)
        return -1;
    return take_attrs(b, t, r);
}

static int simple_content(mapp_build *b, map_type *t, xmlNodePtr sc)
{
    xmlNodePtr r = mapp_first_child(sc, XS, "extension");
    int ext = r != NULL;
    map_type *base, *value;

    if (r == NULL && (r = mapp_first_child(sc, XS, "restriction")) == NULL)
        return mapp_berr(b, sc, "xs:simpleContent without extension or restriction");
    if (derivation_base(b, r, t->schema, &base) < 0 || build_base(b, r, base) < 0)
        return -1;
    value = base->kind == MAP_TYPE_SIMPLE ? base : base->value;
    if (value == NULL)
        return mapp_berr(b, r, "simpleContent base must be a simple type or have simple content");
    if (!ext && (value = new_type(b, r, t->schema, NULL)) != NULL) {
        value->state = 2;
        if (restrict_simple(b, value, base->kind == MAP_TYPE_SIMPLE ? base : base->value, r, 1) < 0)
            return -1;
    }
    if (value == NULL)
        return -1;
    t->base = base;
    t->derivation = ext ? MAP_DERIVE_EXTENSION : MAP_DERIVE_RESTRICTION;
    t->value = value;
    t->builtin = value->builtin;
    return take_attrs(b, t, r);
}

static int build_complex(mapp_build *b, map_type *t)
{
    xmlNodePtr n = t->node, c;

    t->kind = MAP_TYPE_COMPLEX;
    t->abstract = prop_is(n, "abstract", "true");
    if ((c = mapp_first_child(n, XS, "complexContent")) != NULL) {
        if (prop_is(n, "mixed", "true"))
            return mapp_berr(b, n, "mixed content (mixed=\"true\") in a complexContent derivation is not supported");
        return complex_content(b, t, c);
    }
    if (prop_is(n, "mixed", "true")) {
        /* Text and elements interleaved: "$value" holds the content as an XML fragment (the one form that
         * keeps the interleaving exactly), attributes are properties beside it. */
        if (only_content(b, n, "xs:complexType") < 0)
            return -1;
        t->value = b->m->builtin[MAP_XS_ANYTYPE];
        t->builtin = MAP_XS_ANYTYPE;
        return take_attrs(b, t, n);
    }
    if ((c = mapp_first_child(n, XS, "simpleContent")) != NULL)
        return simple_content(b, t, c);
    if (only_content(b, n, "xs:complexType") < 0 || content_of(b, t, n) < 0)
        return -1;
    return take_attrs(b, t, n);
}

/* Builds t once; state 1 marks a build in progress (a base or list item cycle shows as state 1). */
static int build_type(mapp_build *b, map_type *t)
{
    int rc;

    if (t->state != 0)
        return 0;
    t->state = 1;
    t->doc = annotation(b, t->node);
    rc = mapp_is_elem(t->node, XS, "complexType") ? build_complex(b, t) : build_simple(b, t);
    t->state = 2;
    return rc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Pass 1: global declarations                                                                           */
/* ---------------------------------------------------------------------------------------------------- */

/* Stores value under {tns}name in h; a second declaration of the same name is an error. */
static int declare(mapp_build *b, mapp_hash *h, xmlNodePtr n, const mapp_schema *s, const char *name,
                   void *value)
{
    char key[512];
    int rc;

    if (mapp_qkey(key, sizeof key, s->tns, name) == NULL)
        return mapp_berr(b, n, "name too long");
    if ((rc = mapp_hash_put(h, key, value)) < 0)
        return oom(b, n);
    if (rc > 0)
        return mapp_berr(b, n, "xs:%s '{%s}%s' is declared twice", (const char *)n->name,
                         s->tns != NULL ? s->tns : "", name);
    return 0;
}

static int declare_type(mapp_build *b, xmlNodePtr n, const mapp_schema *s, const char *name)
{
    map_model *m = b->m;
    map_type *t = new_type(b, n, s, name), **list;

    if (t == NULL || declare(b, &m->types, n, s, name, t) < 0)
        return -1;
    if ((list = realloc(m->type_list, (m->ntypes + 1) * sizeof *list)) == NULL)
        return oom(b, n);
    m->type_list = list;
    m->type_list[m->ntypes++] = t;
    return 0;
}

static int declare_elem(mapp_build *b, xmlNodePtr n, const mapp_schema *s, const char *name, int is_attr)
{
    map_model *m = b->m;
    map_elem *e = mapp_alloc(&m->arena, sizeof *e), **list;

    if (e == NULL)
        return oom(b, n);
    e->name = name;
    e->ns = s->tns; /* global declarations are always qualified */
    e->is_attr = is_attr;
    e->is_global = 1;
    e->min = e->max = 1;
    e->node = n;
    e->schema = s;
    if (declare(b, is_attr ? &b->attrs : &m->elems, n, s, name, e) < 0)
        return -1;
    if (is_attr)
        return 0;
    if (m->nelems == MAPP_MAX_ELEMS)
        return mapp_berr(b, n, "too many global elements (at most %d)", MAPP_MAX_ELEMS);
    if ((list = realloc(m->elem_list, (m->nelems + 1) * sizeof *list)) == NULL)
        return oom(b, n);
    m->elem_list = list;
    m->elem_list[m->nelems++] = e;
    return 0;
}

static int declare_group(mapp_build *b, mapp_hash *h, xmlNodePtr n, const mapp_schema *s, const char *name)
{
    struct mapp_group *g = mapp_alloc(&b->m->arena, sizeof *g);

    if (g == NULL)
        return oom(b, n);
    g->node = n;
    g->schema = s;
    return declare(b, h, n, s, name, g);
}

/* Declares one top-level child c of a schema. */
static int declare_one(mapp_build *b, xmlNodePtr c, const mapp_schema *s)
{
    const char *name = mapp_prop(b, c, "name");

    if (name == NULL)
        return mapp_berr(b, c, "top-level xs:%s without a name", (const char *)c->name);
    if (mapp_is_elem(c, XS, "complexType") || mapp_is_elem(c, XS, "simpleType"))
        return declare_type(b, c, s, name);
    if (mapp_is_elem(c, XS, "element") || mapp_is_elem(c, XS, "attribute"))
        return declare_elem(b, c, s, name, mapp_is_elem(c, XS, "attribute"));
    if (mapp_is_elem(c, XS, "group"))
        return declare_group(b, &b->groups, c, s, name);
    if (mapp_is_elem(c, XS, "attributeGroup"))
        return declare_group(b, &b->agroups, c, s, name);
    return unsupported(b, c, "xs:schema");
}

int mapp_schema_declare(mapp_build *b, xmlNodePtr schema)
{
    mapp_schema *s = mapp_alloc(&b->m->arena, sizeof *s);
    xmlNodePtr c;

    if (s == NULL)
        return oom(b, schema);
    s->tns = mapp_prop(b, schema, "targetNamespace");
    s->elem_qualified = prop_is(schema, "elementFormDefault", "qualified");
    s->attr_qualified = prop_is(schema, "attributeFormDefault", "qualified");
    for (c = schema->children; c != NULL; c = c->next) {
        if (ignorable(c) || mapp_is_elem(c, XS, "import") || mapp_is_elem(c, XS, "include") ||
            mapp_is_elem(c, XS, "notation"))
            continue;
        if (declare_one(b, c, s) < 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Pass 3: what needs every type built                                                                   */
/* ---------------------------------------------------------------------------------------------------- */

/* Content kind of complex type t, following extension to its base. */
static enum map_content content_kind(const map_type *t)
{
    if (t->value != NULL)
        return MAP_CONTENT_SIMPLE;
    if (t->content != NULL && (t->content->kind == MAP_PARTICLE_ELEMENT || t->content->kind == MAP_PARTICLE_ANY ||
                               t->content->nkids > 0))
        return MAP_CONTENT_ELEMENTS;
    if (t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX)
        return content_kind(t->base);
    return MAP_CONTENT_EMPTY;
}

/* The ArrayOfX test: no base, no attributes, one repeated element as the whole content. */
static map_elem *array_item(const map_type *t)
{
    const map_particle *p = t->content;

    if (t->kind != MAP_TYPE_COMPLEX || t->base != NULL || t->nattrs > 0 || p == NULL)
        return NULL;
    if (p->kind != MAP_PARTICLE_ELEMENT) {
        if (p->kind != MAP_PARTICLE_SEQUENCE || p->nkids != 1 || p->max != 1)
            return NULL;
        p = p->kids[0];
    }
    if (p->kind != MAP_PARTICLE_ELEMENT || (p->max != MAP_UNBOUNDED && p->max <= 1))
        return NULL;
    return p->elem;
}

/* Adds t to the derived list of each of its named complex ancestors (counting first when `count`). */
static int register_derived(mapp_build *b, map_type *t)
{
    map_type *a, **list;

    if (t->name == NULL || t->kind != MAP_TYPE_COMPLEX)
        return 0;
    for (a = t->base; a != NULL && a->kind == MAP_TYPE_COMPLEX; a = a->base) {
        if ((list = mapp_alloc(&b->m->arena, (a->nderived + 1) * sizeof *list)) == NULL)
            return oom(b, t->node);
        if (a->nderived > 0)
            memcpy(list, a->derived, a->nderived * sizeof *list);
        list[a->nderived++] = t;
        a->derived = list;
    }
    return 0;
}

/* Property names of one JSON object, to find clashes (linear: types are small). */
struct names {
    const char *v[256];
    size_t n;
};

static int add_name(mapp_build *b, struct names *nm, const char *name, const map_type *t)
{
    size_t i;

    for (i = 0; i < nm->n; i++)
        if (strcmp(nm->v[i], name) == 0)
            return mapp_fail(b->err, b->errlen, "%s:%ld: property name '%s' appears twice in type '%s' "
                             "(JSON would merge them)", t->file, t->line, name, t->name ? t->name : "(anonymous)");
    if (nm->n == sizeof nm->v / sizeof nm->v[0])
        return mapp_fail(b->err, b->errlen, "%s:%ld: type has more than %zu properties", t->file, t->line,
                         sizeof nm->v / sizeof nm->v[0]);
    nm->v[nm->n++] = name;
    return 0;
}

static int particle_names(mapp_build *b, struct names *nm, const map_particle *p, const map_type *t)
{
    size_t i;

    if (p == NULL)
        return 0;
    if (p->kind == MAP_PARTICLE_ELEMENT)
        return add_name(b, nm, p->elem->name, t);
    if (p->kind == MAP_PARTICLE_ANY)
        return add_name(b, nm, "$any", t);
    if (p->name != NULL)
        return add_name(b, nm, p->name, t);
    for (i = 0; i < p->nkids; i++)
        if (particle_names(b, nm, p->kids[i], t) < 0)
            return -1;
    return 0;
}

/* Collects every property of t's JSON object (base first for extensions) into nm. */
static int type_names(mapp_build *b, struct names *nm, const map_type *t, const map_type *owner)
{
    size_t i;

    if (t->derivation == MAP_DERIVE_EXTENSION && t->base != NULL && t->base->kind == MAP_TYPE_COMPLEX &&
        type_names(b, nm, t->base, owner) < 0)
        return -1;
    for (i = 0; i < t->nattrs; i++)
        if (add_name(b, nm, t->attrs[i]->name, owner) < 0)
            return -1;
    return particle_names(b, nm, t->content, owner);
}

static int finish_type(mapp_build *b, map_type *t)
{
    struct names nm;

    if (t->kind != MAP_TYPE_COMPLEX || t->state != 2)
        return 0;
    t->content_kind = content_kind(t);
    t->array_item = array_item(t);
    nm.n = 0;
    if (type_names(b, &nm, t, t) < 0)
        return -1;
    return register_derived(b, t);
}

int mapp_schema_build(mapp_build *b)
{
    map_model *m = b->m;
    map_type *t;
    size_t i;

    for (i = 0; i < m->ntypes; i++)
        if (build_type(b, m->type_list[i]) < 0)
            return -1;
    for (i = 0; i < m->nelems; i++)
        if (build_global_elem(b, m->elem_list[i]) < 0)
            return -1;
    for (t = m->all_types; t != NULL; t = t->next_all)
        if (finish_type(b, t) < 0)
            return -1;
    return 0;
}

void mapp_build_clear(mapp_build *b)
{
    mapp_hash_free(&b->groups);
    mapp_hash_free(&b->agroups);
    mapp_hash_free(&b->attrs);
}
