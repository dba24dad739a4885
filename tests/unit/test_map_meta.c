/* test_map_meta.c - unit tests of mapping/meta.c (the WSDL metadata publisher): the real contract from
 * the runner's WSDL directory, plus small fixture contracts written into a mkdtemp directory. */

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "map.h"
#include "test_mapping.h"

#define NS_INV "http://soaprest.org/inventory/2026/11"
#define NS_DC "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
#define NS_ARR "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
#define NS_SER "http://schemas.microsoft.com/2003/10/Serialization/"

#define ORIGIN "https://api.example.com:8443"

static map_meta *contract;     /* the real contract, loaded once by the suite */
static char tmpdir[PATH_MAX];  /* fixtures; realpath'd, as meta.c names files in messages */

/* ---------------------------------------------------------------------------------------------------- */
/* Helpers                                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

/* Returns tmpdir/name in a static buffer (one live result at a time is all the tests need). */
static const char *fixture_path(const char *name)
{
    static char buf[PATH_MAX + 256];

    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

/* Writes a fixture file under tmpdir from a printf format. Returns 0 or -1. */
static int write_fixture(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int write_fixture(const char *name, const char *fmt, ...)
{
    FILE *f = fopen(fixture_path(name), "w");
    va_list ap;
    int rc;

    if (f == NULL)
        return -1;
    va_start(ap, fmt);
    rc = vfprintf(f, fmt, ap) < 0 ? -1 : 0;
    va_end(ap);
    return fclose(f) == 0 ? rc : -1;
}

/* A WSDL whose import-only schema holds `imports` (its first line is line 5) and whose one wsdl:service
 * holds `ports`. */
static int write_wsdl(const char *name, const char *imports, const char *ports)
{
    return write_fixture(name,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\" "
        "xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\" xmlns:soap12=\"http://schemas.xmlsoap.org/wsdl/soap12/\" "
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"urn:t\" targetNamespace=\"urn:t\">\n"
        "  <wsdl:types>\n"
        "    <xsd:schema targetNamespace=\"urn:t/Imports\">\n"
        "%s"
        "    </xsd:schema>\n"
        "  </wsdl:types>\n"
        "  <wsdl:service name=\"S\">\n"
        "%s"
        "  </wsdl:service>\n"
        "</wsdl:definitions>\n",
        imports, ports);
}

/* An XSD with target namespace `tns` whose body (from line 3) is `body`. */
static int write_xsd(const char *name, const char *tns, const char *body)
{
    return write_fixture(name,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"%s\">\n"
        "%s"
        "</xs:schema>\n",
        tns, body);
}

#define PORT_SOAP11 \
    "    <wsdl:port name=\"P\" binding=\"tns:B\"><soap:address location=\"http://localhost:8080/Svc.svc\"/></wsdl:port>\n"

/* Loads fixture `name`, expecting failure; returns the message in a static buffer. */
static const char *load_error(const char *name)
{
    static char err[1024];
    map_meta *sentinel = (map_meta *)&err, *m = sentinel;

    strcpy(err, "(no error)");
    CU_ASSERT_EQUAL(map_meta_load(fixture_path(name), &m, err, sizeof err), -1);
    CU_ASSERT_PTR_EQUAL(m, sentinel); /* untouched on failure */
    return err;
}

/* Loads fixture `name`, expecting success. */
static map_meta *load_ok(const char *name)
{
    char err[1024] = "";
    map_meta *m = NULL;

    CU_ASSERT_EQUAL(map_meta_load(fixture_path(name), &m, err, sizeof err), 0);
    if (err[0] != '\0')
        fprintf(stderr, "\nunexpected load error: %s\n", err);
    return m;
}

/* Renders and parses back a document, checking *len against the text. NULL if either step fails. */
static xmlDocPtr render_doc(const map_meta *m, enum map_meta_doc d, size_t i, const char *origin)
{
    size_t len = 0;
    char *text = m != NULL ? map_meta_render(m, d, i, origin, &len) : NULL;
    xmlDocPtr doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(len, strlen(text));
    doc = xmlReadMemory(text, (int)len, "rendered.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    CU_ASSERT_PTR_NOT_NULL(doc);
    free(text);
    return doc;
}

/* Evaluates `expr` with the wsdl/soap/soap12/xs prefixes bound; stores up to max string values in out
 * (malloc'd) and returns how many nodes matched. */
static int xpath_values(xmlDocPtr doc, const char *expr, char **out, int max)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res;
    int n = 0, i;

    xmlXPathRegisterNs(ctx, BAD_CAST "wsdl", BAD_CAST "http://schemas.xmlsoap.org/wsdl/");
    xmlXPathRegisterNs(ctx, BAD_CAST "soap", BAD_CAST "http://schemas.xmlsoap.org/wsdl/soap/");
    xmlXPathRegisterNs(ctx, BAD_CAST "soap12", BAD_CAST "http://schemas.xmlsoap.org/wsdl/soap12/");
    xmlXPathRegisterNs(ctx, BAD_CAST "xs", BAD_CAST "http://www.w3.org/2001/XMLSchema");
    res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    if (res != NULL && res->nodesetval != NULL) {
        n = res->nodesetval->nodeNr;
        for (i = 0; i < n && i < max; i++)
            out[i] = (char *)xmlNodeGetContent(res->nodesetval->nodeTab[i]);
    }
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return n;
}

static void free_values(char **v, int n)
{
    while (n-- > 0)
        xmlFree(v[n]);
}

/* Asserts that `expr` yields exactly the `n` strings in `want`, in order. */
static void assert_values(xmlDocPtr doc, const char *expr, const char *const *want, int n)
{
    char *got[16] = {0};
    int k = xpath_values(doc, expr, got, 16), i;

    CU_ASSERT_EQUAL(k, n);
    for (i = 0; i < n && i < k && i < 16; i++) {
        CU_ASSERT_STRING_EQUAL(got[i], want[i]);
        if (strcmp(got[i], want[i]) != 0)
            fprintf(stderr, "\n%s[%d]: got '%s', want '%s'\n", expr, i, got[i], want[i]);
    }
    free_values(got, k < 16 ? k : 16);
}

/* Namespace URI that the prefix of QName attribute `attr` on the first node matching `expr` resolves
 * to, or "" if it does not resolve. Returned in a static buffer. */
static const char *qname_ns(xmlDocPtr doc, const char *expr, const char *attr)
{
    static char buf[256];
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res;
    xmlChar *v = NULL;
    char *colon;
    xmlNsPtr ns;

    buf[0] = '\0';
    xmlXPathRegisterNs(ctx, BAD_CAST "xs", BAD_CAST "http://www.w3.org/2001/XMLSchema");
    xmlXPathRegisterNs(ctx, BAD_CAST "wsdl", BAD_CAST "http://schemas.xmlsoap.org/wsdl/");
    res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    if (res != NULL && res->nodesetval != NULL && res->nodesetval->nodeNr > 0) {
        xmlNodePtr n = res->nodesetval->nodeTab[0];

        v = xmlGetNoNsProp(n, BAD_CAST attr);
        if (v != NULL && (colon = strchr((char *)v, ':')) != NULL) {
            *colon = '\0';
            ns = xmlSearchNs(doc, n, v);
            if (ns != NULL)
                snprintf(buf, sizeof buf, "%s", (const char *)ns->href);
        }
    }
    xmlFree(v);
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return buf;
}

/* Counts QName-valued attributes below `n` whose prefix is not declared in scope; *seen counts all. */
static int unresolved_qnames(xmlDocPtr doc, xmlNodePtr n, int *seen)
{
    static const char *const qattrs[] = {"type", "base", "element", "ref", "itemType", "message", "binding"};
    int bad = 0;
    size_t i;
    xmlChar *v;
    char *colon;

    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (i = 0; i < sizeof qattrs / sizeof qattrs[0]; i++) {
            if ((v = xmlGetNoNsProp(n, BAD_CAST qattrs[i])) == NULL)
                continue;
            (*seen)++;
            if ((colon = strchr((char *)v, ':')) != NULL) {
                *colon = '\0';
                if (xmlSearchNs(doc, n, v) == NULL) {
                    fprintf(stderr, "\nline %ld: prefix '%s' unresolved\n", xmlGetLineNo(n), (char *)v);
                    bad++;
                }
            }
            xmlFree(v);
        }
        bad += unresolved_qnames(doc, n->children, seen);
    }
    return bad;
}

/* ---------------------------------------------------------------------------------------------------- */
/* The real contract                                                                                     */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_meta_xsd_numbering_follows_discovery(void)
{
    /* Depth-first from the WSDL: InventoryService.xsd, its first import Soaprest.Inventory.xsd, that
     * one's first import Arrays.xsd, then Serialization.xsd. */
    static const char *const want[] = {NS_INV, NS_DC, NS_ARR, NS_SER};
    const char *tns[] = {NULL};
    xmlDocPtr doc;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(map_meta_xsd_count(contract), 4);
    for (i = 0; i < 4; i++) {
        doc = render_doc(contract, MAP_META_XSD, i, ORIGIN);
        tns[0] = want[i];
        assert_values(doc, "/xs:schema/@targetNamespace", tns, 1);
        xmlFreeDoc(doc);
    }
}

static void test_map_meta_service_path_from_first_address(void)
{
    CU_ASSERT_STRING_EQUAL(map_meta_service_path(contract), "/InventoryService.svc");
}

/* The WSDL's own imports are relative to the WSDL's URL (Mono's svcutil fails on absolute ones). */
static void test_map_meta_wsdl_rewrites_schema_locations(void)
{
    static const char *const want[] = {
        "InventoryService.svc?xsd=xsd0", "InventoryService.svc?xsd=xsd3",
        "InventoryService.svc?xsd=xsd1", "InventoryService.svc?xsd=xsd2"};
    xmlDocPtr doc = render_doc(contract, MAP_META_WSDL, 0, ORIGIN);

    assert_values(doc, "/wsdl:definitions/wsdl:types/xs:schema/xs:import/@schemaLocation", want, 4);
    xmlFreeDoc(doc);
}

static void test_map_meta_wsdl_rewrites_address(void)
{
    static const char *const want[] = {ORIGIN "/InventoryService.svc"};
    size_t len;
    char *text = map_meta_render(contract, MAP_META_WSDL, 0, ORIGIN, &len);
    xmlDocPtr doc = render_doc(contract, MAP_META_WSDL, 0, ORIGIN);

    assert_values(doc, "//soap:address/@location", want, 1);
    CU_ASSERT_PTR_NULL(strstr(text, "localhost"));
    free(text);
    xmlFreeDoc(doc);
}

static void test_map_meta_xsd_rewrites_schema_locations(void)
{
    static const char *const xsd0[] = {ORIGIN "/InventoryService.svc?xsd=xsd1",
                                       ORIGIN "/InventoryService.svc?xsd=xsd3"};
    static const char *const xsd1[] = {ORIGIN "/InventoryService.svc?xsd=xsd2",
                                       ORIGIN "/InventoryService.svc?xsd=xsd3"};
    static const char *const *const want[] = {xsd0, xsd1, NULL, NULL};
    static const int nwant[] = {2, 2, 0, 0};
    xmlDocPtr doc;
    size_t i;

    for (i = 0; i < 4; i++) {
        doc = render_doc(contract, MAP_META_XSD, i, ORIGIN);
        assert_values(doc, "//@schemaLocation", want[i], nwant[i]);
        xmlFreeDoc(doc);
    }
}

static void test_map_meta_single_wsdl_inlines_every_schema(void)
{
    static const char *const tns[] = {NS_INV, NS_DC, NS_ARR, NS_SER};
    static const char *const imports[] = {NS_DC, NS_SER, NS_ARR, NS_SER};
    static const char *const addr[] = {ORIGIN "/InventoryService.svc"};
    size_t len;
    char *text = map_meta_render(contract, MAP_META_SINGLE_WSDL, 0, ORIGIN, &len);
    xmlDocPtr doc = render_doc(contract, MAP_META_SINGLE_WSDL, 0, ORIGIN);

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strstr(text, "schemaLocation"));
    CU_ASSERT_PTR_NULL(strstr(text, "localhost"));
    /* In xsd index order; the WSDL's import-only ".../Imports" schema is gone. */
    assert_values(doc, "/wsdl:definitions/wsdl:types/xs:schema/@targetNamespace", tns, 4);
    assert_values(doc, "/wsdl:definitions/wsdl:types/xs:schema/xs:import/@namespace", imports, 4);
    assert_values(doc, "//soap:address/@location", addr, 1);
    free(text);
    xmlFreeDoc(doc);
}

static void test_map_meta_single_wsdl_qnames_resolve(void)
{
    xmlDocPtr doc = render_doc(contract, MAP_META_SINGLE_WSDL, 0, ORIGIN);
    int seen = 0;

    CU_ASSERT_EQUAL(unresolved_qnames(doc, xmlDocGetRootElement(doc), &seen), 0);
    CU_ASSERT(seen > 200); /* the walk really visited the schemas and messages (233 today) */
    /* Prefixes resolve to the right namespace, also where an inlined schema's "tns" shadows the
     * WSDL's own "tns". */
    CU_ASSERT_STRING_EQUAL(qname_ns(doc, "//xs:element[@name='GetServiceInfoResult']", "type"), NS_DC);
    CU_ASSERT_STRING_EQUAL(qname_ns(doc, "//xs:element[@name='char']", "type"), NS_SER);
    CU_ASSERT_STRING_EQUAL(qname_ns(doc, "//xs:element[@name='ArrayOfstring']", "type"), NS_ARR);
    CU_ASSERT_STRING_EQUAL(qname_ns(doc, "//xs:simpleType[@name='guid']/xs:restriction", "base"),
                           "http://www.w3.org/2001/XMLSchema");
    CU_ASSERT_STRING_EQUAL(qname_ns(doc, "//wsdl:message/wsdl:part[@element='tns:GetServiceInfo']",
                                    "element"), NS_INV);
    xmlFreeDoc(doc);
}

static void test_map_meta_render_escapes_origin(void)
{
    static const char raw[] = "http://a&b\"<c>:81";
    static const char esc[] = "http://a&amp;b&quot;&lt;c&gt;:81/InventoryService.svc";
    static const char *const addr[] = {"http://a&b\"<c>:81/InventoryService.svc"};
    static const char *const loc[] = {"http://a&b\"<c>:81/InventoryService.svc?xsd=xsd1",
                                      "http://a&b\"<c>:81/InventoryService.svc?xsd=xsd3"};
    size_t len;
    char *text = map_meta_render(contract, MAP_META_WSDL, 0, raw, &len);
    xmlDocPtr doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, esc));
    free(text);
    doc = render_doc(contract, MAP_META_WSDL, 0, raw);
    assert_values(doc, "//soap:address/@location", addr, 1);
    xmlFreeDoc(doc);
    doc = render_doc(contract, MAP_META_SINGLE_WSDL, 0, raw);
    assert_values(doc, "//soap:address/@location", addr, 1);
    xmlFreeDoc(doc);
    doc = render_doc(contract, MAP_META_XSD, 0, raw);
    assert_values(doc, "//@schemaLocation", loc, 2);
    xmlFreeDoc(doc);
}

static void test_map_meta_render_out_of_range_is_null(void)
{
    size_t len = 7;

    CU_ASSERT_PTR_NULL(map_meta_render(contract, MAP_META_XSD, 4, ORIGIN, &len));
    CU_ASSERT_PTR_NULL(map_meta_render(contract, MAP_META_XSD, SIZE_MAX, ORIGIN, &len));
    CU_ASSERT_PTR_NULL(map_meta_render(contract, MAP_META_WSDL, 0, NULL, &len));
    CU_ASSERT_PTR_NULL(map_meta_render(NULL, MAP_META_WSDL, 0, ORIGIN, &len));
    CU_ASSERT_EQUAL(len, 7);
}

static void test_map_meta_free_accepts_null(void)
{
    map_meta_free(NULL);
    CU_PASS("map_meta_free(NULL) returned");
}

/* ---------------------------------------------------------------------------------------------------- */
/* Fixture contracts                                                                                     */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_meta_load_missing_file(void)
{
    char want[PATH_MAX + 64];

    snprintf(want, sizeof want, "%s: No such file or directory", fixture_path("absent.wsdl"));
    CU_ASSERT_STRING_EQUAL(load_error("absent.wsdl"), want);
}

static void test_map_meta_load_malformed_xml(void)
{
    char want[PATH_MAX + 64];
    const char *err;

    CU_ASSERT_EQUAL_FATAL(write_fixture("bad.wsdl", "<?xml version=\"1.0\"?>\n<a>\n  <b>\n</a>\n"), 0);
    snprintf(want, sizeof want, "%s:4: ", fixture_path("bad.wsdl"));
    err = load_error("bad.wsdl");
    CU_ASSERT_NSTRING_EQUAL(err, want, strlen(want)); /* libxml2's own wording follows */
}

static void test_map_meta_load_malformed_xsd(void)
{
    char want[PATH_MAX + 64];

    CU_ASSERT_EQUAL_FATAL(write_wsdl("badxsd.wsdl",
        "      <xsd:import schemaLocation=\"broken.xsd\" namespace=\"urn:b\"/>\n", PORT_SOAP11), 0);
    CU_ASSERT_EQUAL_FATAL(write_fixture("broken.xsd", "<?xml version=\"1.0\"?>\n<xs:schema\n"), 0);
    snprintf(want, sizeof want, "%s:", fixture_path("broken.xsd"));
    CU_ASSERT_NSTRING_EQUAL(load_error("badxsd.wsdl"), want, strlen(want));
}

static void test_map_meta_load_missing_import(void)
{
    char want[3 * PATH_MAX];

    CU_ASSERT_EQUAL_FATAL(write_wsdl("noxsd.wsdl",
        "      <xsd:import schemaLocation=\"Missing.xsd\" namespace=\"urn:m\"/>\n", PORT_SOAP11), 0);
    snprintf(want, sizeof want, "%s:5: cannot load 'Missing.xsd' (%s/Missing.xsd): No such file or "
             "directory", fixture_path("noxsd.wsdl"), tmpdir);
    CU_ASSERT_STRING_EQUAL(load_error("noxsd.wsdl"), want);
}

/* A binding-only WSDL (gateway mode gives the address): the service path comes from the file name. */
static void test_map_meta_load_without_soap_address(void)
{
    map_meta *m;

    CU_ASSERT_EQUAL_FATAL(write_wsdl("noaddr.wsdl", "",
        "    <wsdl:port name=\"P\" binding=\"tns:B\"/>\n"), 0);
    m = load_ok("noaddr.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_STRING_EQUAL(map_meta_service_path(m), "/noaddr");
    map_meta_free(m);
}

/* "http://host" names no path: the port is published at the default service path. */
static void test_map_meta_load_address_without_path(void)
{
    map_meta *m;
    char *doc;

    CU_ASSERT_EQUAL_FATAL(write_wsdl("nopath.wsdl", "",
        "    <wsdl:port name=\"P\" binding=\"tns:B\">\n"
        "      <soap:address location=\"http://localhost:8080\"/>\n"
        "    </wsdl:port>\n"), 0);
    m = load_ok("nopath.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_STRING_EQUAL(map_meta_service_path(m), "/nopath");
    doc = map_meta_render(m, MAP_META_WSDL, 0, "http://h:1", NULL);
    CU_ASSERT_PTR_NOT_NULL(doc != NULL ? strstr(doc, "location=\"http://h:1/nopath\"") : NULL);
    free(doc);
    map_meta_free(m);
}

static void test_map_meta_load_refuses_absolute_schema_location(void)
{
    char want[PATH_MAX + 256];

    CU_ASSERT_EQUAL_FATAL(write_wsdl("http.wsdl",
        "      <xsd:import schemaLocation=\"https://example.com/x.xsd\" namespace=\"urn:x\"/>\n",
        PORT_SOAP11), 0);
    snprintf(want, sizeof want, "%s:5: location 'https://example.com/x.xsd' is an absolute URI; soaprest "
             "never fetches a contract: save that file beside the contract and refer to it by a relative "
             "path (soaprest-fetch-wsdl URL DIR does that once)", fixture_path("http.wsdl"));
    CU_ASSERT_STRING_EQUAL(load_error("http.wsdl"), want);
}

/* xs:include of a chameleon (no targetNamespace): published as ?xsd=xsd1, pointed at from the including
 * schema; ?singleWsdl inlines it as a schema of the includer's namespace, with no include left. */
static void test_map_meta_load_include_chameleon(void)
{
    map_meta *m;
    char *single, *xsd0;

    CU_ASSERT_EQUAL_FATAL(write_wsdl("incl.wsdl",
        "      <xsd:import schemaLocation=\"incl.xsd\" namespace=\"urn:i\"/>\n", PORT_SOAP11), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("incl.xsd", "urn:i", "  <xs:include schemaLocation=\"part.xsd\"/>\n"), 0);
    CU_ASSERT_EQUAL_FATAL(write_fixture("part.xsd",
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
        "  <xs:element name=\"E\" type=\"xs:string\"/>\n</xs:schema>\n"), 0);
    m = load_ok("incl.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(map_meta_xsd_count(m), 2);
    xsd0 = map_meta_render(m, MAP_META_XSD, 0, "http://h:1", NULL);
    CU_ASSERT_PTR_NOT_NULL(xsd0 != NULL ? strstr(xsd0, "schemaLocation=\"http://h:1/Svc.svc?xsd=xsd1\"") : NULL);
    single = map_meta_render(m, MAP_META_SINGLE_WSDL, 0, "http://h:1", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(single);
    CU_ASSERT_PTR_NULL(strstr(single, "include"));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "xmlns=\"urn:i\" targetNamespace=\"urn:i\""));
    free(xsd0);
    free(single);
    map_meta_free(m);
}

/* An include of a schema of another namespace is an error that names the include. */
static void test_map_meta_load_refuses_foreign_include(void)
{
    char want[3 * PATH_MAX];

    CU_ASSERT_EQUAL_FATAL(write_wsdl("fincl.wsdl",
        "      <xsd:import schemaLocation=\"fincl.xsd\" namespace=\"urn:i\"/>\n", PORT_SOAP11), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("fincl.xsd", "urn:i", "  <xs:include schemaLocation=\"other.xsd\"/>\n"), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("other.xsd", "urn:o", ""), 0);
    snprintf(want, sizeof want, "%s:3: xs:include of '%s/other.xsd', whose targetNamespace 'urn:o' is not the "
             "including schema's ('urn:i'): use xs:import", fixture_path("fincl.xsd"), tmpdir);
    CU_ASSERT_STRING_EQUAL(load_error("fincl.wsdl"), want);
}

/* wsdl:import, WCF style: the main WSDL (service namespace) imports the contract's WSDL (another
 * namespace). ?wsdl points at ?wsdl=wsdl0; ?singleWsdl holds both, references pointed at one namespace. */
static void test_map_meta_load_wsdl_import(void)
{
    map_meta *m;
    char *main_doc, *part, *single;

    CU_ASSERT_EQUAL_FATAL(write_fixture("svc.wsdl",
        "<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\" "
        "xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\" xmlns:c=\"urn:contract\" xmlns:tns=\"urn:svc\" "
        "targetNamespace=\"urn:svc\">\n"
        "  <wsdl:import namespace=\"urn:contract\" location=\"contract.wsdl\"/>\n"
        "  <wsdl:service name=\"S\"><wsdl:port name=\"P\" binding=\"c:B\">"
        "<soap:address location=\"http://x/Svc.svc\"/></wsdl:port></wsdl:service>\n"
        "</wsdl:definitions>\n"), 0);
    CU_ASSERT_EQUAL_FATAL(write_fixture("contract.wsdl",
        "<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\" "
        "xmlns=\"http://schemas.xmlsoap.org/wsdl/\" " /* a default namespace that the schema redeclares */
        "xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\" xmlns:tns=\"urn:contract\" "
        "targetNamespace=\"urn:contract\">\n"
        "  <wsdl:types><schema xmlns=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:contract\">"
        "<element name=\"E\" type=\"string\"/></schema></wsdl:types>\n"
        "  <wsdl:message name=\"M\"/>\n"
        "  <wsdl:portType name=\"PT\"><wsdl:operation name=\"Ping\"><wsdl:input message=\"tns:M\"/>"
        "</wsdl:operation></wsdl:portType>\n"
        "  <wsdl:binding name=\"B\" type=\"tns:PT\"><soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>"
        "</wsdl:binding>\n"
        "</wsdl:definitions>\n"), 0);
    m = load_ok("svc.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(map_meta_wsdl_part_count(m), 1);
    main_doc = map_meta_render(m, MAP_META_WSDL, 0, "http://h:1", NULL);
    part = map_meta_render(m, MAP_META_WSDL_PART, 0, "http://h:1", NULL);
    single = map_meta_render(m, MAP_META_SINGLE_WSDL, 0, "http://h:1", NULL);
    CU_ASSERT_PTR_NULL(map_meta_render(m, MAP_META_WSDL_PART, 1, "http://h:1", NULL));
    CU_ASSERT_PTR_NOT_NULL(main_doc != NULL ? strstr(main_doc, "location=\"Svc.svc?wsdl=wsdl0\"") : NULL);
    CU_ASSERT_PTR_NOT_NULL(part != NULL ? strstr(part, "<wsdl:portType name=\"PT\">") : NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(single);
    CU_ASSERT_PTR_NULL(strstr(single, "wsdl:import"));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "name=\"PT\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "xmlns:srtns=\"urn:svc\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "binding=\"srtns:B\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "type=\"srtns:PT\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "message=\"srtns:M\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "location=\"http://h:1/Svc.svc\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "<schema xmlns=\"http://www.w3.org/2001/XMLSchema\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(single, "<element name=\"E\" type=\"string\"/>"));
    free(main_doc);
    free(part);
    free(single);
    map_meta_free(m);
}

static void test_map_meta_load_limits_xsd_count(void)
{
    char name[32], next[96];
    int i;

    CU_ASSERT_EQUAL_FATAL(write_wsdl("many.wsdl",
        "      <xsd:import schemaLocation=\"chain0.xsd\" namespace=\"urn:c0\"/>\n", PORT_SOAP11), 0);
    for (i = 0; i < 257; i++) {
        snprintf(name, sizeof name, "chain%d.xsd", i);
        snprintf(next, sizeof next, "  <xs:import schemaLocation=\"chain%d.xsd\" namespace=\"urn:c%d\"/>\n",
                 i + 1, i + 1);
        CU_ASSERT_EQUAL_FATAL(write_xsd(name, "urn:c", i < 256 ? next : ""), 0);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(load_error("many.wsdl"), "chain256.xsd: too many schema files (at most 256)"));
}

/* a imports sub/c (as "sub/c.xsd"), b imports the same c as "./sub/../sub/c.xsd", c imports a back as
 * "../a.xsd" (relative to its own directory): three files, each loaded once, numbered depth-first. */
static void test_map_meta_load_shared_import_once(void)
{
    static const char *const tns[] = {"urn:a", "urn:c", "urn:b"};
    static const char *const wsdl_locs[] = {"Svc.svc?xsd=xsd0", "Svc.svc?xsd=xsd2"};
    static const char *const to_c[] = {ORIGIN "/Svc.svc?xsd=xsd1"};
    static const char *const to_a[] = {ORIGIN "/Svc.svc?xsd=xsd0"};
    static const char *const *const locs[] = {to_c, to_a, to_c}; /* a -> c, c -> a, b -> c */
    const char *one[1];
    map_meta *m;
    xmlDocPtr doc;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(mkdir(fixture_path("sub"), 0700), 0);
    CU_ASSERT_EQUAL_FATAL(write_wsdl("shared.wsdl",
        "      <xsd:import schemaLocation=\"a.xsd\" namespace=\"urn:a\"/>\n"
        "      <xsd:import schemaLocation=\"b.xsd\" namespace=\"urn:b\"/>\n", PORT_SOAP11), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("a.xsd", "urn:a",
        "  <xs:import schemaLocation=\"sub/c.xsd\" namespace=\"urn:c\"/>\n"), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("b.xsd", "urn:b",
        "  <xs:import schemaLocation=\"./sub/../sub/c.xsd\" namespace=\"urn:c\"/>\n"), 0);
    CU_ASSERT_EQUAL_FATAL(write_xsd("sub/c.xsd", "urn:c",
        "  <xs:import schemaLocation=\"../a.xsd\" namespace=\"urn:a\"/>\n"), 0);
    m = load_ok("shared.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(map_meta_xsd_count(m), 3);
    for (i = 0; i < 3 && i < map_meta_xsd_count(m); i++) {
        doc = render_doc(m, MAP_META_XSD, i, ORIGIN);
        one[0] = tns[i];
        assert_values(doc, "/xs:schema/@targetNamespace", one, 1);
        assert_values(doc, "//@schemaLocation", locs[i], 1);
        xmlFreeDoc(doc);
    }
    doc = render_doc(m, MAP_META_WSDL, 0, ORIGIN);
    assert_values(doc, "//@schemaLocation", wsdl_locs, 2);
    xmlFreeDoc(doc);
    map_meta_free(m);
}

static void test_map_meta_rewrites_every_soap_address(void)
{
    static const char *const s11[] = {ORIGIN "/Svc.svc"};
    static const char *const s12[] = {ORIGIN "/Svc.svc/soap12", ORIGIN "/Other.svc"};
    map_meta *m;
    xmlDocPtr doc;
    int single;

    CU_ASSERT_EQUAL_FATAL(write_wsdl("ports.wsdl", "",
        PORT_SOAP11
        "    <wsdl:port name=\"P12\" binding=\"tns:B12\">\n"
        "      <soap12:address location=\"http://localhost:8080/Svc.svc/soap12?x=1#f\"/>\n"
        "    </wsdl:port>\n"
        "    <wsdl:port name=\"Q12\" binding=\"tns:B12\">\n"
        "      <soap12:address location=\"/Other.svc\"/>\n"
        "    </wsdl:port>\n"), 0);
    m = load_ok("ports.wsdl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_STRING_EQUAL(map_meta_service_path(m), "/Svc.svc");
    CU_ASSERT_EQUAL(map_meta_xsd_count(m), 0);
    for (single = 0; single < 2; single++) {
        doc = render_doc(m, single ? MAP_META_SINGLE_WSDL : MAP_META_WSDL, 0, ORIGIN);
        assert_values(doc, "//soap:address/@location", s11, 1);
        assert_values(doc, "//soap12:address/@location", s12, 2);
        xmlFreeDoc(doc);
    }
    map_meta_free(m);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Suite                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

static int suite_init(void)
{
    char path[PATH_MAX + 32], err[1024];
    char tmpl[] = "/tmp/test_map_meta.XXXXXX";

    snprintf(path, sizeof path, "%s/InventoryService.wsdl", test_mapping_wsdl_dir());
    if (map_meta_load(path, &contract, err, sizeof err) != 0) {
        fprintf(stderr, "\ntest_map_meta: %s\n", err);
        return -1;
    }
    /* Fixture messages carry meta.c's realpath'd names, so name the directory the same way. */
    if (mkdtemp(tmpl) == NULL || realpath(tmpl, tmpdir) == NULL) {
        fprintf(stderr, "\ntest_map_meta: mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int suite_cleanup(void)
{
    map_meta_free(contract);
    contract = NULL;
    if (tmpdir[0] != '\0' && nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        return -1;
    tmpdir[0] = '\0';
    return 0;
}

#define TEST(fn) TEST_MAPPING_CASE(fn)

static const test_mapping_case tests[] = {
    TEST(test_map_meta_xsd_numbering_follows_discovery),
    TEST(test_map_meta_service_path_from_first_address),
    TEST(test_map_meta_wsdl_rewrites_schema_locations),
    TEST(test_map_meta_wsdl_rewrites_address),
    TEST(test_map_meta_xsd_rewrites_schema_locations),
    TEST(test_map_meta_single_wsdl_inlines_every_schema),
    TEST(test_map_meta_single_wsdl_qnames_resolve),
    TEST(test_map_meta_render_escapes_origin),
    TEST(test_map_meta_render_out_of_range_is_null),
    TEST(test_map_meta_free_accepts_null),
    TEST(test_map_meta_load_missing_file),
    TEST(test_map_meta_load_malformed_xml),
    TEST(test_map_meta_load_malformed_xsd),
    TEST(test_map_meta_load_missing_import),
    TEST(test_map_meta_load_without_soap_address),
    TEST(test_map_meta_load_address_without_path),
    TEST(test_map_meta_load_refuses_absolute_schema_location),
    TEST(test_map_meta_load_include_chameleon),
    TEST(test_map_meta_load_refuses_foreign_include),
    TEST(test_map_meta_load_wsdl_import),
    TEST(test_map_meta_load_limits_xsd_count),
    TEST(test_map_meta_load_shared_import_once),
    TEST(test_map_meta_rewrites_every_soap_address),
};

int test_map_meta_suite(void)
{
    return test_mapping_add_suite("map_meta", suite_init, suite_cleanup, tests, sizeof tests / sizeof tests[0]);
}
