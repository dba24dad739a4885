/* run_service.c - runs every suite of the service/ unit tests; exits 1 when a test fails. */
#include "test_service.h"

#include <CUnit/Basic.h>
#include <stdio.h>

/* One row per test file: the function that registers its suite. */
static int (*const suites[])(void) = {
    test_svc_rules_suite,
    test_svc_store_suite,
    test_svc_products_suite,
    test_svc_find_suite,
    test_svc_orders_suite,
    test_svc_images_suite,
    test_svc_stock_suite,
    test_svc_info_suite,
};

int main(void)
{
    unsigned failed;
    size_t i;

    svc_global_init();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (suites[i]() != 0) {
            fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
            CU_cleanup_registry();
            return 2;
        }
    }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed() +
             CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
