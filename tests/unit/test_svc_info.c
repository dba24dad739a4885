/* test_svc_info.c - ServiceInfo, the names of errors and enumerations, and the _clear functions. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <string.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.0.0"
#endif

static void test_svc_service_info_names_the_service(void)
{
    svc_info info;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_service_info(tsvc_store, &info, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(info.name, "soaprest reference inventory service");
    CU_ASSERT_STRING_EQUAL(info.version, PACKAGE_VERSION);
    svc_info_clear(&info);
}

static void test_svc_service_info_reports_start_time(void)
{
    char before[SVCP_TIME_LEN], after[SVCP_TIME_LEN];
    svc_info info;
    svc_fault f;

    svcp_time_format(svcp_now_ms(), before);
    svc_global_init();
    svcp_time_format(svcp_now_ms(), after);
    CU_ASSERT_EQUAL_FATAL(svc_service_info(tsvc_store, &info, &f), SVC_OK);
    CU_ASSERT_EQUAL(strlen(info.started_at), 24);
    CU_ASSERT_TRUE(strcmp(before, info.started_at) <= 0);
    CU_ASSERT_TRUE(strcmp(info.started_at, after) <= 0);
    svc_info_clear(&info);
}

static void test_svc_service_info_counts_products_and_orders(void)
{
    svc_order order;
    svc_info info;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    tsvc_create("WID-2", "1", 5);
    CU_ASSERT_EQUAL_FATAL(tsvc_order1("WID-1", 1, &order, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_service_info(tsvc_store, &info, &f), SVC_OK);
    CU_ASSERT_EQUAL(info.product_count, 2);
    CU_ASSERT_EQUAL(info.order_count, 1);
    svc_info_clear(&info);
    svc_order_clear(&order);
}

static void test_svc_strerror_names_every_code(void)
{
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_OK), "ok");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_ENOTFOUND), "not found");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_EVALIDATION), "validation failed");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_ECONFLICT), "conflict");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_ESTOCK), "insufficient stock");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_ESTATE), "invalid state");
    CU_ASSERT_STRING_EQUAL(svc_strerror(SVC_EINTERNAL), "internal error");
    CU_ASSERT_STRING_EQUAL(svc_strerror(-7), "unknown error");
    CU_ASSERT_STRING_EQUAL(svc_strerror(1), "unknown error");
}

static void test_svc_category_names_round_trip(void)
{
    CU_ASSERT_STRING_EQUAL(svc_category_name(SVC_CAT_HARDWARE), "Hardware");
    CU_ASSERT_STRING_EQUAL(svc_category_name(SVC_CAT_SERVICE), "Service");
    CU_ASSERT_PTR_NULL(svc_category_name(SVC_CAT_NONE));
    CU_ASSERT_PTR_NULL(svc_category_name(4));
    CU_ASSERT_EQUAL(svc_category_parse("Software"), SVC_CAT_SOFTWARE);
    CU_ASSERT_EQUAL(svc_category_parse("Grocery"), SVC_CAT_GROCERY);
    CU_ASSERT_EQUAL(svc_category_parse("grocery"), -1);
    CU_ASSERT_EQUAL(svc_category_parse(NULL), -1);
}

static void test_svc_order_status_names_round_trip(void)
{
    CU_ASSERT_STRING_EQUAL(svc_order_status_name(SVC_ORDER_PENDING), "Pending");
    CU_ASSERT_STRING_EQUAL(svc_order_status_name(SVC_ORDER_CANCELLED), "Cancelled");
    CU_ASSERT_PTR_NULL(svc_order_status_name(3));
    CU_ASSERT_EQUAL(svc_order_status_parse("Shipped"), SVC_ORDER_SHIPPED);
    CU_ASSERT_EQUAL(svc_order_status_parse("Lost"), -1);
}

static void test_svc_clear_functions_accept_zeroed_structs(void)
{
    svc_product p;
    svc_page pg;
    svc_order o;
    svc_image i;
    svc_info in;

    memset(&p, 0, sizeof p);
    memset(&pg, 0, sizeof pg);
    memset(&o, 0, sizeof o);
    memset(&i, 0, sizeof i);
    memset(&in, 0, sizeof in);
    svc_product_clear(&p);
    svc_page_clear(&pg);
    svc_order_clear(&o);
    svc_image_clear(&i);
    svc_info_clear(&in);
    svc_product_clear(NULL);
    CU_ASSERT_PTR_NULL(p.sku);
}

static void test_svc_clear_zeroes_a_filled_struct(void)
{
    static const svc_product zero;
    svc_product out;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    CU_ASSERT_EQUAL_FATAL(svc_get_product(tsvc_store, 1, &out, &f), SVC_OK);
    svc_product_clear(&out);
    CU_ASSERT_EQUAL(memcmp(&out, &zero, sizeof out), 0);
}

int test_svc_info_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_service_info_names_the_service),
        TSVC_TEST(test_svc_service_info_reports_start_time),
        TSVC_TEST(test_svc_service_info_counts_products_and_orders),
        TSVC_TEST(test_svc_strerror_names_every_code),
        TSVC_TEST(test_svc_category_names_round_trip),
        TSVC_TEST(test_svc_order_status_names_round_trip),
        TSVC_TEST(test_svc_clear_functions_accept_zeroed_structs),
        TSVC_TEST(test_svc_clear_zeroes_a_filled_struct),
        {NULL, NULL},
    };

    return tsvc_add_suite("service info", 1, tests);
}
