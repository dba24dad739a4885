/* api.c - read-only accessors of the schema model (map.h "Schema model"): the REST router, OpenAPI
 * generator and transcoder see the model only through these. */

#include "map_int.h"

#include <string.h>

/* Looks up {ns}local in h. */
static void *find_q(const mapp_hash *h, const char *ns, const char *local)
{
    char key[512];

    if (local == NULL || mapp_qkey(key, sizeof key, ns, local) == NULL)
        return NULL;
    return mapp_hash_get(h, key);
}

const char *map_model_documentation(const map_model *m) { return m->doc; }
const char *map_model_target_ns(const map_model *m) { return m->tns; }
size_t map_model_note_count(const map_model *m) { return m->nnotes; }
const char *map_model_note(const map_model *m, size_t i) { return i < m->nnotes ? m->notes[i] : NULL; }
size_t map_model_op_count(const map_model *m) { return m->nops; }
size_t map_model_elem_count(const map_model *m) { return m->nelems; }
size_t map_model_type_count(const map_model *m) { return m->ntypes; }

const map_op *map_model_op(const map_model *m, size_t i)
{
    return i < m->nops ? &m->ops_list[i] : NULL;
}

const map_op *map_model_find_op(const map_model *m, const char *name)
{
    return name != NULL ? mapp_hash_get(&m->ops, name) : NULL;
}

const map_elem *map_model_elem(const map_model *m, size_t i)
{
    return i < m->nelems ? m->elem_list[i] : NULL;
}

const map_elem *map_model_find_elem(const map_model *m, const char *ns, const char *local)
{
    return find_q(&m->elems, ns, local);
}

const map_type *map_model_type(const map_model *m, size_t i)
{
    return i < m->ntypes ? m->type_list[i] : NULL;
}

const map_type *map_model_find_type(const map_model *m, const char *ns, const char *local)
{
    enum map_builtin b;

    if (ns != NULL && local != NULL && strcmp(ns, MAPP_NS_XSD) == 0)
        return (b = mapp_builtin_find(local)) != MAP_XS_NONE ? m->builtin[b] : NULL;
    return find_q(&m->types, ns, local);
}

/* Operations and faults */
const char *map_op_name(const map_op *op) { return op->name; }
const char *map_op_port_type(const map_op *op) { return op->port_type; }
const char *map_op_action(const map_op *op) { return op->action; }
const char *map_op_action12(const map_op *op) { return op->action12; }
const char *map_op_documentation(const map_op *op) { return op->doc; }
const map_elem *map_op_input(const map_op *op) { return op->input; }
const map_elem *map_op_output(const map_op *op) { return op->output; }
size_t map_op_fault_count(const map_op *op) { return op->nfaults; }
const map_fault *map_op_fault(const map_op *op, size_t i) { return i < op->nfaults ? &op->faults[i] : NULL; }
const char *map_fault_name(const map_fault *f) { return f->name; }
const map_elem *map_fault_elem(const map_fault *f) { return f->elem; }

/* Elements and attributes */
const char *map_elem_name(const map_elem *e) { return e->name; }
const char *map_elem_ns(const map_elem *e) { return e->ns; }
int map_elem_is_attribute(const map_elem *e) { return e->is_attr; }
long map_elem_min_occurs(const map_elem *e) { return e->min; }
long map_elem_max_occurs(const map_elem *e) { return e->max; }
int map_elem_nillable(const map_elem *e) { return e->nillable; }
const char *map_elem_default(const map_elem *e) { return e->default_value; }
const char *map_elem_fixed(const map_elem *e) { return e->fixed_value; }
const char *map_elem_documentation(const map_elem *e) { return e->doc; }
const map_type *map_elem_type(const map_elem *e) { return e->type; }

/* Types */
const char *map_type_name(const map_type *t) { return t->name; }
const char *map_type_ns(const map_type *t) { return t->ns; }
enum map_type_kind map_type_kind(const map_type *t) { return t->kind; }
enum map_variety map_type_variety(const map_type *t) { return t->variety; }
enum map_builtin map_type_builtin(const map_type *t) { return t->builtin; }
const map_type *map_type_item(const map_type *t) { return t->item; }
const map_facets *map_type_facets(const map_type *t) { return &t->facets; }
const map_type *map_type_base(const map_type *t) { return t->base; }
enum map_derivation map_type_derivation(const map_type *t) { return t->derivation; }
enum map_content map_type_content_kind(const map_type *t) { return t->content_kind; }
const map_particle *map_type_content(const map_type *t) { return t->content; }
const map_type *map_type_value(const map_type *t) { return t->value; }
size_t map_type_attr_count(const map_type *t) { return t->nattrs; }
int map_type_any_attribute(const map_type *t) { return t->any_attr; }
const map_elem *map_type_attr(const map_type *t, size_t i) { return i < t->nattrs ? t->attrs[i] : NULL; }
int map_type_abstract(const map_type *t) { return t->abstract; }
size_t map_type_derived_count(const map_type *t) { return t->nderived; }
const map_type *map_type_derived(const map_type *t, size_t i) { return i < t->nderived ? t->derived[i] : NULL; }
const map_elem *map_type_array_item(const map_type *t) { return t->array_item; }
int map_type_array_rank(const map_type *t) { return t->rank > 1 ? t->rank : 1; }
const char *map_type_documentation(const map_type *t) { return t->doc; }

/* Particles */
enum map_particle_kind map_particle_kind(const map_particle *p) { return p->kind; }
long map_particle_min_occurs(const map_particle *p) { return p->min; }
long map_particle_max_occurs(const map_particle *p) { return p->max; }
size_t map_particle_count(const map_particle *p) { return p->nkids; }
const map_particle *map_particle_child(const map_particle *p, size_t i) { return i < p->nkids ? p->kids[i] : NULL; }
const map_elem *map_particle_elem(const map_particle *p) { return p->elem; }
const char *map_particle_any_ns(const map_particle *p) { return p->any_ns; }

const char *map_particle_group_name(const map_particle *p) { return p->name; }
