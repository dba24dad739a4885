/* engine.c - runs gSOAP's generated dispatcher on an envelope held in memory, one context per thread. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sg_int.h"
/* The namespace table soapcpp2 generated for the contract (copied under a fixed name at build time). */
#include "sg_namespaces.nsmap"

#define SG_DEFAULT_MAX_BODY (1024 * 1024)
#define SG_DEFAULT_MAX_DEPTH 32
#define SG_DEFAULT_MAX_OCCURS 10000
#define SG_OUT_INITIAL 4096

/* The namespace table for responses that only soaprest reads (the REST facade): gSOAP declares every
 * entry of its table on every envelope, and each declaration costs the reader a URI parse. The
 * WS-Addressing, duplex and serialization namespaces name no element of the contract's bodies (ser
 * only names types, and gSOAP writes no xsi:type for them). The first four entries stay where they
 * are: gSOAP rewrites SOAP-ENV, SOAP-ENC, xsi and xsd by position when it switches SOAP versions. */
#define SG_LEAN_MAX 32
static struct Namespace sg_lean_namespaces[SG_LEAN_MAX];
static pthread_once_t sg_lean_once = PTHREAD_ONCE_INIT;

static void lean_build(void)
{
    static const char *const drop[] = { "chan", "wsa5", "ser" };
    size_t i, j, n = 0;

    for (i = 0; namespaces[i].id && n + 1 < SG_LEAN_MAX; i++) {
        int keep = 1;
        for (j = 0; i >= 4 && j < sizeof(drop) / sizeof(drop[0]); j++)
            keep &= strcmp(namespaces[i].id, drop[j]) != 0;
        if (keep)
            sg_lean_namespaces[n++] = namespaces[i];
    }
}

static const char sg_ct_soap11[] = "text/xml; charset=utf-8";
static const char sg_ct_soap12[] = "application/soap+xml; charset=utf-8";

svc_store *sgp_store(struct soap *soap)
{
    return ((sg_engine *)soap->user)->store;
}

/* gSOAP input callback: hands out the request bytes; 0 means end of input. Reading by length
 * (instead of soap->is, which stops at the first NUL) lets gSOAP see every byte the client sent. */
static size_t engine_recv(struct soap *soap, char *buf, size_t size)
{
    sg_engine *e = soap->user;
    size_t n = e->in_len - e->in_pos;

    if (n > size)
        n = size;
    memcpy(buf, e->in + e->in_pos, n);
    e->in_pos += n;
    return n;
}

/* gSOAP output callback: appends to the engine's buffer, growing it geometrically. */
static int engine_send(struct soap *soap, const char *s, size_t n)
{
    sgp_buf *b = &((sg_engine *)soap->user)->out;

    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : SG_OUT_INITIAL;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
            return soap->error = SOAP_EOM;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SOAP_OK;
}

static void engine_limits(sg_limits *dst, const sg_limits *src)
{
    sg_limits def = { SG_DEFAULT_MAX_BODY, SG_DEFAULT_MAX_DEPTH, SG_DEFAULT_MAX_OCCURS, 0 };

    *dst = def;
    if (src && src->max_body)
        dst->max_body = src->max_body;
    if (src && src->max_depth)
        dst->max_depth = src->max_depth;
    if (src && src->max_occurs)
        dst->max_occurs = src->max_occurs;
    if (src)
        dst->soap12_sender_400 = src->soap12_sender_400;
}

/* A gSOAP context reading from and writing to e's buffers with e's limits, or NULL. */
static struct soap *engine_context(sg_engine *e, const struct Namespace *table)
{
    /* UTF-8 strings both ways; SOAP_ENC_PLAIN because the HTTP layer is libmicrohttpd's: gSOAP must
     * neither parse nor write HTTP headers (a body starting with "POST /" would be served as HTTP). */
    struct soap *soap = soap_new1(SOAP_C_UTFSTRING | SOAP_ENC_PLAIN | SOAP_XML_STRICT);

    if (!soap)
        return NULL;
    soap_set_namespaces(soap, table);
    soap->user = e;
    soap->frecv = engine_recv;
    soap->fsend = engine_send;
    soap->recv_maxlength = e->limits.max_body;
    soap->maxlevel = (unsigned int)e->limits.max_depth;
    soap->maxoccurs = (size_t)e->limits.max_occurs;
    return soap;
}

sg_engine *sg_engine_new(const char *db_path, const sg_limits *limits, char **errmsg)
{
    sg_engine *e = calloc(1, sizeof(*e));

    *errmsg = NULL;
    if (!e || svc_store_open(db_path, &e->store, errmsg) != SVC_OK)
        goto fail;
    pthread_once(&sg_lean_once, lean_build);
    engine_limits(&e->limits, limits);
    if (!(e->soap = engine_context(e, namespaces)) ||
        !(e->lean = engine_context(e, sg_lean_namespaces)))
        goto fail;
    e->cur = e->soap;
    return e;
fail:
    if (!*errmsg)
        *errmsg = strdup("out of memory creating the SOAP engine");
    sg_engine_free(e);
    return NULL;
}

void sg_engine_free(sg_engine *e)
{
    if (!e)
        return;
    if (e->soap) {
        soap_destroy(e->soap);
        soap_end(e->soap);
        soap_free(e->soap);
    }
    if (e->lean) {
        soap_destroy(e->lean);
        soap_end(e->lean);
        soap_free(e->lean);
    }
    svc_store_close(e->store);
    free(e->out.data);
    free(e);
}

/* True when the fault now on the context blames the sender (Client in 1.1, Sender in 1.2). */
static int engine_fault_is_sender(struct soap *soap)
{
    const char **code = soap_faultcode(soap);
    const char *c;

    if (!code || !*code)
        return 0;
    c = strchr(*code, ':');
    c = c ? c + 1 : *code;
    return !strcmp(c, "Client") || !strcmp(c, "Sender");
}

/* Writes the fault for soap->error and picks its status: 500, as WCF hosts answer every fault in both
 * SOAP versions; with soap12_sender_400, SOAP 1.2 Sender faults get the 400 of the SOAP 1.2 HTTP
 * binding (WCF's and Mono's clients then see a protocol error instead of the typed fault). */
static int engine_send_fault(sg_engine *e, int version)
{
    struct soap *soap = e->cur;
    short want = version == SG_SOAP12 ? 2 : 1;

    /* A fault goes out in the endpoint's SOAP version when the envelope did not say (unparsable)
     * or said another one (VersionMismatch). */
    if (soap->version != want)
        soap_set_version(soap, want);
    e->out.len = 0;
    soap_send_fault(soap);
    if (soap->version == 2 && e->limits.soap12_sender_400 && engine_fault_is_sender(soap))
        return 400;
    return 500;
}

/* Runs the generated dispatcher; returns the HTTP status of what it wrote into e->out. */
static int engine_dispatch(sg_engine *e, const sg_request *req)
{
    struct soap *soap = e->cur;

    soap->keep_alive = 0; /* libmicrohttpd owns the connection */
    if (memchr(req->body, '\0', req->len)) {
        soap_sender_fault(soap, "The request body holds a NUL byte, which XML does not allow", NULL);
        return engine_send_fault(e, req->version);
    }
    if (soap_begin_serve(soap))
        return engine_send_fault(e, req->version);
    if (soap->version != (req->version == SG_SOAP12 ? 2 : 1)) {
        soap->error = SOAP_VERSIONMISMATCH;
        return engine_send_fault(e, req->version);
    }
    soap->action = req->action && *req->action ? soap_strdup(soap, req->action) : NULL;
    if (soap_serve_request(soap) && soap->error && soap->error < SOAP_STOP)
        return engine_send_fault(e, req->version);
    /* A one-way operation writes nothing: HTTP 202 with an empty body, as WCF answers. */
    return e->out.len ? 200 : 202;
}

int sg_engine_serve(sg_engine *e, const sg_request *req, sg_response *res)
{
    int status;

    memset(res, 0, sizeof(*res));
    e->cur = req->lean ? e->lean : e->soap;
    e->in = req->body;
    e->in_len = req->len;
    e->in_pos = 0;
    e->out.len = 0;
    e->wsa = 0;
    e->wsa_message_id = NULL;
    /* The reused context keeps the last request's SOAP version: start from the endpoint's, so that a
     * fault raised before the envelope is read (NUL byte, size) has the endpoint's shape. */
    soap_set_version(e->cur, req->version == SG_SOAP12 ? 2 : 1);
    if (req->len > e->limits.max_body) {
        soap_sender_fault(e->cur, "The request body is larger than this endpoint accepts", NULL);
        engine_send_fault(e, req->version);
        status = 413;
    } else {
        status = engine_dispatch(e, req);
    }
    res->content_type = e->cur->version == 2 ? sg_ct_soap12 : sg_ct_soap11;
    soap_destroy(e->cur);
    soap_end(e->cur);
    if (e->out.len) {
        /* Hand the buffer over: the next request grows a new one. */
        res->body = e->out.data;
        res->len = e->out.len;
        e->out.data = NULL;
        e->out.cap = 0;
        e->out.len = 0;
    } else if (status != 202) {
        return -1; /* a fault that could not even be written: out of memory */
    }
    res->status = status;
    return 0;
}
