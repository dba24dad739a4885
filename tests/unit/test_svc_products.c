/* test_svc_products.c - CreateProduct, GetProduct, UpdateProduct and DeleteProduct: every rule
 * on a product's members and every fault they can return. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

/* Expects CreateProduct to refuse `in` with a validation fault on `field`, storing nothing. */
static void expect_invalid(const svc_product *in, const char *field)
{
    static const svc_product zero;
    svc_product out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_create_product(tsvc_store, in, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_EQUAL(f.err, SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, field);
    CU_ASSERT_NOT_EQUAL(f.message[0], '\0');
    CU_ASSERT_EQUAL(memcmp(&out, &zero, sizeof out), 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM products"), 0);
}

/* Expects CreateProduct to accept `in`; returns the stored product (caller clears). */
static svc_product expect_created(const svc_product *in)
{
    svc_product out;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_create_product(tsvc_store, in, &out, &f), SVC_OK);
    return out;
}

/* A string of n copies of unit (the caller frees). */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit), i;
    char *s = malloc(len * n + 1);

    for (i = 0; s && i < n; i++)
        memcpy(s + i * len, unit, len);
    if (s)
        s[len * n] = '\0';
    return s;
}

static void test_svc_create_product_assigns_id_version_and_created_at(void)
{
    svc_product in = tsvc_product("WID-1", "19.99", 5), out = expect_created(&in);

    CU_ASSERT_EQUAL(out.id, 1);
    CU_ASSERT_EQUAL(out.version, 1);
    CU_ASSERT_EQUAL(out.has_version, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.created_at);
    CU_ASSERT_EQUAL(strlen(out.created_at), 24);
    CU_ASSERT_TRUE(svcp_datetime_valid(out.created_at));
    CU_ASSERT_PTR_NULL(out.updated_at);
    svc_product_clear(&out);
}

static void test_svc_create_product_returns_the_members_sent(void)
{
    char *tags[] = {"red", "big"};
    svc_product in = tsvc_product("WID-1", "19.990", 7), out;

    in.name = "Gr\xc3\xbc" "ner Widget";
    in.description = "A widget.";
    in.category = SVC_CAT_GROCERY;
    in.tags_null = 0;
    in.ntags = 2;
    in.tags = tags;
    out = expect_created(&in);
    CU_ASSERT_STRING_EQUAL(out.sku, "WID-1");
    CU_ASSERT_STRING_EQUAL(out.name, "Gr\xc3\xbc" "ner Widget");
    CU_ASSERT_STRING_EQUAL(out.description, "A widget.");
    CU_ASSERT_EQUAL(out.category, SVC_CAT_GROCERY);
    CU_ASSERT_STRING_EQUAL(out.price, "19.99");
    CU_ASSERT_EQUAL(out.stock_quantity, 7);
    CU_ASSERT_EQUAL(out.tags_null, 0);
    CU_ASSERT_EQUAL_FATAL(out.ntags, 2);
    CU_ASSERT_STRING_EQUAL(out.tags[0], "red");
    CU_ASSERT_STRING_EQUAL(out.tags[1], "big");
    CU_ASSERT_EQUAL(out.perishable, 0);
    CU_ASSERT_PTR_NULL(out.expires_on);
    svc_product_clear(&out);
}

static void test_svc_create_product_ignores_server_assigned_members(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.id = 999;
    in.has_version = 1;
    in.version = 7;
    in.created_at = "2000-01-01T00:00:00.000Z";
    in.updated_at = "2000-01-01T00:00:00.000Z";
    out = expect_created(&in);
    CU_ASSERT_EQUAL(out.id, 1);
    CU_ASSERT_EQUAL(out.version, 1);
    CU_ASSERT_STRING_NOT_EQUAL(out.created_at, "2000-01-01T00:00:00.000Z");
    CU_ASSERT_PTR_NULL(out.updated_at);
    svc_product_clear(&out);
}

static void test_svc_create_product_keeps_nil_description_and_tags(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out = expect_created(&in);

    CU_ASSERT_PTR_NULL(out.description);
    CU_ASSERT_EQUAL(out.tags_null, 1);
    CU_ASSERT_EQUAL(out.ntags, 0);
    svc_product_clear(&out);
}

static void test_svc_create_product_keeps_empty_tag_list(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.tags_null = 0;
    out = expect_created(&in);
    CU_ASSERT_EQUAL(out.tags_null, 0);
    CU_ASSERT_EQUAL(out.ntags, 0);
    svc_product_clear(&out);
}

static void test_svc_create_product_requires_sku(void)
{
    svc_product in = tsvc_product(NULL, "1", 0);

    expect_invalid(&in, "Sku");
}

static void test_svc_create_product_refuses_bad_sku(void)
{
    svc_product in = tsvc_product("wid-1", "1", 0);

    expect_invalid(&in, "Sku");
    in.sku = "AB";
    expect_invalid(&in, "Sku");
}

static void test_svc_create_product_duplicate_sku_conflicts(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out;
    svc_fault f;

    CU_ASSERT_NOT_EQUAL_FATAL(tsvc_create("WID-1", "2", 0), -1);
    CU_ASSERT_EQUAL(svc_create_product(tsvc_store, &in, &out, &f), SVC_ECONFLICT);
    CU_ASSERT_EQUAL(f.err, SVC_ECONFLICT);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.message, "WID-1"));
    CU_ASSERT_EQUAL(f.has_current_version, 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM products"), 1);
}

static void test_svc_create_product_requires_name(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.name = NULL;
    expect_invalid(&in, "Name");
}

static void test_svc_create_product_refuses_empty_name(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.name = "";
    expect_invalid(&in, "Name");
}

static void test_svc_create_product_counts_name_in_code_points(void)
{
    char *two_hundred = repeat("\xc3\xa9", 200), *too_long = repeat("a", 201);
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.name = too_long;
    expect_invalid(&in, "Name");
    in.name = two_hundred; /* 400 bytes, 200 characters */
    out = expect_created(&in);
    CU_ASSERT_STRING_EQUAL(out.name, two_hundred);
    svc_product_clear(&out);
    free(two_hundred);
    free(too_long);
}

static void test_svc_create_product_refuses_invalid_utf8_name(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.name = "Bad \xc3(";
    expect_invalid(&in, "Name");
}

static void test_svc_create_product_refuses_invalid_utf8_description(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.description = "\xed\xa0\x80";
    expect_invalid(&in, "Description");
}

static void test_svc_create_product_limits_description_to_2000(void)
{
    char *ok = repeat("\xe2\x82\xac", 2000), *too_long = repeat("x", 2001);
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.description = too_long;
    expect_invalid(&in, "Description");
    in.description = ok;
    out = expect_created(&in);
    svc_product_clear(&out);
    free(ok);
    free(too_long);
}

static void test_svc_create_product_requires_category(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.category = SVC_CAT_NONE;
    expect_invalid(&in, "Category");
}

static void test_svc_create_product_refuses_unknown_category(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.category = SVC_CAT_SERVICE + 1;
    expect_invalid(&in, "Category");
}

static void test_svc_create_product_requires_price(void)
{
    svc_product in = tsvc_product("WID-1", NULL, 0);

    expect_invalid(&in, "Price");
}

static void test_svc_create_product_refuses_negative_price(void)
{
    svc_product in = tsvc_product("WID-1", "-0.01", 0);

    expect_invalid(&in, "Price");
}

static void test_svc_create_product_refuses_five_decimals(void)
{
    svc_product in = tsvc_product("WID-1", "1.00001", 0);

    expect_invalid(&in, "Price");
}

static void test_svc_create_product_refuses_exponent_and_nan(void)
{
    svc_product in = tsvc_product("WID-1", "1e3", 0);

    expect_invalid(&in, "Price");
    in.price = "NaN";
    expect_invalid(&in, "Price");
    in.price = "";
    expect_invalid(&in, "Price");
}

static void test_svc_create_product_refuses_price_overflow(void)
{
    svc_product in = tsvc_product("WID-1", "922337203685477.5808", 0);

    expect_invalid(&in, "Price");
}

/* Creates a product priced `text` and checks the canonical price read back. */
static void check_price_kept(const char *sku, const char *text, const char *want)
{
    svc_product in = tsvc_product(sku, text, 0), out = expect_created(&in);

    CU_ASSERT_STRING_EQUAL(out.price, want);
    svc_product_clear(&out);
}

static void test_svc_create_product_keeps_price_exact(void)
{
    check_price_kept("P-1", "0.0001", "0.0001");
    check_price_kept("P-2", "922337203685477.5807", "922337203685477.5807");
    check_price_kept("P-3", "12.3400", "12.34");
    check_price_kept("P-4", "+5", "5");
    check_price_kept("P-5", "-0.00", "0");
    check_price_kept("P-6", "0.10", "0.1");
}

static void test_svc_create_product_refuses_negative_stock(void)
{
    svc_product in = tsvc_product("WID-1", "1", -1);

    expect_invalid(&in, "StockQuantity");
}

static void test_svc_create_product_refuses_empty_tag(void)
{
    char *tags[] = {"ok", ""};
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.tags_null = 0;
    in.ntags = 2;
    in.tags = tags;
    expect_invalid(&in, "Tags[1]");
}

static void test_svc_create_product_limits_tag_to_100_chars(void)
{
    char *tags[1];
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.tags_null = 0;
    in.ntags = 1;
    in.tags = tags;
    tags[0] = repeat("t", 101);
    expect_invalid(&in, "Tags[0]");
    free(tags[0]);
    tags[0] = repeat("\xc3\xa9", 100);
    out = expect_created(&in);
    CU_ASSERT_STRING_EQUAL(out.tags[0], tags[0]);
    svc_product_clear(&out);
    free(tags[0]);
}

static void test_svc_create_product_limits_tags_to_50(void)
{
    char *tags[51];
    svc_product in = tsvc_product("WID-1", "1", 0), out;
    size_t i;

    for (i = 0; i < 51; i++)
        tags[i] = "t";
    in.tags_null = 0;
    in.tags = tags;
    in.ntags = 51;
    expect_invalid(&in, "Tags");
    in.ntags = 50;
    out = expect_created(&in);
    CU_ASSERT_EQUAL(out.ntags, 50);
    svc_product_clear(&out);
}

static void test_svc_create_product_refuses_invalid_utf8_tag(void)
{
    char *tags[] = {"\xff"};
    svc_product in = tsvc_product("WID-1", "1", 0);

    in.tags_null = 0;
    in.ntags = 1;
    in.tags = tags;
    expect_invalid(&in, "Tags[0]");
}

static void test_svc_create_perishable_requires_expires_on(void)
{
    svc_product in = tsvc_product("MILK-1", "1", 0);

    in.perishable = 1;
    expect_invalid(&in, "ExpiresOn");
}

static void test_svc_create_perishable_refuses_bad_expires_on(void)
{
    svc_product in = tsvc_product("MILK-1", "1", 0);

    in.perishable = 1;
    in.expires_on = "2026-02-30T00:00:00Z";
    expect_invalid(&in, "ExpiresOn");
}

static void test_svc_create_perishable_refuses_bad_shelf_life(void)
{
    svc_product in = tsvc_product("MILK-1", "1", 0);

    in.perishable = 1;
    in.expires_on = "2026-12-01T00:00:00Z";
    in.shelf_life = "P";
    expect_invalid(&in, "ShelfLife");
    in.shelf_life = "PT";
    expect_invalid(&in, "ShelfLife");
}

static void test_svc_create_perishable_keeps_texts_exactly(void)
{
    svc_product in = tsvc_product("MILK-1", "1.25", 3), out;

    in.perishable = 1;
    in.expires_on = "2026-12-01T10:00:00.50+01:00";
    in.shelf_life = "P1DT2H30M0.5S";
    out = expect_created(&in);
    CU_ASSERT_EQUAL(out.perishable, 1);
    CU_ASSERT_STRING_EQUAL(out.expires_on, "2026-12-01T10:00:00.50+01:00");
    CU_ASSERT_STRING_EQUAL(out.shelf_life, "P1DT2H30M0.5S");
    svc_product_clear(&out);
}

static void test_svc_create_perishable_shelf_life_is_optional(void)
{
    svc_product in = tsvc_product("MILK-1", "1", 0), out;

    in.perishable = 1;
    in.expires_on = "2026-12-01T00:00:00Z";
    out = expect_created(&in);
    CU_ASSERT_PTR_NULL(out.shelf_life);
    svc_product_clear(&out);
}

static void test_svc_create_plain_product_ignores_perishable_members(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out;

    in.expires_on = "not a date";
    in.shelf_life = "P";
    out = expect_created(&in);
    CU_ASSERT_EQUAL(out.perishable, 0);
    CU_ASSERT_PTR_NULL(out.expires_on);
    CU_ASSERT_PTR_NULL(out.shelf_life);
    svc_product_clear(&out);
}

static void test_svc_get_product_returns_stored_product(void)
{
    char *tags[] = {"b", "a"};
    svc_product in = tsvc_product("WID-1", "3.5", 9), made = expect_created(&in), out;
    svc_fault f;

    svc_product_clear(&made);
    in.sku = "WID-2";
    in.tags_null = 0;
    in.ntags = 2;
    in.tags = tags;
    made = expect_created(&in);
    CU_ASSERT_EQUAL_FATAL(svc_get_product(tsvc_store, made.id, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL(out.id, 2);
    CU_ASSERT_STRING_EQUAL(out.sku, "WID-2");
    CU_ASSERT_STRING_EQUAL(out.price, "3.5");
    CU_ASSERT_STRING_EQUAL(out.created_at, made.created_at);
    CU_ASSERT_EQUAL_FATAL(out.ntags, 2);
    CU_ASSERT_STRING_EQUAL(out.tags[0], "b");
    CU_ASSERT_STRING_EQUAL(out.tags[1], "a");
    svc_product_clear(&out);
    svc_product_clear(&made);
}

static void test_svc_get_product_unknown_id_is_not_found(void)
{
    static const svc_product zero;
    svc_product out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_product(tsvc_store, 42, &out, &f), SVC_ENOTFOUND);
    CU_ASSERT_EQUAL(f.err, SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "42");
    CU_ASSERT_EQUAL(memcmp(&out, &zero, sizeof out), 0);
}

static void test_svc_delete_product_removes_it(void)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_product out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_delete_product(tsvc_store, id, &f), SVC_OK);
    CU_ASSERT_EQUAL(svc_get_product(tsvc_store, id, &out, &f), SVC_ENOTFOUND);
}

static void test_svc_delete_product_unknown_is_not_found(void)
{
    svc_fault f;

    CU_ASSERT_EQUAL(svc_delete_product(tsvc_store, 7, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "7");
}

static void test_svc_delete_product_deletes_its_image_and_tags(void)
{
    static const unsigned char gif[] = "GIF89a....";
    char *tags[] = {"x"};
    svc_image img = {"image/gif", (unsigned char *)gif, sizeof gif};
    svc_product in = tsvc_product("WID-1", "1", 0), out;
    svc_fault f;

    in.tags_null = 0;
    in.ntags = 1;
    in.tags = tags;
    out = expect_created(&in);
    CU_ASSERT_EQUAL_FATAL(svc_set_product_image(tsvc_store, out.id, &img, &f), SVC_OK);
    CU_ASSERT_EQUAL(svc_delete_product(tsvc_store, out.id, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM product_images"), 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM product_tags"), 0);
    svc_product_clear(&out);
}

static void test_svc_delete_product_keeps_its_orders(void)
{
    int id = tsvc_create("WID-1", "2.5", 10);
    svc_order placed, got;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(tsvc_order1("WID-1", 2, &placed, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_delete_product(tsvc_store, id, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_get_order(tsvc_store, placed.id, &got, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(got.nlines, 1);
    CU_ASSERT_STRING_EQUAL(got.lines[0].sku, "WID-1");
    CU_ASSERT_STRING_EQUAL(got.lines[0].product_name, "Widget");
    CU_ASSERT_STRING_EQUAL(got.lines[0].unit_price, "2.5");
    CU_ASSERT_STRING_EQUAL(got.total, "5");
    svc_order_clear(&placed);
    svc_order_clear(&got);
}

static void test_svc_product_ids_are_not_reused(void)
{
    int first = tsvc_create("WID-1", "1", 0);
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_delete_product(tsvc_store, first, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_create("WID-2", "1", 0), first + 1);
}

/* Creates WID-1 and returns it, as a client would have read it (caller clears). */
static svc_product created(void)
{
    svc_product in = tsvc_product("WID-1", "10", 4);

    return expect_created(&in);
}

static void test_svc_update_product_bumps_version_and_sets_updated_at(void)
{
    svc_product cur = created(), out;
    svc_fault f;

    cur.name[0] = 'G'; /* "Gidget": the members are ours to change */
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL(out.version, 2);
    CU_ASSERT_STRING_EQUAL(out.name, "Gidget");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.updated_at);
    CU_ASSERT_TRUE(svcp_datetime_valid(out.updated_at));
    CU_ASSERT_STRING_EQUAL(out.created_at, cur.created_at);
    CU_ASSERT_TRUE(strcmp(out.updated_at, out.created_at) >= 0);
    svc_product_clear(&out);
    svc_product_clear(&cur);
}

static void test_svc_update_product_keeps_created_at(void)
{
    svc_product cur = created(), out, in;
    svc_fault f;

    in = cur;
    in.created_at = "1999-01-01T00:00:00.000Z";
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &in, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.created_at, cur.created_at);
    svc_product_clear(&out);
    svc_product_clear(&cur);
}

static void test_svc_update_product_unknown_id_is_not_found(void)
{
    svc_product in = tsvc_product("WID-1", "1", 0), out;
    svc_fault f;

    in.id = 5;
    in.has_version = 1;
    in.version = 1;
    CU_ASSERT_EQUAL(svc_update_product(tsvc_store, &in, &out, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "5");
}

static void test_svc_update_product_requires_version(void)
{
    svc_product cur = created(), out;
    svc_fault f;

    cur.has_version = 0;
    CU_ASSERT_EQUAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "Version");
    CU_ASSERT_EQUAL(tsvc_version(cur.id), 1);
    svc_product_clear(&cur);
}

static void test_svc_update_product_stale_version_conflicts(void)
{
    svc_product cur = created(), out;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_OK);
    svc_product_clear(&out);
    cur.stock_quantity = 99; /* a second client, still holding version 1 */
    CU_ASSERT_EQUAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_ECONFLICT);
    CU_ASSERT_EQUAL(f.has_current_version, 1);
    CU_ASSERT_EQUAL(f.current_version, 2);
    CU_ASSERT_EQUAL(tsvc_stock(cur.id), 4);
    svc_product_clear(&cur);
}

static void test_svc_update_product_can_change_sku(void)
{
    svc_product cur = created(), out;
    svc_fault f;
    char *old = cur.sku;

    cur.sku = "WID-9";
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.sku, "WID-9");
    cur.sku = old;
    svc_product_clear(&out);
    svc_product_clear(&cur);
}

static void test_svc_update_product_sku_of_another_conflicts(void)
{
    svc_product cur = created(), out;
    svc_fault f;
    char *old = cur.sku;

    CU_ASSERT_NOT_EQUAL_FATAL(tsvc_create("WID-2", "1", 0), -1);
    cur.sku = "WID-2";
    CU_ASSERT_EQUAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_ECONFLICT);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.message, "WID-2"));
    CU_ASSERT_EQUAL(f.has_current_version, 0);
    CU_ASSERT_EQUAL(tsvc_version(cur.id), 1);
    cur.sku = old;
    svc_product_clear(&cur);
}

static void test_svc_update_product_switches_plain_and_perishable(void)
{
    svc_product cur = created(), out, back;
    svc_fault f;

    cur.perishable = 1;
    cur.expires_on = "2027-01-01T00:00:00Z";
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL(out.perishable, 1);
    CU_ASSERT_STRING_EQUAL(out.expires_on, "2027-01-01T00:00:00Z");
    cur.expires_on = NULL;
    out.perishable = 0;
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &out, &back, &f), SVC_OK);
    CU_ASSERT_EQUAL(back.perishable, 0);
    CU_ASSERT_PTR_NULL(back.expires_on);
    CU_ASSERT_EQUAL(back.version, 3);
    svc_product_clear(&back);
    svc_product_clear(&out);
    svc_product_clear(&cur);
}

static void test_svc_update_product_validates_members(void)
{
    svc_product cur = created(), out;
    svc_fault f;
    char *old = cur.price;

    cur.price = "1.23456";
    CU_ASSERT_EQUAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "Price");
    CU_ASSERT_EQUAL(tsvc_version(cur.id), 1);
    cur.price = old;
    svc_product_clear(&cur);
}

static void test_svc_update_product_replaces_tags(void)
{
    char *tags[] = {"new"};
    svc_product cur = created(), out;
    svc_fault f;

    cur.tags_null = 0;
    cur.ntags = 1;
    cur.tags = tags;
    CU_ASSERT_EQUAL_FATAL(svc_update_product(tsvc_store, &cur, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(out.ntags, 1);
    CU_ASSERT_STRING_EQUAL(out.tags[0], "new");
    cur.tags = NULL;
    cur.ntags = 0;
    svc_product_clear(&out);
    svc_product_clear(&cur);
}

int test_svc_products_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_create_product_assigns_id_version_and_created_at),
        TSVC_TEST(test_svc_create_product_returns_the_members_sent),
        TSVC_TEST(test_svc_create_product_ignores_server_assigned_members),
        TSVC_TEST(test_svc_create_product_keeps_nil_description_and_tags),
        TSVC_TEST(test_svc_create_product_keeps_empty_tag_list),
        TSVC_TEST(test_svc_create_product_requires_sku),
        TSVC_TEST(test_svc_create_product_refuses_bad_sku),
        TSVC_TEST(test_svc_create_product_duplicate_sku_conflicts),
        TSVC_TEST(test_svc_create_product_requires_name),
        TSVC_TEST(test_svc_create_product_refuses_empty_name),
        TSVC_TEST(test_svc_create_product_counts_name_in_code_points),
        TSVC_TEST(test_svc_create_product_refuses_invalid_utf8_name),
        TSVC_TEST(test_svc_create_product_refuses_invalid_utf8_description),
        TSVC_TEST(test_svc_create_product_limits_description_to_2000),
        TSVC_TEST(test_svc_create_product_requires_category),
        TSVC_TEST(test_svc_create_product_refuses_unknown_category),
        TSVC_TEST(test_svc_create_product_requires_price),
        TSVC_TEST(test_svc_create_product_refuses_negative_price),
        TSVC_TEST(test_svc_create_product_refuses_five_decimals),
        TSVC_TEST(test_svc_create_product_refuses_exponent_and_nan),
        TSVC_TEST(test_svc_create_product_refuses_price_overflow),
        TSVC_TEST(test_svc_create_product_keeps_price_exact),
        TSVC_TEST(test_svc_create_product_refuses_negative_stock),
        TSVC_TEST(test_svc_create_product_refuses_empty_tag),
        TSVC_TEST(test_svc_create_product_limits_tag_to_100_chars),
        TSVC_TEST(test_svc_create_product_limits_tags_to_50),
        TSVC_TEST(test_svc_create_product_refuses_invalid_utf8_tag),
        TSVC_TEST(test_svc_create_perishable_requires_expires_on),
        TSVC_TEST(test_svc_create_perishable_refuses_bad_expires_on),
        TSVC_TEST(test_svc_create_perishable_refuses_bad_shelf_life),
        TSVC_TEST(test_svc_create_perishable_keeps_texts_exactly),
        TSVC_TEST(test_svc_create_perishable_shelf_life_is_optional),
        TSVC_TEST(test_svc_create_plain_product_ignores_perishable_members),
        TSVC_TEST(test_svc_get_product_returns_stored_product),
        TSVC_TEST(test_svc_get_product_unknown_id_is_not_found),
        TSVC_TEST(test_svc_delete_product_removes_it),
        TSVC_TEST(test_svc_delete_product_unknown_is_not_found),
        TSVC_TEST(test_svc_delete_product_deletes_its_image_and_tags),
        TSVC_TEST(test_svc_delete_product_keeps_its_orders),
        TSVC_TEST(test_svc_product_ids_are_not_reused),
        TSVC_TEST(test_svc_update_product_bumps_version_and_sets_updated_at),
        TSVC_TEST(test_svc_update_product_keeps_created_at),
        TSVC_TEST(test_svc_update_product_unknown_id_is_not_found),
        TSVC_TEST(test_svc_update_product_requires_version),
        TSVC_TEST(test_svc_update_product_stale_version_conflicts),
        TSVC_TEST(test_svc_update_product_can_change_sku),
        TSVC_TEST(test_svc_update_product_sku_of_another_conflicts),
        TSVC_TEST(test_svc_update_product_switches_plain_and_perishable),
        TSVC_TEST(test_svc_update_product_validates_members),
        TSVC_TEST(test_svc_update_product_replaces_tags),
        {NULL, NULL},
    };

    return tsvc_add_suite("service products", 1, tests);
}
