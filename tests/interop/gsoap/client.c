/* client.c - the gSOAP C client of the soaprest interop matrix.
 *
 *   gsoap-client ENDPOINT_URL PREFIX
 *
 * Compiled by build.sh against stubs that wsdl2h -c -F and soapcpp2 -C -c -1 generate from the
 * live ?wsdl (never committed). Calls every operation over the SOAP 1.1 binding and asserts the
 * values: the same scenario as ../python/scenario.py, ../node/client.js and ../wcf/Interop.cs.
 * Prints one line per operation:  RESULT <Operation> PASS | RESULT <Operation> FAIL <reason>
 *
 * gSOAP notes: strings are UTF-8 only with SOAP_C_UTFSTRING; xs:decimal and xs:dateTime stay text
 * (typemap.dat), compared exactly; the derived PerishableProduct travels in the transient
 * dc__PerishableProduct member that wsdl2h -F adds to struct dc__Product; declared faults arrive
 * in soap->fault->detail as the typed dc__*Fault members.
 */
#include "soapH.h"
#include "BasicHttpBinding_USCOREIInventoryService.nsmap"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NON_ASCII "Caf\xc3\xa9 \xe2\x98\x95 Gr\xc3\xbc\xc3\x9f" "e \xe6\x9d\xb1\xe4\xba\xac \xf0\x9d\x84\x9e"
#define TAG_NA "\xc3\x9f\xe2\x82\xac" /* "ßEUR" */
#define PRICE1 "9876543210987.6543"
#define EXPIRES "2027-01-02T03:04:05.123Z"
#define BIG_ID 2147483647

static const char *url;
static const char *prefix;
static struct soap *soap;
static char why[1024];

/* The state carried between operations (copied out of gSOAP's arena, which soap_end frees). */
static struct {
    int id[5];         /* P1..P4 by index; 0 = not created */
    char created1[40]; /* P1.CreatedAt */
    int version1;
    int stock4;
    char order1[40], order2[40];
    char placed1[40];
} st;

static int fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return -1;
}

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond))                                                                              \
            return fail(__VA_ARGS__);                                                             \
    } while (0)

static const char *s_(const char *s) { return s ? s : "(null)"; }
static int streq(const char *a, const char *b) { return a && b ? strcmp(a, b) == 0 : a == b; }

#define EQS(want, got, what)                                                                      \
    CHECK(streq((want), (got)), "%s: expected %s, got %s", what, s_(want), s_(got))
#define EQI(want, got, what)                                                                      \
    do {                                                                                          \
        long long w_ = (want), g_ = (got);                                                        \
        CHECK(w_ == g_, "%s: expected %lld, got %lld", what, w_, g_);                             \
    } while (0)
#define NEED(cond, step) CHECK(cond, "depends on %s, which did not succeed", step)

/* Decimals compare by value, exactly, as text ("5.0" == "5"). */
static void dec_norm(const char *s, char *out, size_t n)
{
    const char *dot, *end;
    int neg = 0;

    if (!s) {
        snprintf(out, n, "(null)");
        return;
    }
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    while (*s == '0' && s[1] >= '0' && s[1] <= '9')
        s++;
    dot = strchr(s, '.');
    end = s + strlen(s);
    if (dot) {
        while (end > dot + 1 && end[-1] == '0')
            end--;
        if (end == dot + 1)
            end = dot;
    }
    if (neg && !(end - s == 1 && *s == '0'))
        snprintf(out, n, "-%.*s", (int)(end - s), s);
    else
        snprintf(out, n, "%.*s", (int)(end - s), s);
}

#define EQD(want, got, what)                                                                      \
    do {                                                                                          \
        char a_[64], b_[64];                                                                      \
        dec_norm((want), a_, sizeof a_);                                                          \
        dec_norm((got), b_, sizeof b_);                                                           \
        CHECK(strcmp(a_, b_) == 0, "%s: expected %s, got %s", what, a_, b_);                      \
    } while (0)

static const char *err_text(void)
{
    static char buf[512];
    const char **code = soap_faultcode(soap), **str = soap_faultstring(soap);

    snprintf(buf, sizeof buf, "gSOAP error %d: %s %s", soap->error, code && *code ? *code : "",
             str && *str ? *str : "");
    return buf;
}

#define CALL(op, req, res)                                                                        \
    do {                                                                                          \
        if (soap_call___inv__##op(soap, url, NULL, (req), (res)) != SOAP_OK)                      \
            return fail("%s: %s", #op, err_text());                                               \
    } while (0)

/* The typed detail of the declared fault the last call must have answered, or NULL (why set). */
static struct SOAP_ENV__Detail *fault_detail(int rc, const char *what)
{
    if (rc == SOAP_OK) {
        fail("%s: expected a fault, the call succeeded", what);
        return NULL;
    }
    /* gSOAP returns SOAP_CLI_FAULT / SOAP_SVR_FAULT for a Client / Server fault code. */
    if ((rc != SOAP_FAULT && rc != SOAP_CLI_FAULT && rc != SOAP_SVR_FAULT) || !soap->fault ||
        !soap->fault->detail) {
        fail("%s: expected a fault with detail, got %s", what, err_text());
        return NULL;
    }
    return soap->fault->detail;
}

#define EXPECT_FAULT(kind, var, call, what)                                                       \
    struct dc__##kind *var;                                                                       \
    do {                                                                                          \
        struct SOAP_ENV__Detail *d_ = fault_detail((call), what);                                 \
        if (!d_)                                                                                  \
            return -1;                                                                            \
        var = d_->dc__##kind;                                                                     \
        CHECK(var, "%s: the fault detail is not a %s", what, #kind);                              \
    } while (0)

static int *intp(int v)
{
    int *p = soap_malloc(soap, sizeof *p);

    *p = v;
    return p;
}

static char *sku(int n)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%s-%d", prefix, n);
    return soap_strdup(soap, buf);
}

static char *name_of(const char *what)
{
    char buf[256];

    snprintf(buf, sizeof buf, "%s %s", prefix, what);
    return soap_strdup(soap, buf);
}

static struct arr__ArrayOfstring *tags(int n, ...)
{
    struct arr__ArrayOfstring *a = soap_new_arr__ArrayOfstring(soap, -1);
    va_list ap;
    int i;

    a->__sizestring = n;
    a->string = n ? soap_malloc(soap, n * sizeof(char *)) : NULL;
    va_start(ap, n);
    for (i = 0; i < n; i++)
        a->string[i] = soap_strdup(soap, va_arg(ap, const char *));
    va_end(ap);
    return a;
}

static enum dc__ProductCategory *cat(enum dc__ProductCategory c)
{
    enum dc__ProductCategory *p = soap_malloc(soap, sizeof *p);

    *p = c;
    return p;
}

static struct dc__Product *product(int n, const char *name, enum dc__ProductCategory c,
                                   const char *price, int stock, struct arr__ArrayOfstring *t)
{
    struct dc__Product *p = soap_new_dc__Product(soap, -1);

    p->Sku = sku(n);
    p->Name = soap_strdup(soap, name);
    p->Category = cat(c);
    p->Price = soap_strdup(soap, price);
    p->StockQuantity = intp(stock);
    p->Tags = t;
    return p;
}

/* Reads a returned product through its derived struct when it came as PerishableProduct. */
struct prod {
    int id, stock, perishable;
    long long version;
    const char *sku, *name, *description, *price, *created, *updated, *expires, *shelf;
    int category;
    const struct arr__ArrayOfstring *tags;
};

static int read_product(const struct dc__Product *p, struct prod *o, const char *what)
{
    CHECK(p, "%s: no product in the response", what);
    memset(o, 0, sizeof *o);
    if (p->dc__PerishableProduct) {
        const struct dc__PerishableProduct *x = p->dc__PerishableProduct;

        o->perishable = 1;
        o->expires = x->ExpiresOn;
        o->shelf = x->ShelfLife;
#define TAKE(src)                                                                                 \
    o->id = src->Id ? *src->Id : -1;                                                              \
    o->stock = src->StockQuantity ? *src->StockQuantity : -1;                                     \
    o->version = src->Version ? *src->Version : -1;                                               \
    o->sku = src->Sku;                                                                            \
    o->name = src->Name;                                                                          \
    o->description = src->Description;                                                            \
    o->price = src->Price;                                                                        \
    o->created = src->CreatedAt;                                                                  \
    o->updated = src->UpdatedAt;                                                                  \
    o->category = src->Category ? (int)*src->Category : -1;                                       \
    o->tags = src->Tags
        TAKE(x);
    } else {
        TAKE(p);
    }
    return 0;
}

static int same_tags(const struct arr__ArrayOfstring *want, const struct arr__ArrayOfstring *got,
                     const char *what)
{
    int i;

    if (!want || !got) {
        CHECK(!want && !got, "%s: expected %s, got %s", what, want ? "an array" : "nil",
              got ? "an array" : "nil");
        return 0;
    }
    EQI(want->__sizestring, got->__sizestring, what);
    for (i = 0; i < want->__sizestring; i++)
        EQS(want->string[i], got->string[i], what);
    return 0;
}

static int recent_utc(const char *t, const char *what)
{
    struct tm tm = {0};
    time_t now = time(NULL), then;

    CHECK(t && strlen(t) >= 20 && t[strlen(t) - 1] == 'Z', "%s: not a UTC dateTime: %s", what, s_(t));
    CHECK(sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                 &tm.tm_min, &tm.tm_sec) == 6, "%s: not a dateTime: %s", what, t);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    then = timegm(&tm);
    CHECK(now - then > -600 && now - then < 3600, "%s is not a recent time: %s", what, t);
    return 0;
}

/* ---- operations -------------------------------------------------------------------------- */

static int op_GetServiceInfo(void)
{
    struct _inv__GetServiceInfo req = {0};
    struct _inv__GetServiceInfoResponse res;
    struct dc__ServiceInfo *i;

    CALL(GetServiceInfo, &req, &res);
    i = res.GetServiceInfoResult;
    CHECK(i && i->Name && *i->Name && i->Version && *i->Version, "Name/Version empty");
    CHECK(i->StartedAt && i->StartedAt[strlen(i->StartedAt) - 1] == 'Z', "StartedAt: %s",
          s_(i->StartedAt));
    CHECK(i->ProductCount && *i->ProductCount >= 0 && i->OrderCount && *i->OrderCount >= 0,
          "bad counts");
    return 0;
}

static int create(struct dc__Product *p, struct prod *out, const char *what)
{
    struct _inv__CreateProduct req = {p};
    struct _inv__CreateProductResponse res;

    if (soap_call___inv__CreateProduct(soap, url, NULL, &req, &res) != SOAP_OK)
        return fail("%s: %s", what, err_text());
    return read_product(res.CreateProductResult, out, what);
}

static int op_CreateProduct(void)
{
    struct dc__Product *req1, *req2, *req3, *bad, *dup;
    struct dc__PerishableProduct *pp;
    struct _inv__CreateProduct creq;
    struct _inv__CreateProductResponse cres;
    struct prod r;

    req1 = product(1, name_of("one " NON_ASCII), dc__ProductCategory__Hardware, PRICE1, 10,
                   tags(2, "red", TAG_NA));
    if (create(req1, &r, "P1"))
        return -1;
    CHECK(r.id > 0, "Id not assigned: %d", r.id);
    EQS(req1->Sku, r.sku, "Sku");
    EQS(req1->Name, r.name, "Name (non-ASCII)");
    CHECK(!r.description, "Description (nil): got %s", s_(r.description));
    EQI(dc__ProductCategory__Hardware, r.category, "Category");
    EQD(PRICE1, r.price, "Price (decimal exact)");
    EQI(10, r.stock, "StockQuantity");
    if (same_tags(req1->Tags, r.tags, "Tags") || recent_utc(r.created, "CreatedAt"))
        return -1;
    CHECK(!r.updated, "UpdatedAt (nil on create): got %s", r.updated);
    EQI(1, r.version, "Version");
    CHECK(!r.perishable, "P1 came back as a PerishableProduct");
    st.id[1] = r.id;
    snprintf(st.created1, sizeof st.created1, "%s", r.created);

    req2 = product(2, name_of("two"), dc__ProductCategory__Software, "0.1", 0, tags(0));
    req2->Description = "";
    if (create(req2, &r, "P2"))
        return -1;
    CHECK(r.tags && r.tags->__sizestring == 0, "Tags = [] must come back empty, not %s",
          r.tags ? "non-empty" : "nil");
    EQS("", r.description, "Description (empty string, not nil)");
    EQD("0.1", r.price, "Price 0.1");
    st.id[2] = r.id;

    req3 = product(3, name_of("three"), dc__ProductCategory__Service, "0", 0, NULL);
    if (create(req3, &r, "P3"))
        return -1;
    CHECK(!r.tags, "Tags = nil must come back nil");
    st.id[3] = r.id;

    pp = soap_new_dc__PerishableProduct(soap, -1);
    pp->Sku = sku(4);
    pp->Name = name_of("four");
    pp->Category = cat(dc__ProductCategory__Grocery);
    pp->Price = "2.5";
    pp->StockQuantity = intp(5);
    pp->Tags = tags(1, "fresh");
    pp->ExpiresOn = EXPIRES;
    pp->ShelfLife = "PT36H";
    creq.product = soap_new_dc__Product(soap, -1);
    creq.product->dc__PerishableProduct = pp;
    if (soap_call___inv__CreateProduct(soap, url, NULL, &creq, &cres) != SOAP_OK)
        return fail("P4: %s", err_text());
    if (read_product(cres.CreateProductResult, &r, "P4"))
        return -1;
    CHECK(r.perishable, "the derived type: P4 came back as a plain Product");
    EQS(EXPIRES, r.expires, "ExpiresOn");
    EQS("PT36H", r.shelf, "ShelfLife");
    EQI(dc__ProductCategory__Grocery, r.category, "Category (derived)");
    st.id[4] = r.id;

    bad = product(90, "x", dc__ProductCategory__Hardware, "1", 0, NULL);
    bad->Sku = "bad sku";
    creq.product = bad;
    {
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__CreateProduct(soap, url, NULL, &creq, &cres),
                     "bad Sku");
        EQS("Sku", v->Field, "ValidationFault.Field");
        CHECK(v->Message && *v->Message, "ValidationFault.Message is empty");
    }
    dup = product(1, "dup", dc__ProductCategory__Hardware, "1", 0, NULL);
    creq.product = dup;
    {
        EXPECT_FAULT(ConflictFault, c, soap_call___inv__CreateProduct(soap, url, NULL, &creq, &cres),
                     "duplicate Sku");
        CHECK(c->Message && strstr(c->Message, dup->Sku), "ConflictFault.Message: %s", s_(c->Message));
    }
    return 0;
}

static int get(int id, struct prod *out, const char *what)
{
    struct _inv__GetProduct req;
    struct _inv__GetProductResponse res;

    req.id = intp(id);
    if (soap_call___inv__GetProduct(soap, url, NULL, &req, &res) != SOAP_OK)
        return fail("%s: %s", what, err_text());
    return read_product(res.GetProductResult, out, what);
}

static int op_GetProduct(void)
{
    struct _inv__GetProduct req;
    struct _inv__GetProductResponse res;
    struct prod r;

    NEED(st.id[4], "CreateProduct");
    if (get(st.id[1], &r, "GetProduct(P1)"))
        return -1;
    EQS(st.created1, r.created, "P1.CreatedAt");
    EQD(PRICE1, r.price, "P1.Price");
    CHECK(r.tags && r.tags->__sizestring == 2 && streq(r.tags->string[1], TAG_NA), "P1.Tags");
    if (get(st.id[2], &r, "GetProduct(P2)"))
        return -1;
    CHECK(r.tags && r.tags->__sizestring == 0, "P2.Tags must be empty");
    EQS("", r.description, "P2.Description");
    if (get(st.id[3], &r, "GetProduct(P3)"))
        return -1;
    CHECK(!r.tags, "P3.Tags must be nil");
    if (get(st.id[4], &r, "GetProduct(P4)"))
        return -1;
    CHECK(r.perishable, "GetProduct(P4) did not return a PerishableProduct");
    EQS(EXPIRES, r.expires, "P4.ExpiresOn");
    EQS("PT36H", r.shelf, "P4.ShelfLife");
    req.id = intp(BIG_ID);
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__GetProduct(soap, url, NULL, &req, &res),
                     "missing id");
        EQS("Product", nf->Entity, "NotFoundFault.Entity");
        EQS("2147483647", nf->Key, "NotFoundFault.Key");
    }
    return 0;
}

static int op_UpdateProduct(void)
{
    struct _inv__GetProduct greq;
    struct _inv__GetProductResponse gres;
    struct _inv__UpdateProduct req;
    struct _inv__UpdateProductResponse res;
    struct dc__Product *cur;
    struct prod u;
    LONG64 v0;

    NEED(st.id[1], "CreateProduct");
    greq.id = intp(st.id[1]);
    CALL(GetProduct, &greq, &gres);
    cur = gres.GetProductResult;
    CHECK(cur && cur->Version, "no product or Version");
    v0 = *cur->Version;
    cur->Description = "now described: " NON_ASCII;
    cur->Price = "19.99";
    cur->Tags = tags(3, "red", TAG_NA, "new");
    req.product = cur;
    CALL(UpdateProduct, &req, &res);
    if (read_product(res.UpdateProductResult, &u, "UpdateProduct"))
        return -1;
    EQI(v0 + 1, u.version, "Version after update");
    EQS(cur->Description, u.description, "Description");
    EQD("19.99", u.price, "Price");
    if (same_tags(cur->Tags, u.tags, "Tags") || recent_utc(u.updated, "UpdatedAt"))
        return -1;
    EQS(st.created1, u.created, "CreatedAt unchanged");
    {
        EXPECT_FAULT(ConflictFault, c, soap_call___inv__UpdateProduct(soap, url, NULL, &req, &res),
                     "stale Version");
        CHECK(c->CurrentVersion && *c->CurrentVersion == u.version,
              "ConflictFault.CurrentVersion: expected %lld", u.version);
    }
    req.product = product(99, "x", dc__ProductCategory__Hardware, "1", 0, NULL);
    req.product->Id = intp(BIG_ID);
    req.product->Version = soap_malloc(soap, sizeof(LONG64));
    *req.product->Version = 1;
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__UpdateProduct(soap, url, NULL, &req, &res),
                     "missing id");
        EQS("Product", nf->Entity, "NotFoundFault.Entity");
    }
    CALL(GetProduct, &greq, &gres);
    gres.GetProductResult->Price = "-1";
    req.product = gres.GetProductResult;
    {
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__UpdateProduct(soap, url, NULL, &req, &res),
                     "negative Price");
        EQS("Price", v->Field, "ValidationFault.Field");
    }
    return 0;
}

static int find(struct dc__ProductQuery *q, struct dc__ProductPage **page, const char *what)
{
    struct _inv__FindProducts req = {q};
    struct _inv__FindProductsResponse res;

    if (soap_call___inv__FindProducts(soap, url, NULL, &req, &res) != SOAP_OK)
        return fail("%s: %s", what, err_text());
    *page = res.FindProductsResult;
    CHECK(*page && (*page)->TotalCount, "%s: no page", what);
    return 0;
}

static int page_ids(const struct dc__ProductPage *p, int n, const int *want, const char *what)
{
    int i, got_n = p->Items ? p->Items->__sizeProduct : -1;

    CHECK(got_n == n, "%s: expected %d items, got %d", what, n, got_n);
    for (i = 0; i < n; i++) {
        struct prod r;

        if (read_product(&p->Items->Product[i], &r, what))
            return -1;
        CHECK(r.id == want[i], "%s: item %d is Id %d, expected %d", what, i, r.id, want[i]);
    }
    return 0;
}

static int op_FindProducts(void)
{
    struct dc__ProductQuery *q;
    struct dc__ProductPage *p;
    char pfx[64];
    int all[4], one[2];
    struct prod r;

    NEED(st.id[4], "CreateProduct");
    snprintf(pfx, sizeof pfx, "%s ", prefix);
    memcpy(all, st.id + 1, sizeof all);
    q = soap_new_dc__ProductQuery(soap, -1);
    q->NamePrefix = pfx;
    q->Page = intp(1);
    q->PageSize = intp(10);
    if (find(q, &p, "all") || page_ids(p, 4, all, "Items (P1..P4 in Id order)"))
        return -1;
    EQI(4, *p->TotalCount, "TotalCount for the prefix");
    if (read_product(&p->Items->Product[3], &r, "P4 in the page"))
        return -1;
    CHECK(r.perishable, "P4 inside ArrayOfProduct did not come back as PerishableProduct");
    EQS(EXPIRES, r.expires, "P4.ExpiresOn in the page");
    q->Tags = tags(1, TAG_NA);
    one[0] = st.id[1];
    if (find(q, &p, "by tag") || page_ids(p, 1, one, "found by non-ASCII tag"))
        return -1;
    q->Tags = NULL;
    q->Category = cat(dc__ProductCategory__Grocery);
    one[0] = st.id[4];
    if (find(q, &p, "by Category") || page_ids(p, 1, one, "found by Category"))
        return -1;
    q->Category = NULL;
    q->MinPrice = "0.1";
    q->MaxPrice = "2.5";
    one[0] = st.id[2];
    one[1] = st.id[4];
    if (find(q, &p, "by price") || page_ids(p, 2, one, "MinPrice 0.1 .. MaxPrice 2.5"))
        return -1;
    q->MinPrice = q->MaxPrice = NULL;
    q->Page = intp(2);
    q->PageSize = intp(3);
    one[0] = st.id[4];
    if (find(q, &p, "page 2") || page_ids(p, 1, one, "page 2 of 3-item pages"))
        return -1;
    CHECK(*p->TotalCount == 4 && p->Page && *p->Page == 2 && p->PageSize && *p->PageSize == 3,
          "TotalCount, Page, PageSize of page 2");
    snprintf(pfx, sizeof pfx, "%s nothing", prefix);
    q->Page = intp(1);
    if (find(q, &p, "nothing"))
        return -1;
    EQI(0, *p->TotalCount, "TotalCount of an empty result");
    CHECK(p->Items && p->Items->__sizeProduct == 0, "an empty result must be an empty Items array");
    q = soap_new_dc__ProductQuery(soap, -1);
    q->Page = intp(1);
    q->PageSize = intp(0);
    {
        struct _inv__FindProducts req = {q};
        struct _inv__FindProductsResponse res;
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__FindProducts(soap, url, NULL, &req, &res),
                     "PageSize 0");
        EQS("PageSize", v->Field, "ValidationFault.Field");
    }
    return 0;
}

static int op_DeleteProduct(void)
{
    struct _inv__DeleteProduct req;
    struct _inv__DeleteProductResponse res;
    struct _inv__GetProduct greq;
    struct _inv__GetProductResponse gres;
    char key[32];

    NEED(st.id[3], "CreateProduct");
    req.id = greq.id = intp(st.id[3]);
    CALL(DeleteProduct, &req, &res);
    snprintf(key, sizeof key, "%d", st.id[3]);
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__GetProduct(soap, url, NULL, &greq, &gres),
                     "get after delete");
        EQS(key, nf->Key, "NotFoundFault.Key");
    }
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__DeleteProduct(soap, url, NULL, &req, &res),
                     "delete twice");
        EQS("Product", nf->Entity, "NotFoundFault.Entity");
    }
    return 0;
}

static unsigned char image[8 + 256];

static struct dc__ProductImage *img(const char *type, const unsigned char *data, int n)
{
    struct dc__ProductImage *i = soap_new_dc__ProductImage(soap, -1);

    i->ContentType = soap_strdup(soap, type);
    i->Data.__ptr = (unsigned char *)data;
    i->Data.__size = n;
    return i;
}

static int op_SetProductImage(void)
{
    struct _inv__SetProductImage req;
    struct _inv__SetProductImageResponse res;

    NEED(st.id[1], "CreateProduct");
    req.productId = intp(st.id[1]);
    req.image = img("image/png", image, sizeof image);
    CALL(SetProductImage, &req, &res);
    req.image = img("text/plain", image, sizeof image);
    {
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__SetProductImage(soap, url, NULL, &req, &res),
                     "text/plain image");
        EQS("ContentType", v->Field, "ValidationFault.Field");
    }
    req.image = img("image/png", (const unsigned char *)"\1\2\3", 3);
    {
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__SetProductImage(soap, url, NULL, &req, &res),
                     "not a PNG");
        EQS("Data", v->Field, "ValidationFault.Field (bad signature)");
    }
    req.productId = intp(BIG_ID);
    req.image = img("image/png", image, sizeof image);
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__SetProductImage(soap, url, NULL, &req, &res),
                     "missing product");
        EQS("Product", nf->Entity, "NotFoundFault.Entity");
    }
    return 0;
}

static int op_GetProductImage(void)
{
    struct _inv__GetProductImage req;
    struct _inv__GetProductImageResponse res;
    struct dc__ProductImage *i;
    char key[32];
    int k;

    NEED(st.id[1], "CreateProduct");
    req.productId = intp(st.id[1]);
    CALL(GetProductImage, &req, &res);
    i = res.GetProductImageResult;
    CHECK(i, "no image");
    EQS("image/png", i->ContentType, "ContentType");
    EQI((int)sizeof image, i->Data.__size, "Data length");
    for (k = 0; k < (int)sizeof image; k++)
        CHECK(i->Data.__ptr[k] == image[k], "Data[%d]: expected 0x%02X, got 0x%02X", k, image[k],
              i->Data.__ptr[k]);
    req.productId = intp(st.id[2]);
    snprintf(key, sizeof key, "%d", st.id[2]);
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__GetProductImage(soap, url, NULL, &req, &res),
                     "product without image");
        EQS("ProductImage", nf->Entity, "NotFoundFault.Entity");
        EQS(key, nf->Key, "NotFoundFault.Key");
    }
    return 0;
}

static struct dc__OrderRequest *order_req(const char *customer, const char *note, int n,
                                          const char *sku1, int q1, const char *sku2, int q2)
{
    struct dc__OrderRequest *o = soap_new_dc__OrderRequest(soap, -1);

    o->CustomerName = soap_strdup(soap, customer);
    o->Note = note ? soap_strdup(soap, note) : NULL;
    o->Lines = soap_new_dc__ArrayOfOrderLineRequest(soap, -1);
    o->Lines->__sizeOrderLineRequest = n;
    o->Lines->OrderLineRequest = n ? soap_new_dc__OrderLineRequest(soap, n) : NULL;
    if (n > 0) {
        o->Lines->OrderLineRequest[0].Sku = soap_strdup(soap, sku1);
        o->Lines->OrderLineRequest[0].Quantity = intp(q1);
    }
    if (n > 1) {
        o->Lines->OrderLineRequest[1].Sku = soap_strdup(soap, sku2);
        o->Lines->OrderLineRequest[1].Quantity = intp(q2);
    }
    return o;
}

static int stock_of(int id, int *out)
{
    struct prod r;

    if (get(id, &r, "GetProduct"))
        return -1;
    *out = r.stock;
    return 0;
}

static int op_PlaceOrder(void)
{
    struct _inv__PlaceOrder req;
    struct _inv__PlaceOrderResponse res;
    struct dc__Order *o;
    int before, after;

    NEED(st.id[4], "CreateProduct");
    if (stock_of(st.id[1], &before))
        return -1;
    req.order = order_req(NON_ASCII, NULL, 2, sku(1), 3, sku(4), 2);
    req.order->CustomerEmail = "c@example.com";
    CALL(PlaceOrder, &req, &res);
    o = res.PlaceOrderResult;
    CHECK(o && o->Id && strlen(o->Id) == 36 && strspn(o->Id, "0123456789abcdef-") == 36 &&
          strspn(o->Id, "0-") != 36, "Order.Id is not a lower-case guid: %s", o ? s_(o->Id) : "");
    EQS(NON_ASCII, o->CustomerName, "CustomerName");
    EQS("c@example.com", o->CustomerEmail, "CustomerEmail");
    CHECK(o->Status && *o->Status == dc__OrderStatus__Pending, "Status: expected Pending");
    if (recent_utc(o->PlacedAt, "PlacedAt"))
        return -1;
    CHECK(!o->Note && !o->CancelReason, "Note and CancelReason must be nil");
    CHECK(o->Lines && o->Lines->__sizeOrderLine == 2, "expected 2 Lines");
    EQS(sku(1), o->Lines->OrderLine[0].Sku, "Lines[0].Sku");
    CHECK(o->Lines->OrderLine[0].Quantity && *o->Lines->OrderLine[0].Quantity == 3, "Lines[0].Quantity");
    EQD("19.99", o->Lines->OrderLine[0].UnitPrice, "Lines[0].UnitPrice");
    EQD("59.97", o->Lines->OrderLine[0].LineTotal, "Lines[0].LineTotal");
    EQD("5", o->Lines->OrderLine[1].LineTotal, "Lines[1].LineTotal");
    EQD("64.97", o->Total, "Total (decimal exact)");
    snprintf(st.order1, sizeof st.order1, "%s", o->Id);
    snprintf(st.placed1, sizeof st.placed1, "%s", o->PlacedAt);
    if (stock_of(st.id[1], &after))
        return -1;
    EQI(before - 3, after, "stock after the order");
    req.order = order_req("second", "to be cancelled", 1, sku(4), 1, NULL, 0);
    CALL(PlaceOrder, &req, &res);
    EQS("to be cancelled", res.PlaceOrderResult->Note, "Note");
    EQD("2.5", res.PlaceOrderResult->Total, "Total of the second order");
    snprintf(st.order2, sizeof st.order2, "%s", res.PlaceOrderResult->Id);
    req.order = order_req("x", NULL, 0, NULL, 0, NULL, 0);
    {
        EXPECT_FAULT(ValidationFault, v, soap_call___inv__PlaceOrder(soap, url, NULL, &req, &res),
                     "no lines");
        EQS("Lines", v->Field, "ValidationFault.Field");
    }
    req.order = order_req("x", NULL, 1, sku(98), 1, NULL, 0);
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__PlaceOrder(soap, url, NULL, &req, &res),
                     "unknown Sku");
        EQS("Product", nf->Entity, "NotFoundFault.Entity");
        EQS(sku(98), nf->Key, "NotFoundFault.Key");
    }
    req.order = order_req("x", NULL, 1, sku(2), 7, NULL, 0);
    {
        EXPECT_FAULT(InsufficientStockFault, f, soap_call___inv__PlaceOrder(soap, url, NULL, &req, &res),
                     "no stock");
        EQS(sku(2), f->Sku, "InsufficientStockFault.Sku");
        CHECK(f->Requested && *f->Requested == 7 && f->Available && *f->Available == 0,
              "InsufficientStockFault Requested/Available");
    }
    return 0;
}

static const char *new_guid(void)
{
    static char buf[40];
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(b, 1, sizeof b, f) : 0;
    int i;

    if (f)
        fclose(f);
    for (i = (int)got; i < 16; i++)
        b[i] = (unsigned char)rand();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    snprintf(buf, sizeof buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return buf;
}

static int op_GetOrder(void)
{
    struct _inv__GetOrder req;
    struct _inv__GetOrderResponse res;
    struct dc__Order *o;

    NEED(st.order1[0], "PlaceOrder");
    req.id = st.order1;
    CALL(GetOrder, &req, &res);
    o = res.GetOrderResult;
    CHECK(o, "no order");
    EQS(st.order1, o->Id, "Id (guid)");
    EQS(st.placed1, o->PlacedAt, "PlacedAt");
    EQD("64.97", o->Total, "Total");
    EQS(NON_ASCII, o->CustomerName, "CustomerName");
    CHECK(o->Lines && o->Lines->__sizeOrderLine == 2, "Lines");
    req.id = soap_strdup(soap, new_guid());
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__GetOrder(soap, url, NULL, &req, &res),
                     "unknown guid");
        EQS("Order", nf->Entity, "NotFoundFault.Entity");
        EQS(req.id, nf->Key, "NotFoundFault.Key");
    }
    return 0;
}

static int op_ShipOrder(void)
{
    struct _inv__ShipOrder req;
    struct _inv__ShipOrderResponse res;

    NEED(st.order1[0], "PlaceOrder");
    req.id = st.order1;
    CALL(ShipOrder, &req, &res);
    CHECK(res.ShipOrderResult && res.ShipOrderResult->Status &&
          *res.ShipOrderResult->Status == dc__OrderStatus__Shipped, "Status: expected Shipped");
    {
        EXPECT_FAULT(InvalidStateFault, f, soap_call___inv__ShipOrder(soap, url, NULL, &req, &res),
                     "ship twice");
        CHECK(f->CurrentState && *f->CurrentState == dc__OrderStatus__Shipped,
              "InvalidStateFault.CurrentState: expected Shipped");
        CHECK(f->Message && *f->Message, "InvalidStateFault.Message is empty");
    }
    req.id = soap_strdup(soap, new_guid());
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__ShipOrder(soap, url, NULL, &req, &res),
                     "unknown guid");
        EQS("Order", nf->Entity, "NotFoundFault.Entity");
    }
    return 0;
}

static int op_CancelOrder(void)
{
    struct _inv__CancelOrder req;
    struct _inv__CancelOrderResponse res;
    int before, after;

    NEED(st.order2[0], "PlaceOrder");
    if (stock_of(st.id[4], &before))
        return -1;
    req.id = st.order2;
    req.reason = "changed my mind: " NON_ASCII;
    CALL(CancelOrder, &req, &res);
    CHECK(res.CancelOrderResult && res.CancelOrderResult->Status &&
          *res.CancelOrderResult->Status == dc__OrderStatus__Cancelled, "Status: expected Cancelled");
    EQS(req.reason, res.CancelOrderResult->CancelReason, "CancelReason");
    if (stock_of(st.id[4], &after))
        return -1;
    EQI(before + 1, after, "stock given back by the cancel");
    req.reason = NULL;
    {
        EXPECT_FAULT(InvalidStateFault, f, soap_call___inv__CancelOrder(soap, url, NULL, &req, &res),
                     "cancel twice");
        CHECK(f->CurrentState && *f->CurrentState == dc__OrderStatus__Cancelled,
              "InvalidStateFault.CurrentState: expected Cancelled");
    }
    req.id = st.order1;
    req.reason = "late";
    {
        EXPECT_FAULT(InvalidStateFault, f, soap_call___inv__CancelOrder(soap, url, NULL, &req, &res),
                     "cancel a shipped order");
        CHECK(f->CurrentState && *f->CurrentState == dc__OrderStatus__Shipped,
              "InvalidStateFault.CurrentState: expected Shipped");
    }
    req.id = soap_strdup(soap, new_guid());
    {
        EXPECT_FAULT(NotFoundFault, nf, soap_call___inv__CancelOrder(soap, url, NULL, &req, &res),
                     "unknown guid");
        EQS("Order", nf->Entity, "NotFoundFault.Entity");
    }
    return 0;
}

static int op_AdjustStock(void)
{
    struct _inv__AdjustStock req;
    int before, now = 0, i;

    NEED(st.id[1], "CreateProduct");
    if (stock_of(st.id[1], &before))
        return -1;
    req.sku = sku(1);
    req.delta = intp(5);
    req.reason = "recount: " NON_ASCII;
    /* One-way: send, then read the HTTP 202 with no envelope. */
    if (soap_send___inv__AdjustStock(soap, url, NULL, &req) != SOAP_OK ||
        soap_recv_empty_response(soap) != SOAP_OK)
        return fail("AdjustStock: %s", err_text());
    for (i = 0; i < 40; i++) {
        if (stock_of(st.id[1], &now))
            return -1;
        if (now == before + 5)
            break;
        {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    EQI(before + 5, now, "stock after AdjustStock(+5)");
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(void);
} ops[] = {
    {"GetServiceInfo", op_GetServiceInfo}, {"CreateProduct", op_CreateProduct},
    {"GetProduct", op_GetProduct},         {"UpdateProduct", op_UpdateProduct},
    {"FindProducts", op_FindProducts},     {"DeleteProduct", op_DeleteProduct},
    {"SetProductImage", op_SetProductImage}, {"GetProductImage", op_GetProductImage},
    {"PlaceOrder", op_PlaceOrder},         {"GetOrder", op_GetOrder},
    {"ShipOrder", op_ShipOrder},           {"CancelOrder", op_CancelOrder},
    {"AdjustStock", op_AdjustStock},
};

int main(int argc, char **argv)
{
    size_t i;
    int failures = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: %s ENDPOINT_URL PREFIX\n", argv[0]);
        return 2;
    }
    url = argv[1];
    prefix = argv[2];
    memcpy(image, "\x89PNG\r\n\x1a\n", 8);
    for (i = 0; i < 256; i++)
        image[8 + i] = (unsigned char)i;
    soap = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT);
    soap_set_namespaces(soap, namespaces);
    soap->connect_timeout = 10;
    soap->send_timeout = soap->recv_timeout = 20;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        why[0] = '\0';
        if (ops[i].fn() == 0) {
            printf("RESULT %s PASS\n", ops[i].name);
        } else {
            char *p;

            for (p = why; *p; p++)
                if (*p == '\n' || *p == '\r')
                    *p = ' ';
            printf("RESULT %s FAIL %s\n", ops[i].name, why);
            failures++;
        }
        fflush(stdout);
        soap_destroy(soap);
        soap_end(soap);
    }
    soap_free(soap);
    return failures ? 1 : 0;
}
