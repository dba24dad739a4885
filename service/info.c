/* info.c - ServiceInfo, and the process start time it reports (the module's only global). */
#include "svc_int.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.0.0"
#endif

#define SERVICE_NAME "soaprest reference inventory service"

/* Milliseconds since the epoch at svc_global_init(); written once by main before any thread
 * starts, read-only afterwards. 0 (reported as 1970-01-01) when never initialised. */
static int64_t started_ms;

static const svcp_sql q_counts = {SVCP_Q_COUNTS,
    "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM orders)"};

void svc_global_init(void)
{
    started_ms = svcp_now_ms();
}

int svc_service_info(svc_store *s, svc_info *out, svc_fault *f)
{
    char started[SVCP_TIME_LEN];
    sqlite3_stmt *st;
    int oom = 0, rc = svcp_enter(s, out, sizeof *out, f);

    if (rc != SVC_OK || (rc = svcp_begin(s, SVCP_READ, f)) != SVC_OK)
        return rc;
    rc = svcp_run(s, f, &q_counts, &st, "");
    if (rc == SVCP_ROW) {
        out->product_count = sqlite3_column_int64(st, 0);
        out->order_count = sqlite3_column_int64(st, 1);
        rc = SVC_OK;
    }
    rc = svcp_finish(s, rc == SVCP_DONE ? svcp_fail_internal(f, "no counts") : rc, f);
    svcp_time_format(started_ms, started);
    out->name = svcp_strdup(SERVICE_NAME, &oom);
    out->version = svcp_strdup(PACKAGE_VERSION, &oom);
    out->started_at = svcp_strdup(started, &oom);
    if (rc == SVC_OK && oom)
        rc = svcp_fail_oom(f);
    if (rc != SVC_OK)
        svc_info_clear(out);
    return rc;
}
