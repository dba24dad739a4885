/* main.c - soaprestd: parses the command line, starts the HTTP front, stops cleanly on a signal. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rest.h"
#include "svc.h"

/* Set by make: the build tree, so that a soaprestd run from there uses the sources and ./soaprest.db
 * instead of the installed contract and state directory (SR_PKGDATADIR, SR_STATEDIR in rest.h). */
#ifndef SR_ABS_BUILDDIR
#define SR_ABS_BUILDDIR ""
#endif
#ifndef SR_ABS_SRCDIR
#define SR_ABS_SRCDIR ""
#endif

#define SR_GRACE_MS 10000

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: soaprestd [OPTION]...\n"
            "Serve the reference inventory service over SOAP with its WSDL metadata.\n\n"
            "  -l, --listen ADDR:PORT   address to listen on (default 127.0.0.1:8080;\n"
            "                           [::1]:8080 for IPv6; port 0 picks a free port)\n"
            "  -d, --db FILE            SQLite database (default %s/soaprest.db,\n"
            "                           or ./soaprest.db when run from the build tree)\n"
            "  -w, --wsdl FILE          the contract to serve (default: the installed one)\n"
            "  -m, --mapping FILE       REST mapping file (default: NAME.map.json beside the\n"
            "                           WSDL when it exists, else routes by convention)\n"
            "  -u, --upstream URL       gateway mode: serve --wsdl's REST facade and SOAP\n"
            "                           endpoint in front of the SOAP service at URL\n"
            "                           (http://host[:port]/path) instead of the embedded one\n"
            "  -t, --threads N          worker threads (default 4)\n"
            "  -b, --max-body BYTES     request body limit (default 1048576)\n"
            "      --soap12-sender-400  answer SOAP 1.2 Sender faults with HTTP 400, as the\n"
            "                           SOAP 1.2 HTTP binding says (default: 500 for every\n"
            "                           fault, as WCF does; WCF clients refuse 4xx faults)\n"
            "  -F, --trust-forwarded    behind a reverse proxy: publish addresses from its\n"
            "                           X-Forwarded-Host and X-Forwarded-Proto headers\n"
            "  -h, --help               show this help and exit\n"
            "  -V, --version            show the version and exit\n\n"
            "SIGINT or SIGTERM stops accepting, finishes the requests in flight and exits 0.\n",
            SR_STATEDIR);
}

/* True when this executable is the one in the build tree (not an installed copy). */
static int running_from_build_tree(void)
{
    char self[PATH_MAX], dir[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

    if (n <= 0 || !*SR_ABS_BUILDDIR)
        return 0;
    self[n] = '\0';
    snprintf(dir, sizeof(dir), "%s/soaprestd", SR_ABS_BUILDDIR);
    return !strcmp(self, dir);
}

/* Parses "ADDR:PORT", "[V6]:PORT" or ":PORT" into cfg; returns 0 or -1. */
static int parse_listen(const char *arg, rest_config *cfg, char *host, size_t hostlen)
{
    const char *colon = strrchr(arg, ':');
    const char *h = arg;
    size_t hl;
    char *end;
    long port;

    if (!colon)
        return -1;
    hl = (size_t)(colon - arg);
    if (hl >= 2 && arg[0] == '[' && arg[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0) {
        h = "0.0.0.0";
        hl = 7;
    }
    errno = 0;
    port = strtol(colon + 1, &end, 10);
    if (hl >= hostlen || *end || colon[1] == '\0' || errno || port < 0 || port > 65535)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    cfg->listen_host = host;
    cfg->listen_port = (uint16_t)port;
    return 0;
}

static int parse_uint(const char *arg, unsigned long max, unsigned long *out)
{
    char *end;

    errno = 0;
    *out = strtoul(arg, &end, 10);
    return (*arg && !*end && !errno && *out >= 1 && *out <= max) ? 0 : -1;
}

/* Parses argv into cfg. Returns 0 to run, 1 to exit 0 (help/version), 2 on a usage error. */
static int parse_args(int argc, char **argv, rest_config *cfg, char *host, size_t hostlen)
{
    static const struct option opts[] = {
        { "listen", required_argument, NULL, 'l' }, { "db", required_argument, NULL, 'd' },
        { "wsdl", required_argument, NULL, 'w' },   { "mapping", required_argument, NULL, 'm' },   { "threads", required_argument, NULL, 't' },
        { "max-body", required_argument, NULL, 'b' }, { "help", no_argument, NULL, 'h' },
        { "trust-forwarded", no_argument, NULL, 'F' },
        { "soap12-sender-400", no_argument, NULL, 'S' },
        { "upstream", required_argument, NULL, 'u' },
        { "version", no_argument, NULL, 'V' },      { NULL, 0, NULL, 0 }
    };
    unsigned long v;
    int c;

    while ((c = getopt_long(argc, argv, "l:d:w:m:u:t:b:FhV", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (parse_listen(optarg, cfg, host, hostlen) == 0)
                break;
            fprintf(stderr, "soaprestd: --listen wants ADDR:PORT, got '%s'\n", optarg);
            return 2;
        case 'd': cfg->db_path = optarg; break;
        case 'w': cfg->wsdl_path = optarg; break;
        case 'm': cfg->mapping_path = optarg; break;
        case 'u': cfg->upstream = optarg; break;
        case 't':
            if (parse_uint(optarg, 256, &v) == 0) {
                cfg->threads = (unsigned)v;
                break;
            }
            fprintf(stderr, "soaprestd: --threads wants 1..256, got '%s'\n", optarg);
            return 2;
        case 'b':
            if (parse_uint(optarg, 64UL * 1024 * 1024, &v) == 0) {
                cfg->max_body = v;
                break;
            }
            fprintf(stderr, "soaprestd: --max-body wants 1..67108864, got '%s'\n", optarg);
            return 2;
        case 'F': cfg->trust_forwarded = 1; break;
        case 'S': cfg->soap12_sender_400 = 1; break;
        case 'h': usage(stdout); return 1;
        case 'V': printf("soaprestd %s\n", PACKAGE_VERSION); return 1;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "soaprestd: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return 0;
}

static void print_urls(const rest_server *srv, const rest_config *cfg)
{
    const char *h = cfg->listen_host;
    int v6 = strchr(h, ':') != NULL;
    char base[512];

    if (!strcmp(h, "0.0.0.0") || !strcmp(h, "::"))
        h = v6 ? "::1" : "127.0.0.1";
    snprintf(base, sizeof(base), "http://%s%s%s:%u%s", v6 ? "[" : "", h, v6 ? "]" : "",
             rest_server_port(srv), rest_server_service_path(srv));
    if (cfg->upstream)
        printf("soaprestd %s: gateway for %s in front of %s\n", PACKAGE_VERSION, cfg->wsdl_path,
               cfg->upstream);
    else
        printf("soaprestd %s: serving the reference inventory service\n", PACKAGE_VERSION);
    printf("  SOAP 1.1 endpoint  %s\n", base);
    printf("  SOAP 1.2 endpoint  %s/soap12\n", base);
    printf("  WSDL               %s?wsdl\n", base);
    printf("  single WSDL        %s?singleWsdl\n", base);
    snprintf(base, sizeof(base), "http://%s%s%s:%u", v6 ? "[" : "", h, v6 ? "]" : "",
             rest_server_port(srv));
    printf("  REST API           %s/api/\n", base);
    printf("  OpenAPI            %s/api/openapi.json\n", base);
    if (!cfg->upstream)
        printf("  database           %s\n", cfg->db_path);
    fflush(stdout);
}

/* Blocks until SIGINT or SIGTERM (blocked in every thread, so only this sigwait sees them). */
static int wait_for_signal(const sigset_t *set)
{
    int sig = 0;

    while (sigwait(set, &sig) != 0)
        ;
    return sig;
}

int main(int argc, char **argv)
{
    static char default_wsdl[PATH_MAX], default_db[PATH_MAX];
    char host[256];
    rest_config cfg;
    rest_server *srv;
    sigset_t set;
    char *err = NULL;
    int rc, sig;

    rest_config_defaults(&cfg);
    if ((rc = parse_args(argc, argv, &cfg, host, sizeof(host))) != 0)
        return rc == 1 ? 0 : 2;
    if (running_from_build_tree()) {
        snprintf(default_wsdl, sizeof(default_wsdl), "%s/wsdl/%s", SR_ABS_SRCDIR, SR_WSDL_NAME);
        snprintf(default_db, sizeof(default_db), "./soaprest.db");
    } else {
        snprintf(default_wsdl, sizeof(default_wsdl), "%s/wsdl/%s", SR_PKGDATADIR, SR_WSDL_NAME);
        snprintf(default_db, sizeof(default_db), "%s/soaprest.db", SR_STATEDIR);
    }
    if (!cfg.wsdl_path)
        cfg.wsdl_path = default_wsdl;
    if (!cfg.db_path)
        cfg.db_path = default_db;

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    svc_global_init();

    if (!(srv = rest_server_start(&cfg, &err))) {
        fprintf(stderr, "soaprestd: %s\n", err ? err : "cannot start");
        free(err);
        return 1;
    }
    print_urls(srv, &cfg);
    sig = wait_for_signal(&set);
    fprintf(stderr, "soaprestd: %s received, finishing requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    rest_server_stop(srv, SR_GRACE_MS);
    return 0;
}
