/* test_mapping.h - what the mapping unit-test program (run_mapping.c) shares with its suites. */
#ifndef SOAPREST_TEST_MAPPING_H
#define SOAPREST_TEST_MAPPING_H

#include <stddef.h>

/* Returns the directory holding the contract (InventoryService.wsdl and its XSDs): the runner's argv[1],
 * else $SOAPREST_WSDL_DIR, else "wsdl". Owned by the runner, valid for the whole run. */
const char *test_mapping_wsdl_dir(void);

/* The golden cases directory: $SOAPREST_CASES_DIR, else <wsdl dir>/../tests/mapping/cases. */
const char *test_mapping_cases_dir(void);

/* The test contracts (shapes.wsdl, multi.wsdl, split/, invalid/): <cases dir>/../wsdl. */
const char *test_mapping_tests_wsdl_dir(void);

/* One test of a suite's table. */
typedef struct test_mapping_case {
    const char *name;
    void (*fn)(void);
} test_mapping_case;
#define TEST_MAPPING_CASE(fn) { #fn, fn }

/* Adds a suite with setup/teardown (either may be NULL) and its table of n tests.
 * Returns 0, or -1 with CU_get_error() telling why. */
int test_mapping_add_suite(const char *name, int (*init)(void), int (*cleanup)(void),
                           const test_mapping_case *tests, size_t n);

/* Each adds its suite to the CUnit registry. Returns 0, or -1 with CU_get_error() telling why. */
int test_map_meta_suite(void);  /* test_map_meta.c: mapping/meta.c */
int test_map_model_suite(void); /* test_map_model.c: the schema model */
int test_map_json_suite(void);  /* test_map_json.c: the transcoder */
int test_map_cases_suite(void); /* test_map_cases.c: golden cases as data */
int test_map_route_suite(void); /* test_map_route.c: mapping/route.c */
int test_map_openapi_suite(void); /* test_map_openapi.c: mapping/openapi.c, help.c */

#endif /* SOAPREST_TEST_MAPPING_H */
