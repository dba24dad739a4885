/* svc.h - the reference inventory and orders service: its rules and its SQLite store.
 *
 * This module knows neither gSOAP nor HTTP nor JSON. The SOAP glue (soap/) copies the generated
 * request structs into the plain structs below, calls one svc_ function per operation and copies
 * the result (or the typed fault) back. Everything a client can get wrong is checked here, so a
 * SOAP call and a REST call (which is a SOAP call underneath) obey exactly the same rules.
 *
 * Conventions:
 * - Every operation returns SVC_OK (0) or a negative svc_err. On an error the caller-provided
 *   svc_fault is filled; output structs are then left zeroed (nothing to free).
 * - Output structs are filled with malloc'd memory owned by the caller, released with the matching
 *   svc_*_clear() function (which also accepts a zeroed struct). Input structs are only read.
 * - Decimals travel as text ("19.99") and are kept exactly (scaled 64-bit integers inside, never a
 *   double). Date-times travel as ISO 8601 text. Strings are UTF-8.
 * - One svc_store per thread: it wraps one SQLite connection. Several stores, threads or
 *   processes may share one database file.
 */
#ifndef SOAPREST_SVC_H
#define SOAPREST_SVC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: 0 or negative. The fault kinds match the contract's declared fault details. */
typedef enum svc_err {
    SVC_OK = 0,
    SVC_ENOTFOUND = -1,   /* NotFoundFault: entity, key */
    SVC_EVALIDATION = -2, /* ValidationFault: field, message */
    SVC_ECONFLICT = -3,   /* ConflictFault: message, optional current_version */
    SVC_ESTOCK = -4,      /* InsufficientStockFault: sku, requested, available */
    SVC_ESTATE = -5,      /* InvalidStateFault: current_state, message */
    SVC_EINTERNAL = -6    /* storage failure: a server-side fault, message only */
} svc_err;

/* Returns a static English name for an svc_err ("not found", ...); never NULL. */
const char *svc_strerror(int err);

typedef enum svc_category {
    SVC_CAT_NONE = -1, /* absent */
    SVC_CAT_HARDWARE = 0,
    SVC_CAT_SOFTWARE,
    SVC_CAT_GROCERY,
    SVC_CAT_SERVICE
} svc_category;

typedef enum svc_order_status {
    SVC_ORDER_PENDING = 0,
    SVC_ORDER_SHIPPED,
    SVC_ORDER_CANCELLED
} svc_order_status;

/* Returns the contract's name of a category / status ("Hardware", "Pending"), or NULL if out of
 * range. The _parse functions return the enum value, or -1 for an unknown name. */
const char *svc_category_name(int category);
int svc_category_parse(const char *name);
const char *svc_order_status_name(int status);
int svc_order_status_parse(const char *name);

/* The typed detail of a failed operation. Only the members of the kind in `err` are meaningful. */
typedef struct svc_fault {
    int err;               /* the svc_err returned */
    char entity[32];       /* ENOTFOUND: "Product", "Order", "ProductImage" */
    char key[64];          /* ENOTFOUND: the key looked up, as text */
    char field[96];        /* EVALIDATION: the offending member, e.g. "Price", "Lines[2].Quantity" */
    char message[256];     /* EVALIDATION, ECONFLICT, ESTATE, EINTERNAL: human-readable */
    int has_current_version; /* ECONFLICT: set when current_version is meaningful */
    int64_t current_version;
    char sku[40];          /* ESTOCK */
    int requested;         /* ESTOCK: total quantity asked for this Sku in the order */
    int available;         /* ESTOCK: stock on hand */
    int current_state;     /* ESTATE: svc_order_status */
} svc_fault;

/* A product. On input, server-assigned members (id, created_at, updated_at and, for create, version)
 * are ignored. `perishable` selects the derived type PerishableProduct. */
typedef struct svc_product {
    int id;
    char *sku;
    char *name;
    char *description;   /* NULL = nil */
    int category;        /* svc_category; SVC_CAT_NONE when absent */
    char *price;         /* decimal text; NULL = absent */
    int stock_quantity;  /* absent = 0 */
    int tags_null;       /* 1 = nil/absent list, 0 = a list (possibly empty) */
    size_t ntags;
    char **tags;
    char *created_at;    /* output only: ISO 8601 UTC with milliseconds */
    char *updated_at;    /* output only: NULL until the first update */
    int has_version;     /* input for update: the version the client read */
    int64_t version;
    int perishable;      /* 1 = PerishableProduct */
    char *expires_on;    /* PerishableProduct: ISO 8601 date-time, required when perishable */
    char *shelf_life;    /* PerishableProduct: ISO 8601 duration, optional (NULL) */
} svc_product;

typedef struct svc_query {
    const char *name_prefix; /* NULL = any */
    int category;            /* SVC_CAT_NONE = any */
    const char *min_price;   /* decimal text, NULL = no bound */
    const char *max_price;
    size_t ntags;            /* products must carry every tag listed */
    char *const *tags;
    int has_page;            /* absent page = 1 */
    int page;
    int has_page_size;       /* absent page size = 20 */
    int page_size;
} svc_query;

typedef struct svc_page {
    size_t nitems;
    svc_product *items;
    int total_count;
    int page;
    int page_size;
} svc_page;

typedef struct svc_line_req {
    const char *sku;
    int quantity;            /* absent = 0, which the rules refuse */
} svc_line_req;

typedef struct svc_order_req {
    const char *customer_name;
    const char *customer_email; /* optional */
    const char *note;           /* NULL = nil */
    size_t nlines;
    const svc_line_req *lines;
} svc_order_req;

typedef struct svc_order_line {
    char *sku;
    char *product_name;
    int quantity;
    char *unit_price;   /* decimal text */
    char *line_total;   /* decimal text */
} svc_order_line;

typedef struct svc_order {
    char id[37];        /* lower-case guid text */
    char *customer_name;
    char *customer_email; /* NULL = absent */
    char *placed_at;
    int status;         /* svc_order_status */
    size_t nlines;
    svc_order_line *lines;
    char *total;        /* decimal text */
    char *note;         /* NULL = nil */
    char *cancel_reason; /* NULL = absent */
} svc_order;

typedef struct svc_image {
    char *content_type;
    unsigned char *data;
    size_t size;
} svc_image;

typedef struct svc_info {
    char *name;
    char *version;
    char *started_at;
    int64_t product_count;
    int64_t order_count;
} svc_info;

typedef struct svc_store svc_store;

/* Records the process start time reported by svc_service_info. Call once from main before any
 * thread opens a store. */
void svc_global_init(void);

/* Opens (creating if needed) the database at `path`: schema on first start, WAL, busy timeout.
 * Returns SVC_OK and sets *out, or SVC_EINTERNAL with a malloc'd message in *errmsg (caller frees). */
int svc_store_open(const char *path, svc_store **out, char **errmsg);
/* Closes the connection; accepts NULL. */
void svc_store_close(svc_store *store);

/* The operations, one per contract operation. `out` is filled only on SVC_OK. */
int svc_service_info(svc_store *s, svc_info *out, svc_fault *f);
int svc_create_product(svc_store *s, const svc_product *in, svc_product *out, svc_fault *f);
int svc_get_product(svc_store *s, int id, svc_product *out, svc_fault *f);
int svc_update_product(svc_store *s, const svc_product *in, svc_product *out, svc_fault *f);
int svc_delete_product(svc_store *s, int id, svc_fault *f);
int svc_find_products(svc_store *s, const svc_query *q, svc_page *out, svc_fault *f);
int svc_place_order(svc_store *s, const svc_order_req *in, svc_order *out, svc_fault *f);
int svc_get_order(svc_store *s, const char *id, svc_order *out, svc_fault *f);
int svc_cancel_order(svc_store *s, const char *id, const char *reason, svc_order *out,
                     svc_fault *f);
int svc_ship_order(svc_store *s, const char *id, svc_order *out, svc_fault *f);
int svc_set_product_image(svc_store *s, int product_id, const svc_image *img, svc_fault *f);
int svc_get_product_image(svc_store *s, int product_id, svc_image *out, svc_fault *f);
/* One-way: the caller cannot report a failure, but the return value says what happened
 * (ENOTFOUND for an unknown Sku, EVALIDATION when stock would go negative). */
int svc_adjust_stock(svc_store *s, const char *sku, int delta, const char *reason, svc_fault *f);

void svc_product_clear(svc_product *p);
void svc_page_clear(svc_page *p);
void svc_order_clear(svc_order *o);
void svc_image_clear(svc_image *img);
void svc_info_clear(svc_info *info);

#ifdef __cplusplus
}
#endif

#endif
