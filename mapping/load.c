/* load.c - reads a WSDL 1.1 and every XSD it reaches through xs:import schemaLocation with libxml2
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

/* Loads a newly reached XSD as number ds->n and walks its imports (depth-first: it is numbered before
 * anything it imports). `real` is taken over, also on failure. Returns its index or -1 after failing. */
static long load_xsd(struct loader *ld, char *real)
{
    mapp_docs *ds = ld->ds;
    size_t i = ds->n;
    xmlNodePtr root;

    if (i == MAPP_MAX_XSD) {
        mapp_fail(ld->err, ld->errlen, "%s: too many schema files (at most %d)", real, MAPP_MAX_XSD);
        free(real);
        return -1;
    }
    ds->path[i] = real; /* registered before recursing, so an import cycle finds it */
    ds->n++;
    ds->doc[i] = mapp_read_xml(real, ld->err, ld->errlen);
    if (ds->doc[i] == NULL)
        return -1;
    root = xmlDocGetRootElement(ds->doc[i]);
    if (root == NULL || !mapp_is_elem(root, MAPP_NS_XSD, "schema"))
        return mapp_fail(ld->err, ld->errlen, "%s: root element is not xs:schema", real);
    if (discover_schema(ld, root, real) < 0)
        return -1;
    return (long)i;
}

/* Finds or loads the file that `loc` (schemaLocation of element `at` in `file`) refers to. Returns its
 * XSD index or -1 after failing. */
static long reach(struct loader *ld, xmlNodePtr at, const char *file, const char *loc)
{
    long line = xmlGetLineNo(at);
    char *joined, *real;
    size_t i;

    if (has_scheme(loc))
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: schemaLocation '%s' is an absolute URI; only files "
                         "next to the contract are published", file, line, loc);
    if ((joined = join_dir(file, loc)) == NULL)
        return mapp_fail(ld->err, ld->errlen, "%s: out of memory", file);
    real = realpath(joined, NULL);
    if (real == NULL) {
        mapp_fail(ld->err, ld->errlen, "%s:%ld: cannot load schema '%s' (%s): %s", file, line, loc, joined,
                  strerror(errno));
        free(joined);
        return -1;
    }
    free(joined);
    for (i = 0; i < ld->ds->n; i++) {
        if (strcmp(ld->ds->path[i], real) == 0) {
            free(real);
            return (long)i;
        }
    }
    return load_xsd(ld, real);
}

/* Walks the top-level xs:import/include/redefine of `schema` (in `file`) in document order, loading what
 * each schemaLocation reaches and remembering its index in the import node (see mapp_import_index). */
static int discover_schema(struct loader *ld, xmlNodePtr schema, const char *file)
{
    xmlNodePtr c;
    xmlChar *loc;
    long idx;

    for (c = schema->children; c != NULL; c = c->next) {
        if (mapp_is_elem(c, MAPP_NS_XSD, "include") || mapp_is_elem(c, MAPP_NS_XSD, "redefine"))
            /* Merging an included (possibly chameleon) schema into ?singleWsdl is not worth its
             * complexity while WCF itself never emits one: refuse instead of publishing it wrong. */
            return mapp_fail(ld->err, ld->errlen, "%s:%ld: xs:%s is not supported (only xs:import)", file,
                             xmlGetLineNo(c), (const char *)c->name);
        if (!mapp_is_elem(c, MAPP_NS_XSD, "import") ||
            (loc = xmlGetNoNsProp(c, BAD_CAST "schemaLocation")) == NULL)
            continue;
        idx = reach(ld, c, file, (const char *)loc);
        xmlFree(loc);
        if (idx < 0)
            return -1;
        /* _private is libxml2's slot for the application; +1 keeps 0 meaning "not resolved". */
        c->_private = (void *)(intptr_t)(idx + 1);
    }
    return 0;
}

/* Rejects WSDL constructs that neither the publisher nor the model handles. */
static int check_wsdl(struct loader *ld, xmlNodePtr defs, const char *file)
{
    xmlNodePtr imp;

    if (defs == NULL)
        return mapp_fail(ld->err, ld->errlen, "%s: empty document", file);
    if (!mapp_is_elem(defs, MAPP_NS_WSDL, "definitions"))
        return mapp_fail(ld->err, ld->errlen, "%s: root element is not wsdl:definitions (WSDL 1.1)", file);
    imp = mapp_first_child(defs, MAPP_NS_WSDL, "import");
    if (imp != NULL)
        return mapp_fail(ld->err, ld->errlen, "%s:%ld: wsdl:import is not supported", file,
                         xmlGetLineNo(imp));
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

int mapp_docs_load(mapp_docs *ds, const char *wsdl_path, char *err, size_t errlen)
{
    struct loader ld = {ds, err, errlen};

    memset(ds, 0, sizeof *ds);
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    xmlInitParser();
    if (wsdl_path == NULL)
        return mapp_fail(err, errlen, "NULL WSDL path");
    if ((ds->wsdl_path = realpath(wsdl_path, NULL)) == NULL)
        return mapp_fail(err, errlen, "%s: %s", wsdl_path, strerror(errno));
    if ((ds->wsdl = mapp_read_xml(ds->wsdl_path, err, errlen)) == NULL)
        return -1;
    if (check_wsdl(&ld, xmlDocGetRootElement(ds->wsdl), ds->wsdl_path) < 0)
        return -1;
    return discover_types(&ld, xmlDocGetRootElement(ds->wsdl), ds->wsdl_path);
}

void mapp_docs_clear(mapp_docs *ds)
{
    size_t i;

    for (i = 0; i < ds->n; i++) {
        xmlFreeDoc(ds->doc[i]);
        free(ds->path[i]);
    }
    xmlFreeDoc(ds->wsdl);
    free(ds->wsdl_path);
    memset(ds, 0, sizeof *ds);
}

long mapp_import_index(const xmlNode *imp)
{
    return (long)(intptr_t)imp->_private - 1;
}
