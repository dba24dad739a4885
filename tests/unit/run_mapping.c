/* run_mapping.c - the mapping module's unit-test program: registers each suite, runs them with CUnit's
 * basic runner and exits non-zero on any failure. Usage: run_mapping [WSDL_DIR]; the golden cases live in
 * WSDL_DIR/../tests/mapping/cases unless $SOAPREST_CASES_DIR says otherwise. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>
#include <libxml/parser.h>

#include "test_mapping.h"

static const char *wsdl_dir = "wsdl";
static char cases_dir[PATH_MAX];
static char tests_wsdl_dir[PATH_MAX + 16];

const char *test_mapping_wsdl_dir(void)
{
    return wsdl_dir;
}

const char *test_mapping_cases_dir(void)
{
    return cases_dir;
}

const char *test_mapping_tests_wsdl_dir(void)
{
    return tests_wsdl_dir;
}

/* Derives the golden-case and test-WSDL directories from the WSDL directory (or the environment). */
static void set_dirs(void)
{
    const char *env = getenv("SOAPREST_CASES_DIR");

    if (env != NULL && env[0] != '\0')
        snprintf(cases_dir, sizeof cases_dir, "%s", env);
    else
        snprintf(cases_dir, sizeof cases_dir, "%s/../tests/mapping/cases", wsdl_dir);
    snprintf(tests_wsdl_dir, sizeof tests_wsdl_dir, "%s/../wsdl", cases_dir);
}

int test_mapping_add_suite(const char *name, int (*init)(void), int (*cleanup)(void),
                           const test_mapping_case *tests, size_t n)
{
    CU_pSuite s = CU_add_suite(name, init, cleanup);
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < n; i++)
        if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
            return -1;
    return 0;
}

/* One slot per source file of mapping/; a new suite is one more line here. */
static int (*const suites[])(void) = {
    test_map_meta_suite,  /* mapping/meta.c */
    test_map_model_suite, /* mapping/model.c, wsdl.c, api.c, xsd.c */
    test_map_json_suite,  /* mapping/json.c, value.c, xmlw.c */
    test_map_cases_suite, /* golden cases: tests/mapping/cases/NAME */
    test_map_route_suite, /* mapping/route.c */
    test_map_openapi_suite, /* mapping/openapi.c, help.c */
};

/* Runs every registered suite; returns the process exit status. */
static int run(void)
{
    size_t i;

    for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (suites[i]() != 0) {
            fprintf(stderr, "run_mapping: cannot register suite %zu: %s\n", i, CU_get_error_msg());
            return 1;
        }
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (CU_basic_run_tests() != CUE_SUCCESS) {
        fprintf(stderr, "run_mapping: %s\n", CU_get_error_msg());
        return 1;
    }
    return CU_get_number_of_failures() > 0 || CU_get_number_of_suites_failed() > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *env = getenv("SOAPREST_WSDL_DIR");
    int rc;

    if (argc > 1)
        wsdl_dir = argv[1];
    else if (env != NULL && env[0] != '\0')
        wsdl_dir = env;
    set_dirs();
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "run_mapping: %s\n", CU_get_error_msg());
        return 1;
    }
    rc = run();
    CU_cleanup_registry();
    /* Here and only here: the suites share libxml2's global state. */
    xmlCleanupParser();
    return rc;
}
