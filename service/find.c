/* find.c - FindProducts: a filtered, paged search over the catalogue, ordered by Id. The SQL
 * is built per call (one EXISTS per tag asked for), so these statements are not cached. */
#include "svc_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* Builds the count query (paged = 0) or the page query (paged = 1) with only the filters the
 * query uses; returns an sqlite3_malloc'd text or NULL when out of memory. */
static char *find_sql(const svc_query *q, const svcp_find_plan *plan, int paged)
{
    sqlite3_str *b = sqlite3_str_new(NULL);
    size_t i;

    sqlite3_str_appendall(b, paged ? "SELECT p.id FROM products p WHERE 1"
                                   : "SELECT count(*) FROM products p WHERE 1");
    /* A prefix compare, not LIKE: '%' and '_' are plain characters. NOCASE folds ASCII only. */
    if (q->name_prefix && *q->name_prefix)
        sqlite3_str_appendall(b, " AND substr(p.name, 1, length(:prefix)) = :prefix"
                                 " COLLATE NOCASE");
    if (q->category != SVC_CAT_NONE)
        sqlite3_str_appendall(b, " AND p.category = :cat");
    if (plan->has_min)
        sqlite3_str_appendall(b, " AND p.price >= :min");
    if (plan->has_max)
        sqlite3_str_appendall(b, " AND p.price <= :max");
    /* SQLite's printf reads %z as its own "string to free": use %d (at most 50 tags). */
    for (i = 0; i < q->ntags; i++)
        sqlite3_str_appendf(b, " AND EXISTS (SELECT 1 FROM product_tags t"
                               " WHERE t.product_id = p.id AND t.tag = :t%d)", (int)i);
    if (paged)
        sqlite3_str_appendall(b, " ORDER BY p.id LIMIT :limit OFFSET :offset");
    return sqlite3_str_finish(b);
}

/* Binds an int64 to a named parameter when the statement has it. */
static int bind_int64(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);

    return i ? sqlite3_bind_int64(st, i, v) : SQLITE_OK;
}

static int bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);

    return i ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : SQLITE_OK;
}

static int bind_filters(sqlite3_stmt *st, const svc_query *q, const svcp_find_plan *plan)
{
    char name[24];
    size_t i;
    int rc = bind_text(st, ":prefix", q->name_prefix);

    if (rc == SQLITE_OK)
        rc = bind_int64(st, ":cat", q->category);
    if (rc == SQLITE_OK)
        rc = bind_int64(st, ":min", plan->min);
    if (rc == SQLITE_OK)
        rc = bind_int64(st, ":max", plan->max);
    if (rc == SQLITE_OK)
        rc = bind_int64(st, ":limit", plan->page_size);
    if (rc == SQLITE_OK)
        rc = bind_int64(st, ":offset", (int64_t)(plan->page - 1) * plan->page_size);
    for (i = 0; rc == SQLITE_OK && i < q->ntags; i++) {
        snprintf(name, sizeof name, ":t%d", (int)i);
        rc = bind_text(st, name, q->tags[i]);
    }
    return rc;
}

/* Prepares and binds the count or page query into *st (caller finalizes). */
static int find_prepare(svc_store *s, const svc_query *q, const svcp_find_plan *plan, int paged,
                        sqlite3_stmt **st, svc_fault *f)
{
    char *sql = find_sql(q, plan, paged);
    int rc;

    *st = NULL;
    if (!sql)
        return svcp_fail_oom(f);
    rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    sqlite3_free(sql);
    if (rc == SQLITE_OK)
        rc = bind_filters(*st, q, plan);
    return rc == SQLITE_OK ? SVC_OK : svcp_db_fail(s, f);
}

static int find_count(svc_store *s, const svc_query *q, const svcp_find_plan *plan, int *total,
                      svc_fault *f)
{
    sqlite3_stmt *st;
    int64_t n;
    int rc = find_prepare(s, q, plan, 0, &st, f);

    if (rc == SVC_OK && (rc = svcp_next(s, f, st)) == SVCP_ROW) {
        n = sqlite3_column_int64(st, 0);
        *total = n > INT_MAX ? INT_MAX : (int)n;
        rc = SVC_OK;
    }
    sqlite3_finalize(st);
    return rc == SVCP_DONE ? svcp_fail_internal(f, "storage failure: no count") : rc;
}

/* Reads the ids of the page, then each product: the id query must be finished before
 * svcp_product_load() runs its own statements. */
static int find_page(svc_store *s, const svc_query *q, const svcp_find_plan *plan,
                     svc_page *out, svc_fault *f)
{
    sqlite3_stmt *st;
    int *ids = calloc((size_t)plan->page_size, sizeof *ids);
    size_t n = 0, i;
    int rc = ids ? find_prepare(s, q, plan, 1, &st, f) : svcp_fail_oom(f);

    if (rc == SVC_OK) {
        while (n < (size_t)plan->page_size && (rc = svcp_next(s, f, st)) == SVCP_ROW)
            ids[n++] = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        rc = rc < 0 ? rc : SVC_OK;
    }
    if (rc == SVC_OK && n && !(out->items = calloc(n, sizeof *out->items)))
        rc = svcp_fail_oom(f);
    for (i = 0; rc == SVC_OK && i < n; i++) {
        out->nitems++; /* counted first: svc_page_clear then frees a half-read item too */
        rc = svcp_product_load(s, ids[i], &out->items[i], f);
    }
    free(ids);
    return rc;
}

int svc_find_products(svc_store *s, const svc_query *q, svc_page *out, svc_fault *f)
{
    svcp_find_plan plan;
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK && !q)
        rc = svcp_fail_internal(f, "invalid argument: no query");
    if (rc == SVC_OK)
        rc = svcp_check_query(q, &plan, f);
    /* One read transaction: the count and the page come from the same snapshot. */
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_READ, f)) != SVC_OK)
        return rc;
    rc = find_count(s, q, &plan, &out->total_count, f);
    if (rc == SVC_OK)
        rc = find_page(s, q, &plan, out, f);
    rc = svcp_finish(s, rc, f);
    if (rc != SVC_OK) {
        svc_page_clear(out);
        return rc;
    }
    out->page = plan.page;
    out->page_size = plan.page_size;
    return SVC_OK;
}
