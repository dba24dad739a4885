/* ops.c - the reference contract's operations: gSOAP skeleton functions over the svc_ service.
 *
 * Each __inv__X function (declared by soapcpp2 from the WSDL) copies the generated request struct
 * into svc_ structs, calls the service, and copies the result back into gSOAP's arena, or turns a
 * service failure into a SOAP fault carrying the typed detail the WSDL declares for that operation.
 * Input strings are aliased, not copied: the service only reads them during the call.
 */
#include <stdio.h>
#include <string.h>

#include "sg_int.h"

/* Which typed fault details an operation declares (its wsdl:fault list). */
enum {
    F_NOTFOUND = 1 << 0,
    F_VALIDATION = 1 << 1,
    F_CONFLICT = 1 << 2,
    F_STOCK = 1 << 3,
    F_STATE = 1 << 4
};

/* ---- svc_fault -> SOAP fault ------------------------------------------------------------- */

static enum dc__OrderStatus *status_new(struct soap *soap, int status)
{
    enum dc__OrderStatus *s = soap_malloc(soap, sizeof(*s));

    if (s)
        *s = (enum dc__OrderStatus)status;
    return s;
}

static void *typed_detail(struct soap *soap, const svc_fault *f, struct SOAP_ENV__Detail *d)
{
    switch (f->err) {
    case SVC_ENOTFOUND:
        if ((d->dc__NotFoundFault = soap_new_dc__NotFoundFault(soap, -1))) {
            d->dc__NotFoundFault->Entity = soap_strdup(soap, f->entity);
            d->dc__NotFoundFault->Key = soap_strdup(soap, f->key);
        }
        return d->dc__NotFoundFault;
    case SVC_EVALIDATION:
        if ((d->dc__ValidationFault = soap_new_dc__ValidationFault(soap, -1))) {
            d->dc__ValidationFault->Field = soap_strdup(soap, f->field);
            d->dc__ValidationFault->Message = soap_strdup(soap, f->message);
        }
        return d->dc__ValidationFault;
    case SVC_ECONFLICT:
        if ((d->dc__ConflictFault = soap_new_dc__ConflictFault(soap, -1))) {
            d->dc__ConflictFault->Message = soap_strdup(soap, f->message);
            if (f->has_current_version)
                d->dc__ConflictFault->CurrentVersion = soap_new_LONG64(soap, -1);
            if (d->dc__ConflictFault->CurrentVersion)
                *d->dc__ConflictFault->CurrentVersion = f->current_version;
        }
        return d->dc__ConflictFault;
    case SVC_ESTOCK:
        if ((d->dc__InsufficientStockFault = soap_new_dc__InsufficientStockFault(soap, -1))) {
            d->dc__InsufficientStockFault->Sku = soap_strdup(soap, f->sku);
            d->dc__InsufficientStockFault->Requested = soap_new_int(soap, -1);
            d->dc__InsufficientStockFault->Available = soap_new_int(soap, -1);
            if (d->dc__InsufficientStockFault->Requested)
                *d->dc__InsufficientStockFault->Requested = f->requested;
            if (d->dc__InsufficientStockFault->Available)
                *d->dc__InsufficientStockFault->Available = f->available;
        }
        return d->dc__InsufficientStockFault;
    case SVC_ESTATE:
        if ((d->dc__InvalidStateFault = soap_new_dc__InvalidStateFault(soap, -1))) {
            d->dc__InvalidStateFault->CurrentState = status_new(soap, f->current_state);
            d->dc__InvalidStateFault->Message = soap_strdup(soap, f->message);
        }
        return d->dc__InvalidStateFault;
    default:
        return NULL;
    }
}

static int fault_declared(int err, int declared)
{
    switch (err) {
    case SVC_ENOTFOUND: return declared & F_NOTFOUND;
    case SVC_EVALIDATION: return declared & F_VALIDATION;
    case SVC_ECONFLICT: return declared & F_CONFLICT;
    case SVC_ESTOCK: return declared & F_STOCK;
    case SVC_ESTATE: return declared & F_STATE;
    default: return 0;
    }
}

/* The name of the fault detail element (and DataContract) of a fault kind. */
static const char *fault_detail_name(int err)
{
    switch (err) {
    case SVC_ENOTFOUND: return "NotFoundFault";
    case SVC_EVALIDATION: return "ValidationFault";
    case SVC_ECONFLICT: return "ConflictFault";
    case SVC_ESTOCK: return "InsufficientStockFault";
    case SVC_ESTATE: return "InvalidStateFault";
    default: return NULL;
    }
}

static void fault_reason(const svc_fault *f, char *buf, size_t len)
{
    switch (f->err) {
    case SVC_ENOTFOUND:
        snprintf(buf, len, "%s %s was not found", f->entity, f->key);
        break;
    case SVC_EVALIDATION:
        snprintf(buf, len, "%s: %s", f->field, f->message);
        break;
    case SVC_ESTOCK:
        snprintf(buf, len, "Insufficient stock for %s: requested %d, available %d", f->sku,
                 f->requested, f->available);
        break;
    default:
        snprintf(buf, len, "%s", f->message[0] ? f->message : svc_strerror(f->err));
    }
}

/* Turns a failed service call into the operation's SOAP fault. A declared fault kind carries its
 * typed detail (WCF clients raise FaultException<TDetail> from it) with the Client/Sender code,
 * as WCF's FaultException<T> does by default; a storage failure is a Server/Receiver fault that
 * tells nothing of the internals; an undeclared kind is a plain Client fault. */
static int op_fault(struct soap *soap, const char *operation, const svc_fault *f, int declared)
{
    char reason[512];
    struct SOAP_ENV__Detail *d;
    int rc;

    if (f->err == SVC_EINTERNAL) {
        rc = soap_receiver_fault(soap, "The service could not complete the operation", NULL);
        sgp_fault_action(soap, operation, NULL);
        return rc;
    }
    fault_reason(f, reason, sizeof(reason));
    rc = soap_sender_fault(soap, reason, NULL);
    if (!fault_declared(f->err, declared) || !(d = soap_new_SOAP_ENV__Detail(soap, -1)) ||
        !typed_detail(soap, f, d)) {
        sgp_fault_action(soap, operation, NULL);
        return rc;
    }
    if (soap->version == 2)
        soap->fault->SOAP_ENV__Detail = d;
    else
        soap->fault->detail = d;
    sgp_fault_action(soap, operation, fault_detail_name(f->err));
    return rc;
}

/* ---- gSOAP -> svc (input) ---------------------------------------------------------------- */

static int int_or(const int *p, int dflt)
{
    return p ? *p : dflt;
}

static void tags_in(const struct arr__ArrayOfstring *a, int *is_null, size_t *n, char ***tags)
{
    *is_null = a == NULL;
    *n = a ? (size_t)a->__sizestring : 0;
    *tags = a ? a->string : NULL;
}

/* The members Product and PerishableProduct share: -F gives C two unrelated structs with the same
 * leading members (gSOAP's simulated derivation), so one macro reads either. */
#define SGP_PRODUCT_IN(src, dst)                                                                  \
    do {                                                                                          \
        (dst)->id = int_or((src)->Id, 0);                                                         \
        (dst)->sku = (src)->Sku;                                                                  \
        (dst)->name = (src)->Name;                                                                \
        (dst)->description = (src)->Description;                                                  \
        (dst)->category = (src)->Category ? (int)*(src)->Category : SVC_CAT_NONE;                 \
        (dst)->price = (src)->Price;                                                              \
        (dst)->stock_quantity = int_or((src)->StockQuantity, 0);                                  \
        tags_in((src)->Tags, &(dst)->tags_null, &(dst)->ntags, &(dst)->tags);                     \
        (dst)->has_version = (src)->Version != NULL;                                              \
        (dst)->version = (src)->Version ? *(src)->Version : 0;                                    \
    } while (0)

/* Aliases the request's product into *out; a missing product reads as an empty one, which the
 * rules then refuse member by member. */
static void product_in(const struct dc__Product *p, svc_product *out)
{
    memset(out, 0, sizeof(*out));
    out->category = SVC_CAT_NONE;
    out->tags_null = 1;
    if (!p)
        return;
    if (p->dc__PerishableProduct) {
        const struct dc__PerishableProduct *pp = p->dc__PerishableProduct;
        SGP_PRODUCT_IN(pp, out);
        out->perishable = 1;
        out->expires_on = pp->ExpiresOn;
        out->shelf_life = pp->ShelfLife;
        return;
    }
    SGP_PRODUCT_IN(p, out);
}

/* ---- svc -> gSOAP (output) --------------------------------------------------------------- */

static int *int_new(struct soap *soap, int v)
{
    int *p = soap_new_int(soap, -1);

    if (p)
        *p = v;
    return p;
}

static LONG64 *long_new(struct soap *soap, int64_t v)
{
    LONG64 *p = soap_new_LONG64(soap, -1);

    if (p)
        *p = v;
    return p;
}

static struct arr__ArrayOfstring *tags_out(struct soap *soap, const svc_product *p)
{
    struct arr__ArrayOfstring *a;
    size_t i;

    if (p->tags_null || !(a = soap_new_arr__ArrayOfstring(soap, -1)))
        return NULL;
    a->__sizestring = (int)p->ntags;
    a->string = p->ntags ? soap_malloc(soap, p->ntags * sizeof(char *)) : NULL;
    for (i = 0; a->string && i < p->ntags; i++)
        a->string[i] = soap_strdup(soap, p->tags[i]);
    return a;
}

#define SGP_PRODUCT_OUT(soap, src, dst)                                                           \
    do {                                                                                          \
        (dst)->Id = int_new(soap, (src)->id);                                                     \
        (dst)->Sku = soap_strdup(soap, (src)->sku);                                               \
        (dst)->Name = soap_strdup(soap, (src)->name);                                             \
        (dst)->Description = soap_strdup(soap, (src)->description);                               \
        if ((src)->category != SVC_CAT_NONE &&                                                    \
            ((dst)->Category = soap_malloc(soap, sizeof(enum dc__ProductCategory))))              \
            *(dst)->Category = (enum dc__ProductCategory)(src)->category;                         \
        (dst)->Price = soap_strdup(soap, (src)->price);                                           \
        (dst)->StockQuantity = int_new(soap, (src)->stock_quantity);                              \
        (dst)->Tags = tags_out(soap, src);                                                        \
        (dst)->CreatedAt = soap_strdup(soap, (src)->created_at);                                  \
        (dst)->UpdatedAt = soap_strdup(soap, (src)->updated_at);                                  \
        (dst)->Version = long_new(soap, (src)->version);                                          \
    } while (0)

/* Copies a service product into gSOAP's arena; a perishable one goes out as the derived type,
 * which gSOAP writes with xsi:type="PerishableProduct". */
static void product_fill(struct soap *soap, const svc_product *src, struct dc__Product *dst)
{
    struct dc__PerishableProduct *pp;

    if (!src->perishable) {
        SGP_PRODUCT_OUT(soap, src, dst);
        return;
    }
    if (!(pp = soap_new_dc__PerishableProduct(soap, -1)))
        return;
    SGP_PRODUCT_OUT(soap, src, pp);
    pp->ExpiresOn = soap_strdup(soap, src->expires_on);
    pp->ShelfLife = soap_strdup(soap, src->shelf_life);
    dst->dc__PerishableProduct = pp;
}

static struct dc__Product *product_out(struct soap *soap, const svc_product *src)
{
    struct dc__Product *p = soap_new_dc__Product(soap, -1);

    if (p)
        product_fill(soap, src, p);
    return p;
}

static struct dc__Order *order_out(struct soap *soap, const svc_order *o)
{
    struct dc__Order *r = soap_new_dc__Order(soap, -1);
    size_t i;

    if (!r)
        return NULL;
    r->Id = soap_strdup(soap, o->id);
    r->CustomerName = soap_strdup(soap, o->customer_name);
    r->CustomerEmail = soap_strdup(soap, o->customer_email);
    r->PlacedAt = soap_strdup(soap, o->placed_at);
    r->Status = status_new(soap, o->status);
    r->Total = soap_strdup(soap, o->total);
    r->Note = soap_strdup(soap, o->note);
    r->CancelReason = soap_strdup(soap, o->cancel_reason);
    if (!(r->Lines = soap_new_dc__ArrayOfOrderLine(soap, -1)))
        return r;
    r->Lines->__sizeOrderLine = (int)o->nlines;
    r->Lines->OrderLine = o->nlines ? soap_new_dc__OrderLine(soap, (int)o->nlines) : NULL;
    for (i = 0; r->Lines->OrderLine && i < o->nlines; i++) {
        struct dc__OrderLine *l = &r->Lines->OrderLine[i];
        l->Sku = soap_strdup(soap, o->lines[i].sku);
        l->ProductName = soap_strdup(soap, o->lines[i].product_name);
        l->Quantity = int_new(soap, o->lines[i].quantity);
        l->UnitPrice = soap_strdup(soap, o->lines[i].unit_price);
        l->LineTotal = soap_strdup(soap, o->lines[i].line_total);
    }
    return r;
}

/* ---- the operations ---------------------------------------------------------------------- */

int __inv__GetServiceInfo(struct soap *soap, struct _inv__GetServiceInfo *req,
                          struct _inv__GetServiceInfoResponse *res)
{
    svc_info info = { 0 };
    svc_fault f;
    struct dc__ServiceInfo *r;

    (void)req;
    if (sgp_begin(soap, "GetServiceInfo"))
        return soap->error;
    if (svc_service_info(sgp_store(soap), &info, &f))
        return op_fault(soap, "GetServiceInfo", &f, 0);
    if ((r = soap_new_dc__ServiceInfo(soap, -1))) {
        r->Name = soap_strdup(soap, info.name);
        r->Version = soap_strdup(soap, info.version);
        r->StartedAt = soap_strdup(soap, info.started_at);
        r->ProductCount = long_new(soap, info.product_count);
        r->OrderCount = long_new(soap, info.order_count);
    }
    res->GetServiceInfoResult = r;
    svc_info_clear(&info);
    return sgp_reply(soap, "GetServiceInfo");
}

/* The shape shared by CreateProduct and UpdateProduct: a product in, a product out. */
typedef int (*product_op)(svc_store *, const svc_product *, svc_product *, svc_fault *);

static int product_call(struct soap *soap, const char *name, product_op op,
                        const struct dc__Product *in, int declared, struct dc__Product **result)
{
    svc_product p, out = { 0 };
    svc_fault f;

    product_in(in, &p);
    if (op(sgp_store(soap), &p, &out, &f))
        return op_fault(soap, name, &f, declared);
    *result = product_out(soap, &out);
    svc_product_clear(&out);
    return sgp_reply(soap, name);
}

int __inv__CreateProduct(struct soap *soap, struct _inv__CreateProduct *req,
                         struct _inv__CreateProductResponse *res)
{
    if (sgp_begin(soap, "CreateProduct"))
        return soap->error;
    return product_call(soap, "CreateProduct", svc_create_product, req->product, F_VALIDATION | F_CONFLICT,
                        &res->CreateProductResult);
}

int __inv__UpdateProduct(struct soap *soap, struct _inv__UpdateProduct *req,
                         struct _inv__UpdateProductResponse *res)
{
    if (sgp_begin(soap, "UpdateProduct"))
        return soap->error;
    return product_call(soap, "UpdateProduct", svc_update_product, req->product,
                        F_NOTFOUND | F_VALIDATION | F_CONFLICT, &res->UpdateProductResult);
}

int __inv__GetProduct(struct soap *soap, struct _inv__GetProduct *req,
                      struct _inv__GetProductResponse *res)
{
    svc_product out = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "GetProduct"))
        return soap->error;
    if (svc_get_product(sgp_store(soap), int_or(req->id, 0), &out, &f))
        return op_fault(soap, "GetProduct", &f, F_NOTFOUND);
    res->GetProductResult = product_out(soap, &out);
    svc_product_clear(&out);
    return sgp_reply(soap, "GetProduct");
}

int __inv__DeleteProduct(struct soap *soap, struct _inv__DeleteProduct *req,
                         struct _inv__DeleteProductResponse *res)
{
    svc_fault f;

    (void)res;
    if (sgp_begin(soap, "DeleteProduct"))
        return soap->error;
    if (svc_delete_product(sgp_store(soap), int_or(req->id, 0), &f))
        return op_fault(soap, "DeleteProduct", &f, F_NOTFOUND);
    return sgp_reply(soap, "DeleteProduct");
}

static struct dc__ProductPage *page_out(struct soap *soap, const svc_page *pg)
{
    struct dc__ProductPage *r = soap_new_dc__ProductPage(soap, -1);
    size_t i;

    if (!r || !(r->Items = soap_new_dc__ArrayOfProduct(soap, -1)))
        return r;
    r->TotalCount = int_new(soap, pg->total_count);
    r->Page = int_new(soap, pg->page);
    r->PageSize = int_new(soap, pg->page_size);
    r->Items->__sizeProduct = (int)pg->nitems;
    r->Items->Product = pg->nitems ? soap_new_dc__Product(soap, (int)pg->nitems) : NULL;
    for (i = 0; r->Items->Product && i < pg->nitems; i++)
        product_fill(soap, &pg->items[i], &r->Items->Product[i]);
    return r;
}

int __inv__FindProducts(struct soap *soap, struct _inv__FindProducts *req,
                        struct _inv__FindProductsResponse *res)
{
    const struct dc__ProductQuery *q = req->query;
    svc_query sq = { 0 };
    svc_page pg = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "FindProducts"))
        return soap->error;
    sq.category = SVC_CAT_NONE;
    if (q) {
        sq.name_prefix = q->NamePrefix;
        sq.category = q->Category ? (int)*q->Category : SVC_CAT_NONE;
        sq.min_price = q->MinPrice;
        sq.max_price = q->MaxPrice;
        sq.ntags = q->Tags ? (size_t)q->Tags->__sizestring : 0;
        sq.tags = q->Tags ? q->Tags->string : NULL;
        sq.has_page = q->Page != NULL;
        sq.page = int_or(q->Page, 0);
        sq.has_page_size = q->PageSize != NULL;
        sq.page_size = int_or(q->PageSize, 0);
    }
    if (svc_find_products(sgp_store(soap), &sq, &pg, &f))
        return op_fault(soap, "FindProducts", &f, F_VALIDATION);
    res->FindProductsResult = page_out(soap, &pg);
    svc_page_clear(&pg);
    return sgp_reply(soap, "FindProducts");
}

/* Aliases the request's order lines into a soap-allocated svc_line_req array. */
static int order_req_in(struct soap *soap, const struct dc__OrderRequest *o, svc_order_req *out)
{
    svc_line_req *lines = NULL;
    size_t i, n;

    memset(out, 0, sizeof(*out));
    if (!o)
        return SOAP_OK;
    out->customer_name = o->CustomerName;
    out->customer_email = o->CustomerEmail;
    out->note = o->Note;
    n = o->Lines ? (size_t)o->Lines->__sizeOrderLineRequest : 0;
    if (n && !(lines = soap_malloc(soap, n * sizeof(*lines))))
        return soap->error;
    for (i = 0; i < n; i++) {
        lines[i].sku = o->Lines->OrderLineRequest[i].Sku;
        lines[i].quantity = int_or(o->Lines->OrderLineRequest[i].Quantity, 0);
    }
    out->nlines = n;
    out->lines = lines;
    return SOAP_OK;
}

int __inv__PlaceOrder(struct soap *soap, struct _inv__PlaceOrder *req,
                      struct _inv__PlaceOrderResponse *res)
{
    svc_order_req oreq;
    svc_order out = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "PlaceOrder") || order_req_in(soap, req->order, &oreq))
        return soap->error;
    if (svc_place_order(sgp_store(soap), &oreq, &out, &f))
        return op_fault(soap, "PlaceOrder", &f, F_VALIDATION | F_NOTFOUND | F_STOCK);
    res->PlaceOrderResult = order_out(soap, &out);
    svc_order_clear(&out);
    return sgp_reply(soap, "PlaceOrder");
}

int __inv__GetOrder(struct soap *soap, struct _inv__GetOrder *req,
                    struct _inv__GetOrderResponse *res)
{
    svc_order out = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "GetOrder"))
        return soap->error;
    if (svc_get_order(sgp_store(soap), req->id, &out, &f))
        return op_fault(soap, "GetOrder", &f, F_NOTFOUND);
    res->GetOrderResult = order_out(soap, &out);
    svc_order_clear(&out);
    return sgp_reply(soap, "GetOrder");
}

int __inv__CancelOrder(struct soap *soap, struct _inv__CancelOrder *req,
                       struct _inv__CancelOrderResponse *res)
{
    svc_order out = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "CancelOrder"))
        return soap->error;
    if (svc_cancel_order(sgp_store(soap), req->id, req->reason, &out, &f))
        return op_fault(soap, "CancelOrder", &f, F_NOTFOUND | F_STATE);
    res->CancelOrderResult = order_out(soap, &out);
    svc_order_clear(&out);
    return sgp_reply(soap, "CancelOrder");
}

int __inv__ShipOrder(struct soap *soap, struct _inv__ShipOrder *req,
                     struct _inv__ShipOrderResponse *res)
{
    svc_order out = { 0 };
    svc_fault f;

    if (sgp_begin(soap, "ShipOrder"))
        return soap->error;
    if (svc_ship_order(sgp_store(soap), req->id, &out, &f))
        return op_fault(soap, "ShipOrder", &f, F_NOTFOUND | F_STATE);
    res->ShipOrderResult = order_out(soap, &out);
    svc_order_clear(&out);
    return sgp_reply(soap, "ShipOrder");
}

int __inv__SetProductImage(struct soap *soap, struct _inv__SetProductImage *req,
                           struct _inv__SetProductImageResponse *res)
{
    svc_image img = { 0 };
    svc_fault f;

    (void)res;
    if (sgp_begin(soap, "SetProductImage"))
        return soap->error;
    if (req->image) {
        img.content_type = req->image->ContentType;
        img.data = req->image->Data.__ptr;
        img.size = req->image->Data.__ptr ? (size_t)req->image->Data.__size : 0;
    }
    if (svc_set_product_image(sgp_store(soap), int_or(req->productId, 0),
                              req->image ? &img : NULL, &f))
        return op_fault(soap, "SetProductImage", &f, F_NOTFOUND | F_VALIDATION);
    return sgp_reply(soap, "SetProductImage");
}

int __inv__GetProductImage(struct soap *soap, struct _inv__GetProductImage *req,
                           struct _inv__GetProductImageResponse *res)
{
    svc_image img = { 0 };
    svc_fault f;
    struct dc__ProductImage *r;

    if (sgp_begin(soap, "GetProductImage"))
        return soap->error;
    if (svc_get_product_image(sgp_store(soap), int_or(req->productId, 0), &img, &f))
        return op_fault(soap, "GetProductImage", &f, F_NOTFOUND);
    if ((r = soap_new_dc__ProductImage(soap, -1))) {
        r->ContentType = soap_strdup(soap, img.content_type);
        r->Data.__size = (int)img.size;
        if ((r->Data.__ptr = soap_malloc(soap, img.size ? img.size : 1)))
            memcpy(r->Data.__ptr, img.data, img.size);
    }
    res->GetProductImageResult = r;
    svc_image_clear(&img);
    return sgp_reply(soap, "GetProductImage");
}

/* One-way: whatever happens, the client gets HTTP 202 and no envelope (it cannot receive a
 * fault), so a refused adjustment is only logged. */
int __inv__AdjustStock(struct soap *soap, struct _inv__AdjustStock *req)
{
    svc_fault f;

    if (sgp_begin(soap, "AdjustStock"))
        return soap->error;
    if (svc_adjust_stock(sgp_store(soap), req->sku, int_or(req->delta, 0), req->reason, &f)) {
        char reason[512];
        fault_reason(&f, reason, sizeof(reason));
        fprintf(stderr, "soaprest: AdjustStock refused: %s\n", reason);
    }
    return SOAP_OK;
}

/* ---- the SOAP 1.2 binding ---------------------------------------------------------------- */

/* The WSDL's second binding (SOAP 1.2 + WS-Addressing) gives soapcpp2 a second skeleton function
 * per operation, named with a trailing underscore. Its dispatcher routes by body element, which
 * both bindings share, so these are never reached through it; they exist so that the generated
 * code links, and they run the same operation if anything ever calls them. */
#define SGP_SOAP12_ALIAS(op)                                                                      \
    int __inv__##op##_(struct soap *soap, struct _inv__##op *req,                                 \
                       struct _inv__##op##Response *res)                                          \
    {                                                                                             \
        return __inv__##op(soap, req, res);                                                       \
    }

SGP_SOAP12_ALIAS(GetServiceInfo)
SGP_SOAP12_ALIAS(CreateProduct)
SGP_SOAP12_ALIAS(GetProduct)
SGP_SOAP12_ALIAS(UpdateProduct)
SGP_SOAP12_ALIAS(DeleteProduct)
SGP_SOAP12_ALIAS(FindProducts)
SGP_SOAP12_ALIAS(PlaceOrder)
SGP_SOAP12_ALIAS(GetOrder)
SGP_SOAP12_ALIAS(CancelOrder)
SGP_SOAP12_ALIAS(ShipOrder)
SGP_SOAP12_ALIAS(SetProductImage)
SGP_SOAP12_ALIAS(GetProductImage)

int __inv__AdjustStock_(struct soap *soap, struct _inv__AdjustStock *req)
{
    return __inv__AdjustStock(soap, req);
}

/* gSOAP's wsa5.h declares a one-way SOAP-ENV:Fault operation (for faults sent to a FaultTo
 * endpoint). This service never asks anyone to send it faults: a Fault as a request is refused. */
int SOAP_ENV__Fault(struct soap *soap, char *faultcode, char *faultstring, char *faultactor,
                    struct SOAP_ENV__Detail *detail, struct SOAP_ENV__Code *code,
                    struct SOAP_ENV__Reason *reason, char *node, char *role,
                    struct SOAP_ENV__Detail *detail12)
{
    (void)faultcode, (void)faultstring, (void)faultactor, (void)detail, (void)code;
    (void)reason, (void)node, (void)role, (void)detail12;
    return soap_sender_fault(soap, "A SOAP Fault is not a request this service accepts", NULL);
}
