/* route.c - REST routes: the mapping file or the naming conventions, matching, request binding. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "map.h"
#include "route.h"

#define ROUTE_PREFIX "/api"
#define ROUTE_MAX_CHILDREN 64
#define ROUTE_MAX_SEGS 16

struct map_route {
    char *method;
    char *template;
    char *summary;
    char *location;
    char *body;                 /* NULL: body = wrapper; "": no body; else wrapper child name */
    char *query;                /* NULL or wrapper child name */
    const map_op *op;
    int status;
    int generic;
    size_t nsegs;
    char *segs[ROUTE_MAX_SEGS]; /* template split on '/', "{x}" kept as is */
    size_t nvars;
    char *var_names[MAP_ROUTE_MAX_VARS];
    char *var_targets[MAP_ROUTE_MAX_VARS];
    const map_elem *var_elems[MAP_ROUTE_MAX_VARS];
    size_t nq;
    const map_elem *qelems[ROUTE_MAX_CHILDREN];
};

typedef struct route_fault {
    char *name;
    int status;
} route_fault;

struct map_routes {
    map_route *routes;
    size_t n, cap;
    route_fault *faults;
    size_t nfaults;
    const char *file;           /* the mapping file, for messages (NULL: conventions) */
    const char *text;           /* its text while loading, to find line numbers */
};

/* ---- small helpers ------------------------------------------------------------------------ */

static char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* The 1-based line of the first `"needle"` in the mapping file at or after `from` (0 if unknown). */
static int line_of(const map_routes *rs, const char *needle, const char *from)
{
    char quoted[300];
    const char *p, *start = from ? from : rs->text;
    int line = 1;

    if (!rs->text)
        return 0;
    /* a route's members may stand before its path on the same line: search from that line's start */
    while (start > rs->text && start[-1] != '\n')
        start--;
    snprintf(quoted, sizeof(quoted), "\"%s\"", needle);
    if (!(p = strstr(start, quoted)))
        return 0;
    for (const char *q = rs->text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Where a route's definition starts in the mapping file (its path template's first mention). */
static const char *route_text(const map_routes *rs, const char *template)
{
    char quoted[300];

    if (!rs->text || !template)
        return NULL;
    snprintf(quoted, sizeof(quoted), "\"%s\"", template);
    return strstr(rs->text, quoted);
}

/* Collects the element children of a complex type, base type's first (extension). */
static size_t type_children(const map_type *t, const map_elem **out, size_t n, size_t max);

static size_t particle_children(const map_particle *p, const map_elem **out, size_t n, size_t max)
{
    size_t i;

    if (!p || map_particle_group_name(p))
        return n; /* a repeated group is no element: see type_groups() */
    if (map_particle_kind(p) == MAP_PARTICLE_ELEMENT) {
        if (n < max)
            out[n++] = map_particle_elem(p);
        return n;
    }
    for (i = 0; i < map_particle_count(p); i++)
        n = particle_children(map_particle_child(p, i), out, n, max);
    return n;
}

static size_t type_children(const map_type *t, const map_elem **out, size_t n, size_t max)
{
    if (!t || map_type_kind(t) != MAP_TYPE_COMPLEX)
        return n;
    if (map_type_derivation(t) == MAP_DERIVE_EXTENSION && map_type_base(t))
        n = type_children(map_type_base(t), out, n, max);
    return particle_children(map_type_content(t), out, n, max);
}

/* Counts the repeated groups among the members of t (each one JSON property, no element of its own). */
static size_t particle_groups(const map_particle *p)
{
    size_t i, n = 0;

    if (!p || map_particle_group_name(p))
        return p != NULL;
    for (i = 0; i < map_particle_count(p); i++)
        n += particle_groups(map_particle_child(p, i));
    return n;
}

static size_t type_groups(const map_type *t)
{
    size_t n = 0;

    if (!t || map_type_kind(t) != MAP_TYPE_COMPLEX)
        return 0;
    if (map_type_derivation(t) == MAP_DERIVE_EXTENSION && map_type_base(t))
        n = type_groups(map_type_base(t));
    return n + particle_groups(map_type_content(t));
}

/* The member of type t named `name` (exact, or case-insensitive when `icase`), or NULL. */
static const map_elem *member(const map_type *t, const char *name, int icase)
{
    const map_elem *kids[ROUTE_MAX_CHILDREN];
    size_t i, n = type_children(t, kids, 0, ROUTE_MAX_CHILDREN);

    for (i = 0; i < n; i++)
        if (!strcmp(map_elem_name(kids[i]), name))
            return kids[i];
    for (i = 0; icase && i < n; i++)
        if (!strcasecmp(map_elem_name(kids[i]), name))
            return kids[i];
    return NULL;
}

static const map_type *wrapper_type(const map_op *op, int output)
{
    const map_elem *e = output ? map_op_output(op) : map_op_input(op);

    return e ? map_elem_type(e) : NULL;
}

/* The element a '/'-separated target path names inside the request wrapper, or NULL. */
static const map_elem *target_elem(const map_op *op, const char *target)
{
    const map_type *t = wrapper_type(op, 0);
    const map_elem *e = NULL;
    char buf[256], *save = NULL, *seg;

    snprintf(buf, sizeof(buf), "%s", target);
    for (seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!t || !(e = member(t, seg, 0)))
            return NULL;
        t = map_elem_type(e);
    }
    return e;
}

/* The single child of the response wrapper (the unwrapped result), or NULL. */
static const map_elem *result_elem(const map_op *op)
{
    const map_elem *kids[ROUTE_MAX_CHILDREN];
    size_t n = type_children(wrapper_type(op, 1), kids, 0, ROUTE_MAX_CHILDREN);

    return n == 1 && type_groups(wrapper_type(op, 1)) == 0 ? kids[0] : NULL;
}

/* Counts the xs:any wildcards among the members of t ("$any"). */
static size_t particle_wildcards(const map_particle *p)
{
    size_t i, n = 0;

    if (!p || map_particle_group_name(p))
        return 0;
    if (map_particle_kind(p) == MAP_PARTICLE_ANY)
        return 1;
    for (i = 0; i < map_particle_count(p); i++)
        n += particle_wildcards(map_particle_child(p, i));
    return n;
}

/* The JSON members of the response wrapper: elements, repeated groups, wildcards, attributes and a
 * simple or mixed content's "$value", its base's included. 0: no result, the route answers 204. */
static size_t response_children(const map_op *op)
{
    const map_elem *kids[ROUTE_MAX_CHILDREN];
    const map_type *t;
    size_t n = 0;

    for (t = map_op_output(op) ? wrapper_type(op, 1) : NULL; t != NULL && map_type_kind(t) == MAP_TYPE_COMPLEX;
         t = map_type_derivation(t) == MAP_DERIVE_EXTENSION ? map_type_base(t) : NULL)
        n += map_type_attr_count(t) + (size_t)map_type_any_attribute(t) + particle_wildcards(map_type_content(t)) +
             (map_type_value(t) != NULL);
    if (map_op_output(op) && map_type_kind(wrapper_type(op, 1)) != MAP_TYPE_COMPLEX)
        n++; /* a simple-typed response element: its value */
    return map_op_output(op) ? n + type_children(wrapper_type(op, 1), kids, 0, ROUTE_MAX_CHILDREN) +
                                   type_groups(wrapper_type(op, 1)) : 0;
}

/* ---- building a route --------------------------------------------------------------------- */

static void route_clear(map_route *r)
{
    size_t i;

    free(r->method);
    free(r->template);
    free(r->summary);
    free(r->location);
    free(r->body);
    free(r->query);
    for (i = 0; i < r->nsegs; i++)
        free(r->segs[i]);
    for (i = 0; i < r->nvars; i++) {
        free(r->var_names[i]);
        free(r->var_targets[i]);
    }
    memset(r, 0, sizeof(*r));
}

/* Splits the template into segments and records its {variables}. */
static int route_parse_template(map_route *r, char *err, size_t errlen)
{
    char buf[512], *save = NULL, *seg;

    if (r->template[0] != '/' || strlen(r->template) >= sizeof(buf))
        return fail(err, errlen, "path \"%s\" must start with '/'", r->template);
    snprintf(buf, sizeof(buf), "%s", r->template);
    for (seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        size_t len = strlen(seg);
        if (r->nsegs == ROUTE_MAX_SEGS)
            return fail(err, errlen, "path \"%s\" has too many segments", r->template);
        r->segs[r->nsegs++] = strdup(seg);
        if (seg[0] != '{')
            continue;
        if (len < 3 || seg[len - 1] != '}' || r->nvars == MAP_ROUTE_MAX_VARS)
            return fail(err, errlen, "path \"%s\": bad variable \"%s\"", r->template, seg);
        r->var_names[r->nvars++] = strndup(seg + 1, len - 2);
    }
    return 0;
}

/* Collects the query parameters a GET-like route documents and accepts. */
static void route_query_elems(map_route *r)
{
    const map_type *t = wrapper_type(r->op, 0);
    const map_elem *kids[ROUTE_MAX_CHILDREN];
    size_t i, n;

    if (r->query) {
        const map_elem *q = member(t, r->query, 0);
        t = q ? map_elem_type(q) : NULL;
    } else if (r->body == NULL || r->body[0]) {
        return; /* the request's data comes in the body */
    }
    n = type_children(t, kids, 0, ROUTE_MAX_CHILDREN);
    for (i = 0; i < n; i++) {
        size_t v;
        int is_var = 0;
        for (v = 0; v < r->nvars; v++)
            is_var |= !strcmp(r->var_targets[v], map_elem_name(kids[i]));
        if (!is_var)
            r->qelems[r->nq++] = kids[i];
    }
}

static int routes_push(map_routes *rs, map_route *r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 32;
        map_route *p = realloc(rs->routes, cap * sizeof(*p));
        if (!p)
            return -1;
        rs->routes = p;
        rs->cap = cap;
    }
    rs->routes[rs->n++] = *r;
    memset(r, 0, sizeof(*r));
    return 0;
}

/* ---- checks shared by the mapping file and the conventions -------------------------------- */

static int check_status(const map_routes *rs, const map_route *r, char *err, size_t errlen)
{
    int oneway = map_op_output(r->op) == NULL;
    int line = line_of(rs, "status", route_text(rs, r->template));

    if (r->status != 200 && r->status != 201 && r->status != 202 && r->status != 204)
        return fail(err, errlen, "%s:%d: route %s %s: status %d is not a success status (200, 201, 202, 204)",
                    rs->file, line, r->method, r->template, r->status);
    if (oneway != (r->status == 202))
        return fail(err, errlen, "%s:%d: route %s %s: status 202 is for one-way operations and they take only 202 (%s is %s)",
                    rs->file, line, r->method, r->template, map_op_name(r->op), oneway ? "one-way" : "request-response");
    if (r->status == 204 && response_children(r->op) > 0)
        return fail(err, errlen, "%s:%d: route %s %s: status 204 would drop the result of %s",
                    rs->file, line, r->method, r->template, map_op_name(r->op));
    return 0;
}

static int check_location(const map_routes *rs, const map_route *r, char *err, size_t errlen)
{
    const map_elem *res = result_elem(r->op);
    const char *p = r->location;
    char name[128];

    if (!p)
        return 0;
    while ((p = strchr(p, '{'))) {
        size_t n = strcspn(p + 1, "}");
        snprintf(name, sizeof(name), "%.*s", (int)n, p + 1);
        if (!res || !member(map_elem_type(res), name, 0))
            return fail(err, errlen, "%s:%d: route %s %s: location names {%s}, which the result of %s does not have",
                        rs->file, line_of(rs, "location", route_text(rs, r->template)), r->method,
                        r->template, name, map_op_name(r->op));
        p += n + 1;
    }
    return 0;
}

/* Resolves each template variable to its target in the request wrapper. */
static int check_vars(const map_routes *rs, map_route *r, char *err, size_t errlen)
{
    size_t i;

    for (i = 0; i < r->nvars; i++) {
        if (!r->var_targets[i]) {
            const map_elem *e = member(wrapper_type(r->op, 0), r->var_names[i], 1);
            r->var_targets[i] = dupstr(e ? map_elem_name(e) : r->var_names[i]);
        }
        if (!(r->var_elems[i] = target_elem(r->op, r->var_targets[i])))
            return fail(err, errlen, "%s:%d: route %s %s: {%s} fills \"%s\", which the request of %s does not have",
                        rs->file, line_of(rs, r->var_names[i], route_text(rs, r->template)),
                        r->method, r->template, r->var_names[i], r->var_targets[i], map_op_name(r->op));
    }
    return 0;
}

static int check_members(const map_routes *rs, const map_route *r, char *err, size_t errlen)
{
    const map_type *w = wrapper_type(r->op, 0);

    if (r->body && r->body[0] && !member(w, r->body, 0))
        return fail(err, errlen, "%s:%d: route %s %s: body \"%s\" is not a member of the request of %s",
                    rs->file, line_of(rs, "body", route_text(rs, r->template)), r->method,
                    r->template, r->body, map_op_name(r->op));
    if (r->query && !member(w, r->query, 0))
        return fail(err, errlen, "%s:%d: route %s %s: query \"%s\" is not a member of the request of %s",
                    rs->file, line_of(rs, "query", route_text(rs, r->template)), r->method,
                    r->template, r->query, map_op_name(r->op));
    return 0;
}

/* Two templates collide when every segment is equal or either one is a variable. */
static int templates_collide(const map_route *a, const map_route *b)
{
    size_t i;

    if (a->nsegs != b->nsegs || strcmp(a->method, b->method))
        return 0;
    for (i = 0; i < a->nsegs; i++)
        if (a->segs[i][0] != '{' && b->segs[i][0] != '{' && strcmp(a->segs[i], b->segs[i]))
            return 0;
    return 1;
}

static int check_collisions(const map_routes *rs, const map_route *r, char *err, size_t errlen)
{
    size_t i;

    for (i = 0; i < rs->n; i++)
        if (templates_collide(&rs->routes[i], r))
            return fail(err, errlen, "%s:%d: route %s %s (%s) collides with %s %s (%s)",
                        rs->file ? rs->file : "conventions", line_of(rs, r->template, NULL), r->method,
                        r->template, map_op_name(r->op), rs->routes[i].method,
                        rs->routes[i].template, map_op_name(rs->routes[i].op));
    return 0;
}

/* Validates and appends a filled route; on failure it is cleared. */
static int add_route(map_routes *rs, map_route *r, char *err, size_t errlen)
{
    /* the mapping file parsed the template already, to point its variables at their targets */
    if ((r->nsegs == 0 && route_parse_template(r, err, errlen)) || check_vars(rs, r, err, errlen) ||
        check_members(rs, r, err, errlen) || check_status(rs, r, err, errlen) ||
        check_location(rs, r, err, errlen) || check_collisions(rs, r, err, errlen)) {
        route_clear(r);
        return -1;
    }
    route_query_elems(r);
    if (routes_push(rs, r) != 0) {
        route_clear(r);
        return fail(err, errlen, "out of memory");
    }
    return 0;
}

/* ---- the mapping file --------------------------------------------------------------------- */

static int check_keys(const map_routes *rs, json_t *obj, const char *const *allowed, const char *where,
                      const char *from, char *err, size_t errlen)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v) {
        size_t i;
        int ok = key[0] == '$'; /* "$comment" and friends are free */
        for (i = 0; !ok && allowed[i]; i++)
            ok = !strcmp(key, allowed[i]);
        if (!ok)
            return fail(err, errlen, "%s:%d: unknown key \"%s\" in %s", rs->file,
                        line_of(rs, key, from), key, where);
    }
    return 0;
}

static int opt_string(json_t *obj, const char *key, char **out)
{
    json_t *v = json_object_get(obj, key);

    if (!v)
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = strdup(json_string_value(v));
    return 0;
}

/* Reads one "routes" entry into r (not yet validated against the model's shapes). */
static int read_route(map_routes *rs, const map_model *m, json_t *jr, size_t idx, map_route *r,
                      char *err, size_t errlen)
{
    static const char *const keys[] = { "operation", "method", "path", "body", "query", "vars",
                                        "status", "location", "summary", NULL };
    const char *opname = json_string_value(json_object_get(jr, "operation"));
    const char *method = json_string_value(json_object_get(jr, "method"));
    const char *path = json_string_value(json_object_get(jr, "path"));
    json_t *status = json_object_get(jr, "status");
    const char *from = route_text(rs, path);

    if (!json_is_object(jr) || !opname || !method || !path)
        return fail(err, errlen, "%s:%d: routes[%zu] needs string members operation, method and path",
                    rs->file, line_of(rs, "routes", NULL), idx);
    if (check_keys(rs, jr, keys, "a route", from, err, errlen))
        return -1;
    if (!(r->op = map_model_find_op(m, opname)))
        return fail(err, errlen, "%s:%d: routes[%zu]: no operation \"%s\" in the contract", rs->file,
                    line_of(rs, opname, from), idx, opname);
    if (strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "PUT") &&
        strcmp(method, "DELETE") && strcmp(method, "PATCH"))
        return fail(err, errlen, "%s:%d: routes[%zu]: method \"%s\" is not GET, POST, PUT, PATCH or DELETE",
                    rs->file, line_of(rs, method, from), idx, method);
    if (status && !json_is_integer(status))
        return fail(err, errlen, "%s:%d: routes[%zu]: status must be a number", rs->file,
                    line_of(rs, "status", from), idx);
    r->method = strdup(method);
    r->template = strdup(path);
    r->status = status ? (int)json_integer_value(status) : (map_op_output(r->op) ? 200 : 202);
    if (opt_string(jr, "body", &r->body) || opt_string(jr, "query", &r->query) ||
        opt_string(jr, "location", &r->location) || opt_string(jr, "summary", &r->summary))
        return fail(err, errlen, "%s:%d: routes[%zu]: body, query, location and summary are strings",
                    rs->file, line_of(rs, path, NULL), idx);
    if (!json_object_get(jr, "body") && (!strcmp(method, "GET") || !strcmp(method, "DELETE")))
        r->body = strdup(""); /* GET and DELETE take no body unless the file says so */
    return route_parse_template(r, err, errlen) ? -1 : 0;
}

/* Points the template variables at the targets the "vars" object names. */
static int read_vars(map_routes *rs, json_t *vars, map_route *r, char *err, size_t errlen)
{
    const char *key;
    json_t *v;

    json_object_foreach(vars, key, v) {
        size_t i;
        for (i = 0; i < r->nvars && strcmp(r->var_names[i], key); i++)
            ;
        if (i == r->nvars || !json_is_string(v))
            return fail(err, errlen, "%s:%d: route %s %s: vars names \"%s\", which is not a {variable} of the path (or its target is not a string)",
                        rs->file, line_of(rs, key, route_text(rs, r->template)), r->method,
                        r->template, key);
        r->var_targets[i] = strdup(json_string_value(v));
    }
    return 0;
}

static int read_faults(map_routes *rs, json_t *faults, char *err, size_t errlen)
{
    const char *key;
    json_t *v;
    size_t n = 0;

    if (!faults)
        return 0;
    if (!json_is_object(faults))
        return fail(err, errlen, "%s:%d: faults must be an object", rs->file, line_of(rs, "faults", NULL));
    rs->faults = calloc(json_object_size(faults) + 1, sizeof(*rs->faults));
    json_object_foreach(faults, key, v) {
        json_int_t st = json_is_integer(v) ? json_integer_value(v) : 0;
        if (st < 400 || st > 599)
            return fail(err, errlen, "%s:%d: fault \"%s\": status %lld is not a 4xx or 5xx status",
                        rs->file, line_of(rs, key, strstr(rs->text, "\"faults\"")), key, (long long)st);
        rs->faults[n].name = strdup(key);
        rs->faults[n++].status = (int)st;
        rs->nfaults = n;
    }
    return 0;
}

/* Reads the whole mapping file: its fault table, then each route, validated as it is added. */
static int read_file(map_routes *rs, const map_model *m, json_t *root, char *err, size_t errlen)
{
    static const char *const keys[] = { "faults", "routes", NULL };
    json_t *routes = json_object_get(root, "routes");
    size_t i;

    if (!json_is_object(root))
        return fail(err, errlen, "%s:1: the mapping file must hold a JSON object", rs->file);
    if (check_keys(rs, root, keys, "the mapping file", NULL, err, errlen) ||
        read_faults(rs, json_object_get(root, "faults"), err, errlen))
        return -1;
    if (routes && !json_is_array(routes))
        return fail(err, errlen, "%s:%d: routes must be an array", rs->file, line_of(rs, "routes", NULL));
    for (i = 0; i < json_array_size(routes); i++) {
        map_route r = { 0 };
        json_t *jr = json_array_get(routes, i);
        if (read_route(rs, m, jr, i, &r, err, errlen) ||
            read_vars(rs, json_object_get(jr, "vars"), &r, err, errlen)) {
            route_clear(&r);
            return -1;
        }
        if (add_route(rs, &r, err, errlen))
            return -1;
    }
    return 0;
}

static int load_file(map_routes *rs, const map_model *m, const char *path, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root;
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    int rc;

    if (!f)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || size > (1L << 20) || fseek(f, 0, SEEK_SET) ||
        !(text = calloc(1, (size_t)size + 1)) || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(text);
        return fail(err, errlen, "%s: cannot read (or larger than 1 MiB)", path);
    }
    fclose(f);
    if (!(root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr))) {
        free(text);
        return fail(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
    }
    rs->file = path;
    rs->text = text;
    rc = read_file(rs, m, root, err, errlen);
    rs->text = NULL;
    free(text);
    json_decref(root);
    return rc;
}

/* ---- the conventions ---------------------------------------------------------------------- */

/* "OrderLine" -> "order-lines": the resource segment of an operation's noun. */
static void resource_name(const char *noun, char *out, size_t len)
{
    size_t n = 0;

    for (const char *p = noun; *p && n + 4 < len; p++) {
        if (isupper((unsigned char)*p) && p != noun)
            out[n++] = '-';
        out[n++] = (char)tolower((unsigned char)*p);
    }
    if (n && out[n - 1] == 'y' && n + 3 < len)
        n--, out[n++] = 'i', out[n++] = 'e';
    if (n && out[n - 1] != 's')
        out[n++] = 's';
    out[n] = '\0';
}

typedef struct convention {
    const char *verb;   /* operation name prefix */
    const char *method;
    int status;         /* 0: 200 when there is a result, 204 when not */
    int with_id;        /* 1: the path ends in /{id} (when the request has an id-like member) */
    int body;           /* 1: the request wrapper comes in the body */
} convention;

static const convention conventions[] = {
    { "Get", "GET", 0, 1, 0 },        { "Find", "GET", 0, 0, 0 },
    { "List", "GET", 0, 0, 0 },       { "Search", "GET", 0, 0, 0 },
    { "Create", "POST", 201, 0, 1 },  { "Add", "POST", 201, 0, 1 },
    { "Update", "PUT", 0, 1, 1 },     { "Delete", "DELETE", 204, 1, 0 },
    { "Remove", "DELETE", 204, 1, 0 },
};

/* The request member that identifies the resource: "id", or one ending in "Id", of a simple type. */
static const map_elem *id_member(const map_op *op)
{
    const map_elem *kids[ROUTE_MAX_CHILDREN];
    size_t i, n = type_children(wrapper_type(op, 0), kids, 0, ROUTE_MAX_CHILDREN);

    for (i = 0; i < n; i++) {
        const char *name = map_elem_name(kids[i]);
        size_t len = strlen(name);
        if (map_type_kind(map_elem_type(kids[i])) == MAP_TYPE_SIMPLE &&
            (!strcasecmp(name, "id") || (len > 2 && !strcmp(name + len - 2, "Id"))))
            return kids[i];
    }
    return NULL;
}

/* The result member that identifies a created resource ("Id", or one ending in "Id"), or NULL. */
static const map_elem *result_id_member(const map_op *op)
{
    const map_elem *res = result_elem(op), *kids[ROUTE_MAX_CHILDREN];
    size_t i, n = res ? type_children(map_elem_type(res), kids, 0, ROUTE_MAX_CHILDREN) : 0;

    for (i = 0; i < n; i++) {
        const char *name = map_elem_name(kids[i]);
        size_t len = strlen(name);
        if (map_type_kind(map_elem_type(kids[i])) == MAP_TYPE_SIMPLE && len >= 2 &&
            !strcmp(name + len - 2, "Id"))
            return kids[i];
    }
    return NULL;
}

/* The body a Create/Update route takes by convention: the request's one complex member (the
 * resource itself, "book"), or NULL (the whole wrapper object) when there is not exactly one. */
static char *body_member(const map_op *op)
{
    const map_elem *kids[ROUTE_MAX_CHILDREN], *found = NULL;
    size_t i, n = type_children(wrapper_type(op, 0), kids, 0, ROUTE_MAX_CHILDREN);

    for (i = 0; i < n; i++) {
        if (map_type_kind(map_elem_type(kids[i])) != MAP_TYPE_COMPLEX)
            continue;
        if (found)
            return NULL;
        found = kids[i];
    }
    return found ? strdup(map_elem_name(found)) : NULL;
}

/* Infers the resource route of one operation; returns 0 when none applies. */
static int infer_route(map_routes *rs, const map_op *op, char *err, size_t errlen)
{
    const char *name = map_op_name(op);
    const map_elem *id = id_member(op);
    char res[128], tpl[300];
    map_route r = { 0 };
    size_t i;

    for (i = 0; i < sizeof(conventions) / sizeof(conventions[0]); i++) {
        const convention *c = &conventions[i];
        size_t vl = strlen(c->verb);
        if (strncmp(name, c->verb, vl) || !isupper((unsigned char)name[vl]) || !map_op_output(op))
            continue;
        if (c->with_id && !id)
            return 0;
        resource_name(name + vl, res, sizeof(res));
        if (c->with_id)
            snprintf(tpl, sizeof(tpl), "%s/%s/{%s}", ROUTE_PREFIX, res, map_elem_name(id));
        else
            snprintf(tpl, sizeof(tpl), "%s/%s", ROUTE_PREFIX, res);
        r.method = strdup(c->method);
        r.template = strdup(tpl);
        r.op = op;
        r.status = c->status ? c->status : (response_children(op) ? 200 : 204);
        if (c->status == 204 && response_children(op))
            r.status = 200;
        r.body = c->body ? body_member(op) : strdup("");
        if (r.status == 201 && result_id_member(op)) {
            /* Location: the GET route this resource gets from the same conventions */
            snprintf(tpl, sizeof(tpl), "%s/%s/{%s}", ROUTE_PREFIX, res, map_elem_name(result_id_member(op)));
            r.location = strdup(tpl);
        }
        return add_route(rs, &r, err, errlen);
    }
    return 0;
}

/* One-way operations get no resource route by convention (their name says nothing of a resource):
 * their generic POST /api/{Operation} answers 202. */

/* True when an operation before index i of m has the name of operation i (the same name in two
 * portTypes: ASMX's and Axis's doc and rpc ports, a contract's versions side by side). */
static int name_taken(const map_model *m, size_t i)
{
    size_t j;

    for (j = 0; j < i; j++)
        if (!strcmp(map_op_name(map_model_op(m, j)), map_op_name(map_model_op(m, i))))
            return 1;
    return 0;
}

/* POST /api/{Operation}; when an earlier portType took the name, POST /api/{PortType}/{Operation}. */
static int add_generic(map_routes *rs, const map_op *op, int taken, char *err, size_t errlen)
{
    map_route r = { 0 };
    char tpl[600];

    if (taken)
        snprintf(tpl, sizeof(tpl), "%s/%s/%s", ROUTE_PREFIX, map_op_port_type(op) ? map_op_port_type(op) : "",
                 map_op_name(op));
    else
        snprintf(tpl, sizeof(tpl), "%s/%s", ROUTE_PREFIX, map_op_name(op));
    r.method = strdup("POST");
    r.template = strdup(tpl);
    r.op = op;
    r.generic = 1;
    r.status = !map_op_output(op) ? 202 : (response_children(op) ? 200 : 204);
    return add_route(rs, &r, err, errlen);
}

/* ---- public ------------------------------------------------------------------------------- */

int map_routes_load(const map_model *m, const char *mapping_path, map_routes **out, char *err,
                    size_t errlen)
{
    map_routes *rs = calloc(1, sizeof(*rs));
    size_t i;

    if (!rs)
        return fail(err, errlen, "out of memory");
    if (mapping_path && load_file(rs, m, mapping_path, err, errlen))
        goto fail;
    for (i = 0; !mapping_path && i < map_model_op_count(m); i++)
        if (!name_taken(m, i) && infer_route(rs, map_model_op(m, i), err, errlen))
            goto fail;
    for (i = 0; i < map_model_op_count(m); i++)
        if (add_generic(rs, map_model_op(m, i), name_taken(m, i), err, errlen))
            goto fail;
    rs->file = NULL;
    *out = rs;
    return 0;
fail:
    map_routes_free(rs);
    return -1;
}

void map_routes_free(map_routes *rs)
{
    size_t i;

    if (!rs)
        return;
    for (i = 0; i < rs->n; i++)
        route_clear(&rs->routes[i]);
    for (i = 0; i < rs->nfaults; i++)
        free(rs->faults[i].name);
    free(rs->faults);
    free(rs->routes);
    free(rs);
}

size_t map_routes_count(const map_routes *rs) { return rs->n; }
const map_route *map_routes_at(const map_routes *rs, size_t i) { return i < rs->n ? &rs->routes[i] : NULL; }
const char *map_routes_prefix(const map_routes *rs) { (void)rs; return ROUTE_PREFIX; }
const char *map_route_method(const map_route *r) { return r->method; }
const char *map_route_template(const map_route *r) { return r->template; }
const map_op *map_route_op(const map_route *r) { return r->op; }
int map_route_status(const map_route *r) { return r->status; }
const char *map_route_location(const map_route *r) { return r->location; }
int map_route_is_generic(const map_route *r) { return r->generic; }
const char *map_route_body(const map_route *r) { return r->body; }
const char *map_route_query(const map_route *r) { return r->query; }
size_t map_route_var_count(const map_route *r) { return r->nvars; }
const char *map_route_var_name(const map_route *r, size_t i) { return i < r->nvars ? r->var_names[i] : NULL; }
const char *map_route_var_target(const map_route *r, size_t i) { return i < r->nvars ? r->var_targets[i] : NULL; }
size_t map_route_query_count(const map_route *r) { return r->nq; }
const map_elem *map_route_query_elem(const map_route *r, size_t i) { return i < r->nq ? r->qelems[i] : NULL; }
const char *map_route_summary(const map_route *r) { return r->summary; }

/* Matches one route's segments against the path's; fills the variables on success. */
static int match_segments(const map_route *r, char **segs, size_t nsegs, map_match *m)
{
    size_t i;

    if (nsegs != r->nsegs)
        return 0;
    for (i = 0; i < nsegs; i++)
        if (r->segs[i][0] != '{' && strcmp(r->segs[i], segs[i]))
            return 0;
    m->nvars = 0;
    for (i = 0; i < nsegs; i++)
        if (r->segs[i][0] == '{')
            m->vars[m->nvars++] = strdup(segs[i]);
    return 1;
}

static void allow_add(map_match *m, const char *method)
{
    size_t n = strlen(m->allow);

    if (strstr(m->allow, method))
        return;
    snprintf(m->allow + n, sizeof(m->allow) - n, "%s%s", n ? ", " : "", method);
}

int map_routes_match(const map_routes *rs, const char *method, const char *path, map_match *m)
{
    char buf[1024], *segs[ROUTE_MAX_SEGS + 1], *save = NULL, *seg;
    size_t nsegs = 0, i;

    memset(m, 0, sizeof(*m));
    if (strlen(path) >= sizeof(buf))
        return -1;
    snprintf(buf, sizeof(buf), "%s", path);
    for (seg = strtok_r(buf, "/", &save); seg && nsegs <= ROUTE_MAX_SEGS; seg = strtok_r(NULL, "/", &save))
        segs[nsegs++] = seg;
    if (nsegs > ROUTE_MAX_SEGS)
        return -1;
    for (i = 0; i < rs->n; i++) {
        const map_route *r = &rs->routes[i];
        int head = !strcmp(method, "HEAD") && !strcmp(r->method, "GET");
        if (!match_segments(r, segs, nsegs, m))
            continue;
        if (!strcmp(r->method, method) || head) {
            m->route = r;
            return 0;
        }
        map_match_clear(m);
        allow_add(m, r->method);
    }
    return -1;
}

void map_match_clear(map_match *m)
{
    size_t i;

    for (i = 0; i < m->nvars; i++)
        free(m->vars[i]);
    m->nvars = 0;
}

/* ---- binding ------------------------------------------------------------------------------ */

static int bind_fail(map_error *err, int status, const char *pointer, const char *msg)
{
    memset(err, 0, sizeof(*err));
    err->status = status;
    snprintf(err->pointer, sizeof(err->pointer), "%.*s", (int)sizeof(err->pointer) - 1, pointer);
    snprintf(err->message, sizeof(err->message), "%.*s", (int)sizeof(err->message) - 1, msg);
    return -1;
}

/* Text from a URL converted by the element's type: integers, booleans and numbers become JSON
 * numbers/booleans when the text is one; anything else stays text for the transcoder to judge. */
static json_t *text_value(const map_elem *e, const char *text)
{
    const map_type *t = map_elem_type(e);
    const map_builtin_info *bi = map_builtin_describe(map_type_builtin(t));
    char *end;

    if (!bi || !*text)
        return json_string(text);
    errno = 0;
    if (bi->json == MAP_JSON_INTEGER) {
        long long v = strtoll(text, &end, 10);
        if (!*end && !errno)
            return json_integer(v);
    } else if (bi->json == MAP_JSON_BOOLEAN) {
        if (!strcmp(text, "true") || !strcmp(text, "false"))
            return json_boolean(!strcmp(text, "true"));
    } else if (bi->json == MAP_JSON_NUMBER) {
        double d = strtod(text, &end);
        if (!*end && !errno)
            return json_real(d);
    }
    return json_string(text);
}

/* Sets obj[path] (a '/'-separated path of members) to v, creating objects on the way. */
static int set_path(json_t *obj, const char *path, json_t *v)
{
    char buf[256], *slash;
    json_t *child;

    snprintf(buf, sizeof(buf), "%s", path);
    while ((slash = strchr(buf, '/'))) {
        *slash = '\0';
        child = json_object_get(obj, buf);
        if (child && !json_is_object(child)) {
            json_decref(v); /* stolen, as json_object_set_new steals it */
            return -1; /* the body put something else there: never overwrite what the client sent */
        }
        if (!child) {
            child = json_object();
            json_object_set_new(obj, buf, child);
        }
        obj = child;
        memmove(buf, slash + 1, strlen(slash + 1) + 1);
    }
    return json_object_set_new(obj, buf, v);
}

static int is_repeated(const map_elem *e)
{
    long max = map_elem_max_occurs(e);

    return max == MAP_UNBOUNDED || max > 1 || map_type_array_item(map_elem_type(e)) != NULL;
}

/* Text from the URL as a JSON value, or a 400 naming `ptr` when it is not UTF-8 (jansson refuses
 * such strings, and a dropped value must never read as an absent one). */
static json_t *url_value(const map_elem *e, const char *text, const char *ptr, map_error *err)
{
    json_t *v = text_value(e, text);

    if (!v)
        bind_fail(err, 400, ptr, "The value is not valid UTF-8 text");
    return v;
}

static int bind_query_arg(const map_route *r, json_t *target, const map_query_arg *a, map_error *err)
{
    const map_elem *e = NULL, *item;
    char ptr[300];
    json_t *v;
    size_t i;

    for (i = 0; i < r->nq && !e; i++)
        if (!strcasecmp(map_elem_name(r->qelems[i]), a->name))
            e = r->qelems[i];
    snprintf(ptr, sizeof(ptr), "?%s", a->name);
    if (!e)
        return bind_fail(err, 400, ptr, "This route has no such query parameter");
    if (!is_repeated(e)) {
        if (json_object_get(target, map_elem_name(e)))
            return bind_fail(err, 400, ptr, "The query parameter is given more than once");
        if (!(v = url_value(e, a->value, ptr, err)))
            return -1;
        return json_object_set_new(target, map_elem_name(e), v);
    }
    item = map_type_array_item(map_elem_type(e));
    if (!(v = url_value(item ? item : e, a->value, ptr, err)))
        return -1;
    if (!json_is_array(json_object_get(target, map_elem_name(e))))
        json_object_set_new(target, map_elem_name(e), json_array());
    return json_array_append_new(json_object_get(target, map_elem_name(e)), v);
}

/* Fills each template variable's target; a value that cannot be had is a 400 naming the variable. */
static int bind_vars(const map_route *r, const map_match *mt, json_t *obj, map_error *err)
{
    char ptr[128];
    json_t *v;
    size_t i;

    for (i = 0; i < r->nvars && i < mt->nvars; i++) {
        snprintf(ptr, sizeof(ptr), "{%s}", r->var_names[i]);
        if (!(v = url_value(r->var_elems[i], mt->vars[i], ptr, err)))
            return -1;
        if (set_path(obj, r->var_targets[i], v) != 0)
            return bind_fail(err, 400, "", "The request body must be a JSON object");
    }
    return 0;
}

static int bind_body(const map_route *r, json_t *obj, json_t *body, map_error *err)
{
    if (!body)
        return 0;
    if (r->body && !r->body[0])
        return bind_fail(err, 400, "", "This route takes no request body");
    if (r->body)
        return json_object_set(obj, r->body, body);
    if (!json_is_object(body))
        return bind_fail(err, 400, "", "The request body must be a JSON object");
    return json_object_update(obj, body);
}

int map_route_bind(const map_route *r, const map_match *mt, const map_query_arg *args, size_t nargs,
                   json_t *body, json_t **out, map_error *err)
{
    json_t *obj = json_object(), *target;
    size_t i;

    if (!obj || bind_body(r, obj, body, err))
        goto fail;
    /* Path variables win over the body: PUT /products/5 updates product 5 whatever the body says. */
    if (bind_vars(r, mt, obj, err))
        goto fail;
    target = obj;
    if (r->query && nargs) {
        target = json_object_get(obj, r->query);
        if (!json_is_object(target)) {
            target = json_object();
            json_object_set_new(obj, r->query, target);
        }
    }
    for (i = 0; i < nargs; i++)
        if (bind_query_arg(r, target, &args[i], err))
            goto fail;
    *out = obj;
    return 0;
fail:
    if (!err->status)
        bind_fail(err, 500, "", "out of memory");
    json_decref(obj);
    return -1;
}

char *map_route_location_for(const map_route *r, const json_t *result)
{
    char out[1024], name[128];
    const char *p = r->location;
    size_t n = 0;

    if (!p || !json_is_object(result))
        return NULL;
    while (*p && n + 1 < sizeof(out)) {
        const char *close;
        json_t *v;
        if (*p != '{' || !(close = strchr(p, '}'))) {
            out[n++] = *p++;
            continue;
        }
        snprintf(name, sizeof(name), "%.*s", (int)(close - p - 1), p + 1);
        v = json_object_get(result, name);
        if (json_is_integer(v))
            n += (size_t)snprintf(out + n, sizeof(out) - n, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v))
            n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", json_string_value(v));
        else
            return NULL;
        p = close + 1;
    }
    if (n >= sizeof(out))
        return NULL;
    out[n] = '\0';
    return strdup(out);
}

/* The conventions for fault detail names the mapping file does not list. */
static const route_fault fault_conventions[] = {
    { (char *)"NotFound", 404 },  { (char *)"Validation", 422 }, { (char *)"Conflict", 409 },
    { (char *)"Unauthorized", 401 }, { (char *)"Forbidden", 403 }, { (char *)"AccessDenied", 403 },
};

int map_routes_fault_status(const map_routes *rs, const map_fault_info *fi)
{
    const char *name = fi->detail_elem ? map_elem_name(fi->detail_elem) : NULL;
    size_t i;

    for (i = 0; name && i < rs->nfaults; i++)
        if (!strcmp(rs->faults[i].name, name))
            return rs->faults[i].status;
    for (i = 0; name && i < sizeof(fault_conventions) / sizeof(fault_conventions[0]); i++)
        if (strstr(name, fault_conventions[i].name))
            return fault_conventions[i].status;
    return fi->is_sender ? 400 : 500;
}
