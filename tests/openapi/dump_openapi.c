/* dump_openapi.c - prints the OpenAPI document (or, with -H, the help page) of a WSDL's REST routes,
 * for tests/openapi/lint.sh and for people: dump_openapi [-H] WSDL MAPPING|- [SERVER_URL].
 * MAPPING "-" means no mapping file: the routes the conventions infer. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "openapi.h"

static int usage(void)
{
    fputs("usage: dump_openapi [-H] WSDL MAPPING|- [SERVER_URL]\n", stderr);
    return 2;
}

/* Loads the model and its routes; returns 0, or 1 after printing why. */
static int load(const char *wsdl, const char *mapping, map_model **m, map_routes **rs)
{
    char err[1024];

    if (map_model_load(wsdl, m, err, sizeof(err))) {
        fprintf(stderr, "dump_openapi: %s\n", err);
        return 1;
    }
    for (size_t i = 0; i < map_model_note_count(*m); i++)
        fprintf(stderr, "dump_openapi: note: %s\n", map_model_note(*m, i));
    if (map_routes_load(*m, strcmp(mapping, "-") ? mapping : NULL, rs, err, sizeof(err))) {
        fprintf(stderr, "dump_openapi: %s\n", err);
        map_model_free(*m);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int help = argc > 1 && !strcmp(argv[1], "-H");
    map_model *m = NULL;
    map_routes *rs = NULL;
    const char *url;
    char *text;
    size_t len = 0;
    int rc = 1;

    argv += help;
    argc -= help;
    if (argc < 3 || argc > 4)
        return usage();
    url = argc == 4 ? argv[3] : "http://localhost:8080";
    if (load(argv[1], argv[2], &m, &rs))
        return 1;
    text = help ? map_help_render(m, rs, url, &len) : map_openapi_render(m, rs, NULL, NULL, url, &len);
    if (text && fwrite(text, 1, len, stdout) == len)
        rc = 0;
    else
        fputs("dump_openapi: out of memory or write error\n", stderr);
    free(text);
    map_routes_free(rs);
    map_model_free(m);
    xmlCleanupParser();
    return rc;
}
