/* wsa.c - the action check every operation starts with, and WS-Addressing 1.0 headers for replies.
 *
 * The SOAP 1.2 binding (WCF's wsHttpBinding / Soap12WSAddressing10) carries wsa:Action, MessageID,
 * To and ReplyTo; replies carry wsa:Action and wsa:RelatesTo. gSOAP's generated code parses and
 * writes these headers (wsa5.h is imported into the stubs); this file decides their content.
 * gSOAP's wsa plugin is deliberately not used: for a non-anonymous ReplyTo or FaultTo it opens a
 * connection to whatever address the client names, which a server must never do on a client's
 * say-so (request-reply over HTTP only allows the anonymous back channel anyway, as in WCF).
 */
#include <string.h>

#include "sg_int.h"

#define WSA_ANONYMOUS "http://www.w3.org/2005/08/addressing/anonymous"
#define WSA_FAULT_ACTION "http://www.w3.org/2005/08/addressing/soap/fault"

static int wsa_is_anonymous(const struct wsa5__EndpointReferenceType *epr)
{
    return !epr || !epr->Address || !strcmp(epr->Address, WSA_ANONYMOUS);
}

/* Replaces the context's header (gSOAP would otherwise echo the request's) with a reply header
 * holding wsa:Action and wsa:RelatesTo. */
static void wsa_reply_header(struct soap *soap, const char *action)
{
    sg_engine *e = soap->user;
    struct SOAP_ENV__Header *h = soap_new_SOAP_ENV__Header(soap, -1);

    soap->header = h;
    if (!h)
        return;
    h->wsa5__Action = soap_strdup(soap, action);
    if (e->wsa_message_id && (h->wsa5__RelatesTo = soap_new__wsa5__RelatesTo(soap, -1)))
        h->wsa5__RelatesTo->__item = soap_strdup(soap, e->wsa_message_id);
}

/* A fault of the WS-Addressing kind: Sender with the wsa subcode, fault action header. */
static int wsa_fault(struct soap *soap, const char *subcode, const char *reason)
{
    int rc = soap_sender_fault_subcode(soap, subcode, reason, NULL);

    wsa_reply_header(soap, WSA_FAULT_ACTION);
    return rc;
}

/* Records what the reply needs from the request's addressing headers, then clears them. */
static const char *wsa_take_request(struct soap *soap)
{
    sg_engine *e = soap->user;
    struct SOAP_ENV__Header *h = soap->header;

    e->wsa = 0;
    e->wsa_message_id = NULL;
    soap->header = NULL;
    if (!h || !(h->wsa5__Action || h->wsa5__MessageID || h->wsa5__To || h->wsa5__ReplyTo))
        return NULL;
    e->wsa = 1;
    e->wsa_message_id = h->wsa5__MessageID;
    e->wsa_reply_to_ok = wsa_is_anonymous(h->wsa5__ReplyTo) && wsa_is_anonymous(h->wsa5__FaultTo);
    return h->wsa5__Action ? h->wsa5__Action : "";
}

static int action_is(const char *action, const char *operation, const char *suffix)
{
    size_t plen = strlen(SGP_ACTION_PREFIX), olen = strlen(operation);

    return !strncmp(action, SGP_ACTION_PREFIX, plen) && !strncmp(action + plen, operation, olen) &&
           !strcmp(action + plen + olen, suffix);
}

int sgp_begin(struct soap *soap, const char *operation)
{
    sg_engine *e = soap->user;
    const char *http_action = soap->action && *soap->action ? soap->action : NULL;
    const char *wsa_action = wsa_take_request(soap);

    if (e->wsa) {
        if (!*wsa_action)
            return wsa_fault(soap, "wsa5:MessageAddressingHeaderRequired",
                             "The wsa:Action header is required");
        if (!e->wsa_reply_to_ok)
            return wsa_fault(soap, "wsa5:OnlyAnonymousAddressSupported",
                             "Only the anonymous ReplyTo and FaultTo are supported over HTTP");
        if (http_action && strcmp(http_action, wsa_action))
            return wsa_fault(soap, "wsa5:ActionMismatch",
                             "The HTTP action and the wsa:Action header differ");
        if (!action_is(wsa_action, operation, ""))
            return wsa_fault(soap, "wsa5:ActionNotSupported",
                             "The message's wsa:Action does not match its body");
        return SOAP_OK;
    }
    if (http_action && !action_is(http_action, operation, ""))
        return soap_sender_fault(soap, "The SOAP action of the request does not match its body",
                                 NULL);
    return SOAP_OK;
}

int sgp_reply(struct soap *soap, const char *operation)
{
    sg_engine *e = soap->user;
    char action[256];

    if (e->wsa) {
        snprintf(action, sizeof(action), "%s%sResponse", SGP_ACTION_PREFIX, operation);
        wsa_reply_header(soap, action);
    }
    return SOAP_OK;
}

void sgp_fault_action(struct soap *soap, const char *operation, const char *detail)
{
    sg_engine *e = soap->user;
    char action[256];

    if (!e->wsa)
        return;
    if (!detail) {
        wsa_reply_header(soap, WSA_FAULT_ACTION);
        return;
    }
    /* WCF names a declared fault's action {prefix}{Operation}{DetailName}Fault. */
    snprintf(action, sizeof(action), "%s%s%sFault", SGP_ACTION_PREFIX, operation, detail);
    wsa_reply_header(soap, action);
}
