/* openapi.c - the OpenAPI 3.1 document of the REST routes, generated from the schema model: one JSON
 * Schema per named type (components/schemas), the routes as paths, every success and error response.
 * Three passes: walk every type the routes reach (deciding which become components), name the
 * components, then render. The schemas follow the transcoder's rules (design.md section 3). */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "map_int.h" /* mapp_builtin_row(): the lexical patterns of the builtin types */
#include "openapi.h"

#define OA_MAX_DEPTH 64           /* inline type nesting; deeper content renders as {} */
#define OA_SCHEMAS "#/components/schemas/"
#define OA_RESPONSES "#/components/responses/"
#define OA_INLINE_DONE ((size_t)-1) /* ptrmap value: an inline type walked completely */
#define OA_PROBLEM "application/problem+json"

/* Flags of elem_schema() / type_ref(). */
enum {
    F_NONULL = 1,     /* no "null" anywhere (parameters: a URL cannot carry null) */
    F_ITEM = 2,       /* render one occurrence (an item of an ArrayOfX wrapper) */
    F_NONULL_TOP = 4, /* no "null" at the top only (a request body is the entity itself) */
    F_NULL_OPT = 8    /* an absent optional element reads back as null (an unwrapped result) */
};

/* A pointer -> index hash (open addressing; capacity a power of two, at most half full). */
typedef struct ptrmap {
    const void **key;
    size_t *val;
    size_t cap, n;
} ptrmap;

/* One components/schemas entry: a type, or the problem schema of a declared fault element. */
typedef struct oa_comp {
    const map_type *type;
    const map_elem *fault;
    const char *hint;          /* a promoted anonymous type: the element it is named after */
    char *name;
} oa_comp;

typedef struct oa {
    const map_model *m;
    const map_routes *rs;
    oa_comp *comps;
    size_t ncomps, capcomps;
    ptrmap seen;               /* type -> comps index, or OA_INLINE_DONE */
    ptrmap faults;             /* fault element -> comps index */
    const map_type *stack[OA_MAX_DEPTH]; /* inline types being walked, to find recursion */
    size_t depth;
    unsigned used_responses;   /* bit i: generic_errors[i] is referenced */
    int failed;                /* an allocation failed somewhere: the result is dropped */
} oa;

/* ---- small helpers -------------------------------------------------------------------------- */

/* Sets o[k] = v (stealing v); remembers a failure instead of returning it, so builders stay linear. */
static void set(oa *o, json_t *obj, const char *k, json_t *v)
{
    if (!v || json_object_set_new(obj, k, v))
        o->failed = 1;
}

static void push(oa *o, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v))
        o->failed = 1;
}

static json_t *parse(oa *o, const char *text)
{
    json_t *v = json_loads(text, 0, NULL);

    if (!v)
        o->failed = 1;
    return v;
}

static int is_xsd_builtin(const map_type *t)
{
    return map_type_ns(t) && !strcmp(map_type_ns(t), MAPP_NS_XSD);
}

static size_t ptr_slot(const ptrmap *pm, const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;

    x ^= x >> 29;
    x *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 17) & (pm->cap - 1);
}

/* The value stored for p, or NULL. */
static size_t *ptrmap_get(const ptrmap *pm, const void *p)
{
    size_t i;

    if (!pm->cap)
        return NULL;
    for (i = ptr_slot(pm, p); pm->key[i]; i = (i + 1) & (pm->cap - 1))
        if (pm->key[i] == p)
            return &pm->val[i];
    return NULL;
}

static int ptrmap_grow(ptrmap *pm)
{
    ptrmap big = { calloc(pm->cap ? pm->cap * 2 : 64, sizeof(void *)), NULL, pm->cap ? pm->cap * 2 : 64, 0 };
    size_t i, j;

    if (!big.key || !(big.val = calloc(big.cap, sizeof(size_t)))) {
        free(big.key);
        return -1;
    }
    for (i = 0; i < pm->cap; i++) {
        if (!pm->key[i])
            continue;
        for (j = ptr_slot(&big, pm->key[i]); big.key[j]; j = (j + 1) & (big.cap - 1))
            ;
        big.key[j] = pm->key[i];
        big.val[j] = pm->val[i];
    }
    big.n = pm->n;
    free(pm->key);
    free(pm->val);
    *pm = big;
    return 0;
}

/* Stores p -> v (p must not be stored yet). Returns 0 or -1 when out of memory (nothing changed). */
static int ptrmap_put(ptrmap *pm, const void *p, size_t v)
{
    size_t i;

    if ((pm->n + 1) * 2 > pm->cap && ptrmap_grow(pm))
        return -1;
    for (i = ptr_slot(pm, p); pm->key[i]; i = (i + 1) & (pm->cap - 1))
        ;
    pm->key[i] = p;
    pm->val[i] = v;
    pm->n++;
    return 0;
}

static void ptrmap_free(ptrmap *pm)
{
    free(pm->key);
    free(pm->val);
}

/* ---- the model's shapes ------------------------------------------------------------------- */

/* The member of complex type t named `name` (its own content, after the base's for an extension). */
static const map_elem *particle_member(const map_particle *p, const char *name)
{
    const map_elem *e;
    size_t i;

    if (!p || map_particle_group_name(p))
        return NULL;
    if (map_particle_kind(p) == MAP_PARTICLE_ELEMENT) {
        e = map_particle_elem(p);
        return e && !strcmp(map_elem_name(e), name) ? e : NULL;
    }
    for (i = 0; i < map_particle_count(p); i++)
        if ((e = particle_member(map_particle_child(p, i), name)))
            return e;
    return NULL;
}

static const map_elem *find_member(const map_type *t, const char *name)
{
    const map_elem *e;

    if (!t || map_type_kind(t) != MAP_TYPE_COMPLEX)
        return NULL;
    if (map_type_derivation(t) == MAP_DERIVE_EXTENSION && (e = find_member(map_type_base(t), name)))
        return e;
    return particle_member(map_type_content(t), name);
}

/* The element a '/'-separated route target ("product/Id") names inside the request wrapper. */
static const map_elem *target_elem(const map_op *op, const char *target)
{
    const map_type *t = map_op_input(op) ? map_elem_type(map_op_input(op)) : NULL;
    const map_elem *e = NULL;
    char buf[256], *save = NULL, *seg;

    snprintf(buf, sizeof(buf), "%s", target);
    for (seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!(e = find_member(t, seg)))
            return NULL;
        t = map_elem_type(e);
    }
    return e;
}

/* ---- pass 1: which types become components ------------------------------------------------ */

static int add_comp(oa *o, const map_type *t, const map_elem *fault, const char *hint)
{
    if (o->ncomps == o->capcomps) {
        size_t cap = o->capcomps ? o->capcomps * 2 : 32;
        oa_comp *p = realloc(o->comps, cap * sizeof(*p));
        if (!p)
            return o->failed = 1, -1;
        o->comps = p;
        o->capcomps = cap;
    }
    o->comps[o->ncomps] = (oa_comp){ t, fault, hint, NULL };
    if (ptrmap_put(t ? &o->seen : &o->faults, t ? (const void *)t : (const void *)fault, o->ncomps))
        return o->failed = 1, -1;
    o->ncomps++;
    return 0;
}

/* Named types are components; anonymous types and ArrayOfX wrappers are written inline where they are
 * used, unless they recur inside themselves (then they are promoted to a component, which $ref can
 * point at: an inline schema cannot contain itself). */
static int is_named_comp(const map_type *t)
{
    return map_type_name(t) && !is_xsd_builtin(t) && !map_type_array_item(t);
}

static void walk_type(oa *o, const map_type *t, const char *hint);

static void walk_particle(oa *o, const map_particle *p)
{
    size_t i;

    if (!p)
        return;
    if (map_particle_kind(p) == MAP_PARTICLE_ELEMENT && map_particle_elem(p))
        walk_type(o, map_elem_type(map_particle_elem(p)), map_elem_name(map_particle_elem(p)));
    for (i = 0; i < map_particle_count(p); i++)
        walk_particle(o, map_particle_child(p, i));
}

/* Everything a type's schema refers to: base, value, list item, content, attributes, derived types
 * (a "$type" may name any of them). Simple bases are not walked: their facets are merged into t. */
static void walk_contents(oa *o, const map_type *t)
{
    size_t i;

    if (map_type_kind(t) == MAP_TYPE_SIMPLE) {
        walk_type(o, map_type_item(t), NULL);
        return;
    }
    if (map_type_base(t) && map_type_kind(map_type_base(t)) == MAP_TYPE_COMPLEX)
        walk_type(o, map_type_base(t), NULL);
    walk_type(o, map_type_value(t), NULL);
    walk_particle(o, map_type_content(t));
    for (i = 0; i < map_type_attr_count(t); i++)
        walk_type(o, map_elem_type(map_type_attr(t, i)), NULL);
    for (i = 0; i < map_type_derived_count(t); i++)
        walk_type(o, map_type_derived(t, i), NULL);
}

static void walk_type(oa *o, const map_type *t, const char *hint)
{
    size_t i;

    if (!t || is_xsd_builtin(t) || ptrmap_get(&o->seen, t) || o->failed)
        return;
    if (is_named_comp(t)) {
        if (!add_comp(o, t, NULL, hint))
            walk_contents(o, t);
        return;
    }
    for (i = 0; i < o->depth; i++)
        if (o->stack[i] == t) {
            add_comp(o, t, NULL, hint ? hint : "Type");
            return;
        }
    if (o->depth == OA_MAX_DEPTH)
        return;
    o->stack[o->depth++] = t;
    walk_contents(o, t);
    o->depth--;
    if (!ptrmap_get(&o->seen, t) && ptrmap_put(&o->seen, t, OA_INLINE_DONE))
        o->failed = 1;
}

static void walk_routes(oa *o)
{
    size_t i, f;

    for (i = 0; i < map_routes_count(o->rs); i++) {
        const map_op *op = map_route_op(map_routes_at(o->rs, i));
        if (map_op_input(op))
            walk_type(o, map_elem_type(map_op_input(op)), map_elem_name(map_op_input(op)));
        if (map_op_output(op))
            walk_type(o, map_elem_type(map_op_output(op)), map_elem_name(map_op_output(op)));
        for (f = 0; f < map_op_fault_count(op); f++) {
            const map_elem *fe = map_fault_elem(map_op_fault(op, f));
            if (!fe)
                continue;
            walk_type(o, map_elem_type(fe), map_elem_name(fe));
            if (!ptrmap_get(&o->faults, fe))
                add_comp(o, NULL, fe, NULL);
        }
    }
}

/* ---- pass 2: component names ---------------------------------------------------------------- */

/* Component names must match ^[a-zA-Z0-9.\-_]+$: anything else becomes '_'. */
static void sanitize(char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != '_')
            *s = '_';
}

/* The last segment of a namespace URI that starts with a letter ("Arrays" of
 * ".../Serialization/Arrays", "inventory" of "http://soaprest.org/inventory/2026/11"). */
static void ns_tag(const char *ns, char *out, size_t len)
{
    const char *best = NULL, *p = ns ? ns : "";
    size_t n = 0;

    for (; *p; p++)
        if ((p == ns || p[-1] == '/' || p[-1] == ':') && isalpha((unsigned char)*p))
            best = p;
    if (best)
        n = strcspn(best, "/:#");
    snprintf(out, len, "%.*s", (int)n, best ? best : "");
    if (!out[0])
        snprintf(out, len, "ns");
}

static const char *comp_base(const oa_comp *c)
{
    if (c->fault)
        return map_elem_name(c->fault);
    return map_type_name(c->type) ? map_type_name(c->type) : c->hint;
}

static int name_taken(const oa *o, const char *name)
{
    size_t i;

    if (!strcmp(name, "Problem"))
        return 1; /* the shared problem schema */
    for (i = 0; i < o->ncomps; i++)
        if (o->comps[i].name && !strcmp(o->comps[i].name, name))
            return 1;
    return 0;
}

/* Two types with one local name in different namespaces are both qualified ("Arrays.ArrayOfstring");
 * whatever still collides gets a number. */
static int base_clashes(const oa *o, size_t k)
{
    size_t i;

    for (i = 0; i < o->ncomps && o->comps[k].type; i++)
        if (i != k && o->comps[i].type && !strcmp(comp_base(&o->comps[i]), comp_base(&o->comps[k])))
            return 1;
    return 0;
}

static void name_comps(oa *o)
{
    char want[300], tag[64], name[320];
    size_t i;
    int n;

    for (i = 0; i < o->ncomps; i++) {
        oa_comp *c = &o->comps[i];
        if (c->fault) {
            snprintf(want, sizeof(want), "%sProblem", comp_base(c));
        } else if (base_clashes(o, i)) {
            ns_tag(map_type_ns(c->type), tag, sizeof(tag));
            snprintf(want, sizeof(want), "%s.%s", tag, comp_base(c));
        } else {
            snprintf(want, sizeof(want), "%s", comp_base(c));
        }
        sanitize(want);
        snprintf(name, sizeof(name), "%s", want);
        for (n = 2; name_taken(o, name); n++)
            snprintf(name, sizeof(name), "%s_%d", want, n);
        if (!(c->name = strdup(name)))
            o->failed = 1;
    }
}

static const oa_comp *comp_of(const oa *o, const map_type *t)
{
    size_t *v = ptrmap_get(&o->seen, t);

    return v && *v != OA_INLINE_DONE ? &o->comps[*v] : NULL;
}

static json_t *ref_to(oa *o, const char *prefix, const char *name)
{
    char buf[400];

    json_t *r;

    snprintf(buf, sizeof(buf), "%s%s", prefix, name);
    if (!(r = json_pack("{s:s}", "$ref", buf)))
        o->failed = 1;
    return r;
}

/* ---- pass 3: schemas of simple types -------------------------------------------------------- */

/* What each JSON kind looks like before facets (map.h enum map_json_kind, doc/mapping.md). */
static const char *const kind_schema[] = {
    [MAP_JSON_STRING] = "{\"type\": \"string\"}",
    [MAP_JSON_BOOLEAN] = "{\"type\": \"boolean\"}",
    [MAP_JSON_INTEGER] = "{\"type\": \"integer\"}",
    /* a number, or one of the strings the XSD lexical space adds */
    [MAP_JSON_NUMBER] = "{\"type\": [\"number\", \"string\"], \"pattern\": \"^(-?INF|NaN)$\"}",
    /* lossless text; numbers are accepted on input too (said in the description: components are
     * shared by requests and responses, and generated clients should send the exact text) */
    [MAP_JSON_DECIMAL] = "{\"type\": \"string\", \"format\": \"decimal\","
                         " \"pattern\": \"^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)$\","
                         " \"description\": \"A decimal as exact text (\\\"19.99\\\"); a JSON number is accepted on input.\"}",
    [MAP_JSON_XML] = "{\"type\": \"string\", \"contentMediaType\": \"application/xml\"}",
};

/* Builtins that need more than their kind and format say. */
static const struct {
    enum map_builtin b;
    const char *extra;
} builtin_extra[] = {
    { MAP_XS_BASE64BINARY, "{\"contentEncoding\": \"base64\"}" },
    { MAP_XS_HEXBINARY, "{\"contentEncoding\": \"base16\"}" },
    { MAP_XS_DATETIME, "{\"description\": \"ISO 8601 date and time; the offset is kept as sent\"}" },
    /* the transcoder takes 64-bit integers as digit strings too, for JavaScript clients */
    { MAP_XS_LONG, "{\"description\": \"A 64-bit integer; a string of digits is accepted on input\"}" },
};

static void merge(oa *o, json_t *dst, const char *text)
{
    json_t *v = parse(o, text);

    if (v && json_object_update(dst, v))
        o->failed = 1;
    json_decref(v);
}

/* Lexical text -> the JSON value of a kind (enumerations, defaults). */
static json_t *lexical_value(enum map_json_kind kind, const char *text)
{
    char *end;
    long long ll;
    double d;

    errno = 0;
    if (kind == MAP_JSON_INTEGER && (ll = strtoll(text, &end, 10), !*end && !errno && end != text))
        return json_integer(ll);
    if (kind == MAP_JSON_BOOLEAN)
        return json_boolean(!strcmp(text, "true") || !strcmp(text, "1"));
    if (kind == MAP_JSON_NUMBER && (d = strtod(text, &end), !*end && !errno && end != text))
        return json_real(d);
    return json_string(text);
}

/* An integer bound as JSON, or NULL when the text is not an int64. */
static json_t *int_bound(const char *text)
{
    char *end;
    long long v;

    if (!text)
        return NULL;
    errno = 0;
    v = strtoll(text, &end, 10);
    return !*end && !errno && end != text ? json_integer(v) : NULL;
}

/* xs:integer, xs:unsignedLong and the like exceed int64: values outside it travel as strings. */
static void integer_range(oa *o, json_t *s, const map_builtin_info *bi)
{
    json_t *lo = int_bound(bi->min), *hi = int_bound(bi->max);

    if ((bi->min && !lo) || (bi->max && !hi) || !bi->min || !bi->max) {
        set(o, s, "type", json_pack("[ss]", "integer", "string"));
        set(o, s, "pattern", json_string("^[+-]?[0-9]+$"));
    }
    if (lo)
        set(o, s, "minimum", lo);
    if (hi)
        set(o, s, "maximum", hi);
}

static json_t *builtin_schema(oa *o, enum map_builtin b)
{
    const map_builtin_info *bi = map_builtin_describe(b);
    const char *lex = mapp_builtin_row(b)->lexical;
    json_t *s;
    size_t i;

    if (!bi)
        return json_object();
    s = parse(o, kind_schema[bi->json]);
    if (bi->format && bi->json != MAP_JSON_DECIMAL)
        set(o, s, "format", json_string(bi->format));
    if (bi->json == MAP_JSON_INTEGER)
        integer_range(o, s, bi);
    if (bi->json == MAP_JSON_STRING && !bi->format && lex)
        set(o, s, "pattern", json_string(lex)); /* gYear, language, hexBinary, ...: ERE = ECMA here */
    for (i = 0; i < sizeof(builtin_extra) / sizeof(builtin_extra[0]); i++)
        if (builtin_extra[i].b == b)
            merge(o, s, builtin_extra[i].extra);
    return s;
}

/* ---- XSD patterns -> ECMA-262 patterns (JSON Schema's dialect) ------------------------------ */

typedef struct rbuf {
    char *p;
    size_t n, size;
    int bad;
} rbuf;

static void rput(rbuf *b, const char *s)
{
    size_t l = strlen(s);

    if (b->n + l >= b->size) {
        b->bad = 1;
        return;
    }
    memcpy(b->p + b->n, s, l + 1);
    b->n += l;
}

/* XSD escapes and their ECMA spelling outside and inside a class (NULL: not expressible there). The
 * multi-character escapes are narrowed as the transcoder narrows them (\d is ASCII digits). */
static const struct {
    char c;
    const char *outside, *inside;
} rx_escapes[] = {
    { 'd', "[0-9]", "0-9" },     { 'D', "[^0-9]", NULL },
    { 's', "[ \\t\\n\\r]", " \\t\\n\\r" }, { 'S', "[^ \\t\\n\\r]", NULL },
    { 'w', "[0-9A-Za-z_]", "0-9A-Za-z_" }, { 'W', "[^0-9A-Za-z_]", NULL },
    { 'n', "\\n", "\\n" },       { 'r', "\\r", "\\r" },       { 't', "\\t", "\\t" },
};

/* One escape \c; returns -1 for \i, \c, \p{..} and the like (no ECMA equivalent worth guessing). */
static int rx_escape(rbuf *b, char c, int in_class)
{
    char lit[3] = { '\\', c, '\0' };
    size_t i;

    for (i = 0; i < sizeof(rx_escapes) / sizeof(rx_escapes[0]); i++)
        if (rx_escapes[i].c == c) {
            const char *s = in_class ? rx_escapes[i].inside : rx_escapes[i].outside;
            if (!s)
                return -1;
            rput(b, s);
            return 0;
        }
    if (!c || !strchr("\\.?*+{}()[]|^$-", c))
        return -1;
    rput(b, c == '-' && !in_class ? "-" : lit); /* "\-" outside a class is an error in unicode mode */
    return 0;
}

/* One XSD pattern; XSD has no anchors ('^' and '$' are literals) and '.' excludes only CR and LF. */
static int rx_pattern(rbuf *b, const char *s)
{
    int in_class = 0;
    char c[2] = { 0, 0 };

    for (; *s; s++) {
        if (*s == '\\') {
            if (rx_escape(b, *++s, in_class))
                return -1;
        } else if (in_class && *s == '-' && s[1] == '[') {
            return -1; /* class subtraction */
        } else if (!in_class && (*s == '^' || *s == '$')) {
            rput(b, *s == '^' ? "\\^" : "\\$");
        } else if (!in_class && *s == '.') {
            rput(b, "[^\\n\\r]");
        } else {
            in_class = *s == '[' ? 1 : *s == ']' ? 0 : in_class;
            c[0] = *s;
            rput(b, c);
        }
    }
    return in_class ? -1 : 0;
}

/* The anchored ECMA pattern of a type's XSD patterns, or -1 when one cannot be translated. Patterns of
 * different derivation steps should all hold; map.h gives them as one list, so they are OR-ed: the
 * schema may accept more than the transcoder, never less. */
static int xsd_to_ecma(const map_facets *f, char *out, size_t size)
{
    rbuf b = { out, 0, size, 0 };
    size_t i;

    rput(&b, "^(?:");
    for (i = 0; i < f->npatterns; i++) {
        rput(&b, i ? "|" : "");
        if (rx_pattern(&b, f->patterns[i]))
            return -1;
    }
    rput(&b, ")$");
    return b.bad ? -1 : 0;
}

/* ---- facets --------------------------------------------------------------------------------- */

/* Appends a sentence to the schema's description ("XSD pattern: ...", "At least 0.01."). */
static void note(oa *o, json_t *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(oa *o, json_t *s, const char *fmt, ...)
{
    const char *old = json_string_value(json_object_get(s, "description"));
    char buf[1024], add[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(add, sizeof(add), fmt, ap);
    va_end(ap);
    snprintf(buf, sizeof(buf), "%s%s%s", old ? old : "", old ? " " : "", add);
    set(o, s, "description", json_string(buf));
}

static void facet_patterns(oa *o, json_t *s, const map_facets *f)
{
    char re[2048];

    if (!f->npatterns)
        return;
    if (xsd_to_ecma(f, re, sizeof(re))) {
        note(o, s, "XSD pattern (not expressible here): %s.", f->patterns[0]);
        return;
    }
    if (json_object_get(s, "pattern"))
        set(o, s, "allOf", json_pack("[{s:s}]", "pattern", re)); /* the lexical pattern stays */
    else
        set(o, s, "pattern", json_string(re));
}

static void facet_lengths(oa *o, json_t *s, const map_facets *f, int items)
{
    const char *lo = items ? "minItems" : "minLength", *hi = items ? "maxItems" : "maxLength";

    if (f->set & MAP_FACET_LENGTH) {
        set(o, s, lo, json_integer((json_int_t)f->length));
        set(o, s, hi, json_integer((json_int_t)f->length));
    }
    if (f->set & MAP_FACET_MIN_LENGTH)
        set(o, s, lo, json_integer((json_int_t)f->min_length));
    if (f->set & MAP_FACET_MAX_LENGTH)
        set(o, s, hi, json_integer((json_int_t)f->max_length));
}

/* Numeric bounds: JSON numbers for integers and floats; text in the description for decimals (a
 * string), dates and durations (JSON Schema bounds only numbers). */
static void facet_bounds(oa *o, json_t *s, const map_facets *f, enum map_json_kind kind)
{
    static const struct {
        size_t off;
        const char *key, *other, *words; /* other: the builtin's bound on that side, which yields */
    } bounds[] = {
        { offsetof(map_facets, min_inclusive), "minimum", "exclusiveMinimum", "At least" },
        { offsetof(map_facets, max_inclusive), "maximum", "exclusiveMaximum", "At most" },
        { offsetof(map_facets, min_exclusive), "exclusiveMinimum", "minimum", "More than" },
        { offsetof(map_facets, max_exclusive), "exclusiveMaximum", "maximum", "Less than" },
    };
    json_t *bound;
    size_t i;

    for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
        const char *v;
        memcpy(&v, (const char *)f + bounds[i].off, sizeof(v));
        if (!v)
            continue;
        if (kind == MAP_JSON_INTEGER || kind == MAP_JSON_NUMBER)
            json_object_del(s, bounds[i].other); /* a facet is within the builtin's range */
        if (kind == MAP_JSON_INTEGER && (bound = int_bound(v)))
            set(o, s, bounds[i].key, bound);
        else if (kind == MAP_JSON_NUMBER)
            set(o, s, bounds[i].key, json_real(strtod(v, NULL)));
        else
            note(o, s, "%s %s.", bounds[i].words, v);
    }
}

static void facet_digits(oa *o, json_t *s, const map_facets *f)
{
    if (f->set & MAP_FACET_TOTAL_DIGITS)
        note(o, s, "At most %u digits.", f->total_digits);
    if (f->set & MAP_FACET_FRACTION_DIGITS)
        note(o, s, "At most %u digits after the point.", f->fraction_digits);
}

/* Binary length facets count octets, not characters of the text: said in words. */
static void binary_lengths(oa *o, json_t *s, const map_facets *f)
{
    if (f->set & MAP_FACET_LENGTH)
        note(o, s, "Exactly %zu bytes.", f->length);
    if (f->set & MAP_FACET_MIN_LENGTH)
        note(o, s, "At least %zu bytes.", f->min_length);
    if (f->set & MAP_FACET_MAX_LENGTH)
        note(o, s, "At most %zu bytes.", f->max_length);
}

static void facet_enums(oa *o, json_t *s, const map_facets *f, enum map_json_kind kind)
{
    json_t *e = json_array();
    size_t i;

    for (i = 0; i < f->nenums; i++)
        push(o, e, lexical_value(kind, f->enums[i]));
    set(o, s, "enum", e);
}

static json_t *type_ref(oa *o, const map_type *t, unsigned flags);

static json_t *simple_schema(oa *o, const map_type *t)
{
    const map_facets *f = map_type_facets(t);
    const map_builtin_info *bi = map_builtin_describe(map_type_builtin(t));
    enum map_json_kind kind = bi ? bi->json : MAP_JSON_STRING;
    json_t *s;

    if (map_type_variety(t) == MAP_VARIETY_LIST) {
        s = json_pack("{s:s}", "type", "array");
        set(o, s, "items", type_ref(o, map_type_item(t), 0));
        if (f)
            facet_lengths(o, s, f, 1);
        return s;
    }
    s = map_type_variety(t) == MAP_VARIETY_UNION ? json_pack("{s:s}", "type", "string")
                                                 : builtin_schema(o, map_type_builtin(t));
    if (!s || !f)
        return s;
    if (f->nenums)
        facet_enums(o, s, f, kind);
    facet_patterns(o, s, f);
    if (kind == MAP_JSON_STRING || kind == MAP_JSON_XML) {
        if (map_type_builtin(t) == MAP_XS_BASE64BINARY || map_type_builtin(t) == MAP_XS_HEXBINARY)
            binary_lengths(o, s, f);
        else
            facet_lengths(o, s, f, 0);
    }
    facet_bounds(o, s, f, kind);
    if (kind == MAP_JSON_DECIMAL || kind == MAP_JSON_INTEGER)
        facet_digits(o, s, f);
    return s;
}

/* ---- schemas of elements and complex types --------------------------------------------------- */

/* s, or null too: "null" joins a type list and an enum; anything else is wrapped in anyOf. */
static json_t *nullable(oa *o, json_t *s)
{
    json_t *type = json_object_get(s, "type"), *e = json_object_get(s, "enum");

    if (!s)
        return NULL;
    if (json_is_string(type) && !json_object_get(s, "const")) {
        set(o, s, "type", json_pack("[ss]", json_string_value(type), "null"));
    } else if (json_is_array(type) && !json_object_get(s, "const")) {
        push(o, type, json_string("null"));
    } else {
        json_t *w = json_object();
        set(o, w, "anyOf", json_pack("[o{s:s}]", s, "type", "null"));
        return w;
    }
    if (e)
        push(o, e, json_null());
    return s;
}

static json_t *array_of(oa *o, json_t *items, long min, long max)
{
    json_t *s = json_pack("{s:s}", "type", "array");

    set(o, s, "items", items);
    if (min > 1)
        set(o, s, "minItems", json_integer(min));
    if (max > 1)
        set(o, s, "maxItems", json_integer(max));
    return s;
}

static void describe_elem(oa *o, json_t *s, const map_elem *e)
{
    const map_builtin_info *bi = map_builtin_describe(map_type_builtin(map_elem_type(e)));
    enum map_json_kind kind = bi ? bi->json : MAP_JSON_STRING;
    int simple = map_type_kind(map_elem_type(e)) == MAP_TYPE_SIMPLE;

    if (map_elem_documentation(e))
        set(o, s, "description", json_string(map_elem_documentation(e)));
    if (simple && map_elem_fixed(e))
        set(o, s, "const", lexical_value(kind, map_elem_fixed(e)));
    else if (simple && map_elem_default(e))
        set(o, s, "default", lexical_value(kind, map_elem_default(e)));
}

/* The schema of one element or attribute as a property value (see the F_ flags). */
static json_t *elem_schema(oa *o, const map_elem *e, unsigned flags)
{
    long min = map_elem_min_occurs(e), max = map_elem_max_occurs(e);
    int rep = !(flags & F_ITEM) && max != 1;
    int nonull = (flags & (F_NONULL | F_NONULL_TOP)) != 0;
    int nil = map_elem_nillable(e) && !(flags & F_NONULL);
    json_t *s = type_ref(o, map_elem_type(e), flags & F_NONULL);

    if (rep)
        s = array_of(o, nil ? nullable(o, s) : s, min, max);
    else if (!nonull && (nil || ((flags & F_NULL_OPT) && min == 0)))
        s = nullable(o, s);
    if (s)
        describe_elem(o, s, e);
    return s;
}

/* An object schema being built: properties, required names, and one oneOf per xs:choice. */
typedef struct objb {
    json_t *props, *required, *choices;
    const char *const *exclude;  /* names left out (request members filled from the path) */
    size_t nexclude;
} objb;

static void objb_init(objb *b, const char *const *exclude, size_t nexclude)
{
    b->props = json_object();
    b->required = json_array();
    b->choices = json_array();
    b->exclude = exclude;
    b->nexclude = nexclude;
}

static int excluded(const objb *b, const char *name)
{
    size_t i;

    for (i = 0; i < b->nexclude; i++)
        if (!strcmp(b->exclude[i], name))
            return 1;
    return 0;
}

static void objb_prop(oa *o, objb *b, const char *name, json_t *s, int required)
{
    if (excluded(b, name)) {
        json_decref(s);
        return;
    }
    set(o, b->props, name, s);
    if (required)
        push(o, b->required, json_string(name));
}

/* Finishes b into a schema (typed: with "type": "object"); b's parts are consumed. */
static json_t *objb_finish(oa *o, objb *b, int typed)
{
    json_t *s = typed ? json_pack("{s:s}", "type", "object") : json_object();

    if (json_object_size(b->props))
        set(o, s, "properties", json_incref(b->props));
    if (json_array_size(b->required))
        set(o, s, "required", json_incref(b->required));
    if (json_array_size(b->choices) == 1 && json_object_update(s, json_array_get(b->choices, 0)))
        o->failed = 1;
    else if (json_array_size(b->choices) > 1)
        set(o, s, "allOf", json_incref(b->choices));
    json_decref(b->props);
    json_decref(b->required);
    json_decref(b->choices);
    return s;
}

static void particle_into(oa *o, objb *b, const map_particle *p, int opt);

/* Every property name particle p can produce, into the set `names` (nested groups included). */
static void particle_names(oa *o, const map_particle *p, json_t *names)
{
    size_t i;

    if (!p)
        return;
    if (map_particle_group_name(p)) {
        set(o, names, map_particle_group_name(p), json_true());
        return;
    }
    if (map_particle_kind(p) == MAP_PARTICLE_ELEMENT && map_particle_elem(p))
        set(o, names, map_elem_name(map_particle_elem(p)), json_true());
    else if (map_particle_kind(p) == MAP_PARTICLE_ANY)
        set(o, names, "$any", json_true());
    for (i = 0; i < map_particle_count(p); i++)
        particle_names(o, map_particle_child(p, i), names);
}

/* Forbids (false), in alternative `a`, every property that only the other alternatives have. */
static void forbid_others(oa *o, objb *alt, json_t *const *names, size_t n, size_t a)
{
    const char *name;
    json_t *v;
    size_t i;

    for (i = 0; i < n; i++)
        json_object_foreach(names[i], name, v)
            if (i != a && !json_object_get(names[a], name) && !excluded(alt, name))
                set(o, alt->props, name, json_false());
}

/* xs:choice: exactly one alternative present, as oneOf over alternatives that each forbid the
 * others' properties; an optional choice also allows none of them. The transcoder accepts none when
 * the choice or one of its alternatives may be empty, which an alternative without "required" allows. */
static void choice_into(oa *o, objb *b, const map_particle *p, int opt)
{
    size_t i, n = map_particle_count(p);
    objb *alts = calloc(n ? n : 1, sizeof(*alts));
    json_t **names = calloc(n ? n : 1, sizeof(*names));
    json_t *one = json_array(), *none = json_object(), *all = json_object();
    int can_be_empty = 0;

    if (!alts || !names)
        n = 0, o->failed = 1;
    for (i = 0; i < n; i++) {
        objb_init(&alts[i], b->exclude, b->nexclude);
        particle_into(o, &alts[i], map_particle_child(p, i), 0);
        if (!(names[i] = json_object()))
            o->failed = 1;
        particle_names(o, map_particle_child(p, i), names[i]);
        if (json_object_update(all, names[i]))
            o->failed = 1;
    }
    for (i = 0; i < n; i++) {
        forbid_others(o, &alts[i], names, n, i);
        can_be_empty |= !json_array_size(alts[i].required) && !json_array_size(alts[i].choices);
        push(o, one, objb_finish(o, &alts[i], 0));
    }
    {
        const char *name;
        json_t *v;
        json_object_foreach(all, name, v)
            if (!excluded(b, name))
                set(o, none, name, json_false());
    }
    if (opt && !can_be_empty && n)
        push(o, one, json_pack("{s:O}", "properties", none));
    if (n)
        push(o, b->choices, json_pack("{s:O}", "oneOf", one));
    for (i = 0; i < n; i++)
        json_decref(names[i]);
    json_decref(one);
    json_decref(none);
    json_decref(all);
    free(names);
    free(alts);
}

/* The "$any" property: a string holding the XML fragment, an array of them when xs:any repeats. */
static json_t *any_schema(const map_particle *p)
{
    static const char text[] = "Elements the schema leaves open (xs:any), as XML";
    json_t *s = json_pack("{s:s,s:s}", "type", "string", "contentMediaType", "application/xml");

    if (map_particle_max_occurs(p) == 1)
        return json_object_set_new(s, "description", json_string(text)) ? (json_decref(s), NULL) : s;
    return json_pack("{s:s,s:o,s:s}", "type", "array", "items", s, "description", text);
}

static void group_into(oa *o, objb *b, const map_particle *p, int opt);

/* A repeated group: an array property whose items are objects holding one occurrence's members. */
static void repeated_into(oa *o, objb *b, const map_particle *p, int opt)
{
    objb item;
    json_t *s;
    long min = map_particle_min_occurs(p), max = map_particle_max_occurs(p);

    objb_init(&item, NULL, 0);
    group_into(o, &item, p, 0);
    s = json_pack("{s:s,s:o,s:s}", "type", "array", "items", objb_finish(o, &item, 1), "description",
                  "A repeated group: one object per occurrence, in document order");
    if (min > 0 && s)
        set(o, s, "minItems", json_integer(min));
    if (max != MAP_UNBOUNDED && s)
        set(o, s, "maxItems", json_integer(max));
    objb_prop(o, b, map_particle_group_name(p), s, !opt && min > 0);
}

/* Adds the properties of particle p to b. Elements and xs:any that repeat are arrays; a repeated group
 * is an array of objects (repeated_into). */
static void particle_into(oa *o, objb *b, const map_particle *p, int opt)
{
    if (!p)
        return;
    opt |= map_particle_min_occurs(p) == 0;
    if (map_particle_group_name(p))
        repeated_into(o, b, p, opt);
    else
        group_into(o, b, p, opt);
}

/* Adds what one occurrence of particle p holds to b. */
static void group_into(oa *o, objb *b, const map_particle *p, int opt)
{
    const map_elem *e;
    size_t i;

    switch (map_particle_kind(p)) {
    case MAP_PARTICLE_ELEMENT:
        if ((e = map_particle_elem(p)))
            objb_prop(o, b, map_elem_name(e), elem_schema(o, e, 0), !opt && map_elem_min_occurs(e) > 0);
        return;
    case MAP_PARTICLE_ANY:
        objb_prop(o, b, "$any", any_schema(p), !opt);
        return;
    case MAP_PARTICLE_CHOICE:
        choice_into(o, b, p, opt);
        return;
    case MAP_PARTICLE_SEQUENCE:
    case MAP_PARTICLE_ALL:
        for (i = 0; i < map_particle_count(p); i++)
            particle_into(o, b, map_particle_child(p, i), opt);
        return;
    }
}

/* Attributes, the simpleContent value, the content model; an extension of a type that is not a
 * component (so cannot be referenced) brings the base's parts in first. */
static void content_into(oa *o, objb *b, const map_type *t, int inherit)
{
    const map_type *base = map_type_base(t);
    size_t i;

    if (!inherit && map_type_derivation(t) == MAP_DERIVE_EXTENSION && base &&
        map_type_kind(base) == MAP_TYPE_COMPLEX && !is_xsd_builtin(base))
        content_into(o, b, base, 0);
    if (map_type_content_kind(t) == MAP_CONTENT_SIMPLE && !inherit && !json_object_get(b->props, "$value"))
        objb_prop(o, b, "$value", type_ref(o, map_type_value(t), 0), 1);
    particle_into(o, b, map_type_content(t), 0);
    for (i = 0; i < map_type_attr_count(t); i++) {
        const map_elem *a = map_type_attr(t, i);
        objb_prop(o, b, map_elem_name(a), elem_schema(o, a, 0), map_elem_min_occurs(a) > 0);
    }
    if (map_type_any_attribute(t) && !json_object_get(b->props, "$attributes"))
        objb_prop(o, b, "$attributes",
                  json_pack("{s:s,s:{s:s},s:s}", "type", "object", "additionalProperties", "type", "string",
                            "description", "Attributes the schema leaves open (xs:anyAttribute), by name: "
                            "\"local\" or \"{namespace}local\""), 0);
}

static const char *comp_name(const oa *o, const map_type *t)
{
    const oa_comp *c = comp_of(o, t);

    return c && c->name ? c->name : "";
}

/* "$type" (added to b when t is the first polymorphic type of its line) and the discriminator: the
 * names a value of t may carry and the schema each selects. Returns the discriminator object. */
static json_t *discriminator(oa *o, objb *b, const map_type *t, int own_prop)
{
    json_t *names = json_array(), *mapping = json_object(), *disc;
    char ref[400];
    size_t i;

    for (i = 0; i <= map_type_derived_count(t); i++) {
        const map_type *d = i ? map_type_derived(t, i - 1) : t;
        if (map_type_abstract(d) || !map_type_name(d))
            continue; /* an abstract type is never what a value is */
        snprintf(ref, sizeof(ref), OA_SCHEMAS "%s", comp_name(o, d));
        push(o, names, json_string(map_type_name(d)));
        set(o, mapping, map_type_name(d), json_string(ref));
    }
    if (own_prop)
        objb_prop(o, b, "$type", json_pack("{s:s,s:O,s:s}", "type", "string", "enum", names, "description",
                                           "The actual type of the value (xsi:type); absent: this one"),
                  0); /* not required even when t is abstract: the derived schemas inherit this one */
    json_decref(names);
    if (!(disc = json_pack("{s:s,s:o}", "propertyName", "$type", "mapping", mapping)))
        o->failed = 1;
    return disc;
}

/* A complex type as an object (or allOf of its base's $ref and its own part), leaving out `exclude`. */
static json_t *complex_schema(oa *o, const map_type *t, const char *const *exclude, size_t nexclude)
{
    const map_type *base = map_type_base(t);
    int inherit = map_type_derivation(t) == MAP_DERIVE_EXTENSION && base &&
                  map_type_kind(base) == MAP_TYPE_COMPLEX && comp_of(o, base);
    json_t *s, *disc = NULL;
    objb b;

    objb_init(&b, exclude, nexclude);
    if (map_type_derived_count(t))
        disc = discriminator(o, &b, t, !inherit || !map_type_derived_count(base));
    content_into(o, &b, t, inherit);
    s = objb_finish(o, &b, 1);
    if (inherit) {
        char ref[400];
        snprintf(ref, sizeof(ref), OA_SCHEMAS "%s", comp_name(o, base));
        s = json_pack("{s:[{s:s}o]}", "allOf", "$ref", ref, s);
    }
    if (disc)
        set(o, s, "discriminator", disc);
    else /* the transcoder refuses unknown properties; a polymorphic type's value may be a derived one */
        set(o, s, "unevaluatedProperties", json_false());
    if (map_type_abstract(t))
        note(o, s, "Abstract: a value carries \"$type\" naming a derived type.");
    return s;
}

static json_t *type_schema(oa *o, const map_type *t)
{
    json_t *s;

    if (o->depth == OA_MAX_DEPTH)
        return json_object(); /* bounded: deeper content is described as "anything" */
    o->depth++;
    s = map_type_kind(t) == MAP_TYPE_SIMPLE ? simple_schema(o, t) : complex_schema(o, t, NULL, 0);
    o->depth--;
    return s;
}

/* The schema to use where a value of type t appears: a $ref, an ArrayOfX array, or an inline schema. */
static json_t *type_ref(oa *o, const map_type *t, unsigned flags)
{
    const oa_comp *c;

    if (!t)
        return json_object();
    if (is_xsd_builtin(t))
        return map_type_kind(t) == MAP_TYPE_SIMPLE ? builtin_schema(o, map_type_builtin(t))
                                                   : parse(o, kind_schema[MAP_JSON_XML]);
    if ((c = comp_of(o, t)))
        return ref_to(o, OA_SCHEMAS, c->name);
    if (map_type_array_item(t)) {
        json_t *s = elem_schema(o, map_type_array_item(t), F_ITEM | (flags & F_NONULL)), *outer;
        int d;

        if (!s)
            o->failed = 1;
        /* a multi-dimensional SOAP-encoded array: arrays nested rank deep around the items */
        for (d = 0; d < map_type_array_rank(t) && s; d++) {
            if (!(outer = json_pack("{s:s}", "type", "array"))) {
                json_decref(s);
                o->failed = 1;
                return NULL;
            }
            set(o, outer, "items", s);
            s = outer;
        }
        return s;
    }
    return type_schema(o, t);
}

/* ---- components ------------------------------------------------------------------------------ */

static const char problem_schema[] =
    "{\"type\": \"object\","
    " \"description\": \"An error as RFC 9457 problem details. Input errors name the offending value;"
    " a declared SOAP fault brings its typed detail.\","
    " \"required\": [\"type\", \"title\", \"status\"],"
    " \"properties\": {"
    "  \"type\": {\"type\": \"string\", \"description\": \"A URI reference naming the kind of problem\"},"
    "  \"title\": {\"type\": \"string\", \"description\": \"A short summary of the kind of problem\"},"
    "  \"status\": {\"type\": \"integer\", \"minimum\": 400, \"maximum\": 599, \"description\": \"The HTTP status\"},"
    "  \"detail\": {\"type\": \"string\", \"description\": \"What went wrong this time\"},"
    "  \"instance\": {\"type\": \"string\", \"description\": \"A URI reference to this occurrence\"},"
    "  \"pointer\": {\"type\": \"string\", \"description\": \"Input errors: JSON Pointer to the offending value"
    " (\\\"/Lines/2/Quantity\\\"), or \\\"?name\\\" for a query parameter\"},"
    "  \"expected\": {\"type\": \"string\", \"description\": \"Input errors: what the schema wants there\"},"
    "  \"got\": {\"type\": \"string\", \"description\": \"Input errors: what was found, shortened\"},"
    "  \"fault\": {\"description\": \"Declared SOAP faults: the fault detail, converted to JSON\"}"
    " }}";

/* The responses every route may give whatever its operation; one components/responses entry each. */
enum { ERR_ALWAYS, ERR_WITH_BODY };
static const struct {
    int status;
    const char *name;
    int when;
    const char *text;
} generic_errors[] = {
    { 400, "BadRequest", ERR_ALWAYS,
      "The request is wrong: malformed JSON, a value of the wrong type or out of range (\"pointer\" names"
      " it, \"expected\" says what fits), an unknown query parameter, or a SOAP Client/Sender fault" },
    { 406, "NotAcceptable", ERR_ALWAYS, "The Accept header allows no JSON" },
    { 413, "ContentTooLarge", ERR_WITH_BODY, "The request body is over the size limit" },
    { 415, "UnsupportedMediaType", ERR_WITH_BODY, "The request body is not application/json" },
    { 500, "InternalError", ERR_ALWAYS,
      "The service failed (a SOAP Server/Receiver fault); no internals are disclosed" },
    { 503, "ServiceUnavailable", ERR_ALWAYS, "The service cannot take the call now; try again later" },
};
#define N_GENERIC (sizeof(generic_errors) / sizeof(generic_errors[0]))

/* {"application/problem+json": {"schema": schema}}, stealing schema. */
static json_t *problem_content(oa *o, json_t *schema)
{
    json_t *c = json_pack("{s:{s:o}}", OA_PROBLEM, "schema", schema);

    if (!c)
        o->failed = 1;
    return c;
}

static json_t *fault_problem(oa *o, const map_elem *fe)
{
    json_t *detail = type_ref(o, map_elem_type(fe), 0), *s;

    s = json_pack("{s:s,s:[{s:s},{s:s,s:{s:o}}]}", "description", "A problem carrying a declared SOAP fault",
                  "allOf", "$ref", OA_SCHEMAS "Problem", "type", "object", "properties", "fault", detail);
    if (!s)
        o->failed = 1;
    return s;
}

static int comp_cmp(const void *a, const void *b)
{
    return strcmp((*(oa_comp *const *)a)->name, (*(oa_comp *const *)b)->name);
}

/* components/schemas in name order, the Problem schema among them. */
static json_t *components_schemas(oa *o)
{
    oa_comp **order = calloc(o->ncomps + 1, sizeof(*order));
    json_t *all = json_object();
    size_t i;

    if (!order || o->failed) {
        free(order);
        o->failed = 1;
        return all;
    }
    for (i = 0; i < o->ncomps; i++)
        order[i] = &o->comps[i];
    qsort(order, o->ncomps, sizeof(*order), comp_cmp);
    set(o, all, "Problem", parse(o, problem_schema));
    for (i = 0; i < o->ncomps; i++) {
        const oa_comp *c = order[i];
        json_t *s = c->fault ? fault_problem(o, c->fault) : type_schema(o, c->type);
        const char *doc = c->type ? map_type_documentation(c->type) : NULL;
        if (s && doc && !json_object_get(s, "description"))
            set(o, s, "description", json_string(doc));
        set(o, all, c->name, s);
    }
    free(order);
    return all;
}

static json_t *components_responses(oa *o)
{
    json_t *all = json_object();
    size_t i;

    for (i = 0; i < N_GENERIC; i++)
        if (o->used_responses & (1u << i))
            set(o, all, generic_errors[i].name,
                json_pack("{s:s,s:o}", "description", generic_errors[i].text, "content",
                          problem_content(o, ref_to(o, OA_SCHEMAS, "Problem"))));
    return all;
}

/* ---- operations ------------------------------------------------------------------------------- */

/* The success statuses a route can have (route.c check_status allows these only). */
static const struct {
    int status;
    const char *text;
} successes[] = {
    { 200, "The result" },
    { 201, "Created: the new resource, its address in Location" },
    { 202, "Accepted: a one-way operation, run after the answer" },
    { 204, "Done; no content" },
};

static const char *success_text(int status)
{
    size_t i;

    for (i = 0; i < sizeof(successes) / sizeof(successes[0]); i++)
        if (successes[i].status == status)
            return successes[i].text;
    return "Success";
}

/* Counts the members of a content model itself (not its base's): elements, wildcards, repeated groups;
 * stores the particle of the first in *first. */
static size_t own_members(const map_particle *p, const map_particle **first)
{
    size_t i, n = 0;

    if (!p)
        return 0;
    if (map_particle_group_name(p) || map_particle_kind(p) == MAP_PARTICLE_ELEMENT ||
        map_particle_kind(p) == MAP_PARTICLE_ANY) {
        if (!*first)
            *first = p;
        return 1;
    }
    for (i = 0; i < map_particle_count(p); i++)
        n += own_members(map_particle_child(p, i), first);
    return n;
}

/* The result, as map_response_json reads it: none for a wrapper with nothing of its own (no member, no
 * attribute, no base); the single element unwrapped when the wrapper declares just that (no attribute,
 * no base, not polymorphic: "$type" must stay readable); else the wrapper object. NULL: none. */
static json_t *result_schema(oa *o, const map_op *op)
{
    const map_type *w = map_op_output(op) ? map_elem_type(map_op_output(op)) : NULL;
    const map_particle *first = NULL;
    size_t n;

    if (!w)
        return NULL;
    if (map_type_kind(w) != MAP_TYPE_COMPLEX)
        return elem_schema(o, map_op_output(op), 0);
    n = own_members(map_type_content(w), &first);
    if (n == 0 && !map_type_attr_count(w) && !map_type_any_attribute(w) && !map_type_base(w) && !map_type_array_item(w))
        return NULL;
    if (n == 1 && !map_type_attr_count(w) && !map_type_any_attribute(w) && !map_type_base(w) && !map_type_abstract(w) &&
        !map_type_derived_count(w) && map_particle_kind(first) == MAP_PARTICLE_ELEMENT && !map_particle_group_name(first))
        return elem_schema(o, map_particle_elem(first), F_NULL_OPT);
    return type_ref(o, w, 0);
}

static json_t *success_response(oa *o, const map_route *r)
{
    int st = map_route_status(r);
    json_t *resp = json_pack("{s:s}", "description", success_text(st)), *schema = NULL;

    if (st != 202 && st != 204 && (schema = result_schema(o, map_route_op(r))))
        set(o, resp, "content", json_pack("{s:{s:o}}", "application/json", "schema", schema));
    if (st == 201 && map_route_location(r))
        set(o, resp, "headers",
            json_pack("{s:{s:s,s:{s:s,s:s}}}", "Location", "description",
                      "Where the new resource is (GET it there)", "schema", "type", "string", "format",
                      "uri-reference"));
    return resp;
}

/* One error status of an operation: its generic meaning (if any) and the faults that map to it. */
typedef struct err_slot {
    int status;
    int generic;               /* index into generic_errors, or -1 */
    json_t *schemas;           /* the problem schemas ($refs) */
    char text[1024];
} err_slot;

static err_slot *slot_for(err_slot *slots, size_t *n, int status)
{
    size_t i;

    for (i = 0; i < *n; i++)
        if (slots[i].status == status)
            return &slots[i];
    slots[*n] = (err_slot){ status, -1, json_array(), "" };
    return &slots[(*n)++];
}

static void slot_text(err_slot *s, const char *text)
{
    size_t n = strlen(s->text);

    snprintf(s->text + n, sizeof(s->text) - n, "%s%s", n ? "; " : "", text);
}

static int slot_cmp(const void *a, const void *b)
{
    return ((const err_slot *)a)->status - ((const err_slot *)b)->status;
}

/* Declared faults go to the status the routes give them (the mapping file, else the conventions);
 * a declared fault is assumed to be the caller's (Client/Sender), as WCF sends FaultException<T>. */
static void fault_slots(oa *o, const map_op *op, err_slot *slots, size_t *n)
{
    char text[300];
    size_t f;

    for (f = 0; f < map_op_fault_count(op); f++) {
        const map_elem *fe = map_fault_elem(map_op_fault(op, f));
        map_fault_info fi = { 1, "Client", "", fe, NULL };
        size_t *ci = fe ? ptrmap_get(&o->faults, fe) : NULL;
        err_slot *s;
        if (!ci)
            continue;
        s = slot_for(slots, n, map_routes_fault_status(o->rs, &fi));
        push(o, s->schemas, ref_to(o, OA_SCHEMAS, o->comps[*ci].name));
        snprintf(text, sizeof(text), "%s (declared fault; its detail in \"fault\")", map_elem_name(fe));
        slot_text(s, text);
    }
}

static json_t *slot_response(oa *o, err_slot *s)
{
    json_t *schema;

    if (s->generic >= 0 && json_array_size(s->schemas) == 1) {
        o->used_responses |= 1u << s->generic;
        json_decref(s->schemas);
        return ref_to(o, OA_RESPONSES, generic_errors[s->generic].name);
    }
    schema = json_array_size(s->schemas) == 1 ? json_incref(json_array_get(s->schemas, 0))
                                              : json_pack("{s:O}", "anyOf", s->schemas);
    json_decref(s->schemas);
    return json_pack("{s:s,s:o}", "description", s->text, "content", problem_content(o, schema));
}

static void error_responses(oa *o, const map_route *r, json_t *resp, int has_body)
{
    const map_op *op = map_route_op(r);
    err_slot *slots = calloc(N_GENERIC + map_op_fault_count(op), sizeof(*slots));
    char code[8];
    size_t i, n = 0;

    if (!slots) {
        o->failed = 1;
        return;
    }
    for (i = 0; i < N_GENERIC; i++) {
        err_slot *s;
        if (generic_errors[i].when == ERR_WITH_BODY && !has_body)
            continue;
        s = slot_for(slots, &n, generic_errors[i].status);
        s->generic = (int)i;
        push(o, s->schemas, ref_to(o, OA_SCHEMAS, "Problem"));
        slot_text(s, generic_errors[i].text);
    }
    fault_slots(o, op, slots, &n);
    qsort(slots, n, sizeof(*slots), slot_cmp);
    for (i = 0; i < n; i++) {
        snprintf(code, sizeof(code), "%d", slots[i].status);
        set(o, resp, code, slot_response(o, &slots[i]));
    }
    free(slots);
}

/* A parameter's schema: no null (a URL cannot carry it). */
static json_t *param(oa *o, const char *name, const char *in, int required, const map_elem *e,
                     const char *text)
{
    json_t *p = json_pack("{s:s,s:s,s:b}", "name", name, "in", in, "required", required);
    json_t *schema = e ? elem_schema(o, e, F_NONULL) : json_pack("{s:s}", "type", "string");
    json_t *type_array = json_string("array");

    set(o, p, "description", json_string(text));
    if (json_equal(json_object_get(schema, "type"), type_array)) {
        set(o, p, "style", json_string("form"));
        set(o, p, "explode", json_true()); /* ?Tags=a&Tags=b, as map_route_bind() reads them */
    }
    json_decref(type_array);
    set(o, p, "schema", schema);
    return p;
}

/* A query parameter is a value a URL can carry: a simple type, or an array of one. */
static int is_url_value(const map_elem *e)
{
    const map_type *t = map_elem_type(e);
    const map_elem *item = map_type_array_item(t);

    return map_type_kind(item ? map_elem_type(item) : t) == MAP_TYPE_SIMPLE;
}

static json_t *parameters(oa *o, const map_route *r)
{
    json_t *ps = json_array();
    char text[600];
    size_t i;

    for (i = 0; i < map_route_var_count(r); i++) {
        const char *target = map_route_var_target(r, i);
        const map_elem *e = target_elem(map_route_op(r), target);
        snprintf(text, sizeof(text), "%s%sFills the request member %s", e && map_elem_documentation(e) ?
                 map_elem_documentation(e) : "", e && map_elem_documentation(e) ? " " : "", target);
        push(o, ps, param(o, map_route_var_name(r, i), "path", 1, e, text));
    }
    for (i = 0; i < map_route_query_count(r); i++) {
        const map_elem *e = map_route_query_elem(r, i);
        if (!is_url_value(e))
            continue; /* an object cannot travel in a query string; the generic route takes it */
        snprintf(text, sizeof(text), "%s%s%s%s", map_elem_documentation(e) ? map_elem_documentation(e) : "",
                 map_elem_documentation(e) ? " " : "", map_route_query(r) ? "Member of the request's " : "Request member",
                 map_route_query(r) ? map_route_query(r) : "");
        push(o, ps, param(o, map_elem_name(e), "query", map_elem_min_occurs(e) > 0, e, text));
    }
    return ps;
}

/* The request body: the body member's schema, or the wrapper object without the members the path
 * fills. NULL when the route takes none (or nothing would be left in it). */
static json_t *request_body(oa *o, const map_route *r)
{
    const map_op *op = map_route_op(r);
    const map_type *w = map_op_input(op) ? map_elem_type(map_op_input(op)) : NULL;
    const char *body = map_route_body(r), *excl[MAP_ROUTE_MAX_VARS];
    size_t i, n = 0;
    json_t *s;
    int required;

    if (!w || (body && !*body))
        return NULL;
    if (body) {
        const map_elem *e = find_member(w, body);
        if (!e)
            return NULL;
        s = elem_schema(o, e, F_NONULL_TOP);
        required = 1;
    } else {
        for (i = 0; i < map_route_var_count(r); i++)
            if (!strchr(map_route_var_target(r, i), '/'))
                excl[n++] = map_route_var_target(r, i);
        s = n || !comp_of(o, w) ? complex_schema(o, w, excl, n) : type_ref(o, w, 0);
        required = json_array_size(json_object_get(s, "required")) > 0;
        if (!json_object_get(s, "$ref") && !json_object_get(s, "properties") && !json_object_get(s, "oneOf") &&
            !json_object_get(s, "allOf")) {
            json_decref(s);
            return NULL;
        }
    }
    return json_pack("{s:b,s:{s:{s:o}}}", "required", required, "content", "application/json", "schema", s);
}

/* "Get the thing." of a longer documentation: its first line, at most 120 bytes (cut on a UTF-8
 * boundary). */
static void first_line(const char *doc, char *out, size_t len)
{
    size_t n = strcspn(doc, "\r\n");

    if (n > 120) {
        n = 120;
        while (n && ((unsigned char)doc[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(out, len, "%.*s", (int)n, doc);
}

/* The summary: the route's, else (a generic route) that of another route of the same operation, else
 * the first line of the WSDL documentation, else the operation name. */
static void op_summary(const oa *o, const map_route *r, char *out, size_t len)
{
    const map_op *op = map_route_op(r);
    const char *s = map_route_summary(r);
    size_t i;

    for (i = 0; (!s || !*s) && map_route_is_generic(r) && i < map_routes_count(o->rs); i++)
        if (map_route_op(map_routes_at(o->rs, i)) == op)
            s = map_route_summary(map_routes_at(o->rs, i));
    if (s && *s)
        snprintf(out, len, "%s", s);
    else if (map_op_documentation(op) && *map_op_documentation(op))
        first_line(map_op_documentation(op), out, len);
    else
        snprintf(out, len, "%s", map_op_name(op));
}

static void op_description(const map_route *r, char *out, size_t len)
{
    const map_op *op = map_route_op(r);
    const char *doc = map_op_documentation(op);

    snprintf(out, len, "%s%sSOAP operation `%s` of `%s`.%s", doc ? doc : "", doc ? "\n\n" : "",
             map_op_name(op), map_op_port_type(op) ? map_op_port_type(op) : "",
             map_route_is_generic(r) ? " Generic route: the body holds the request's members by name, the"
                                       " answer is the single result unwrapped (or the response object)." : "");
}

/* The tag of a route: "operations" for the generic ones, else the first path segment after /api. */
static void route_tag(const oa *o, const map_route *r, char *out, size_t len)
{
    const char *t = map_route_template(r), *prefix = map_routes_prefix(o->rs);
    size_t pl = strlen(prefix), n;

    if (map_route_is_generic(r)) {
        snprintf(out, len, "operations");
        return;
    }
    if (!strncmp(t, prefix, pl) && t[pl] == '/')
        t += pl;
    t += *t == '/';
    n = strcspn(t, "/");
    snprintf(out, len, "%.*s", (int)n, t);
    if (!out[0] || out[0] == '{')
        snprintf(out, len, "resources");
}

/* operationId: the operation name for its first resource route, "{Op}_generic" for the generic one,
 * a number after either when taken; only URL-safe characters. */
static void operation_id(oa *o, const map_route *r, json_t *ids, char *out, size_t len)
{
    char want[300];
    int n;

    snprintf(want, sizeof(want), "%s%s", map_op_name(map_route_op(r)), map_route_is_generic(r) ? "_generic" : "");
    sanitize(want);
    snprintf(out, len, "%s", want);
    for (n = 2; json_object_get(ids, out); n++)
        snprintf(out, len, "%s_%d", want, n);
    set(o, ids, out, json_true());
}

static json_t *operation(oa *o, const map_route *r, json_t *ids, json_t *tags)
{
    char buf[4096];
    json_t *op = json_object(), *ps = parameters(o, r), *body = request_body(o, r), *resp;

    route_tag(o, r, buf, sizeof(buf));
    set(o, op, "tags", json_pack("[s]", buf));
    if (!json_object_get(tags, buf))
        set(o, tags, buf, json_true());
    op_summary(o, r, buf, sizeof(buf));
    set(o, op, "summary", json_string(buf));
    op_description(r, buf, sizeof(buf));
    set(o, op, "description", json_string(buf));
    operation_id(o, r, ids, buf, sizeof(buf));
    set(o, op, "operationId", json_string(buf));
    if (json_array_size(ps))
        set(o, op, "parameters", json_incref(ps));
    json_decref(ps);
    if (body)
        set(o, op, "requestBody", body);
    resp = json_object();
    {
        char code[8];
        snprintf(code, sizeof(code), "%d", map_route_status(r));
        set(o, resp, code, success_response(o, r));
    }
    error_responses(o, r, resp, body != NULL);
    set(o, op, "responses", resp);
    return op;
}

static void lower(const char *s, char *out, size_t len)
{
    size_t i;

    for (i = 0; s[i] && i + 1 < len; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

static json_t *paths(oa *o, json_t *tags)
{
    json_t *all = json_object(), *ids = json_object();
    char method[16];
    size_t i;

    for (i = 0; i < map_routes_count(o->rs); i++) {
        const map_route *r = map_routes_at(o->rs, i);
        json_t *item = json_object_get(all, map_route_template(r));
        if (!item)
            set(o, all, map_route_template(r), item = json_object());
        lower(map_route_method(r), method, sizeof(method));
        set(o, item, method, operation(o, r, ids, tags));
    }
    json_decref(ids);
    return all;
}

/* ---- the document ----------------------------------------------------------------------------- */

static const char api_notes[] =
    "Errors are `application/problem+json` (RFC 9457); a declared SOAP fault brings its typed detail in"
    " `fault`. Query parameter names match case-insensitively; repeat a name for an array"
    " (`?Tags=a&Tags=b`). Decimals travel as strings (`\"19.99\"`) and are accepted as numbers too."
    " A polymorphic value names its type in `\"$type\"`. Any path answers 404 when unknown and 405"
    " (with `Allow`) for a method it does not have.";

static json_t *info(oa *o, const char *title, const char *version)
{
    const map_op *op0 = map_model_op(o->m, 0);
    const char *doc = map_model_documentation(o->m);
    char desc[4096];

    if (!title)
        title = op0 && map_op_port_type(op0) ? map_op_port_type(op0) : "soaprest";
    snprintf(desc, sizeof(desc), "%s%s%s", doc ? doc : "REST/JSON routes over a SOAP contract.",
             "\n\n", api_notes);
    return json_pack("{s:s,s:s,s:s,s:{s:s,s:s}}", "title", title, "version", version ? version : "1.0",
                     "description", desc, "license", "name", "GPL-2.0-or-later", "identifier",
                     "GPL-2.0-or-later");
}

static json_t *tag_list(oa *o, json_t *tags)
{
    json_t *list = json_array();
    const char *name;
    json_t *v;
    char text[300];

    json_object_foreach(tags, name, v) {
        if (!strcmp(name, "operations"))
            snprintf(text, sizeof(text), "Every operation as POST /api/{Operation} (RPC style)");
        else
            snprintf(text, sizeof(text), "Routes under %s/%s", map_routes_prefix(o->rs), name);
        push(o, list, json_pack("{s:s,s:s}", "name", name, "description", text));
    }
    return list;
}

static json_t *document(oa *o, const char *title, const char *version, const char *server_url)
{
    json_t *doc = json_object(), *tags = json_object(), *p, *comps;

    set(o, doc, "openapi", json_string("3.1.0"));
    set(o, doc, "info", info(o, title, version));
    set(o, doc, "servers", json_pack("[{s:s}]", "url", server_url ? server_url : "/"));
    set(o, doc, "security", json_array());
    p = paths(o, tags);
    set(o, doc, "tags", tag_list(o, tags));
    set(o, doc, "paths", p);
    comps = json_object();
    set(o, comps, "schemas", components_schemas(o));
    if (o->used_responses)
        set(o, comps, "responses", components_responses(o));
    set(o, doc, "components", comps);
    json_decref(tags);
    return doc;
}

json_t *map_openapi_json(const map_model *m, const map_routes *rs, const char *title, const char *version,
                         const char *server_url)
{
    oa o = { .m = m, .rs = rs };
    json_t *doc = NULL;
    size_t i;

    if (!m || !rs)
        return NULL;
    walk_routes(&o);
    if (!o.failed)
        name_comps(&o);
    if (!o.failed)
        doc = document(&o, title, version, server_url);
    if (o.failed) {
        json_decref(doc);
        doc = NULL;
    }
    for (i = 0; i < o.ncomps; i++)
        free(o.comps[i].name);
    free(o.comps);
    ptrmap_free(&o.seen);
    ptrmap_free(&o.faults);
    return doc;
}

char *map_openapi_render(const map_model *m, const map_routes *rs, const char *title, const char *version,
                         const char *server_url, size_t *len)
{
    json_t *doc = map_openapi_json(m, rs, title, version, server_url);
    size_t n = doc ? json_dumpb(doc, NULL, 0, JSON_INDENT(2)) : 0;
    char *out = n ? malloc(n + 2) : NULL;

    /* json_dumpb into our own buffer: the caller frees with free() whatever allocator jansson uses */
    if (out && json_dumpb(doc, out, n, JSON_INDENT(2)) == n) {
        out[n] = '\n';
        out[n + 1] = '\0';
        if (len)
            *len = n + 1;
    } else {
        free(out);
        out = NULL;
    }
    json_decref(doc);
    return out;
}
