/* test_map_json.c - unit tests of the transcoder (mapping/json.c, value.c, xmlw.c) for what golden cases
 * cannot show: the exact bytes the writer emits, the map_error fields, argument checks, malformed and
 * hostile responses, nesting limits. The rows of the mapping table live in tests/mapping/cases. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "map.h"
#include "test_mapping.h"

static map_model *shapes, *ref;

#define ENV11 "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
#define END11 "</s:Body></s:Envelope>"

/* ---------------------------------------------------------------------------------------------------- */
/* Helpers                                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

/* Runs map_request_xml for operation `op` of m with the JSON text `body`; returns the XML (caller frees)
 * or NULL with *e filled. */
static char *request(map_model *m, const char *op, const char *body, int version, map_error *e)
{
    json_error_t je;
    json_t *b = body != NULL ? json_loads(body, JSON_DECODE_ANY, &je) : NULL;
    char *xml = NULL;
    size_t len = 0;

    if (body != NULL && b == NULL) {
        fprintf(stderr, "bad test JSON: %s\n", je.text);
        return NULL;
    }
    if (map_request_xml(m, map_model_find_op(m, op), b, version, &xml, &len, e) != 0)
        xml = NULL;
    else
        CU_ASSERT_EQUAL(strlen(xml), len);
    json_decref(b);
    return xml;
}

/* Runs map_response_json for op with `xml`; returns its result code, *out for the caller to decref. */
static int response(map_model *m, const char *op, const char *xml, json_t **out, map_fault_info *f, map_error *e)
{
    return map_response_json(m, map_model_find_op(m, op), xml, strlen(xml), out, f, e);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Writer                                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_json_text_escaped_by_construction(void)
{
    map_error e;
    char *xml = request(shapes, "EchoScalars", "{\"value\": {\"s\": \"<a href='x'>\\\"&]]>\\r\\t\\n</a>\"}}", 1, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, ">&lt;a href=&apos;x&apos;&gt;&quot;&amp;]]&gt;&#13;\t\n&lt;/a&gt;<"));
    CU_ASSERT_PTR_NULL(strstr(xml, "<a "));
    CU_ASSERT_PTR_NULL(strstr(xml, "]]>"));
    free(xml);
}

static void test_map_json_attribute_whitespace_escaped(void)
{
    map_error e;
    char *xml = request(shapes, "EchoPayment",
                        "{\"value\": {\"amount\": \"1\", \"card\": {\"brand\": \"a\\tb\\nc\\rd\\\"\", \"number\": \"1\"}}}", 1, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "brand=\"a&#9;b&#10;c&#13;d&quot;\""));
    free(xml);
}

static void test_map_json_soap_versions(void)
{
    map_error e;
    char *x11 = request(ref, "GetProduct", "{\"id\": 1}", 1, &e), *x12 = request(ref, "GetProduct", "{\"id\": 1}", 2, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(x11);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x12);
    CU_ASSERT_PTR_NOT_NULL(strstr(x11, "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x12, "xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""));
    CU_ASSERT_EQUAL(strncmp(x11, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38), 0);
    free(x11);
    free(x12);
}

static void test_map_json_invalid_utf8_refused(void)
{
    json_t *body = json_pack("{s:{s:o}}", "value", "s", json_string_nocheck("bad \xff byte"));
    char *xml = NULL;
    size_t len;
    map_error e;

    CU_ASSERT_EQUAL(map_request_xml(shapes, map_model_find_op(shapes, "EchoScalars"), body, 1, &xml, &len, &e), -1);
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(e.status, 400);
    CU_ASSERT_STRING_EQUAL(e.pointer, "/value/s");
    json_decref(body);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Errors                                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_json_error_fields(void)
{
    map_error e;
    char *xml = request(ref, "PlaceOrder", "{\"order\": {\"Lines\": [{\"Quantity\": 1}, {\"Quantity\": 99999999999}]}}", 1, &e);

    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(e.status, 400);
    CU_ASSERT_STRING_EQUAL(e.pointer, "/order/Lines/1/Quantity");
    CU_ASSERT_STRING_EQUAL(e.expected, "int (-2147483648..2147483647)");
    CU_ASSERT_STRING_EQUAL(e.got, "99999999999");
    CU_ASSERT_STRING_EQUAL(e.message, "value out of range");
}

static void test_map_json_pointer_escapes_tilde_and_slash(void)
{
    map_error e;
    char *xml = request(shapes, "EchoScalars", "{\"value\": {\"a/b~c\": 1}}", 1, &e);

    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_STRING_EQUAL(e.pointer, "/value/a~1b~0c");
}

static void test_map_json_enum_expected_lists_values(void)
{
    map_error e;
    char *xml = request(shapes, "EchoScalars", "{\"value\": {\"color\": \"Pink\"}}", 1, &e);

    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.expected, "Red|Green|Blue"));
}

static void test_map_json_bad_arguments(void)
{
    map_error e;
    char *xml = NULL;
    size_t len;
    const map_op *op = map_model_find_op(ref, "GetProduct");
    json_t *arr = json_array();

    CU_ASSERT_EQUAL(map_request_xml(NULL, op, NULL, 1, &xml, &len, &e), -1);
    CU_ASSERT_EQUAL(e.status, 500);
    CU_ASSERT_EQUAL(map_request_xml(ref, op, NULL, 3, &xml, &len, &e), -1);
    CU_ASSERT_EQUAL(e.status, 500);
    CU_ASSERT_EQUAL(map_request_xml(ref, op, arr, 1, &xml, &len, &e), -1);
    CU_ASSERT_EQUAL(e.status, 400);
    CU_ASSERT_STRING_EQUAL(e.pointer, "");
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(map_request_xml(ref, op, NULL, 1, &xml, &len, NULL), 0); /* empty body, no err struct */
    free(xml);
    json_decref(arr);
}

static void test_map_json_request_nesting_limit(void)
{
    char body[16384];
    size_t n = 0, i;
    map_error e;
    char *xml;

    n += (size_t)snprintf(body + n, sizeof body - n, "{\"value\": ");
    for (i = 0; i < 100; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "{\"id\": 1, \"label\": \"x\", \"next\": ");
    n += (size_t)snprintf(body + n, sizeof body - n, "null");
    for (i = 0; i < 100; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "}");
    snprintf(body + n, sizeof body - n, "}");
    xml = request(shapes, "EchoNode", body, 1, &e);
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(e.status, 400);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "nested too deep"));
}

/* ---------------------------------------------------------------------------------------------------- */
/* Responses                                                                                             */
/* ---------------------------------------------------------------------------------------------------- */

static void expect_response_error(map_model *m, const char *op, const char *xml, const char *says)
{
    json_t *out = NULL;
    map_fault_info f;
    map_error e;

    CU_ASSERT_EQUAL(response(m, op, xml, &out, &f, &e), -1);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(e.status, 500);
    if (strstr(e.message, says) == NULL) {
        fprintf(stderr, "\n  got '%s', expected '%s'\n", e.message, says);
        CU_FAIL("unexpected error message");
    }
}

static void test_map_json_response_rejects_bad_envelopes(void)
{
    expect_response_error(ref, "GetProduct", "<notsoap/>", "not a SOAP envelope");
    expect_response_error(ref, "GetProduct", "<s:Envelope", "not well-formed");
    expect_response_error(ref, "GetProduct", ENV11 "<Other xmlns=\"urn:x\"/>" END11, "does not hold <GetProductResponse>");
    expect_response_error(shapes, "EchoScalars",
                          ENV11 "<EchoScalarsResponse xmlns=\"urn:shapes\"><value>text<s>a</s></value></EchoScalarsResponse>" END11,
                          "text inside element-only content");
    expect_response_error(shapes, "EchoNode",
                          ENV11 "<EchoNodeResponse xmlns=\"urn:shapes\"><value id=\"1\" color=\"red\"><label>a</label></value></EchoNodeResponse>" END11,
                          "undeclared attribute 'color'");
    expect_response_error(shapes, "EchoDrawing",
                          ENV11 "<EchoDrawingResponse xmlns=\"urn:shapes\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><value><shape i:type=\"Triangle\"/></value></EchoDrawingResponse>" END11,
                          "unknown xsi:type");
    expect_response_error(shapes, "EchoScalars",
                          ENV11 "<EchoScalarsResponse xmlns=\"urn:shapes\"><value><i32>12x</i32></value></EchoScalarsResponse>" END11,
                          "invalid lexical form");
    expect_response_error(shapes, "Ping", ENV11 "<PingResponse xmlns=\"urn:shapes\"/>" END11, "one-way");
}

static void test_map_json_response_xsi_type_any_prefix(void)
{
    json_t *out = NULL;
    map_fault_info f;
    map_error e;

    CU_ASSERT_EQUAL_FATAL(response(shapes, "EchoDrawing",
        ENV11 "<r:EchoDrawingResponse xmlns:r=\"urn:shapes\"><r:value><r:shape xmlns:zz=\"urn:shapes\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"zz:Circle\"><r:radius>2</r:radius>"
        "</r:shape></r:value></r:EchoDrawingResponse>" END11, &out, &f, &e), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(json_object_get(out, "shape"), 0), "$type")),
                           "Circle");
    CU_ASSERT_STRING_EQUAL(json_object_iter_key(json_object_iter(json_array_get(json_object_get(out, "shape"), 0))),
                           "$type"); /* "$type" comes first */
    json_decref(out);
}

static void test_map_json_response_nesting_limit(void)
{
    char xml[32768];
    size_t n = 0, i;
    json_t *out = NULL;
    map_fault_info f;
    map_error e;

    n += (size_t)snprintf(xml + n, sizeof xml - n, ENV11 "<EchoNodeResponse xmlns=\"urn:shapes\"><value id=\"0\"><label>x</label>");
    for (i = 0; i < 100; i++)
        n += (size_t)snprintf(xml + n, sizeof xml - n, "<next id=\"1\"><label>x</label>");
    for (i = 0; i < 100; i++)
        n += (size_t)snprintf(xml + n, sizeof xml - n, "</next>");
    snprintf(xml + n, sizeof xml - n, "</value></EchoNodeResponse>" END11);
    CU_ASSERT_EQUAL(response(shapes, "EchoNode", xml, &out, &f, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "nested too deep"));
}

static void test_map_json_fault_receiver_and_missing_detail(void)
{
    json_t *out = NULL;
    map_fault_info f;
    map_error e;

    CU_ASSERT_EQUAL_FATAL(response(ref, "GetProduct",
        "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><e:Fault><e:Code><e:Value>e:Receiver"
        "</e:Value></e:Code><e:Reason><e:Text xml:lang=\"en\">down</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>",
        &out, &f, &e), 1);
    CU_ASSERT_FALSE(f.is_sender);
    CU_ASSERT_STRING_EQUAL(f.code, "Receiver");
    CU_ASSERT_STRING_EQUAL(f.reason, "down");
    CU_ASSERT_PTR_NULL(f.detail_elem);
    CU_ASSERT_PTR_NULL(f.detail);
    CU_ASSERT_PTR_NULL(out);
}

static void test_map_json_response_bad_arguments(void)
{
    json_t *out = NULL;
    map_fault_info f;
    map_error e;

    CU_ASSERT_EQUAL(map_response_json(ref, NULL, "<x/>", 4, &out, &f, &e), -1);
    CU_ASSERT_EQUAL(e.status, 500);
    CU_ASSERT_EQUAL(map_response_json(ref, map_model_find_op(ref, "GetProduct"), "<x/>", 4, &out, &f, NULL), -1);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Suite                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

static int suite_init(void)
{
    char path[PATH_MAX + 32], err[512];

    snprintf(path, sizeof path, "%s/shapes.wsdl", test_mapping_tests_wsdl_dir());
    if (map_model_load(path, &shapes, err, sizeof err) != 0) {
        fprintf(stderr, "test_map_json: %s\n", err);
        return -1;
    }
    snprintf(path, sizeof path, "%s/InventoryService.wsdl", test_mapping_wsdl_dir());
    if (map_model_load(path, &ref, err, sizeof err) != 0) {
        fprintf(stderr, "test_map_json: %s\n", err);
        return -1;
    }
    return 0;
}

static int suite_cleanup(void)
{
    map_model_free(shapes);
    map_model_free(ref);
    shapes = ref = NULL;
    return 0;
}

#define TEST(fn) TEST_MAPPING_CASE(fn)

static const test_mapping_case tests[] = {
    TEST(test_map_json_text_escaped_by_construction),
    TEST(test_map_json_attribute_whitespace_escaped),
    TEST(test_map_json_soap_versions),
    TEST(test_map_json_invalid_utf8_refused),
    TEST(test_map_json_error_fields),
    TEST(test_map_json_pointer_escapes_tilde_and_slash),
    TEST(test_map_json_enum_expected_lists_values),
    TEST(test_map_json_bad_arguments),
    TEST(test_map_json_request_nesting_limit),
    TEST(test_map_json_response_rejects_bad_envelopes),
    TEST(test_map_json_response_xsi_type_any_prefix),
    TEST(test_map_json_response_nesting_limit),
    TEST(test_map_json_fault_receiver_and_missing_detail),
    TEST(test_map_json_response_bad_arguments),
};

int test_map_json_suite(void)
{
    return test_mapping_add_suite("map_json", suite_init, suite_cleanup, tests, sizeof tests / sizeof tests[0]);
}
