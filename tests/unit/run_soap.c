/* run_soap.c - runs the CUnit suites of the soap/ layer (engine and operations). */
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "test_soap.h"

int main(void)
{
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    if (test_sg_engine_suite() != 0) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
