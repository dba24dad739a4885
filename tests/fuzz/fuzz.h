/* fuzz.h - shared by the libFuzzer harnesses of tests/fuzz/ (one LLVMFuzzerTestOneInput per parser
 * entry point of mapping/) and by run_corpus.c, which replays saved inputs through one harness with a
 * plain main() so that `make check` needs neither clang nor libFuzzer. */
#ifndef SOAPREST_FUZZ_H
#define SOAPREST_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"
#include "route.h"

/* The libFuzzer entry point each fuzz_<target>.c defines: never fails, a bug is a crash or a leak. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The contracts a harness can pick with the selector byte (fuzz_pick). */
enum fuzz_contract {
    FUZZ_REFERENCE,   /* wsdl/InventoryService.wsdl, routes from wsdl/InventoryService.map.json */
    FUZZ_SHAPES,      /* tests/mapping/wsdl/shapes.wsdl, routes inferred */
    FUZZ_EMPTY_GROUP, /* tests/mapping/wsdl/empty_group.wsdl: once crashed map_response_json */
    FUZZ_NCONTRACTS
};

/* Decodes the selector byte that starts every transcoder and route input:
 *   bits 5-6  contract (enum fuzz_contract; 3 wraps around to FUZZ_REFERENCE)
 *   bits 0-4  operation index, modulo the contract's operation count
 *   bit  7    SOAP 1.2 instead of SOAP 1.1 (request harness only)
 * Loads the contract's model and routes on first use (static; freed at exit). Aborts when a contract
 * does not load: that is a broken setup, not a finding. Sets *m and *rs (either may be NULL when the
 * caller does not want it) and returns the operation. */
const map_op *fuzz_pick(uint8_t selector, const map_model **m, const map_routes **rs);

/* The absolute or relative path of a file of the reference contract ("InventoryService.xsd"), in
 * $SOAPREST_WSDL_DIR, else in FUZZ_TOP_SRCDIR/wsdl (a compile-time define, "." when unset). Returns a
 * pointer to a static buffer overwritten by the next call. */
const char *fuzz_reference_file(const char *name);

#endif /* SOAPREST_FUZZ_H */
