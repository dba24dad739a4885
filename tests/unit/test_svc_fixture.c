/* test_svc_fixture.c - the fixture shared by the service/ tests: a fresh temporary database per
 * test, and small helpers to build inputs and look at the file from a second connection. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

svc_store *tsvc_store;
char tsvc_path[4096];
static char tsvc_dir[4000];

void tsvc_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    char *err = NULL;

    snprintf(tsvc_dir, sizeof tsvc_dir, "%s/svctest.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tsvc_dir)) {
        perror("mkdtemp");
        abort();
    }
    snprintf(tsvc_path, sizeof tsvc_path, "%s/inventory.db", tsvc_dir);
    if (svc_store_open(tsvc_path, &tsvc_store, &err) != SVC_OK) {
        fprintf(stderr, "cannot open %s: %s\n", tsvc_path, err ? err : "?");
        abort();
    }
}

void tsvc_teardown(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char file[4200];
    size_t i;

    svc_store_close(tsvc_store);
    tsvc_store = NULL;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(file, sizeof file, "%s%s", tsvc_path, suffixes[i]);
        unlink(file);
    }
    if (rmdir(tsvc_dir) != 0)
        perror(tsvc_dir); /* a test left a file behind */
}

int tsvc_add_suite(const char *name, int with_db, const tsvc_test *tests)
{
    CU_pSuite suite = CU_add_suite_with_setup_and_teardown(name, NULL, NULL,
                                                           with_db ? tsvc_setup : NULL,
                                                           with_db ? tsvc_teardown : NULL);

    if (!suite)
        return CU_get_error();
    for (; tests->name; tests++)
        if (!CU_add_test(suite, tests->name, tests->fn))
            return CU_get_error();
    return 0;
}

svc_product tsvc_product(const char *sku, const char *price, int stock)
{
    svc_product p;

    memset(&p, 0, sizeof p);
    p.sku = (char *)sku;
    p.name = "Widget";
    p.category = SVC_CAT_HARDWARE;
    p.price = (char *)price;
    p.stock_quantity = stock;
    p.tags_null = 1;
    return p;
}

int tsvc_create(const char *sku, const char *price, int stock)
{
    svc_product in = tsvc_product(sku, price, stock), out;
    svc_fault f;
    int id;

    if (svc_create_product(tsvc_store, &in, &out, &f) != SVC_OK)
        return -1;
    id = out.id;
    svc_product_clear(&out);
    return id;
}

int tsvc_stock(int id)
{
    svc_product out;
    svc_fault f;
    int stock;

    if (svc_get_product(tsvc_store, id, &out, &f) != SVC_OK)
        return -1;
    stock = out.stock_quantity;
    svc_product_clear(&out);
    return stock;
}

int64_t tsvc_version(int id)
{
    svc_product out;
    svc_fault f;
    int64_t version;

    if (svc_get_product(tsvc_store, id, &out, &f) != SVC_OK)
        return -1;
    version = out.version;
    svc_product_clear(&out);
    return version;
}

/* Steps a one-value query on a separate connection into *st's first column via fn. */
static void sql_one(const char *sql, void (*fn)(sqlite3_stmt *, void *), void *arg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    if (sqlite3_open(tsvc_path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        fn(st, arg);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void take_int(sqlite3_stmt *st, void *arg)
{
    *(int64_t *)arg = sqlite3_column_int64(st, 0);
}

int64_t tsvc_sql_int(const char *sql)
{
    int64_t v = -999;

    sql_one(sql, take_int, &v);
    return v;
}

struct text_buf {
    char *buf;
    size_t size;
};

static void take_text(sqlite3_stmt *st, void *arg)
{
    struct text_buf *t = arg;
    const unsigned char *s = sqlite3_column_text(st, 0);

    snprintf(t->buf, t->size, "%s", s ? (const char *)s : "(null)");
}

void tsvc_sql_text(const char *sql, char *buf, size_t size)
{
    struct text_buf t = {buf, size};

    snprintf(buf, size, "(no row)");
    sql_one(sql, take_text, &t);
}

int tsvc_sql_exec(const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(tsvc_path, &db);

    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    sqlite3_close(db);
    return rc;
}

int tsvc_order1(const char *sku, int quantity, svc_order *out, svc_fault *f)
{
    svc_line_req line = {sku, quantity};
    svc_order_req req;

    memset(&req, 0, sizeof req);
    req.customer_name = "Ada";
    req.nlines = 1;
    req.lines = &line;
    return svc_place_order(tsvc_store, &req, out, f);
}
