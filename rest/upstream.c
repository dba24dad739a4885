/* upstream.c - gateway mode: a minimal HTTP/1.1 client that posts SOAP envelopes to a remote service,
 * standing where the in-process gSOAP engine stands (request bytes in, response bytes out). */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "rest_int.h"

#define UP_TIMEOUT_S 30
#define UP_HEAD_MAX (64 * 1024)

/* Splits "http://host[:port]/path" into its parts. Returns 0, or -1 when it is not such a URL
 * (https is not supported: put a TLS-terminating proxy in front of the upstream). */
int restp_upstream_parse(const char *url, restp_upstream *up)
{
    const char *h, *slash, *colon;
    size_t hl;

    memset(up, 0, sizeof(*up));
    if (strncasecmp(url, "http://", 7))
        return -1;
    h = url + 7;
    slash = strchr(h, '/');
    hl = slash ? (size_t)(slash - h) : strlen(h);
    colon = memchr(h, ':', hl);
    if (hl == 0 || hl >= sizeof(up->host))
        return -1;
    snprintf(up->host, sizeof(up->host), "%.*s", (int)(colon ? (size_t)(colon - h) : hl), h);
    snprintf(up->port, sizeof(up->port), "%.*s", colon ? (int)(hl - (size_t)(colon - h) - 1) : 2,
             colon ? colon + 1 : "80");
    snprintf(up->hostport, sizeof(up->hostport), "%.*s", (int)hl, h);
    snprintf(up->path, sizeof(up->path), "%s", slash ? slash : "/");
    return up->host[0] && up->port[0] && strspn(up->port, "0123456789") == strlen(up->port) ? 0 : -1;
}

static int up_connect(const restp_upstream *up)
{
    struct addrinfo hints = { 0 }, *res = NULL, *ai;
    struct timeval tv = { UP_TIMEOUT_S, 0 };
    int fd = -1;

    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(up->host, up->port, &hints, &res) != 0)
        return -1;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads until the peer closes (the request said Connection: close), at most `max` bytes. */
static char *recv_all(int fd, size_t max, size_t *len)
{
    size_t cap = 16384, n = 0;
    char *buf = malloc(cap + 1), *p;
    ssize_t r;

    while (buf) {
        if (n == cap) {
            if (cap >= max || !(p = realloc(buf, cap * 2 + 1)))
                break;
            buf = p;
            cap *= 2;
        }
        r = recv(fd, buf + n, cap - n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        if (r == 0) {
            buf[n] = '\0';
            *len = n;
            return buf;
        }
        n += (size_t)r;
    }
    free(buf);
    return NULL;
}

/* Decodes a chunked body in place; returns its length, or -1 when malformed. */
static long dechunk(char *b, size_t n)
{
    size_t in = 0, out = 0;

    for (;;) {
        char *end;
        unsigned long sz = strtoul(b + in, &end, 16);
        char *crlf = strstr(b + in, "\r\n");
        if (!crlf || end == b + in)
            return -1;
        in = (size_t)(crlf - b) + 2;
        if (sz == 0)
            return (long)out;
        if (sz > n - in)
            return -1;
        memmove(b + out, b + in, sz);
        out += sz;
        in += sz + 2;
        if (in > n)
            return -1;
    }
}

/* Parses the upstream's response into res: its status, content type and body. */
static int parse_response(char *raw, size_t n, sg_response *res)
{
    char *head_end = strstr(raw, "\r\n\r\n"), *body, *ct;
    int status;
    long blen;

    if (!head_end || (size_t)(head_end - raw) > UP_HEAD_MAX ||
        sscanf(raw, "HTTP/1.%*c %d", &status) != 1 || status < 200 || status > 599)
        return -1; /* not an HTTP answer a SOAP exchange can end with */
    *head_end = '\0';
    body = head_end + 4;
    blen = (long)(n - (size_t)(body - raw));
    if (strcasestr(raw, "\r\nTransfer-Encoding: chunked") && (blen = dechunk(body, (size_t)blen)) < 0)
        return -1;
    ct = strcasestr(raw, "\r\nContent-Type:");
    res->status = status;
    res->content_type = ct && strcasestr(ct, "application/soap+xml") ? "application/soap+xml; charset=utf-8"
                                                                      : "text/xml; charset=utf-8";
    res->len = (size_t)blen;
    res->body = NULL;
    if (blen > 0 && (res->body = malloc((size_t)blen + 1))) {
        memcpy(res->body, body, (size_t)blen);
        res->body[blen] = '\0';
    }
    return blen > 0 && !res->body ? -1 : 0;
}

int restp_upstream_call(const restp_upstream *up, const sg_request *req, size_t max,
                        sg_response *res)
{
    char head[2048];
    char *raw = NULL;
    size_t n = 0;
    int fd, hl, rc = -1;

    memset(res, 0, sizeof(*res));
    if (req->version == SG_SOAP12)
        hl = snprintf(head, sizeof(head),
                      "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/soap+xml; "
                      "charset=utf-8%s%s%s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                      up->path, up->hostport, req->action && *req->action ? "; action=\"" : "",
                      req->action ? req->action : "", req->action && *req->action ? "\"" : "", req->len);
    else
        hl = snprintf(head, sizeof(head),
                      "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\n"
                      "SOAPAction: \"%s\"\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                      up->path, up->hostport, req->action ? req->action : "", req->len);
    if (hl < 0 || (size_t)hl >= sizeof(head) || (fd = up_connect(up)) < 0)
        return -1;
    if (send_all(fd, head, (size_t)hl) == 0 && send_all(fd, req->body, req->len) == 0 &&
        (raw = recv_all(fd, max + UP_HEAD_MAX, &n)))
        rc = parse_response(raw, n, res);
    close(fd);
    free(raw);
    return rc;
}
