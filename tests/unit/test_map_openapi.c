/* test_map_openapi.c - unit tests of mapping/openapi.c and mapping/help.c: the OpenAPI document of the
 * reference contract parsed back with jansson and checked member by member, the conventions-only
 * document, a small fixture contract of the shapes the reference lacks (choice, recursion, name clash,
 * simpleContent, abstract base), every test WSDL, the help page, and allocation failures. */

#include <ftw.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "openapi.h"
#include "test_mapping.h"



#define SERVER "https://api.soaprest.test"
#define SCHEMAS "#/components/schemas/"

/* One loaded contract with its routes and its document parsed back. */
typedef struct fixture {
    map_model *m;
    map_routes *rs;
    json_t *doc;
} fixture;

static fixture inv;           /* the reference contract with its mapping file */
static fixture conv;          /* the reference contract, conventions only */
static fixture shapes;        /* the fixture contract below, with its mapping file */
static char tmpdir[PATH_MAX];

/* ---------------------------------------------------------------------------------------------------- */
/* The fixture contract                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

static const char fixture_a_xsd[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"urn:test:a\" xmlns:b=\"urn:test:b\""
    " targetNamespace=\"urn:test:a\" elementFormDefault=\"qualified\">\n"
    " <xs:import namespace=\"urn:test:b\" schemaLocation=\"b.xsd\"/>\n"
    " <xs:complexType name=\"Item\"><xs:sequence>\n"
    "  <xs:element name=\"Code\" type=\"tns:Code\"/>\n"
    "  <xs:choice>\n"
    "   <xs:element name=\"Weight\" type=\"xs:double\"/>\n"
    "   <xs:sequence><xs:element name=\"Width\" type=\"xs:unsignedLong\"/>"
    "<xs:element name=\"Height\" type=\"xs:int\" minOccurs=\"0\"/></xs:sequence>\n"
    "  </xs:choice>\n"
    "  <xs:choice minOccurs=\"0\"><xs:element name=\"A\" type=\"xs:string\"/>"
    "<xs:element name=\"B\" type=\"xs:string\"/></xs:choice>\n"
    "  <xs:element name=\"Price\" type=\"tns:Money\" minOccurs=\"0\"/>\n"
    "  <xs:element name=\"Sizes\" type=\"tns:SizeList\" minOccurs=\"0\"/>\n"
    "  <xs:element ref=\"tns:Tree\" minOccurs=\"0\"/>\n"
    "  <xs:element name=\"Other\" type=\"b:Item\" minOccurs=\"0\"/>\n"
    "  <xs:element name=\"Shape\" type=\"tns:Shape\" minOccurs=\"0\"/>\n"
    "  <xs:any minOccurs=\"0\" processContents=\"lax\"/>\n"
    " </xs:sequence><xs:attribute name=\"id\" type=\"xs:int\" use=\"required\"/></xs:complexType>\n"
    " <xs:element name=\"Tree\"><xs:complexType><xs:sequence><xs:element name=\"Label\" type=\"xs:string\"/>"
    "<xs:element ref=\"tns:Tree\" minOccurs=\"0\" maxOccurs=\"unbounded\"/></xs:sequence></xs:complexType>"
    "</xs:element>\n"
    " <xs:simpleType name=\"Code\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[A-Z]{3}-\\d{4}\"/>"
    "<xs:maxLength value=\"8\"/></xs:restriction></xs:simpleType>\n"
    " <xs:simpleType name=\"SizeList\"><xs:list itemType=\"xs:int\"/></xs:simpleType>\n"
    " <xs:simpleType name=\"Amount\"><xs:restriction base=\"xs:decimal\"><xs:minInclusive value=\"0\"/>"
    "</xs:restriction></xs:simpleType>\n"
    " <xs:complexType name=\"Money\"><xs:simpleContent><xs:extension base=\"tns:Amount\">"
    "<xs:attribute name=\"currency\" type=\"xs:string\" use=\"required\"/></xs:extension></xs:simpleContent>"
    "</xs:complexType>\n"
    " <xs:complexType name=\"Shape\" abstract=\"true\"><xs:sequence><xs:element name=\"Name\" type=\"xs:string\"/>"
    "</xs:sequence></xs:complexType>\n"
    " <xs:complexType name=\"Circle\"><xs:complexContent><xs:extension base=\"tns:Shape\"><xs:sequence>"
    "<xs:element name=\"R\" type=\"xs:short\"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>\n"
    " <xs:element name=\"GetItem\"><xs:complexType><xs:sequence><xs:element name=\"itemId\" type=\"xs:int\"/>"
    "</xs:sequence></xs:complexType></xs:element>\n"
    " <xs:element name=\"GetItemResponse\"><xs:complexType><xs:sequence>"
    "<xs:element name=\"GetItemResult\" type=\"tns:Item\"/></xs:sequence></xs:complexType></xs:element>\n"
    " <xs:element name=\"Ping\"><xs:complexType><xs:sequence><xs:element name=\"text\" type=\"xs:string\"/>"
    "</xs:sequence></xs:complexType></xs:element>\n"
    "</xs:schema>\n";

static const char fixture_b_xsd[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:test:b\""
    " elementFormDefault=\"qualified\">\n"
    " <xs:complexType name=\"Item\"><xs:sequence><xs:element name=\"Note\" type=\"xs:string\" nillable=\"true\"/>"
    "</xs:sequence></xs:complexType>\n"
    "</xs:schema>\n";

static const char fixture_wsdl[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\""
    " xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
    " xmlns:a=\"urn:test:a\" xmlns:tns=\"urn:test:svc\" targetNamespace=\"urn:test:svc\">\n"
    " <wsdl:documentation>A test service with &lt;tricky&gt; shapes.</wsdl:documentation>\n"
    " <wsdl:types><xs:schema targetNamespace=\"urn:test:svc\">"
    "<xs:import namespace=\"urn:test:a\" schemaLocation=\"a.xsd\"/></xs:schema></wsdl:types>\n"
    " <wsdl:message name=\"GetItemIn\"><wsdl:part name=\"parameters\" element=\"a:GetItem\"/></wsdl:message>\n"
    " <wsdl:message name=\"GetItemOut\"><wsdl:part name=\"parameters\" element=\"a:GetItemResponse\"/></wsdl:message>\n"
    " <wsdl:message name=\"PingIn\"><wsdl:part name=\"parameters\" element=\"a:Ping\"/></wsdl:message>\n"
    " <wsdl:portType name=\"ITest\">\n"
    "  <wsdl:operation name=\"GetItem\"><wsdl:input message=\"tns:GetItemIn\"/>"
    "<wsdl:output message=\"tns:GetItemOut\"/></wsdl:operation>\n"
    "  <wsdl:operation name=\"Ping\"><wsdl:input message=\"tns:PingIn\"/></wsdl:operation>\n"
    " </wsdl:portType>\n"
    " <wsdl:binding name=\"B\" type=\"tns:ITest\"><soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>\n"
    "  <wsdl:operation name=\"GetItem\"><soap:operation soapAction=\"urn:GetItem\" style=\"document\"/>"
    "<wsdl:input><soap:body use=\"literal\"/></wsdl:input><wsdl:output><soap:body use=\"literal\"/></wsdl:output>"
    "</wsdl:operation>\n"
    "  <wsdl:operation name=\"Ping\"><soap:operation soapAction=\"urn:Ping\" style=\"document\"/>"
    "<wsdl:input><soap:body use=\"literal\"/></wsdl:input></wsdl:operation>\n"
    " </wsdl:binding>\n"
    " <wsdl:service name=\"S\"><wsdl:port name=\"P\" binding=\"tns:B\">"
    "<soap:address location=\"http://localhost/t.svc\"/></wsdl:port></wsdl:service>\n"
    "</wsdl:definitions>\n";

/* A summary with markup in it: the help page must show it as text. */
static const char fixture_map[] =
    "{ \"routes\": [ { \"operation\": \"GetItem\", \"method\": \"GET\", \"path\": \"/api/items/{itemId}\",\n"
    "                  \"summary\": \"Fetch <b>one</b> & more\" } ] }\n";

/* ---------------------------------------------------------------------------------------------------- */
/* Helpers                                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

static int write_file(const char *name, const char *text)
{
    char path[PATH_MAX + 64];
    FILE *f;
    int rc;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if ((f = fopen(path, "w")) == NULL)
        return -1;
    rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) == 0 ? rc : -1;
}

/* Loads a contract and its routes (mapping NULL: conventions) and parses its rendered document. */
static int fixture_load(fixture *f, const char *wsdl, const char *mapping)
{
    char err[1024];
    char *text;
    size_t len = 0;

    if (map_model_load(wsdl, &f->m, err, sizeof err) != 0 || map_routes_load(f->m, mapping, &f->rs, err, sizeof err) != 0) {
        fprintf(stderr, "test_map_openapi: %s\n", err);
        return -1;
    }
    if ((text = map_openapi_render(f->m, f->rs, "Test API", "2.0", SERVER, &len)) == NULL)
        return -1;
    f->doc = len == strlen(text) ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
    free(text);
    return f->doc != NULL ? 0 : -1;
}

static void fixture_free(fixture *f)
{
    json_decref(f->doc);
    map_routes_free(f->rs);
    map_model_free(f->m);
    memset(f, 0, sizeof *f);
}

/* The value at a '/'-separated path of object keys and array indexes ("paths", "/api/x", "get", ...):
 * the keys are given as separate arguments, ending with NULL, because path keys hold '/'. */
static json_t *at(json_t *v, ...)
{
    va_list ap;
    const char *k;

    va_start(ap, v);
    while (v != NULL && (k = va_arg(ap, const char *)) != NULL) {
        char *end;
        unsigned long i = strtoul(k, &end, 10);
        v = json_is_array(v) && *end == '\0' ? json_array_get(v, i) : json_object_get(v, k);
    }
    va_end(ap);
    return v;
}

static const char *str_at_key(json_t *v, const char *key)
{
    return json_string_value(json_object_get(v, key));
}

static json_t *schema(fixture *f, const char *name)
{
    return at(f->doc, "components", "schemas", name, NULL);
}

static json_t *op(fixture *f, const char *path, const char *method)
{
    return at(f->doc, "paths", path, method, NULL);
}

/* True when the anyOf/oneOf of s (or s itself) has a $ref to components/schemas/name. */
static int refers_to(json_t *s, const char *name)
{
    char want[256];
    json_t *alt;
    size_t i;

    snprintf(want, sizeof want, SCHEMAS "%s", name);
    if (str_at_key(s, "$ref") != NULL)
        return strcmp(str_at_key(s, "$ref"), want) == 0;
    json_array_foreach(json_object_get(s, "anyOf"), i, alt)
        if (refers_to(alt, name))
            return 1;
    return 0;
}

static int array_has_string(json_t *a, const char *s)
{
    json_t *v;
    size_t i;

    json_array_foreach(a, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return 1;
    return 0;
}

/* Counts $refs anywhere in v that do not resolve to a component. */
static int dangling_refs(json_t *doc, json_t *v)
{
    const char *key, *ref;
    json_t *child;
    size_t i;
    int n = 0;

    if ((ref = str_at_key(v, "$ref")) != NULL) {
        const char *slash = strrchr(ref, '/');
        json_t *kind = strncmp(ref, SCHEMAS, strlen(SCHEMAS)) == 0 ? at(doc, "components", "schemas", NULL)
                                                                   : at(doc, "components", "responses", NULL);
        n += slash == NULL || json_object_get(kind, slash + 1) == NULL;
    }
    if (json_is_object(v))
        json_object_foreach(v, key, child)
            n += dangling_refs(doc, child);
    json_array_foreach(v, i, child)
        n += dangling_refs(doc, child);
    return n;
}

/* Checks every operationId: present, unique, URL-safe; returns how many operations there are. */
static size_t check_operation_ids(json_t *doc)
{
    json_t *seen = json_object(), *item, *o;
    const char *path, *method;
    regex_t re;
    size_t n = 0;

    CU_ASSERT_FATAL(regcomp(&re, "^[A-Za-z0-9._-]+$", REG_EXTENDED | REG_NOSUB) == 0);
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        json_object_foreach(item, method, o) {
            const char *id = str_at_key(o, "operationId");
            CU_ASSERT_PTR_NOT_NULL_FATAL(id);
            CU_ASSERT(regexec(&re, id, 0, NULL, 0) == 0);
            CU_ASSERT_PTR_NULL(json_object_get(seen, id));
            json_object_set_new(seen, id, json_true());
            n++;
        }
    }
    regfree(&re);
    json_decref(seen);
    return n;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (hay = strstr(hay, needle); hay != NULL; hay = strstr(hay + 1, needle))
        n++;
    return n;
}

/* ---------------------------------------------------------------------------------------------------- */
/* The reference contract                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_openapi_header(void)
{
    CU_ASSERT_STRING_EQUAL(str_at_key(inv.doc, "openapi"), "3.1.0");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(inv.doc, "info", NULL), "title"), "Test API");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(inv.doc, "info", NULL), "version"), "2.0");
    CU_ASSERT_PTR_NOT_NULL(strstr(str_at_key(at(inv.doc, "info", NULL), "description"), "reference service"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(inv.doc, "info", "license", NULL), "identifier"), "GPL-2.0-or-later");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(inv.doc, "servers", "0", NULL), "url"), SERVER);
    CU_ASSERT(json_is_array(at(inv.doc, "security", NULL)) && json_array_size(at(inv.doc, "security", NULL)) == 0);
    CU_ASSERT_PTR_NULL(at(inv.doc, "components", "securitySchemes", NULL));
    CU_ASSERT_PTR_NOT_NULL(schema(&inv, "Problem"));
    CU_ASSERT_EQUAL(dangling_refs(inv.doc, inv.doc), 0);
}

static void test_map_openapi_every_route(void)
{
    size_t i;

    for (i = 0; i < map_routes_count(inv.rs); i++) {
        const map_route *r = map_routes_at(inv.rs, i);
        char method[16];
        size_t k;
        for (k = 0; map_route_method(r)[k] != '\0' && k + 1 < sizeof method; k++)
            method[k] = (char)(map_route_method(r)[k] | 0x20);
        method[k] = '\0';
        CU_ASSERT_PTR_NOT_NULL(op(&inv, map_route_template(r), method));
    }
    CU_ASSERT_EQUAL(check_operation_ids(inv.doc), map_routes_count(inv.rs));
}

static void test_map_openapi_get_product(void)
{
    json_t *o = op(&inv, "/api/products/{id}", "get"), *p = at(o, "parameters", "0", NULL);

    CU_ASSERT_STRING_EQUAL(str_at_key(o, "operationId"), "GetProduct");
    CU_ASSERT_STRING_EQUAL(json_string_value(at(o, "tags", "0", NULL)), "products");
    CU_ASSERT_STRING_EQUAL(str_at_key(o, "summary"), "One product");
    CU_ASSERT_STRING_EQUAL(str_at_key(p, "name"), "id");
    CU_ASSERT_STRING_EQUAL(str_at_key(p, "in"), "path");
    CU_ASSERT(json_is_true(json_object_get(p, "required")));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "schema", NULL), "type"), "integer");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "schema", NULL), "format"), "int32");
    CU_ASSERT_PTR_NULL(json_object_get(o, "requestBody"));
    CU_ASSERT(refers_to(at(o, "responses", "200", "content", "application/json", "schema", NULL), "Product"));
    CU_ASSERT(refers_to(at(o, "responses", "404", "content", "application/problem+json", "schema", NULL),
                        "NotFoundFaultProblem"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(o, "responses", "400", NULL), "$ref"), "#/components/responses/BadRequest");
    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "406", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "500", NULL));
    CU_ASSERT_PTR_NULL(at(o, "responses", "415", NULL)); /* no body, no media type to refuse */
}

static void test_map_openapi_fault_problem(void)
{
    json_t *s = schema(&inv, "NotFoundFaultProblem");

    CU_ASSERT_STRING_EQUAL(str_at_key(at(s, "allOf", "0", NULL), "$ref"), SCHEMAS "Problem");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(s, "allOf", "1", "properties", "fault", NULL), "$ref"),
                           SCHEMAS "NotFoundFault");
    CU_ASSERT_PTR_NOT_NULL(at(schema(&inv, "Problem"), "properties", "pointer", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(schema(&inv, "Problem"), "properties", "expected", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(schema(&inv, "Problem"), "properties", "got", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(schema(&inv, "Problem"), "properties", "fault", NULL));
    /* ValidationFault -> 422, and three faults -> 409 on PlaceOrder */
    CU_ASSERT(refers_to(at(op(&inv, "/api/products", "post"), "responses", "422", "content",
                           "application/problem+json", "schema", NULL), "ValidationFaultProblem"));
    CU_ASSERT(refers_to(at(op(&inv, "/api/orders", "post"), "responses", "409", "content",
                           "application/problem+json", "schema", NULL), "InsufficientStockFaultProblem"));
}

static void test_map_openapi_create_product(void)
{
    json_t *o = op(&inv, "/api/products", "post");

    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "201", "headers", "Location", "schema", NULL));
    CU_ASSERT(refers_to(at(o, "responses", "201", "content", "application/json", "schema", NULL), "Product"));
    CU_ASSERT_PTR_NULL(at(o, "responses", "200", NULL));
    CU_ASSERT(json_is_true(at(o, "requestBody", "required", NULL)));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(o, "requestBody", "content", "application/json", "schema", NULL), "$ref"),
                           SCHEMAS "Product");
    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "413", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "415", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(o, "responses", "409", NULL));
}

static void test_map_openapi_delete_and_oneway(void)
{
    json_t *del = op(&inv, "/api/products/{id}", "delete"), *adj = op(&inv, "/api/stock-adjustments", "post");
    json_t *body = at(adj, "requestBody", "content", "application/json", "schema", "properties", NULL);

    CU_ASSERT_PTR_NOT_NULL(at(del, "responses", "204", NULL));
    CU_ASSERT_PTR_NULL(at(del, "responses", "204", "content", NULL));
    CU_ASSERT_PTR_NULL(json_object_get(del, "requestBody"));
    CU_ASSERT_PTR_NOT_NULL(at(adj, "responses", "202", NULL));
    CU_ASSERT_PTR_NULL(at(adj, "responses", "202", "content", NULL));
    CU_ASSERT_PTR_NULL(at(adj, "responses", "200", NULL));
    CU_ASSERT_PTR_NOT_NULL(json_object_get(body, "sku"));
    CU_ASSERT_PTR_NOT_NULL(json_object_get(body, "delta"));
    CU_ASSERT_PTR_NOT_NULL(json_object_get(body, "reason"));
    CU_ASSERT_PTR_NOT_NULL(at(op(&inv, "/api/products/{id}/image", "put"), "responses", "204", NULL));
}

static void test_map_openapi_polymorphism(void)
{
    json_t *p = schema(&inv, "Product"), *pp = schema(&inv, "PerishableProduct");

    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "discriminator", NULL), "propertyName"), "$type");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "discriminator", "mapping", NULL), "PerishableProduct"),
                           SCHEMAS "PerishableProduct");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "discriminator", "mapping", NULL), "Product"), SCHEMAS "Product");
    CU_ASSERT(array_has_string(at(p, "properties", "$type", "enum", NULL), "PerishableProduct"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(pp, "allOf", "0", NULL), "$ref"), SCHEMAS "Product");
    CU_ASSERT_PTR_NOT_NULL(at(pp, "allOf", "1", "properties", "ExpiresOn", NULL));
    CU_ASSERT(refers_to(at(pp, "allOf", "1", "properties", "ShelfLife", NULL), "duration"));
    CU_ASSERT_PTR_NULL(at(pp, "allOf", "1", "properties", "$type", NULL)); /* inherited */
}

static void test_map_openapi_value_rules(void)
{
    json_t *p = at(schema(&inv, "Product"), "properties", NULL);
    json_t *tags = json_object_get(p, "Tags");

    CU_ASSERT_STRING_EQUAL(str_at_key(json_object_get(p, "Price"), "type"), "string");
    CU_ASSERT_STRING_EQUAL(str_at_key(json_object_get(p, "Price"), "format"), "decimal");
    CU_ASSERT_PTR_NOT_NULL(str_at_key(json_object_get(p, "Price"), "pattern"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&inv, "OrderLine"), "properties", "UnitPrice", NULL), "type"),
                           "string");
    /* ArrayOfstring: a plain (nillable) array of (nillable) strings, never an object */
    CU_ASSERT_STRING_EQUAL(json_string_value(at(tags, "type", "0", NULL)), "array");
    CU_ASSERT_STRING_EQUAL(json_string_value(at(tags, "type", "1", NULL)), "null");
    CU_ASSERT_STRING_EQUAL(json_string_value(at(tags, "items", "type", "0", NULL)), "string");
    CU_ASSERT_PTR_NULL(json_object_get(tags, "properties"));
    CU_ASSERT_PTR_NULL(schema(&inv, "ArrayOfstring"));
    CU_ASSERT_STRING_EQUAL(json_string_value(at(p, "Description", "type", "1", NULL)), "null");
    CU_ASSERT_STRING_EQUAL(str_at_key(json_object_get(p, "Version"), "format"), "int64");
    CU_ASSERT_STRING_EQUAL(str_at_key(json_object_get(p, "CreatedAt"), "format"), "date-time");
    CU_ASSERT_STRING_EQUAL(str_at_key(json_object_get(p, "Category"), "$ref"), SCHEMAS "ProductCategory");
    CU_ASSERT_STRING_EQUAL(json_string_value(at(schema(&inv, "ProductCategory"), "enum", "0", NULL)), "Hardware");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&inv, "ProductImage"), "properties", "Data", NULL),
                                      "contentEncoding"), "base64");
    CU_ASSERT_STRING_EQUAL(str_at_key(schema(&inv, "guid"), "pattern"),
                           "^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");
    CU_ASSERT_PTR_NULL(json_object_get(schema(&inv, "Product"), "required")); /* WCF: all minOccurs=0 */
    /* unknown properties are refused, except where a derived type's value may stand */
    CU_ASSERT(json_is_false(json_object_get(schema(&inv, "Order"), "unevaluatedProperties")));
    CU_ASSERT(json_is_false(json_object_get(schema(&inv, "PerishableProduct"), "unevaluatedProperties")));
    CU_ASSERT_PTR_NULL(json_object_get(schema(&inv, "Product"), "unevaluatedProperties"));
}

static void test_map_openapi_query_parameters(void)
{
    json_t *o = op(&inv, "/api/products", "get"), *p;
    static const char *const names[] = { "NamePrefix", "Category", "MinPrice", "MaxPrice", "Tags", "Page",
                                         "PageSize" };
    size_t i;

    CU_ASSERT_EQUAL(json_array_size(json_object_get(o, "parameters")), 7);
    for (i = 0; i < 7; i++) {
        p = json_array_get(json_object_get(o, "parameters"), i);
        CU_ASSERT_STRING_EQUAL(str_at_key(p, "name"), names[i]);
        CU_ASSERT_STRING_EQUAL(str_at_key(p, "in"), "query");
        CU_ASSERT(json_is_false(json_object_get(p, "required")));
    }
    p = at(o, "parameters", "4", NULL);
    CU_ASSERT_STRING_EQUAL(str_at_key(p, "style"), "form");
    CU_ASSERT(json_is_true(json_object_get(p, "explode")));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "schema", NULL), "type"), "array"); /* no null in a URL */
    CU_ASSERT_STRING_EQUAL(str_at_key(at(p, "schema", "items", NULL), "type"), "string");
    CU_ASSERT_PTR_NULL(json_object_get(o, "requestBody"));
    CU_ASSERT(refers_to(at(o, "responses", "200", "content", "application/json", "schema", NULL), "ProductPage"));
}

static void test_map_openapi_path_vars_and_bodies(void)
{
    json_t *upd = op(&inv, "/api/products/{id}", "put"), *cancel = op(&inv, "/api/orders/{id}/cancel", "post");
    json_t *props = at(cancel, "requestBody", "content", "application/json", "schema", "properties", NULL);

    CU_ASSERT_STRING_EQUAL(str_at_key(at(upd, "parameters", "0", NULL), "name"), "id");
    CU_ASSERT_PTR_NOT_NULL(strstr(str_at_key(at(upd, "parameters", "0", NULL), "description"), "product/Id"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(upd, "requestBody", "content", "application/json", "schema", NULL), "$ref"),
                           SCHEMAS "Product");
    /* the path fills "id": the body keeps only "reason" */
    CU_ASSERT_PTR_NOT_NULL(json_object_get(props, "reason"));
    CU_ASSERT_PTR_NULL(json_object_get(props, "id"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(cancel, "parameters", "0", "schema", NULL), "$ref"), SCHEMAS "guid");
    CU_ASSERT_PTR_NULL(json_object_get(op(&inv, "/api/orders/{id}/ship", "post"), "requestBody"));
}

static void test_map_openapi_generic_routes(void)
{
    json_t *o = op(&inv, "/api/GetProduct", "post");

    CU_ASSERT_STRING_EQUAL(json_string_value(at(o, "tags", "0", NULL)), "operations");
    CU_ASSERT_STRING_EQUAL(str_at_key(o, "operationId"), "GetProduct_generic");
    CU_ASSERT_STRING_EQUAL(str_at_key(o, "summary"), "One product"); /* the resource route's */
    CU_ASSERT_PTR_NOT_NULL(at(o, "requestBody", "content", "application/json", "schema", "properties", "id", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(op(&inv, "/api/AdjustStock", "post"), "responses", "202", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(op(&inv, "/api/DeleteProduct", "post"), "responses", "204", NULL));
    CU_ASSERT_PTR_NULL(json_object_get(op(&inv, "/api/GetServiceInfo", "post"), "requestBody"));
}

static void test_map_openapi_render_text(void)
{
    size_t len = 0;
    char *text = map_openapi_render(inv.m, inv.rs, "Test API", "2.0", SERVER, &len);
    json_t *again = text != NULL ? json_loads(text, 0, NULL) : NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(len, strlen(text));
    CU_ASSERT_EQUAL(text[len - 1], '\n');
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n  \"info\": {\n    \"title\""));
    CU_ASSERT(json_equal(again, inv.doc));
    json_decref(again);
    free(text);
    CU_ASSERT_PTR_NULL(map_openapi_json(NULL, inv.rs, NULL, NULL, NULL));
}

static void test_map_openapi_conventions(void)
{
    CU_ASSERT_PTR_NOT_NULL(op(&conv, "/api/products/{id}", "get"));
    CU_ASSERT_PTR_NOT_NULL(at(op(&conv, "/api/products", "post"), "responses", "201", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(op(&conv, "/api/products/{id}", "delete"), "responses", "204", NULL));
    CU_ASSERT_PTR_NOT_NULL(at(op(&conv, "/api/AdjustStock", "post"), "responses", "202", NULL));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(conv.doc, "info", NULL), "title"), "Test API");
    CU_ASSERT_EQUAL(check_operation_ids(conv.doc), map_routes_count(conv.rs));
    CU_ASSERT_EQUAL(dangling_refs(conv.doc, conv.doc), 0);
}

/* ---------------------------------------------------------------------------------------------------- */
/* The fixture contract                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_openapi_choice(void)
{
    json_t *item = schema(&shapes, "a.Item");
    json_t *first = at(item, "allOf", "0", "oneOf", NULL), *second = at(item, "allOf", "1", "oneOf", NULL);

    CU_ASSERT_EQUAL(json_array_size(first), 2);
    CU_ASSERT(array_has_string(at(first, "0", "required", NULL), "Weight"));
    CU_ASSERT(json_is_false(at(first, "0", "properties", "Width", NULL))); /* the others are forbidden */
    CU_ASSERT(array_has_string(at(first, "1", "required", NULL), "Width"));
    CU_ASSERT(!array_has_string(at(first, "1", "required", NULL), "Height"));
    CU_ASSERT(json_is_false(at(first, "1", "properties", "Weight", NULL)));
    /* an optional choice may also hold none of its alternatives */
    CU_ASSERT_EQUAL(json_array_size(second), 3);
    CU_ASSERT(json_is_false(at(second, "2", "properties", "A", NULL)));
    CU_ASSERT(json_is_false(at(second, "2", "properties", "B", NULL)));
    CU_ASSERT(array_has_string(at(item, "required", NULL), "Code"));
    CU_ASSERT(array_has_string(at(item, "required", NULL), "id")); /* a required attribute */
    CU_ASSERT_STRING_EQUAL(str_at_key(at(item, "properties", "$any", NULL), "type"), "string");
}

static void test_map_openapi_names_and_recursion(void)
{
    CU_ASSERT_PTR_NOT_NULL(schema(&shapes, "a.Item"));
    CU_ASSERT_PTR_NOT_NULL(schema(&shapes, "b.Item"));
    CU_ASSERT_PTR_NULL(schema(&shapes, "Item"));
    /* the anonymous type of element Tree contains itself: a component, referenced from inside */
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&shapes, "Tree"), "properties", "Tree", "items", NULL), "$ref"),
                           SCHEMAS "Tree");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&shapes, "a.Item"), "properties", "Tree", NULL), "$ref"),
                           SCHEMAS "Tree");
    CU_ASSERT_EQUAL(dangling_refs(shapes.doc, shapes.doc), 0);
}

static void test_map_openapi_simple_types(void)
{
    json_t *money = schema(&shapes, "Money"), *code = schema(&shapes, "Code");
    json_t *width = at(schema(&shapes, "a.Item"), "allOf", "0", "oneOf", "1", "properties", "Width", NULL);

    CU_ASSERT_STRING_EQUAL(str_at_key(at(money, "properties", "$value", NULL), "$ref"), SCHEMAS "Amount");
    CU_ASSERT(array_has_string(at(money, "required", NULL), "$value"));
    CU_ASSERT(array_has_string(at(money, "required", NULL), "currency"));
    CU_ASSERT_PTR_NOT_NULL(strstr(str_at_key(schema(&shapes, "Amount"), "description"), "At least 0."));
    CU_ASSERT_STRING_EQUAL(str_at_key(code, "pattern"), "^(?:[A-Z]{3}-[0-9]{4})$");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(code, "maxLength")), 8);
    CU_ASSERT_STRING_EQUAL(str_at_key(schema(&shapes, "SizeList"), "type"), "array");
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&shapes, "SizeList"), "items", NULL), "type"), "integer");
    /* unsignedLong: above int64 it travels as a string */
    CU_ASSERT_STRING_EQUAL(json_string_value(at(width, "type", "1", NULL)), "string");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(width, "minimum")), 0);
}

static void test_map_openapi_abstract_base(void)
{
    json_t *shape = schema(&shapes, "Shape");

    CU_ASSERT_STRING_EQUAL(str_at_key(at(shape, "discriminator", "mapping", NULL), "Circle"), SCHEMAS "Circle");
    CU_ASSERT_PTR_NULL(at(shape, "discriminator", "mapping", "Shape", NULL)); /* never what a value is */
    CU_ASSERT(!array_has_string(at(shape, "properties", "$type", "enum", NULL), "Shape"));
    CU_ASSERT_STRING_EQUAL(str_at_key(at(schema(&shapes, "Circle"), "allOf", "0", NULL), "$ref"), SCHEMAS "Shape");
}

/* Every test WSDL (invalid/ excepted) renders, parses back, has unique ids and no dangling $ref. */
static int smoke_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    fixture f = { 0 };
    size_t len = strlen(path);

    (void)st, (void)ftw;
    if (flag != FTW_F || len < 5 || strcmp(path + len - 5, ".wsdl") != 0 || strstr(path, "/invalid/") != NULL)
        return 0;
    CU_ASSERT_EQUAL(fixture_load(&f, path, NULL), 0);
    if (f.doc != NULL) {
        CU_ASSERT_EQUAL(check_operation_ids(f.doc), map_routes_count(f.rs));
        CU_ASSERT_EQUAL(dangling_refs(f.doc, f.doc), 0);
    }
    fixture_free(&f);
    return 0;
}

static void test_map_openapi_test_wsdls(void)
{
    if (access(test_mapping_tests_wsdl_dir(), R_OK) == 0)
        CU_ASSERT_EQUAL(nftw(test_mapping_tests_wsdl_dir(), smoke_one, 8, FTW_PHYS), 0);
}

/* ---------------------------------------------------------------------------------------------------- */
/* The help page                                                                                         */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_openapi_help_lists_routes(void)
{
    size_t len = 0, i;
    char *html = map_help_render(inv.m, inv.rs, SERVER, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_EQUAL(len, strlen(html));
    CU_ASSERT_EQUAL(strncmp(html, "<!DOCTYPE html>\n<html", 21), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "</body>\n</html>\n"));
    for (i = 0; i < map_routes_count(inv.rs); i++) {
        char want[512];
        snprintf(want, sizeof want, "<code>%s</code></h3>", map_route_template(map_routes_at(inv.rs, i)));
        CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
    }
    CU_ASSERT_EQUAL(count(html, "<section"), map_routes_count(inv.rs));
    CU_ASSERT_EQUAL(count(html, "<section"), count(html, "</section>"));
    CU_ASSERT_EQUAL(count(html, "<table>"), count(html, "</table>"));
    CU_ASSERT_EQUAL(count(html, "<pre>"), count(html, "</pre>"));
    CU_ASSERT_EQUAL(count(html, "<ul>"), count(html, "</ul>"));
    CU_ASSERT_EQUAL(count(html, "<tr>"), count(html, "</tr>"));
    CU_ASSERT_PTR_NULL(strstr(html, "<script"));
    CU_ASSERT_PTR_NULL(strstr(html, "src="));
    free(html);
}

static void test_map_openapi_help_examples(void)
{
    char *html = map_help_render(inv.m, inv.rs, SERVER, NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Price&quot;: &quot;19.99&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;CreatedAt&quot;: &quot;2026-01-01T00:00:00Z&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Category&quot;: &quot;Hardware&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Tags&quot;: [\n    &quot;string&quot;\n  ]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Data&quot;: &quot;AQIDBA==&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "curl -X POST &#39;" SERVER "/api/products&#39; -H"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "curl &#39;" SERVER "/api/orders/00000000-0000-0000-0000-000000000000&#39;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "/api/products?NamePrefix=string&amp;Category=Hardware"));
    free(html);
}

static void test_map_openapi_help_escapes(void)
{
    char *html = map_help_render(shapes.m, shapes.rs, NULL, NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Fetch &lt;b&gt;one&lt;/b&gt; &amp; more"));
    CU_ASSERT_PTR_NULL(strstr(html, "<b>one"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "A test service with &lt;tricky&gt; shapes."));
    CU_ASSERT_PTR_NULL(strstr(html, "<tricky>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Label&quot;: &quot;string&quot;")); /* recursion stopped */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&quot;Code&quot;: &quot;AAA-0000&quot;")); /* from the pattern */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "http://localhost:8080/api/items/0"));
    free(html);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Allocation failures                                                                                   */
/* ---------------------------------------------------------------------------------------------------- */

static long alloc_left = -1; /* jansson allocations until one fails; -1: never */

static void *failing_malloc(size_t n)
{
    if (alloc_left == 0)
        return NULL;
    if (alloc_left > 0)
        alloc_left--;
    return malloc(n);
}

/* Fails the N-th jansson allocation for a spread of N: each render returns NULL or a whole document,
 * never crashes (valgrind checks that nothing leaks). */
static void test_map_openapi_allocation_failures(void)
{
    char *full = map_openapi_render(shapes.m, shapes.rs, NULL, NULL, NULL, NULL);
    char *full_html = map_help_render(shapes.m, shapes.rs, NULL, NULL);
    long n;
    int nulls = 0, wholes = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    CU_ASSERT_PTR_NOT_NULL_FATAL(full_html);
    json_set_alloc_funcs(failing_malloc, free);
    for (n = 0; n < 5000; n += n < 400 ? 1 : 23) { /* every one early, then a spread */
        char *text, *html;
        alloc_left = n;
        text = map_openapi_render(shapes.m, shapes.rs, NULL, NULL, NULL, NULL);
        alloc_left = n;
        html = map_help_render(shapes.m, shapes.rs, NULL, NULL);
        nulls += text == NULL;
        wholes += text != NULL && html != NULL;
        /* never a partial document: the whole one or nothing */
        CU_ASSERT(text == NULL || strcmp(text, full) == 0);
        CU_ASSERT(html == NULL || strcmp(html, full_html) == 0);
        free(text);
        free(html);
    }
    alloc_left = -1;
    json_set_alloc_funcs(malloc, free);
    CU_ASSERT(nulls > 0);
    CU_ASSERT(wholes > 0);
    free(full);
    free(full_html);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Suite                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int suite_init(void)
{
    char wsdl[PATH_MAX + 64], map[PATH_MAX + 64];

    snprintf(tmpdir, sizeof tmpdir, "%s/test_map_openapi.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmpdir) == NULL || write_file("a.xsd", fixture_a_xsd) || write_file("b.xsd", fixture_b_xsd) ||
        write_file("t.wsdl", fixture_wsdl) || write_file("t.map.json", fixture_map))
        return -1;
    snprintf(wsdl, sizeof wsdl, "%s/InventoryService.wsdl", test_mapping_wsdl_dir());
    snprintf(map, sizeof map, "%s/InventoryService.map.json", test_mapping_wsdl_dir());
    if (fixture_load(&inv, wsdl, map) || fixture_load(&conv, wsdl, NULL))
        return -1;
    snprintf(wsdl, sizeof wsdl, "%s/t.wsdl", tmpdir);
    snprintf(map, sizeof map, "%s/t.map.json", tmpdir);
    return fixture_load(&shapes, wsdl, map);
}

static int suite_cleanup(void)
{
    fixture_free(&inv);
    fixture_free(&conv);
    fixture_free(&shapes);
    if (tmpdir[0] != '\0')
        nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

int test_map_openapi_suite(void)
{
    static const test_mapping_case tests[] = {
        { "header", test_map_openapi_header },
        { "every_route", test_map_openapi_every_route },
        { "get_product", test_map_openapi_get_product },
        { "fault_problem", test_map_openapi_fault_problem },
        { "create_product", test_map_openapi_create_product },
        { "delete_and_oneway", test_map_openapi_delete_and_oneway },
        { "polymorphism", test_map_openapi_polymorphism },
        { "value_rules", test_map_openapi_value_rules },
        { "query_parameters", test_map_openapi_query_parameters },
        { "path_vars_and_bodies", test_map_openapi_path_vars_and_bodies },
        { "generic_routes", test_map_openapi_generic_routes },
        { "render_text", test_map_openapi_render_text },
        { "conventions", test_map_openapi_conventions },
        { "choice", test_map_openapi_choice },
        { "names_and_recursion", test_map_openapi_names_and_recursion },
        { "simple_types", test_map_openapi_simple_types },
        { "abstract_base", test_map_openapi_abstract_base },
        { "test_wsdls", test_map_openapi_test_wsdls },
        { "help_lists_routes", test_map_openapi_help_lists_routes },
        { "help_examples", test_map_openapi_help_examples },
        { "help_escapes", test_map_openapi_help_escapes },
        { "allocation_failures", test_map_openapi_allocation_failures },
    };
    return test_mapping_add_suite("map_openapi", suite_init, suite_cleanup, tests, sizeof tests / sizeof tests[0]);
}
