/* wsdl.c - map_model_load(): reads the contract through load.c, builds the schema model (model.c) and
 * the operations of every portType with their wrapper and fault elements and SOAP 1.1/1.2 actions. */

#include "map_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WSDL MAPP_NS_WSDL

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
/* Finding WSDL components across the main WSDL and those it imports                                    */
/* ---------------------------------------------------------------------------------------------------- */

/* True when WSDL document root `defs` can hold a component of namespace ns: its targetNamespace is ns,
 * or it has none. Read in place: lookups run for every reference at start-up (CGI pays it per request). */
static int defs_holds(xmlNodePtr defs, const char *ns)
{
    xmlChar *tns = xmlGetNoNsProp(defs, BAD_CAST "targetNamespace");
    int ok = tns == NULL || tns[0] == '\0' || (ns != NULL && strcmp((const char *)tns, ns) == 0);

    xmlFree(tns);
    return ok;
}

/* The top-level wsdl:`kind` named {ns}name in any of the WSDL documents, or NULL. A document without a
 * targetNamespace matches any namespace (such contracts refer to their own components with whatever
 * prefix is at hand). */
static xmlNodePtr find_named(const mapp_docs *ds, const char *kind, const char *ns, const char *name)
{
    xmlNodePtr c;
    xmlChar *n;
    size_t i;
    int eq;

    for (i = 0; i < ds->nwsdl; i++) {
        if (!defs_holds(xmlDocGetRootElement(ds->wsdls[i]), ns))
            continue;
        for (c = xmlDocGetRootElement(ds->wsdls[i])->children; c != NULL; c = c->next) {
            if (!mapp_is_elem(c, WSDL, kind))
                continue;
            n = xmlGetNoNsProp(c, BAD_CAST "name");
            eq = n != NULL && strcmp((const char *)n, name) == 0;
            xmlFree(n);
            if (eq)
                return c;
        }
    }
    return NULL;
}

/* The wsdl:message that attribute "message" of `at` (input, output, fault) names; NULL after mapp_berr. */
static xmlNodePtr message_of(mapp_build *b, const mapp_docs *ds, xmlNodePtr at)
{
    const char *ns, *local;
    xmlNodePtr msg;
    int rc = mapp_qname_attr(b, at, "message", &ns, &local);

    if (rc != 0) {
        if (rc > 0)
            mapp_berr(b, at, "wsdl:%s without message", (const char *)at->name);
        return NULL;
    }
    if ((msg = find_named(ds, "message", ns, local)) == NULL)
        mapp_berr(b, at, "wsdl:message '{%s}%s' is not defined", ns != NULL ? ns : "", local);
    return msg;
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
/* Message parts                                                                                         */
/* ---------------------------------------------------------------------------------------------------- */

/* How the parts of one message travel in the Body, as the binding says (load time only). */
struct body_use {
    int rpc;                /* style="rpc": the parts are accessors inside an operation-named wrapper */
    int encoded;            /* use="encoded" */
    const char *ns;         /* rpc: soap:body namespace, the wrapper's (NULL: none) */
    xmlNodePtr body;        /* the soap:body element (its parts= selects parts), or NULL */
    xmlNodePtr io;          /* the binding's wsdl:input/output (its soap:header and mime:content), or NULL */
    const char *soapns;     /* the binding's SOAP namespace */
};

#define MIME "http://schemas.xmlsoap.org/wsdl/mime/"

/* True when `name` is one of the names of whitespace-separated list `list`. */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    const char *p;

    for (p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ' || p[-1] == '\t') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
            return 1;
    return 0;
}

/* True when soap:header `h` binds part `name` of wsdl:message `msg` (its message= names msg). */
static int header_binds(mapp_build *b, xmlNodePtr h, xmlNodePtr msg, const char *name)
{
    const char *part = mapp_prop(b, h, "part"), *ns, *local, *mname = mapp_prop(b, msg, "name");
    const char *tns = mapp_prop(b, xmlDocGetRootElement(msg->doc), "targetNamespace");

    if (part == NULL || strcmp(part, name) != 0 || mname == NULL || mapp_qname_attr(b, h, "message", &ns, &local) != 0)
        return 0;
    return strcmp(local, mname) == 0 && strcmp(ns != NULL ? ns : "", tns != NULL ? tns : "") == 0;
}

/* True when a soap:header or mime:content child of `box` (a binding input/output or a mime:part) binds
 * part `name` of message `msg` outside the Body. */
static int bound_elsewhere(mapp_build *b, const struct body_use *u, xmlNodePtr box, xmlNodePtr msg, const char *name)
{
    xmlNodePtr c;

    for (c = box->children; c != NULL; c = c->next) {
        const char *p = mapp_is_elem(c, MIME, "content") ? mapp_prop(b, c, "part") : NULL;

        if ((p != NULL && strcmp(p, name) == 0) || (mapp_is_elem(c, u->soapns, "header") && header_binds(b, c, msg, name)))
            return 1;
    }
    return 0;
}

/* True when part `name` of message `msg` goes in the Body: listed in soap:body parts= when there is such
 * a list; else every part that no soap:header of the same input/output binds and no mime:content sends
 * as an attachment (what WS-I, CXF and zeep do). */
static int part_in_body(mapp_build *b, const struct body_use *u, xmlNodePtr msg, const char *name)
{
    const char *list = u->body != NULL ? mapp_prop(b, u->body, "parts") : NULL;
    xmlNodePtr mp, c;

    if (list != NULL)
        return in_list(list, name);
    if (u->io == NULL)
        return 1;
    if (bound_elsewhere(b, u, u->io, msg, name))
        return 0;
    mp = mapp_first_child(u->io, MIME, "multipartRelated");
    for (c = mp != NULL ? mp->children : NULL; c != NULL; c = c->next)
        if (mapp_is_elem(c, MIME, "part") && bound_elsewhere(b, u, c, msg, name))
            return 0;
    return 1;
}

/* The soap:body of binding input/output io: its child, or (SOAP with attachments) that of one of the
 * mime:part of its mime:multipartRelated. NULL when there is none. */
static xmlNodePtr find_body(xmlNodePtr io, const char *soapns)
{
    xmlNodePtr body = mapp_first_child(io, soapns, "body"), mp = mapp_first_child(io, MIME, "multipartRelated"), c;

    for (c = mp != NULL && body == NULL ? mp->children : NULL; c != NULL && body == NULL; c = c->next)
        if (mapp_is_elem(c, MIME, "part"))
            body = mapp_first_child(c, soapns, "body");
    return body;
}

/* The global element that part `part` names with element=; NULL after mapp_berr. */
static map_elem *part_element(mapp_build *b, xmlNodePtr part)
{
    const char *ns, *local;
    char key[512];
    map_elem *e;
    int rc = mapp_qname_attr(b, part, "element", &ns, &local);

    if (rc != 0) {
        if (rc > 0)
            mapp_berr(b, part, "wsdl:part needs element= or type=");
        return NULL;
    }
    if (mapp_qkey(key, sizeof key, ns, local) == NULL || (e = mapp_hash_get(&b->m->elems, key)) == NULL)
        mapp_berr(b, part, "element '{%s}%s' is not defined", ns != NULL ? ns : "", local);
    return e;
}

/* An element of no namespace for a part declared with type= (an rpc accessor, or a document-style part
 * that WS-I would not allow but toolkits write): named after the part. NULL after mapp_berr. */
static map_elem *part_accessor(mapp_build *b, xmlNodePtr part, const struct body_use *u)
{
    const char *ns, *local;
    map_elem *e;

    if (mapp_qname_attr(b, part, "type", &ns, &local) != 0)
        return NULL;
    if ((e = mapp_alloc(&b->m->arena, sizeof *e)) == NULL) {
        mapp_berr(b, part, "out of memory");
        return NULL;
    }
    e->name = mapp_prop(b, part, "name");
    e->min = e->max = 1;
    e->nillable = u->encoded; /* SOAP encoding sends a null as xsi:nil on any accessor */
    e->loose = 1;
    e->file = (const char *)part->doc->URL;
    e->line = xmlGetLineNo(part);
    if (e->name == NULL) {
        mapp_berr(b, part, "wsdl:part without a name");
        return NULL;
    }
    return (e->type = mapp_lookup_type(b, part, ns, local)) != NULL ? e : NULL;
}

/* A new complex type of no name whose content is a sequence of the elements in v (n of them). */
static map_type *sequence_type(mapp_build *b, xmlNodePtr at, map_elem **v, size_t n)
{
    map_type *t = mapp_alloc(&b->m->arena, sizeof *t);
    map_particle *seq = mapp_alloc(&b->m->arena, sizeof *seq);
    size_t i;

    if (t == NULL || seq == NULL || (n > 0 && (seq->kids = mapp_alloc(&b->m->arena, n * sizeof *seq->kids)) == NULL)) {
        mapp_berr(b, at, "out of memory");
        return NULL;
    }
    seq->kind = MAP_PARTICLE_SEQUENCE;
    seq->min = seq->max = 1;
    for (i = 0; i < n; i++) {
        if ((seq->kids[i] = mapp_alloc(&b->m->arena, sizeof *seq->kids[i])) == NULL) {
            mapp_berr(b, at, "out of memory");
            return NULL;
        }
        seq->kids[i]->kind = MAP_PARTICLE_ELEMENT;
        seq->kids[i]->min = seq->kids[i]->max = 1;
        seq->kids[i]->elem = v[i];
    }
    seq->nkids = n;
    t->kind = MAP_TYPE_COMPLEX;
    t->content = seq;
    t->content_kind = n > 0 ? MAP_CONTENT_ELEMENTS : MAP_CONTENT_EMPTY;
    t->state = 2;
    t->file = (const char *)at->doc->URL;
    t->line = xmlGetLineNo(at);
    return t;
}

/* A wrapper element {ns}name (NULL name: virtual) holding the given members. NULL after mapp_berr. */
static map_elem *wrapper(mapp_build *b, xmlNodePtr at, const char *ns, const char *name, map_elem **v, size_t n)
{
    map_elem *e = mapp_alloc(&b->m->arena, sizeof *e);
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++)
            if (strcmp(v[i]->name, v[j]->name) == 0) {
                mapp_berr(b, at, "two parts of the message are both called '%s' (JSON would merge them)",
                          v[i]->name);
                return NULL;
            }
    if (e == NULL) {
        mapp_berr(b, at, "out of memory");
        return NULL;
    }
    e->name = name;
    e->ns = ns;
    e->min = e->max = 1;
    e->file = (const char *)at->doc->URL;
    e->line = xmlGetLineNo(at);
    e->loose = name != NULL; /* rpc: the response wrapper's name varies between toolkits */
    return (e->type = sequence_type(b, at, v, n)) != NULL ? e : NULL;
}

/* True when a document-style message of one part with element e is a wrapper in the classic sense: the
 * element's object holds the body (a complex type without simple content). */
static int is_wrapper_elem(const map_elem *e)
{
    return e->type->kind == MAP_TYPE_COMPLEX && e->type->value == NULL;
}

/* The wrapper element e as an operation's body: e itself, or, when its type has the ArrayOfX shape (one
 * repeated child), a copy whose anonymous type is an object, so that the body holds the children by name
 * ({"footers": [...]}) like every other wrapper's, not a bare array. NULL after mapp_berr. */
static map_elem *as_wrapper(mapp_build *b, xmlNodePtr at, map_elem *e)
{
    map_elem *c;
    map_type *t;

    if (e->type->array_item == NULL)
        return e;
    c = mapp_alloc(&b->m->arena, sizeof *c);
    t = mapp_alloc(&b->m->arena, sizeof *t);
    if (c == NULL || t == NULL) {
        mapp_berr(b, at, "out of memory");
        return NULL;
    }
    *c = *e;
    *t = *e->type;
    t->name = NULL; /* not the named ArrayOfX of the schema: OpenAPI inlines it */
    t->array_item = NULL;
    t->derived = NULL;
    t->nderived = 0;
    t->next_all = NULL;
    c->type = t;
    return c;
}

/* Builds what travels in the Body for wsdl:message `msg` of operation `op` (input or output): the
 * wrapper element (*out), or NULL for an input without parts; *bare set when the wrapper is virtual.
 * document/literal with one part of a wrapper element: that element (the WCF shape). rpc: a wrapper named
 * after the operation (+ "Response") in soap:body's namespace, one accessor per part. Anything else
 * (several parts, a part of a simple or array type, an output without parts): a virtual wrapper whose
 * members are the parts' elements, each a property of the JSON body. */
static int message_body(mapp_build *b, xmlNodePtr msg, const map_op *op, const struct body_use *u,
                        int output, const map_elem **out, int *bare)
{
    map_elem *v[64];
    xmlNodePtr c;
    size_t n = 0;
    char name[512];

    *out = NULL;
    *bare = 0;
    for (c = msg->children; c != NULL; c = c->next) {
        const char *pname;

        if (!mapp_is_elem(c, WSDL, "part"))
            continue;
        if ((pname = mapp_prop(b, c, "name")) == NULL)
            return mapp_berr(b, c, "wsdl:part without a name");
        if (!part_in_body(b, u, msg, pname))
            continue; /* a header or attachment part */
        if (n == sizeof v / sizeof v[0])
            return mapp_berr(b, msg, "a message with more than %zu parts", sizeof v / sizeof v[0]);
        if (xmlHasProp(c, BAD_CAST "element") == NULL && xmlHasProp(c, BAD_CAST "type") != NULL)
            v[n] = part_accessor(b, c, u);
        else
            v[n] = part_element(b, c);
        if (v[n++] == NULL)
            return -1;
    }
    if (u->rpc) {
        snprintf(name, sizeof name, "%s%s", op->name, output ? "Response" : "");
        return (*out = wrapper(b, msg, u->ns, mapp_strdup(&b->m->arena, name), v, n)) != NULL ? 0 : -1;
    }
    if (n == 1 && !v[0]->loose && is_wrapper_elem(v[0]))
        return (*out = as_wrapper(b, msg, v[0])) != NULL ? 0 : -1;
    if (n == 0 && !output)
        return 0; /* an empty Body, as before */
    *bare = 1;
    return (*out = wrapper(b, msg, NULL, NULL, v, n)) != NULL ? 0 : -1;
}

/* The detail element of a wsdl:fault: its message's one part (element=, or type= as an accessor). */
static int fault_elem(mapp_build *b, const mapp_docs *ds, xmlNodePtr at, const struct body_use *u,
                      const map_elem **e)
{
    xmlNodePtr msg = message_of(b, ds, at), part = NULL, c;

    *e = NULL;
    if (msg == NULL)
        return -1;
    for (c = msg->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "part")) {
            if (part != NULL)
                return mapp_berr(b, msg, "a fault message has one part (the detail); this one has more");
            part = c;
        }
    if (part == NULL)
        return mapp_berr(b, msg, "a fault message needs a part (the detail element)");
    if (xmlHasProp(part, BAD_CAST "element") == NULL && xmlHasProp(part, BAD_CAST "type") != NULL)
        *e = part_accessor(b, part, u);
    else
        *e = part_element(b, part);
    return *e != NULL ? 0 : -1;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Operations                                                                                            */
/* ---------------------------------------------------------------------------------------------------- */

/* Load-time facts of one operation: its portType elements and what its first SOAP binding says. */
struct op_src {
    xmlNodePtr node, in, out;       /* portType operation, its input and output (NULL: one-way) */
    int bound;                      /* a SOAP binding has filled the fields below */
    struct body_use use_in, use_out;
};

static int op_faults(mapp_build *b, const mapp_docs *ds, xmlNodePtr n, map_op *op, const struct body_use *u)
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
        if ((op->faults[i].name = mapp_prop(b, c, "name")) == NULL)
            return mapp_berr(b, c, "wsdl:fault without a name");
        if (fault_elem(b, ds, c, u, &op->faults[i].elem) < 0)
            return -1;
        i++;
    }
    return 0;
}

/* Reads portType operation n into op and src (messages are resolved later, once bindings are known). */
static int read_op(mapp_build *b, const char *pt, xmlNodePtr n, map_op *op, struct op_src *src)
{
    xmlNodePtr in = mapp_first_child(n, WSDL, "input"), out = mapp_first_child(n, WSDL, "output");

    if ((op->name = mapp_prop(b, n, "name")) == NULL)
        return mapp_berr(b, n, "wsdl:operation without a name");
    op->port_type = pt;
    op->doc = wsdl_doc(b, n);
    src->node = n;
    src->in = in;
    src->out = out;
    return 0;
}

/* Grows the operation arrays by one; returns the new slot's index or -1 after failing. */
static long new_op(mapp_build *b, struct op_src **srcs)
{
    map_model *m = b->m;
    map_op *list = realloc(m->ops_list, (m->nops + 1) * sizeof *list);
    struct op_src *s;

    if (list == NULL)
        return mapp_fail(b->err, b->errlen, "out of memory");
    m->ops_list = list;
    if ((s = realloc(*srcs, (m->nops + 1) * sizeof *s)) == NULL)
        return mapp_fail(b->err, b->errlen, "out of memory");
    *srcs = s;
    memset(&list[m->nops], 0, sizeof *list);
    memset(&s[m->nops], 0, sizeof *s);
    return (long)m->nops++;
}

/* True when portType operation n is a notification or a solicit-response (output first, or no input). */
static int output_first(xmlNodePtr n)
{
    xmlNodePtr c;

    for (c = n->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "input"))
            return 0;
        else if (mapp_is_elem(c, WSDL, "output"))
            return 1;
    return 1;
}

static int add_ops(mapp_build *b, xmlNodePtr pt, struct op_src **srcs)
{
    const char *ptname = mapp_prop(b, pt, "name"), *name;
    xmlNodePtr c;
    long i;

    for (c = pt->children; c != NULL; c = c->next) {
        if (!mapp_is_elem(c, WSDL, "operation"))
            continue;
        if (output_first(c)) {
            /* Left out, the rest of the contract loads (zeep and CXF do the same): a REST client
             * cannot receive a message it did not ask for. */
            name = mapp_prop(b, c, "name");
            if (mapp_note(b, c, "operation '%s' left out: notification and solicit-response operations "
                          "(output first or no input) are not supported", name != NULL ? name : "?") < 0)
                return -1;
            continue;
        }
        if ((i = new_op(b, srcs)) < 0 || read_op(b, ptname, c, &b->m->ops_list[i], &(*srcs)[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Bindings                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

static long find_op(map_model *m, const char *pt, const char *name)
{
    size_t i;

    for (i = 0; i < m->nops; i++)
        if (strcmp(m->ops_list[i].name, name) == 0 && m->ops_list[i].port_type != NULL &&
            strcmp(m->ops_list[i].port_type, pt) == 0)
            return (long)i;
    return -1;
}

/* True when portType node pt has an operation `name` that add_ops left out (output first). */
static int left_out(mapp_build *b, xmlNodePtr pt, const char *name)
{
    xmlNodePtr c;
    const char *n;

    for (c = pt->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "operation") && (n = mapp_prop(b, c, "name")) != NULL && strcmp(n, name) == 0)
            return output_first(c);
    return 0;
}

/* Reads the soap:body of binding input/output `io` into u (style already set). */
static int body_use(mapp_build *b, xmlNodePtr io, const char *soapns, struct body_use *u)
{
    xmlNodePtr body = io != NULL ? find_body(io, soapns) : NULL;
    const char *use, *ns;

    u->body = body;
    u->io = io;
    u->soapns = soapns;
    if (body == NULL)
        return 0;
    use = mapp_prop(b, body, "use");
    if (use != NULL && strcmp(use, "literal") != 0 && strcmp(use, "encoded") != 0)
        return mapp_berr(b, body, "soap:body use=\"%s\" is neither literal nor encoded", use);
    u->encoded = use != NULL && strcmp(use, "encoded") == 0;
    if (u->encoded && !u->rpc)
        return mapp_berr(b, body, "document/encoded is not supported (no toolkit writes it; rpc/encoded is)");
    ns = mapp_prop(b, body, "namespace");
    u->ns = ns != NULL && ns[0] != '\0' ? ns : NULL;
    return 0;
}

/* Applies binding operation n (of a binding of portType pt with default style `style`). */
static int binding_op(mapp_build *b, xmlNodePtr n, xmlNodePtr ptnode, const char *pt, const char *soapns, int v12,
                      int rpc, struct op_src *srcs)
{
    xmlNodePtr so = mapp_first_child(n, soapns, "operation");
    const char *name = mapp_prop(b, n, "name"), *style = so != NULL ? mapp_prop(b, so, "style") : NULL;
    long i = name != NULL ? find_op(b->m, pt, name) : -1;
    struct op_src *src;
    map_op *op;

    if (i < 0 && name != NULL && left_out(b, ptnode, name))
        return 0; /* a notification, noted when its portType was read */
    if (i < 0)
        return mapp_berr(b, n, "binding operation '%s' is not in portType '%s'", name ? name : "", pt);
    op = &b->m->ops_list[i];
    src = &srcs[i];
    if (style != NULL)
        rpc = strcmp(style, "rpc") == 0;
    if (!src->bound) {
        src->bound = 1;
        src->use_in.rpc = src->use_out.rpc = rpc;
        if (body_use(b, mapp_first_child(n, WSDL, "input"), soapns, &src->use_in) < 0 ||
            body_use(b, mapp_first_child(n, WSDL, "output"), soapns, &src->use_out) < 0)
            return -1;
    }
    if (so != NULL) {
        const char *action = mapp_prop(b, so, "soapAction");

        *(v12 ? &op->action12 : &op->action) = action != NULL ? action : "";
    }
    return 0;
}

/* Applies one wsdl:binding: SOAP 1.1 or 1.2 actions and styles onto the operations of its portType. */
static int apply_binding(mapp_build *b, xmlNodePtr bind, struct op_src *srcs)
{
    xmlNodePtr sb11 = mapp_first_child(bind, MAPP_NS_SOAP11, "binding");
    xmlNodePtr sb12 = mapp_first_child(bind, MAPP_NS_SOAP12, "binding");
    xmlNodePtr sb = sb11 != NULL ? sb11 : sb12, c, ptnode;
    const char *soapns = sb11 != NULL ? MAPP_NS_SOAP11 : MAPP_NS_SOAP12, *ns, *pt, *style;
    int rpc;

    if (sb == NULL)
        return 0; /* an HTTP or other binding: nothing SOAP to learn */
    style = mapp_prop(b, sb, "style");
    rpc = style != NULL && strcmp(style, "rpc") == 0;
    if (mapp_qname_attr(b, bind, "type", &ns, &pt) != 0)
        return b->err[0] != '\0' ? -1 : mapp_berr(b, bind, "wsdl:binding without type");
    if ((ptnode = find_named(b->docs, "portType", ns, pt)) == NULL)
        return mapp_berr(b, bind, "wsdl:portType '{%s}%s' is not defined", ns != NULL ? ns : "", pt);
    for (c = bind->children; c != NULL; c = c->next)
        if (mapp_is_elem(c, WSDL, "operation") && binding_op(b, c, ptnode, pt, soapns, sb11 == NULL, rpc, srcs) < 0)
            return -1;
    return 0;
}

/* Resolves the messages of operation op now that its binding (if any) is known. */
static int op_messages(mapp_build *b, map_op *op, const struct op_src *src)
{
    const mapp_docs *ds = b->docs;
    xmlNodePtr in = message_of(b, ds, src->in), out = NULL;

    if (in == NULL || (src->out != NULL && (out = message_of(b, ds, src->out)) == NULL))
        return -1;
    op->rpc = src->use_in.rpc;
    op->encoded = src->use_in.encoded || src->use_out.encoded;
    if (message_body(b, in, op, &src->use_in, 0, &op->input, &op->in_bare) < 0)
        return -1;
    if (out != NULL && message_body(b, out, op, &src->use_out, 1, &op->output, &op->out_bare) < 0)
        return -1;
    return op_faults(b, ds, src->node, op, &src->use_out);
}

/* Calls fn on every top-level wsdl:`kind` of every WSDL document. */
static int each_component(mapp_build *b, const char *kind, int (*fn)(mapp_build *, xmlNodePtr, struct op_src **),
                          struct op_src **srcs)
{
    xmlNodePtr c;
    size_t i;

    for (i = 0; i < b->docs->nwsdl; i++)
        for (c = xmlDocGetRootElement(b->docs->wsdls[i])->children; c != NULL; c = c->next)
            if (mapp_is_elem(c, WSDL, kind) && fn(b, c, srcs) < 0)
                return -1;
    return 0;
}

static int each_binding(mapp_build *b, xmlNodePtr bind, struct op_src **srcs)
{
    return apply_binding(b, bind, *srcs);
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* When some SOAP binding binds some operation, leaves out the operations that none binds (the portTypes
 * of ASMX's HttpGet/HttpPost bindings, an http:binding-only portType): they cannot be reached through
 * SOAP, and they repeat the SOAP operations' names. One note per portType. A contract that no SOAP
 * binding covers at all keeps its operations (document/literal is assumed). Returns 0 or -1. */
static int drop_unbound(mapp_build *b, struct op_src *srcs)
{
    map_model *m = b->m;
    size_t i, j, k, any = 0, n;

    for (i = 0; i < m->nops; i++)
        any |= (size_t)srcs[i].bound;
    if (!any)
        return 0;
    for (i = 0; i < m->nops; i++) {
        if (srcs[i].bound || srcs[i].node == NULL)
            continue;
        for (j = i, n = 0; j < m->nops; j++)
            if (!srcs[j].bound && srcs[j].node != NULL && same_str(m->ops_list[j].port_type, m->ops_list[i].port_type))
                n++;
        if (mapp_note(b, srcs[i].node->parent, "portType '%s' is bound by no SOAP binding: its %zu operation%s left "
                      "out", m->ops_list[i].port_type != NULL ? m->ops_list[i].port_type : "?", n, n == 1 ? " is" : "s are") < 0)
            return -1;
        for (j = i; j < m->nops; j++)
            if (!srcs[j].bound && srcs[j].node != NULL && same_str(m->ops_list[j].port_type, m->ops_list[i].port_type))
                srcs[j].node = NULL; /* noted */
    }
    for (i = k = 0; i < m->nops; i++)
        if (srcs[i].bound) {
            m->ops_list[k] = m->ops_list[i];
            srcs[k++] = srcs[i];
        }
    m->nops = k;
    return 0;
}

static int load_ops(mapp_build *b, xmlNodePtr defs)
{
    map_model *m = b->m;
    struct op_src *srcs = NULL;
    size_t i;
    int rc = -1;

    m->doc = wsdl_doc(b, defs);
    m->tns = mapp_prop(b, defs, "targetNamespace");
    if (each_component(b, "portType", add_ops, &srcs) < 0 || each_component(b, "binding", each_binding, &srcs) < 0 ||
        drop_unbound(b, srcs) < 0)
        goto out;
    for (i = 0; i < m->nops; i++)
        if (op_messages(b, &m->ops_list[i], &srcs[i]) < 0)
            goto out;
    for (i = 0; i < m->nops; i++)
        if (mapp_hash_put(&m->ops, m->ops_list[i].name, &m->ops_list[i]) < 0) {
            mapp_fail(b->err, b->errlen, "out of memory");
            goto out;
        }
    rc = 0;
out:
    free(srcs);
    return rc;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Load                                                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

/* Declares every xs:schema: those inline in the wsdl:types of each WSDL, then each schema file. */
static int declare_all(mapp_build *b, const mapp_docs *ds)
{
    xmlNodePtr types, s;
    size_t i;

    for (i = 0; i < ds->nwsdl; i++) {
        types = mapp_first_child(xmlDocGetRootElement(ds->wsdls[i]), WSDL, "types");
        for (s = types != NULL ? types->children : NULL; s != NULL; s = s->next)
            if (mapp_is_elem(s, MAPP_NS_XSD, "schema") && mapp_schema_declare(b, s) < 0)
                return -1;
    }
    for (i = 0; i < ds->n; i++)
        if (mapp_schema_declare(b, xmlDocGetRootElement(ds->doc[i])) < 0)
            return -1;
    return 0;
}

/* The XML Schema drafts that Axis 1 and early .NET wrote (1999, 2000/10) name the same builtins and
 * schema elements as the 2001 Recommendation in other namespaces: read them as 2001's, by repointing
 * the namespace declarations of node n and below (every name using them follows). */
static void xsd_drafts_as_2001(xmlNodePtr n)
{
    static const char *const drafts[][2] = {
        {"http://www.w3.org/1999/XMLSchema", MAPP_NS_XSD},
        {"http://www.w3.org/2000/10/XMLSchema", MAPP_NS_XSD},
        {"http://www.w3.org/1999/XMLSchema-instance", MAPP_NS_XSI},
        {"http://www.w3.org/2000/10/XMLSchema-instance", MAPP_NS_XSI},
    };
    xmlNsPtr ns;
    size_t i;

    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (ns = n->nsDef; ns != NULL; ns = ns->next)
            for (i = 0; i < sizeof drafts / sizeof drafts[0]; i++)
                if (ns->href != NULL && xmlStrEqual(ns->href, BAD_CAST drafts[i][0])) {
                    xmlFree((xmlChar *)ns->href);
                    ns->href = xmlStrdup(BAD_CAST drafts[i][1]);
                }
        xsd_drafts_as_2001(n->children);
    }
}

int map_model_load(const char *wsdl_path, map_model **out, char *err, size_t errlen)
{
    char msg[1024] = "";
    mapp_build b;
    mapp_docs ds;
    map_model *m = calloc(1, sizeof *m);
    size_t i;
    int rc = -1;

    memset(&b, 0, sizeof b);
    memset(&ds, 0, sizeof ds);
    b.m = m;
    b.err = msg;
    b.errlen = sizeof msg; /* ours, never NULL: callers test msg[0] */
    b.docs = &ds;
    if (m == NULL || out == NULL || mapp_docs_load(&ds, wsdl_path, msg, sizeof msg) < 0)
        goto out;
    for (i = 0; i < ds.nwsdl; i++)
        xsd_drafts_as_2001(xmlDocGetRootElement(ds.wsdls[i]));
    for (i = 0; i < ds.n; i++)
        xsd_drafts_as_2001(xmlDocGetRootElement(ds.doc[i]));
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
    while (m->nnotes > 0)
        free(m->notes[--m->nnotes]);
    free(m->notes);
    mapp_arena_free(&m->arena);
    free(m);
}
