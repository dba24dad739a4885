/* stock.c - AdjustStock, the one-way operation: changes a product's stock by a delta and
 * records the adjustment in the same transaction. */
#include "svc_int.h"

#include <limits.h>

#define REASON_MAX_CHARS 500

static const svcp_sql q_get = {SVCP_Q_STOCK_GET, "SELECT stock FROM products WHERE sku = ?1"};
/* Bumps Version like every change of a product row (see orders.c). */
static const svcp_sql q_set = {SVCP_Q_STOCK_SET,
    "UPDATE products SET stock = ?1, version = version + 1, updated_at = ?2 WHERE sku = ?3"};
static const svcp_sql q_record = {SVCP_Q_ADJUSTMENT_INSERT,
    "INSERT INTO stock_adjustments (sku, delta, reason, at) VALUES (?1, ?2, ?3, ?4)"};

/* Computes the new stock of sku into *stock; refuses a result below 0 or past INT_MAX. */
static int new_stock(svc_store *s, const char *sku, int delta, int64_t *stock, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_run(s, f, &q_get, &st, "t", sku);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound(f, "Product", sku);
    if (rc != SVCP_ROW)
        return rc;
    *stock = sqlite3_column_int64(st, 0) + delta;
    if (*stock < 0)
        return svcp_fail_validation(f, "delta", "delta %d would make the stock of %s negative",
                                    delta, sku);
    if (*stock > INT_MAX)
        return svcp_fail_validation(f, "delta", "delta %d would make the stock of %s too large",
                                    delta, sku);
    return SVC_OK;
}

static int apply(svc_store *s, const char *sku, int delta, const char *reason, svc_fault *f)
{
    char now[SVCP_TIME_LEN];
    sqlite3_stmt *st;
    int64_t stock = 0;
    int rc = new_stock(s, sku, delta, &stock, f);

    if (rc != SVC_OK)
        return rc;
    svcp_time_format(svcp_now_ms(), now);
    rc = svcp_run(s, f, &q_set, &st, "Itt", stock, now, sku);
    if (rc == SVCP_DONE)
        rc = svcp_run(s, f, &q_record, &st, "titt", sku, delta, reason, now);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

int svc_adjust_stock(svc_store *s, const char *sku, int delta, const char *reason, svc_fault *f)
{
    int rc = svcp_enter(s, NULL, 0, f);

    if (rc == SVC_OK)
        rc = svcp_check_text(f, "sku", sku, 1, 1, 64);
    if (rc == SVC_OK)
        rc = svcp_check_text(f, "reason", reason, 0, 0, REASON_MAX_CHARS);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    return svcp_finish(s, apply(s, sku, delta, reason, f), f);
}
