/* images.c - SetProductImage and GetProductImage: one image per product, replaced on set and
 * deleted with its product. */
#include "svc_int.h"

#include <stdlib.h>
#include <string.h>

static const svcp_sql q_exists = {SVCP_Q_PRODUCT_EXISTS, "SELECT 1 FROM products WHERE id = ?1"};
static const svcp_sql q_put = {SVCP_Q_IMAGE_PUT,
    "INSERT INTO product_images (product_id, content_type, data) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (product_id) DO UPDATE SET content_type = excluded.content_type,"
    " data = excluded.data"};
static const svcp_sql q_get = {SVCP_Q_IMAGE_GET,
    "SELECT content_type, data FROM product_images WHERE product_id = ?1"};

static int product_exists(svc_store *s, int id, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = svcp_run(s, f, &q_exists, &st, "i", id);

    if (rc == SVCP_DONE)
        return svcp_fail_notfound_id(f, "Product", id);
    return rc == SVCP_ROW ? SVC_OK : rc;
}

int svc_set_product_image(svc_store *s, int product_id, const svc_image *img, svc_fault *f)
{
    const char *type = NULL;
    sqlite3_stmt *st;
    int rc = svcp_enter(s, NULL, 0, f);

    if (rc == SVC_OK)
        rc = svcp_check_image(img, &type, f);
    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_WRITE, f)) != SVC_OK)
        return rc;
    rc = product_exists(s, product_id, f);
    if (rc == SVC_OK) {
        rc = svcp_run(s, f, &q_put, &st, "itb", product_id, type, (const void *)img->data,
                      img->size);
        rc = rc == SVCP_DONE ? SVC_OK : rc;
    }
    return svcp_finish(s, rc, f);
}

/* Copies the row of q_get into out; returns -1 when out of memory. */
static int read_image(sqlite3_stmt *st, svc_image *out)
{
    const void *data = sqlite3_column_blob(st, 1);
    int n = sqlite3_column_bytes(st, 1), oom = 0;

    out->content_type = svcp_col_text(st, 0, &oom);
    if (oom || (n > 0 && !data) || !(out->data = malloc(n > 0 ? (size_t)n : 1)))
        return -1;
    if (n > 0)
        memcpy(out->data, data, (size_t)n);
    out->size = (size_t)n;
    return 0;
}

static int load_image(svc_store *s, int id, svc_image *out, svc_fault *f)
{
    sqlite3_stmt *st;
    int rc = product_exists(s, id, f);

    if (rc != SVC_OK)
        return rc;
    rc = svcp_run(s, f, &q_get, &st, "i", id);
    if (rc == SVCP_DONE)
        return svcp_fail_notfound_id(f, "ProductImage", id);
    if (rc != SVCP_ROW)
        return rc;
    return read_image(st, out) == 0 ? SVC_OK : svcp_fail_oom(f);
}

int svc_get_product_image(svc_store *s, int product_id, svc_image *out, svc_fault *f)
{
    int rc = svcp_enter(s, out, sizeof *out, f);

    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_READ, f)) != SVC_OK)
        return rc;
    rc = svcp_finish(s, load_image(s, product_id, out, f), f);
    if (rc != SVC_OK)
        svc_image_clear(out);
    return rc;
}
