/* orders.c - PlaceOrder, GetOrder, CancelOrder and ShipOrder. An order keeps its own copy of
 * each line's Sku, product name and prices, so later catalogue changes never alter it. */
#include "svc_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REASON_MAX_CHARS 500

static const svcp_sql q_by_sku = {SVCP_Q_PRODUCT_BY_SKU,
    "SELECT name, price, stock FROM products WHERE sku = ?1"};
/* Every change of a product row bumps its Version: an UpdateProduct based on a read taken
 * before the order would otherwise write the old stock back (a lost update). */
static const svcp_sql q_stock_take = {SVCP_Q_STOCK_TAKE,
    "UPDATE products SET stock = stock - ?1, version = version + 1, updated_at = ?2"
    " WHERE sku = ?3"};
/* Gives back the order's quantities to the products that still carry those Skus. The cap
 * keeps StockQuantity inside the contract's int even after large AdjustStock calls. */
static const svcp_sql q_stock_restore = {SVCP_Q_STOCK_RESTORE,
    "UPDATE products SET stock = min(2147483647, stock + (SELECT sum(l.quantity)"
    " FROM order_lines l WHERE l.order_id = ?1 AND l.sku = products.sku)),"
    " version = version + 1, updated_at = ?2"
    " WHERE sku IN (SELECT sku FROM order_lines WHERE order_id = ?1)"};
static const svcp_sql q_order_insert = {SVCP_Q_ORDER_INSERT,
    "INSERT INTO orders (id, customer_name, customer_email, note, status, placed_at, total)"
    " VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)"};
static const svcp_sql q_line_insert = {SVCP_Q_LINE_INSERT,
    "INSERT INTO order_lines (order_id, line_no, sku, product_name, quantity, unit_price,"
    " line_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
static const svcp_sql q_order_get = {SVCP_Q_ORDER_GET,
    "SELECT id, customer_name, customer_email, note, status, placed_at, total, cancel_reason"
    " FROM orders WHERE id = ?1"};
static const svcp_sql q_lines_get = {SVCP_Q_LINES_GET,
    "SELECT sku, product_name, quantity, unit_price, line_total FROM order_lines"
    " WHERE order_id = ?1 ORDER BY line_no"};
static const svcp_sql q_status = {SVCP_Q_ORDER_STATUS, "SELECT status FROM orders WHERE id = ?1"};
static const svcp_sql q_set_status = {SVCP_Q_ORDER_SET_STATUS,
    "UPDATE orders SET status = ?2, cancel_reason = ?3 WHERE id = ?1"};

/* One requested line, priced from the catalogue. */
typedef struct priced_line {
    char *name;    /* the product's name, copied */
    int64_t unit;  /* the product's price (>= 0: validated on input) */
    int64_t total; /* unit * quantity */
    int64_t stock; /* stock on hand of this Sku */
    int64_t take;  /* on the first line of a Sku: all its quantities in the order; else 0 */
} priced_line;

static int overflow(svc_fault *f, size_t i)
{
    char field[48];

    snprintf(field, sizeof field, "Lines[%zu].Quantity", i);
    return svcp_fail_validation(f, field, "%s makes the order total too large", field);
}

static int price_line(svc_store *s, const svc_line_req *line, size_t i, priced_line *pl,
                      svc_fault *f)
{
    sqlite3_stmt *st;
    int oom = 0, rc = svcp_run(s, f, &q_by_sku, &st, "t", line->sku);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound(f, "Product", line->sku);
    if (rc != SVCP_ROW)
        return rc;
    pl->name = svcp_col_text(st, 0, &oom);
    pl->unit = sqlite3_column_int64(st, 1);
    pl->stock = sqlite3_column_int64(st, 2);
    if (oom)
        return svcp_fail_oom(f);
    if (pl->unit > INT64_MAX / line->quantity)
        return overflow(f, i);
    pl->total = pl->unit * line->quantity;
    return SVC_OK;
}

static int price_lines(svc_store *s, const svc_order_req *in, priced_line *pl, int64_t *total,
                       svc_fault *f)
{
    size_t i;
    int rc;

    *total = 0;
    for (i = 0; i < in->nlines; i++) {
        if ((rc = price_line(s, &in->lines[i], i, &pl[i], f)) != SVC_OK)
            return rc;
        if (pl[i].total > INT64_MAX - *total)
            return overflow(f, i);
        *total += pl[i].total;
    }
    return SVC_OK;
}

/* Checks the stock of each Sku against the sum of its lines (lines may repeat a Sku). */
static int check_stock(const svc_order_req *in, priced_line *pl, svc_fault *f)
{
    size_t i, j;

    for (i = 0; i < in->nlines; i++) {
        for (j = 0; j < i && strcmp(in->lines[j].sku, in->lines[i].sku) != 0; j++)
            ;
        if (j < i)
            continue; /* counted on the Sku's first line */
        for (j = i; j < in->nlines; j++)
            if (strcmp(in->lines[j].sku, in->lines[i].sku) == 0)
                pl[i].take += in->lines[j].quantity;
        if (pl[i].take > pl[i].stock)
            return svcp_fail_stock(f, in->lines[i].sku, pl[i].take, pl[i].stock);
    }
    return SVC_OK;
}

static int take_stock(svc_store *s, const svc_order_req *in, const priced_line *pl,
                      const char *now, svc_fault *f)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = SVCP_DONE;

    for (i = 0; rc == SVCP_DONE && i < in->nlines; i++)
        if (pl[i].take > 0)
            rc = svcp_run(s, f, &q_stock_take, &st, "Itt", pl[i].take, now, in->lines[i].sku);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

/* Fills buf with n random bytes from the kernel; returns -1 when it cannot. */
static int random_bytes(unsigned char *buf, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    ssize_t r = 0;

    if (fd < 0)
        return -1;
    while (got < n && (r = read(fd, buf + got, n - got)) > 0)
        got += (size_t)r;
    close(fd);
    return got == n ? 0 : -1;
}

/* Writes a new random (version 4) guid in lower case. */
static void new_order_id(char id[SVCP_GUID_LEN])
{
    unsigned char b[16];

    if (random_bytes(b, sizeof b) != 0)
        sqlite3_randomness(sizeof b, b); /* no /dev/urandom (a chroot): SQLite's OS-seeded PRNG */
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    snprintf(id, SVCP_GUID_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

static int insert_order(svc_store *s, const char *id, const svc_order_req *in,
                        const priced_line *pl, int64_t total, const char *now, svc_fault *f)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = svcp_run(s, f, &q_order_insert, &st, "tttttI", id, in->customer_name,
                      in->customer_email, in->note, now, total);

    for (i = 0; rc == SVCP_DONE && i < in->nlines; i++)
        rc = svcp_run(s, f, &q_line_insert, &st, "tittiII", id, (int)i, in->lines[i].sku,
                      pl[i].name, in->lines[i].quantity, pl[i].unit, pl[i].total);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

static void free_priced(priced_line *pl, size_t n)
{
    size_t i;

    for (i = 0; pl && i < n; i++)
        free(pl[i].name);
    free(pl);
}

/* Ends the operation's transaction; on failure nothing is left in out. */
static int finish(svc_store *s, int rc, svc_order *out, svc_fault *f)
{
    rc = svcp_finish(s, rc, f);
    if (rc != SVC_OK)
        svc_order_clear(out);
    return rc;
}

int svc_place_order(svc_store *s, const svc_order_req *in, svc_order *out, svc_fault *f)
{
    char id[SVCP_GUID_LEN], now[SVCP_TIME_LEN];
    priced_line *pl = NULL;
    int64_t total = 0;
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK && !in)
        rc = svcp_fail_internal(f, "invalid argument: no order");
    if (rc == SVC_OK)
        rc = svcp_check_order(in, f);
    if (rc == SVC_OK && !(pl = calloc(in->nlines, sizeof *pl)))
        rc = svcp_fail_oom(f);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        goto out;
    /* All checks run inside the write transaction, so the stock cannot change between the
     * check and the take, and any failure rolls back every line. */
    rc = price_lines(s, in, pl, &total, f);
    if (rc == SVC_OK)
        rc = check_stock(in, pl, f);
    if (rc == SVC_OK) {
        new_order_id(id);
        svcp_time_format(svcp_now_ms(), now);
        rc = insert_order(s, id, in, pl, total, now, f);
    }
    if (rc == SVC_OK)
        rc = take_stock(s, in, pl, now, f);
    if (rc == SVC_OK)
        rc = svcp_order_load(s, id, out, f);
    rc = finish(s, rc, out, f);
out:
    free_priced(pl, in ? in->nlines : 0);
    return rc;
}

static int read_order_row(sqlite3_stmt *st, svc_order *o)
{
    const unsigned char *id = sqlite3_column_text(st, 0);
    int oom = !id;

    svcp_copy_text(o->id, sizeof o->id, (const char *)id);
    o->customer_name = svcp_col_text(st, 1, &oom);
    o->customer_email = svcp_col_text(st, 2, &oom);
    o->note = svcp_col_text(st, 3, &oom);
    o->status = sqlite3_column_int(st, 4);
    o->placed_at = svcp_col_text(st, 5, &oom);
    if (!(o->total = svcp_decimal_dup(sqlite3_column_int64(st, 6))))
        oom = 1;
    o->cancel_reason = svcp_col_text(st, 7, &oom);
    return oom ? -1 : 0;
}

/* Appends one row of q_lines_get to o->lines; returns -1 when out of memory. */
static int read_line(sqlite3_stmt *st, svc_order *o, size_t *cap)
{
    svc_order_line *lines = svcp_grow(o->lines, cap, o->nlines + 1, sizeof *lines), *l;
    int oom = 0;

    if (!lines)
        return -1;
    o->lines = lines;
    l = memset(&lines[o->nlines++], 0, sizeof *l); /* counted first: clear frees it */
    l->sku = svcp_col_text(st, 0, &oom);
    l->product_name = svcp_col_text(st, 1, &oom);
    l->quantity = sqlite3_column_int(st, 2);
    l->unit_price = svcp_decimal_dup(sqlite3_column_int64(st, 3));
    l->line_total = svcp_decimal_dup(sqlite3_column_int64(st, 4));
    return oom || !l->unit_price || !l->line_total ? -1 : 0;
}

int svcp_order_load(svc_store *s, const char *id, svc_order *out, svc_fault *f)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc = svcp_run(s, f, &q_order_get, &st, "t", id);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound(f, "Order", id);
    if (rc != SVCP_ROW)
        return rc;
    if (read_order_row(st, out) != 0)
        return svcp_fail_oom(f);
    for (rc = svcp_run(s, f, &q_lines_get, &st, "t", id); rc == SVCP_ROW;
         rc = svcp_next(s, f, st))
        if (read_line(st, out, &cap) != 0)
            return svcp_fail_oom(f);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

int svc_get_order(svc_store *s, const char *id, svc_order *out, svc_fault *f)
{
    char key[SVCP_GUID_LEN];
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK)
        rc = svcp_check_order_id(id, key, f);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_READ, f)) != SVC_OK)
        return rc;
    return finish(s, svcp_order_load(s, key, out, f), out, f);
}

/* Checks that order id exists and is Pending; `action` completes "can be ...". */
static int check_pending(svc_store *s, const char *id, const char *action, svc_fault *f)
{
    sqlite3_stmt *st;
    int status, rc = svcp_run(s, f, &q_status, &st, "t", id);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound(f, "Order", id);
    if (rc != SVCP_ROW)
        return rc;
    status = sqlite3_column_int(st, 0);
    if (status != SVC_ORDER_PENDING)
        return svcp_fail_state(f, status, "order %s is %s: only a Pending order can be %s", id,
                               svc_order_status_name(status), action);
    return SVC_OK;
}

static int set_status(svc_store *s, const char *id, int status, const char *reason,
                      svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_run(s, f, &q_set_status, &st, "tit", id, status, reason);

    return rc == SVCP_DONE ? SVC_OK : rc;
}

static int restore_stock(svc_store *s, const char *id, svc_fault *f)
{
    char now[SVCP_TIME_LEN];
    sqlite3_stmt *st;
    int rc;

    svcp_time_format(svcp_now_ms(), now);
    rc = svcp_run(s, f, &q_stock_restore, &st, "tt", id, now);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

int svc_cancel_order(svc_store *s, const char *id, const char *reason, svc_order *out,
                     svc_fault *f)
{
    char key[SVCP_GUID_LEN];
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK)
        rc = svcp_check_order_id(id, key, f);
    if (rc == SVC_OK)
        rc = svcp_check_text(f, "reason", reason, 0, 0, REASON_MAX_CHARS);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    rc = check_pending(s, key, "cancelled", f);
    if (rc == SVC_OK)
        rc = restore_stock(s, key, f);
    if (rc == SVC_OK)
        rc = set_status(s, key, SVC_ORDER_CANCELLED, reason, f);
    if (rc == SVC_OK)
        rc = svcp_order_load(s, key, out, f);
    return finish(s, rc, out, f);
}

int svc_ship_order(svc_store *s, const char *id, svc_order *out, svc_fault *f)
{
    char key[SVCP_GUID_LEN];
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK)
        rc = svcp_check_order_id(id, key, f);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    rc = check_pending(s, key, "shipped", f);
    if (rc == SVC_OK)
        rc = set_status(s, key, SVC_ORDER_SHIPPED, NULL, f);
    if (rc == SVC_OK)
        rc = svcp_order_load(s, key, out, f);
    return finish(s, rc, out, f);
}
