/* load.c - reads a WSDL 1.1, the WSDLs it imports and every XSD it reaches through xs:import / xs:include
 * (no network, no entities), shared by the metadata publisher (meta.c) and the schema model (model.c). */

#include "map_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

int mapp_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errlen == 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int mapp_is_elem(const xmlNode *n, const char *ns, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
           xmlStrEqual(n->name, BAD_CAST local);
}

xmlNodePtr mapp_first_child(xmlNodePtr parent, const char *ns, const char *local)
{
    xmlNodePtr c;

    for (c = parent->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, ns, local))
            return c;
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Reading files                                                                                         */
/* ---------------------------------------------------------------------------------------------------- */

/* The first error of one parse. libxml2 goes on after a fatal error, and its last message ("Premature
 * end of data") is mostly a consequence of the first one, which is the one a user needs to see. */
struct first_error {
    int set;
    int line;
    char msg[256];
};

#if LIBXML_VERSION >= 21200
static void keep_first(void *data, const xmlError *e)
#else
static void keep_first(void *data, xmlErrorPtr e)
#endif
{
    struct first_error *f = ((xmlParserCtxtPtr)data)->_private;
    const char *msg = e->message != NULL ? e->message : "cannot parse XML";

    if (f->set || e->level < XML_ERR_ERROR)
        return;
    f->set = 1;
    f->line = e->line;
    snprintf(f->msg, sizeof f->msg, "%.*s", (int)strcspn(msg, "\n"), msg);
}

xmlDocPtr mapp_read_xml(const char *path, char *err, size_t errlen)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    struct first_error first = {0, 0, "cannot parse XML"};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;

    if (ctxt == NULL) {
        mapp_fail(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first; /* called with ctxt->userData, which is ctxt */
    doc = xmlCtxtReadFile(ctxt, path, NULL, opts);
    if (doc == NULL || !ctxt->nsWellFormed) {
        /* A namespace error leaves a document behind, but its prefixes cannot be trusted. */
        if (first.line > 0)
            mapp_fail(err, errlen, "%s:%d: %s", path, first.line, first.msg);
        else
            mapp_fail(err, errlen, "%s: %s", path, first.msg);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Schema discovery                                                                                      */
/* ---------------------------------------------------------------------------------------------------- */

/* State of one mapp_docs_load() call. */
struct loader {
    mapp_docs *ds;
    char *err;
    size_t errlen;
};

static int discover_schema(struct loader *ld, xmlNodePtr schema, const char *file);
static int discover_wsdl(struct loader *ld, xmlNodePtr defs, const char *file);

/* True for "scheme:..." (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"). */
static int has_scheme(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    return n > 0 && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) && s[n] == ':';
}

/* Joins the directory of `file` with the (percent-decoded) relative reference `loc`. Returns a malloc'd
 * path or NULL when out of memory. */
static char *join_dir(const char *file, const char *loc)
{
    char *dec = xmlURIUnescapeString(loc, 0, NULL);
    const char *slash = strrchr(file, '/');
    size_t dlen = slash != NULL ? (size_t)(slash - file) + 1 : 0;
    char *out = NULL;

    if (dec == NULL)
        return NULL;
    if (dec[0] == '/')
        dlen = 0;
    out = malloc(dlen + strlen(dec) + 1);
    if (out != NULL) {
        memcpy(out, file, dlen);
        strcpy(out + dlen, dec);
    }
    xmlFree(dec);
    return out;
}

/* Resolves `loc` (a location attribute of element `at` in `file`) to a real path (malloc'd), or NULL
 * after failing. Absolute URIs are refused: nothing is ever fetched. */
static char *resolve(struct loader *ld, xmlNodePtr at, const char *file, const char *loc)
{
    long line = xmlGetLineNo(at);
    char *joined, *real;

    if (has_scheme(loc)) {
        mapp_fail(ld->err, ld->errlen, "%s:%ld: location '%s' is an absolute URI; soaprest never fetches a "
                  "contract: save that file beside the contract and refer to it by a relative path "
                  "(soaprest-fetch-wsdl URL DIR does that once)", file, line, loc);
        return NULL;
    }
    if ((joined = join_dir(file, loc)) == NULL) {
        mapp_fail(ld->err, ld->errlen, "%s: out of memory", file);
        return NULL;
    }
    if ((real = realpath(joined, NULL)) == NULL)
        mapp_fail(ld->err, ld->errlen, "%s:%ld: cannot load '%s' (%s): %s", file, line, loc, joined,
                  strerror(errno));
    free(joined);
    return real;
}

/* The targetNamespace of element n (the attribute's value, "" counting as none), or NULL; the caller
 * xmlFree()s it. */
static xmlChar *tns_of(xmlNodePtr n)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST "targetNamespace");

    if (v != NULL && v[0] == '\0') {
        xmlFree(v);
        v = NULL;
    }
    return v;
}

/* Gives the chameleon copy rooted at `root` the namespace `tns`: as its targetNamespace and, unless it
 * declares a default namespace itself, as its default namespace, so that its unprefixed QName references
 * resolve to tns, as XSD 1.0 (section 4.2.1) says of a chameleon include. */
static int take_namespace(xmlNodePtr root, const char *tns)
{
    if (xmlSetProp(root, BAD_CAST "targetNamespace", BAD_CAST tns) == NULL)
        return -1;
    if (xmlSearchNs(root->doc, root, NULL) == NULL && xmlNewNs(root, BAD_CAST tns, NULL) == NULL)
        return -1;
    return 0;
}

/* Registers XSD file `real` (taken over, also on failure) as number ds->n, parsed as `doc` (taken over;
 * NULL: parsed here). Returns its index or -1 after failing. */
static long add_xsd(struct loader *ld, char *real, xmlDocPtr doc)
{
    mapp_docs *ds = ld->ds;
    size_t i = ds->n;
    xmlNodePtr root;

    if (i == MAPP_MAX_XSD) {
        mapp_fail(ld->err, ld->errlen, "%s: too many schema files (at most %d)", real, MAPP_MAX_XSD);
        free(real);
        xmlFreeDoc(doc);
        return -1;
    }
    ds->path[i] = real; /* registered before recursing, so an import cycle finds it */
    ds->n++;
    ds->doc[i] = doc != NULL ? doc : mapp_read_xml(real, ld->err, ld->errlen);
    if (ds->doc[i] == NULL)
        return -1;
    root = xmlDocGetRootElement(ds->doc[i]);
    if (root == NULL)
        return mapp_fail(ld->err, ld->errlen, "%s: empty document", real);
    if (!mapp_is_elem(root, MAPP_NS_XSD, "schema"))
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: root element is {%s}%s, not xs:schema", real, xmlGetLineNo(root),
                         root->ns != NULL ? (const char *)root->ns->href : "", (const char *)root->name);
    return (long)i;
}

/* The index of the XSD already loaded as file `real` with chameleon namespace `cham` (NULL: the plain
 * file), or -1. */
static long find_xsd(const mapp_docs *ds, const char *real, const char *cham)
{
    size_t i;

    for (i = 0; i < ds->n; i++)
        if (strcmp(ds->path[i], real) == 0 &&
            (ds->chameleon[i] == NULL ? cham == NULL : cham != NULL && strcmp(ds->chameleon[i], cham) == 0))
            return (long)i;
    return -1;
}

/* Loads a new XSD for an xs:include from a schema of namespace `includer` (NULL: none): the included
 * schema must have the same namespace or none (a chameleon, which takes the includer's). */
static long include_xsd(struct loader *ld, xmlNodePtr at, const char *file, char *real, const char *includer)
{
    xmlDocPtr doc = mapp_read_xml(real, ld->err, ld->errlen);
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *own = root != NULL ? tns_of(root) : NULL;
    int chameleon = own == NULL && includer != NULL;
    long i;

    if (doc == NULL) {
        free(real);
        return -1;
    }
    if (own != NULL && (includer == NULL || strcmp((const char *)own, includer) != 0)) {
        mapp_fail(ld->err, ld->errlen, "%s:%ld: xs:include of '%s', whose targetNamespace '%s' is not the "
                  "including schema's ('%s'): use xs:import", file, xmlGetLineNo(at), real,
                  (const char *)own, includer != NULL ? includer : "");
        xmlFree(own);
        xmlFreeDoc(doc);
        free(real);
        return -1;
    }
    xmlFree(own);
    if ((i = add_xsd(ld, real, doc)) < 0)
        return -1;
    if (chameleon && ((ld->ds->chameleon[i] = strdup(includer)) == NULL || take_namespace(root, includer) < 0))
        return mapp_fail(ld->err, ld->errlen, "%s: out of memory", ld->ds->path[i]);
    return i;
}

/* Finds or loads the XSD that `loc` (schemaLocation of xs:import / xs:include `at` in `file`, whose
 * schema has namespace `includer`, NULL for none) refers to, and walks a new one's own references.
 * Returns its XSD index or -1 after failing. */
static long reach(struct loader *ld, xmlNodePtr at, const char *file, const char *loc, const char *includer)
{
    int include = mapp_is_elem(at, MAPP_NS_XSD, "include");
    char *real = resolve(ld, at, file, loc);
    long i;

    if (real == NULL)
        return -1;
    /* An include finds the file as a chameleon copy for this namespace or as the plain file when that
     * has the includer's namespace; an import finds the plain file. */
    i = include && includer != NULL ? find_xsd(ld->ds, real, includer) : -1;
    if (i < 0 && (i = find_xsd(ld->ds, real, NULL)) >= 0 && include) {
        xmlChar *own = tns_of(xmlDocGetRootElement(ld->ds->doc[i]));

        if (own == NULL ? includer != NULL : includer == NULL || strcmp((const char *)own, includer) != 0)
            i = -1; /* a chameleon copy is needed, or include_xsd() reports the namespace clash */
        xmlFree(own);
    }
    if (i >= 0) {
        free(real);
        return i;
    }
    i = include ? include_xsd(ld, at, file, real, includer) : add_xsd(ld, real, NULL);
    if (i < 0 || discover_schema(ld, xmlDocGetRootElement(ld->ds->doc[i]), ld->ds->path[i]) < 0)
        return -1;
    return i;
}

/* Walks the top-level xs:import/include of `schema` (in `file`) in document order, loading what each
 * schemaLocation reaches and remembering its index in the node (see mapp_import_index). */
static int discover_schema(struct loader *ld, xmlNodePtr schema, const char *file)
{
    xmlChar *loc, *tns = tns_of(schema);
    xmlNodePtr c;
    long idx = 0;

    for (c = schema->children; c != NULL && idx >= 0; c = c->next) {
        if (mapp_is_elem(c, MAPP_NS_XSD, "redefine")) {
            /* Redefinition changes components in place for every user of the namespace; it is rare
             * and deprecated in XSD 1.1, so it is refused rather than approximated. */
            idx = mapp_fail(ld->err, ld->errlen, "%s:%ld: xs:redefine is not supported (only xs:import and "
                            "xs:include)", file, xmlGetLineNo(c));
            break;
        }
        if (!mapp_is_elem(c, MAPP_NS_XSD, "import") && !mapp_is_elem(c, MAPP_NS_XSD, "include"))
            continue;
        if ((loc = xmlGetNoNsProp(c, BAD_CAST "schemaLocation")) == NULL) {
            if (mapp_is_elem(c, MAPP_NS_XSD, "include"))
                idx = mapp_fail(ld->err, ld->errlen, "%s:%ld: xs:include without schemaLocation", file,
                                xmlGetLineNo(c));
            continue;
        }
        idx = reach(ld, c, file, (const char *)loc, (const char *)tns);
        xmlFree(loc);
        /* _private is libxml2's slot for the application; +1 keeps 0 meaning "not resolved". */
        if (idx >= 0)
            c->_private = (void *)(intptr_t)(idx + 1);
    }
    xmlFree(tns);
    return idx < 0 ? -1 : 0;
}

/* Checks that defs (the root of `file`) is a WSDL 1.1 definitions element. */
static int check_wsdl(struct loader *ld, xmlNodePtr defs, const char *file)
{
    if (defs == NULL)
        return mapp_fail(ld->err, ld->errlen, "%s: empty document", file);
    if (mapp_is_elem(defs, "http://www.w3.org/ns/wsdl", "description"))
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: WSDL 2.0 (wsdl:description) is not supported: WSDL 1.1 "
                         "wsdl:definitions is", file, xmlGetLineNo(defs));
    if (!mapp_is_elem(defs, MAPP_NS_WSDL, "definitions"))
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: root element is {%s}%s, not wsdl:definitions (WSDL 1.1)", file,
                         xmlGetLineNo(defs), defs->ns != NULL ? (const char *)defs->ns->href : "", (const char *)defs->name);
    return 0;
}

/* Walks every xs:schema of wsdl:types, numbering the XSDs it reaches. */
static int discover_types(struct loader *ld, xmlNodePtr defs, const char *file)
{
    xmlNodePtr types = mapp_first_child(defs, MAPP_NS_WSDL, "types");
    xmlNodePtr s;

    for (s = types != NULL ? types->children : NULL; s != NULL; s = s->next)
        if (mapp_is_elem(s, MAPP_NS_XSD, "schema") && discover_schema(ld, s, file) < 0)
            return -1;
    return 0;
}

/* Registers WSDL file `real` (taken over) parsed as `doc` (taken over) and walks its types and imports.
 * Returns its index or -1 after failing. */
static long add_wsdl(struct loader *ld, char *real, xmlDocPtr doc)
{
    mapp_docs *ds = ld->ds;
    size_t i = ds->nwsdl;

    if (i == MAPP_MAX_WSDL) {
        mapp_fail(ld->err, ld->errlen, "%s: too many WSDL files (at most %d)", real, MAPP_MAX_WSDL);
        free(real);
        xmlFreeDoc(doc);
        return -1;
    }
    ds->wsdl_paths[i] = real;
    ds->wsdls[i] = doc;
    ds->nwsdl++;
    if (check_wsdl(ld, xmlDocGetRootElement(doc), real) < 0 ||
        discover_types(ld, xmlDocGetRootElement(doc), real) < 0 ||
        discover_wsdl(ld, xmlDocGetRootElement(doc), real) < 0)
        return -1;
    return (long)i;
}

/* Finds or loads what wsdl:import `at` (in `file`) names: another WSDL or, as some toolkits write it, an
 * XSD. Stores the result in the node for mapp_wsdl_import_index(). */
static int wsdl_import(struct loader *ld, xmlNodePtr at, const char *file)
{
    xmlChar *loc = xmlGetNoNsProp(at, BAD_CAST "location");
    char *real = loc != NULL ? resolve(ld, at, file, (const char *)loc) : NULL;
    xmlDocPtr doc;
    xmlNodePtr root;
    long i;
    int is_xsd;

    if (loc == NULL)
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: wsdl:import without location", file, xmlGetLineNo(at));
    xmlFree(loc);
    if (real == NULL)
        return -1;
    for (i = 0; i < (long)ld->ds->nwsdl && strcmp(ld->ds->wsdl_paths[i], real) != 0; i++)
        ;
    is_xsd = i == (long)ld->ds->nwsdl && (i = find_xsd(ld->ds, real, NULL)) >= 0;
    if (i >= 0 && (is_xsd || i < (long)ld->ds->nwsdl)) {
        free(real);
    } else if ((doc = mapp_read_xml(real, ld->err, ld->errlen)) == NULL) {
        free(real);
        return -1;
    } else if ((root = xmlDocGetRootElement(doc)) != NULL && mapp_is_elem(root, MAPP_NS_XSD, "schema")) {
        is_xsd = 1;
        if ((i = add_xsd(ld, real, doc)) < 0 || discover_schema(ld, root, ld->ds->path[i]) < 0)
            return -1;
    } else if ((i = add_wsdl(ld, real, doc)) < 0) {
        return -1;
    }
    at->_private = (void *)(intptr_t)((i + 1) * 2 + is_xsd);
    return 0;
}

/* Walks the wsdl:import elements of defs (in `file`). */
static int discover_wsdl(struct loader *ld, xmlNodePtr defs, const char *file)
{
    xmlNodePtr c;

    for (c = defs->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, MAPP_NS_WSDL, "import") && wsdl_import(ld, c, file) < 0)
            return -1;
    return 0;
}

int mapp_docs_load(mapp_docs *ds, const char *wsdl_path, char *err, size_t errlen)
{
    struct loader ld = {ds, err, errlen};
    char *real;
    xmlDocPtr doc;

    memset(ds, 0, sizeof *ds);
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    xmlInitParser();
    if (wsdl_path == NULL)
        return mapp_fail(err, errlen, "NULL WSDL path");
    if ((real = realpath(wsdl_path, NULL)) == NULL)
        return mapp_fail(err, errlen, "%s: %s", wsdl_path, strerror(errno));
    if ((doc = mapp_read_xml(real, err, errlen)) == NULL) {
        free(real);
        return -1;
    }
    /* Set before walking: messages name the main file, and an import cycle back to it finds it. */
    ds->wsdl_path = real;
    ds->wsdl = doc;
    return add_wsdl(&ld, real, doc) < 0 ? -1 : 0;
}

void mapp_docs_clear(mapp_docs *ds)
{
    size_t i;

    for (i = 0; i < ds->n; i++) {
        xmlFreeDoc(ds->doc[i]);
        free(ds->path[i]);
        free(ds->chameleon[i]);
    }
    for (i = 0; i < ds->nwsdl; i++) {
        xmlFreeDoc(ds->wsdls[i]);
        free(ds->wsdl_paths[i]);
    }
    if (ds->nwsdl == 0) { /* the main document failed before it was registered */
        xmlFreeDoc(ds->wsdl);
        free(ds->wsdl_path);
    }
    memset(ds, 0, sizeof *ds);
}

long mapp_import_index(const xmlNode *imp)
{
    return (long)(intptr_t)imp->_private - 1;
}

long mapp_wsdl_import_index(const xmlNode *imp, int *is_xsd)
{
    intptr_t v = (intptr_t)imp->_private;

    *is_xsd = (int)(v & 1);
    return v >= 2 ? (long)(v / 2 - 1) : -1;
}
