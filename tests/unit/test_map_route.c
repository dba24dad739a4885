/* test_map_route.c - REST routes: the reference mapping file, the conventions, matching, binding,
 * and the mapping file's validation errors (file and line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "map.h"
#include "route.h"
#include "test_mapping.h"

static map_model *inv;       /* the reference contract */
static map_routes *inv_routes;
static char tmpdir[256];

static int route_setup(void)
{
    char path[512], err[1024];

    snprintf(path, sizeof(path), "%s/InventoryService.wsdl", test_mapping_wsdl_dir());
    if (map_model_load(path, &inv, err, sizeof(err)) != 0)
        return fprintf(stderr, "%s\n", err), -1;
    snprintf(path, sizeof(path), "%s/InventoryService.map.json", test_mapping_wsdl_dir());
    if (map_routes_load(inv, path, &inv_routes, err, sizeof(err)) != 0)
        return fprintf(stderr, "%s\n", err), -1;
    snprintf(tmpdir, sizeof(tmpdir), "%s/map_route_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int route_teardown(void)
{
    char cmd[300];

    map_routes_free(inv_routes);
    map_model_free(inv);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Matches and returns the operation name, or the Allow list prefixed with "!" when none matched. */
static const char *match_op(const map_routes *rs, const char *method, const char *path, map_match *m)
{
    static char buf[80];

    if (map_routes_match(rs, method, path, m) == 0)
        return map_op_name(map_route_op(m->route));
    snprintf(buf, sizeof(buf), "!%s", m->allow);
    return buf;
}

static void test_map_route_reference_table(void)
{
    static const struct { const char *method, *path, *op; int status; } want[] = {
        { "GET", "/api/info", "GetServiceInfo", 200 },
        { "GET", "/api/products", "FindProducts", 200 },
        { "POST", "/api/products", "CreateProduct", 201 },
        { "GET", "/api/products/7", "GetProduct", 200 },
        { "PUT", "/api/products/7", "UpdateProduct", 200 },
        { "DELETE", "/api/products/7", "DeleteProduct", 204 },
        { "PUT", "/api/products/7/image", "SetProductImage", 204 },
        { "GET", "/api/products/7/image", "GetProductImage", 200 },
        { "POST", "/api/orders", "PlaceOrder", 201 },
        { "GET", "/api/orders/abc", "GetOrder", 200 },
        { "POST", "/api/orders/abc/cancel", "CancelOrder", 200 },
        { "POST", "/api/orders/abc/ship", "ShipOrder", 200 },
        { "POST", "/api/stock-adjustments", "AdjustStock", 202 },
        { "POST", "/api/GetProduct", "GetProduct", 200 },
        { "POST", "/api/DeleteProduct", "DeleteProduct", 204 },
        { "POST", "/api/AdjustStock", "AdjustStock", 202 },
    };
    map_match m;
    size_t i;

    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        CU_ASSERT_STRING_EQUAL(match_op(inv_routes, want[i].method, want[i].path, &m), want[i].op);
        if (m.route)
            CU_ASSERT_EQUAL(map_route_status(m.route), want[i].status);
        map_match_clear(&m);
    }
    CU_ASSERT_EQUAL(map_routes_count(inv_routes), 13 + 13);
}

static void test_map_route_variables_and_head(void)
{
    map_match m;

    CU_ASSERT_STRING_EQUAL(match_op(inv_routes, "HEAD", "/api/products/42", &m), "GetProduct");
    CU_ASSERT_EQUAL(m.nvars, 1);
    CU_ASSERT_STRING_EQUAL(m.vars[0], "42");
    CU_ASSERT_STRING_EQUAL(map_route_var_target(m.route, 0), "id");
    map_match_clear(&m);
    CU_ASSERT_STRING_EQUAL(match_op(inv_routes, "PUT", "/api/products/42", &m), "UpdateProduct");
    CU_ASSERT_STRING_EQUAL(map_route_var_target(m.route, 0), "product/Id");
    map_match_clear(&m);
}

static void test_map_route_405_lists_allowed_methods(void)
{
    map_match m;

    CU_ASSERT_STRING_EQUAL(match_op(inv_routes, "PATCH", "/api/products/1", &m), "!GET, PUT, DELETE");
    map_match_clear(&m);
    CU_ASSERT_STRING_EQUAL(match_op(inv_routes, "GET", "/api/nothing/here", &m), "!");
    map_match_clear(&m);
}

static json_t *bind(const char *method, const char *path, const map_query_arg *args, size_t n,
                    json_t *body, map_error *err)
{
    map_match m;
    json_t *out = NULL;

    if (map_routes_match(inv_routes, method, path, &m) != 0)
        return NULL;
    if (map_route_bind(m.route, &m, args, n, body, &out, err) != 0)
        out = NULL;
    map_match_clear(&m);
    return out;
}

static void test_map_route_bind_query_typed_and_case_insensitive(void)
{
    map_query_arg args[] = { { "namePrefix", "Wid" }, { "PAGE", "2" }, { "tags", "a" }, { "Tags", "b" },
                             { "minprice", "1.50" } };
    map_error err = { 0 };
    json_t *w = bind("GET", "/api/products", args, 5, NULL, &err);
    json_t *want = json_pack("{s:{s:s, s:i, s:[s,s], s:s}}", "query", "NamePrefix", "Wid", "Page", 2,
                             "Tags", "a", "b", "MinPrice", "1.50");

    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_TRUE(json_equal(w, want));
    json_decref(w);
    json_decref(want);
}

static void test_map_route_bind_unknown_or_repeated_query(void)
{
    map_query_arg unknown[] = { { "colour", "red" } };
    map_query_arg twice[] = { { "page", "1" }, { "page", "2" } };
    map_error err = { 0 };

    CU_ASSERT_PTR_NULL(bind("GET", "/api/products", unknown, 1, NULL, &err));
    CU_ASSERT_EQUAL(err.status, 400);
    CU_ASSERT_STRING_EQUAL(err.pointer, "?colour");
    CU_ASSERT_PTR_NULL(bind("GET", "/api/products", twice, 2, NULL, &err));
    CU_ASSERT_STRING_EQUAL(err.pointer, "?page");
}

static void test_map_route_bind_path_wins_over_body(void)
{
    map_error err = { 0 };
    json_t *body = json_pack("{s:i, s:s}", "Id", 999, "Name", "x");
    json_t *w = bind("PUT", "/api/products/5", NULL, 0, body, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(w, "product"), "Id")), 5);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(w, "product"), "Name")), "x");
    json_decref(w);
    json_decref(body);
}

static void test_map_route_bind_refuses_body_on_get(void)
{
    map_error err = { 0 };
    json_t *body = json_object();

    CU_ASSERT_PTR_NULL(bind("GET", "/api/products/5", NULL, 0, body, &err));
    CU_ASSERT_EQUAL(err.status, 400);
    json_decref(body);
}

static void test_map_route_bind_invalid_utf8_names_the_variable(void)
{
    map_query_arg bad[] = { { "namePrefix", "\xff" } };
    map_error err = { 0 };

    CU_ASSERT_PTR_NULL(bind("GET", "/api/products/\xff", NULL, 0, NULL, &err));
    CU_ASSERT_EQUAL(err.status, 400);
    CU_ASSERT_STRING_EQUAL(err.pointer, "{id}");
    CU_ASSERT_PTR_NULL(bind("GET", "/api/products", bad, 1, NULL, &err));
    CU_ASSERT_STRING_EQUAL(err.pointer, "?namePrefix");
}

static void test_map_route_bind_refuses_non_object_body_under_a_path_variable(void)
{
    map_error err = { 0 };
    json_t *body = json_pack("[i]", 1);

    CU_ASSERT_PTR_NULL(bind("PUT", "/api/products/5", NULL, 0, body, &err));
    CU_ASSERT_EQUAL(err.status, 400);
    json_decref(body);
}

static void test_map_route_location(void)
{
    map_match m;
    json_t *res = json_pack("{s:i}", "Id", 17);
    char *loc;

    CU_ASSERT_EQUAL_FATAL(map_routes_match(inv_routes, "POST", "/api/products", &m), 0);
    loc = map_route_location_for(m.route, res);
    CU_ASSERT_STRING_EQUAL(loc, "/api/products/17");
    free(loc);
    map_match_clear(&m);
    json_decref(res);
}

static void test_map_route_fault_status_from_file_and_conventions(void)
{
    const map_op *op = map_model_find_op(inv, "PlaceOrder");
    map_fault_info fi = { 0 };
    size_t i;

    for (i = 0; i < map_op_fault_count(op); i++) {
        const map_elem *e = map_fault_elem(map_op_fault(op, i));
        int want = !strcmp(map_elem_name(e), "ValidationFault") ? 422
                 : !strcmp(map_elem_name(e), "NotFoundFault") ? 404 : 409;
        fi.detail_elem = e;
        fi.is_sender = 1;
        CU_ASSERT_EQUAL(map_routes_fault_status(inv_routes, &fi), want);
    }
    fi.detail_elem = NULL;
    CU_ASSERT_EQUAL(map_routes_fault_status(inv_routes, &fi), 400);
    fi.is_sender = 0;
    CU_ASSERT_EQUAL(map_routes_fault_status(inv_routes, &fi), 500);
}

static void test_map_route_conventions_on_a_users_wsdl(void)
{
    char path[512], err[1024];
    map_model *m = NULL;
    map_routes *rs = NULL;
    map_match mt;

    snprintf(path, sizeof(path), "%s/../tests/gateway/Library.wsdl", test_mapping_wsdl_dir());
    CU_ASSERT_EQUAL_FATAL(map_model_load(path, &m, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL_FATAL(map_routes_load(m, NULL, &rs, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "GET", "/api/books/3", &mt), "GetBook");
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "GET", "/api/books", &mt), "FindBooks");
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "POST", "/api/books", &mt), "CreateBook");
    CU_ASSERT_EQUAL(map_route_status(mt.route), 201);
    CU_ASSERT_STRING_EQUAL(map_route_body(mt.route), "book");
    CU_ASSERT_STRING_EQUAL(map_route_location(mt.route), "/api/books/{Id}");
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "PUT", "/api/books/3", &mt), "UpdateBook");
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "DELETE", "/api/books/3", &mt), "DeleteBook");
    CU_ASSERT_EQUAL(map_route_status(mt.route), 204);
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "POST", "/api/LogEvent", &mt), "LogEvent");
    CU_ASSERT_EQUAL(map_route_status(mt.route), 202);
    map_match_clear(&mt);
    map_routes_free(rs);
    map_model_free(m);
}

/* An operation name that two SOAP portTypes share: the first keeps POST /api/Add, the second is
 * POST /api/CalcV2/Add, and both reach their own operation. */
static void test_map_route_shared_operation_name(void)
{
    char path[512], err[1024];
    map_model *m = NULL;
    map_routes *rs = NULL;
    map_match mt;

    snprintf(path, sizeof(path), "%s/../tests/mapping/wsdl/asmx.wsdl", test_mapping_wsdl_dir());
    CU_ASSERT_EQUAL_FATAL(map_model_load(path, &m, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL_FATAL(map_routes_load(m, NULL, &rs, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "POST", "/api/Add", &mt), "Add");
    CU_ASSERT_STRING_EQUAL(map_op_port_type(map_route_op(mt.route)), "CalcSoap");
    map_match_clear(&mt);
    CU_ASSERT_STRING_EQUAL(match_op(rs, "POST", "/api/CalcV2/Add", &mt), "Add");
    CU_ASSERT_STRING_EQUAL(map_op_port_type(map_route_op(mt.route)), "CalcV2");
    map_match_clear(&mt);
    map_routes_free(rs);
    map_model_free(m);
}

/* Status by what the response holds: nothing (204), an xs:any alone (a result: 200), one-way (202). */
static void test_map_route_status_by_response_members(void)
{
    static const struct { const char *op; int status; } want[] = {
        {"Ping", 204}, {"Audit", 204}, {"Forward", 200}, {"Lookup", 200}, {"Retag", 200},
    };
    char path[512], tpl[64], err[1024];
    map_model *m = NULL;
    map_routes *rs = NULL;
    map_match mt;
    size_t i;

    snprintf(path, sizeof(path), "%s/../tests/mapping/wsdl/parts.wsdl", test_mapping_wsdl_dir());
    CU_ASSERT_EQUAL_FATAL(map_model_load(path, &m, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL_FATAL(map_routes_load(m, NULL, &rs, err, sizeof(err)), 0);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        snprintf(tpl, sizeof(tpl), "/api/%s", want[i].op);
        CU_ASSERT_STRING_EQUAL(match_op(rs, "POST", tpl, &mt), want[i].op);
        CU_ASSERT_EQUAL(map_route_status(mt.route), want[i].status);
        if (map_route_status(mt.route) != want[i].status)
            fprintf(stderr, "\n  %s: status %d\n", want[i].op, map_route_status(mt.route));
        map_match_clear(&mt);
    }
    map_routes_free(rs);
    map_model_free(m);
}

/* Writes a mapping file and loads it against the reference model; returns the error text. */
static const char *load_error(const char *text)
{
    static char err[1024];
    char path[512];
    map_routes *rs = NULL;
    FILE *f;

    snprintf(path, sizeof(path), "%s/m.map.json", tmpdir);
    f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    err[0] = '\0';
    if (map_routes_load(inv, path, &rs, err, sizeof(err)) == 0) {
        map_routes_free(rs);
        return "(loaded)";
    }
    return err;
}

static void assert_error(const char *text, const char *where, const char *what)
{
    const char *err = load_error(text);

    CU_ASSERT_PTR_NOT_NULL(strstr(err, where));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, what));
    if (!strstr(err, where) || !strstr(err, what))
        fprintf(stderr, "\n  got: %s\n", err);
}

static void test_map_route_file_errors_name_file_and_line(void)
{
    assert_error("{\n \"routes\": [\n  {\"operation\": \"GetProduct\", \"method\": \"GET\",\n"
                 "   \"path\": \"/api/p/{id}\", \"colour\": 1}\n ]\n}\n",
                 "m.map.json:4:", "unknown key \"colour\"");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"Nope\", \"method\": \"GET\", \"path\": \"/api/x\"}\n ]\n}\n",
                 "m.map.json:3:", "no operation \"Nope\"");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"GetProduct\", \"method\": \"GET\",\n"
                 "   \"path\": \"/api/p/{pid}\"}\n ]\n}\n",
                 "m.map.json:", "{pid} fills \"pid\"");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"GetProduct\", \"method\": \"GET\", \"path\": \"/api/p/{id}\",\n"
                 "   \"status\": 299}\n ]\n}\n",
                 "m.map.json:4:", "status 299");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"AdjustStock\", \"method\": \"POST\", \"path\": \"/api/s\",\n"
                 "   \"status\": 200}\n ]\n}\n",
                 "m.map.json:4:", "one-way");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"GetProduct\", \"method\": \"GET\", \"path\": \"/api/p/{id}\"},\n"
                 "  {\"operation\": \"GetOrder\", \"method\": \"GET\", \"path\": \"/api/p/{id}\"}\n ]\n}\n",
                 "m.map.json:", "collides with GET /api/p/{id} (GetProduct)");
    assert_error("{\n \"routes\": [\n  {\"operation\": \"CreateProduct\", \"method\": \"POST\", \"path\": \"/api/p\",\n"
                 "   \"body\": \"product\", \"status\": 201, \"location\": \"/api/p/{Nope}\"}\n ]\n}\n",
                 "m.map.json:4:", "{Nope}");
    assert_error("{\n \"faults\": {\"NotFoundFault\": 200}\n}\n", "m.map.json:2:", "not a 4xx or 5xx");
    assert_error("{\n \"routes\": [\n", "m.map.json:3:", "");
}

int test_map_route_suite(void)
{
    static const test_mapping_case tests[] = {
        TEST_MAPPING_CASE(test_map_route_reference_table),
        TEST_MAPPING_CASE(test_map_route_variables_and_head),
        TEST_MAPPING_CASE(test_map_route_405_lists_allowed_methods),
        TEST_MAPPING_CASE(test_map_route_bind_query_typed_and_case_insensitive),
        TEST_MAPPING_CASE(test_map_route_bind_unknown_or_repeated_query),
        TEST_MAPPING_CASE(test_map_route_bind_path_wins_over_body),
        TEST_MAPPING_CASE(test_map_route_bind_refuses_body_on_get),
        TEST_MAPPING_CASE(test_map_route_bind_invalid_utf8_names_the_variable),
        TEST_MAPPING_CASE(test_map_route_bind_refuses_non_object_body_under_a_path_variable),
        TEST_MAPPING_CASE(test_map_route_location),
        TEST_MAPPING_CASE(test_map_route_fault_status_from_file_and_conventions),
        TEST_MAPPING_CASE(test_map_route_conventions_on_a_users_wsdl),
        TEST_MAPPING_CASE(test_map_route_shared_operation_name),
        TEST_MAPPING_CASE(test_map_route_status_by_response_members),
        TEST_MAPPING_CASE(test_map_route_file_errors_name_file_and_line),
    };

    return test_mapping_add_suite("map_route", route_setup, route_teardown, tests,
                                  sizeof tests / sizeof tests[0]);
}
