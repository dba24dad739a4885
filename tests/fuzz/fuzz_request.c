/* fuzz_request.c - libFuzzer harness for JSON -> SOAP request (map_request_xml).
 * Input: one selector byte (fuzz.h: contract, operation, bit 7 = SOAP 1.2), then the JSON body. */
#include <stdlib.h>

#include <jansson.h>

#include "fuzz.h"

#define REQUEST_MAX_INPUT (64 * 1024) /* the REST front caps bodies far below; keeps each run short */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const map_model *m;
    const map_op *op;
    json_t *body;
    json_error_t jerr;
    map_error err;
    char *xml = NULL;
    size_t len;

    if (size < 1 || size > REQUEST_MAX_INPUT)
        return 0;
    op = fuzz_pick(data[0], &m, NULL);
    /* The REST front parses bodies with the same flags: what it can hand over is what we fuzz. */
    body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!body)
        return 0;
    if (map_request_xml(m, op, body, data[0] & 0x80 ? 2 : 1, &xml, &len, &err) == 0)
        free(xml);
    json_decref(body);
    return 0;
}
