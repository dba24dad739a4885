/* openapi.h - metadata for REST clients generated from the schema model and the routes: the OpenAPI 3.1
 * document (mapping/openapi.c, prefix map_openapi_) and the human help page (mapping/help.c, prefix
 * map_help_). Kept apart while map.h is being finished; it folds into map.h's family later.
 * Nothing here knows HTTP: the front decides where these documents are served. */
#ifndef SOAPREST_MAP_OPENAPI_H
#define SOAPREST_MAP_OPENAPI_H

#include <stddef.h>

#include "map.h"
#include "route.h"

/* Builds the OpenAPI 3.1.0 document of every route in `rs` (routes loaded over `m`) as a jansson value:
 * paths with parameters, request bodies, the success response and every error response
 * (application/problem+json, declared faults with their typed detail), components/schemas for every
 * named type reachable from the routes (same local names in different namespaces are qualified with a
 * namespace segment), the shared "Problem" schema, servers [{"url": server_url}], security [].
 * `title` and `version` fill info (NULL: the portType name and "1.0"); server_url NULL means "/".
 * The JSON Schema of each value mirrors the transcoder's rules (doc/mapping.md); decimals are strings
 * (with format "decimal" and a pattern): a JSON number is accepted on input too, as the description says.
 * Returns a new reference (the caller decrefs), or NULL when memory runs out. Reads `m` and `rs` only:
 * any number of threads may call it at once. */
struct json_t *map_openapi_json(const map_model *m, const map_routes *rs, const char *title,
                                const char *version, const char *server_url);

/* map_openapi_json() as text: pretty-printed with 2-space indentation, ending in a newline.
 * Returns a malloc'd NUL-terminated UTF-8 string (the caller frees) and its length without the NUL in
 * *len (if len is not NULL); NULL when memory runs out. */
char *map_openapi_render(const map_model *m, const map_routes *rs, const char *title, const char *version,
                         const char *server_url, size_t *len);

/* A self-contained HTML page (inline CSS, no script, no external asset) listing every route of `rs`:
 * method, path, operation, summary, parameters, request body, success status, error statuses, an example
 * request and response generated from the schemas, and a curl command line against `server_url`
 * (NULL: "http://localhost:8080"). Every piece of contract text is HTML-escaped on its way in.
 * Returns a malloc'd NUL-terminated UTF-8 string (the caller frees) and its length without the NUL in
 * *len (if len is not NULL); NULL when memory runs out. Thread-safe like map_openapi_json(). */
char *map_help_render(const map_model *m, const map_routes *rs, const char *server_url, size_t *len);

#endif /* SOAPREST_MAP_OPENAPI_H */
