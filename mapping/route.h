/* route.h - REST routes over a schema model (prefix map_route_ / map_routes_); merged into map.h's
 * family: include map.h first. Kept in its own header while the model's header is being written. */
#ifndef SOAPREST_MAP_ROUTE_H
#define SOAPREST_MAP_ROUTE_H

#include <stddef.h>

#include "map.h"

typedef struct map_routes map_routes;
typedef struct map_route map_route;

#define MAP_ROUTE_MAX_VARS 8

/* Loads the routes for every operation of `m`: the generic POST /api/{Operation} routes always, and
 * the resource routes of the mapping file at `mapping_path` (JSON, see doc/mapping.md), or, when
 * mapping_path is NULL, the routes inferred from the operation names by the conventions. The mapping
 * file is validated: an unknown key, an unknown operation, a template or target naming a field that
 * does not exist, a status that makes no sense, two routes that collide: each is an error naming the
 * file and line. Returns 0 and *out (free with map_routes_free), or -1 with err filled. */
int map_routes_load(const map_model *m, const char *mapping_path, map_routes **out, char *err,
                    size_t errlen);
void map_routes_free(map_routes *rs);

/* The routes in table order (resource routes first, then the generic ones). */
size_t map_routes_count(const map_routes *rs);
const map_route *map_routes_at(const map_routes *rs, size_t i);
/* The URL prefix every route lives under ("/api"). */
const char *map_routes_prefix(const map_routes *rs);

/* The result of matching a request line. */
typedef struct map_match {
    const map_route *route;              /* NULL: no route has this method on this path */
    size_t nvars;                        /* values of the template's {variables}, in order */
    char *vars[MAP_ROUTE_MAX_VARS];      /* malloc'd, freed by map_match_clear */
    char allow[64];                      /* with route NULL: the methods the path has ("" = 404) */
} map_match;

/* Matches method + path (already %-decoded). Returns 0 with m->route set, or -1 with m->route NULL
 * and m->allow listing the methods this path accepts ("" when no route has the path). */
int map_routes_match(const map_routes *rs, const char *method, const char *path, map_match *m);
void map_match_clear(map_match *m);

/* A route's parts. */
const char *map_route_method(const map_route *r);
const char *map_route_template(const map_route *r);
const map_op *map_route_op(const map_route *r);
int map_route_status(const map_route *r);           /* 200, 201, 202, 204 */
const char *map_route_location(const map_route *r); /* 201 Location template over result fields, or NULL */
int map_route_is_generic(const map_route *r);       /* POST /api/{Operation} */
/* Where the request body goes: NULL = the body is the wrapper object itself; "" = the route takes no
 * body; else the name of the wrapper child that receives the whole body ("product"). */
const char *map_route_body(const map_route *r);
/* The wrapper child whose members come from the query string (FindProducts' "query"), or NULL when
 * query parameters are the wrapper's own children. */
const char *map_route_query(const map_route *r);
/* Template variables: their names and the '/'-separated path in the wrapper object they fill
 * ("id" -> "id", "id" -> "product/Id", "id" -> "productId"). */
size_t map_route_var_count(const map_route *r);
const char *map_route_var_name(const map_route *r, size_t i);
const char *map_route_var_target(const map_route *r, size_t i);
/* The query parameters the route accepts: the members of the query target (or the wrapper's own
 * simple children), for documentation. */
size_t map_route_query_count(const map_route *r);
const map_elem *map_route_query_elem(const map_route *r, size_t i);
const char *map_route_summary(const map_route *r);

/* One query-string argument as received. */
typedef struct map_query_arg {
    const char *name;
    const char *value;
} map_query_arg;

/* Builds the request wrapper object for `r` from the matched variables, the query arguments and the
 * parsed body (borrowed; NULL when there was none). Query names match the target's member names
 * case-insensitively; a repeated name fills an array member; text is converted by the member's type
 * (integers, booleans, numbers; the rest stays text for the transcoder to validate). Returns 0 with a
 * new reference in *out, or -1 with err filled (status 400: unknown query parameter, a body where
 * none is taken, a body that is not an object, ...). */
int map_route_bind(const map_route *r, const map_match *mt, const map_query_arg *args, size_t nargs,
                   struct json_t *body, struct json_t **out, map_error *err);

/* Fills a Location template ("/api/products/{Id}") from the result object's members; returns a
 * malloc'd string, or NULL when a member is missing. */
char *map_route_location_for(const map_route *r, const struct json_t *result);

/* The HTTP status for a fault: the mapping file's status for a declared detail element, else the
 * conventions by name (NotFound 404, Validation 422, Conflict 409, Unauthorized 401, Forbidden and
 * AccessDenied 403), else 400 for a Client/Sender fault and 500 for any other. */
int map_routes_fault_status(const map_routes *rs, const map_fault_info *fi);

#endif
