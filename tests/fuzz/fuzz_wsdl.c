/* fuzz_wsdl.c - libFuzzer harness for contract loading: the input is written to a WSDL file and read by
 * map_model_load and map_meta_load; what loads is rendered (routes inferred, OpenAPI, help page, every
 * published metadata document). The reference contract's XSD files sit next to the input, so a WSDL
 * importing them by relative schemaLocation (the reference WSDL in the seed corpus) loads completely.
 * The temporary folder lives as long as the process and is removed at exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "openapi.h"

#define WSDL_MAX_INPUT (128 * 1024)

/* The reference schemas copied next to the input. */
static const char *const side_files[] = {"InventoryService.xsd", "Soaprest.Inventory.xsd", "Arrays.xsd",
                                         "Serialization.xsd"};
#define NSIDE (sizeof(side_files) / sizeof(side_files[0]))

static char tmpdir[4096];
static char input_path[4096 + 16];

static void tmpdir_remove(void)
{
    char p[4096 + 64];
    for (size_t i = 0; i < NSIDE; i++) {
        snprintf(p, sizeof(p), "%s/%s", tmpdir, side_files[i]);
        unlink(p);
    }
    unlink(input_path);
    rmdir(tmpdir);
}

/* Writes size bytes to path; returns 0, or -1 (the file may then be partial). */
static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    int rc;

    if (!f)
        return -1;
    rc = fwrite(data, 1, size, f) == size ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

/* Copies a reference file into tmpdir; aborts on failure (a broken setup, not a finding). */
static void copy_side_file(const char *name)
{
    static char buf[64 * 1024];
    char to[4096 + 64];
    const char *from = fuzz_reference_file(name);
    FILE *f = fopen(from, "rb");
    size_t n;

    if (!f || (n = fread(buf, 1, sizeof(buf), f)) == sizeof(buf) || ferror(f)) {
        fprintf(stderr, "fuzz: cannot read %s\n", from);
        abort();
    }
    fclose(f);
    snprintf(to, sizeof(to), "%s/%s", tmpdir, name);
    if (write_file(to, buf, n)) {
        fprintf(stderr, "fuzz: cannot write %s\n", to);
        abort();
    }
}

static void tmpdir_create(void)
{
    const char *t = getenv("TMPDIR");

    snprintf(tmpdir, sizeof(tmpdir), "%s/soaprest-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    snprintf(input_path, sizeof(input_path), "%s/input.wsdl", tmpdir);
    atexit(tmpdir_remove);
    for (size_t i = 0; i < NSIDE; i++)
        copy_side_file(side_files[i]);
}

static void render_model(const map_model *m)
{
    map_routes *rs = NULL;
    char err[1024];
    size_t len;

    if (map_routes_load(m, NULL, &rs, err, sizeof(err)))
        return;
    free(map_openapi_render(m, rs, NULL, NULL, "http://localhost:8080", &len));
    free(map_help_render(m, rs, NULL, &len));
    map_routes_free(rs);
}

static void render_meta(const map_meta *meta)
{
    const char *origin = "http://fuzz.example:8080";
    size_t len;

    free(map_meta_render(meta, MAP_META_WSDL, 0, origin, &len));
    free(map_meta_render(meta, MAP_META_SINGLE_WSDL, 0, origin, &len));
    for (size_t i = 0; i < map_meta_xsd_count(meta); i++)
        free(map_meta_render(meta, MAP_META_XSD, i, origin, &len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    map_model *m = NULL;
    map_meta *meta = NULL;
    char err[1024];

    if (size > WSDL_MAX_INPUT)
        return 0;
    if (!*tmpdir)
        tmpdir_create();
    if (write_file(input_path, data, size)) {
        fprintf(stderr, "fuzz: cannot write %s\n", input_path);
        abort();
    }
    if (map_model_load(input_path, &m, err, sizeof(err)) == 0) {
        render_model(m);
        map_model_free(m);
    }
    if (map_meta_load(input_path, &meta, err, sizeof(err)) == 0) {
        render_meta(meta);
        map_meta_free(meta);
    }
    return 0;
}
