/* test_map_model.c - unit tests of the schema model (mapping/model.c, wsdl.c, api.c, xsd.c): the reference
 * contract, the test contracts of tests/mapping/wsdl (split, shapes, multi) and the invalid ones. */

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "map.h"
#include "test_mapping.h"

#define NS_INV "http://soaprest.org/inventory/2026/11"
#define NS_DC "http://schemas.datacontract.org/2004/07/Soaprest.Inventory"
#define NS_ARR "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
#define NS_SER "http://schemas.microsoft.com/2003/10/Serialization/"
#define NS_XSD "http://www.w3.org/2001/XMLSchema"

static map_model *ref, *shapes, *split, *multi;

/* ---------------------------------------------------------------------------------------------------- */
/* Helpers                                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

static map_model *load(const char *dir, const char *file)
{
    char path[PATH_MAX], err[512];
    map_model *m = NULL;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (map_model_load(path, &m, err, sizeof err) != 0)
        fprintf(stderr, "test_map_model: %s\n", err);
    return m;
}

/* The element particle named `name` anywhere in p, or NULL. */
static const map_elem *find_member(const map_particle *p, const char *name)
{
    const map_elem *e = NULL;
    size_t i;

    if (p == NULL)
        return NULL;
    if (map_particle_kind(p) == MAP_PARTICLE_ELEMENT)
        return strcmp(map_elem_name(map_particle_elem(p)), name) == 0 ? map_particle_elem(p) : NULL;
    for (i = 0; i < map_particle_count(p) && e == NULL; i++)
        e = find_member(map_particle_child(p, i), name);
    return e;
}

static const map_type *type_of(map_model *m, const char *ns, const char *name)
{
    return map_model_find_type(m, ns, name);
}

static const map_elem *member(map_model *m, const char *ns, const char *type, const char *name)
{
    const map_type *t = type_of(m, ns, type);

    return t != NULL ? find_member(map_type_content(t), name) : NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Reference contract                                                                                    */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_model_reference_operations(void)
{
    const map_op *op;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    CU_ASSERT_EQUAL(map_model_op_count(ref), 13);
    CU_ASSERT_STRING_EQUAL(map_op_name(map_model_op(ref, 0)), "GetServiceInfo");
    CU_ASSERT_PTR_NULL(map_model_op(ref, 13));
    op = map_model_find_op(ref, "GetProduct");
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    CU_ASSERT_STRING_EQUAL(map_op_port_type(op), "IInventoryService");
    CU_ASSERT_STRING_EQUAL(map_op_action(op), NS_INV "/IInventoryService/GetProduct");
    /* A SOAP 1.2 binding, when the contract has one, names the same action. */
    if (map_op_action12(op) != NULL)
        CU_ASSERT_STRING_EQUAL(map_op_action12(op), map_op_action(op));
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_op_input(op)), "GetProduct");
    CU_ASSERT_STRING_EQUAL(map_elem_ns(map_op_input(op)), NS_INV);
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_op_output(op)), "GetProductResponse");
    CU_ASSERT_PTR_NULL(map_model_find_op(ref, "NoSuchOperation"));
    CU_ASSERT_PTR_NOT_NULL(map_model_documentation(ref));
    CU_ASSERT_STRING_EQUAL(map_model_target_ns(ref), NS_INV);
}

static void test_map_model_reference_one_way_and_faults(void)
{
    const map_op *adjust = map_model_find_op(ref, "AdjustStock"), *place = map_model_find_op(ref, "PlaceOrder");

    CU_ASSERT_PTR_NOT_NULL_FATAL(adjust);
    CU_ASSERT_PTR_NULL(map_op_output(adjust));
    CU_ASSERT_EQUAL(map_op_fault_count(adjust), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(place);
    CU_ASSERT_EQUAL_FATAL(map_op_fault_count(place), 3);
    CU_ASSERT_STRING_EQUAL(map_fault_name(map_op_fault(place, 2)), "InsufficientStockFaultFault");
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_fault_elem(map_op_fault(place, 2))), "InsufficientStockFault");
    CU_ASSERT_STRING_EQUAL(map_elem_ns(map_fault_elem(map_op_fault(place, 2))), NS_DC);
    CU_ASSERT_PTR_NULL(map_op_fault(place, 3));
}

static void test_map_model_reference_inheritance(void)
{
    const map_type *product = type_of(ref, NS_DC, "Product"), *perishable = type_of(ref, NS_DC, "PerishableProduct");

    CU_ASSERT_PTR_NOT_NULL_FATAL(product);
    CU_ASSERT_PTR_NOT_NULL_FATAL(perishable);
    CU_ASSERT_EQUAL(map_type_kind(product), MAP_TYPE_COMPLEX);
    CU_ASSERT_PTR_EQUAL(map_type_base(perishable), product);
    CU_ASSERT_EQUAL(map_type_derivation(perishable), MAP_DERIVE_EXTENSION);
    CU_ASSERT_EQUAL_FATAL(map_type_derived_count(product), 1);
    CU_ASSERT_PTR_EQUAL(map_type_derived(product, 0), perishable);
    CU_ASSERT_PTR_NULL(map_type_derived(product, 1));
    CU_ASSERT_PTR_NOT_NULL(find_member(map_type_content(perishable), "ShelfLife"));
    CU_ASSERT_PTR_NULL(find_member(map_type_content(perishable), "Sku")); /* inherited, not copied */
    CU_ASSERT_EQUAL(map_type_content_kind(perishable), MAP_CONTENT_ELEMENTS);
}

static void test_map_model_reference_arrays_and_members(void)
{
    const map_type *arr = type_of(ref, NS_DC, "ArrayOfProduct"), *tags = type_of(ref, NS_ARR, "ArrayOfstring");
    const map_elem *desc = member(ref, NS_DC, "Product", "Description"), *id = member(ref, NS_DC, "Product", "Id");

    CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(map_type_array_item(arr));
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_type_array_item(arr)), "Product");
    CU_ASSERT_EQUAL(map_elem_max_occurs(map_type_array_item(arr)), MAP_UNBOUNDED);
    CU_ASSERT_PTR_EQUAL(map_elem_type(map_type_array_item(arr)), type_of(ref, NS_DC, "Product"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(tags);
    CU_ASSERT_TRUE(map_elem_nillable(map_type_array_item(tags)));
    CU_ASSERT_PTR_NULL(map_type_array_item(type_of(ref, NS_DC, "Product")));
    CU_ASSERT_PTR_NOT_NULL_FATAL(desc);
    CU_ASSERT_TRUE(map_elem_nillable(desc));
    CU_ASSERT_EQUAL(map_elem_min_occurs(desc), 0);
    CU_ASSERT_EQUAL(map_elem_max_occurs(desc), 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(id);
    CU_ASSERT_FALSE(map_elem_nillable(id));
    CU_ASSERT_EQUAL(map_type_builtin(map_elem_type(id)), MAP_XS_INT);
    CU_ASSERT_STRING_EQUAL(map_elem_ns(id), NS_DC);
}

static void test_map_model_reference_simple_types(void)
{
    const map_type *cat = type_of(ref, NS_DC, "ProductCategory"), *guid = type_of(ref, NS_SER, "guid");
    const map_type *dur = type_of(ref, NS_SER, "duration");
    const map_facets *f;

    CU_ASSERT_PTR_NOT_NULL_FATAL(cat);
    f = map_type_facets(cat);
    CU_ASSERT_EQUAL_FATAL(f->nenums, 4);
    CU_ASSERT_STRING_EQUAL(f->enums[0], "Hardware");
    CU_ASSERT_STRING_EQUAL(f->enums[3], "Service");
    CU_ASSERT_EQUAL(map_type_builtin(cat), MAP_XS_STRING);
    CU_ASSERT_PTR_NOT_NULL_FATAL(guid);
    CU_ASSERT_EQUAL_FATAL(map_type_facets(guid)->npatterns, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(map_type_facets(guid)->patterns[0], "[\\da-fA-F]{8}"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(dur);
    CU_ASSERT_EQUAL(map_type_builtin(dur), MAP_XS_DURATION);
    CU_ASSERT_PTR_NOT_NULL(map_type_facets(dur)->min_inclusive);
    CU_ASSERT_PTR_EQUAL(map_type_base(dur), type_of(ref, NS_XSD, "duration"));
}

static void test_map_model_lookups(void)
{
    const map_type *i = map_model_find_type(ref, NS_XSD, "int");
    const map_builtin_info *bi = map_builtin_describe(MAP_XS_INT);

    CU_ASSERT_PTR_NOT_NULL_FATAL(i);
    CU_ASSERT_EQUAL(map_type_builtin(i), MAP_XS_INT);
    CU_ASSERT_PTR_NULL(map_model_find_type(ref, NS_XSD, "notAType"));
    CU_ASSERT_PTR_NULL(map_model_find_type(ref, NS_DC, "Nope"));
    CU_ASSERT_PTR_NOT_NULL(map_model_find_elem(ref, NS_DC, "Product"));
    CU_ASSERT_PTR_NULL(map_model_find_elem(ref, NULL, "Product"));
    CU_ASSERT_TRUE(map_model_type_count(ref) > 10);
    CU_ASSERT_PTR_NULL(map_model_type(ref, map_model_type_count(ref)));
    CU_ASSERT_PTR_NOT_NULL(map_model_elem(ref, 0));
    CU_ASSERT_PTR_NOT_NULL_FATAL(bi);
    CU_ASSERT_STRING_EQUAL(bi->name, "int");
    CU_ASSERT_STRING_EQUAL(bi->format, "int32");
    CU_ASSERT_STRING_EQUAL(bi->min, "-2147483648");
    CU_ASSERT_EQUAL(map_builtin_describe(MAP_XS_UNSIGNED_LONG)->json, MAP_JSON_INTEGER);
    CU_ASSERT_EQUAL(map_builtin_describe(MAP_XS_DECIMAL)->json, MAP_JSON_DECIMAL);
    CU_ASSERT_PTR_NULL(map_builtin_describe(MAP_XS_NONE));
    CU_ASSERT_PTR_NULL(map_builtin_describe(MAP_XS__COUNT));
}

/* ---------------------------------------------------------------------------------------------------- */
/* Test contracts                                                                                        */
/* ---------------------------------------------------------------------------------------------------- */

static void test_map_model_split_imports_and_forms(void)
{
    const map_elem *id = member(split, "urn:split:types", "Order", "id");
    const map_elem *prio = member(split, "urn:split:types", "Order", "priority");
    const map_elem *q = member(split, "urn:split:types", "Order", "qualified");
    const map_type *order = type_of(split, "urn:split:types", "Order");

    CU_ASSERT_PTR_NOT_NULL_FATAL(split);
    CU_ASSERT_EQUAL(map_model_op_count(split), 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(id);
    CU_ASSERT_PTR_NULL(map_elem_ns(id)); /* elementFormDefault="unqualified" */
    CU_ASSERT_PTR_NOT_NULL_FATAL(prio);
    CU_ASSERT_STRING_EQUAL(map_elem_ns(prio), "urn:split:enums"); /* a ref: the global's namespace */
    CU_ASSERT_EQUAL(map_elem_min_occurs(prio), 0);                 /* the ref's own occurrences */
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_STRING_EQUAL(map_elem_ns(q), "urn:split:types");      /* form="qualified" */
    CU_ASSERT_EQUAL_FATAL(map_type_attr_count(order), 1);
    CU_ASSERT_PTR_NULL(map_elem_ns(map_type_attr(order, 0)));
    CU_ASSERT_EQUAL(map_type_facets(map_elem_type(map_type_attr(order, 0)))->nenums, 2);
    CU_ASSERT_EQUAL(map_op_fault_count(map_model_op(split, 0)), 1);
}

static void test_map_model_shapes_recursion(void)
{
    const map_type *node = type_of(shapes, "urn:shapes", "Node");
    const map_elem *children = member(shapes, "urn:shapes", "Node", "children");
    const map_elem *next = member(shapes, "urn:shapes", "Node", "next");

    CU_ASSERT_PTR_NOT_NULL_FATAL(node);
    CU_ASSERT_PTR_NOT_NULL_FATAL(children);
    CU_ASSERT_PTR_NOT_NULL_FATAL(next);
    CU_ASSERT_PTR_EQUAL(map_elem_type(next), node); /* by reference, never copied */
    CU_ASSERT_PTR_EQUAL(map_elem_type(map_type_array_item(map_elem_type(children))), node);
    CU_ASSERT_STRING_EQUAL(map_type_documentation(node), "A tree: recursion through an array and directly.");
    CU_ASSERT_EQUAL_FATAL(map_type_attr_count(node), 2);
    CU_ASSERT_TRUE(map_elem_is_attribute(map_type_attr(node, 0)));
    CU_ASSERT_EQUAL(map_elem_min_occurs(map_type_attr(node, 0)), 1); /* use="required" */
    CU_ASSERT_STRING_EQUAL(map_elem_default(map_type_attr(node, 1)), "1");
}

static void test_map_model_shapes_polymorphism(void)
{
    const map_type *shape = type_of(shapes, "urn:shapes", "Shape");

    CU_ASSERT_PTR_NOT_NULL_FATAL(shape);
    CU_ASSERT_TRUE(map_type_abstract(shape));
    CU_ASSERT_EQUAL(map_type_derived_count(shape), 2);
    CU_ASSERT_EQUAL(map_type_attr_count(type_of(shapes, "urn:shapes", "Square")), 1);
}

static void test_map_model_shapes_nested_choice(void)
{
    const map_particle *seq = map_type_content(type_of(shapes, "urn:shapes", "Payment")), *choice, *inner;

    CU_ASSERT_PTR_NOT_NULL_FATAL(seq);
    CU_ASSERT_EQUAL(map_particle_kind(seq), MAP_PARTICLE_SEQUENCE);
    CU_ASSERT_EQUAL_FATAL(map_particle_count(seq), 2);
    choice = map_particle_child(seq, 1);
    CU_ASSERT_EQUAL(map_particle_kind(choice), MAP_PARTICLE_CHOICE);
    CU_ASSERT_EQUAL_FATAL(map_particle_count(choice), 3);
    CU_ASSERT_EQUAL(map_particle_kind(map_particle_child(choice, 1)), MAP_PARTICLE_SEQUENCE);
    inner = map_particle_child(choice, 2);
    CU_ASSERT_EQUAL(map_particle_kind(inner), MAP_PARTICLE_CHOICE);
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_particle_elem(map_particle_child(inner, 1))), "points");
}

static void test_map_model_shapes_simple_content_any_all(void)
{
    const map_type *price = type_of(shapes, "urn:shapes", "Price"), *bag = type_of(shapes, "urn:shapes", "Bag");
    const map_particle *any;

    CU_ASSERT_PTR_NOT_NULL_FATAL(price);
    CU_ASSERT_EQUAL(map_type_content_kind(price), MAP_CONTENT_SIMPLE);
    CU_ASSERT_EQUAL(map_type_builtin(map_type_value(price)), MAP_XS_DECIMAL);
    CU_ASSERT_EQUAL(map_type_attr_count(price), 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bag);
    any = map_particle_child(map_type_content(bag), 1);
    CU_ASSERT_EQUAL(map_particle_kind(any), MAP_PARTICLE_ANY);
    CU_ASSERT_STRING_EQUAL(map_particle_any_ns(any), "##other");
    CU_ASSERT_EQUAL(map_particle_max_occurs(any), MAP_UNBOUNDED);
    CU_ASSERT_EQUAL(map_type_builtin(map_elem_type(member(shapes, "urn:shapes", "Bag", "anything"))), MAP_XS_ANYTYPE);
    CU_ASSERT_EQUAL(map_particle_kind(map_type_content(type_of(shapes, "urn:shapes", "Record"))), MAP_PARTICLE_ALL);
}

static void test_map_model_shapes_facets_list_union_groups(void)
{
    const map_type *list = type_of(shapes, "urn:shapes", "IntList"), *pct = type_of(shapes, "urn:shapes", "Percent");
    const map_type *code = type_of(shapes, "urn:shapes", "Code"), *lists = type_of(shapes, "urn:shapes", "Lists");

    CU_ASSERT_EQUAL(map_type_variety(list), MAP_VARIETY_LIST);
    CU_ASSERT_EQUAL(map_type_builtin(map_type_item(list)), MAP_XS_INT);
    CU_ASSERT_EQUAL(map_type_variety(type_of(shapes, "urn:shapes", "IntOrWord")), MAP_VARIETY_UNION);
    CU_ASSERT_STRING_EQUAL(map_type_facets(pct)->max_inclusive, "100");
    CU_ASSERT_TRUE(map_type_facets(pct)->set & MAP_FACET_FRACTION_DIGITS);
    CU_ASSERT_EQUAL(map_type_facets(pct)->fraction_digits, 2);
    CU_ASSERT_EQUAL(map_type_facets(code)->npatterns, 2);
    CU_ASSERT_EQUAL(map_type_facets(code)->max_length, 8);
    CU_ASSERT_PTR_NOT_NULL(find_member(map_type_content(lists), "createdBy")); /* from xs:group ref */
    CU_ASSERT_EQUAL_FATAL(map_type_attr_count(lists), 1);                       /* from attributeGroup */
    CU_ASSERT_STRING_EQUAL(map_elem_name(map_type_attr(lists, 0)), "rev");
    CU_ASSERT_PTR_NULL(map_type_array_item(lists));
}

static void test_map_model_multi_port_types_and_bindings(void)
{
    const map_op *add = map_model_find_op(multi, "Add"), *status = map_model_find_op(multi, "Status");

    CU_ASSERT_PTR_NOT_NULL_FATAL(multi);
    CU_ASSERT_EQUAL(map_model_op_count(multi), 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(add);
    CU_ASSERT_STRING_EQUAL(map_op_port_type(add), "ICalc");
    CU_ASSERT_STRING_EQUAL(map_op_action(add), "urn:multi/ICalc/Add");
    CU_ASSERT_STRING_EQUAL(map_op_action12(add), "urn:multi/ICalc/Add12");
    CU_ASSERT_STRING_EQUAL(map_op_documentation(add), "Adds two numbers.");
    CU_ASSERT_PTR_NOT_NULL_FATAL(status);
    CU_ASSERT_STRING_EQUAL(map_op_port_type(status), "IAdmin");
    CU_ASSERT_PTR_NULL(map_op_action(status));
    CU_ASSERT_STRING_EQUAL(map_op_action12(status), "urn:multi/IAdmin/Status");
    CU_ASSERT_PTR_NULL(map_op_output(map_model_find_op(multi, "Log")));
}

/* ---------------------------------------------------------------------------------------------------- */
/* Load errors                                                                                           */
/* ---------------------------------------------------------------------------------------------------- */

/* Each invalid contract, the line the error must name and a piece of its message (the construct). */
static const struct {
    const char *file;
    int line;
    const char *says;
} invalid[] = {
    {"redefine.wsdl", 6, "xs:redefine is not supported"},
    {"missing_type.wsdl", 7, "type '{urn:bad}Nowhere' is not defined"},
    {"undeclared_prefix.wsdl", 6, "prefix 'zz' is not declared"},
    {"circular_base.wsdl", 7, "circular type derivation"},
    {"bad_pattern.wsdl", 7, "xs:pattern '\\p{L}+'"},
    {"name_clash.wsdl", 7, "property name 'v' appears twice in type 'Derived'"},
    {"unknown_builtin.wsdl", 6, "xs:dayTimeDuration is not a supported XSD builtin type"},
    {"substitution.wsdl", 7, "substitution groups"},
    {"document_encoded.wsdl", 15, "document/encoded is not supported"},
    {"missing_message.wsdl", 11, "wsdl:message '{urn:bad}OpRequest' is not defined"},
    {"binding_op_missing.wsdl", 16, "binding operation 'Gone' is not in portType 'IBad'"},
    {"wsdl20.wsdl", 2, "WSDL 2.0 (wsdl:description) is not supported"},
    {"no_wsdl_namespace.wsdl", 3, "root element is {}definitions, not wsdl:definitions (WSDL 1.1)"},
};

static void test_map_model_load_errors_name_construct_file_line(void)
{
    char dir[PATH_MAX], want[PATH_MAX + 32], err[512];
    map_model *m;
    size_t i;

    snprintf(dir, sizeof dir, "%s/invalid", test_mapping_tests_wsdl_dir());
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        char path[PATH_MAX + 64];

        m = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, invalid[i].file);
        CU_ASSERT_EQUAL(map_model_load(path, &m, err, sizeof err), -1);
        CU_ASSERT_PTR_NULL(m);
        snprintf(want, sizeof want, "%s:%d: ", invalid[i].file, invalid[i].line);
        if (strstr(err, want) == NULL || strstr(err, invalid[i].says) == NULL) {
            fprintf(stderr, "\n  %s: got '%s'\n", invalid[i].file, err);
            CU_FAIL("load error does not name the construct, file and line");
        }
        map_model_free(m);
    }
}

/* Loads tests/mapping/wsdl/NAME into *m (fatal on failure). */
static map_model *load_test_wsdl(const char *name)
{
    char path[PATH_MAX + 64], err[512];
    map_model *m = NULL;

    snprintf(path, sizeof path, "%s/%s", test_mapping_tests_wsdl_dir(), name);
    if (map_model_load(path, &m, err, sizeof err) != 0)
        fprintf(stderr, "\n  %s: %s\n", name, err);
    return m;
}

/* A notification is left out with a note naming it, file and line; the rest of the contract loads. */
static void test_map_model_notification_left_out_with_a_note(void)
{
    map_model *m = load_test_wsdl("notification.wsdl");

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(map_model_op_count(m), 1);
    CU_ASSERT_PTR_NOT_NULL(map_model_find_op(m, "Op"));
    CU_ASSERT_PTR_NULL(map_model_find_op(m, "Tick"));
    CU_ASSERT_EQUAL_FATAL(map_model_note_count(m), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(map_model_note(m, 0), "notification.wsdl:12: operation 'Tick' left out: notification"));
    CU_ASSERT_PTR_NULL(map_model_note(m, 1));
    map_model_free(m);
}

/* ASMX: the HttpGet portType's operations (bound by http:binding alone) are left out, one note for the
 * portType; the same operation name in two SOAP-bound portTypes gives two operations. */
static void test_map_model_unbound_port_type_left_out(void)
{
    map_model *m = load_test_wsdl("asmx.wsdl");

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(map_model_op_count(m), 2);
    CU_ASSERT_STRING_EQUAL(map_op_port_type(map_model_op(m, 0)), "CalcSoap");
    CU_ASSERT_STRING_EQUAL(map_op_action(map_model_op(m, 0)), "urn:calc/Add");
    CU_ASSERT_STRING_EQUAL(map_op_action12(map_model_op(m, 0)), "urn:calc/Add");
    CU_ASSERT_STRING_EQUAL(map_op_port_type(map_model_op(m, 1)), "CalcV2");
    CU_ASSERT_STRING_EQUAL(map_op_action(map_model_op(m, 1)), "urn:calc/v2/Add");
    CU_ASSERT_EQUAL_FATAL(map_model_note_count(m), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(map_model_note(m, 0), "asmx.wsdl:27: portType 'CalcHttpGet' is bound by no SOAP "
                                  "binding: its 1 operation is left out"));
    map_model_free(m);
}

static void test_map_model_load_missing_file_and_null(void)
{
    char err[256];
    map_model *m = NULL;

    CU_ASSERT_EQUAL(map_model_load("/nonexistent/x.wsdl", &m, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent/x.wsdl: No such file or directory");
    CU_ASSERT_EQUAL(map_model_load(NULL, &m, err, sizeof err), -1);
    CU_ASSERT_EQUAL(map_model_load("/nonexistent/x.wsdl", &m, NULL, 0), -1);
    CU_ASSERT_PTR_NULL(m);
    map_model_free(NULL);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Suite                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

static int suite_init(void)
{
    ref = load(test_mapping_wsdl_dir(), "InventoryService.wsdl");
    shapes = load(test_mapping_tests_wsdl_dir(), "shapes.wsdl");
    split = load(test_mapping_tests_wsdl_dir(), "split/Orders.wsdl");
    multi = load(test_mapping_tests_wsdl_dir(), "multi.wsdl");
    return ref != NULL && shapes != NULL && split != NULL && multi != NULL ? 0 : -1;
}

static int suite_cleanup(void)
{
    map_model_free(ref);
    map_model_free(shapes);
    map_model_free(split);
    map_model_free(multi);
    ref = shapes = split = multi = NULL;
    return 0;
}

#define TEST(fn) TEST_MAPPING_CASE(fn)

static const test_mapping_case tests[] = {
    TEST(test_map_model_reference_operations),
    TEST(test_map_model_reference_one_way_and_faults),
    TEST(test_map_model_reference_inheritance),
    TEST(test_map_model_reference_arrays_and_members),
    TEST(test_map_model_reference_simple_types),
    TEST(test_map_model_lookups),
    TEST(test_map_model_split_imports_and_forms),
    TEST(test_map_model_shapes_recursion),
    TEST(test_map_model_shapes_polymorphism),
    TEST(test_map_model_shapes_nested_choice),
    TEST(test_map_model_shapes_simple_content_any_all),
    TEST(test_map_model_shapes_facets_list_union_groups),
    TEST(test_map_model_multi_port_types_and_bindings),
    TEST(test_map_model_load_errors_name_construct_file_line),
    TEST(test_map_model_load_missing_file_and_null),
    TEST(test_map_model_notification_left_out_with_a_note),
    TEST(test_map_model_unbound_port_type_left_out),
};

int test_map_model_suite(void)
{
    return test_mapping_add_suite("map_model", suite_init, suite_cleanup, tests, sizeof tests / sizeof tests[0]);
}
