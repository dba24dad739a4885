/* store.c - the SQLite side of the service: opening a store (schema, pragmas), the per-store
 * cache of prepared statements, binding and stepping, and transactions. */
#include "svc_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 1
#define BUSY_TIMEOUT_MS 5000

/* Per-connection settings. WAL + synchronous=NORMAL: a committed transaction is in the WAL file
 * (in the OS page cache) before COMMIT returns, so a crash of the process loses nothing that was
 * acknowledged to a client; only a power loss or OS crash can lose the last commits. That is the
 * durability the contract promises, without an fsync per write. */
static const char pragmas[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;";

/* Schema version 1. Prices are INTEGER ten-thousandths. Orders copy Sku, name and prices, and
 * stock_adjustments keeps the Sku as text, so deleting a product never breaks either. */
static const char schema_v1[] =
    "CREATE TABLE IF NOT EXISTS products ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT," /* AUTOINCREMENT: ids are never reused */
    " sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT,"
    " category INTEGER NOT NULL, price INTEGER NOT NULL, stock INTEGER NOT NULL,"
    " tags_null INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT,"
    " version INTEGER NOT NULL, perishable INTEGER NOT NULL, expires_on TEXT,"
    " shelf_life TEXT);"
    "CREATE TABLE IF NOT EXISTS product_tags ("
    " product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (product_id, pos));"
    "CREATE INDEX IF NOT EXISTS product_tags_tag ON product_tags(tag);"
    "CREATE TABLE IF NOT EXISTS product_images ("
    " product_id INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,"
    " content_type TEXT NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS orders ("
    " id TEXT PRIMARY KEY, customer_name TEXT NOT NULL, customer_email TEXT, note TEXT,"
    " status INTEGER NOT NULL, placed_at TEXT NOT NULL, total INTEGER NOT NULL,"
    " cancel_reason TEXT);"
    "CREATE TABLE IF NOT EXISTS order_lines ("
    " order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
    " line_no INTEGER NOT NULL, sku TEXT NOT NULL, product_name TEXT NOT NULL,"
    " quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL, line_total INTEGER NOT NULL,"
    " PRIMARY KEY (order_id, line_no));"
    "CREATE TABLE IF NOT EXISTS stock_adjustments ("
    " id INTEGER PRIMARY KEY, sku TEXT NOT NULL, delta INTEGER NOT NULL, reason TEXT,"
    " at TEXT NOT NULL);"
    "PRAGMA user_version=1;";

static const svcp_sql q_begin_read = {SVCP_Q_BEGIN_READ, "BEGIN"};
/* IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can
 * fail with SQLITE_BUSY at once in WAL mode, without waiting for the busy timeout. */
static const svcp_sql q_begin_write = {SVCP_Q_BEGIN_WRITE, "BEGIN IMMEDIATE"};
static const svcp_sql q_commit = {SVCP_Q_COMMIT, "COMMIT"};
static const svcp_sql q_rollback = {SVCP_Q_ROLLBACK, "ROLLBACK"};

/* Sets *errmsg to a malloc'd "what: detail" (when errmsg is not NULL). */
static void open_error(char **errmsg, const char *what, const char *detail)
{
    size_t n = strlen(what) + strlen(detail) + 3;

    if (errmsg && (*errmsg = malloc(n)) != NULL)
        snprintf(*errmsg, n, "%s: %s", what, detail);
}

static int read_user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);

    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Creates the schema on first open; refuses a database written by a newer schema. Runs in
 * one write transaction so that two processes opening a new file do not race. */
static int schema_init(sqlite3 *db, char **errmsg)
{
    int version = 0, rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    if (rc == SQLITE_OK)
        rc = read_user_version(db, &version);
    if (rc == SQLITE_OK && version == 0)
        rc = sqlite3_exec(db, schema_v1, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        open_error(errmsg, "cannot create the schema", sqlite3_errmsg(db));
    } else if (version > SCHEMA_VERSION) {
        open_error(errmsg, "cannot use the database", "its schema is newer than this program");
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK && (rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        open_error(errmsg, "cannot create the schema", sqlite3_errmsg(db));
    if (rc != SQLITE_OK)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int svc_store_open(const char *path, svc_store **out, char **errmsg)
{
    /* NOMUTEX: a store belongs to one thread at a time (svc.h), so SQLite's own locking of the
     * connection would buy nothing. */
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    svc_store *s = NULL;

    if (errmsg)
        *errmsg = NULL;
    if (!out || !path) {
        open_error(errmsg, "cannot open the database", "no path given");
        return SVC_EINTERNAL;
    }
    *out = NULL;
    if (!(s = calloc(1, sizeof *s))) {
        open_error(errmsg, "cannot open the database", "out of memory");
        return SVC_EINTERNAL;
    }
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS) != SQLITE_OK ||
        sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        open_error(errmsg, "cannot open the database",
                   s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    if (schema_init(s->db, errmsg) != SQLITE_OK)
        goto fail;
    *out = s;
    return SVC_OK;
fail:
    svc_store_close(s);
    return SVC_EINTERNAL;
}

void svc_store_close(svc_store *s)
{
    int i;

    if (!s)
        return;
    for (i = 0; i < SVCP_Q_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db); /* also when open failed: SQLite may have allocated a handle */
    free(s);
}

int svcp_enter(svc_store *s, void *out, size_t size, svc_fault *f)
{
    svcp_fault_reset(f);
    if (out)
        memset(out, 0, size);
    if (!s || (size && !out))
        return svcp_fail_internal(f, "invalid argument: no store or no output");
    return SVC_OK;
}

int svcp_db_fail(svc_store *s, svc_fault *f)
{
    return svcp_fail_internal(f, "storage failure: %s", sqlite3_errmsg(s->db));
}

int svcp_unique_violation(svc_store *s)
{
    return sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE;
}

/* Returns the cached statement of q, ready to bind, or NULL (fault filled). */
static sqlite3_stmt *stmt_get(svc_store *s, const svcp_sql *q, svc_fault *f)
{
    sqlite3_stmt **st = &s->stmt[q->slot];

    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return *st;
    }
    if (sqlite3_prepare_v3(s->db, q->text, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        svcp_db_fail(s, f);
        *st = NULL;
    }
    return *st;
}

/* Binds the arguments described by fmt (see svcp_run) to parameters 1, 2, ... */
static int bind_args(sqlite3_stmt *st, const char *fmt, va_list ap)
{
    int i, rc = SQLITE_OK;

    for (i = 1; rc == SQLITE_OK && fmt[i - 1]; i++) {
        const char *t;
        const void *p;

        switch (fmt[i - 1]) {
        case 'i': rc = sqlite3_bind_int(st, i, va_arg(ap, int)); break;
        case 'I': rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t)); break;
        case 't':
            t = va_arg(ap, const char *);
            rc = t ? sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
            break;
        case 'b':
            p = va_arg(ap, const void *);
            rc = sqlite3_bind_blob64(st, i, p, va_arg(ap, size_t), SQLITE_STATIC);
            break;
        default: rc = SQLITE_MISUSE; break;
        }
    }
    return rc;
}

int svcp_next(svc_store *s, svc_fault *f, sqlite3_stmt *st)
{
    switch (sqlite3_step(st)) {
    case SQLITE_ROW: return SVCP_ROW;
    case SQLITE_DONE: return SVCP_DONE;
    default: return svcp_db_fail(s, f);
    }
}

int svcp_run(svc_store *s, svc_fault *f, const svcp_sql *q, sqlite3_stmt **st, const char *fmt,
             ...)
{
    va_list ap;
    int rc;

    if (!(*st = stmt_get(s, q, f)))
        return SVC_EINTERNAL;
    va_start(ap, fmt);
    rc = bind_args(*st, fmt, ap);
    va_end(ap);
    if (rc != SQLITE_OK)
        return svcp_db_fail(s, f);
    return svcp_next(s, f, *st);
}

int svcp_begin(svc_store *s, int mode, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_run(s, f, mode == SVCP_WRITE ? &q_begin_write : &q_begin_read, &st, "");

    return rc == SVCP_DONE ? SVC_OK : rc;
}

/* Resets every cached statement so none keeps the transaction's snapshot alive. */
static void reset_all(svc_store *s)
{
    int i;

    for (i = 0; i < SVCP_Q_COUNT; i++)
        if (s->stmt[i])
            sqlite3_reset(s->stmt[i]);
}

int svcp_finish(svc_store *s, int rc, svc_fault *f)
{
    sqlite3_stmt *st;

    reset_all(s);
    if (rc == SVC_OK) {
        rc = svcp_run(s, f, &q_commit, &st, "");
        rc = rc == SVCP_DONE ? SVC_OK : rc;
        if (rc == SVC_OK || sqlite3_get_autocommit(s->db))
            return rc;
    }
    /* The outcome is already decided: a failed ROLLBACK (the transaction may have been rolled
     * back by SQLite itself after an I/O error) must not replace the caller's fault. */
    if (!sqlite3_get_autocommit(s->db))
        svcp_run(s, NULL, &q_rollback, &st, "");
    return rc;
}

char *svcp_col_text(sqlite3_stmt *st, int i, int *oom)
{
    const unsigned char *t;

    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    if (!(t = sqlite3_column_text(st, i))) {
        *oom = 1;
        return NULL;
    }
    return svcp_strdup((const char *)t, oom);
}
