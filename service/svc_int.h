/* svc_int.h - internals shared by the files of service/ (prefix svcp_); nothing outside service/
 * and its unit tests may include it. */
#ifndef SOAPREST_SVC_INT_H
#define SOAPREST_SVC_INT_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* clock_gettime, gmtime_r, strcasecmp, open/read need POSIX; -std=c11 alone hides them. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "svc.h"

#if defined(__GNUC__)
#define SVCP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SVCP_PRINTF(fmt, args)
#endif

/* ---- rules.c: the pure text rules (no database, no fault) ---- */

#define SVCP_SCALE 10000      /* decimals are int64 ten-thousandths: 4 fraction digits */
#define SVCP_DEC_LEN 32       /* room for any formatted int64 decimal */
#define SVCP_TIME_LEN 32      /* room for "2026-11-25T08:55:20.123Z" (24 bytes + NUL) */
#define SVCP_GUID_LEN 37      /* 36 characters + NUL */

/* Results of svcp_decimal_parse. */
enum { SVCP_DEC_OK = 0, SVCP_DEC_SYNTAX = -1, SVCP_DEC_SCALE = -2, SVCP_DEC_RANGE = -3 };

/* Parses [+-]?digits[.digits] into ten-thousandths. Returns SVCP_DEC_OK and sets *out, or
 * SVCP_DEC_SYNTAX (NULL, empty, exponent, NaN, "5.", ".5", spaces), SVCP_DEC_SCALE (a non-zero
 * digit past the 4th fraction digit) or SVCP_DEC_RANGE (beyond int64); *out untouched then. */
int svcp_decimal_parse(const char *text, int64_t *out);
/* Writes the canonical text of v: no exponent, no trailing fraction zeros, no "-0". */
void svcp_decimal_format(int64_t v, char buf[SVCP_DEC_LEN]);
/* Returns a malloc'd canonical text of v, or NULL when out of memory. */
char *svcp_decimal_dup(int64_t v);

/* Returns the number of code points of a NUL-terminated string, or -1 when it is not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
long svcp_utf8_len(const char *s);
/* Copies src into dst[size] (always NUL-terminated), cutting on a code point boundary. */
void svcp_copy_text(char *dst, size_t size, const char *src);

/* Each returns 1 when the text obeys the rule, 0 otherwise (NULL is never valid). */
int svcp_sku_valid(const char *s);      /* [A-Z0-9-]{3,32} */
int svcp_datetime_valid(const char *s); /* xsd:dateTime with real calendar checks */
int svcp_duration_valid(const char *s); /* xsd:duration, "P" and "PT" refused */
int svcp_email_valid(const char *s);    /* one '@' with text on both sides, <= 254 chars */
/* Checks guid text (8-4-4-4-12 hex, any case) and writes its lower-case form; returns 1 or 0. */
int svcp_guid_normalize(const char *s, char out[SVCP_GUID_LEN]);

/* Milliseconds since the Unix epoch, from the real-time clock. */
int64_t svcp_now_ms(void);
/* Writes ms as ISO 8601 UTC with milliseconds, "2026-11-25T08:55:20.123Z". */
void svcp_time_format(int64_t ms, char buf[SVCP_TIME_LEN]);

/* ---- fault.c: filling an svc_fault (each accepts f == NULL and returns the code) ---- */

void svcp_fault_reset(svc_fault *f);
int svcp_fail_validation(svc_fault *f, const char *field, const char *fmt, ...) SVCP_PRINTF(3, 4);
int svcp_fail_notfound(svc_fault *f, const char *entity, const char *key);
int svcp_fail_notfound_id(svc_fault *f, const char *entity, int id);
int svcp_fail_conflict(svc_fault *f, int has_version, int64_t version, const char *fmt, ...)
    SVCP_PRINTF(4, 5);
int svcp_fail_stock(svc_fault *f, const char *sku, int64_t requested, int64_t available);
int svcp_fail_state(svc_fault *f, int state, const char *fmt, ...) SVCP_PRINTF(3, 4);
int svcp_fail_internal(svc_fault *f, const char *fmt, ...) SVCP_PRINTF(2, 3);
/* Out of memory, as SVC_EINTERNAL. */
int svcp_fail_oom(svc_fault *f);

/* ---- validate.c: the contract's rules on whole requests (fault on the first broken rule) ---- */

/* A checked FindProducts query: the bounds parsed and the paging defaults applied. */
typedef struct svcp_find_plan {
    int has_min, has_max;
    int64_t min, max;
    int page, page_size;
} svcp_find_plan;

/* Checks optional text: NULL passes unless required; then valid UTF-8 of min..max code points. */
int svcp_check_text(svc_fault *f, const char *field, const char *s, int required, long min,
                    long max);
/* Checks a Product or PerishableProduct on input and returns its price in *price. */
int svcp_check_product(const svc_product *in, int64_t *price, svc_fault *f);
int svcp_check_order(const svc_order_req *in, svc_fault *f);
int svcp_check_query(const svc_query *q, svcp_find_plan *plan, svc_fault *f);
/* Checks an image; *content_type is set to the canonical (static) content type. */
int svcp_check_image(const svc_image *img, const char **content_type, svc_fault *f);
/* Checks an order id (field "id") and writes its lower-case form. */
int svcp_check_order_id(const char *id, char out[SVCP_GUID_LEN], svc_fault *f);

/* ---- store.c: the SQLite connection, cached statements, transactions ---- */

/* One slot per cached statement; each slot's SQL lives next to its only user. */
enum svcp_slot {
    SVCP_Q_BEGIN_READ, SVCP_Q_BEGIN_WRITE, SVCP_Q_COMMIT, SVCP_Q_ROLLBACK,
    SVCP_Q_PRODUCT_GET, SVCP_Q_PRODUCT_INSERT, SVCP_Q_PRODUCT_UPDATE, SVCP_Q_PRODUCT_DELETE,
    SVCP_Q_PRODUCT_VERSION, SVCP_Q_TAGS_GET, SVCP_Q_TAGS_DELETE, SVCP_Q_TAG_INSERT,
    SVCP_Q_PRODUCT_BY_SKU, SVCP_Q_STOCK_TAKE, SVCP_Q_STOCK_RESTORE,
    SVCP_Q_ORDER_INSERT, SVCP_Q_LINE_INSERT, SVCP_Q_ORDER_GET, SVCP_Q_LINES_GET,
    SVCP_Q_ORDER_STATUS, SVCP_Q_ORDER_SET_STATUS,
    SVCP_Q_PRODUCT_EXISTS, SVCP_Q_IMAGE_PUT, SVCP_Q_IMAGE_GET,
    SVCP_Q_STOCK_GET, SVCP_Q_STOCK_SET, SVCP_Q_ADJUSTMENT_INSERT, SVCP_Q_COUNTS,
    SVCP_Q_COUNT
};

/* A statement: its cache slot and its SQL text. */
typedef struct svcp_sql {
    enum svcp_slot slot;
    const char *text;
} svcp_sql;

struct svc_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[SVCP_Q_COUNT];
};

/* Results of svcp_run / svcp_next besides the negative svc_err codes. */
enum { SVCP_ROW = 1, SVCP_DONE = 2 };
enum { SVCP_READ = 0, SVCP_WRITE = 1 };

/* Zeroes `out` (size bytes, may be NULL) and the fault; SVC_EINTERNAL when s or out is NULL. */
int svcp_enter(svc_store *s, void *out, size_t size, svc_fault *f);
/* Takes the cached statement of q (prepared on first use), binds the arguments described by fmt
 * ('i' int, 'I' int64_t, 't' text or NULL, 'b' blob as pointer + size_t) and steps once.
 * Returns SVCP_ROW or SVCP_DONE (*st then readable, owned by the store) or SVC_EINTERNAL. */
int svcp_run(svc_store *s, svc_fault *f, const svcp_sql *q, sqlite3_stmt **st, const char *fmt,
             ...);
/* Steps st again: SVCP_ROW, SVCP_DONE or SVC_EINTERNAL. */
int svcp_next(svc_store *s, svc_fault *f, sqlite3_stmt *st);
/* Fills the fault with the connection's last error; returns SVC_EINTERNAL. */
int svcp_db_fail(svc_store *s, svc_fault *f);
/* 1 when the last failure was a UNIQUE constraint (the only one is products.sku). */
int svcp_unique_violation(svc_store *s);
/* BEGIN (SVCP_READ) or BEGIN IMMEDIATE (SVCP_WRITE); SVC_OK or SVC_EINTERNAL. */
int svcp_begin(svc_store *s, int mode, svc_fault *f);
/* Ends the transaction: COMMIT when rc is SVC_OK (a failed commit rolls back and returns
 * SVC_EINTERNAL), ROLLBACK otherwise. Returns the final code. */
int svcp_finish(svc_store *s, int rc, svc_fault *f);

/* Returns a malloc'd copy of column i (NULL for SQL NULL); sets *oom when a copy failed. */
char *svcp_col_text(sqlite3_stmt *st, int i, int *oom);
/* Returns a malloc'd copy of s (NULL for NULL); sets *oom when the copy failed. */
char *svcp_strdup(const char *s, int *oom);
/* Returns arr (reallocated when needed) holding at least `need` elements of `elem` bytes and
 * updates *cap; returns NULL when out of memory, arr then unchanged and still the caller's. */
void *svcp_grow(void *arr, size_t *cap, size_t need, size_t elem);

/* ---- products.c / orders.c: readers shared by several operations ---- */

/* Reads product `id` into out (zeroed by the caller): SVC_OK, SVC_ENOTFOUND or SVC_EINTERNAL. */
int svcp_product_load(svc_store *s, int id, svc_product *out, svc_fault *f);
/* Reads order `id` (lower-case guid) into out: SVC_OK, SVC_ENOTFOUND or SVC_EINTERNAL. */
int svcp_order_load(svc_store *s, const char *id, svc_order *out, svc_fault *f);

#endif
