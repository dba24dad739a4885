/* products.c - CreateProduct, GetProduct, UpdateProduct and DeleteProduct, and reading a
 * product (row + tags) back from the store. */
#include "svc_int.h"

#include <stdlib.h>

/* The columns read_row() expects, in order. */
#define PRODUCT_COLUMNS                                                                         \
    "id, sku, name, description, category, price, stock, tags_null, created_at, updated_at,"    \
    " version, perishable, expires_on, shelf_life"

static const svcp_sql q_get = {SVCP_Q_PRODUCT_GET,
    "SELECT " PRODUCT_COLUMNS " FROM products WHERE id = ?1"};
static const svcp_sql q_insert = {SVCP_Q_PRODUCT_INSERT,
    "INSERT INTO products (sku, name, description, category, price, stock, tags_null,"
    " created_at, updated_at, version, perishable, expires_on, shelf_life)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, 1, ?9, ?10, ?11)"};
/* The version in the WHERE clause makes the check and the write one atomic step. */
static const svcp_sql q_update = {SVCP_Q_PRODUCT_UPDATE,
    "UPDATE products SET sku = ?1, name = ?2, description = ?3, category = ?4, price = ?5,"
    " stock = ?6, tags_null = ?7, updated_at = ?8, version = version + 1, perishable = ?9,"
    " expires_on = ?10, shelf_life = ?11 WHERE id = ?12 AND version = ?13"};
static const svcp_sql q_delete = {SVCP_Q_PRODUCT_DELETE, "DELETE FROM products WHERE id = ?1"};
static const svcp_sql q_version = {SVCP_Q_PRODUCT_VERSION,
    "SELECT version FROM products WHERE id = ?1"};
static const svcp_sql q_tags_get = {SVCP_Q_TAGS_GET,
    "SELECT tag FROM product_tags WHERE product_id = ?1 ORDER BY pos"};
static const svcp_sql q_tags_delete = {SVCP_Q_TAGS_DELETE,
    "DELETE FROM product_tags WHERE product_id = ?1"};
static const svcp_sql q_tag_insert = {SVCP_Q_TAG_INSERT,
    "INSERT INTO product_tags (product_id, pos, tag) VALUES (?1, ?2, ?3)"};

/* Fills p from a row of q_get; returns -1 when out of memory. */
static int read_row(sqlite3_stmt *st, svc_product *p)
{
    int oom = 0;

    p->id = sqlite3_column_int(st, 0);
    p->sku = svcp_col_text(st, 1, &oom);
    p->name = svcp_col_text(st, 2, &oom);
    p->description = svcp_col_text(st, 3, &oom);
    p->category = sqlite3_column_int(st, 4);
    if (!(p->price = svcp_decimal_dup(sqlite3_column_int64(st, 5))))
        oom = 1;
    p->stock_quantity = sqlite3_column_int(st, 6);
    p->tags_null = sqlite3_column_int(st, 7);
    p->created_at = svcp_col_text(st, 8, &oom);
    p->updated_at = svcp_col_text(st, 9, &oom);
    p->has_version = 1;
    p->version = sqlite3_column_int64(st, 10);
    p->perishable = sqlite3_column_int(st, 11);
    p->expires_on = svcp_col_text(st, 12, &oom);
    p->shelf_life = svcp_col_text(st, 13, &oom);
    return oom ? -1 : 0;
}

static int read_tags(svc_store *s, int id, svc_product *p, svc_fault *f)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc, oom = 0;

    for (rc = svcp_run(s, f, &q_tags_get, &st, "i", id); rc == SVCP_ROW;
         rc = svcp_next(s, f, st)) {
        char **tags = svcp_grow(p->tags, &cap, p->ntags + 1, sizeof *tags);

        if (!tags)
            return svcp_fail_oom(f);
        p->tags = tags;
        p->tags[p->ntags] = svcp_col_text(st, 0, &oom);
        if (oom)
            return svcp_fail_oom(f);
        p->ntags++;
    }
    return rc == SVCP_DONE ? SVC_OK : rc;
}

int svcp_product_load(svc_store *s, int id, svc_product *out, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_run(s, f, &q_get, &st, "i", id);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound_id(f, "Product", id);
    if (rc != SVCP_ROW)
        return rc;
    if (read_row(st, out) != 0)
        return svcp_fail_oom(f);
    return read_tags(s, id, out, f);
}

/* Replaces the tags of product id with those of in (none when the list is nil). */
static int write_tags(svc_store *s, int id, const svc_product *in, svc_fault *f)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = svcp_run(s, f, &q_tags_delete, &st, "i", id);

    for (i = 0; rc == SVCP_DONE && !in->tags_null && i < in->ntags; i++)
        rc = svcp_run(s, f, &q_tag_insert, &st, "iit", id, (int)i, in->tags[i]);
    return rc == SVCP_DONE ? SVC_OK : rc;
}

/* Maps a failed insert or update: a UNIQUE violation can only be the Sku. */
static int write_failed(svc_store *s, const svc_product *in, int rc, svc_fault *f)
{
    if (rc == SVC_EINTERNAL && svcp_unique_violation(s))
        return svcp_fail_conflict(f, 0, 0, "a product with Sku %s already exists", in->sku);
    return rc;
}

static int insert_row(svc_store *s, const svc_product *in, int64_t price, int *id, svc_fault *f)
{
    char now[SVCP_TIME_LEN];
    sqlite3_stmt *st;
    int per = in->perishable ? 1 : 0, rc;

    svcp_time_format(svcp_now_ms(), now);
    rc = svcp_run(s, f, &q_insert, &st, "tttiIiititt", in->sku, in->name, in->description,
                  in->category, price, in->stock_quantity, in->tags_null ? 1 : 0, now, per,
                  per ? in->expires_on : NULL, per ? in->shelf_life : NULL);
    if (rc != SVCP_DONE)
        return write_failed(s, in, rc, f);
    *id = (int)sqlite3_last_insert_rowid(s->db);
    return SVC_OK;
}

/* Ends the operation's transaction; on failure nothing is left in out. */
static int finish(svc_store *s, int rc, svc_product *out, svc_fault *f)
{
    rc = svcp_finish(s, rc, f);
    if (rc != SVC_OK)
        svc_product_clear(out);
    return rc;
}

int svc_create_product(svc_store *s, const svc_product *in, svc_product *out, svc_fault *f)
{
    int64_t price = 0;
    int id = 0, rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK && !in)
        rc = svcp_fail_internal(f, "invalid argument: no product");
    if (rc == SVC_OK)
        rc = svcp_check_product(in, &price, f);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    rc = insert_row(s, in, price, &id, f);
    if (rc == SVC_OK)
        rc = write_tags(s, id, in, f);
    if (rc == SVC_OK)
        rc = svcp_product_load(s, id, out, f);
    return finish(s, rc, out, f);
}

int svc_get_product(svc_store *s, int id, svc_product *out, svc_fault *f)
{
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_READ, f)) != SVC_OK)
        return rc;
    return finish(s, svcp_product_load(s, id, out, f), out, f);
}

/* Checks that product id exists at the version the client read. */
static int check_version(svc_store *s, int id, int64_t version, svc_fault *f)
{
    sqlite3_stmt *st;
    int64_t current;
    int rc = svcp_run(s, f, &q_version, &st, "i", id);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound_id(f, "Product", id);
    if (rc != SVCP_ROW)
        return rc;
    current = sqlite3_column_int64(st, 0);
    if (current != version)
        return svcp_fail_conflict(f, 1, current, "Product %d is at version %lld, not %lld: "
                                  "read it again and retry", id, (long long)current,
                                  (long long)version);
    return SVC_OK;
}

static int update_row(svc_store *s, const svc_product *in, int64_t price, svc_fault *f)
{
    char now[SVCP_TIME_LEN];
    sqlite3_stmt *st;
    int per = in->perishable ? 1 : 0, rc;

    svcp_time_format(svcp_now_ms(), now);
    rc = svcp_run(s, f, &q_update, &st, "tttiIiitittiI", in->sku, in->name, in->description,
                  in->category, price, in->stock_quantity, in->tags_null ? 1 : 0, now, per,
                  per ? in->expires_on : NULL, per ? in->shelf_life : NULL, in->id,
                  in->version);
    if (rc != SVCP_DONE)
        return write_failed(s, in, rc, f);
    /* Unreachable while we hold the write lock since check_version(); kept as the guard. */
    if (sqlite3_changes(s->db) != 1)
        return svcp_fail_conflict(f, 0, 0, "Product %d changed meanwhile", in->id);
    return SVC_OK;
}

int svc_update_product(svc_store *s, const svc_product *in, svc_product *out, svc_fault *f)
{
    int64_t price = 0;
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc == SVC_OK && !in)
        rc = svcp_fail_internal(f, "invalid argument: no product");
    if (rc == SVC_OK)
        rc = svcp_check_product(in, &price, f);
    if (rc == SVC_OK && !in->has_version)
        rc = svcp_fail_validation(f, "Version", "Version is required to update a product");
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    rc = check_version(s, in->id, in->version, f);
    if (rc == SVC_OK)
        rc = update_row(s, in, price, f);
    if (rc == SVC_OK)
        rc = write_tags(s, in->id, in, f);
    if (rc == SVC_OK)
        rc = svcp_product_load(s, in->id, out, f);
    return finish(s, rc, out, f);
}

int svc_delete_product(svc_store *s, int id, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_enter(s, NULL, 0, f);

    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    /* Tags and the image go with the product (ON DELETE CASCADE, foreign_keys=ON). */
    rc = svcp_run(s, f, &q_delete, &st, "i", id);
    if (rc == SVCP_DONE)
        rc = sqlite3_changes(s->db) == 1 ? SVC_OK : svcp_fail_notfound_id(f, "Product", id);
    return svcp_finish(s, rc, f);
}
