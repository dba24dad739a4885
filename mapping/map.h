/* map.h - public interface of the mapping module (prefix map_): schema model, XSD<->JSON transcoding,
 * routes, fault->HTTP table, OpenAPI and the SOAP metadata publisher. Nothing here knows HTTP or gSOAP. */
#ifndef SOAPREST_MAP_H
#define SOAPREST_MAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================================================
 * Metadata publisher (mapping/meta.c, prefix map_meta_)
 *
 * Publishes the contract as WCF does: ?wsdl (importing ?xsd=xsd0..N), ?xsd=xsdN and ?singleWsdl, with
 * every address and schemaLocation pointing at the origin the client used. All libxml2 work happens in
 * map_meta_load(); a loaded map_meta is immutable, so any number of threads may render from it at once.
 * ====================================================================================================== */

typedef struct map_meta map_meta;

/* Which published document map_meta_render() produces. */
enum map_meta_doc {
    MAP_META_WSDL,        /* ?wsdl: the WSDL, its schemas imported from ?xsd=xsdN */
    MAP_META_SINGLE_WSDL, /* ?singleWsdl: the WSDL with every schema inlined, no schemaLocation left */
    MAP_META_XSD          /* ?xsd=xsdN: schema file number N */
};

/* Loads the WSDL at `wsdl_path` and every XSD reachable from it through xs:import schemaLocation
 * (relative to the importing file; a file reached twice is loaded once), then prepares all documents.
 * XSD files are numbered in depth-first discovery order from the WSDL's wsdl:types: the first imported
 * file is xsd0, its first import (if new) xsd1, and so on. At most 64 XSD files.
 *
 * Refused with an error: unreadable or malformed files (message names the file, and the line when
 * libxml2 gives one), a schemaLocation carrying a URI scheme (http:, https:, file:, ...: we publish only
 * our own files), xs:include and xs:redefine (?singleWsdl cannot inline them), wsdl:import, a WSDL with
 * no soap:address / soap12:address, and any address location without a path.
 * Files are parsed without network access and without entity expansion.
 *
 * Returns 0 and stores a new map_meta in *out (free it with map_meta_free()), or -1 with *out left
 * untouched and a NUL-terminated message in err (truncated to errlen; err may be NULL if errlen is 0). */
int map_meta_load(const char *wsdl_path, map_meta **out, char *err, size_t errlen);

/* Frees `m` and everything it owns. Accepts NULL. */
void map_meta_free(map_meta *m);

/* Returns the path part of the WSDL's first soap:address / soap12:address location, for example
 * "/InventoryService.svc" (never empty, starts with '/'). Owned by `m`, valid until map_meta_free(). */
const char *map_meta_service_path(const map_meta *m);

/* Returns the number of XSD files published as ?xsd=xsd0 .. xsd(N-1). */
size_t map_meta_xsd_count(const map_meta *m);

/* Renders one document for a client that reached us at `origin` ("scheme://host[:port]", validated by
 * the caller; it is XML-escaped here). Every address becomes origin + its original path, every
 * schemaLocation origin + service path + "?xsd=xsdN". `xsd_index` is used only for MAP_META_XSD.
 * No libxml2 work happens here: this only concatenates prepared text.
 *
 * Returns a malloc'd NUL-terminated UTF-8 XML document (the caller frees it) and its length without
 * the NUL in *len (if len is not NULL); NULL if m or origin is NULL, doc is unknown, xsd_index is out
 * of range for MAP_META_XSD, or memory runs out. */
char *map_meta_render(const map_meta *m, enum map_meta_doc doc, size_t xsd_index, const char *origin,
                      size_t *len);

/* ====================================================================================================== *
 * end of metadata publisher
 * ====================================================================================================== */

#ifdef __cplusplus
}
#endif

#endif /* SOAPREST_MAP_H */
