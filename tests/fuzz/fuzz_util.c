/* fuzz_util.c - contract loading for the fuzz harnesses: each contract is read once, on first use, and
 * freed at exit so that LeakSanitizer sees a clean process. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR "."
#endif

/* One row per enum fuzz_contract. dir_env: where the file lives, else below FUZZ_TOP_SRCDIR. */
static const struct contract_file {
    const char *dir_env, *dir_default, *wsdl, *mapping; /* mapping NULL: routes inferred */
} contract_files[FUZZ_NCONTRACTS] = {
    {"SOAPREST_WSDL_DIR", FUZZ_TOP_SRCDIR "/wsdl", "InventoryService.wsdl", "InventoryService.map.json"},
    {"SOAPREST_TEST_WSDL_DIR", FUZZ_TOP_SRCDIR "/tests/mapping/wsdl", "shapes.wsdl", NULL},
    {"SOAPREST_TEST_WSDL_DIR", FUZZ_TOP_SRCDIR "/tests/mapping/wsdl", "empty_group.wsdl", NULL},
};

static map_model *models[FUZZ_NCONTRACTS];
static map_routes *routes[FUZZ_NCONTRACTS];

static void contracts_free(void)
{
    for (size_t i = 0; i < FUZZ_NCONTRACTS; i++) {
        map_routes_free(routes[i]);
        map_model_free(models[i]);
        routes[i] = NULL;
        models[i] = NULL;
    }
}

static const char *contract_path(const struct contract_file *cf, const char *name, char *buf, size_t n)
{
    const char *dir = getenv(cf->dir_env);
    snprintf(buf, n, "%s/%s", dir && *dir ? dir : cf->dir_default, name);
    return buf;
}

/* Loads contract c; any failure aborts (see fuzz.h). */
static void contract_load(enum fuzz_contract c)
{
    static int registered;
    const struct contract_file *cf = &contract_files[c];
    char wsdl[4096], mapping[4096], err[1024];

    if (!registered && atexit(contracts_free) == 0)
        registered = 1;
    contract_path(cf, cf->wsdl, wsdl, sizeof(wsdl));
    if (map_model_load(wsdl, &models[c], err, sizeof(err))) {
        fprintf(stderr, "fuzz: cannot load %s: %s\n", wsdl, err);
        abort();
    }
    if (map_routes_load(models[c], cf->mapping ? contract_path(cf, cf->mapping, mapping, sizeof(mapping))
                                               : NULL, &routes[c], err, sizeof(err))) {
        fprintf(stderr, "fuzz: cannot load the routes of %s: %s\n", wsdl, err);
        abort();
    }
}

const map_op *fuzz_pick(uint8_t selector, const map_model **m, const map_routes **rs)
{
    enum fuzz_contract c = (enum fuzz_contract)(((selector >> 5) & 3u) % FUZZ_NCONTRACTS);
    size_t nops;

    if (!models[c])
        contract_load(c);
    if (m)
        *m = models[c];
    if (rs)
        *rs = routes[c];
    nops = map_model_op_count(models[c]);
    return nops ? map_model_op(models[c], (selector & 0x1fu) % nops) : NULL;
}

const char *fuzz_reference_file(const char *name)
{
    static char buf[4096];
    return contract_path(&contract_files[FUZZ_REFERENCE], name, buf, sizeof(buf));
}
