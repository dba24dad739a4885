/* test_service.h - the suites of the service/ unit tests and the fixture they share. */
#ifndef SOAPREST_TEST_SERVICE_H
#define SOAPREST_TEST_SERVICE_H

#include "svc_int.h" /* first: it selects the POSIX feature level */

#include <stddef.h>
#include <stdint.h>

/* Each adds its CUnit suite to the registry; returns 0 or a CUnit error code. */
int test_svc_rules_suite(void);
int test_svc_store_suite(void);
int test_svc_products_suite(void);
int test_svc_find_suite(void);
int test_svc_orders_suite(void);
int test_svc_images_suite(void);
int test_svc_stock_suite(void);
int test_svc_info_suite(void);

/* The fixture (test_svc_fixture.c): every test gets a fresh database in a new directory made
 * with mkdtemp() under $TMPDIR (or /tmp); teardown removes both. */
extern svc_store *tsvc_store;   /* the test's store */
extern char tsvc_path[];        /* its database file */
void tsvc_setup(void);          /* CUnit set-up: aborts when no temp database can be made */
void tsvc_teardown(void);
/* Adds a suite; with_db makes each test run between tsvc_setup and tsvc_teardown. tests is a
 * list of name/function pairs ending with {NULL, NULL}. */
typedef struct tsvc_test {
    const char *name;
    void (*fn)(void);
} tsvc_test;
int tsvc_add_suite(const char *name, int with_db, const tsvc_test *tests);
/* A row of a suite's table: the test's name is its function's name. */
#define TSVC_TEST(fn) {#fn, fn}

/* A valid plain product for input (string literals; never pass it to svc_product_clear). */
svc_product tsvc_product(const char *sku, const char *price, int stock);
/* Creates a product in tsvc_store; returns its id or -1. */
int tsvc_create(const char *sku, const char *price, int stock);
/* The stored stock / version of product id, or -1. */
int tsvc_stock(int id);
int64_t tsvc_version(int id);
/* Runs a one-value SQL query on tsvc_path through a separate connection. */
int64_t tsvc_sql_int(const char *sql);
void tsvc_sql_text(const char *sql, char *buf, size_t size);
/* Runs SQL statements on tsvc_path through a separate connection; returns an SQLite code. */
int tsvc_sql_exec(const char *sql);
/* Places an order of one line; returns the svc code, the order in *out. */
int tsvc_order1(const char *sku, int quantity, svc_order *out, svc_fault *f);

#endif
