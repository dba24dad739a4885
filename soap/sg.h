/* sg.h - the SOAP engine: request bytes in, response bytes out, through gSOAP in memory.
 *
 * Only soap/ sees gSOAP. The HTTP front (and the REST facade, which builds a SOAP request) hands an
 * envelope to sg_engine_serve() and gets the response envelope, the HTTP status and the content
 * type back. One engine per thread: it owns one reused gSOAP context and one store connection.
 * Nothing here knows HTTP beyond choosing the status code the SOAP HTTP bindings prescribe.
 */
#ifndef SOAPREST_SG_H
#define SOAPREST_SG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_engine sg_engine;

/* Limits applied to every request, and how faults are answered; zero fields take the defaults. */
typedef struct sg_limits {
    size_t max_body;   /* bytes of envelope accepted (default 1 MiB) */
    int max_depth;     /* XML nesting depth (default 32) */
    int max_occurs;    /* items in one repeated element (default 10000) */
    int soap12_sender_400; /* 1: SOAP 1.2 Sender faults on HTTP 400, as the SOAP 1.2 HTTP binding
                              says; 0 (default): every fault on 500, as WCF hosts answer, because
                              WCF and Mono clients refuse to read a fault that comes with a 4xx */
} sg_limits;

/* The SOAP version a request was sent with, as the endpoint saw it. */
enum sg_soap_version {
    SG_SOAP11 = 1, /* text/xml + SOAPAction */
    SG_SOAP12 = 2  /* application/soap+xml; action=... */
};

typedef struct sg_request {
    const char *body;   /* the envelope; need not be NUL-terminated, may not contain NUL */
    size_t len;
    const char *action; /* SOAPAction / action= parameter, quotes removed; NULL or "" = none */
    int version;        /* enum sg_soap_version the endpoint expects */
    int lean;           /* 1: the caller reads the response itself (the REST facade), so it is
                           written with only the namespaces the contract's bodies use */
} sg_request;

typedef struct sg_response {
    char *body;               /* malloc'd envelope (caller frees), NULL for a one-way reply */
    size_t len;
    int status;               /* 200, 202 (one-way), 500 (faults; 400 see soap12_sender_400), 413 */
    const char *content_type; /* static string */
} sg_response;

/* Opens a per-thread engine on the database at db_path with the given limits (NULL = defaults).
 * Returns the engine, or NULL with a malloc'd message in *errmsg (caller frees). */
sg_engine *sg_engine_new(const char *db_path, const sg_limits *limits, char **errmsg);

/* Releases the gSOAP context and closes the store; accepts NULL. */
void sg_engine_free(sg_engine *e);

/* Serves one request. Always fills *res (a SOAP fault of the request's version for anything the
 * client got wrong or the service refused) and returns 0; returns -1 only when memory for the
 * response could not be had, with *res zeroed. The engine is ready for the next request after. */
int sg_engine_serve(sg_engine *e, const sg_request *req, sg_response *res);

#ifdef __cplusplus
}
#endif

#endif
