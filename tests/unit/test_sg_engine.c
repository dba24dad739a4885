/* test_sg_engine.c - the SOAP engine on envelopes held in memory: dispatch, faults, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "sg.h"
#include "svc.h"
#include "test_soap.h"

#define NS_SVC "http://soaprest.org/inventory/2026/11"
#define NS_DC "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
#define ACTION(op) NS_SVC "/IInventoryService/" op

static char tmpdir[256];
static sg_engine *engine;
static sg_response res;

static int engine_setup(void)
{
    char path[300];
    char *err = NULL;
    sg_limits lim = { 64 * 1024, 0, 0, 0 };

    snprintf(tmpdir, sizeof(tmpdir), "%s/sg_engine_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(path, sizeof(path), "%s/test.db", tmpdir);
    svc_global_init();
    engine = sg_engine_new(path, &lim, &err);
    free(err);
    return engine ? 0 : -1;
}

static int engine_teardown(void)
{
    char cmd[300];

    sg_engine_free(engine);
    free(res.body);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Serves body (with SOAPAction `action`) and keeps the response in `res` for the assertions. */
static void serve(const char *body, size_t len, const char *action)
{
    sg_request req = { body, len, action, SG_SOAP11, 0 };

    free(res.body);
    memset(&res, 0, sizeof(res));
    CU_ASSERT_EQUAL_FATAL(sg_engine_serve(engine, &req, &res), 0);
}

static void serve_op(const char *op_body, const char *action)
{
    char env[8192];

    snprintf(env, sizeof(env),
             "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
             "<s:Body>%s</s:Body></s:Envelope>", op_body);
    serve(env, strlen(env), action);
}

static int has(const char *needle)
{
    return res.body && strstr(res.body, needle) != NULL;
}

static void test_sg_engine_serves_an_operation(void)
{
    serve_op("<GetServiceInfo xmlns=\"" NS_SVC "\"/>", ACTION("GetServiceInfo"));
    CU_ASSERT_EQUAL(res.status, 200);
    CU_ASSERT_STRING_EQUAL(res.content_type, "text/xml; charset=utf-8");
    CU_ASSERT(has("GetServiceInfoResponse"));
    CU_ASSERT(has(">soaprest reference inventory service<"));
}

static void test_sg_engine_typed_fault_detail(void)
{
    serve_op("<GetProduct xmlns=\"" NS_SVC "\"><id>424242</id></GetProduct>", ACTION("GetProduct"));
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Client</faultcode>"));
    CU_ASSERT(has("NotFoundFault"));
    CU_ASSERT(has(">Product</"));
    CU_ASSERT(has(">424242</"));
}

static void test_sg_engine_undeclared_fault_has_no_detail(void)
{
    /* GetOrder declares only NotFoundFault: a malformed guid is a plain Client fault. */
    serve_op("<GetOrder xmlns=\"" NS_SVC "\"><id>not-a-guid</id></GetOrder>", ACTION("GetOrder"));
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Client</faultcode>"));
    CU_ASSERT(!has("ValidationFault"));
}

static void test_sg_engine_one_way_is_202_without_body(void)
{
    serve_op("<AdjustStock xmlns=\"" NS_SVC "\"><sku>NOPE-1</sku><delta>1</delta></AdjustStock>",
             ACTION("AdjustStock"));
    CU_ASSERT_EQUAL(res.status, 202);
    CU_ASSERT_PTR_NULL(res.body);
    CU_ASSERT_EQUAL(res.len, 0);
}

static void test_sg_engine_action_mismatch_is_refused(void)
{
    serve_op("<GetServiceInfo xmlns=\"" NS_SVC "\"/>", ACTION("DeleteProduct"));
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Client</faultcode>"));
    CU_ASSERT(has("does not match"));
}

static void test_sg_engine_unknown_operation_is_client_fault(void)
{
    serve_op("<Nope xmlns=\"" NS_SVC "\"/>", "");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Fault"));
}

static void test_sg_engine_malformed_xml_is_fault(void)
{
    static const char bad[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Get";

    serve(bad, sizeof(bad) - 1, "");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Fault"));
    /* and the engine still serves afterwards */
    serve_op("<GetServiceInfo xmlns=\"" NS_SVC "\"/>", "");
    CU_ASSERT_EQUAL(res.status, 200);
}

static void test_sg_engine_nul_byte_is_refused(void)
{
    char env[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                 "<GetServiceInfo xmlns=\"" NS_SVC "\"/>X</s:Body></s:Envelope>";
    char *x = strchr(env, 'X');

    *x = '\0';
    serve(env, sizeof(env) - 1, "");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("NUL"));
}

static void test_sg_engine_http_request_line_is_not_served(void)
{
    /* gSOAP must not parse HTTP itself: a body that looks like an HTTP request is just bad XML. */
    static const char http[] = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";

    serve(http, sizeof(http) - 1, "");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Fault"));
}

static void test_sg_engine_body_limit(void)
{
    size_t n = 64 * 1024 + 1;
    char *big = malloc(n);

    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, ' ', n);
    serve(big, n, "");
    free(big);
    CU_ASSERT_EQUAL(res.status, 413);
    CU_ASSERT(has("Fault"));
}

static void test_sg_engine_depth_limit(void)
{
    size_t depth = 2000, i;
    size_t cap = depth * 8 + 512;
    char *env = malloc(cap);
    size_t len = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    len += (size_t)sprintf(env + len, "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><CreateProduct xmlns=\"" NS_SVC "\">");
    for (i = 0; i < depth; i++)
        len += (size_t)sprintf(env + len, "<a>");
    serve(env, len, "");
    free(env);
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("Fault"));
}

static void test_sg_engine_create_then_get(void)
{
    serve_op("<CreateProduct xmlns=\"" NS_SVC "\"><product xmlns:d=\"" NS_DC "\">"
             "<d:Sku>ENG-1</d:Sku><d:Name>Engine test</d:Name><d:Category>Hardware</d:Category>"
             "<d:Price>1.50</d:Price><d:StockQuantity>3</d:StockQuantity></product></CreateProduct>",
             ACTION("CreateProduct"));
    CU_ASSERT_EQUAL(res.status, 200);
    CU_ASSERT(has(">ENG-1<"));
    CU_ASSERT(has(">1.5<"));
    CU_ASSERT(has("Version>1<"));
}

static void test_sg_engine_perishable_round_trip(void)
{
    serve_op("<CreateProduct xmlns=\"" NS_SVC "\"><product xmlns:d=\"" NS_DC "\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"d:PerishableProduct\">"
             "<d:Sku>MILK-1</d:Sku><d:Name>Milk</d:Name><d:Category>Grocery</d:Category>"
             "<d:Price>0.99</d:Price><d:ExpiresOn>2026-12-01T00:00:00+01:00</d:ExpiresOn>"
             "<d:ShelfLife>P7D</d:ShelfLife></product></CreateProduct>",
             ACTION("CreateProduct"));
    CU_ASSERT_EQUAL(res.status, 200);
    CU_ASSERT(has("PerishableProduct\""));
    CU_ASSERT(has(">2026-12-01T00:00:00+01:00<"));
    CU_ASSERT(has(">P7D<"));
}

static void test_sg_engine_validation_fault_names_field(void)
{
    serve_op("<CreateProduct xmlns=\"" NS_SVC "\"><product xmlns:d=\"" NS_DC "\">"
             "<d:Sku>ENG-2</d:Sku><d:Name>x</d:Name><d:Category>Hardware</d:Category>"
             "<d:Price>1.23456</d:Price></product></CreateProduct>",
             ACTION("CreateProduct"));
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("ValidationFault"));
    CU_ASSERT(has(">Price<"));
}

/* Serves a SOAP 1.2 envelope with WS-Addressing headers; reply_to NULL = anonymous. */
static void serve12(const char *op, const char *op_body, const char *reply_to)
{
    char env[8192];

    snprintf(env, sizeof(env),
             "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
             "xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header>"
             "<a:Action s:mustUnderstand=\"1\">%s</a:Action><a:MessageID>urn:uuid:42</a:MessageID>"
             "<a:ReplyTo><a:Address>%s</a:Address></a:ReplyTo></s:Header>"
             "<s:Body>%s</s:Body></s:Envelope>",
             op, reply_to ? reply_to : "http://www.w3.org/2005/08/addressing/anonymous", op_body);
    {
        sg_request req = { env, strlen(env), "", SG_SOAP12, 0 };
        free(res.body);
        memset(&res, 0, sizeof(res));
        CU_ASSERT_EQUAL_FATAL(sg_engine_serve(engine, &req, &res), 0);
    }
}

static void test_sg_engine_soap12_reply_has_addressing_headers(void)
{
    serve12(ACTION("GetServiceInfo"), "<GetServiceInfo xmlns=\"" NS_SVC "\"/>", NULL);
    CU_ASSERT_EQUAL(res.status, 200);
    CU_ASSERT_STRING_EQUAL(res.content_type, "application/soap+xml; charset=utf-8");
    CU_ASSERT(has(">urn:uuid:42</wsa5:RelatesTo>"));
    CU_ASSERT(has(ACTION("GetServiceInfoResponse") "</wsa5:Action>"));
}

static void test_sg_engine_soap12_declared_fault_is_500_with_fault_action(void)
{
    serve12(ACTION("GetProduct"), "<GetProduct xmlns=\"" NS_SVC "\"><id>777</id></GetProduct>", NULL);
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("SOAP-ENV:Sender"));
    CU_ASSERT(has(ACTION("GetProductNotFoundFaultFault") "</wsa5:Action>"));
    CU_ASSERT(has("NotFoundFault"));
}

static void test_sg_engine_soap12_non_anonymous_reply_to_is_refused(void)
{
    serve12(ACTION("GetServiceInfo"), "<GetServiceInfo xmlns=\"" NS_SVC "\"/>",
            "http://127.0.0.1:1/elsewhere");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("OnlyAnonymousAddressSupported"));
}

static void test_sg_engine_soap12_action_mismatch_is_refused(void)
{
    serve12(ACTION("DeleteProduct"), "<GetServiceInfo xmlns=\"" NS_SVC "\"/>", NULL);
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("ActionNotSupported"));
}

static void test_sg_engine_soap12_one_way_is_202(void)
{
    serve12(ACTION("AdjustStock"),
            "<AdjustStock xmlns=\"" NS_SVC "\"><sku>NOPE-2</sku><delta>1</delta></AdjustStock>", NULL);
    CU_ASSERT_EQUAL(res.status, 202);
    CU_ASSERT_PTR_NULL(res.body);
}

static void test_sg_engine_version_mismatch(void)
{
    /* a SOAP 1.1 envelope sent to the SOAP 1.2 endpoint */
    static const char env[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                              "<s:Body><GetServiceInfo xmlns=\"" NS_SVC "\"/></s:Body></s:Envelope>";
    sg_request req = { env, sizeof(env) - 1, "", SG_SOAP12, 0 };

    free(res.body);
    memset(&res, 0, sizeof(res));
    CU_ASSERT_EQUAL_FATAL(sg_engine_serve(engine, &req, &res), 0);
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("VersionMismatch"));
}

static void test_sg_engine_unknown_must_understand_header(void)
{
    static const char env[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header>"
        "<x:Secret xmlns:x=\"urn:x\" s:mustUnderstand=\"1\">y</x:Secret></s:Header>"
        "<s:Body><GetServiceInfo xmlns=\"" NS_SVC "\"/></s:Body></s:Envelope>";

    serve(env, sizeof(env) - 1, "");
    CU_ASSERT_EQUAL(res.status, 500);
    CU_ASSERT(has("MustUnderstand"));
}

static void test_sg_engine_soap12_sender_400_when_asked(void)
{
    char path[300];
    char *err = NULL;
    sg_limits lim = { 0, 0, 0, 1 };
    sg_engine *strict, *saved = engine;

    snprintf(path, sizeof(path), "%s/strict.db", tmpdir);
    strict = sg_engine_new(path, &lim, &err);
    free(err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(strict);
    engine = strict;
    serve12(ACTION("GetProduct"), "<GetProduct xmlns=\"" NS_SVC "\"><id>778</id></GetProduct>", NULL);
    engine = saved;
    sg_engine_free(strict);
    CU_ASSERT_EQUAL(res.status, 400);
    CU_ASSERT(has("NotFoundFault"));
}

static void test_sg_engine_lean_response_declares_fewer_namespaces(void)
{
    static const char env[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                              "<s:Body><GetProduct xmlns=\"" NS_SVC "\"><id>1</id></GetProduct>"
                              "</s:Body></s:Envelope>";
    sg_request req = { env, sizeof(env) - 1, "", SG_SOAP11, 1 };

    free(res.body);
    memset(&res, 0, sizeof(res));
    CU_ASSERT_EQUAL_FATAL(sg_engine_serve(engine, &req, &res), 0);
    CU_ASSERT_EQUAL(res.status, 200);
    CU_ASSERT(has("GetProductResponse"));
    CU_ASSERT(!has("xmlns:wsa5"));
    CU_ASSERT(!has("xmlns:chan"));
    CU_ASSERT(has("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""));
    CU_ASSERT(has("xmlns:dc="));
    /* and the full table again for the next ordinary request */
    serve_op("<GetServiceInfo xmlns=\"" NS_SVC "\"/>", "");
    CU_ASSERT(has("xmlns:wsa5"));
}

int test_sg_engine_suite(void)
{
    CU_pSuite s = CU_add_suite("sg_engine", engine_setup, engine_teardown);

    if (!s)
        return -1;
    CU_add_test(s, "serves an operation", test_sg_engine_serves_an_operation);
    CU_add_test(s, "typed fault detail", test_sg_engine_typed_fault_detail);
    CU_add_test(s, "undeclared fault has no detail", test_sg_engine_undeclared_fault_has_no_detail);
    CU_add_test(s, "one-way is 202 without body", test_sg_engine_one_way_is_202_without_body);
    CU_add_test(s, "action mismatch is refused", test_sg_engine_action_mismatch_is_refused);
    CU_add_test(s, "unknown operation", test_sg_engine_unknown_operation_is_client_fault);
    CU_add_test(s, "malformed xml", test_sg_engine_malformed_xml_is_fault);
    CU_add_test(s, "nul byte", test_sg_engine_nul_byte_is_refused);
    CU_add_test(s, "http request line", test_sg_engine_http_request_line_is_not_served);
    CU_add_test(s, "body limit", test_sg_engine_body_limit);
    CU_add_test(s, "depth limit", test_sg_engine_depth_limit);
    CU_add_test(s, "create then get", test_sg_engine_create_then_get);
    CU_add_test(s, "perishable round trip", test_sg_engine_perishable_round_trip);
    CU_add_test(s, "validation fault names field", test_sg_engine_validation_fault_names_field);
    CU_add_test(s, "soap12 reply has addressing headers", test_sg_engine_soap12_reply_has_addressing_headers);
    CU_add_test(s, "soap12 declared fault", test_sg_engine_soap12_declared_fault_is_500_with_fault_action);
    CU_add_test(s, "soap12 non-anonymous ReplyTo", test_sg_engine_soap12_non_anonymous_reply_to_is_refused);
    CU_add_test(s, "soap12 action mismatch", test_sg_engine_soap12_action_mismatch_is_refused);
    CU_add_test(s, "soap12 one-way", test_sg_engine_soap12_one_way_is_202);
    CU_add_test(s, "version mismatch", test_sg_engine_version_mismatch);
    CU_add_test(s, "soap12 sender 400 when asked", test_sg_engine_soap12_sender_400_when_asked);
    CU_add_test(s, "lean response", test_sg_engine_lean_response_declares_fewer_namespaces);
    CU_add_test(s, "unknown mustUnderstand header", test_sg_engine_unknown_must_understand_header);
    return 0;
}
