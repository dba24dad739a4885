/* test_svc_store.c - the SQLite store: schema and settings, persistence, sharing one file
 * between connections, threads and processes, and storage errors as internal faults. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Opens a second store on the test's file (fatal when it cannot). */
static svc_store *second_store(void)
{
    svc_store *s = NULL;
    char *err = NULL;

    CU_ASSERT_EQUAL(svc_store_open(tsvc_path, &s, &err), SVC_OK);
    free(err);
    return s;
}

static void test_svc_store_creates_schema_version_1(void)
{
    CU_ASSERT_EQUAL(tsvc_sql_int("PRAGMA user_version"), 1);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                                 " name IN ('products', 'product_tags', 'product_images',"
                                 " 'orders', 'order_lines', 'stock_adjustments')"), 6);
}

static void test_svc_store_uses_wal(void)
{
    char mode[16];

    tsvc_sql_text("PRAGMA journal_mode", mode, sizeof mode);
    CU_ASSERT_STRING_EQUAL(mode, "wal");
}

static void test_svc_store_enforces_foreign_keys(void)
{
    svc_fault f;

    /* Rows written behind the store's back; only its foreign_keys=ON makes the delete cascade. */
    CU_ASSERT_EQUAL_FATAL(tsvc_sql_exec("INSERT INTO products VALUES (NULL, 'X-1', 'x', NULL, 0,"
                                        " 1, 1, 0, 'now', NULL, 1, 0, NULL, NULL);"
                                        "INSERT INTO product_tags VALUES (1, 0, 't');"),
                          SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(svc_delete_product(tsvc_store, 1, &f), SVC_OK);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM product_tags"), 0);
}

static void test_svc_store_open_in_missing_directory_fails(void)
{
    char path[4200];
    svc_store *s = (svc_store *)1;
    char *err = NULL;

    snprintf(path, sizeof path, "%s.missing/sub/inventory.db", tsvc_path);
    CU_ASSERT_EQUAL(svc_store_open(path, &s, &err), SVC_EINTERNAL);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(err);
    free(err);
}

static void test_svc_store_open_refuses_a_file_that_is_not_a_database(void)
{
    char path[4200];
    svc_store *s = NULL;
    char *err = NULL;
    FILE *fp;

    snprintf(path, sizeof path, "%s.txt", tsvc_path);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("this is not an SQLite database, just some text long enough to matter..........\n"
          "................................................................................\n",
          fp);
    fclose(fp);
    CU_ASSERT_EQUAL(svc_store_open(path, &s, &err), SVC_EINTERNAL);
    CU_ASSERT_PTR_NOT_NULL(err);
    free(err);
    unlink(path);
}

static void test_svc_store_refuses_a_newer_schema(void)
{
    svc_store *s = NULL;
    char *err = NULL;

    CU_ASSERT_EQUAL_FATAL(tsvc_sql_exec("PRAGMA user_version = 99"), SQLITE_OK);
    CU_ASSERT_EQUAL(svc_store_open(tsvc_path, &s, &err), SVC_EINTERNAL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "newer"));
    free(err);
}

static void test_svc_store_keeps_data_after_close_and_reopen(void)
{
    int id = tsvc_create("WID-1", "19.99", 5);
    svc_product out;
    svc_fault f;

    svc_store_close(tsvc_store);
    tsvc_store = second_store();
    CU_ASSERT_PTR_NOT_NULL_FATAL(tsvc_store);
    CU_ASSERT_EQUAL_FATAL(svc_get_product(tsvc_store, id, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.price, "19.99");
    svc_product_clear(&out);
}

static void test_svc_store_second_connection_sees_writes(void)
{
    svc_store *other = second_store();
    svc_product out;
    svc_fault f;
    int id;

    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    CU_ASSERT_EQUAL(svc_get_product(other, 1, &out, &f), SVC_ENOTFOUND);
    id = tsvc_create("WID-1", "1", 5);
    CU_ASSERT_EQUAL(svc_get_product(other, id, &out, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(out.sku, "WID-1");
    svc_product_clear(&out);
    svc_store_close(other);
}

/* Places orders of one WID-1 through its own store until `tries` attempts were made; counts
 * the successes and the stock refusals, and anything else as an error. */
struct buyer {
    int tries, sold, refused, errors;
};

static void buy(svc_store *s, struct buyer *b)
{
    svc_line_req line = {"WID-1", 1};
    svc_order_req req;
    svc_order out;
    svc_fault f;
    int i, rc;

    memset(&req, 0, sizeof req);
    req.customer_name = "Buyer";
    req.nlines = 1;
    req.lines = &line;
    for (i = 0; i < b->tries; i++) {
        rc = svc_place_order(s, &req, &out, &f);
        if (rc == SVC_OK)
            b->sold++;
        else if (rc == SVC_ESTOCK)
            b->refused++;
        else
            b->errors++;
        svc_order_clear(&out);
    }
}

static void *buyer_thread(void *arg)
{
    svc_store *s = NULL;
    char *err = NULL;

    if (svc_store_open(tsvc_path, &s, &err) != SVC_OK) {
        ((struct buyer *)arg)->errors++;
        free(err);
        return NULL;
    }
    buy(s, arg);
    svc_store_close(s);
    return NULL;
}

static void test_svc_store_concurrent_threads_never_oversell(void)
{
    struct buyer b[3] = {{25, 0, 0, 0}, {25, 0, 0, 0}, {25, 0, 0, 0}};
    pthread_t t[3];
    int id = tsvc_create("WID-1", "1", 50), i;

    for (i = 0; i < 3; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, buyer_thread, &b[i]), 0);
    for (i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(b[0].errors + b[1].errors + b[2].errors, 0);
    CU_ASSERT_EQUAL(b[0].sold + b[1].sold + b[2].sold, 50);
    CU_ASSERT_EQUAL(b[0].refused + b[1].refused + b[2].refused, 25);
    CU_ASSERT_EQUAL(tsvc_stock(id), 0);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM orders"), 50);
}

/* Like concurrent CGI processes: parent and forked child each buy through their own store.
 * No connection may cross a fork (SQLite's rule), so the test's store is closed first and
 * reopened after. The child reports its sales in its exit status. */
static void test_svc_store_concurrent_processes_never_oversell(void)
{
    struct buyer mine = {20, 0, 0, 0};
    int id = tsvc_create("WID-1", "1", 30), status = 0;
    pid_t pid;

    svc_store_close(tsvc_store);
    tsvc_store = NULL;
    pid = fork();
    if (pid == 0) {
        struct buyer child = {20, 0, 0, 0};

        buyer_thread(&child);
        _exit(child.errors ? 255 : child.sold);
    }
    if (pid > 0)
        buyer_thread(&mine);
    tsvc_store = second_store();
    CU_ASSERT_FATAL(pid > 0 && tsvc_store != NULL);
    CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_TRUE(WIFEXITED(status));
    CU_ASSERT_EQUAL(mine.errors, 0);
    CU_ASSERT_EQUAL(mine.sold + WEXITSTATUS(status), 30);
    CU_ASSERT_EQUAL(tsvc_stock(id), 0);
}

/* Holds the write lock of the file for a moment through a raw connection. */
static void *hold_write_lock(void *arg)
{
    sqlite3 *db = arg;
    struct timespec pause = {0, 300 * 1000000L};

    nanosleep(&pause, NULL);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return NULL;
}

static void test_svc_store_waits_for_a_busy_writer(void)
{
    sqlite3 *db = NULL;
    pthread_t t;

    CU_ASSERT_EQUAL_FATAL(sqlite3_open(tsvc_path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, hold_write_lock, db), 0);
    CU_ASSERT_NOT_EQUAL(tsvc_create("WID-1", "1", 1), -1); /* waits, then succeeds */
    pthread_join(t, NULL);
    sqlite3_close(db);
}

static void test_svc_store_storage_error_is_internal(void)
{
    svc_image out;
    svc_fault f;
    int id = tsvc_create("WID-1", "1", 1);

    CU_ASSERT_EQUAL_FATAL(tsvc_sql_exec("DROP TABLE product_images"), SQLITE_OK);
    CU_ASSERT_EQUAL(svc_get_product_image(tsvc_store, id, &out, &f), SVC_EINTERNAL);
    CU_ASSERT_EQUAL(f.err, SVC_EINTERNAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.message, "no such table"));
    CU_ASSERT_PTR_NULL(strstr(f.message, "SELECT"));
    CU_ASSERT_PTR_NULL(out.data);
}

static void test_svc_store_failed_write_rolls_back(void)
{
    svc_fault f;
    int id = tsvc_create("WID-1", "1", 5);

    /* The adjustment's second statement fails: the stock change before it must not stay. */
    CU_ASSERT_EQUAL_FATAL(tsvc_sql_exec("DROP TABLE stock_adjustments"), SQLITE_OK);
    CU_ASSERT_EQUAL(svc_adjust_stock(tsvc_store, "WID-1", 3, NULL, &f), SVC_EINTERNAL);
    CU_ASSERT_EQUAL(tsvc_stock(id), 5);
}

static void test_svc_store_null_arguments_are_internal(void)
{
    svc_product out;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_product(NULL, 1, &out, &f), SVC_EINTERNAL);
    CU_ASSERT_EQUAL(svc_get_product(tsvc_store, 1, NULL, &f), SVC_EINTERNAL);
    CU_ASSERT_EQUAL(svc_create_product(tsvc_store, NULL, &out, &f), SVC_EINTERNAL);
    CU_ASSERT_EQUAL(svc_get_product(tsvc_store, 1, &out, NULL), SVC_ENOTFOUND);
    svc_store_close(NULL);
}

int test_svc_store_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_store_creates_schema_version_1),
        TSVC_TEST(test_svc_store_uses_wal),
        TSVC_TEST(test_svc_store_enforces_foreign_keys),
        TSVC_TEST(test_svc_store_open_in_missing_directory_fails),
        TSVC_TEST(test_svc_store_open_refuses_a_file_that_is_not_a_database),
        TSVC_TEST(test_svc_store_refuses_a_newer_schema),
        TSVC_TEST(test_svc_store_keeps_data_after_close_and_reopen),
        TSVC_TEST(test_svc_store_second_connection_sees_writes),
        TSVC_TEST(test_svc_store_concurrent_threads_never_oversell),
        TSVC_TEST(test_svc_store_concurrent_processes_never_oversell),
        TSVC_TEST(test_svc_store_waits_for_a_busy_writer),
        TSVC_TEST(test_svc_store_storage_error_is_internal),
        TSVC_TEST(test_svc_store_failed_write_rolls_back),
        TSVC_TEST(test_svc_store_null_arguments_are_internal),
        {NULL, NULL},
    };

    return tsvc_add_suite("service store", 1, tests);
}
