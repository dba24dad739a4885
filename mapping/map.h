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
    MAP_META_XSD,         /* ?xsd=xsdN: schema file number N */
    MAP_META_WSDL_PART    /* ?wsdl=wsdlN: imported WSDL file number N (a contract split over files) */
};

/* Loads the WSDL at `wsdl_path`, every WSDL it reaches through wsdl:import and every XSD reachable
 * through xs:import / xs:include schemaLocation (relative to the importing file; a file reached twice is
 * loaded once), then prepares all documents. XSD files are numbered in depth-first discovery order from
 * the WSDL's wsdl:types: the first imported file is xsd0, its first import (if new) xsd1, and so on;
 * imported WSDLs are ?wsdl=wsdl0, wsdl1, ... in discovery order. At most 256 XSD and 32 WSDL files.
 * ?singleWsdl merges the imported WSDLs into the main one (references to components of an imported
 * WSDL of another namespace are pointed at the main namespace) and inlines every schema; an included
 * schema is inlined as a schema of its own with the includer's namespace.
 *
 * Refused with an error: unreadable or malformed files (message names the file, and the line when
 * libxml2 gives one), a location carrying a URI scheme (http:, https:, file:, ...: nothing is fetched,
 * we publish only our own files), xs:redefine.
 * The service path is the path of the first soap:address / soap12:address; a contract without one (or
 * whose address has no path, "http://host") gets "/" + the WSDL's file name without its extension.
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

/* Returns the number of imported WSDL files published as ?wsdl=wsdl0 .. wsdl(N-1). */
size_t map_meta_wsdl_part_count(const map_meta *m);

/* Renders one document for a client that reached us at `origin` ("scheme://host[:port]", validated by
 * the caller; it is XML-escaped here). Every address becomes origin + its original path, every
 * schemaLocation origin + service path + "?xsd=xsdN". `xsd_index` is the N of MAP_META_XSD and of
 * MAP_META_WSDL_PART, unused otherwise.
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

/* ======================================================================================================
 * Schema model (mapping/model.c, prefix map_)
 *
 * A WSDL 1.1 (document/literal) and every XSD it imports, read once by map_model_load() into an
 * immutable in-memory model: operations with their wrapper and fault elements, global elements, types.
 * Nothing is looked up in XML after loading; any number of threads may read a loaded model at once.
 * Every pointer returned by an accessor is owned by the model and valid until map_model_free().
 * ====================================================================================================== */

typedef struct map_model map_model;
typedef struct map_op map_op;             /* one portType operation */
typedef struct map_fault map_fault;       /* a declared fault of an operation */
typedef struct map_elem map_elem;         /* an element or attribute declaration (global or local) */
typedef struct map_type map_type;         /* a simple or complex type (named or anonymous) */
typedef struct map_particle map_particle; /* element / sequence / choice / all / any in a content model */

#define MAP_UNBOUNDED (-1L) /* maxOccurs="unbounded" */

enum map_type_kind { MAP_TYPE_SIMPLE, MAP_TYPE_COMPLEX };
enum map_variety { MAP_VARIETY_ATOMIC, MAP_VARIETY_LIST, MAP_VARIETY_UNION /* travels as a string */ };
enum map_derivation { MAP_DERIVE_NONE, MAP_DERIVE_RESTRICTION, MAP_DERIVE_EXTENSION };
/* What a complex type holds besides attributes. */
enum map_content { MAP_CONTENT_EMPTY, MAP_CONTENT_ELEMENTS, MAP_CONTENT_SIMPLE /* "$value" */ };
enum map_particle_kind {
    MAP_PARTICLE_ELEMENT,  /* map_particle_elem() */
    MAP_PARTICLE_SEQUENCE, /* children in order; their properties sit in the parent object */
    MAP_PARTICLE_CHOICE,   /* exactly one child present */
    MAP_PARTICLE_ALL,      /* children in any order */
    MAP_PARTICLE_ANY       /* xs:any: property "$any", a string holding the XML fragment */
};

/* The XSD builtin types the model knows (one row each in model.c's table). */
enum map_builtin {
    MAP_XS_NONE, /* a complex type with element or empty content */
    MAP_XS_STRING, MAP_XS_NORMALIZED_STRING, MAP_XS_TOKEN, MAP_XS_LANGUAGE, MAP_XS_NAME, MAP_XS_NCNAME,
    MAP_XS_NMTOKEN, MAP_XS_NMTOKENS, MAP_XS_ID, MAP_XS_IDREF, MAP_XS_IDREFS, MAP_XS_ENTITY,
    MAP_XS_ENTITIES, MAP_XS_ANYURI, MAP_XS_QNAME, MAP_XS_NOTATION, MAP_XS_ANYSIMPLETYPE,
    MAP_XS_BOOLEAN,
    MAP_XS_BYTE, MAP_XS_SHORT, MAP_XS_INT, MAP_XS_LONG,
    MAP_XS_UNSIGNED_BYTE, MAP_XS_UNSIGNED_SHORT, MAP_XS_UNSIGNED_INT, MAP_XS_UNSIGNED_LONG,
    MAP_XS_INTEGER, MAP_XS_NON_NEGATIVE_INTEGER, MAP_XS_POSITIVE_INTEGER, MAP_XS_NON_POSITIVE_INTEGER,
    MAP_XS_NEGATIVE_INTEGER,
    MAP_XS_DECIMAL, MAP_XS_FLOAT, MAP_XS_DOUBLE,
    MAP_XS_DATETIME, MAP_XS_DATE, MAP_XS_TIME, MAP_XS_GYEAR, MAP_XS_GYEARMONTH, MAP_XS_GMONTH,
    MAP_XS_GMONTHDAY, MAP_XS_GDAY, MAP_XS_DURATION,
    MAP_XS_BASE64BINARY, MAP_XS_HEXBINARY,
    MAP_XS_ANYTYPE, /* an element of xs:anyType: a string holding its content as an XML fragment */
    MAP_XS__COUNT
};

/* How a value travels in JSON. */
enum map_json_kind {
    MAP_JSON_STRING,  /* JSON string */
    MAP_JSON_BOOLEAN, /* true / false */
    MAP_JSON_INTEGER, /* JSON integer; unsignedLong above INT64_MAX and out-of-int64 xs:integer: string */
    MAP_JSON_NUMBER,  /* float/double: JSON number; "INF", "-INF", "NaN" as strings */
    MAP_JSON_DECIMAL, /* string ("19.99") out; string or number accepted in */
    MAP_JSON_XML      /* string holding an XML fragment (xs:anyType) */
};

/* One row of the builtin table: what OpenAPI needs to describe the type. */
typedef struct map_builtin_info {
    const char *name;        /* XSD local name, "int" */
    enum map_json_kind json;
    const char *format;      /* OpenAPI/JSON Schema format ("int32", "date-time", "byte", ...) or NULL */
    const char *min, *max;   /* integer types: inclusive range as integer text ("-128"), NULL: none */
} map_builtin_info;

/* Facets of a simple type, merged along its restriction chain. Bounds are kept as lexical text. */
#define MAP_FACET_LENGTH 0x01u
#define MAP_FACET_MIN_LENGTH 0x02u
#define MAP_FACET_MAX_LENGTH 0x04u
#define MAP_FACET_TOTAL_DIGITS 0x08u
#define MAP_FACET_FRACTION_DIGITS 0x10u
typedef struct map_facets {
    unsigned set;                        /* MAP_FACET_* bits for the numeric facets below */
    size_t length, min_length, max_length;
    unsigned total_digits, fraction_digits;
    const char *min_inclusive, *max_inclusive, *min_exclusive, *max_exclusive; /* NULL: none */
    const char *const *patterns;         /* XSD text of every pattern (all steps), npatterns of them */
    size_t npatterns;
    const char *const *enums;            /* enumeration values, nenums of them (0: not an enum) */
    size_t nenums;
} map_facets;

/* Loads the WSDL at `wsdl_path`, the WSDLs it wsdl:imports and every XSD they import or include (see
 * mapp_docs_load in map_int.h: relative locations only, no network, no entities) into a model.
 * document/literal, rpc/literal and rpc/encoded are supported. A construct the mapping cannot represent
 * is refused with a message naming the construct, the file and the line ("file:line: xs:redefine is not
 * supported"). Operations the REST facade cannot serve (notifications, operations no SOAP binding binds)
 * are left out and named in the model's notes (map_model_note). Limits: 256 XSD and 32 WSDL files,
 * 10000 types, 10000 elements, content nesting depth 32.
 * Returns 0 and stores the model in *out (free with map_model_free), or -1 with *out untouched and a
 * NUL-terminated message in err (truncated to errlen). */
int map_model_load(const char *wsdl_path, map_model **out, char *err, size_t errlen);

/* Frees m and everything it owns. Accepts NULL. */
void map_model_free(map_model *m);

/* What the load left out of the contract, one "file:line: ..." line each (index out of range: NULL).
 * A program shows them to its operator once, at start-up. */
size_t map_model_note_count(const map_model *m);
const char *map_model_note(const map_model *m, size_t i);

/* wsdl:definitions/wsdl:documentation text, or NULL. */
const char *map_model_documentation(const map_model *m);
/* wsdl:definitions/@targetNamespace, or NULL. */
const char *map_model_target_ns(const map_model *m);

/* Operations of every portType, in document order: index 0 .. count-1. map_model_op returns NULL for an
 * index out of range; map_model_find_op the first operation named `name`, or NULL. */
size_t map_model_op_count(const map_model *m);
const map_op *map_model_op(const map_model *m, size_t i);
const map_op *map_model_find_op(const map_model *m, const char *name);

/* Global elements and global named types, in load order (index out of range: NULL), and lookups by
 * namespace (NULL for none) and local name (NULL when not declared). */
size_t map_model_elem_count(const map_model *m);
const map_elem *map_model_elem(const map_model *m, size_t i);
const map_elem *map_model_find_elem(const map_model *m, const char *ns, const char *local);
size_t map_model_type_count(const map_model *m);
const map_type *map_model_type(const map_model *m, size_t i);
const map_type *map_model_find_type(const map_model *m, const char *ns, const char *local);

/* An operation: its name, portType name, soapAction from the SOAP 1.1 / SOAP 1.2 binding (NULL when no
 * binding of that version covers it), wsdl:documentation (NULL if none), request wrapper element (NULL:
 * empty body), response wrapper element (NULL: one-way), declared faults (index out of range: NULL). */
const char *map_op_name(const map_op *op);
const char *map_op_port_type(const map_op *op);
const char *map_op_action(const map_op *op);
const char *map_op_action12(const map_op *op);
const char *map_op_documentation(const map_op *op);
const map_elem *map_op_input(const map_op *op);
const map_elem *map_op_output(const map_op *op);
size_t map_op_fault_count(const map_op *op);
const map_fault *map_op_fault(const map_op *op, size_t i);
/* A fault: its wsdl:fault name ("NotFoundFaultFault") and its detail element. */
const char *map_fault_name(const map_fault *f);
const map_elem *map_fault_elem(const map_fault *f);

/* An element or attribute: local name (= JSON property name), namespace (NULL: unqualified), whether it
 * is an attribute, occurrences (max MAP_UNBOUNDED; attributes 0..1, or 1..1 when use="required"),
 * nillable, default / fixed value (NULL if none), xs:annotation documentation (NULL), type (never NULL). */
const char *map_elem_name(const map_elem *e);
const char *map_elem_ns(const map_elem *e);
int map_elem_is_attribute(const map_elem *e);
long map_elem_min_occurs(const map_elem *e);
long map_elem_max_occurs(const map_elem *e);
int map_elem_nillable(const map_elem *e);
const char *map_elem_default(const map_elem *e);
const char *map_elem_fixed(const map_elem *e);
const char *map_elem_documentation(const map_elem *e);
const map_type *map_elem_type(const map_elem *e);

/* A type: name (NULL: anonymous) and namespace; kind; for simple types the variety, the primitive
 * builtin (also the builtin of a simpleContent value), the list item type, the merged facets; base
 * type and how it derives (builtins have no base); for complex types the content kind, the own content
 * particle (NULL: none; with MAP_DERIVE_EXTENSION the base's content comes first), the simpleContent
 * value type, own attributes; abstract; known derived types (direct or not, for xsi:type / "$type");
 * the repeated element when the type is an ArrayOfX wrapper (one repeated child, no attributes: JSON
 * array), else NULL. */
const char *map_type_name(const map_type *t);
const char *map_type_ns(const map_type *t);
enum map_type_kind map_type_kind(const map_type *t);
enum map_variety map_type_variety(const map_type *t);
enum map_builtin map_type_builtin(const map_type *t);
const map_type *map_type_item(const map_type *t);
const map_facets *map_type_facets(const map_type *t);
const map_type *map_type_base(const map_type *t);
enum map_derivation map_type_derivation(const map_type *t);
enum map_content map_type_content_kind(const map_type *t);
const map_particle *map_type_content(const map_type *t);
const map_type *map_type_value(const map_type *t);
size_t map_type_attr_count(const map_type *t);
/* True when t itself declares an xs:anyAttribute (its other attributes travel in "$attributes"). */
int map_type_any_attribute(const map_type *t);
const map_elem *map_type_attr(const map_type *t, size_t i);
int map_type_abstract(const map_type *t);
size_t map_type_derived_count(const map_type *t);
const map_type *map_type_derived(const map_type *t, size_t i);
/* The dimensions of an array type: 1, or N for a multi-dimensional SOAP-encoded array ("T[,]" is 2),
 * whose JSON value is arrays nested N deep (row-major, rectangular). */
int map_type_array_rank(const map_type *t);
const map_elem *map_type_array_item(const map_type *t);
const char *map_type_documentation(const map_type *t);

/* A content particle: kind, occurrences, children of a group (index out of range: NULL), the element
 * of an element particle (NULL otherwise), the namespace constraint of xs:any ("##any", ...). */
enum map_particle_kind map_particle_kind(const map_particle *p);
long map_particle_min_occurs(const map_particle *p);
long map_particle_max_occurs(const map_particle *p);
size_t map_particle_count(const map_particle *p);
const map_particle *map_particle_child(const map_particle *p, size_t i);
const map_elem *map_particle_elem(const map_particle *p);
const char *map_particle_any_ns(const map_particle *p);
/* A repeated group (sequence or choice with maxOccurs > 1) is one JSON property whose value is an array
 * of objects, each holding one occurrence's members: its name ("aOrB", "aAndB"), or NULL for any other
 * particle. */
const char *map_particle_group_name(const map_particle *p);

/* The builtin table row for b (NULL when b is out of range or MAP_XS_NONE). */
const map_builtin_info *map_builtin_describe(enum map_builtin b);

/* ====================================================================================================== *
 * end of schema model
 * ====================================================================================================== */

/* ======================================================================================================
 * XSD <-> JSON transcoder (mapping/json.c, prefix map_)
 *
 * Schema-directed, both directions, by the rules of design.md section 3 (doc/ tells users). Stateless:
 * any number of threads may transcode with one model at once. Needs jansson's json_t.
 * ====================================================================================================== */

struct json_t; /* jansson's json_t; map.h does not include jansson.h */

/* Where and why a transcoding failed. status 400: the client's JSON is wrong; 500: the SOAP response
 * does not match the contract, or an internal failure (out of memory). */
typedef struct map_error {
    int status;
    char pointer[256];  /* JSON Pointer to the offending value, "/order/Lines/2/Quantity"; "" for root */
    char expected[128]; /* what the schema wants there, "int (-2147483648..2147483647)" */
    char got[128];      /* what was found, shortened */
    char message[256];  /* one sentence for humans */
} map_error;

/* A SOAP fault read from a response. */
typedef struct map_fault_info {
    int is_sender;              /* the code is Client (1.1) or Sender (1.2): the caller's fault */
    char code[64];              /* local part of the fault code: "Client", "Server", "Sender", ... */
    char reason[512];           /* faultstring / first Reason/Text, truncated */
    const map_elem *detail_elem;/* the declared fault element found in the detail, or NULL */
    struct json_t *detail;      /* that detail as JSON by the same rules (caller decrefs), or NULL */
} map_fault_info;

/* Builds the SOAP request for `op` from `body`, an object holding the request wrapper's children by name
 * ({"id": 5}); NULL or {} for an operation whose wrapper is empty. soap_version is 1 (SOAP 1.1) or 2
 * (SOAP 1.2) and chooses the envelope namespace. Everything is validated before any XML is returned:
 * unknown properties, types and ranges, facets, required members, null only on nillable elements,
 * "$type" only naming a known derived type. Values are escaped by construction; text that is not UTF-8 or
 * holds characters XML 1.0 cannot carry is refused. long, unsignedLong and xs:integer also accept digit
 * strings; decimal accepts a string, an integer, or a real of at most 15 significant digits (jansson
 * holds reals as doubles: beyond that the client must send a string). JSON nesting is limited to 64.
 * Returns 0 with a malloc'd NUL-terminated UTF-8 envelope in *xml (caller frees) and its length without
 * the NUL in *len; or -1 with *xml untouched and err filled (status 400 for the input, 500 for memory). */
int map_request_xml(const map_model *m, const map_op *op, const struct json_t *body, int soap_version,
                    char **xml, size_t *len, map_error *err);

/* Reads the SOAP response (1.1 or 1.2 envelope) `xml` of `len` bytes for `op` (the caller bounds the
 * size). DTDs are refused, nothing is fetched.
 * Returns 0 for a result: *out is the response wrapper's single declared child converted (the element
 * absent: *out NULL; xsi:nil: JSON null), or the wrapper as an object when it declares several
 * children, or NULL when it declares none (and for one-way operations); the caller decrefs *out.
 * Returns 1 for a Fault: *out NULL, *fault filled (fault->detail owned by the caller).
 * Returns -1 with err filled (status 500) when the envelope does not match the contract (also a
 * declared fault whose detail does not match its declaration); *out NULL, fault->detail NULL.
 * Lenient on purpose: minOccurs and facets (enumeration, pattern, bounds) are not re-checked in
 * responses, only lexical forms; undeclared elements and attributes are errors (never dropped).
 * A repeated element (maxOccurs > 1) with no occurrence reads as [] (XML cannot tell absent from empty);
 * unsignedLong above INT64_MAX and xs:integer beyond 64 bits read as strings. */
int map_response_json(const map_model *m, const map_op *op, const char *xml, size_t len,
                      struct json_t **out, map_fault_info *fault, map_error *err);

/* ====================================================================================================== *
 * end of transcoder
 * ====================================================================================================== */

#ifdef __cplusplus
}
#endif

#endif /* SOAPREST_MAP_H */
