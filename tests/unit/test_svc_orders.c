/* test_svc_orders.c - PlaceOrder, GetOrder, CancelOrder and ShipOrder: pricing, all-or-nothing
 * stock, the order state machine and every fault. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

/* An order request for Ada with the given lines. */
static svc_order_req request(const svc_line_req *lines, size_t n)
{
    svc_order_req req;

    memset(&req, 0, sizeof req);
    req.customer_name = "Ada";
    req.lines = lines;
    req.nlines = n;
    return req;
}

/* Expects PlaceOrder to refuse req with a validation fault on field, taking no stock. */
static void expect_invalid(const svc_order_req *req, const char *field)
{
    static const svc_order zero;
    svc_order out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, req, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, field);
    CU_ASSERT_NOT_EQUAL(f.message[0], '\0');
    CU_ASSERT_EQUAL(memcmp(&out, &zero, sizeof out), 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM orders"), 0);
}

/* Places Ada's order of one line and returns it (fatal when refused; caller clears). */
static svc_order placed(const char *sku, int quantity)
{
    svc_order out;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(tsvc_order1(sku, quantity, &out, &f), SVC_OK);
    return out;
}

static void test_svc_place_order_prices_lines_from_the_catalogue(void)
{
    svc_line_req lines[] = {{"WID-1", 3}, {"GAD-1", 1}};
    svc_order_req req = request(lines, 2);
    svc_order out;
    svc_fault f;

    tsvc_create("WID-1", "19.99", 10);
    tsvc_create("GAD-1", "100", 10);
    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(out.nlines, 2);
    CU_ASSERT_STRING_EQUAL(out.lines[0].sku, "WID-1");
    CU_ASSERT_STRING_EQUAL(out.lines[0].product_name, "Widget");
    CU_ASSERT_EQUAL(out.lines[0].quantity, 3);
    CU_ASSERT_STRING_EQUAL(out.lines[0].unit_price, "19.99");
    CU_ASSERT_STRING_EQUAL(out.lines[0].line_total, "59.97");
    CU_ASSERT_STRING_EQUAL(out.lines[1].line_total, "100");
    CU_ASSERT_STRING_EQUAL(out.total, "159.97");
    svc_order_clear(&out);
}

static void test_svc_place_order_totals_decimals_exactly(void)
{
    svc_line_req lines[] = {{"DIME-1", 1}, {"DIME-2", 1}};
    svc_order_req req = request(lines, 2);
    svc_order out;
    svc_fault f;

    tsvc_create("DIME-1", "0.10", 5);
    tsvc_create("DIME-2", "0.20", 5);
    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.total, "0.3");
    CU_ASSERT_STRING_EQUAL(out.lines[0].unit_price, "0.1");
    svc_order_clear(&out);
}

static void test_svc_place_order_sets_id_status_and_time(void)
{
    char lower[SVCP_GUID_LEN];
    svc_order out;

    tsvc_create("WID-1", "1", 5);
    out = placed("WID-1", 1);
    CU_ASSERT_TRUE(svcp_guid_normalize(out.id, lower));
    CU_ASSERT_STRING_EQUAL(out.id, lower);
    CU_ASSERT_EQUAL(out.id[14], '4'); /* version 4 */
    CU_ASSERT_PTR_NOT_NULL(strchr("89ab", out.id[19]));
    CU_ASSERT_EQUAL(out.status, SVC_ORDER_PENDING);
    CU_ASSERT_TRUE(svcp_datetime_valid(out.placed_at));
    CU_ASSERT_STRING_EQUAL(out.customer_name, "Ada");
    CU_ASSERT_PTR_NULL(out.customer_email);
    CU_ASSERT_PTR_NULL(out.note);
    CU_ASSERT_PTR_NULL(out.cancel_reason);
    svc_order_clear(&out);
}

static void test_svc_place_order_gives_each_order_a_new_id(void)
{
    svc_order a, b;

    tsvc_create("WID-1", "1", 5);
    a = placed("WID-1", 1);
    b = placed("WID-1", 1);
    CU_ASSERT_STRING_NOT_EQUAL(a.id, b.id);
    svc_order_clear(&a);
    svc_order_clear(&b);
}

static void test_svc_place_order_keeps_email_and_note(void)
{
    svc_line_req line = {"WID-1", 1};
    svc_order_req req = request(&line, 1);
    svc_order out;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    req.customer_email = "ada@example.com";
    req.note = "Leave at the door";
    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.customer_email, "ada@example.com");
    CU_ASSERT_STRING_EQUAL(out.note, "Leave at the door");
    svc_order_clear(&out);
}

static void test_svc_place_order_takes_the_stock(void)
{
    int id = tsvc_create("WID-1", "1", 5);
    svc_order out = placed("WID-1", 2);

    CU_ASSERT_EQUAL(tsvc_stock(id), 3);
    svc_order_clear(&out);
}

static void test_svc_place_order_bumps_product_version(void)
{
    int id = tsvc_create("WID-1", "1", 5);
    svc_order out = placed("WID-1", 2);

    CU_ASSERT_EQUAL(tsvc_version(id), 2);
    svc_order_clear(&out);
}

static void test_svc_place_order_requires_customer_name(void)
{
    svc_line_req line = {"WID-1", 1};
    svc_order_req req = request(&line, 1);
    char name[202];

    tsvc_create("WID-1", "1", 5);
    req.customer_name = NULL;
    expect_invalid(&req, "CustomerName");
    req.customer_name = "";
    expect_invalid(&req, "CustomerName");
    memset(name, 'n', 201);
    name[201] = '\0';
    req.customer_name = name;
    expect_invalid(&req, "CustomerName");
    req.customer_name = "\xc3";
    expect_invalid(&req, "CustomerName");
}

static void test_svc_place_order_refuses_bad_email(void)
{
    svc_line_req line = {"WID-1", 1};
    svc_order_req req = request(&line, 1);

    tsvc_create("WID-1", "1", 5);
    req.customer_email = "ada.example.com";
    expect_invalid(&req, "CustomerEmail");
    req.customer_email = "a@b@c";
    expect_invalid(&req, "CustomerEmail");
    req.customer_email = "";
    expect_invalid(&req, "CustomerEmail");
}

static void test_svc_place_order_limits_note_to_2000(void)
{
    svc_line_req line = {"WID-1", 1};
    svc_order_req req = request(&line, 1);
    char *note = malloc(2002);

    tsvc_create("WID-1", "1", 5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(note);
    memset(note, 'n', 2001);
    note[2001] = '\0';
    req.note = note;
    expect_invalid(&req, "Note");
    free(note);
}

static void test_svc_place_order_requires_lines(void)
{
    svc_order_req req = request(NULL, 0);

    expect_invalid(&req, "Lines");
}

static void test_svc_place_order_limits_lines_to_100(void)
{
    svc_line_req lines[101];
    svc_order_req req;
    size_t i;

    tsvc_create("WID-1", "1", 500);
    for (i = 0; i < 101; i++)
        lines[i] = (svc_line_req){"WID-1", 1};
    req = request(lines, 101);
    expect_invalid(&req, "Lines");
}

static void test_svc_place_order_requires_line_sku(void)
{
    svc_line_req lines[] = {{"WID-1", 1}, {NULL, 1}};
    svc_order_req req = request(lines, 2);

    tsvc_create("WID-1", "1", 5);
    expect_invalid(&req, "Lines[1].Sku");
    lines[1].sku = "";
    expect_invalid(&req, "Lines[1].Sku");
}

static void test_svc_place_order_requires_positive_quantity(void)
{
    svc_line_req lines[] = {{"WID-1", 1}, {"WID-1", 1}, {"WID-1", 0}};
    svc_order_req req = request(lines, 3);

    tsvc_create("WID-1", "1", 5);
    expect_invalid(&req, "Lines[2].Quantity");
    lines[2].quantity = -4;
    expect_invalid(&req, "Lines[2].Quantity");
}

static void test_svc_place_order_unknown_sku_is_not_found(void)
{
    svc_line_req lines[] = {{"WID-1", 1}, {"NOPE-1", 1}};
    svc_order_req req = request(lines, 2);
    int id = tsvc_create("WID-1", "1", 5);
    svc_order out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "NOPE-1");
    CU_ASSERT_EQUAL(tsvc_stock(id), 5);
}

static void test_svc_place_order_is_all_or_nothing(void)
{
    svc_line_req lines[] = {{"WID-1", 2}, {"GAD-1", 4}};
    svc_order_req req = request(lines, 2);
    int wid = tsvc_create("WID-1", "1", 5), gad = tsvc_create("GAD-1", "1", 3);
    svc_order out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_ESTOCK);
    CU_ASSERT_STRING_EQUAL(f.sku, "GAD-1");
    CU_ASSERT_EQUAL(f.requested, 4);
    CU_ASSERT_EQUAL(f.available, 3);
    CU_ASSERT_EQUAL(tsvc_stock(wid), 5);
    CU_ASSERT_EQUAL(tsvc_stock(gad), 3);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM orders"), 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM order_lines"), 0);
}

static void test_svc_place_order_counts_repeated_skus_together(void)
{
    svc_line_req lines[] = {{"WID-1", 3}, {"GAD-1", 1}, {"WID-1", 3}};
    svc_order_req req = request(lines, 3);
    int wid = tsvc_create("WID-1", "1", 5);
    svc_order out;
    svc_fault f;

    tsvc_create("GAD-1", "1", 5);
    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_ESTOCK);
    CU_ASSERT_STRING_EQUAL(f.sku, "WID-1");
    CU_ASSERT_EQUAL(f.requested, 6);
    CU_ASSERT_EQUAL(f.available, 5);
    lines[2].quantity = 2;
    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(wid), 0);
    svc_order_clear(&out);
}

static void test_svc_place_order_refuses_total_overflow(void)
{
    svc_line_req lines[] = {{"GOLD-1", 1}, {"GOLD-1", 100}};
    svc_order_req req = request(lines, 2);
    svc_order out;
    svc_fault f;

    tsvc_create("GOLD-1", "900000000000000", 1000);
    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "Lines[1].Quantity");
    lines[1].quantity = 1; /* each line fits in int64, their sum does not */
    CU_ASSERT_EQUAL(svc_place_order(tsvc_store, &req, &out, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "Lines[1].Quantity");
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM orders"), 0);
}

static void test_svc_get_order_returns_the_order(void)
{
    svc_order made, got;
    svc_fault f;

    tsvc_create("WID-1", "2.5", 5);
    made = placed("WID-1", 2);
    CU_ASSERT_EQUAL_FATAL(svc_get_order(tsvc_store, made.id, &got, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(got.id, made.id);
    CU_ASSERT_STRING_EQUAL(got.placed_at, made.placed_at);
    CU_ASSERT_STRING_EQUAL(got.total, "5");
    CU_ASSERT_EQUAL(got.nlines, 1);
    svc_order_clear(&made);
    svc_order_clear(&got);
}

static void test_svc_get_order_ignores_id_case(void)
{
    char upper[SVCP_GUID_LEN];
    svc_order made, got;
    svc_fault f;
    size_t i;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    for (i = 0; i < sizeof upper; i++)
        upper[i] = (made.id[i] >= 'a' && made.id[i] <= 'f') ? made.id[i] - 32 : made.id[i];
    CU_ASSERT_EQUAL_FATAL(svc_get_order(tsvc_store, upper, &got, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(got.id, made.id);
    svc_order_clear(&made);
    svc_order_clear(&got);
}

static void test_svc_get_order_malformed_id_is_invalid(void)
{
    svc_order got;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_order(tsvc_store, "42", &got, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "id");
    CU_ASSERT_EQUAL(svc_get_order(tsvc_store, NULL, &got, &f), SVC_EVALIDATION);
}

static void test_svc_get_order_unknown_id_is_not_found(void)
{
    svc_order got;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_order(tsvc_store, "0F8FAD5B-D9CB-469F-A165-70867728950E", &got, &f),
                    SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Order");
    CU_ASSERT_STRING_EQUAL(f.key, "0f8fad5b-d9cb-469f-a165-70867728950e");
}

static void test_svc_cancel_order_restores_stock(void)
{
    svc_line_req lines[] = {{"WID-1", 2}, {"GAD-1", 1}, {"WID-1", 1}};
    svc_order_req req = request(lines, 3);
    int wid = tsvc_create("WID-1", "1", 5), gad = tsvc_create("GAD-1", "1", 5);
    svc_order made, done;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &made, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(wid), 2);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, "changed my mind", &done, &f),
                          SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(wid), 5);
    CU_ASSERT_EQUAL(tsvc_stock(gad), 5);
    svc_order_clear(&made);
    svc_order_clear(&done);
}

static void test_svc_cancel_order_sets_status_and_reason(void)
{
    svc_order made, done;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, "too late", &done, &f), SVC_OK);
    CU_ASSERT_EQUAL(done.status, SVC_ORDER_CANCELLED);
    CU_ASSERT_STRING_EQUAL(done.cancel_reason, "too late");
    svc_order_clear(&made);
    svc_order_clear(&done);
}

static void test_svc_cancel_order_reason_is_optional(void)
{
    svc_order made, done;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_OK);
    CU_ASSERT_PTR_NULL(done.cancel_reason);
    svc_order_clear(&made);
    svc_order_clear(&done);
}

static void test_svc_cancel_order_limits_reason_to_500(void)
{
    char reason[502];
    svc_order made, done;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    memset(reason, 'r', 501);
    reason[501] = '\0';
    CU_ASSERT_EQUAL(svc_cancel_order(tsvc_store, made.id, reason, &done, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "reason");
    svc_order_clear(&made);
}

static void test_svc_cancel_order_twice_is_invalid_state(void)
{
    svc_order made, done;
    svc_fault f;
    int id = tsvc_create("WID-1", "1", 5);

    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_OK);
    svc_order_clear(&done);
    CU_ASSERT_EQUAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_ESTATE);
    CU_ASSERT_EQUAL(f.current_state, SVC_ORDER_CANCELLED);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.message, "Cancelled"));
    CU_ASSERT_EQUAL(tsvc_stock(id), 5);
    svc_order_clear(&made);
}

static void test_svc_cancel_order_restores_only_existing_products(void)
{
    svc_line_req lines[] = {{"WID-1", 2}, {"GAD-1", 1}};
    svc_order_req req = request(lines, 2);
    int wid = tsvc_create("WID-1", "1", 5), gad = tsvc_create("GAD-1", "1", 5);
    svc_order made, done;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_place_order(tsvc_store, &req, &made, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_delete_product(tsvc_store, gad, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_stock(wid), 5);
    CU_ASSERT_EQUAL(done.nlines, 2);
    svc_order_clear(&made);
    svc_order_clear(&done);
}

static void test_svc_cancel_order_unknown_and_malformed_ids(void)
{
    svc_order done;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_cancel_order(tsvc_store, "0f8fad5b-d9cb-469f-a165-70867728950e", NULL,
                                     &done, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Order");
    CU_ASSERT_EQUAL(svc_cancel_order(tsvc_store, "nope", NULL, &done, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "id");
}

static void test_svc_ship_order_sets_shipped(void)
{
    svc_order made, done, got;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_ship_order(tsvc_store, made.id, &done, &f), SVC_OK);
    CU_ASSERT_EQUAL(done.status, SVC_ORDER_SHIPPED);
    CU_ASSERT_EQUAL_FATAL(svc_get_order(tsvc_store, made.id, &got, &f), SVC_OK);
    CU_ASSERT_EQUAL(got.status, SVC_ORDER_SHIPPED);
    svc_order_clear(&made);
    svc_order_clear(&done);
    svc_order_clear(&got);
}

static void test_svc_ship_order_after_cancel_is_invalid_state(void)
{
    svc_order made, done;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_OK);
    svc_order_clear(&done);
    CU_ASSERT_EQUAL(svc_ship_order(tsvc_store, made.id, &done, &f), SVC_ESTATE);
    CU_ASSERT_EQUAL(f.current_state, SVC_ORDER_CANCELLED);
    svc_order_clear(&made);
}

static void test_svc_cancel_order_after_ship_is_invalid_state(void)
{
    svc_order made, done;
    svc_fault f;
    int id = tsvc_create("WID-1", "1", 5);

    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_ship_order(tsvc_store, made.id, &done, &f), SVC_OK);
    svc_order_clear(&done);
    CU_ASSERT_EQUAL(svc_cancel_order(tsvc_store, made.id, NULL, &done, &f), SVC_ESTATE);
    CU_ASSERT_EQUAL(f.current_state, SVC_ORDER_SHIPPED);
    CU_ASSERT_EQUAL(tsvc_stock(id), 4);
    svc_order_clear(&made);
}

static void test_svc_ship_order_twice_is_invalid_state(void)
{
    svc_order made, done;
    svc_fault f;

    tsvc_create("WID-1", "1", 5);
    made = placed("WID-1", 1);
    CU_ASSERT_EQUAL_FATAL(svc_ship_order(tsvc_store, made.id, &done, &f), SVC_OK);
    svc_order_clear(&done);
    CU_ASSERT_EQUAL(svc_ship_order(tsvc_store, made.id, &done, &f), SVC_ESTATE);
    CU_ASSERT_EQUAL(f.current_state, SVC_ORDER_SHIPPED);
    svc_order_clear(&made);
}

static void test_svc_ship_order_unknown_and_malformed_ids(void)
{
    svc_order done;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_ship_order(tsvc_store, "0f8fad5b-d9cb-469f-a165-70867728950e", &done,
                                   &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.key, "0f8fad5b-d9cb-469f-a165-70867728950e");
    CU_ASSERT_EQUAL(svc_ship_order(tsvc_store, "0f8fad5b-d9cb-469f-a165", &done, &f),
                    SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "id");
}

int test_svc_orders_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_place_order_prices_lines_from_the_catalogue),
        TSVC_TEST(test_svc_place_order_totals_decimals_exactly),
        TSVC_TEST(test_svc_place_order_sets_id_status_and_time),
        TSVC_TEST(test_svc_place_order_gives_each_order_a_new_id),
        TSVC_TEST(test_svc_place_order_keeps_email_and_note),
        TSVC_TEST(test_svc_place_order_takes_the_stock),
        TSVC_TEST(test_svc_place_order_bumps_product_version),
        TSVC_TEST(test_svc_place_order_requires_customer_name),
        TSVC_TEST(test_svc_place_order_refuses_bad_email),
        TSVC_TEST(test_svc_place_order_limits_note_to_2000),
        TSVC_TEST(test_svc_place_order_requires_lines),
        TSVC_TEST(test_svc_place_order_limits_lines_to_100),
        TSVC_TEST(test_svc_place_order_requires_line_sku),
        TSVC_TEST(test_svc_place_order_requires_positive_quantity),
        TSVC_TEST(test_svc_place_order_unknown_sku_is_not_found),
        TSVC_TEST(test_svc_place_order_is_all_or_nothing),
        TSVC_TEST(test_svc_place_order_counts_repeated_skus_together),
        TSVC_TEST(test_svc_place_order_refuses_total_overflow),
        TSVC_TEST(test_svc_get_order_returns_the_order),
        TSVC_TEST(test_svc_get_order_ignores_id_case),
        TSVC_TEST(test_svc_get_order_malformed_id_is_invalid),
        TSVC_TEST(test_svc_get_order_unknown_id_is_not_found),
        TSVC_TEST(test_svc_cancel_order_restores_stock),
        TSVC_TEST(test_svc_cancel_order_sets_status_and_reason),
        TSVC_TEST(test_svc_cancel_order_reason_is_optional),
        TSVC_TEST(test_svc_cancel_order_limits_reason_to_500),
        TSVC_TEST(test_svc_cancel_order_twice_is_invalid_state),
        TSVC_TEST(test_svc_cancel_order_restores_only_existing_products),
        TSVC_TEST(test_svc_cancel_order_unknown_and_malformed_ids),
        TSVC_TEST(test_svc_ship_order_sets_shipped),
        TSVC_TEST(test_svc_ship_order_after_cancel_is_invalid_state),
        TSVC_TEST(test_svc_cancel_order_after_ship_is_invalid_state),
        TSVC_TEST(test_svc_ship_order_twice_is_invalid_state),
        TSVC_TEST(test_svc_ship_order_unknown_and_malformed_ids),
        {NULL, NULL},
    };

    return tsvc_add_suite("service orders", 1, tests);
}
