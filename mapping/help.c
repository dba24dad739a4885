/* help.c - the human help page of the REST routes: each route with its operation, parameters, statuses,
 * an example request and response and a curl line. Everything is read from the OpenAPI document
 * (openapi.c), so the page and the document cannot disagree. Markup is written through hput(), whose
 * %s arguments are always HTML-escaped: contract text cannot become markup. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "openapi.h"

#define HELP_MAX_DEPTH 16 /* $refs expanded inside one another in an example */
#define HELP_SCHEMAS "#/components/schemas/"
#define HELP_RESPONSES "#/components/responses/"

/* A growing output buffer; a failed allocation is remembered and ends the render with NULL. */
typedef struct hbuf {
    char *p;
    size_t n, cap;
    int failed;
} hbuf;

static void hraw(hbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Text into HTML: the five characters that can end text or an attribute value become entities. */
static void hesc(hbuf *b, const char *s)
{
    static const char *const ent[256] = {
        ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
    };
    const char *run = s;

    for (; *s; s++) {
        const char *e = ent[(unsigned char)*s];
        if (!e)
            continue;
        hraw(b, run, (size_t)(s - run));
        hraw(b, e, strlen(e));
        run = s + 1;
    }
    hraw(b, run, (size_t)(s - run));
}

/* Appends markup. fmt is trusted markup (a literal in this file); only %s (escaped text, NULL as "")
 * and %d are understood, so whatever comes from the contract goes through hesc(). */
static void hput(hbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hput(hbuf *b, const char *fmt, ...)
{
    va_list ap;
    char num[24];
    const char *run = fmt;

    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%' || (fmt[1] != 's' && fmt[1] != 'd'))
            continue;
        hraw(b, run, (size_t)(fmt - run));
        if (*++fmt == 's') {
            const char *s = va_arg(ap, const char *);
            hesc(b, s ? s : "");
        } else {
            snprintf(num, sizeof(num), "%d", va_arg(ap, int));
            hraw(b, num, strlen(num));
        }
        run = fmt + 1;
    }
    hraw(b, run, (size_t)(fmt - run));
    va_end(ap);
}

/* ---- reading the document ------------------------------------------------------------------- */

/* The target of a local $ref ("#/components/schemas/Product"), or NULL. */
static const json_t *deref(const json_t *doc, const json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    const json_t *comps = json_object_get(doc, "components");

    if (!ref)
        return s;
    if (!strncmp(ref, HELP_SCHEMAS, strlen(HELP_SCHEMAS)))
        return json_object_get(json_object_get(comps, "schemas"), ref + strlen(HELP_SCHEMAS));
    if (!strncmp(ref, HELP_RESPONSES, strlen(HELP_RESPONSES)))
        return json_object_get(json_object_get(comps, "responses"), ref + strlen(HELP_RESPONSES));
    return NULL;
}

/* The first type of a schema that is not "null" ("string" of ["string", "null"]), or NULL. */
static const char *main_type(const json_t *s)
{
    const json_t *t = json_object_get(s, "type"), *v;
    size_t i;

    if (json_is_string(t))
        return json_string_value(t);
    json_array_foreach(t, i, v)
        if (strcmp(json_string_value(v), "null"))
            return json_string_value(v);
    return NULL;
}

/* A short label for a schema: "Product", "array of string", "integer (int32)", "ProductCategory". */
static void label(const json_t *s, char *out, size_t len)
{
    const char *ref = json_string_value(json_object_get(s, "$ref")), *t = main_type(s);
    const json_t *alts = json_object_get(s, "anyOf"), *v;
    size_t i;
    char sub[200];

    if (ref) {
        snprintf(out, len, "%s", strrchr(ref, '/') + 1);
        return;
    }
    json_array_foreach(alts, i, v)
        if (!main_type(v) || strcmp(main_type(v), "null")) { /* the first one that is not null */
            label(v, out, len);
            return;
        }
    if (t && !strcmp(t, "array")) {
        label(json_object_get(s, "items"), sub, sizeof(sub));
        snprintf(out, len, "array of %s", sub);
    } else if (t && json_object_get(s, "format")) {
        snprintf(out, len, "%s (%s)", t, json_string_value(json_object_get(s, "format")));
    } else {
        snprintf(out, len, "%s", t ? t : "object");
    }
}

/* ---- examples from schemas ------------------------------------------------------------------ */

/* An example string for a string format (or content encoding) the transcoder gives meaning to. */
static const struct {
    const char *key, *value, *example;
} string_examples[] = {
    { "format", "date-time", "2026-01-01T00:00:00Z" },
    { "format", "date", "2026-01-01" },
    { "format", "time", "12:00:00Z" },
    { "format", "duration", "PT1H30M" },
    { "format", "decimal", "19.99" },
    { "format", "uri-reference", "https://example.org/" },
    { "contentEncoding", "base64", "AQIDBA==" },
    { "contentEncoding", "base16", "01020304" },
    { "contentMediaType", "application/xml", "<x/>" },
};

/* Repeats out[mark..n) until it occurs k times (k 0: drops it). Returns the new length. */
static size_t repeat(char *out, size_t mark, size_t n, long k, size_t len)
{
    size_t seg = n - mark;

    if (k == 0)
        return mark;
    for (; k > 1 && n + seg + 1 < len; k--, n += seg)
        memmove(out + n, out + mark, seg);
    return n;
}

/* Skips the remaining alternatives of the current group: returns the position before its ')'. */
static const char *skip_alternatives(const char *re)
{
    int d = 0;

    while (re[1] && (d || (re[1] != ')' && !(re[1] == '$' && !re[2])))) {
        d += re[1] == '(' ? 1 : re[1] == ')' ? -1 : 0;
        re++;
    }
    return re;
}

/* One atom at *re into out (re left on its last character); returns -1 for anything fancy. */
static int atom(const char **re, char *out, size_t *n)
{
    const char *p = *re;

    if (*p == '[') {
        if (p[1] == '^' || p[1] == '\\' || !(*re = strchr(p + 1, ']')))
            return -1;
        out[(*n)++] = p[1];
    } else if (*p == '\\') {
        if (!p[1] || !strchr(".\\?*+{}()[]|^$-/", p[1]))
            return -1; /* \d and friends were translated to classes already */
        out[(*n)++] = p[1];
        *re = p + 1;
    } else if (strchr("*+?{", *p)) {
        return -1;
    } else {
        out[(*n)++] = *p == '.' ? 'x' : *p;
    }
    return 0;
}

/* A string matching an anchored pattern as openapi.c writes them: the first character of each class,
 * the first alternative of each group, each quantifier's minimum (one for '+'). Returns 0, or -1 for
 * a pattern it cannot follow (the caller falls back to "string"). */
static int pattern_example(const char *re, char *out, size_t len)
{
    size_t n = 0, mark = 0, starts[16];
    int depth = 0;

    re += *re == '^';
    for (; *re; re++) {
        if (n + 2 >= len)
            return -1;
        if (*re == '(') {
            if (depth == 16)
                return -1;
            starts[depth++] = n;
            re += re[1] == '?' && re[2] == ':' ? 2 : 0;
            continue;
        }
        if (*re == '|') {
            re = skip_alternatives(re);
            continue;
        }
        if (*re == '$' && !re[1])
            break;
        if (*re == ')') {
            if (!depth)
                return -1;
            mark = starts[--depth];
        } else {
            mark = n;
            if (atom(&re, out, &n))
                return -1;
        }
        if (re[1] == '{') {
            n = repeat(out, mark, n, strtol(re + 2, NULL, 10), len);
            if (!(re = strchr(re + 1, '}')))
                return -1;
        } else if (re[1] == '?' || re[1] == '*') {
            n = mark, re++;
        } else if (re[1] == '+') {
            re++;
        }
    }
    out[n] = '\0';
    return depth || !n ? -1 : 0;
}

static json_t *string_example(const json_t *s)
{
    const char *pat = json_string_value(json_object_get(s, "pattern"));
    json_int_t min = json_integer_value(json_object_get(s, "minLength"));
    json_t *max = json_object_get(s, "maxLength");
    char buf[256];
    size_t i;

    for (i = 0; i < sizeof(string_examples) / sizeof(string_examples[0]); i++) {
        const char *v = json_string_value(json_object_get(s, string_examples[i].key));
        if (v && !strcmp(v, string_examples[i].value))
            return json_string(string_examples[i].example);
    }
    if (pat && strcmp(pat, "^(-?INF|NaN)$") && !pattern_example(pat, buf, sizeof(buf)))
        return json_string(buf);
    snprintf(buf, sizeof(buf), "string");
    while ((json_int_t)strlen(buf) < min && strlen(buf) + 1 < sizeof(buf))
        strcat(buf, "s");
    if (json_is_integer(max) && json_integer_value(max) < (json_int_t)strlen(buf))
        buf[json_integer_value(max) > 0 ? json_integer_value(max) : 0] = '\0';
    return json_string(buf);
}

/* Example generation state: the $refs being expanded, so that a type inside itself stops there. */
typedef struct exctx {
    const json_t *doc;
    const char *refs[HELP_MAX_DEPTH];
    int nrefs;
    int oom;  /* an allocation failed: the example is incomplete and must not be shown */
} exctx;

/* v, remembering in x when it is NULL (a jansson constructor ran out of memory). */
static json_t *made(exctx *x, json_t *v)
{
    x->oom |= v == NULL;
    return v;
}

static json_t *example(exctx *x, const json_t *s);

/* The example of the first alternative of anyOf/oneOf that is not null. */
static json_t *first_alternative(exctx *x, const json_t *alts)
{
    const json_t *v;
    size_t i;

    json_array_foreach(alts, i, v) {
        const char *t = json_string_value(json_object_get(v, "type"));
        if (!t || strcmp(t, "null"))
            return example(x, v);
    }
    return json_null();
}

/* Every property of s, then of its allOf parts and first oneOf alternative, with an example value;
 * forbidden ones (false), the optional "$type" and values cut by recursion are left out. */
static void object_example(exctx *x, const json_t *s, json_t *out)
{
    const json_t *v, *part;
    const char *name;
    json_t *ex;
    size_t i;

    json_object_foreach(json_object_get(s, "properties"), name, v)
        if (json_is_object(v) && strcmp(name, "$type") && (ex = example(x, v)) && json_object_set_new(out, name, ex))
            x->oom = 1;
    json_array_foreach(json_object_get(s, "allOf"), i, part)
        object_example(x, deref(x->doc, part), out);
    if (json_object_get(s, "oneOf") && (ex = first_alternative(x, json_object_get(s, "oneOf")))) {
        x->oom |= json_object_update(out, ex) != 0;
        json_decref(ex);
    }
}

static json_t *typed_example(exctx *x, const json_t *s, const char *t)
{
    json_t *v, *lo = json_object_get(s, "minimum"), *item;

    if (!strcmp(t, "array")) {
        if ((v = made(x, json_array())) && (item = example(x, json_object_get(s, "items"))) &&
            json_array_append_new(v, item))
            x->oom = 1;
        return v;
    }
    if (!strcmp(t, "object")) {
        if ((v = made(x, json_object())))
            object_example(x, s, v);
        return v;
    }
    if (!strcmp(t, "string"))
        return made(x, string_example(s));
    if (!strcmp(t, "integer"))
        return made(x, json_integer(json_integer_value(lo) > 0 ? json_integer_value(lo) : 0));
    if (!strcmp(t, "number"))
        return made(x, json_real(1.5));
    if (!strcmp(t, "boolean"))
        return json_true();
    return json_null();
}

/* Follows a $ref unless it is being expanded already (then NULL: leave the value out). */
static json_t *ref_example(exctx *x, const json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    json_t *v;
    int i;

    for (i = 0; i < x->nrefs; i++)
        if (!strcmp(x->refs[i], ref))
            return NULL;
    if (x->nrefs == HELP_MAX_DEPTH)
        return NULL;
    x->refs[x->nrefs++] = ref;
    v = example(x, deref(x->doc, s));
    x->nrefs--;
    return v;
}

/* A polymorphic schema whose first "$type" is another type (an abstract base): that type's example,
 * with its "$type". NULL when s itself is the first choice. */
static json_t *derived_example(exctx *x, const json_t *s)
{
    json_t *mapping = json_object_get(json_object_get(s, "discriminator"), "mapping"), *ref, *v, *typed;
    const char *name;
    void *it = json_object_iter(mapping);

    if (!it)
        return NULL;
    name = json_object_iter_key(it);
    ref = made(x, json_pack("{s:O}", "$ref", json_object_iter_value(it)));
    v = ref && deref(x->doc, ref) != s ? ref_example(x, ref) : NULL;
    json_decref(ref);
    if (!json_is_object(v) || !(typed = made(x, json_pack("{s:s}", "$type", name))))
        return v;
    x->oom |= json_object_update(typed, v) != 0; /* "$type" first, as the transcoder writes it */
    json_decref(v);
    return typed;
}

/* An example value for schema s: "string", 0, "19.99", the first enum value, one-item arrays; NULL
 * where recursion stops. */
static json_t *example(exctx *x, const json_t *s)
{
    const json_t *e = json_object_get(s, "enum");
    const char *t;
    json_t *v;

    if (json_object_get(s, "$ref"))
        return ref_example(x, s);
    if ((v = derived_example(x, s)))
        return v;
    if (!json_is_object(s))
        return json_null();
    if (json_object_get(s, "const"))
        return made(x, json_deep_copy(json_object_get(s, "const")));
    if (json_array_size(e))
        return made(x, json_deep_copy(json_array_get(e, 0)));
    if (json_object_get(s, "anyOf"))
        return first_alternative(x, json_object_get(s, "anyOf"));
    t = main_type(s);
    if (!t && (json_object_get(s, "allOf") || json_object_get(s, "properties")))
        t = "object";
    if (!t && json_object_get(s, "oneOf"))
        return first_alternative(x, json_object_get(s, "oneOf"));
    return typed_example(x, s, t ? t : "object");
}

/* The example of a whole value; NULL (and b failed) when memory runs out. */
static json_t *example_of(hbuf *b, const json_t *doc, const json_t *schema)
{
    exctx x = { doc, { NULL }, 0, 0 };
    json_t *v = example(&x, schema);

    if (!v && !x.oom)
        v = made(&x, json_object()); /* the whole value was cut by recursion */
    if (x.oom) {
        json_decref(v);
        b->failed = 1;
        return NULL;
    }
    return v;
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s: REST API</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;max-width:72em;margin:2em auto;padding:0 1em;color:#222}\n"
    "code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.6em;overflow:auto}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}\n"
    ".m{display:inline-block;min-width:4.5em;font-weight:bold}section{border-top:1px solid #ccc;margin-top:2em}\n"
    "</style>\n</head>\n<body>\n<h1>%s</h1>\n";

static void page_intro(hbuf *b, const json_t *doc, const map_routes *rs)
{
    const json_t *info = json_object_get(doc, "info");
    const char *desc = json_string_value(json_object_get(info, "description"));
    const char *p = desc ? desc : "";
    char buf[2048];

    hput(b, page_head, json_string_value(json_object_get(info, "title")),
         json_string_value(json_object_get(info, "title")));
    while (*p) { /* one paragraph per blank-line-separated block */
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
        hput(b, "<p>%s</p>\n", buf);
        p += n + (end ? 2 : 0);
    }
    snprintf(buf, sizeof(buf), "%s/openapi.json", map_routes_prefix(rs));
    hput(b, "<p>The same as OpenAPI 3.1: <a href=\"%s\">%s</a>.</p>\n", buf, buf);
}

static const json_t *route_op(const json_t *doc, const map_route *r)
{
    char method[16];
    size_t i;

    for (i = 0; map_route_method(r)[i] && i + 1 < sizeof(method); i++)
        method[i] = (char)(map_route_method(r)[i] | 0x20);
    method[i] = '\0';
    return json_object_get(json_object_get(json_object_get(doc, "paths"), map_route_template(r)), method);
}

static void route_index(hbuf *b, const json_t *doc, const map_routes *rs)
{
    size_t i;

    hput(b, "<h2>Routes</h2>\n<table>\n<tr><th>Method</th><th>Path</th><th>Operation</th><th>Summary</th></tr>\n");
    for (i = 0; i < map_routes_count(rs); i++) {
        const map_route *r = map_routes_at(rs, i);
        hput(b, "<tr><td><a href=\"#r%d\">%s</a></td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>\n",
             (int)i, map_route_method(r), map_route_template(r), map_op_name(map_route_op(r)),
             json_string_value(json_object_get(route_op(doc, r), "summary")));
    }
    hput(b, "</table>\n");
}

static void parameters(hbuf *b, const json_t *op)
{
    const json_t *ps = json_object_get(op, "parameters"), *p;
    char type[256];
    size_t i;

    if (!json_array_size(ps))
        return;
    hput(b, "<h4>Parameters</h4>\n<table>\n<tr><th>Name</th><th>In</th><th>Type</th><th>Required</th>"
            "<th>Description</th></tr>\n");
    json_array_foreach(ps, i, p) {
        label(json_object_get(p, "schema"), type, sizeof(type));
        hput(b, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
             json_string_value(json_object_get(p, "name")), json_string_value(json_object_get(p, "in")), type,
             json_is_true(json_object_get(p, "required")) ? "yes" : "no",
             json_string_value(json_object_get(p, "description")));
    }
    hput(b, "</table>\n");
}

/* JSON text in a malloc'd string (not jansson's allocator: callers free it with free()), or NULL. */
static char *dump(const json_t *v, size_t flags)
{
    size_t n = json_dumpb(v, NULL, 0, flags | JSON_ENCODE_ANY);
    char *s = n ? malloc(n + 1) : NULL;

    if (s && json_dumpb(v, s, n, flags | JSON_ENCODE_ANY) == n) {
        s[n] = '\0';
        return s;
    }
    free(s);
    return NULL;
}

/* Pretty JSON of an example in a <pre>; returns the compact text for the curl line (caller frees). */
static char *example_block(hbuf *b, const json_t *doc, const json_t *schema)
{
    json_t *ex = example_of(b, doc, schema);
    char *pretty = dump(ex, JSON_INDENT(2)), *compact = dump(ex, JSON_COMPACT);

    hput(b, "<pre>%s</pre>\n", pretty);
    if (!pretty || !compact)
        b->failed = 1;
    free(pretty);
    json_decref(ex);
    return compact;
}

static const json_t *json_schema_of(const json_t *content)
{
    return json_object_get(json_object_get(content, "application/json"), "schema");
}

static char *request_body(hbuf *b, const json_t *doc, const json_t *op)
{
    const json_t *rb = json_object_get(op, "requestBody");
    const json_t *schema = json_schema_of(json_object_get(rb, "content"));
    char type[256];

    if (!schema)
        return NULL;
    label(schema, type, sizeof(type));
    hput(b, "<h4>Request body</h4>\n<p><code>application/json</code>: %s%s</p>\n", type,
         json_is_true(json_object_get(rb, "required")) ? "" : " (optional)");
    return example_block(b, doc, schema);
}

static void responses(hbuf *b, const json_t *doc, const json_t *op, int status)
{
    const json_t *resps = json_object_get(op, "responses"), *v;
    char code[8];
    const char *key;
    char *ex;

    snprintf(code, sizeof(code), "%d", status);
    v = json_object_get(resps, code);
    hput(b, "<h4>Response</h4>\n<p><strong>%d</strong> %s%s</p>\n", status,
         json_string_value(json_object_get(v, "description")),
         json_object_get(v, "headers") ? " (header Location)" : "");
    if (json_schema_of(json_object_get(v, "content")) &&
        (ex = example_block(b, doc, json_schema_of(json_object_get(v, "content")))))
        free(ex);
    hput(b, "<h4>Errors</h4>\n<p>As <code>application/problem+json</code>:</p>\n<ul>\n");
    json_object_foreach((json_t *)resps, key, v)
        if (strcmp(key, code))
            hput(b, "<li><strong>%s</strong> %s</li>\n", key,
                 json_string_value(json_object_get(deref(doc, v), "description")));
    hput(b, "</ul>\n");
}

/* Shell single quotes around s ("it's" -> 'it'\''s'). */
static void shell_quote(hbuf *out, const char *s)
{
    hraw(out, "'", 1);
    for (; *s; s++)
        if (*s == '\'')
            hraw(out, "'\\''", 4);
        else
            hraw(out, s, 1);
    hraw(out, "'", 1);
}

/* Percent-encodes what is not unreserved in a URL (RFC 3986). */
static void url_encode(hbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char pct[3] = { '%', 0, 0 };

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
            hraw(out, s, 1);
            continue;
        }
        pct[1] = hex[c >> 4];
        pct[2] = hex[c & 15];
        hraw(out, pct, 3);
    }
}

/* A parameter's example as URL text (arrays: their first item). */
static void param_text(hbuf *b, const json_t *doc, const json_t *p, char *out, size_t len)
{
    json_t *ex = example_of(b, doc, json_object_get(p, "schema"));
    const json_t *v = json_is_array(ex) ? json_array_get(ex, 0) : ex;

    if (json_is_string(v))
        snprintf(out, len, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, len, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v))
        snprintf(out, len, "%s", json_is_true(v) ? "true" : "false");
    else if (json_is_real(v))
        snprintf(out, len, "%g", json_real_value(v));
    else
        snprintf(out, len, "x");
    json_decref(ex);
}

/* The URL of the example call: path variables and query parameters filled with example values. */
static void example_url(hbuf *url, const json_t *doc, const json_t *op, const char *server, const char *tpl)
{
    const json_t *ps = json_object_get(op, "parameters"), *p;
    char val[256];
    size_t i;
    int first = 1;

    hraw(url, server, strlen(server));
    while (*tpl) {
        const char *close = *tpl == '{' ? strchr(tpl, '}') : NULL;
        if (!close) {
            hraw(url, tpl++, 1);
            continue;
        }
        snprintf(val, sizeof(val), "x");
        json_array_foreach(ps, i, p)
            if (!strncmp(json_string_value(json_object_get(p, "name")), tpl + 1, (size_t)(close - tpl - 1)) &&
                strlen(json_string_value(json_object_get(p, "name"))) == (size_t)(close - tpl - 1))
                param_text(url, doc, p, val, sizeof(val));
        url_encode(url, val);
        tpl = close + 1;
    }
    json_array_foreach(ps, i, p) {
        if (strcmp(json_string_value(json_object_get(p, "in")), "query"))
            continue;
        param_text(url, doc, p, val, sizeof(val));
        hraw(url, first ? "?" : "&", 1);
        url_encode(url, json_string_value(json_object_get(p, "name")));
        hraw(url, "=", 1);
        url_encode(url, val);
        first = 0;
    }
}

static void curl_line(hbuf *b, const json_t *doc, const json_t *op, const map_route *r, const char *server,
                      const char *body)
{
    hbuf cmd = { 0 }, url = { 0 };

    example_url(&url, doc, op, server, map_route_template(r));
    hraw(&cmd, "curl", 4);
    if (strcmp(map_route_method(r), "GET")) {
        hraw(&cmd, " -X ", 4);
        hraw(&cmd, map_route_method(r), strlen(map_route_method(r)));
    }
    hraw(&cmd, " ", 1);
    shell_quote(&cmd, url.p ? url.p : "");
    if (body) {
        hraw(&cmd, " -H 'Content-Type: application/json' -d ", 40);
        shell_quote(&cmd, body);
    }
    hput(b, "<h4>Try it</h4>\n<pre>%s</pre>\n", cmd.p);
    b->failed |= cmd.failed | url.failed;
    free(cmd.p);
    free(url.p);
}

static void route_section(hbuf *b, const json_t *doc, const map_route *r, size_t i, const char *server)
{
    const json_t *op = route_op(doc, r);
    char *body;

    hput(b, "<section id=\"r%d\">\n<h3><span class=\"m\">%s</span> <code>%s</code></h3>\n<p>%s</p>\n", (int)i,
         map_route_method(r), map_route_template(r), json_string_value(json_object_get(op, "summary")));
    hput(b, "<p>Operation <code>%s</code> (operationId <code>%s</code>).%s</p>\n", map_op_name(map_route_op(r)),
         json_string_value(json_object_get(op, "operationId")),
         map_route_is_generic(r) ? " Generic route: the body holds the request's members by name." : "");
    parameters(b, op);
    body = request_body(b, doc, op);
    responses(b, doc, op, map_route_status(r));
    curl_line(b, doc, op, r, server, body);
    free(body);
    hput(b, "</section>\n");
}

char *map_help_render(const map_model *m, const map_routes *rs, const char *server_url, size_t *len)
{
    const char *server = server_url ? server_url : "http://localhost:8080";
    json_t *doc = map_openapi_json(m, rs, NULL, NULL, server);
    hbuf b = { 0 };
    size_t i;

    if (!doc)
        return NULL;
    page_intro(&b, doc, rs);
    route_index(&b, doc, rs);
    for (i = 0; i < map_routes_count(rs); i++)
        route_section(&b, doc, map_routes_at(rs, i), i, server);
    hput(&b, "</body>\n</html>\n");
    json_decref(doc);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.n;
    return b.p;
}
