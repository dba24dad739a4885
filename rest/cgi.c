/* cgi.c - soaprest.cgi: answers one request from the CGI environment with the very same front as
 * soaprestd. The request is rebuilt as HTTP and handed to an in-process libmicrohttpd server over a
 * socketpair (no listening socket), and its HTTP answer is turned back into CGI output: routing,
 * limits, SOAP, REST and metadata are the daemon's code, not a second copy of it. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rest.h"
#include "svc.h"

#define CGI_RESPONSE_MAX (64 * 1024 * 1024)

extern char **environ; /* the request's headers arrive as HTTP_* variables */

/* A growable byte buffer. */
typedef struct cgi_buf {
    char *p;
    size_t len, cap;
} cgi_buf;

static int buf_add(cgi_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(p = realloc(b->p, cap)))
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static int buf_adds(cgi_buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

/* Appends a path with every byte outside RFC 3986's unreserved set and '/' %-encoded again (the
 * web server decoded PATH_INFO; the front decodes it once more). */
static int add_path(cgi_buf *b, const char *path)
{
    char esc[4];

    for (; *path; path++) {
        unsigned char ch = (unsigned char)*path;
        if (isalnum(ch) || strchr("-._~/", ch)) {
            if (buf_add(b, path, 1))
                return -1;
        } else {
            snprintf(esc, sizeof(esc), "%%%02X", ch);
            if (buf_adds(b, esc))
                return -1;
        }
    }
    return 0;
}

/* "HTTP_SOAPACTION" -> "Soapaction: value\r\n" (header names are case-insensitive). */
static int add_env_header(cgi_buf *b, const char *env)
{
    const char *eq = strchr(env, '=');
    size_t i, n;

    if (strncmp(env, "HTTP_", 5) || !eq || strchr(eq, '\r') || strchr(eq, '\n'))
        return 0;
    n = (size_t)(eq - env) - 5;
    for (i = 0; i < n; i++) {
        char ch = env[5 + i] == '_' ? '-' : (char)tolower((unsigned char)env[5 + i]);
        if (buf_add(b, &ch, 1))
            return -1;
    }
    return buf_adds(b, ": ") || buf_adds(b, eq + 1) || buf_adds(b, "\r\n");
}

/* Reads the request body from stdin: CONTENT_LENGTH bytes, at most max + 1 (more is refused by
 * the front with 413 from the declared length alone). */
static int read_body(cgi_buf *body, size_t declared, size_t max)
{
    char chunk[16384];
    size_t want = declared > max ? 0 : declared;

    while (body->len < want) {
        size_t n = want - body->len < sizeof(chunk) ? want - body->len : sizeof(chunk);
        ssize_t r = read(0, chunk, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        if (buf_add(body, chunk, (size_t)r))
            return -1;
    }
    return 0;
}

/* Rebuilds the HTTP request the web server received. */
static int build_request(cgi_buf *req, const cgi_buf *body, size_t declared)
{
    const char *method = getenv("REQUEST_METHOD"), *query = getenv("QUERY_STRING");
    const char *path = getenv("PATH_INFO"), *ctype = getenv("CONTENT_TYPE");
    char line[64];
    char **e;

    if (!method || strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(method) || !*method)
        return -1;
    if (buf_adds(req, method) || buf_adds(req, " ") || add_path(req, path && *path ? path : "/"))
        return -1;
    if (query && *query && (strpbrk(query, " \r\n") || buf_adds(req, "?") || buf_adds(req, query)))
        return -1;
    if (buf_adds(req, " HTTP/1.1\r\n"))
        return -1;
    for (e = environ; *e; e++)
        if (add_env_header(req, *e))
            return -1;
    if (ctype && *ctype && !strpbrk(ctype, "\r\n") &&
        (buf_adds(req, "Content-Type: ") || buf_adds(req, ctype) || buf_adds(req, "\r\n")))
        return -1;
    snprintf(line, sizeof(line), "Content-Length: %zu\r\n", declared);
    if ((declared || body->len) && buf_adds(req, line))
        return -1;
    return buf_adds(req, "Connection: close\r\n\r\n") || buf_add(req, body->p ? body->p : "", body->len);
}

/* Sends the request over the socketpair and reads the whole answer (the front closes after it). */
static int exchange(int fd, const cgi_buf *req, cgi_buf *resp)
{
    size_t off = 0;
    char chunk[16384];
    ssize_t n;

    while (off < req->len) {
        n = send(fd, req->p + off, req->len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the front may answer (413) before reading everything */
        off += (size_t)n;
    }
    while ((n = recv(fd, chunk, sizeof(chunk), 0)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || resp->len + (size_t)n > CGI_RESPONSE_MAX || buf_add(resp, chunk, (size_t)n))
            return -1;
    }
    return 0;
}

/* Writes the HTTP answer as CGI output: the status line becomes a Status header; hop-by-hop
 * headers stay behind. */
static int write_cgi(const cgi_buf *resp)
{
    char *head_end = resp->p ? strstr(resp->p, "\r\n\r\n") : NULL, *line, *next, *eol, *sp;

    if (!head_end || strncmp(resp->p, "HTTP/1.", 7))
        return -1;
    eol = strstr(resp->p, "\r\n");
    sp = strchr(resp->p, ' ');
    if (!sp || sp > eol)
        return -1;
    printf("Status: %.*s\r\n", (int)(eol - sp - 1), sp + 1);
    for (line = eol + 2; line < head_end; line = next + 2) {
        next = strstr(line, "\r\n");
        if (!strncasecmp(line, "Connection:", 11) || !strncasecmp(line, "Date:", 5))
            continue;
        fwrite(line, 1, (size_t)(next - line) + 2, stdout);
    }
    fputs("\r\n", stdout);
    fwrite(head_end + 4, 1, resp->len - (size_t)(head_end + 4 - resp->p), stdout);
    return fflush(stdout) == 0 ? 0 : -1;
}

static void cgi_config(rest_config *cfg)
{
    const char *https = getenv("HTTPS");

    rest_config_defaults(cfg);
    cfg->listen_port = 0;
    cfg->threads = 1;
    cfg->no_listen = 1;
    cfg->wsdl_path = getenv("SOAPREST_WSDL") ? getenv("SOAPREST_WSDL")
                                              : SR_PKGDATADIR "/wsdl/" SR_WSDL_NAME;
    cfg->db_path = getenv("SOAPREST_DB") ? getenv("SOAPREST_DB") : SR_STATEDIR "/soaprest.db";
    cfg->mapping_path = getenv("SOAPREST_MAPPING");
    cfg->upstream = getenv("SOAPREST_UPSTREAM");
    cfg->scheme = https && (!strcasecmp(https, "on") || !strcmp(https, "1")) ? "https" : "http";
    cfg->base_path = getenv("SCRIPT_NAME") ? getenv("SCRIPT_NAME") : "";
}

/* A CGI error of our own, before the front could answer. */
static int fail(int status, const char *why)
{
    printf("Status: %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\n", status,
           status == 400 ? "Bad Request" : "Internal Server Error", why);
    fflush(stdout);
    return 0;
}

int main(void)
{
    const char *cl = getenv("CONTENT_LENGTH");
    cgi_buf body = { 0 }, req = { 0 }, resp = { 0 };
    rest_config cfg;
    rest_server *srv;
    size_t declared = cl && *cl ? strtoull(cl, NULL, 10) : 0;
    char *err = NULL;
    int sv[2] = { -1, -1 }, rc;

    signal(SIGPIPE, SIG_IGN);
    svc_global_init();
    cgi_config(&cfg);
    if (read_body(&body, declared, cfg.max_body) || build_request(&req, &body, declared))
        return fail(400, "soaprest.cgi: the CGI request cannot be read");
    if (!(srv = rest_server_start(&cfg, &err))) {
        fprintf(stderr, "soaprest.cgi: %s\n", err ? err : "cannot start");
        free(err);
        return fail(500, "soaprest.cgi: the service cannot start (see the server's error log)");
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || rest_server_add(srv, sv[0]) != 0)
        rc = fail(500, "soaprest.cgi: cannot reach the front");
    else
        rc = exchange(sv[1], &req, &resp) || write_cgi(&resp) ? fail(500, "soaprest.cgi: no answer") : 0;
    if (sv[1] >= 0)
        close(sv[1]);
    rest_server_stop(srv, 1000);
    free(body.p);
    free(req.p);
    free(resp.p);
    return rc;
}
