/* run_mapping.c - the mapping module's unit-test program: registers each suite, runs them with CUnit's
 * basic runner and exits non-zero on any failure. Usage: run_mapping [WSDL_DIR]. */

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>
#include <libxml/parser.h>

#include "test_mapping.h"

static const char *wsdl_dir = "wsdl";

const char *test_mapping_wsdl_dir(void)
{
    return wsdl_dir;
}

/* One slot per source file of mapping/; a new suite is one more line here. */
static int (*const suites[])(void) = {
    test_map_meta_suite, /* mapping/meta.c */
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
