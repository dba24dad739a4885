/* wsdl.c - map_model_load(): reads the contract through load.c, builds the schema model (model.c) and
 * the operations of every portType with their wrapper and fault elements and SOAP 1.1/1.2 actions. */

#include "map_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WSDL MAPP_NS_WSDL

/* True when n carries attribute `name` with a value other than `value`. */
static int attr_other_than(xmlNodePtr n, const char *name, const char *value)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    int other = v != NULL && strcmp((const char *)v, value) != 0;

    xmlFree(v);
    return other;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Builtins                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

/* Creates one map_type per XSD builtin and compiles the lexical regexes of the table. */
static int init_builtins(mapp_build *b)
{
    map_model *m = b->m;
    const mapp_builtin *row;
    map_type *t;
    int i;

    for (i = 1; i < MAP_XS__COUNT; i++) {
        row = mapp_builtin_row((enum map_builtin)i);
        if ((t = mapp_alloc(&m->arena, sizeof *t)) == NULL)
            return mapp_fail(b->err, b->errlen, "out of memory");
        t->name = row->info.name;
        t->ns = MAPP_NS_XSD;
        t->kind = MAP_TYPE_SIMPLE;
        t->builtin = (enum map_builtin)i;
        t->state = 2;
        m->builtin[i] = t;
        if (row->lexical == NULL)
            continue;
        if (regcomp(&m->lexical[i], row->lexical, REG_EXTENDED | REG_NOSUB) != 0)
            return mapp_fail(b->err, b->errlen, "internal: cannot compile the lexical form of xs:%s",
                             row->info.name);
        m->has_lexical[i] = 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Messages                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

static xmlNodePtr find_named(xmlNodePtr defs, const char *kind, const char *name)
{
    xmlNodePtr c;
    xmlChar *n;
    int eq;

    for (c = defs->children; c != NULL; c = c->next) {
        if (!mapp_is_elem(c, WSDL, kind))
            continue;
        n = xmlGetNoNsProp(c, BAD_CAST "name");
        eq = n != NULL && strcmp((const char *)n, name) == 0;
        xmlFree(n);
        if (eq)
            return c;
    }
    return NULL;
}

/* The element of the single part of the message named by attribute "message" of `at` (input, output,
 * fault). *e NULL for a message without parts. Returns 0 or -1 after mapp_berr. */
static int message_elem(mapp_build *b, xmlNodePtr defs, xmlNodePtr at, const map_elem **e)
{
    const char *ns, *local;
    xmlNodePtr msg, part = NULL, c;
    char key[512];
    int nparts = 0;

    *e = NULL;
    if (mapp_qname_attr(b, at, "message", &ns, &local) != 0)
        return b->err[0] != '\0' ? -1 : mapp_berr(b, at, "wsdl:%s without message", (const char *)at->name);
    if ((msg = find_named(defs, "message", local)) == NULL)
        return mapp_berr(b, at, "wsdl:message '%s' is not defined", local);
    for (c = msg->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "part") && nparts++ == 0)
            part = c;
    if (nparts > 1)
        return mapp_berr(b, msg, "a message with %d parts is not supported (document/literal wrapped uses one)",
                         nparts);
    if (part == NULL)
        return 0;
    if (xmlHasProp(part, BAD_CAST "type") != NULL)
        return mapp_berr(b, part, "a message part with type= (rpc style) is not supported");
    if (mapp_qname_attr(b, part, "element", &ns, &local) != 0)
        return b->err[0] != '\0' ? -1 : mapp_berr(b, part, "wsdl:part without element");
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (*e = mapp_hash_get(&b->m->elems, key)) == NULL)
        return mapp_berr(b, part, "element '{%s}%s' is not defined", ns != NULL ? ns : "", local);
    return 0;
}

static const char *wsdl_doc(mapp_build *b, xmlNodePtr n)
{
    xmlNodePtr d = mapp_first_child(n, WSDL, "documentation");
    xmlChar *t = d != NULL ? xmlNodeGetContent(d) : NULL;
    const char *s = t != NULL ? mapp_strdup(&b->m->arena, (const char *)t) : NULL;

    xmlFree(t);
    return s;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Operations                                                                                            */
/* ---------------------------------------------------------------------------------------------------- */

static int op_faults(mapp_build *b, xmlNodePtr defs, xmlNodePtr n, map_op *op)
{
    xmlNodePtr c;
    size_t i = 0;

    for (c = n->children; c != NULL; c = c->next)
        op->nfaults += mapp_is_elem(c, WSDL, "fault");
    if (op->nfaults > 0 && (op->faults = mapp_alloc(&b->m->arena, op->nfaults * sizeof *op->faults)) == NULL)
        return mapp_fail(b->err, b->errlen, "out of memory");
    for (c = n->children; c != NULL; c = c->next) {
        if (!mapp_is_elem(c, WSDL, "fault"))
            continue;
        op->faults[i].name = mapp_prop(b, c, "name");
        if (message_elem(b, defs, c, &op->faults[i].elem) < 0)
            return -1;
        if (op->faults[i].elem == NULL || op->faults[i].name == NULL)
            return mapp_berr(b, c, "wsdl:fault needs a name and a message with one element part");
        i++;
    }
    return 0;
}

/* Reads portType operation n into op. */
static int read_op(mapp_build *b, xmlNodePtr defs, const char *pt, xmlNodePtr n, map_op *op)
{
    xmlNodePtr in = mapp_first_child(n, WSDL, "input"), out = mapp_first_child(n, WSDL, "output"), c;

    for (c = n->children; c != NULL && c->type != XML_ELEMENT_NODE; c = c->next)
        ;
    while (c != NULL && mapp_is_elem(c, WSDL, "documentation"))
        for (c = c->next; c != NULL && c->type != XML_ELEMENT_NODE; c = c->next)
            ;
    if (in == NULL || (c != NULL && c == out))
        return mapp_berr(b, n, "notification and solicit-response operations (output first) are not supported");
    if ((op->name = mapp_prop(b, n, "name")) == NULL)
        return mapp_berr(b, n, "wsdl:operation without a name");
    op->port_type = pt;
    op->doc = wsdl_doc(b, n);
    if (message_elem(b, defs, in, &op->input) < 0)
        return -1;
    if (out != NULL && message_elem(b, defs, out, &op->output) < 0)
        return -1;
    if (out != NULL && op->output == NULL)
        return mapp_berr(b, out, "an output message without a part is not supported");
    return op_faults(b, defs, n, op);
}

static int add_ops(mapp_build *b, xmlNodePtr defs, xmlNodePtr pt)
{
    map_model *m = b->m;
    const char *ptname = mapp_prop(b, pt, "name");
    map_op *list;
    xmlNodePtr c;

    for (c = pt->children; c != NULL; c = c->next) {
        if (!mapp_is_elem(c, WSDL, "operation"))
            continue;
        if ((list = realloc(m->ops_list, (m->nops + 1) * sizeof *list)) == NULL)
            return mapp_fail(b->err, b->errlen, "out of memory");
        m->ops_list = list;
        memset(&list[m->nops], 0, sizeof *list);
        if (read_op(b, defs, ptname, c, &list[m->nops]) < 0)
            return -1;
        m->nops++;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Bindings                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

static map_op *find_op(map_model *m, const char *pt, const char *name)
{
    size_t i;

    for (i = 0; i < m->nops; i++)
        if (strcmp(m->ops_list[i].name, name) == 0 && m->ops_list[i].port_type != NULL &&
            strcmp(m->ops_list[i].port_type, pt) == 0)
            return &m->ops_list[i];
    return NULL;
}

/* Refuses soap:body use="encoded" under the input/output/fault of binding operation n. */
static int check_literal(mapp_build *b, xmlNodePtr n, const char *soapns)
{
    xmlNodePtr io, body;

    for (io = n->children; io != NULL; io = io->next) {
        if (io->type != XML_ELEMENT_NODE)
            continue;
        for (body = io->children; body != NULL; body = body->next)
            if (body->type == XML_ELEMENT_NODE && body->ns != NULL &&
                xmlStrEqual(body->ns->href, BAD_CAST soapns) && attr_other_than(body, "use", "literal"))
                return mapp_berr(b, body, "use=\"encoded\" (SOAP encoding) is not supported");
    }
    return 0;
}

static int binding_op(mapp_build *b, xmlNodePtr n, const char *pt, const char *soapns, int v12)
{
    xmlNodePtr so = mapp_first_child(n, soapns, "operation");
    const char *name = mapp_prop(b, n, "name");
    map_op *op = name != NULL ? find_op(b->m, pt, name) : NULL;

    if (op == NULL)
        return mapp_berr(b, n, "binding operation '%s' is not in portType '%s'", name ? name : "", pt);
    if (so != NULL && attr_other_than(so, "style", "document"))
        return mapp_berr(b, so, "style=\"rpc\" is not supported (document/literal only)");
    if (check_literal(b, n, soapns) < 0)
        return -1;
    if (so != NULL) {
        const char *action = mapp_prop(b, so, "soapAction");

        *(v12 ? &op->action12 : &op->action) = action != NULL ? action : "";
    }
    return 0;
}

/* Applies one wsdl:binding: SOAP 1.1 or 1.2 actions onto the operations of its portType. */
static int apply_binding(mapp_build *b, xmlNodePtr bind)
{
    xmlNodePtr sb11 = mapp_first_child(bind, MAPP_NS_SOAP11, "binding");
    xmlNodePtr sb12 = mapp_first_child(bind, MAPP_NS_SOAP12, "binding");
    xmlNodePtr sb = sb11 != NULL ? sb11 : sb12, c;
    const char *soapns = sb11 != NULL ? MAPP_NS_SOAP11 : MAPP_NS_SOAP12, *ns, *pt;

    if (sb == NULL)
        return 0; /* an HTTP or other binding: nothing SOAP to learn */
    if (attr_other_than(sb, "style", "document"))
        return mapp_berr(b, sb, "style=\"rpc\" is not supported (document/literal only)");
    if (mapp_qname_attr(b, bind, "type", &ns, &pt) != 0)
        return b->err[0] != '\0' ? -1 : mapp_berr(b, bind, "wsdl:binding without type");
    for (c = bind->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "operation") && binding_op(b, c, pt, soapns, sb11 == NULL) < 0)
            return -1;
    return 0;
}

static int load_ops(mapp_build *b, xmlNodePtr defs)
{
    map_model *m = b->m;
    xmlNodePtr c;
    size_t i;
    int rc;

    m->doc = wsdl_doc(b, defs);
    m->tns = mapp_prop(b, defs, "targetNamespace");
    for (c = defs->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "portType") && add_ops(b, defs, c) < 0)
            return -1;
    for (c = defs->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "binding") && apply_binding(b, c) < 0)
            return -1;
    for (i = 0; i < m->nops; i++)
        if ((rc = mapp_hash_put(&m->ops, m->ops_list[i].name, &m->ops_list[i])) < 0)
            return mapp_fail(b->err, b->errlen, "out of memory");
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Load                                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

/* Declares every xs:schema: those inline in wsdl:types, then each imported file. */
static int declare_all(mapp_build *b, const mapp_docs *ds)
{
    xmlNodePtr types = mapp_first_child(xmlDocGetRootElement(ds->wsdl), WSDL, "types"), s;
    size_t i;

    for (s = types != NULL ? types->children : NULL; s != NULL; s = s->next)
        if (mapp_is_elem(s, MAPP_NS_XSD, "schema") && mapp_schema_declare(b, s) < 0)
            return -1;
    for (i = 0; i < ds->n; i++)
        if (mapp_schema_declare(b, xmlDocGetRootElement(ds->doc[i])) < 0)
            return -1;
    return 0;
}

int map_model_load(const char *wsdl_path, map_model **out, char *err, size_t errlen)
{
    char msg[1024] = "";
    mapp_build b;
    mapp_docs ds;
    map_model *m = calloc(1, sizeof *m);
    int rc = -1;

    memset(&b, 0, sizeof b);
    memset(&ds, 0, sizeof ds);
    b.m = m;
    b.err = msg;
    b.errlen = sizeof msg; /* ours, never NULL: callers test msg[0] */
    if (m == NULL || out == NULL || mapp_docs_load(&ds, wsdl_path, msg, sizeof msg) < 0)
        goto out;
    if (init_builtins(&b) < 0 || declare_all(&b, &ds) < 0 || mapp_schema_build(&b) < 0 ||
        load_ops(&b, xmlDocGetRootElement(ds.wsdl)) < 0)
        goto out;
    *out = m;
    m = NULL;
    rc = 0;
out:
    if (rc < 0 && msg[0] == '\0')
        mapp_fail(msg, sizeof msg, "%s", m == NULL ? "out of memory" : "NULL argument");
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", rc < 0 ? msg : "");
    mapp_build_clear(&b);
    mapp_docs_clear(&ds);
    map_model_free(m);
    return rc;
}

void map_model_free(map_model *m)
{
    mapp_pattern *p;
    int i;

    if (m == NULL)
        return;
    for (p = m->patterns; p != NULL; p = p->next)
        regfree(&p->re);
    for (i = 0; i < MAP_XS__COUNT; i++)
        if (m->has_lexical[i])
            regfree(&m->lexical[i]);
    mapp_hash_free(&m->types);
    mapp_hash_free(&m->elems);
    mapp_hash_free(&m->ops);
    free(m->type_list);
    free(m->elem_list);
    free(m->ops_list);
    mapp_arena_free(&m->arena);
    free(m);
}
