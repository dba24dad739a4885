/* rest.h - the HTTP front: one libmicrohttpd listener for the SOAP endpoint and the metadata. */
#ifndef SOAPREST_REST_H
#define SOAPREST_REST_H

#include <stddef.h>
#include <stdint.h>

/* Set by make: where an installed program finds its contract and keeps its data. */
#ifndef SR_PKGDATADIR
#define SR_PKGDATADIR "/usr/local/share/soaprest"
#endif
#ifndef SR_STATEDIR
#define SR_STATEDIR "/usr/local/var/lib/soaprest"
#endif
/* The reference contract's main WSDL, in SR_PKGDATADIR/wsdl (or the source tree's wsdl/). */
#define SR_WSDL_NAME "InventoryService.wsdl"

typedef struct rest_config {
    const char *listen_host;   /* numeric IPv4 or IPv6 address to bind */
    uint16_t listen_port;      /* 0 = any free port (the bound one is reported) */
    const char *db_path;       /* the reference service's SQLite database */
    const char *wsdl_path;     /* the main WSDL; its imports are found beside it */
    const char *mapping_path;  /* REST mapping file; NULL = the WSDL's NAME.map.json when it exists,
                                  else routes inferred from the operation names */
    unsigned threads;          /* worker threads, each with its own gSOAP context */
    size_t max_body;           /* request body limit in bytes (413 past it) */
    unsigned conn_timeout;     /* seconds of inactivity before a connection is closed */
    int soap12_sender_400;     /* SOAP 1.2 Sender faults on 400 (the binding) instead of 500 (WCF) */
    const char *upstream;      /* gateway mode: "http://host:port/path" of the SOAP service that
                                  implements the WSDL; NULL = the embedded reference service */
    int trust_forwarded;       /* take X-Forwarded-Host/-Proto (from a reverse proxy) for the
                                  addresses in the metadata */
    int no_listen;             /* CGI: no listening socket; connections come via rest_server_add */
    const char *scheme;        /* "http" (default) or "https": how clients reach us (CGI: $HTTPS) */
    const char *base_path;     /* prefix of every URL clients use, e.g. the CGI's SCRIPT_NAME */
} rest_config;

typedef struct rest_server rest_server;

/* Fills *cfg with the defaults (127.0.0.1:8080, 4 threads, 1 MiB, 30 s); paths are left NULL. */
void rest_config_defaults(rest_config *cfg);

/* Loads the metadata, opens the database once to create its schema, and starts listening.
 * Returns the server, or NULL after writing the reason to *err (malloc'd, caller frees). */
rest_server *rest_server_start(const rest_config *cfg, char **err);

/* Hands an already connected socket to the server as one more client connection (the CGI front
 * speaks HTTP to it over a socketpair). Returns 0, or -1 (the socket is then closed). */
int rest_server_add(rest_server *s, int fd);

/* The port actually bound (useful with listen_port 0). */
uint16_t rest_server_port(const rest_server *s);

/* The path of the SOAP endpoint, e.g. "/InventoryService.svc". */
const char *rest_server_service_path(const rest_server *s);

/* Stops accepting connections, lets requests in flight finish (up to `grace_ms`), then stops the
 * workers (which closes their database connections) and frees the server; accepts NULL. */
void rest_server_stop(rest_server *s, unsigned grace_ms);

#endif
