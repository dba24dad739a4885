/* tests/bench/baseline.c - the ceiling for `make bench`: a bare libmicrohttpd server with the same
 * daemon flags as soaprestd (internal polling thread, poll(), a thread pool of N threads) that answers
 * every request with the same small JSON body.  Nothing else: no routing, no parsing, no engine.
 *
 * Usage: baseline [THREADS]      (default 2)
 * Listens on 127.0.0.1 with a port picked by the kernel and prints one line
 *     baseline listening on http://127.0.0.1:PORT/
 * then serves until SIGINT or SIGTERM, and exits 0. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

static const char body[] = "{\"Id\":1,\"Sku\":\"BENCH-1\",\"Name\":\"Bench\",\"Category\":\"Hardware\","
                           "\"Price\":\"9.99\",\"StockQuantity\":1000000}";
static int marker;

static MHD_RESULT on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                             const char *version, const char *upload_data, size_t *upload_data_size,
                             void **con_cls)
{
    struct MHD_Response *r;
    MHD_RESULT ret;

    (void)cls, (void)url, (void)method, (void)version, (void)upload_data;
    if (!*con_cls) { /* first call: headers only, as soaprestd does */
        *con_cls = &marker;
        return MHD_YES;
    }
    if (*upload_data_size) { /* a body is read and dropped */
        *upload_data_size = 0;
        return MHD_YES;
    }
    r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv)
{
    unsigned threads = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2;
    struct sockaddr_in sa;
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    sigset_t set;
    int sig;

    if (threads < 1 || threads > 256) {
        fprintf(stderr, "usage: baseline [THREADS 1..256]\n");
        return 2;
    }
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = 0;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
                             MHD_USE_ERROR_LOG,
                         0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "baseline: cannot start libmicrohttpd on 127.0.0.1\n");
        return 1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || !info->port) {
        fprintf(stderr, "baseline: cannot read the bound port\n");
        MHD_stop_daemon(d);
        return 1;
    }
    printf("baseline listening on http://127.0.0.1:%u/\n", (unsigned)info->port);
    fflush(stdout);
    while (sigwait(&set, &sig) != 0)
        ;
    MHD_stop_daemon(d);
    return 0;
}
