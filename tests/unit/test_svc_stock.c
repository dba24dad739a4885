/* test_svc_stock.c - AdjustStock: applied and recorded together, or not at all. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <limits.h>
#include <string.h>

static void test_svc_adjust_stock_applies_delta(void)
{
    int id = tsvc_create("WID-1", "1", 5);
    svc_fault f;

    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 3, "delivery", &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(id), 8);
    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", -8, NULL, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(id), 0);
}

static void test_svc_adjust_stock_records_the_adjustment(void)
{
    char text[64];
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    CU_ASSERT_EQUAL_FATAL(svc_adjust_stock(tsvc_store, "WID-1", -2, "broken", &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM stock_adjustments"), 1);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT delta FROM stock_adjustments"), -2);
    tsvc_sql_text("SELECT sku || '/' || reason FROM stock_adjustments", text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "WID-1/broken");
    tsvc_sql_text("SELECT at FROM stock_adjustments", text, sizeof text);
    CU_ASSERT_TRUE(svcp_datetime_valid(text));
}

static void test_svc_adjust_stock_unknown_sku_is_not_found(void)
{
    svc_fault f;

    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "NOPE-1", 1, NULL, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "NOPE-1");
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM stock_adjustments"), 0);
}

static void test_svc_adjust_stock_refuses_negative_result(void)
{
    int id = tsvc_create("WID-1", "1", 5);
    svc_fault f;

    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", -6, NULL, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "delta");
    CU_ASSERT_EQUAL(tsvc_stock(id), 5);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM stock_adjustments"), 0);
}

static void test_svc_adjust_stock_refuses_overflow(void)
{
    int id = tsvc_create("WID-1", "1", INT_MAX - 1);
    svc_fault f;

    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 2, NULL, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "delta");
    CU_ASSERT_EQUAL(tsvc_stock(id), INT_MAX - 1);
    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 1, NULL, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(id), INT_MAX);
}

static void test_svc_adjust_stock_limits_reason_to_500(void)
{
    char reason[502];
    int id = tsvc_create("WID-1", "1", 5);
    svc_fault f;

    memset(reason, 'r', 501);
    reason[501] = '\0';
    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 1, reason, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "reason");
    CU_ASSERT_EQUAL(tsvc_stock(id), 5);
    reason[500] = '\0';
    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 1, reason, &f), SVC_OK);
}

static void test_svc_adjust_stock_requires_sku(void)
{
    svc_fault f;

    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, NULL, 1, NULL, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "sku");
}

static void test_svc_adjust_stock_bumps_product_version(void)
{
    int id = tsvc_create("WID-1", "1", 5);
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_adjust_stock(tsvc_store, "WID-1", 1, NULL, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_version(id), 2);
}

int test_svc_stock_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_adjust_stock_applies_delta),
        TSVC_TEST(test_svc_adjust_stock_records_the_adjustment),
        TSVC_TEST(test_svc_adjust_stock_unknown_sku_is_not_found),
        TSVC_TEST(test_svc_adjust_stock_refuses_negative_result),
        TSVC_TEST(test_svc_adjust_stock_refuses_overflow),
        TSVC_TEST(test_svc_adjust_stock_limits_reason_to_500),
        TSVC_TEST(test_svc_adjust_stock_requires_sku),
        TSVC_TEST(test_svc_adjust_stock_bumps_product_version),
        {NULL, NULL},
    };

    return tsvc_add_suite("service stock", 1, tests);
}
