/* sg_int.h - internals shared by the files of soap/ (prefix sgp_); never included outside soap/. */
#ifndef SOAPREST_SG_INT_H
#define SOAPREST_SG_INT_H

#include "soapH.h"
#include "sg.h"
#include "svc.h"

/* A growable output buffer that gSOAP's fsend callback appends to. */
typedef struct sgp_buf {
    char *data;
    size_t len;
    size_t cap;
} sgp_buf;

struct sg_engine {
    struct soap *soap;  /* reused across requests: soap_destroy + soap_end after each one */
    svc_store *store;   /* this thread's database connection */
    sg_limits limits;
    const char *in;     /* the request being served */
    size_t in_len;
    size_t in_pos;
    sgp_buf out;        /* the response being written */
};

/* The store of the engine that serves the request on `soap`. */
svc_store *sgp_store(struct soap *soap);

/* Checks the SOAPAction / WS-Addressing action the client sent against the operation's
 * (the WSDL's wsaw:Action). Returns SOAP_OK, or a Client/Sender fault (as soap_sender_fault does)
 * when the client named another action. An empty action is accepted, as WCF's basicHttpBinding
 * accepts SOAPAction "" for a contract whose operations all have distinct body elements. */
int sgp_check_action(struct soap *soap, const char *operation);

#endif
