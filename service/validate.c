/* validate.c - the contract's rules on whole requests: each check stops at the first broken
 * rule and names the offending member in the fault (field as the contract spells it). */
#include "svc_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_CHARS 200
#define TEXT_MAX_CHARS 2000     /* Description, Note */
#define TAG_MAX_CHARS 100
#define TAGS_MAX 50             /* a limit of ours, not of the contract: bounds rows per product */
#define LINES_MAX 100
#define IMAGE_MAX_BYTES 262144  /* 256 KiB */
#define PAGE_SIZE_DEFAULT 20
#define PAGE_SIZE_MAX 100

int svcp_check_text(svc_fault *f, const char *field, const char *s, int required, long min,
                    long max)
{
    long n;

    if (!s)
        return required ? svcp_fail_validation(f, field, "%s is required", field) : SVC_OK;
    if ((n = svcp_utf8_len(s)) < 0)
        return svcp_fail_validation(f, field, "%s is not valid UTF-8", field);
    if (n < min || n > max)
        return svcp_fail_validation(f, field, "%s must be %ld to %ld characters long, not %ld",
                                    field, min, max, n);
    return SVC_OK;
}

/* Parses a decimal member into *out; NULL counts as malformed. */
static int check_decimal(svc_fault *f, const char *field, const char *text, int64_t *out)
{
    switch (text ? svcp_decimal_parse(text, out) : SVCP_DEC_SYNTAX) {
    case SVCP_DEC_OK:
        return SVC_OK;
    case SVCP_DEC_SCALE:
        return svcp_fail_validation(f, field, "%s has more than 4 digits after the point", field);
    case SVCP_DEC_RANGE:
        return svcp_fail_validation(f, field, "%s is out of range", field);
    default:
        return svcp_fail_validation(f, field, "%s must be a decimal number like 19.99", field);
    }
}

static int check_sku(svc_fault *f, const char *sku)
{
    if (!sku)
        return svcp_fail_validation(f, "Sku", "Sku is required");
    if (!svcp_sku_valid(sku))
        return svcp_fail_validation(f, "Sku", "Sku must match [A-Z0-9-]{3,32}");
    return SVC_OK;
}

static int check_price(const svc_product *in, int64_t *price, svc_fault *f)
{
    int rc;

    if (!in->price)
        return svcp_fail_validation(f, "Price", "Price is required");
    if ((rc = check_decimal(f, "Price", in->price, price)) != SVC_OK)
        return rc;
    if (*price < 0)
        return svcp_fail_validation(f, "Price", "Price must not be negative");
    return SVC_OK;
}

/* Checks one list of tags; `field` is "Tags" for a product and for a query. */
static int check_tags(svc_fault *f, size_t ntags, char *const *tags)
{
    char field[32];
    size_t i;
    int rc;

    if (ntags > TAGS_MAX)
        return svcp_fail_validation(f, "Tags", "at most %d tags are allowed", TAGS_MAX);
    if (ntags && !tags)
        return svcp_fail_validation(f, "Tags", "Tags is missing its items");
    for (i = 0; i < ntags; i++) {
        snprintf(field, sizeof field, "Tags[%zu]", i);
        if ((rc = svcp_check_text(f, field, tags[i], 1, 1, TAG_MAX_CHARS)) != SVC_OK)
            return rc;
    }
    return SVC_OK;
}

static int check_perishable(const svc_product *in, svc_fault *f)
{
    if (!in->expires_on)
        return svcp_fail_validation(f, "ExpiresOn", "ExpiresOn is required for a "
                                    "PerishableProduct");
    if (!svcp_datetime_valid(in->expires_on))
        return svcp_fail_validation(f, "ExpiresOn", "ExpiresOn must be an xsd:dateTime like "
                                    "2026-11-25T08:55:20Z");
    if (in->shelf_life && !svcp_duration_valid(in->shelf_life))
        return svcp_fail_validation(f, "ShelfLife", "ShelfLife must be an xsd:duration like "
                                    "P2D or PT36H");
    return SVC_OK;
}

int svcp_check_product(const svc_product *in, int64_t *price, svc_fault *f)
{
    int rc = check_sku(f, in->sku);

    if (rc == SVC_OK)
        rc = svcp_check_text(f, "Name", in->name, 1, 1, NAME_MAX_CHARS);
    if (rc == SVC_OK)
        rc = svcp_check_text(f, "Description", in->description, 0, 0, TEXT_MAX_CHARS);
    if (rc == SVC_OK && !svc_category_name(in->category))
        rc = svcp_fail_validation(f, "Category", in->category == SVC_CAT_NONE ?
                                  "Category is required" : "Category is not a known value");
    if (rc == SVC_OK)
        rc = check_price(in, price, f);
    if (rc == SVC_OK && in->stock_quantity < 0)
        rc = svcp_fail_validation(f, "StockQuantity", "StockQuantity must not be negative");
    if (rc == SVC_OK && !in->tags_null)
        rc = check_tags(f, in->ntags, in->tags);
    if (rc == SVC_OK && in->perishable)
        rc = check_perishable(in, f);
    return rc;
}

static int check_line(const svc_line_req *line, size_t i, svc_fault *f)
{
    char field[96];

    snprintf(field, sizeof field, "Lines[%zu].Sku", i);
    if (!line->sku || !*line->sku)
        return svcp_fail_validation(f, field, "%s is required", field);
    if (svcp_utf8_len(line->sku) < 0)
        return svcp_fail_validation(f, field, "%s is not valid UTF-8", field);
    snprintf(field, sizeof field, "Lines[%zu].Quantity", i);
    if (line->quantity < 1)
        return svcp_fail_validation(f, field, "%s must be at least 1", field);
    return SVC_OK;
}

static int check_lines(const svc_order_req *in, svc_fault *f)
{
    size_t i;
    int rc;

    if (in->nlines == 0 || !in->lines)
        return svcp_fail_validation(f, "Lines", "an order needs at least one line");
    if (in->nlines > LINES_MAX)
        return svcp_fail_validation(f, "Lines", "an order has at most %d lines", LINES_MAX);
    for (i = 0; i < in->nlines; i++)
        if ((rc = check_line(&in->lines[i], i, f)) != SVC_OK)
            return rc;
    return SVC_OK;
}

int svcp_check_order(const svc_order_req *in, svc_fault *f)
{
    int rc = svcp_check_text(f, "CustomerName", in->customer_name, 1, 1, NAME_MAX_CHARS);

    if (rc == SVC_OK && in->customer_email && !svcp_email_valid(in->customer_email))
        rc = svcp_fail_validation(f, "CustomerEmail", "CustomerEmail must be an address like "
                                  "name@example.com of at most 254 characters");
    if (rc == SVC_OK)
        rc = svcp_check_text(f, "Note", in->note, 0, 0, TEXT_MAX_CHARS);
    if (rc == SVC_OK)
        rc = check_lines(in, f);
    return rc;
}

static int check_bounds(const svc_query *q, svcp_find_plan *plan, svc_fault *f)
{
    int rc = SVC_OK;

    plan->has_min = q->min_price != NULL;
    plan->has_max = q->max_price != NULL;
    if (plan->has_min)
        rc = check_decimal(f, "MinPrice", q->min_price, &plan->min);
    if (rc == SVC_OK && plan->has_max)
        rc = check_decimal(f, "MaxPrice", q->max_price, &plan->max);
    if (rc == SVC_OK && plan->has_min && plan->has_max && plan->min > plan->max)
        rc = svcp_fail_validation(f, "MinPrice", "MinPrice must not exceed MaxPrice");
    return rc;
}

static int check_paging(const svc_query *q, svcp_find_plan *plan, svc_fault *f)
{
    plan->page = q->has_page ? q->page : 1;
    plan->page_size = q->has_page_size ? q->page_size : PAGE_SIZE_DEFAULT;
    if (plan->page < 1)
        return svcp_fail_validation(f, "Page", "Page must be at least 1");
    if (plan->page_size < 1 || plan->page_size > PAGE_SIZE_MAX)
        return svcp_fail_validation(f, "PageSize", "PageSize must be 1 to %d", PAGE_SIZE_MAX);
    return SVC_OK;
}

int svcp_check_query(const svc_query *q, svcp_find_plan *plan, svc_fault *f)
{
    int rc = svcp_check_text(f, "NamePrefix", q->name_prefix, 0, 0, NAME_MAX_CHARS);

    memset(plan, 0, sizeof *plan);
    if (rc == SVC_OK && q->category != SVC_CAT_NONE && !svc_category_name(q->category))
        rc = svcp_fail_validation(f, "Category", "Category is not a known value");
    if (rc == SVC_OK)
        rc = check_bounds(q, plan, f);
    if (rc == SVC_OK)
        rc = check_tags(f, q->ntags, q->tags);
    if (rc == SVC_OK)
        rc = check_paging(q, plan, f);
    return rc;
}

/* The accepted image formats and their leading bytes; WEBP also needs "WEBP" at offset 8. */
static const struct image_format {
    const char *content_type;
    const char *magic;
    size_t magic_len;
    const char *magic2; /* NULL or 4 bytes expected at offset 8 */
} image_formats[] = {
    {"image/png", "\x89PNG\r\n\x1a\n", 8, NULL},
    {"image/jpeg", "\xff\xd8\xff", 3, NULL},
    {"image/gif", "GIF87a", 6, NULL},
    {"image/gif", "GIF89a", 6, NULL},
    {"image/webp", "RIFF", 4, "WEBP"},
};

#define NFORMATS (sizeof image_formats / sizeof image_formats[0])

static int magic_matches(const struct image_format *fmt, const svc_image *img)
{
    if (img->size < fmt->magic_len || memcmp(img->data, fmt->magic, fmt->magic_len) != 0)
        return 0;
    return !fmt->magic2 || (img->size >= 12 && memcmp(img->data + 8, fmt->magic2, 4) == 0);
}

int svcp_check_image(const svc_image *img, const char **content_type, svc_fault *f)
{
    size_t i;
    const char *known = NULL;

    if (!img || !img->data || img->size == 0)
        return svcp_fail_validation(f, "Data", "Data is required");
    if (!img->content_type)
        return svcp_fail_validation(f, "ContentType", "ContentType is required");
    for (i = 0; i < NFORMATS; i++) {
        /* Media types are case-insensitive (RFC 2045); we store the canonical spelling. */
        if (strcasecmp(img->content_type, image_formats[i].content_type) != 0)
            continue;
        known = image_formats[i].content_type;
        if (magic_matches(&image_formats[i], img))
            break;
    }
    if (!known)
        return svcp_fail_validation(f, "ContentType", "ContentType must be one of image/png, "
                                    "image/jpeg, image/gif, image/webp");
    if (img->size > IMAGE_MAX_BYTES)
        return svcp_fail_validation(f, "Data", "Data is larger than %d bytes", IMAGE_MAX_BYTES);
    if (i == NFORMATS)
        return svcp_fail_validation(f, "Data", "Data is not a %s image", known);
    *content_type = known;
    return SVC_OK;
}

int svcp_check_order_id(const char *id, char out[SVCP_GUID_LEN], svc_fault *f)
{
    if (!svcp_guid_normalize(id, out))
        return svcp_fail_validation(f, "id", "id must be a guid like "
                                    "0f8fad5b-d9cb-469f-a165-70867728950e");
    return SVC_OK;
}
