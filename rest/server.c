/* server.c - the libmicrohttpd listener: reads bodies within limits and routes by path and method. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "rest_int.h"
#include "svc.h"


/* ---- responses ----------------------------------------------------------------------------- */

enum MHD_Result restp_reply_buf(struct MHD_Connection *c, unsigned status, const char *ctype,
                                 char *body, size_t len, enum MHD_ResponseMemoryMode mode,
                                 const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
    enum MHD_Result ret;

    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(body);
        return MHD_NO;
    }
    if (ctype)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    if (allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* A short plain-text answer for the HTTP-level errors (404, 405, 413, 415, 400). */
enum MHD_Result restp_reply_text(struct MHD_Connection *c, unsigned status, const char *allow,
                                  const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return MHD_NO;
    return restp_reply_buf(c, status, "text/plain; charset=utf-8", msg, (size_t)n, MHD_RESPMEM_MUST_FREE,
                     allow);
}

/* ---- the per-thread engine ------------------------------------------------------------------ */

static void engine_destroy(void *e)
{
    sg_engine_free(e);
}

/* Returns this worker thread's engine, creating it on first use; NULL if it cannot be opened. */
sg_engine *restp_thread_engine(rest_server *s)
{
    sg_engine *e = pthread_getspecific(s->engine_key);
    sg_limits lim = { s->cfg.max_body, 0, 0, s->cfg.soap12_sender_400 };
    char *err = NULL;

    if (e)
        return e;
    e = sg_engine_new(s->cfg.db_path, &lim, &err);
    if (!e) {
        fprintf(stderr, "soaprestd: cannot open the service: %s\n", err ? err : "?");
        free(err);
        return NULL;
    }
    pthread_setspecific(s->engine_key, e);
    return e;
}

int restp_dispatch(rest_server *s, const sg_request *req, sg_response *res)
{
    sg_engine *e;

    if (s->gateway)
        return restp_upstream_call(&s->upstream, req, s->cfg.max_body, res) ? 502 : 0;
    if (!(e = restp_thread_engine(s)))
        return 503;
    return sg_engine_serve(e, req, res) ? 503 : 0;
}

/* ---- SOAP ----------------------------------------------------------------------------------- */

/* Copies the SOAPAction header without its quotes into buf ("" when absent). */
static void soap_action(struct MHD_Connection *c, char *buf, size_t len)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "SOAPAction");
    size_t n;

    buf[0] = '\0';
    if (!a)
        return;
    n = strlen(a);
    if (n >= 2 && a[0] == '"' && a[n - 1] == '"') {
        a++;
        n -= 2;
    }
    if (n >= len)
        n = len - 1;
    memcpy(buf, a, n);
    buf[n] = '\0';
}

/* True when the media type of `ctype` (parameters ignored, case-insensitive) is `want`. */
int restp_media_type_is(const char *ctype, const char *want)
{
    size_t n = strlen(want);

    if (!ctype)
        return 0;
    while (*ctype == ' ')
        ctype++;
    return !strncasecmp(ctype, want, n) && (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Copies the action= parameter of a SOAP 1.2 Content-Type (quotes removed) into buf. */
static void soap12_action(const char *ctype, char *buf, size_t len)
{
    const char *p = ctype;
    size_t n;

    buf[0] = '\0';
    while (p && (p = strchr(p, ';'))) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "action=", 7))
            continue;
        p += 7;
        if (*p == '"') {
            p++;
            n = strcspn(p, "\"");
        } else {
            n = strcspn(p, "; \t");
        }
        if (n >= len)
            n = len - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
        return;
    }
}

/* Serves a POST on a SOAP endpoint: 1.1 wants text/xml + SOAPAction, 1.2 application/soap+xml
 * with an optional action= parameter (the SOAP 1.2 HTTP binding). */
static enum MHD_Result serve_soap(rest_server *s, struct MHD_Connection *c, rest_req *rq,
                                  int version)
{
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    char action[512];
    sg_request req;
    sg_response res;
    int rc;

    if (version == SG_SOAP11 && !restp_media_type_is(ctype, "text/xml"))
        return restp_reply_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, NULL,
                          "This endpoint takes SOAP 1.1: Content-Type text/xml\n");
    if (version == SG_SOAP12 && !restp_media_type_is(ctype, "application/soap+xml"))
        return restp_reply_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, NULL,
                          "This endpoint takes SOAP 1.2: Content-Type application/soap+xml\n");
    if (version == SG_SOAP11)
        soap_action(c, action, sizeof(action));
    else
        soap12_action(ctype, action, sizeof(action));
    req.body = rq->body ? rq->body : "";
    req.len = rq->len;
    req.action = action;
    req.version = version;
    req.lean = 0;
    if ((rc = restp_dispatch(s, &req, &res)) != 0)
        return restp_reply_text(c, (unsigned)rc, NULL, rc == 502 ? "The upstream service did not answer\n"
                                                             : "The service is unavailable\n");
    if (!res.body)
        return restp_reply_buf(c, (unsigned)res.status, NULL, (char *)"", 0, MHD_RESPMEM_PERSISTENT, NULL);
    return restp_reply_buf(c, (unsigned)res.status, res.content_type, res.body, res.len,
                     MHD_RESPMEM_MUST_FREE, NULL);
}

/* ---- metadata ------------------------------------------------------------------------------- */

/* True when `host` looks like a host[:port] a client could have typed: letters, digits, '.',
 * '-', ':', '[' and ']'. Anything else (it is a client-supplied header) is not echoed back. */
static int host_is_sane(const char *host)
{
    size_t n = host ? strlen(host) : 0;

    if (n == 0 || n > 255)
        return 0;
    return strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == n;
}

/* The first value of a possibly comma-separated forwarding header, copied into buf. */
static const char *first_value(const char *v, char *buf, size_t len)
{
    size_t n;

    if (!v)
        return NULL;
    while (*v == ' ')
        v++;
    n = strcspn(v, ", ");
    if (n == 0 || n >= len)
        return NULL;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

/* The scheme, host and port the client used, for the addresses written into the metadata.
 * X-Forwarded-Host/-Proto (set by a reverse proxy) count only when the operator said to trust
 * them: otherwise any client could make the published addresses point elsewhere. */
void restp_client_origin(rest_server *s, struct MHD_Connection *c, char *buf, size_t len)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    const char *scheme = s->cfg.scheme ? s->cfg.scheme : "http";
    const char *base = s->cfg.base_path ? s->cfg.base_path : "";
    char fhost[256], fproto[16];

    if (s->cfg.trust_forwarded) {
        const char *fh = first_value(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                                 "X-Forwarded-Host"), fhost, sizeof(fhost));
        const char *fp = first_value(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                                 "X-Forwarded-Proto"), fproto, sizeof(fproto));
        if (fh && host_is_sane(fh))
            host = fh;
        if (fp && (!strcasecmp(fp, "https") || !strcasecmp(fp, "http")))
            scheme = !strcasecmp(fp, "https") ? "https" : "http";
    }
    if (host_is_sane(host))
        snprintf(buf, len, "%s://%s%s", scheme, host, base);
    else if (strchr(s->cfg.listen_host, ':'))
        snprintf(buf, len, "%s://[%s]:%u%s", scheme, s->cfg.listen_host, s->port, base);
    else
        snprintf(buf, len, "%s://%s:%u%s", scheme, s->cfg.listen_host, s->port, base);
}

/* Which document the query string asks for, WCF-style: ?wsdl, ?wsdl=wsdlN, ?singleWsdl or ?xsd=xsdN. */
typedef struct meta_query {
    int doc;       /* enum map_meta_doc, or -1 for none */
    long xsd;      /* the N of MAP_META_XSD and MAP_META_WSDL_PART */
    int args;      /* how many query arguments there were */
} meta_query;

static enum MHD_Result meta_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    meta_query *q = cls;
    char *end;

    (void)kind;
    q->args++;
    if (!strcasecmp(key, "wsdl") && (!value || !*value)) {
        q->doc = MAP_META_WSDL;
    } else if (!strcasecmp(key, "singleWsdl") && (!value || !*value)) {
        q->doc = MAP_META_SINGLE_WSDL;
    } else if (!strcasecmp(key, "xsd") && value && !strncasecmp(value, "xsd", 3) &&
               value[3] >= '0' && value[3] <= '9') {
        q->xsd = strtol(value + 3, &end, 10);
        q->doc = *end ? -1 : MAP_META_XSD;
    } else if (!strcasecmp(key, "wsdl") && !strncasecmp(value, "wsdl", 4) && value[4] >= '0' &&
               value[4] <= '9') {
        /* ?wsdl=wsdlN: a part of a contract split over several WSDL files, as WCF names them */
        q->xsd = strtol(value + 4, &end, 10);
        q->doc = *end ? -1 : MAP_META_WSDL_PART;
    }
    return MHD_YES;
}

static enum MHD_Result serve_service_page(rest_server *s, struct MHD_Connection *c)
{
    char origin[300];
    const char *p = map_meta_service_path(s->meta);

    restp_client_origin(s, c, origin, sizeof(origin));
    return restp_reply_text(c, MHD_HTTP_OK, NULL,
                      "soaprest: the SOAP service is here.\n\n"
                      "SOAP 1.1 endpoint: %s%s (POST, text/xml, SOAPAction)\n"
                      "SOAP 1.2 endpoint: %s%s" REST_SOAP12_SUFFIX " (POST, application/soap+xml, WS-Addressing 1.0)\n"
                      "WSDL:              %s%s?wsdl\n"
                      "single WSDL:       %s%s?singleWsdl\n",
                      origin, p, origin, p, origin, p, origin, p);
}

static enum MHD_Result serve_metadata(rest_server *s, struct MHD_Connection *c)
{
    meta_query q = { -1, 0, 0 };
    char origin[300];
    size_t len;
    char *doc;

    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, meta_arg, &q);
    if (q.args == 0)
        return serve_service_page(s, c);
    if (q.doc < 0 || q.args != 1 || q.xsd < 0)
        return restp_reply_text(c, MHD_HTTP_NOT_FOUND, NULL, "No such metadata document\n");
    restp_client_origin(s, c, origin, sizeof(origin));
    doc = map_meta_render(s->meta, (enum map_meta_doc)q.doc, (size_t)q.xsd, origin, &len);
    if (!doc)
        return restp_reply_text(c, MHD_HTTP_NOT_FOUND, NULL, "No such metadata document\n");
    return restp_reply_buf(c, MHD_HTTP_OK, "text/xml; charset=utf-8", doc, len, MHD_RESPMEM_MUST_FREE,
                     NULL);
}

/* True for the SOAP 1.2 + WS-Addressing endpoint: the service path + "/soap12", where the WSDL's
 * WSHttpBinding port puts it. */
static int is_soap12_path(rest_server *s, const char *url)
{
    const char *base = map_meta_service_path(s->meta);
    size_t n = strlen(base);

    return !strncmp(url, base, n) && !strcmp(url + n, REST_SOAP12_SUFFIX);
}

/* ---- routing -------------------------------------------------------------------------------- */

/* 413, as problem+json for the REST facade and as text elsewhere. */
static enum MHD_Result refuse_too_large(rest_server *s, struct MHD_Connection *c, const char *url)
{
    char detail[96];

    snprintf(detail, sizeof(detail), "The request body is larger than %zu bytes", s->cfg.max_body);
    if (restp_api_owns(s, url))
        return restp_api_problem(c, MHD_HTTP_CONTENT_TOO_LARGE, "too-large", "Request too large",
                                 detail, NULL);
    return restp_reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, "%s\n", detail);
}

static enum MHD_Result route(rest_server *s, struct MHD_Connection *c, const char *url,
                             const char *method, rest_req *rq)
{
    if (rq->too_large)
        return refuse_too_large(s, c, url);
    if (restp_api_owns(s, url))
        return restp_api_serve(s, c, url, method, rq);
    if (is_soap12_path(s, url)) {
        if (!strcmp(method, MHD_HTTP_METHOD_POST))
            return serve_soap(s, c, rq, SG_SOAP12);
        return restp_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "POST",
                          "Method %s is not allowed here\n", method);
    }
    if (strcmp(url, map_meta_service_path(s->meta)) != 0)
        return restp_reply_text(c, MHD_HTTP_NOT_FOUND, NULL, "Not found: %s\n", url);
    if (!strcmp(method, MHD_HTTP_METHOD_POST))
        return serve_soap(s, c, rq, SG_SOAP11);
    if (!strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD))
        return serve_metadata(s, c);
    return restp_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET, HEAD, POST",
                      "Method %s is not allowed here\n", method);
}

/* Appends an upload chunk, or marks the request too large once it passes the limit. */
static void body_append(rest_server *s, rest_req *rq, const char *data, size_t n)
{
    size_t cap;
    char *p;

    if (rq->too_large)
        return;
    if (n > s->cfg.max_body - rq->len) {
        rq->too_large = 1;
        return;
    }
    if (rq->len + n > rq->cap) {
        cap = rq->cap ? rq->cap : 8192;
        while (cap < rq->len + n)
            cap *= 2;
        if (cap > s->cfg.max_body)
            cap = s->cfg.max_body;
        if (!(p = realloc(rq->body, cap))) {
            rq->too_large = 1; /* no memory for it: refusing is all that is left */
            return;
        }
        rq->body = p;
        rq->cap = cap;
    }
    memcpy(rq->body + rq->len, data, n);
    rq->len += n;
}

static void in_flight_add(rest_server *s, int delta)
{
    pthread_mutex_lock(&s->lock);
    s->in_flight += delta;
    pthread_mutex_unlock(&s->lock);
}

/* First call for a request: refuse what can be refused from the headers alone. */
static enum MHD_Result request_begin(rest_server *s, struct MHD_Connection *c, const char *url,
                                     void **con_cls)
{
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    rest_req *rq = calloc(1, sizeof(*rq));

    if (!rq)
        return MHD_NO;
    *con_cls = rq;
    in_flight_add(s, 1);
    /* Both framings at once is a request-smuggling shape (RFC 9112 6.1): refuse it outright. */
    if (te && cl && restp_api_owns(s, url))
        return restp_api_problem(c, MHD_HTTP_BAD_REQUEST, "ambiguous-framing", "Bad request",
                                 "Content-Length and Transfer-Encoding together are not accepted", NULL);
    if (te && cl)
        return restp_reply_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                          "Content-Length and Transfer-Encoding together are not accepted\n");
    if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
        return refuse_too_large(s, c, url);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    rest_server *s = cls;
    rest_req *rq = *con_cls;

    (void)version;
    if (!rq)
        return request_begin(s, c, url, con_cls);
    if (*upload_data_size) {
        body_append(s, rq, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return route(s, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    rest_req *rq = *con_cls;

    (void)c;
    (void)toe;
    if (!rq)
        return;
    free(rq->body);
    free(rq);
    *con_cls = NULL;
    in_flight_add(cls, -1);
}

/* libmicrohttpd's unescaping of the path and query values, but for "%00": that one stays as its
 * three characters, because every layer above works on C strings and a decoded NUL would cut a
 * path short ("DELETE /api/products/1%00junk" must not delete product 1). */
static size_t unescape_no_nul(void *cls, struct MHD_Connection *c, char *s)
{
    static const char hex[] = "0123456789abcdef";
    char *in = s, *out = s;

    (void)cls;
    (void)c;
    while (*in) {
        const char *h = in[0] == '%' && in[1] ? strchr(hex, tolower((unsigned char)in[1])) : NULL;
        const char *l = h && in[2] ? strchr(hex, tolower((unsigned char)in[2])) : NULL;
        if (h && l && (h != hex || l != hex)) {
            *out++ = (char)(((h - hex) << 4) | (l - hex));
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

/* ---- life cycle ----------------------------------------------------------------------------- */

void rest_config_defaults(rest_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->listen_host = "127.0.0.1";
    cfg->listen_port = 8080;
    cfg->threads = 4;
    cfg->max_body = 1024 * 1024;
    cfg->conn_timeout = 30;
}

static int make_sockaddr(const rest_config *cfg, struct sockaddr_storage *ss)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, cfg->listen_host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(cfg->listen_port);
        return AF_INET;
    }
    if (inet_pton(AF_INET6, cfg->listen_host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(cfg->listen_port);
        return AF_INET6;
    }
    return -1;
}

/* Opens the database once before any worker does, so that a bad path or a locked or corrupt file
 * stops the start with a message instead of failing every request. */
static int check_store(const char *path, char **err)
{
    svc_store *st = NULL;

    if (svc_store_open(path, &st, err) != SVC_OK)
        return -1;
    svc_store_close(st);
    return 0;
}

static int start_daemon(rest_server *s, char **err)
{
    struct sockaddr_storage ss;
    int family = make_sockaddr(&s->cfg, &ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG;
    const union MHD_DaemonInfo *info;

    if (family < 0)
        return asprintf(err, "--listen: '%s' is not a numeric IP address", s->cfg.listen_host), -1;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (s->cfg.no_listen) /* CGI: one connection over a socketpair, stderr is the web server's log */
        flags = (flags & ~(unsigned)MHD_USE_ERROR_LOG) | MHD_USE_NO_LISTEN_SOCKET;
    /* poll, not epoll: on libmicrohttpd 0.9.75 epoll stalled on bursts of new connections. */
    s->daemon = MHD_start_daemon(flags, s->cfg.listen_port, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                                 MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads > 1 ? s->cfg.threads : 0,
                                 MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.conn_timeout,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                 MHD_OPTION_UNESCAPE_CALLBACK, unescape_no_nul, NULL,
                                 /* room for many headers and query arguments: past the 32 KiB
                                    default, 0.9.75 closes the connection without an answer */
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
                                 MHD_OPTION_END);
    if (!s->daemon)
        return asprintf(err, "cannot listen on %s:%u", s->cfg.listen_host, s->cfg.listen_port), -1;
    info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->cfg.listen_port;
    return 0;
}

rest_server *rest_server_start(const rest_config *cfg, char **err)
{
    rest_server *s = calloc(1, sizeof(*s));
    char msg[1024];

    *err = NULL;
    if (!s)
        return NULL;
    s->cfg = *cfg;
    pthread_mutex_init(&s->lock, NULL);
    if (pthread_key_create(&s->engine_key, engine_destroy) != 0)
        goto fail;
    s->engine_key_made = 1;
    if (map_meta_load(cfg->wsdl_path, &s->meta, msg, sizeof(msg)) != 0) {
        *err = strdup(msg);
        goto fail;
    }
    if (restp_api_load(s, err) != 0)
        goto fail;
    if (cfg->upstream && restp_upstream_parse(cfg->upstream, &s->upstream) != 0) {
        *err = strdup("--upstream wants http://host[:port]/path");
        goto fail;
    }
    s->gateway = cfg->upstream != NULL;
    if ((!s->gateway && check_store(cfg->db_path, err) != 0) || start_daemon(s, err) != 0)
        goto fail;
    return s;
fail:
    rest_server_stop(s, 0);
    return NULL;
}

int rest_server_add(rest_server *s, int fd)
{
    struct sockaddr_in peer;

    /* libmicrohttpd wants a client address; the CGI's client is the web server's business */
    memset(&peer, 0, sizeof(peer));
    peer.sin_family = AF_INET;
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return MHD_add_connection(s->daemon, fd, (struct sockaddr *)&peer, sizeof(peer)) == MHD_YES ? 0 : -1;
}

uint16_t rest_server_port(const rest_server *s)
{
    return s->port;
}

const char *rest_server_service_path(const rest_server *s)
{
    return map_meta_service_path(s->meta);
}

static unsigned in_flight(rest_server *s)
{
    unsigned n;

    pthread_mutex_lock(&s->lock);
    n = s->in_flight;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void rest_server_stop(rest_server *s, unsigned grace_ms)
{
    struct timespec tick = { 0, 10 * 1000 * 1000 };
    unsigned waited = 0;

    if (!s)
        return;
    if (s->daemon) {
        MHD_quiesce_daemon(s->daemon); /* no new connections from here on */
        while (in_flight(s) > 0 && waited < grace_ms) {
            nanosleep(&tick, NULL);
            waited += 10;
        }
        MHD_stop_daemon(s->daemon); /* joins the workers: their engines are freed on exit */
    }
    restp_api_free(s);
    map_meta_free(s->meta);
    if (s->engine_key_made)
        pthread_key_delete(s->engine_key);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
