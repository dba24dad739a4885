/* fault.c - filling the typed fault of a failed operation; each helper returns its code so a
 * caller can write `return svcp_fail_...(f, ...)`. */
#include "svc_int.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Starts a fault of kind err; NULL when the caller passed no fault. */
static svc_fault *fault_start(svc_fault *f, int err)
{
    if (!f)
        return NULL;
    memset(f, 0, sizeof *f);
    f->err = err;
    return f;
}

void svcp_fault_reset(svc_fault *f)
{
    if (f)
        memset(f, 0, sizeof *f);
}

int svcp_fail_validation(svc_fault *f, const char *field, const char *fmt, ...)
{
    va_list ap;

    if (!fault_start(f, SVC_EVALIDATION))
        return SVC_EVALIDATION;
    svcp_copy_text(f->field, sizeof f->field, field);
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return SVC_EVALIDATION;
}

int svcp_fail_notfound(svc_fault *f, const char *entity, const char *key)
{
    if (!fault_start(f, SVC_ENOTFOUND))
        return SVC_ENOTFOUND;
    svcp_copy_text(f->entity, sizeof f->entity, entity);
    svcp_copy_text(f->key, sizeof f->key, key);
    snprintf(f->message, sizeof f->message, "%s not found", entity);
    return SVC_ENOTFOUND;
}

int svcp_fail_notfound_id(svc_fault *f, const char *entity, int id)
{
    char key[16];

    snprintf(key, sizeof key, "%d", id);
    return svcp_fail_notfound(f, entity, key);
}

int svcp_fail_conflict(svc_fault *f, int has_version, int64_t version, const char *fmt, ...)
{
    va_list ap;

    if (!fault_start(f, SVC_ECONFLICT))
        return SVC_ECONFLICT;
    f->has_current_version = has_version;
    f->current_version = has_version ? version : 0;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return SVC_ECONFLICT;
}

int svcp_fail_stock(svc_fault *f, const char *sku, int64_t requested, int64_t available)
{
    if (!fault_start(f, SVC_ESTOCK))
        return SVC_ESTOCK;
    svcp_copy_text(f->sku, sizeof f->sku, sku);
    /* The fault carries ints: a cumulative request past INT_MAX is reported as INT_MAX. */
    f->requested = requested > INT_MAX ? INT_MAX : (int)requested;
    f->available = available > INT_MAX ? INT_MAX : (int)available;
    snprintf(f->message, sizeof f->message, "insufficient stock for %s: %" PRId64
             " requested, %" PRId64 " available", f->sku, requested, available);
    return SVC_ESTOCK;
}

int svcp_fail_state(svc_fault *f, int state, const char *fmt, ...)
{
    va_list ap;

    if (!fault_start(f, SVC_ESTATE))
        return SVC_ESTATE;
    f->current_state = state;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return SVC_ESTATE;
}

int svcp_fail_internal(svc_fault *f, const char *fmt, ...)
{
    va_list ap;

    if (!fault_start(f, SVC_EINTERNAL))
        return SVC_EINTERNAL;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return SVC_EINTERNAL;
}

int svcp_fail_oom(svc_fault *f)
{
    return svcp_fail_internal(f, "out of memory");
}
