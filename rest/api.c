/* api.c - the REST/JSON facade: a route's JSON becomes the operation's SOAP request, runs through the
 * very same engine as a SOAP call, and the SOAP response (or fault) comes back as JSON (or problem). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "openapi.h"
#include "rest_int.h"

#define API_PREFIX "/api"
#define API_MAX_ARGS 64
/* Where the client's origin goes in the documents rendered once at start. */
#define API_ORIGIN_MARK "urn:soaprest:origin"

/* ---- problem details (RFC 9457) ------------------------------------------------------------- */

/* Sends application/problem+json. `extra` (may be NULL) is merged into the object and released. */
static enum MHD_Result problem(struct MHD_Connection *c, unsigned status, const char *slug,
                               const char *title, const char *detail, json_t *extra,
                               const char *allow)
{
    json_t *p = json_object();
    char type[160];
    char *text;

    snprintf(type, sizeof(type), "urn:soaprest:problem:%s", slug);
    json_object_set_new(p, "type", json_string(type));
    json_object_set_new(p, "title", json_string(title));
    json_object_set_new(p, "status", json_integer(status));
    if (detail)
        json_object_set_new(p, "detail", json_string(detail));
    if (extra)
        json_object_update(p, extra);
    json_decref(extra);
    text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    if (!text)
        return MHD_NO;
    return restp_reply_buf(c, status, "application/problem+json", text, strlen(text),
                           MHD_RESPMEM_MUST_FREE, allow);
}

enum MHD_Result restp_api_problem(struct MHD_Connection *c, unsigned status, const char *slug,
                                  const char *title, const char *detail, const char *allow)
{
    return problem(c, status, slug, title, detail, NULL, allow);
}

/* A transcoding or binding error: 400 names the field with a JSON Pointer and what was expected. */
static enum MHD_Result problem_input(struct MHD_Connection *c, const map_error *err)
{
    json_t *x;

    if (err->status != 400)
        return problem(c, 500, "internal", "Internal error", "The request could not be processed",
                       NULL, NULL);
    x = json_pack("{s:s}", "pointer", err->pointer);
    if (err->expected[0])
        json_object_set_new(x, "expected", json_string(err->expected));
    if (err->got[0])
        json_object_set_new(x, "got", json_string(err->got));
    return problem(c, 400, "invalid-request", "The request does not match the contract",
                   err->message, x, NULL);
}

/* A SOAP fault as a problem: the declared detail as JSON under "fault", its status from the
 * mapping; a Server/Receiver fault says nothing of the internals. */
static enum MHD_Result problem_fault(rest_server *s, struct MHD_Connection *c, map_fault_info *fi)
{
    int status = map_routes_fault_status(s->routes, fi);
    const char *name = fi->detail_elem ? map_elem_name(fi->detail_elem) : NULL;
    json_t *x = NULL;

    if (!fi->is_sender) {
        json_decref(fi->detail);
        return problem(c, (unsigned)status, "server-fault", "The service failed",
                       "The service could not complete the operation", NULL, NULL);
    }
    if (name && fi->detail)
        x = json_pack("{s:o}", "fault", fi->detail);
    else
        json_decref(fi->detail);
    return problem(c, (unsigned)status, name ? name : "client-fault",
                   name ? name : "The request was refused", fi->reason, x, NULL);
}

/* ---- documents rendered at start ------------------------------------------------------------ */

/* Replaces every API_ORIGIN_MARK in doc with origin; returns a malloc'd copy (length in *out_len). */
static char *with_origin(const char *doc, size_t len, const char *origin, size_t *out_len)
{
    size_t ml = strlen(API_ORIGIN_MARK), ol = strlen(origin), n = 0, cap = len + 1;
    const char *p = doc, *hit;
    char *out;

    for (hit = strstr(p, API_ORIGIN_MARK); hit; hit = strstr(hit + ml, API_ORIGIN_MARK))
        cap += ol;
    if (!(out = malloc(cap)))
        return NULL;
    while ((hit = strstr(p, API_ORIGIN_MARK))) {
        memcpy(out + n, p, (size_t)(hit - p));
        n += (size_t)(hit - p);
        memcpy(out + n, origin, ol);
        n += ol;
        p = hit + ml;
    }
    memcpy(out + n, p, len - (size_t)(p - doc));
    n += len - (size_t)(p - doc);
    out[n] = '\0';
    *out_len = n;
    return out;
}

static enum MHD_Result serve_doc(rest_server *s, struct MHD_Connection *c, const char *doc,
                                 size_t len, const char *ctype, const char *method)
{
    char origin[300];
    size_t n;
    char *body;

    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return problem(c, 405, "method-not-allowed", "Method not allowed",
                       "This document is read with GET", NULL, "GET, HEAD");
    restp_client_origin(s, c, origin, sizeof(origin));
    if (!(body = with_origin(doc, len, origin, &n)))
        return MHD_NO;
    return restp_reply_buf(c, 200, ctype, body, n, MHD_RESPMEM_MUST_FREE, NULL);
}

/* The mapping file beside the WSDL: NAME.wsdl -> NAME.map.json, when it exists. */
static char *default_mapping(const char *wsdl)
{
    size_t n = strlen(wsdl);
    char *p;

    if (n < 5 || strcmp(wsdl + n - 5, ".wsdl") || !(p = malloc(n + 5)))
        return NULL;
    snprintf(p, n + 5, "%.*s.map.json", (int)(n - 5), wsdl);
    if (access(p, R_OK) == 0)
        return p;
    free(p);
    return NULL;
}

/* "/InventoryService.svc" -> "InventoryService": the service's name for the documents. */
static void service_title(rest_server *s, char *buf, size_t len)
{
    const char *p = map_meta_service_path(s->meta);
    const char *slash = strrchr(p, '/');
    size_t n;

    p = slash ? slash + 1 : p;
    n = strcspn(p, ".");
    snprintf(buf, len, "%.*s", (int)n, p);
}

int restp_api_load(rest_server *s, char **err)
{
    char msg[2048];
    char *mapping = s->cfg.mapping_path ? strdup(s->cfg.mapping_path) : default_mapping(s->cfg.wsdl_path);
    int rc = -1;

    size_t i;

    if (map_model_load(s->cfg.wsdl_path, &s->model, msg, sizeof(msg)) != 0 ||
        map_routes_load(s->model, mapping, &s->routes, msg, sizeof(msg)) != 0) {
        *err = strdup(msg);
    } else {
        rc = 0;
        /* once, at the daemon's start; a CGI would repeat them into the error log at every request */
        for (i = 0; !s->cfg.no_listen && i < map_model_note_count(s->model); i++)
            fprintf(stderr, "soaprestd: note: %s\n", map_model_note(s->model, i));
    }
    free(mapping);
    return rc;
}

/* Renders the OpenAPI document and the help page the first time either is asked for. Lazily,
 * because the CGI program starts for every request and most requests need neither: rendering
 * them was 40% of a CGI request's instructions. Returns 0, or -1 when memory ran out. */
static int docs_ready(rest_server *s)
{
    char title[128];
    int ok;

    pthread_mutex_lock(&s->lock);
    if (!s->openapi || !s->help) {
        free(s->openapi);
        free(s->help);
        service_title(s, title, sizeof(title));
        s->openapi = map_openapi_render(s->model, s->routes, title, PACKAGE_VERSION,
                                        API_ORIGIN_MARK, &s->openapi_len);
        s->help = map_help_render(s->model, s->routes, API_ORIGIN_MARK, &s->help_len);
    }
    ok = s->openapi && s->help;
    pthread_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}

void restp_api_free(rest_server *s)
{
    free(s->openapi);
    free(s->help);
    map_routes_free(s->routes);
    map_model_free(s->model);
}

int restp_api_owns(const rest_server *s, const char *url)
{
    size_t n = strlen(API_PREFIX);

    (void)s;
    return !strncmp(url, API_PREFIX, n) && (url[n] == '\0' || url[n] == '/');
}

/* ---- content negotiation -------------------------------------------------------------------- */

/* True when the Accept header (absent = anything) admits JSON. */
/* True when a media range's parameters (after its ';') give it a weight of zero: "q=0", "q=0.0". */
static int zero_weight(const char *params, size_t n)
{
    const char *q = params;

    while ((q = strchr(q, ';')) && (size_t)(q - params) < n) {
        q++;
        q += strspn(q, " \t");
        if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
            return strtod(q + 2, NULL) == 0.0;
    }
    return 0;
}

static int accepts_json(struct MHD_Connection *c)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    static const char *const ok[] = { "*/*", "application/*", "application/json",
                                      "application/problem+json" };
    char range[128];
    size_t i, n, whole;

    if (!a || !*a)
        return 1;
    while (*a) {
        a += strspn(a, " ,");
        n = strcspn(a, ",;");
        whole = strcspn(a, ",");
        snprintf(range, sizeof(range), "%.*s", (int)(n < sizeof(range) ? n : sizeof(range) - 1), a);
        for (i = 0; i < sizeof(ok) / sizeof(ok[0]) && !zero_weight(a, whole); i++)
            if (!strcasecmp(range, ok[i]))
                return 1;
        a += whole;
    }
    return 0;
}

/* True for application/json and any application/...+json. */
static int is_json_type(const char *ctype)
{
    const char *semi;
    size_t n;

    if (restp_media_type_is(ctype, "application/json"))
        return 1;
    if (!ctype || strncasecmp(ctype, "application/", 12))
        return 0;
    semi = strchr(ctype, ';');
    n = semi ? (size_t)(semi - ctype) : strlen(ctype);
    return n > 5 && !strncasecmp(ctype + n - 5, "+json", 5);
}

/* ---- one call ------------------------------------------------------------------------------- */

typedef struct api_args {
    map_query_arg args[API_MAX_ARGS];
    size_t n;
    int overflow;
} api_args;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    api_args *a = cls;

    (void)kind;
    if (a->n == API_MAX_ARGS) {
        a->overflow = 1;
        return MHD_NO;
    }
    a->args[a->n].name = key;
    a->args[a->n++].value = value ? value : "";
    return MHD_YES;
}

/* Appends one JSON Pointer step (escaping '~' and '/' as RFC 6901 says) to ptr. */
static void pointer_push(char *ptr, size_t len, const char *step, size_t steplen)
{
    size_t n = strlen(ptr), i;

    if (n + 1 < len)
        ptr[n++] = '/';
    for (i = 0; i < steplen && n + 2 < len; i++) {
        if (step[i] == '~' || step[i] == '/') {
            ptr[n++] = '~';
            ptr[n++] = step[i] == '~' ? '0' : '1';
        } else {
            ptr[n++] = step[i];
        }
    }
    ptr[n < len ? n : len - 1] = '\0';
}

/* Finds a string holding U+0000 (which XML cannot carry) and writes its pointer; returns 1 if found.
 * Bodies are parsed with JSON_ALLOW_NUL so that this answer can name the field. */
static int find_nul(const json_t *v, char *ptr, size_t len)
{
    size_t n = strlen(ptr), i;
    const char *key;
    json_t *child;

    if (json_is_string(v))
        return strlen(json_string_value(v)) != json_string_length(v);
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, child) {
            pointer_push(ptr, len, key, strlen(key));
            if (find_nul(child, ptr, len))
                return 1;
            ptr[n] = '\0';
        }
    }
    json_array_foreach(v, i, child) {
        char idx[24];
        pointer_push(ptr, len, idx, (size_t)snprintf(idx, sizeof(idx), "%zu", i));
        if (find_nul(child, ptr, len))
            return 1;
        ptr[n] = '\0';
    }
    return 0;
}

/* The JSON Pointer of the value that starts at `pos` in valid-so-far JSON text: a small scanner that
 * tracks object keys and array indexes. For jansson's "too big integer", which stops the parse
 * before any tree exists, so that the answer still names the field. */
static void pointer_at(const char *text, size_t pos, char *ptr, size_t len)
{
    struct { char kind; size_t index; const char *key; size_t keylen; } st[64];
    const char *key = NULL;
    size_t depth = 0, keylen = 0, i, d;

    for (i = 0; i < pos; i++) {
        char ch = text[i];
        if (ch == '"') {
            size_t start = ++i;
            while (i < pos && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            key = text + start;
            keylen = i - start;
        } else if ((ch == '{' || ch == '[') && depth < 64) {
            st[depth].kind = ch;
            st[depth].index = 0;
            st[depth++].key = NULL;
        } else if ((ch == '}' || ch == ']') && depth) {
            depth--;
        } else if (ch == ',' && depth && st[depth - 1].kind == '[') {
            st[depth - 1].index++;
        } else if (ch == ':' && depth) {
            st[depth - 1].key = key;
            st[depth - 1].keylen = keylen;
        }
    }
    ptr[0] = '\0';
    for (d = 0; d < depth; d++) {
        char idx[24];
        if (st[d].kind == '[')
            pointer_push(ptr, len, idx, (size_t)snprintf(idx, sizeof(idx), "%zu", st[d].index));
        else if (st[d].key)
            pointer_push(ptr, len, st[d].key, st[d].keylen);
    }
}

/* Parses the body (when there is one) after checking its Content-Type. Returns 0 with *body (NULL
 * when empty) or -1 after queuing the error response in *ret. */
static int read_body(struct MHD_Connection *c, rest_req *rq, json_t **body, enum MHD_Result *ret)
{
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    json_error_t jerr;
    char detail[300], ptr[256];

    *body = NULL;
    if (rq->len == 0)
        return 0;
    if (!is_json_type(ctype)) {
        *ret = problem(c, 415, "unsupported-media-type", "Unsupported media type",
                       "The request body must be application/json", NULL, NULL);
        return -1;
    }
    if (!(*body = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr))) {
        if (json_error_code(&jerr) == json_error_numeric_overflow && jerr.position > 0) {
            pointer_at(rq->body, (size_t)jerr.position, ptr, sizeof(ptr));
            *ret = problem(c, 400, "invalid-request", "The request does not match the contract",
                           "The number is out of range",
                           json_pack("{s:s,s:s}", "pointer", ptr, "expected", "an integer within 64 bits"),
                           NULL);
            return -1;
        }
        snprintf(detail, sizeof(detail), "Malformed JSON at line %d, column %d: %s", jerr.line,
                 jerr.column, jerr.text);
        *ret = problem(c, 400, "malformed-json", "Malformed JSON", detail, NULL, NULL);
        return -1;
    }
    ptr[0] = '\0';
    if (find_nul(*body, ptr, sizeof(ptr))) {
        json_decref(*body);
        *body = NULL;
        *ret = problem(c, 400, "invalid-request", "The request does not match the contract",
                       "The text holds U+0000, a character XML cannot carry",
                       json_pack("{s:s,s:s}", "pointer", ptr, "expected", "string"), NULL);
        return -1;
    }
    return 0;
}

/* The success answer: the route's status, Location for 201, the result as JSON unless 202/204. */
static enum MHD_Result reply_result(rest_server *s, struct MHD_Connection *c, const map_route *r,
                                    json_t *out)
{
    int status = map_route_status(r);
    struct MHD_Response *resp;
    enum MHD_Result ret;
    char *text = NULL, *loc = NULL;

    if (status != 202 && status != 204)
        text = json_dumps(out ? out : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
    if (status == 201 && (loc = map_route_location_for(r, out)) && s->cfg.base_path &&
        *s->cfg.base_path) {
        /* behind a CGI the routes live below the script's own path */
        char *full = NULL;
        if (asprintf(&full, "%s%s", s->cfg.base_path, loc) < 0)
            full = NULL;
        free(loc);
        loc = full;
    }
    resp = MHD_create_response_from_buffer(text ? strlen(text) : 0, text ? text : (char *)"",
                                           text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(text);
        free(loc);
        return MHD_NO;
    }
    if (text)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (loc)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, loc);
    ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    free(loc);
    return ret;
}

/* Runs the operation's SOAP request through this thread's engine and answers from its response. */
/* True when op is reached over SOAP 1.2 only: its contract binds it to no SOAP 1.1 binding. */
static int soap12_only(const map_op *op)
{
    return !map_op_action(op) && map_op_action12(op);
}

static enum MHD_Result call_operation(rest_server *s, struct MHD_Connection *c, const map_route *r,
                                      const char *xml, size_t len)
{
    const map_op *op = map_route_op(r);
    sg_request req = { xml, len, soap12_only(op) ? map_op_action12(op) : map_op_action(op),
                       soap12_only(op) ? SG_SOAP12 : SG_SOAP11, 1 };
    map_fault_info fi = { 0 };
    map_error merr = { 0 };
    sg_response res;
    json_t *out = NULL;
    enum MHD_Result ret;
    int rc;

    if ((rc = restp_dispatch(s, &req, &res)) != 0)
        return problem(c, (unsigned)rc, rc == 502 ? "bad-gateway" : "unavailable",
                       rc == 502 ? "Bad gateway" : "Service unavailable",
                       rc == 502 ? "The upstream SOAP service did not answer"
                                 : "The service's database cannot be opened", NULL, NULL);
    if (!res.body && map_op_output(op) && s->gateway) {
        /* a request-response operation answered without an envelope: the upstream failed */
        return problem(c, 502, "bad-gateway", "Bad gateway",
                       "The upstream SOAP service answered without an envelope", NULL, NULL);
    }
    if (res.status == 413) {
        free(res.body);
        return problem(c, 413, "too-large", "Request too large",
                       "The request, as XML, is larger than this service accepts", NULL, NULL);
    }
    rc = res.body ? map_response_json(s->model, op, res.body, res.len, &out, &fi, &merr) : 0;
    free(res.body);
    if (rc < 0)
        return problem(c, 500, "internal", "Internal error",
                       "The service's response did not match its contract", NULL, NULL);
    if (rc == 1)
        return problem_fault(s, c, &fi);
    ret = reply_result(s, c, r, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result no_route(struct MHD_Connection *c, const char *url, const map_match *m)
{
    char detail[600];

    if (m->allow[0]) {
        snprintf(detail, sizeof(detail), "%s accepts %s", url, m->allow);
        return problem(c, 405, "method-not-allowed", "Method not allowed", detail, NULL, m->allow);
    }
    snprintf(detail, sizeof(detail), "No route %s; the routes are listed at " API_PREFIX "/", url);
    return problem(c, 404, "not-found", "Not found", detail, NULL, NULL);
}

/* Rewrites a pointer into the request wrapper as the client sees its request: "/product/Price" is
 * "/Price" when the body is the product; "/query/Page" is "?Page" when the query fills "query". */
static void client_pointer(const map_route *r, map_error *err)
{
    const char *parts[2] = { map_route_body(r), map_route_query(r) };
    char out[sizeof(err->pointer)];
    size_t i, n;

    for (i = 0; i < 2; i++) {
        if (!parts[i] || !parts[i][0])
            continue;
        n = strlen(parts[i]);
        if (err->pointer[0] != '/' || strncmp(err->pointer + 1, parts[i], n) ||
            (err->pointer[n + 1] != '/' && err->pointer[n + 1] != '\0'))
            continue;
        snprintf(out, sizeof(out), "%s%s", i == 0 ? "" : "?",
                 err->pointer + n + 1 + (i == 1 && err->pointer[n + 1] == '/'));
        snprintf(err->pointer, sizeof(err->pointer), "%s", out);
        return;
    }
}

static enum MHD_Result serve_route(rest_server *s, struct MHD_Connection *c, const map_route *r,
                                   const map_match *m, rest_req *rq)
{
    api_args args = { .n = 0 };
    map_error err = { 0 };
    enum MHD_Result ret = MHD_NO;
    json_t *body = NULL, *wrapper = NULL;
    char *xml = NULL;
    size_t len;

    if (read_body(c, rq, &body, &ret))
        return ret;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
    if (args.overflow)
        ret = problem(c, 400, "too-many-parameters", "Too many query parameters",
                      "At most 64 query arguments are accepted", NULL, NULL);
    else if (map_route_bind(r, m, args.args, args.n, body, &wrapper, &err))
        ret = problem_input(c, &err);
    else if (map_request_xml(s->model, map_route_op(r), wrapper, soap12_only(map_route_op(r)) ? 2 : 1, &xml,
                             &len, &err)) {
        client_pointer(r, &err);
        ret = problem_input(c, &err);
    }
    else
        ret = call_operation(s, c, r, xml, len);
    free(xml);
    json_decref(wrapper);
    json_decref(body);
    return ret;
}

enum MHD_Result restp_api_serve(rest_server *s, struct MHD_Connection *c, const char *url,
                                const char *method, rest_req *rq)
{
    map_match m;
    enum MHD_Result ret;

    if (!strcmp(url, API_PREFIX "/openapi.json") || !strcmp(url, API_PREFIX) ||
        !strcmp(url, API_PREFIX "/") || !strcmp(url, API_PREFIX "/help")) {
        if (docs_ready(s) != 0)
            return problem(c, 500, "internal", "Internal error", "Out of memory", NULL, NULL);
        if (!strcmp(url, API_PREFIX "/openapi.json"))
            return serve_doc(s, c, s->openapi, s->openapi_len, "application/json", method);
        return serve_doc(s, c, s->help, s->help_len, "text/html; charset=utf-8", method);
    }
    if (!accepts_json(c))
        return problem(c, 406, "not-acceptable", "Not acceptable",
                       "This API answers application/json (and application/problem+json)", NULL, NULL);
    if (map_routes_match(s->routes, method, url, &m) != 0) {
        ret = no_route(c, url, &m);
        map_match_clear(&m);
        return ret;
    }
    ret = serve_route(s, c, m.route, &m, rq);
    map_match_clear(&m);
    return ret;
}
