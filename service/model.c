/* model.c - the plain data of the contract: error and enum names, releasing output structs,
 * and the small allocation helpers the other files share. */
#include "svc_int.h"

#include <stdlib.h>
#include <string.h>

/* Indexed by -err. */
static const char *const err_names[] = {
    "ok",                 /* SVC_OK */
    "not found",          /* SVC_ENOTFOUND */
    "validation failed",  /* SVC_EVALIDATION */
    "conflict",           /* SVC_ECONFLICT */
    "insufficient stock", /* SVC_ESTOCK */
    "invalid state",      /* SVC_ESTATE */
    "internal error"      /* SVC_EINTERNAL */
};

/* Indexed by svc_category / svc_order_status: the contract's enumeration values. */
static const char *const category_names[] = {"Hardware", "Software", "Grocery", "Service"};
static const char *const status_names[] = {"Pending", "Shipped", "Cancelled"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *svc_strerror(int err)
{
    if (err > 0 || -err >= COUNT(err_names))
        return "unknown error";
    return err_names[-err];
}

static int name_index(const char *const *names, int n, const char *name)
{
    int i;

    for (i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *svc_category_name(int category)
{
    return category >= 0 && category < COUNT(category_names) ? category_names[category] : NULL;
}

int svc_category_parse(const char *name)
{
    return name_index(category_names, COUNT(category_names), name);
}

const char *svc_order_status_name(int status)
{
    return status >= 0 && status < COUNT(status_names) ? status_names[status] : NULL;
}

int svc_order_status_parse(const char *name)
{
    return name_index(status_names, COUNT(status_names), name);
}

void svc_product_clear(svc_product *p)
{
    size_t i;

    if (!p)
        return;
    free(p->sku);
    free(p->name);
    free(p->description);
    free(p->price);
    for (i = 0; p->tags && i < p->ntags; i++)
        free(p->tags[i]);
    free(p->tags);
    free(p->created_at);
    free(p->updated_at);
    free(p->expires_on);
    free(p->shelf_life);
    memset(p, 0, sizeof *p);
}

void svc_page_clear(svc_page *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; p->items && i < p->nitems; i++)
        svc_product_clear(&p->items[i]);
    free(p->items);
    memset(p, 0, sizeof *p);
}

void svc_order_clear(svc_order *o)
{
    size_t i;

    if (!o)
        return;
    for (i = 0; o->lines && i < o->nlines; i++) {
        free(o->lines[i].sku);
        free(o->lines[i].product_name);
        free(o->lines[i].unit_price);
        free(o->lines[i].line_total);
    }
    free(o->lines);
    free(o->customer_name);
    free(o->customer_email);
    free(o->placed_at);
    free(o->total);
    free(o->note);
    free(o->cancel_reason);
    memset(o, 0, sizeof *o);
}

void svc_image_clear(svc_image *img)
{
    if (!img)
        return;
    free(img->content_type);
    free(img->data);
    memset(img, 0, sizeof *img);
}

void svc_info_clear(svc_info *info)
{
    if (!info)
        return;
    free(info->name);
    free(info->version);
    free(info->started_at);
    memset(info, 0, sizeof *info);
}

char *svcp_strdup(const char *s, int *oom)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    if (!(d = malloc(n))) {
        *oom = 1;
        return NULL;
    }
    return memcpy(d, s, n);
}

void *svcp_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    size_t ncap = *cap ? *cap : 8;

    if (need <= *cap)
        return arr;
    while (ncap < need)
        ncap *= 2;
    if (!(arr = realloc(arr, ncap * elem)))
        return NULL;
    *cap = ncap;
    return arr;
}
