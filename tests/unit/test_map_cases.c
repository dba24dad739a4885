/* test_map_cases.c - the golden-case driver: every folder of tests/mapping/cases is one case (see
 * tests/mapping/cases/README); adding a case is adding a folder. XML is compared by meaning (namespaces
 * resolved, prefixes and whitespace between elements ignored), JSON with json_equal. */

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "map.h"
#include "test_mapping.h"

#define MAX_MODELS 32

/* Models loaded once per contract named by the cases. */
static struct {
    char wsdl[256];
    map_model *m;
} models[MAX_MODELS];
static size_t nmodels;

/* One case being run: its folder, its name, and the first failure found. */
struct run {
    char dir[PATH_MAX];
    const char *name;
    char why[1024];
};

static int fail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct run *r, const char *fmt, ...)
{
    va_list ap;

    if (r->why[0] == '\0') {
        va_start(ap, fmt);
        vsnprintf(r->why, sizeof r->why, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Files                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

static const char *case_file(struct run *r, const char *name)
{
    static char path[PATH_MAX + 64];

    snprintf(path, sizeof path, "%s/%s", r->dir, name);
    return path;
}

static int exists(struct run *r, const char *name)
{
    return access(case_file(r, name), R_OK) == 0;
}

/* Reads a whole file; NULL if it does not exist. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

static json_t *load_json(struct run *r, const char *name)
{
    json_error_t e;
    json_t *v = json_load_file(case_file(r, name), JSON_DECODE_ANY, &e);

    if (v == NULL && strstr(e.text, "unable to open") == NULL)
        fail(r, "%s: %s (line %d)", name, e.text, e.line);
    return v;
}

static map_model *model_for(struct run *r, const char *wsdl)
{
    char path[PATH_MAX + 300], err[512];
    size_t i;

    for (i = 0; i < nmodels; i++)
        if (strcmp(models[i].wsdl, wsdl) == 0)
            return models[i].m;
    if (nmodels == MAX_MODELS)
        return fail(r, "too many contracts"), NULL;
    if (strcmp(wsdl, "@reference") == 0)
        snprintf(path, sizeof path, "%s/InventoryService.wsdl", test_mapping_wsdl_dir());
    else
        snprintf(path, sizeof path, "%s/%s", test_mapping_tests_wsdl_dir(), wsdl);
    if (map_model_load(path, &models[nmodels].m, err, sizeof err) < 0)
        return fail(r, "cannot load %s: %s", wsdl, err), NULL;
    snprintf(models[nmodels].wsdl, sizeof models[nmodels].wsdl, "%s", wsdl);
    return models[nmodels++].m;
}

/* ---------------------------------------------------------------------------------------------------- */
/* XML by meaning                                                                                        */
/* ---------------------------------------------------------------------------------------------------- */

static int xml_same(struct run *r, xmlNodePtr a, xmlNodePtr b);

static const char *href(const xmlNs *ns)
{
    return ns != NULL && ns->href != NULL ? (const char *)ns->href : "";
}

/* An attribute value, with xsi:type resolved to {ns}local so the prefix does not matter. */
static void attr_value(xmlAttrPtr a, char *buf, size_t size)
{
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    const char *s = v != NULL ? (const char *)v : "", *colon = strchr(s, ':');
    xmlNsPtr ns = NULL;

    if (strcmp(href(a->ns), "http://www.w3.org/2001/XMLSchema-instance") == 0 && strcmp((const char *)a->name, "type") == 0) {
        char prefix[64];

        snprintf(prefix, sizeof prefix, "%.*s", colon != NULL ? (int)(colon - s) : 0, s);
        ns = xmlSearchNs(a->doc, a->parent, colon != NULL ? BAD_CAST prefix : NULL);
        snprintf(buf, size, "{%s}%s", href(ns), colon != NULL ? colon + 1 : s);
    } else {
        snprintf(buf, size, "%s", s);
    }
    xmlFree(v);
}

static int attrs_same(struct run *r, xmlNodePtr a, xmlNodePtr b)
{
    char va[4096], vb[4096];
    xmlAttrPtr x, y;
    int na = 0, nb = 0;

    for (y = b->properties; y != NULL; y = y->next)
        nb++;
    for (x = a->properties; x != NULL; x = x->next, na++) {
        for (y = b->properties; y != NULL; y = y->next)
            if (xmlStrEqual(x->name, y->name) && strcmp(href(x->ns), href(y->ns)) == 0)
                break;
        if (y == NULL)
            return fail(r, "<%s>: attribute %s missing", (const char *)a->name, (const char *)x->name);
        attr_value(x, va, sizeof va);
        attr_value(y, vb, sizeof vb);
        if (strcmp(va, vb) != 0)
            return fail(r, "<%s>: attribute %s is '%s', expected '%s'", (const char *)a->name,
                        (const char *)x->name, va, vb);
    }
    return na == nb ? 0 : fail(r, "<%s>: %d attributes, expected %d", (const char *)a->name, na, nb);
}

/* The next significant child: elements always, text only in elements without element children. */
static xmlNodePtr next_sig(xmlNodePtr n, int has_elems)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            return n;
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && !(has_elems && xmlIsBlankNode(n)))
            return n;
    }
    return NULL;
}

static int has_elements(xmlNodePtr n)
{
    for (n = n->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

static int xml_same(struct run *r, xmlNodePtr a, xmlNodePtr b)
{
    xmlNodePtr x, y;
    int ea = has_elements(a), eb = has_elements(b);

    if (a->type != XML_ELEMENT_NODE || b->type != XML_ELEMENT_NODE)
        return xmlStrEqual(a->content, b->content) ? 0 :
            fail(r, "text '%s', expected '%s'", (const char *)a->content, (const char *)b->content);
    if (!xmlStrEqual(a->name, b->name) || strcmp(href(a->ns), href(b->ns)) != 0)
        return fail(r, "element {%s}%s, expected {%s}%s", href(a->ns), (const char *)a->name, href(b->ns),
                    (const char *)b->name);
    if (attrs_same(r, a, b) < 0)
        return -1;
    for (x = next_sig(a->children, ea), y = next_sig(b->children, eb); x != NULL && y != NULL;
         x = next_sig(x->next, ea), y = next_sig(y->next, eb))
        if (xml_same(r, x, y) < 0)
            return -1;
    return x == NULL && y == NULL ? 0 : fail(r, "<%s>: %s content", (const char *)a->name, x ? "extra" : "missing");
}

static int compare_xml(struct run *r, const char *got, size_t len, const char *file)
{
    size_t elen = 0;
    char *want = slurp(case_file(r, file), &elen);
    xmlDocPtr a = xmlReadMemory(got, (int)len, NULL, NULL, XML_PARSE_NONET);
    xmlDocPtr b = want != NULL ? xmlReadMemory(want, (int)elen, NULL, NULL, XML_PARSE_NONET) : NULL;
    int rc;

    if (a == NULL || b == NULL)
        rc = fail(r, "%s: cannot parse %s", file, a == NULL ? "the produced XML" : "the expected XML");
    else
        rc = xml_same(r, xmlDocGetRootElement(a), xmlDocGetRootElement(b));
    if (rc < 0)
        fprintf(stderr, "\n  case %s: produced XML:\n%s\n", r->name, got);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    free(want);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Checks                                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static int compare_json(struct run *r, const json_t *got, const json_t *want, const char *what)
{
    char *g, *w;

    if ((got == NULL && want == NULL) || (got != NULL && want != NULL && json_equal((json_t *)got, (json_t *)want)))
        return 0;
    g = got != NULL ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    w = want != NULL ? json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    fail(r, "%s: got %s, expected %s", what, g ? g : "(nothing)", w ? w : "(nothing)");
    free(g);
    free(w);
    return -1;
}

/* The response a request XML would give back from an echo operation: the wrapper renamed to the
 * operation's output element (same children), for round-trip checks. */
static char *as_response(const map_op *op, const char *xml, size_t len, size_t *out_len)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
    xmlNodePtr body = d != NULL ? xmlDocGetRootElement(d)->children : NULL, w;
    xmlChar *mem = NULL;
    char *copy = NULL;
    int n = 0;

    for (w = body != NULL ? body->children : NULL; w != NULL && w->type != XML_ELEMENT_NODE; w = w->next)
        ;
    if (w != NULL) {
        xmlNodeSetName(w, BAD_CAST map_elem_name(map_op_output(op)));
        xmlDocDumpMemory(d, &mem, &n);
        if (mem != NULL && (copy = malloc((size_t)n + 1)) != NULL)
            memcpy(copy, mem, (size_t)n + 1);
        *out_len = (size_t)n;
    }
    xmlFree(mem);
    xmlFreeDoc(d);
    return copy;
}

/* Compares a failed call's map_error with the {"status", "pointer"} expected in `file`. */
static int compare_error(struct run *r, const map_error *e, const json_t *want)
{
    const char *ptr = json_string_value(json_object_get(want, "pointer"));
    json_int_t status = json_integer_value(json_object_get(want, "status"));

    if (e->status != status || ptr == NULL || strcmp(e->pointer, ptr) != 0)
        return fail(r, "error %d at '%s' (%s), expected %d at '%s'", e->status, e->pointer, e->message, (int)status,
                    ptr ? ptr : "?");
    return 0;
}

/* JSON -> XML, then back through the echo operation: the value must come back unchanged. */
static int check_roundtrip(struct run *r, map_model *m, const map_op *op, const json_t *body, const char *xml,
                           size_t len)
{
    const json_t *want = json_object_size(body) == 1 ? json_object_iter_value(json_object_iter((json_t *)body)) : NULL;
    map_fault_info fi;
    map_error e;
    json_t *got = NULL;
    size_t rlen = 0;
    char *resp = as_response(op, xml, len, &rlen);
    int rc;

    if (resp == NULL)
        return fail(r, "roundtrip: cannot rewrite the request as a response");
    rc = map_response_json(m, op, resp, rlen, &got, &fi, &e);
    if (rc != 0)
        rc = fail(r, "roundtrip: map_response_json returned %d: %s at %s", rc, e.message, e.pointer);
    else
        rc = compare_json(r, got, want, "roundtrip");
    json_decref(got);
    free(resp);
    return rc;
}

/* request.json -> request.xml, or the error of error.json; then the round trip when asked. */
static int check_request(struct run *r, map_model *m, const map_op *op, int version, int roundtrip)
{
    json_t *body = load_json(r, "request.json"), *want_err = load_json(r, "error.json");
    map_error e;
    char *xml = NULL;
    size_t len = 0;
    int rc = map_request_xml(m, op, body, version, &xml, &len, &e);

    if (want_err != NULL) {
        rc = rc != 0 ? compare_error(r, &e, want_err) : fail(r, "expected an error, got XML");
    } else if (rc != 0) {
        rc = fail(r, "map_request_xml: %s at '%s' (expected %s, got %s)", e.message, e.pointer, e.expected, e.got);
    } else {
        rc = compare_xml(r, xml, len, "request.xml");
        if (rc == 0 && roundtrip)
            rc = check_roundtrip(r, m, op, body, xml, len);
    }
    free(xml);
    json_decref(body);
    json_decref(want_err);
    return rc;
}

/* response.xml -> response.json (absent file: no result expected), or the error of
 * response_error.json. */
static int check_response(struct run *r, map_model *m, const map_op *op)
{
    size_t len = 0;
    char *xml = slurp(case_file(r, "response.xml"), &len);
    json_t *want = load_json(r, "response.json"), *want_err = load_json(r, "response_error.json"), *got = NULL;
    map_fault_info fi;
    map_error e;
    int rc = map_response_json(m, op, xml, len, &got, &fi, &e);

    if (want_err != NULL)
        rc = rc == -1 ? compare_error(r, &e, want_err) : fail(r, "expected an error, got %d", rc);
    else if (rc != 0)
        rc = fail(r, "map_response_json returned %d: %s at '%s'", rc, e.message, e.pointer);
    else
        rc = compare_json(r, got, want, "response");
    json_decref(want_err);
    json_decref(got);
    json_decref(want);
    free(xml);
    return rc;
}

/* fault.xml -> fault.json ({"is_sender", "code", "reason", "detail_elem", "detail"}). */
static int check_fault(struct run *r, map_model *m, const map_op *op)
{
    size_t len = 0;
    char *xml = slurp(case_file(r, "fault.xml"), &len);
    json_t *want = load_json(r, "fault.json"), *got = NULL, *info = NULL;
    map_fault_info fi;
    map_error e;
    int rc = map_response_json(m, op, xml, len, &got, &fi, &e);

    if (rc != 1) {
        rc = fail(r, "map_response_json returned %d, expected a fault: %s", rc, e.message);
    } else {
        info = json_pack("{s:b, s:s, s:s, s:s?, s:O?}", "is_sender", fi.is_sender, "code", fi.code, "reason", fi.reason,
                         "detail_elem", fi.detail_elem != NULL ? map_elem_name(fi.detail_elem) : NULL,
                         "detail", fi.detail);
        rc = compare_json(r, info, want, "fault");
    }
    json_decref(fi.detail);
    json_decref(info);
    json_decref(got);
    json_decref(want);
    free(xml);
    return rc;
}

static int run_case(struct run *r)
{
    json_t *c = load_json(r, "case.json");
    const char *wsdl = json_string_value(json_object_get(c, "wsdl"));
    const char *opname = json_string_value(json_object_get(c, "operation"));
    json_int_t version = json_integer_value(json_object_get(c, "soap_version"));
    map_model *m = wsdl != NULL ? model_for(r, wsdl) : NULL;
    const map_op *op = m != NULL && opname != NULL ? map_model_find_op(m, opname) : NULL;
    int rc = 0, ran = 0;

    if (op == NULL) {
        json_decref(c);
        return fail(r, "case.json: needs \"wsdl\" and an existing \"operation\"");
    }
    if (exists(r, "request.json") && ++ran)
        rc |= check_request(r, m, op, version == 2 ? 2 : 1, json_is_true(json_object_get(c, "roundtrip")));
    if (exists(r, "response.xml") && ++ran)
        rc |= check_response(r, m, op);
    if (exists(r, "fault.xml") && ++ran)
        rc |= check_fault(r, m, op);
    json_decref(c);
    return ran == 0 ? fail(r, "nothing to check") : rc;
}

static int is_case(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

static void test_map_cases_all(void)
{
    struct dirent **list = NULL;
    int n = scandir(test_mapping_cases_dir(), &list, is_case, alphasort), i, failed = 0, ran = 0;
    static char msg[1400];

    CU_ASSERT_TRUE_FATAL(n > 0);
    for (i = 0; i < n; i++) {
        struct run r;

        memset(&r, 0, sizeof r);
        snprintf(r.dir, sizeof r.dir, "%s/%s", test_mapping_cases_dir(), list[i]->d_name);
        r.name = list[i]->d_name;
        if (!exists(&r, "case.json")) {
            free(list[i]);
            continue;
        }
        ran++;
        if (run_case(&r) != 0) {
            failed++;
            snprintf(msg, sizeof msg, "case %s: %s", r.name, r.why);
            fprintf(stderr, "\n  %s\n", msg);
            CU_assertImplementation(CU_FALSE, __LINE__, msg, __FILE__, "", CU_FALSE);
        }
        free(list[i]);
    }
    free(list);
    fprintf(stderr, "\n  golden cases: %d run, %d failed\n", ran, failed);
    CU_ASSERT_TRUE(ran > 0);
}

static int suite_cleanup(void)
{
    size_t i;

    for (i = 0; i < nmodels; i++)
        map_model_free(models[i].m);
    nmodels = 0;
    return 0;
}

int test_map_cases_suite(void)
{
    CU_pSuite s = CU_add_suite("map_cases", NULL, suite_cleanup);

    if (s == NULL || CU_add_test(s, "test_map_cases_all", test_map_cases_all) == NULL)
        return -1;
    return 0;
}
