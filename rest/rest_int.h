/* rest_int.h - internals shared by the files of rest/ (prefix restp_); never included outside rest/. */
#ifndef SOAPREST_REST_INT_H
#define SOAPREST_REST_INT_H

#include <pthread.h>

#include <microhttpd.h>

#include "map.h"
#include "rest.h"
#include "route.h"
#include "sg.h"

/* Where the SOAP 1.2 endpoint sits below the service path (the WSDL's soap12:address). */
#define REST_SOAP12_SUFFIX "/soap12"

/* Gateway mode: the remote SOAP service that stands where the in-process engine stands. */
typedef struct restp_upstream {
    char host[256];
    char port[8];
    char hostport[264];  /* for the Host header */
    char path[512];
} restp_upstream;

struct rest_server {
    struct MHD_Daemon *daemon;
    rest_config cfg;
    map_meta *meta;
    pthread_key_t engine_key;   /* each worker thread's sg_engine, freed when the thread exits */
    int engine_key_made;
    uint16_t port;
    unsigned in_flight;         /* requests between their first byte and their completion */
    pthread_mutex_t lock;       /* guards in_flight and the lazily rendered documents below */
    map_model *model;           /* the contract as a schema model, for the REST facade */
    map_routes *routes;
    char *openapi;              /* the OpenAPI document, rendered on first use */
    size_t openapi_len;
    char *help;                 /* the human help page, rendered on first use */
    size_t help_len;
    int gateway;                /* requests go to `upstream`, not to the in-process engine */
    restp_upstream upstream;
};

/* What one request accumulates between libmicrohttpd's calls. */
typedef struct rest_req {
    char *body;
    size_t len;
    size_t cap;
    int too_large; /* the body passed the limit: its bytes are dropped, the answer is 413 */
} rest_req;

/* Queues a response whose body is `len` bytes at `body`, handed over per `mode` (MUST_FREE: freed
 * even when queuing fails). `ctype` and `allow` may be NULL. Returns libmicrohttpd's verdict. */
enum MHD_Result restp_reply_buf(struct MHD_Connection *c, unsigned status, const char *ctype,
                                char *body, size_t len, enum MHD_ResponseMemoryMode mode,
                                const char *allow);

/* A short plain-text answer (printf-style) for HTTP-level errors. */
enum MHD_Result restp_reply_text(struct MHD_Connection *c, unsigned status, const char *allow,
                                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* This worker thread's engine, created on first use; NULL when the store cannot be opened. */
sg_engine *restp_thread_engine(rest_server *s);

/* Runs one SOAP request through the in-process engine or, in gateway mode, the upstream service.
 * Returns 0 with *res filled (res->body malloc'd or NULL), or the HTTP status to answer instead:
 * 503 when the engine cannot be opened, 502 when the upstream cannot be reached or answers
 * something that is not HTTP. */
int restp_dispatch(rest_server *s, const sg_request *req, sg_response *res);

/* Splits "http://host[:port]/path" into *up. Returns 0, or -1 for anything else. */
int restp_upstream_parse(const char *url, restp_upstream *up);

/* Posts req to the upstream (Connection: close, 30 s timeouts) and reads its answer, at most
 * `max` bytes of body. Returns 0 with *res filled (status and body as the upstream sent them), or
 * -1 when it cannot be reached or does not answer HTTP. */
int restp_upstream_call(const restp_upstream *up, const sg_request *req, size_t max,
                        sg_response *res);

/* True when the media type of `ctype` (parameters ignored, case-insensitive) is `want`. */
int restp_media_type_is(const char *ctype, const char *want);

/* Writes "scheme://host[:port]" as the client reached us into buf (see server.c for trust rules). */
void restp_client_origin(rest_server *s, struct MHD_Connection *c, char *buf, size_t len);

/* Loads the REST side (schema model, routes, OpenAPI and help documents) for cfg. Returns 0, or -1
 * with a malloc'd message in *err. */
int restp_api_load(rest_server *s, char **err);
void restp_api_free(rest_server *s);

/* True when `url` belongs to the REST facade (under the routes' prefix). */
int restp_api_owns(const rest_server *s, const char *url);

/* Answers with an application/problem+json (RFC 9457) of the given status; `detail` and `allow`
 * may be NULL. For the HTTP-level refusals of REST requests (413, 400). */
enum MHD_Result restp_api_problem(struct MHD_Connection *c, unsigned status, const char *slug,
                                  const char *title, const char *detail, const char *allow);

/* Serves one REST request whose body (if any) was read into rq. */
enum MHD_Result restp_api_serve(rest_server *s, struct MHD_Connection *c, const char *url,
                                const char *method, rest_req *rq);

#endif
