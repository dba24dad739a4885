/* map_int.h - private to mapping/ (prefix mapp_): the shared WSDL/XSD loader, the arena and hash table
 * the model lives in, and the model's structures that model.c builds and json.c reads. */
#ifndef SOAPREST_MAP_INT_H
#define SOAPREST_MAP_INT_H

#include <regex.h>
#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "map.h"

#define MAPP_NS_XSD "http://www.w3.org/2001/XMLSchema"
#define MAPP_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define MAPP_NS_WSDL "http://schemas.xmlsoap.org/wsdl/"
#define MAPP_NS_SOAP11 "http://schemas.xmlsoap.org/wsdl/soap/"
#define MAPP_NS_SOAP12 "http://schemas.xmlsoap.org/wsdl/soap12/"
#define MAPP_NS_ENV11 "http://schemas.xmlsoap.org/soap/envelope/"
#define MAPP_NS_ENV12 "http://www.w3.org/2003/05/soap-envelope"
#define MAPP_NS_SOAPENC "http://schemas.xmlsoap.org/soap/encoding/"

/* ==================================================================================================== */
/* Loader (load.c)                                                                                      */
/* ==================================================================================================== */

#define MAPP_MAX_XSD 256
#define MAPP_MAX_WSDL 32

/* A WSDL, the WSDL files it reaches through wsdl:import and the XSD files it reaches through xs:import and
 * xs:include, each list in depth-first discovery order (WSDLs from the main one, XSDs from wsdl:types). */
typedef struct mapp_docs {
    char *wsdl_path;            /* realpath of the main WSDL (= wsdl_paths[0]): its name in messages */
    xmlDocPtr wsdl;             /* = wsdls[0] */
    size_t nwsdl;               /* WSDL documents, the main one first */
    char *wsdl_paths[MAPP_MAX_WSDL];
    xmlDocPtr wsdls[MAPP_MAX_WSDL];
    size_t n;                   /* XSD files */
    char *path[MAPP_MAX_XSD];   /* realpath of each: its identity and its name in messages */
    xmlDocPtr doc[MAPP_MAX_XSD];
    /* A chameleon include (a schema without targetNamespace included into one with a namespace) is a
     * copy of its file that took the includer's namespace: chameleon[i] names it (NULL: a plain file). */
    char *chameleon[MAPP_MAX_XSD];
} mapp_docs;

/* Formats a message into err (if errlen > 0); returns -1 so callers can `return mapp_fail(...)`. */
int mapp_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True when n is the element {ns}local. */
int mapp_is_elem(const xmlNode *n, const char *ns, const char *local);

/* The first child element {ns}local of parent, or NULL. */
xmlNodePtr mapp_first_child(xmlNodePtr parent, const char *ns, const char *local);

/* Parses `path` without network access and without expanding entities; parse errors go to err as
 * "file:line: first libxml2 message". Returns the document (caller frees) or NULL. */
xmlDocPtr mapp_read_xml(const char *path, char *err, size_t errlen);

/* Loads the WSDL (root must be wsdl:definitions), every WSDL reachable through wsdl:import and every XSD
 * reachable through xs:import / xs:include schemaLocation (and wsdl:import of an XSD), each relative to
 * the importing file; a file reached twice is loaded once. A chameleon include is loaded as a copy whose
 * root gets the includer's targetNamespace and, when it declares no default namespace, that namespace as
 * its default, so that its unprefixed references resolve as XSD says (to the includer's namespace).
 * Refuses absolute URIs (nothing is fetched), xs:redefine, an include of a schema with another
 * targetNamespace, more than MAPP_MAX_WSDL / MAPP_MAX_XSD files. Each resolved import or include node
 * remembers what it reached (mapp_import_index, mapp_wsdl_import_index). Returns 0, or -1 with a
 * message in err; either way call mapp_docs_clear(ds) afterwards. */
int mapp_docs_load(mapp_docs *ds, const char *wsdl_path, char *err, size_t errlen);

/* Frees everything ds holds and zeroes it. */
void mapp_docs_clear(mapp_docs *ds);

/* The XSD index an xs:import / xs:include node was resolved to by mapp_docs_load(), or -1 (no
 * schemaLocation). */
long mapp_import_index(const xmlNode *imp);

/* What a wsdl:import node was resolved to: returns the index of a WSDL document (*is_xsd 0) or of an XSD
 * file (*is_xsd 1), or -1 when the node was not resolved. */
long mapp_wsdl_import_index(const xmlNode *imp, int *is_xsd);

/* ==================================================================================================== */
/* Arena and hash table (table.c)                                                                       */
/* ==================================================================================================== */

/* Bump allocator: everything of a model lives in one, freed at once. */
typedef struct mapp_arena {
    struct mapp_chunk *head;
} mapp_arena;

/* Zeroed memory of `size` bytes that lives until mapp_arena_free(); NULL when out of memory. */
void *mapp_alloc(mapp_arena *a, size_t size);
/* A copy of s (NULL gives NULL) in the arena; NULL when out of memory. */
char *mapp_strdup(mapp_arena *a, const char *s);
void mapp_arena_free(mapp_arena *a);

/* String-keyed hash table with chaining; keys are "{ns}local" (mapp_qkey). Values are borrowed. */
typedef struct mapp_hash {
    struct mapp_slot **bucket;
    size_t nbucket;
    size_t count;
} mapp_hash;

/* Returns the value stored under key, or NULL. */
void *mapp_hash_get(const mapp_hash *h, const char *key);
/* Stores value under key (copied); 0, 1 if the key exists already (nothing changed), -1 out of memory. */
int mapp_hash_put(mapp_hash *h, const char *key, void *value);
void mapp_hash_free(mapp_hash *h);
/* Writes "{ns}local" into buf (ns NULL: "{}local"); returns buf, or NULL when it does not fit. */
char *mapp_qkey(char *buf, size_t size, const char *ns, const char *local);

/* ==================================================================================================== */
/* Model structures (model.c builds, json.c reads)                                                      */
/* ==================================================================================================== */

/* One compiled pattern step: the regexes of one derivation step are OR-ed (XSD), steps AND-ed. */
typedef struct mapp_pattern {
    regex_t re;
    struct mapp_pattern *next;   /* every compiled pattern of the model, to free them */
} mapp_pattern;

struct map_particle {
    enum map_particle_kind kind;
    long min, max;                  /* max MAP_UNBOUNDED for unbounded */
    map_elem *elem;                 /* MAP_PARTICLE_ELEMENT */
    map_particle **kids;            /* groups */
    size_t nkids;
    const char *any_ns;             /* MAP_PARTICLE_ANY: the namespace attribute, "##any" by default */
    const char *name;               /* a repeated group (maxOccurs > 1): its JSON property; else NULL */
    const char *any_target;         /* the schema's target namespace, for ##other / ##targetNamespace */
};

struct map_elem {
    const char *name;
    const char *ns;                 /* NULL: no namespace (unqualified) */
    int is_attr;
    int is_global;
    long min, max;                  /* occurrences (attributes: 0/1 by use) */
    int nillable;
    int required;                   /* attributes: use="required" */
    const char *default_value;
    const char *fixed_value;
    const char *doc;
    map_type *type;
    const char *file;
    long line;
    int state;                      /* model.c: 0 declared, 1 building, 2 built (globals) */
    int loose;                      /* an rpc part accessor: matched in responses by local name alone */
    xmlNodePtr node;                /* model.c, load time only */
    const struct mapp_schema *schema;
};

struct map_type {
    const char *name;               /* NULL when anonymous */
    const char *ns;
    enum map_type_kind kind;
    enum map_variety variety;       /* simple types */
    enum map_builtin builtin;       /* primitive of a simple type or of a simpleContent value */
    map_type *item;                 /* MAP_VARIETY_LIST */
    map_type *base;
    enum map_derivation derivation;
    map_facets facets;              /* effective (merged along restrictions) */
    mapp_pattern **patterns;        /* AND-ed steps; each one regex of the OR-ed patterns of one step */
    size_t npatterns;
    enum map_content content_kind;
    map_particle *content;          /* own content (extension: appended to the base's) */
    map_type *value;                /* MAP_CONTENT_SIMPLE: type of the text value */
    map_elem **attrs;               /* own attributes */
    size_t nattrs;
    map_type **derived;             /* known types derived from this one, directly or not */
    size_t nderived;
    int abstract;
    map_elem *array_item;           /* ArrayOfX wrapper: the repeated element */
    int soapenc_array;              /* a SOAP-encoded array (soapenc:Array): items of any name */
    int rank;                       /* its dimensions ("T[,]": 2): JSON arrays nested rank deep, the
                                       items flat on the wire, row-major; 0 or 1: one dimension */
    int any_attr;                   /* xs:anyAttribute (own): other attributes travel in "$attributes" */
    const char *any_attr_ns;        /* its namespace= ("##any" when NULL), and the schema's namespace */
    const char *any_attr_tns;       /* for ##other and ##targetNamespace */
    const char *doc;
    const char *file;
    long line;
    int state;                      /* model.c: 0 declared, 1 building, 2 built */
    xmlNodePtr node;                /* model.c, load time only */
    const struct mapp_schema *schema;
    map_type *next_all;
};

struct map_fault {
    const char *name;
    const map_elem *elem;
};

struct map_op {
    const char *name;
    int in_bare, out_bare;          /* the wrapper is virtual: its members are the Body's children */
    int rpc;                        /* rpc style: the wrapper is named after the operation (loose reading) */
    int encoded;                    /* rpc/encoded: xsi:type written on every element */
    const char *port_type;
    const char *action;             /* SOAP 1.1 soapAction, NULL if no SOAP 1.1 binding names it */
    const char *action12;           /* SOAP 1.2 soapAction */
    const char *doc;
    const map_elem *input;          /* NULL: empty body */
    const map_elem *output;         /* NULL: one-way */
    map_fault *faults;
    size_t nfaults;
};

struct map_model {
    mapp_arena arena;
    mapp_hash types;                /* "{ns}local" -> map_type (global) */
    mapp_hash elems;                /* "{ns}local" -> map_elem (global) */
    mapp_hash ops;                  /* name -> map_op (first of that name) */
    map_type **type_list;           /* global named types, in load order */
    size_t ntypes;
    map_elem **elem_list;
    size_t nelems;
    map_op *ops_list;
    size_t nops;
    const char *doc;
    const char *tns;
    mapp_pattern *patterns;         /* all compiled regexes, freed with the model */
    map_type *builtin[MAP_XS__COUNT];
    regex_t lexical[MAP_XS__COUNT];   /* compiled mapp_builtin.lexical (when not NULL) */
    unsigned char has_lexical[MAP_XS__COUNT];
    map_type *all_types;              /* every type incl. anonymous, linked by next_all */
    map_type *apache_map;             /* {http://xml.apache.org/xml-soap}Map, made when referenced */
    char **notes;                     /* what was left out at load ("file:line: ..."), malloc'd */
    size_t nnotes;
};

/* Builtin table entry (model.c). */
typedef struct mapp_builtin {
    map_builtin_info info;
    const char *lexical;            /* POSIX ERE the lexical form must match, or NULL */
} mapp_builtin;

/* The table row of b (never NULL for b < MAP_XS__COUNT). */
const mapp_builtin *mapp_builtin_row(enum map_builtin b);
/* The builtin named `local` in the XSD namespace, or MAP_XS_NONE. */
enum map_builtin mapp_builtin_find(const char *local);

/* Translates the XSD patterns of one derivation step (alternatives) to one anchored POSIX ERE in out.
 * Returns 0, or -1 with *why naming the unsupported construct (or "too long"). */
int mapp_xsd_regex(const char *const *pats, size_t n, char *out, size_t size, const char **why);

/* Compares two decimal/integer lexical forms numerically (both valid per the decimal regex): <0, 0, >0 */
int mapp_dec_cmp(const char *a, const char *b);

/* Number of UTF-8 code points in s, or (size_t)-1 for invalid UTF-8. */
size_t mapp_utf8_len(const char *s, size_t len);
/* Offset of the first byte of s that is invalid UTF-8 or a character XML 1.0 cannot carry (control
 * characters other than tab, LF, CR; U+FFFE, U+FFFF), or (size_t)-1 when all of s is fine. */
size_t mapp_xml_text_check(const char *s, size_t len);

/* ==================================================================================================== */
/* Model building (model.c: schema components; wsdl.c: operations and map_model_load)                   */
/* ==================================================================================================== */

#define MAPP_MAX_TYPES 10000
#define MAPP_MAX_ELEMS 10000
#define MAPP_MAX_DEPTH 32

/* One xs:schema: where its declarations live and how its local names are qualified. */
typedef struct mapp_schema {
    const char *tns;        /* NULL: no targetNamespace */
    int elem_qualified;     /* elementFormDefault="qualified" */
    int attr_qualified;     /* attributeFormDefault="qualified" */
} mapp_schema;

/* Load-time state of one map_model_load(). */
typedef struct mapp_build {
    map_model *m;
    char *err;
    size_t errlen;
    mapp_hash groups;       /* "{ns}local" -> struct mapp_group (xs:group) */
    mapp_hash agroups;      /* "{ns}local" -> struct mapp_group (xs:attributeGroup) */
    mapp_hash attrs;        /* "{ns}local" -> map_elem (global xs:attribute) */
    int depth;
    size_t ntypes;          /* all types, anonymous ones included */
    const mapp_docs *docs;  /* the files being loaded */
} mapp_build;

/* Formats "file:line: message" for node `at` into b->err; returns -1. */
int mapp_berr(mapp_build *b, const xmlNode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The type of t's extension chain (t first) that declares an xs:anyAttribute, or NULL (model.c). */
const map_type *mapp_any_attr(const map_type *t);
/* True when the xs:anyAttribute of type t (from mapp_any_attr) admits an attribute of namespace ns
 * (NULL or "": none): ##any, ##other (a namespace, not the schema's), or a list of namespaces, ##local
 * and ##targetNamespace. */
int mapp_any_attr_allows(const map_type *t, const char *ns);
#define MAPP_NS_XML "http://www.w3.org/XML/1998/namespace"
#define MAPP_NS_APACHE_SOAP "http://xml.apache.org/xml-soap"
#define MAPP_ANY_ATTRS "$attributes"

/* Records a note "file:line: message" on the model (a part of the contract left out, the load goes on).
 * Returns 0, or -1 after mapp_berr when memory ran out. At most MAPP_MAX_NOTES are kept. */
#define MAPP_MAX_NOTES 256
int mapp_note(mapp_build *b, const xmlNode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Resolves the QName in attribute `attr` of `at` against its in-scope namespaces. Returns 0 with *ns
 * (NULL: no namespace) and *local in the model's arena, 1 when the attribute is absent, -1 after
 * mapp_berr (undeclared prefix, out of memory). */
int mapp_qname_attr(mapp_build *b, xmlNodePtr at, const char *attr, const char **ns, const char **local);

/* Value of attribute `name` of n copied into the arena, or NULL when absent (or out of memory). */
const char *mapp_prop(mapp_build *b, xmlNodePtr n, const char *name);

/* Finds the type {ns}local referenced at `at`: an XSD builtin (soapenc's twins of them too), or a declared
 * type, not necessarily built yet. NULL after mapp_berr ("type '{ns}local' is not defined"). */
map_type *mapp_lookup_type(mapp_build *b, xmlNodePtr at, const char *ns, const char *local);

/* Registers the global declarations of one xs:schema (pass 1). Returns 0 or -1 after mapp_berr. */
int mapp_schema_declare(mapp_build *b, xmlNodePtr schema);

/* Builds every declared type and element, then derived lists, ArrayOfX wrappers and the property-name
 * checks (pass 2). Returns 0 or -1 after mapp_berr. */
int mapp_schema_build(mapp_build *b);

/* Frees load-time tables. */
void mapp_build_clear(mapp_build *b);

/* ==================================================================================================== */
/* Transcoding helpers (buf and writer: xmlw.c; values: value.c; structure: json.c)                     */
/* ==================================================================================================== */

struct json_t;

/* Growable byte buffer; once `oom` is set every later add is a no-op. Always NUL-terminated if p. */
typedef struct mapp_buf {
    char *p;
    size_t len, cap;
    int oom;
} mapp_buf;

void mapp_buf_add(mapp_buf *b, const char *s, size_t n);
void mapp_buf_adds(mapp_buf *b, const char *s);
void mapp_buf_free(mapp_buf *b);

#define MAPP_W_MAXNS 64

/* XML writer: every byte of user text goes through its escaping; names come from the schema model.
 * Namespaces get prefixes on the element that first needs them ("n1", "n2", ...; or a bound one). */
typedef struct mapp_w {
    mapp_buf out;
    mapp_buf tags;          /* stack of open qualified names, NUL-separated */
    struct mapp_wns {
        const char *uri;    /* borrowed from the model / the caller, alive while writing */
        char prefix[16];
        size_t depth;
    } ns[MAPP_W_MAXNS];
    size_t nns;
    struct {
        const char *uri, *prefix;
    } pend[4];              /* mapp_w_bind()ings for the next start tag */
    size_t npend;
    size_t depth;
    int open;               /* a start tag is waiting for '>' or "/>" */
    int next;               /* next automatic prefix number */
    int bad_char;           /* text held a character XML 1.0 cannot carry */
} mapp_w;

/* Binds `prefix` to `uri` on the next element started (for "s" and "i" on the envelope). */
int mapp_w_bind(mapp_w *w, const char *uri, const char *prefix);
/* Starts element {ns}local (ns NULL: no namespace); 0 or -1 (too many namespaces / out of memory). */
int mapp_w_start(mapp_w *w, const char *ns, const char *local);
/* Same, using prefix `prefer` for ns when ns is not in scope and the prefix is free (XML fragments keep
 * their prefixes). */
int mapp_w_start_prefixed(mapp_w *w, const char *ns, const char *local, const char *prefer);
/* Adds an attribute to the open start tag; value escaped. 0 or -1. */
int mapp_w_attr(mapp_w *w, const char *ns, const char *local, const char *value, size_t len);
/* Adds an attribute whose value is the QName {vns}vlocal, declaring a prefix for vns if needed. */
int mapp_w_attr_qname(mapp_w *w, const char *ns, const char *local, const char *vns, const char *vlocal);
/* Declares uri on the open start tag unless already in scope, so children share one declaration. */
int mapp_w_declare(mapp_w *w, const char *uri);
/* Writes escaped character data. 0 or -1 (bad_char set for a character XML cannot carry). */
int mapp_w_text(mapp_w *w, const char *s, size_t len);
/* Ends the innermost open element. */
int mapp_w_end(mapp_w *w);
void mapp_w_free(mapp_w *w);

/* One step of the current position: a property name (borrowed from the model, the caller's JSON or a
 * literal, all alive for the whole call) or, when name is NULL, an array index. */
typedef struct mapp_step {
    const char *name;
    size_t index;
} mapp_step;

/* Steps kept of the current position. Every step but an error's last one (a client's unknown key may
 * be "") renders to at least 2 bytes, so deeper steps could not show in map_error.pointer anyway. */
#define MAPP_MAX_PATH 128

/* State of one transcoding call. The position is kept as steps and rendered into err->pointer only by
 * mapp_err(): building the pointer text on every property and item cost more than the errors need. */
struct mapp_rdoc;

typedef struct mapp_ctx {
    const map_model *m;
    map_error *err;
    const struct mapp_rdoc *in; /* map_response_json: the parsed response (json.c) */
    size_t plen;            /* steps of the current position (path holds the first MAPP_MAX_PATH) */
    int depth;
    int status;             /* 400 while reading the client's JSON, 500 while reading a response */
    int encoded;            /* map_request_xml of an rpc/encoded operation: xsi:type on every element */
    const char *env;        /* map_request_xml: the envelope namespace */
    mapp_step path[MAPP_MAX_PATH];
} mapp_ctx;

#define MAPP_MAX_NEST 64

/* Starts a call's state at the root, status 500 (path is left uninitialized: only plen steps are read). */
static inline void mapp_ctx_init(mapp_ctx *c, const map_model *m, map_error *err)
{
    c->m = m;
    c->err = err;
    c->in = NULL;
    c->plen = 0;
    c->depth = 0;
    c->status = 500;
    c->encoded = 0;
    c->env = NULL;
}

/* Fills c->err (status c->status, the current pointer); returns -1. expected/got may be NULL. */
int mapp_err(mapp_ctx *c, const char *expected, const char *got, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Appends "/token" (escaped per RFC 6901 when rendered) or "/index" to the position; returns the
 * length to pop to. */
static inline size_t mapp_push(mapp_ctx *c, const char *token)
{
    if (c->plen < MAPP_MAX_PATH)
        c->path[c->plen].name = token;
    return c->plen++;
}

static inline size_t mapp_push_index(mapp_ctx *c, size_t i)
{
    if (c->plen < MAPP_MAX_PATH) {
        c->path[c->plen].name = NULL;
        c->path[c->plen].index = i;
    }
    return c->plen++;
}

static inline void mapp_pop(mapp_ctx *c, size_t len)
{
    c->plen = len;
}
/* A short rendering of a JSON value for map_error.got. */
void mapp_got(const struct json_t *v, char *buf, size_t size);

/* Turns JSON value v into the lexical form of simple type t in out, validating kind, range, lexical
 * form and facets. Returns 0 or -1 after mapp_err. */
int mapp_value_text(mapp_ctx *c, const map_type *t, const struct json_t *v, mapp_buf *out);
/* Turns the lexical form `text` of simple type t into JSON (NULL after mapp_err). */
struct json_t *mapp_value_json(mapp_ctx *c, const map_type *t, const char *text);
/* A human description of what t accepts ("int (-2147483648..2147483647)"), in buf. */
const char *mapp_describe(const map_type *t, char *buf, size_t size);

/* Shared by the two directions of the transcoder (json.c writes, jsonread.c reads). */
/* True when particle p can match nothing at all (all its content optional). */
int mapp_emptiable(const map_particle *p);
/* Clears a caller's map_error (accepts NULL). */
void mapp_error_reset(map_error *err);

#endif /* SOAPREST_MAP_INT_H */
