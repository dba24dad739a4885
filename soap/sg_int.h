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
    struct soap *lean;  /* the same, declaring only the namespaces the bodies use (REST calls) */
    struct soap *cur;   /* the one serving the current request */
    svc_store *store;   /* this thread's database connection */
    sg_limits limits;
    const char *in;     /* the request being served */
    size_t in_len;
    size_t in_pos;
    sgp_buf out;        /* the response being written */
    int wsa;            /* the request carried WS-Addressing headers: the reply must too */
    int wsa_reply_to_ok; /* its ReplyTo and FaultTo were anonymous (or absent) */
    const char *wsa_message_id; /* its wsa:MessageID (in gSOAP's arena), for wsa:RelatesTo */
};

/* The contract's action prefix: wsaw:Action = prefix + operation name, as WCF publishes it. */
#define SGP_ACTION_PREFIX "http://soaprest.org/inventory/2026/11/IInventoryService/"

/* The store of the engine that serves the request on `soap`. */
svc_store *sgp_store(struct soap *soap);

/* Starts an operation: takes the request's WS-Addressing headers (so gSOAP does not echo them)
 * and checks the action the client named (SOAPAction, the action= parameter or wsa:Action)
 * against the operation's. An empty action is accepted, as WCF's basicHttpBinding accepts
 * SOAPAction "" when every operation has its own body element. Returns SOAP_OK, or sets a Sender
 * fault (with a wsa5 subcode when the request used WS-Addressing) and returns its error code. */
int sgp_begin(struct soap *soap, const char *operation);

/* Ends a successful operation: writes the reply's wsa:Action ({Operation}Response) and
 * wsa:RelatesTo when the request used WS-Addressing. Returns SOAP_OK. */
int sgp_reply(struct soap *soap, const char *operation);

/* Sets the fault reply's wsa:Action: the declared fault's action when `detail` names the fault
 * detail element, else WS-Addressing's generic fault action. No-op without WS-Addressing. */
void sgp_fault_action(struct soap *soap, const char *operation, const char *detail);

#endif
