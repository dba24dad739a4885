/* test_svc_find.c - FindProducts: each filter, exact price bounds, paging and its faults. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

/* Creates a product with these members and stock 1; returns its id or -1. */
static int add(const char *sku, const char *name, int category, const char *price, size_t ntags,
               char **tags)
{
    svc_product in = tsvc_product(sku, price, 1), out;
    svc_fault f;
    int id;

    in.name = (char *)name;
    in.category = category;
    in.tags_null = 0;
    in.ntags = ntags;
    in.tags = tags;
    if (svc_create_product(tsvc_store, &in, &out, &f) != SVC_OK)
        return -1;
    id = out.id;
    svc_product_clear(&out);
    return id;
}

static svc_query any(void)
{
    svc_query q;

    memset(&q, 0, sizeof q);
    q.category = SVC_CAT_NONE;
    return q;
}

/* Creates n plain products SKU-01 .. SKU-nn. */
static void add_many(int n)
{
    char sku[16];
    int i;

    for (i = 1; i <= n; i++) {
        snprintf(sku, sizeof sku, "SKU-%02d", i);
        CU_ASSERT_EQUAL_FATAL(add(sku, "Widget", SVC_CAT_HARDWARE, "1", 0, NULL), i);
    }
}

/* Runs q expecting success; returns the page (caller clears). */
static svc_page found(const svc_query *q)
{
    svc_page page;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_find_products(tsvc_store, q, &page, &f), SVC_OK);
    return page;
}

static void expect_invalid(const svc_query *q, const char *field)
{
    svc_page page;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_find_products(tsvc_store, q, &page, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, field);
    CU_ASSERT_EQUAL(page.nitems, 0);
    CU_ASSERT_PTR_NULL(page.items);
}

static void test_svc_find_products_defaults_to_page_1_of_20(void)
{
    svc_query q = any();
    svc_page page;

    add_many(25);
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 25);
    CU_ASSERT_EQUAL(page.page, 1);
    CU_ASSERT_EQUAL(page.page_size, 20);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 20);
    CU_ASSERT_EQUAL(page.items[0].id, 1);
    CU_ASSERT_EQUAL(page.items[19].id, 20);
    CU_ASSERT_STRING_EQUAL(page.items[19].sku, "SKU-20");
    svc_page_clear(&page);
}

static void test_svc_find_products_returns_a_later_page(void)
{
    svc_query q = any();
    svc_page page;

    add_many(25);
    q.has_page = 1;
    q.page = 2;
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 25);
    CU_ASSERT_EQUAL(page.page, 2);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 5);
    CU_ASSERT_EQUAL(page.items[0].id, 21);
    CU_ASSERT_EQUAL(page.items[4].id, 25);
    svc_page_clear(&page);
}

static void test_svc_find_products_past_the_end_is_empty(void)
{
    svc_query q = any();
    svc_page page;

    add_many(25);
    q.has_page = q.has_page_size = 1;
    q.page = 4;
    q.page_size = 10;
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 25);
    CU_ASSERT_EQUAL(page.nitems, 0);
    CU_ASSERT_PTR_NULL(page.items);
    svc_page_clear(&page);
}

static void test_svc_find_products_orders_by_id(void)
{
    svc_query q = any();
    svc_product got, upd;
    svc_fault f;
    svc_page page;

    add_many(3);
    CU_ASSERT_EQUAL_FATAL(svc_get_product(tsvc_store, 1, &got, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &got, &upd, &f), SVC_OK);
    page = found(&q);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 3);
    CU_ASSERT_EQUAL(page.items[0].id, 1);
    CU_ASSERT_EQUAL(page.items[1].id, 2);
    CU_ASSERT_EQUAL(page.items[2].id, 3);
    svc_page_clear(&page);
    svc_product_clear(&got);
    svc_product_clear(&upd);
}

static void test_svc_find_products_allows_page_size_100(void)
{
    svc_query q = any();
    svc_page page;

    add_many(3);
    q.has_page_size = 1;
    q.page_size = 100;
    page = found(&q);
    CU_ASSERT_EQUAL(page.page_size, 100);
    CU_ASSERT_EQUAL(page.nitems, 3);
    svc_page_clear(&page);
}

static void test_svc_find_products_refuses_page_below_1(void)
{
    svc_query q = any();

    q.has_page = 1;
    q.page = 0;
    expect_invalid(&q, "Page");
    q.page = -3;
    expect_invalid(&q, "Page");
}

static void test_svc_find_products_refuses_page_size_outside_1_to_100(void)
{
    svc_query q = any();

    q.has_page_size = 1;
    q.page_size = 0;
    expect_invalid(&q, "PageSize");
    q.page_size = 101;
    expect_invalid(&q, "PageSize");
}

static void test_svc_find_products_name_prefix_ignores_ascii_case(void)
{
    svc_query q = any();
    svc_page page;

    add("A-1", "Apple", SVC_CAT_GROCERY, "1", 0, NULL);
    add("A-2", "apricot", SVC_CAT_GROCERY, "1", 0, NULL);
    add("B-1", "Banana", SVC_CAT_GROCERY, "1", 0, NULL);
    q.name_prefix = "AP";
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 2);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 2);
    CU_ASSERT_STRING_EQUAL(page.items[0].name, "Apple");
    CU_ASSERT_STRING_EQUAL(page.items[1].name, "apricot");
    svc_page_clear(&page);
}

static void test_svc_find_products_name_prefix_treats_wildcards_literally(void)
{
    svc_query q = any();
    svc_page page;

    add("P-1", "50% off", SVC_CAT_GROCERY, "1", 0, NULL);
    add("P-2", "500 g", SVC_CAT_GROCERY, "1", 0, NULL);
    add("P-3", "a_b", SVC_CAT_GROCERY, "1", 0, NULL);
    add("P-4", "axb", SVC_CAT_GROCERY, "1", 0, NULL);
    q.name_prefix = "50%";
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 1);
    svc_page_clear(&page);
    q.name_prefix = "A_";
    page = found(&q);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 1);
    CU_ASSERT_STRING_EQUAL(page.items[0].sku, "P-3");
    svc_page_clear(&page);
}

static void test_svc_find_products_filters_by_category(void)
{
    svc_query q = any();
    svc_page page;

    add("H-1", "Hammer", SVC_CAT_HARDWARE, "1", 0, NULL);
    add("S-1", "Editor", SVC_CAT_SOFTWARE, "1", 0, NULL);
    q.category = SVC_CAT_SOFTWARE;
    page = found(&q);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 1);
    CU_ASSERT_STRING_EQUAL(page.items[0].sku, "S-1");
    svc_page_clear(&page);
}

static void test_svc_find_products_refuses_unknown_category(void)
{
    svc_query q = any();

    q.category = 9;
    expect_invalid(&q, "Category");
}

static void test_svc_find_products_price_bounds_are_inclusive_and_exact(void)
{
    svc_query q = any();
    svc_page page;

    add("C-1", "One", SVC_CAT_GROCERY, "0.1", 0, NULL);
    add("C-2", "Two", SVC_CAT_GROCERY, "0.2", 0, NULL);
    add("C-3", "Three", SVC_CAT_GROCERY, "0.3", 0, NULL);
    q.min_price = "0.10";
    q.max_price = "0.2000";
    page = found(&q);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 2);
    CU_ASSERT_STRING_EQUAL(page.items[0].price, "0.1");
    CU_ASSERT_STRING_EQUAL(page.items[1].price, "0.2");
    svc_page_clear(&page);
    q.min_price = "0.2001";
    q.max_price = NULL;
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 1);
    svc_page_clear(&page);
}

static void test_svc_find_products_refuses_bad_price_bounds(void)
{
    svc_query q = any();

    q.min_price = "1e2";
    expect_invalid(&q, "MinPrice");
    q.min_price = NULL;
    q.max_price = "abc";
    expect_invalid(&q, "MaxPrice");
    q.max_price = "0.00001";
    expect_invalid(&q, "MaxPrice");
}

static void test_svc_find_products_refuses_min_above_max(void)
{
    svc_query q = any();

    q.min_price = "2";
    q.max_price = "1.9999";
    expect_invalid(&q, "MinPrice");
}

static void test_svc_find_products_requires_every_tag(void)
{
    char *ab[] = {"a", "b"}, *a[] = {"a"};
    svc_query q = any();
    svc_page page;

    add("T-1", "Both", SVC_CAT_GROCERY, "1", 2, ab);
    add("T-2", "Only a", SVC_CAT_GROCERY, "1", 1, a);
    q.ntags = 2;
    q.tags = ab;
    page = found(&q);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 1);
    CU_ASSERT_STRING_EQUAL(page.items[0].sku, "T-1");
    svc_page_clear(&page);
    q.ntags = 1;
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 2);
    svc_page_clear(&page);
}

static void test_svc_find_products_combines_filters(void)
{
    char *red[] = {"red"};
    svc_query q = any();
    svc_page page;

    add("M-1", "Mug", SVC_CAT_HARDWARE, "5", 1, red);
    add("M-2", "Mug XL", SVC_CAT_HARDWARE, "15", 1, red);
    add("M-3", "Mug", SVC_CAT_GROCERY, "5", 1, red);
    add("M-4", "Mug", SVC_CAT_HARDWARE, "5", 0, NULL);
    q.name_prefix = "mug";
    q.category = SVC_CAT_HARDWARE;
    q.max_price = "10";
    q.ntags = 1;
    q.tags = red;
    page = found(&q);
    CU_ASSERT_EQUAL(page.total_count, 1);
    CU_ASSERT_EQUAL_FATAL(page.nitems, 1);
    CU_ASSERT_STRING_EQUAL(page.items[0].sku, "M-1");
    svc_page_clear(&page);
}

static void test_svc_find_products_on_an_empty_store(void)
{
    svc_query q = any();
    svc_page page = found(&q);

    CU_ASSERT_EQUAL(page.total_count, 0);
    CU_ASSERT_EQUAL(page.nitems, 0);
    svc_page_clear(&page);
}

int test_svc_find_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_find_products_defaults_to_page_1_of_20),
        TSVC_TEST(test_svc_find_products_returns_a_later_page),
        TSVC_TEST(test_svc_find_products_past_the_end_is_empty),
        TSVC_TEST(test_svc_find_products_orders_by_id),
        TSVC_TEST(test_svc_find_products_allows_page_size_100),
        TSVC_TEST(test_svc_find_products_refuses_page_below_1),
        TSVC_TEST(test_svc_find_products_refuses_page_size_outside_1_to_100),
        TSVC_TEST(test_svc_find_products_name_prefix_ignores_ascii_case),
        TSVC_TEST(test_svc_find_products_name_prefix_treats_wildcards_literally),
        TSVC_TEST(test_svc_find_products_filters_by_category),
        TSVC_TEST(test_svc_find_products_refuses_unknown_category),
        TSVC_TEST(test_svc_find_products_price_bounds_are_inclusive_and_exact),
        TSVC_TEST(test_svc_find_products_refuses_bad_price_bounds),
        TSVC_TEST(test_svc_find_products_refuses_min_above_max),
        TSVC_TEST(test_svc_find_products_requires_every_tag),
        TSVC_TEST(test_svc_find_products_combines_filters),
        TSVC_TEST(test_svc_find_products_on_an_empty_store),
        {NULL, NULL},
    };

    return tsvc_add_suite("service find", 1, tests);
}
