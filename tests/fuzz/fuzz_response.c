/* fuzz_response.c - libFuzzer harness for SOAP response or fault -> JSON (map_response_json).
 * Input: one selector byte (fuzz.h: contract, operation), then the envelope bytes as received. */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"

#define RESPONSE_MAX_INPUT (64 * 1024) /* callers bound the size (map.h); so do we */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const map_model *m;
    const map_op *op;
    json_t *out = NULL;
    map_fault_info fault;
    map_error err;

    if (size < 1 || size > RESPONSE_MAX_INPUT)
        return 0;
    op = fuzz_pick(data[0], &m, NULL);
    memset(&fault, 0, sizeof(fault));
    if (map_response_json(m, op, (const char *)data + 1, size - 1, &out, &fault, &err) == 1)
        json_decref(fault.detail);
    json_decref(out);
    return 0;
}
