/* fuzz_route.c - libFuzzer harness for REST route matching and binding (map_routes_match,
 * map_route_bind), then the bound wrapper through map_request_xml and map_route_location_for, as the
 * REST front chains them.
 * Input: one selector byte (fuzz.h: contract; the operation bits are unused), then
 *   METHOD SP path [? name=value & ...] [LF JSON body]
 * The path is taken as already %-decoded (map_routes_match's contract); query values are not decoded. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"

#define ROUTE_MAX_INPUT 4096 /* a request line plus a small body */
#define ROUTE_MAX_ARGS 32

/* Splits "a=1&b&c=3" in place into args; returns how many (at most max). */
static size_t split_query(char *q, map_query_arg *args, size_t max)
{
    size_t n = 0;
    char *save = NULL, *tok, *eq;

    for (tok = strtok_r(q, "&", &save); tok && n < max; tok = strtok_r(NULL, "&", &save)) {
        eq = strchr(tok, '=');
        if (eq)
            *eq++ = '\0';
        args[n].name = tok;
        args[n++].value = eq ? eq : "";
    }
    return n;
}

/* Binds a matched route and carries the wrapper on, as rest/api.c does. */
static void bind_and_build(const map_model *m, const map_match *mt, const map_query_arg *args,
                           size_t nargs, json_t *body)
{
    json_t *wrapper = NULL;
    map_error err;
    char *xml = NULL;
    size_t len;

    if (map_route_bind(mt->route, mt, args, nargs, body, &wrapper, &err))
        return;
    if (map_request_xml(m, map_route_op(mt->route), wrapper, 1, &xml, &len, &err) == 0)
        free(xml);
    free(map_route_location_for(mt->route, wrapper));
    json_decref(wrapper);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const map_model *m;
    const map_routes *rs;
    map_query_arg args[ROUTE_MAX_ARGS];
    map_match mt;
    json_t *body = NULL;
    json_error_t jerr;
    char *line, *nl, *path, *q;
    size_t nargs = 0;

    if (size < 1 || size > ROUTE_MAX_INPUT)
        return 0;
    fuzz_pick(data[0], &m, &rs);
    line = strndup((const char *)data + 1, size - 1); /* stops at a NUL, as a C string would */
    if (!line)
        return 0;
    if ((nl = strchr(line, '\n'))) {
        *nl++ = '\0';
        if (*nl)
            body = json_loads(nl, JSON_REJECT_DUPLICATES, &jerr);
    }
    if ((path = strchr(line, ' '))) {
        *path++ = '\0';
        if ((q = strchr(path, '?'))) {
            *q++ = '\0';
            nargs = split_query(q, args, ROUTE_MAX_ARGS);
        }
        if (map_routes_match(rs, line, path, &mt) == 0)
            bind_and_build(m, &mt, args, nargs, body);
        map_match_clear(&mt);
    }
    json_decref(body);
    free(line);
    return 0;
}
