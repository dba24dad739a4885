#!/bin/sh
# lint.sh - lints generated OpenAPI documents with redocly's recommended rules; errors fail, warnings
# are shown. Usage:
#   lint.sh FILE...   lints the given documents
#   lint.sh           (make check) generates and lints the reference contract's document (with its
#                     mapping file, and by the conventions alone) and the conventions-only document of
#                     every test WSDL under tests/mapping/wsdl (invalid/ excepted)
# Environment: REDOCLY (the redocly executable; else `redocly` on PATH; neither: exit 77, skipped),
# DUMP_OPENAPI (tests/openapi/dump_openapi, needed without FILE), SOAPREST_WSDL_DIR (default: wsdl/
# next to tests/), SOAPREST_TEST_WSDL_DIR (default: tests/mapping/wsdl).

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
server=https://api.soaprest.test # redocly warns about localhost and example.com

redocly=${REDOCLY:-$(command -v redocly 2>/dev/null)}
if [ -z "$redocly" ]; then
    echo "lint.sh: SKIP: set REDOCLY to a redocly executable (npm install @redocly/cli@2.77.0)"
    exit 77
fi
# No telemetry and no update check: make check must not depend on the network.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_TELEMETRY REDOCLY_SUPPRESS_UPDATE_NOTICE

lint() {
    echo "lint.sh: $1"
    "$redocly" lint --extends recommended "$1"
}

if [ $# -gt 0 ]; then
    rc=0
    for f in "$@"; do lint "$f" || rc=1; done
    exit $rc
fi

if [ -z "$DUMP_OPENAPI" ] || [ ! -x "$DUMP_OPENAPI" ]; then
    echo "lint.sh: DUMP_OPENAPI must name the dump_openapi program" >&2
    exit 99 # a broken test setup, not a skip
fi
wsdl_dir=${SOAPREST_WSDL_DIR:-$top/wsdl}
test_dir=${SOAPREST_TEST_WSDL_DIR:-$top/tests/mapping/wsdl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint-openapi.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

rc=0
n=0
# dump_and_lint NAME WSDL MAPPING|-
dump_and_lint() {
    n=$((n + 1))
    out="$tmp/$n-$1.json"
    if ! "$DUMP_OPENAPI" "$2" "$3" "$server" > "$out"; then
        echo "lint.sh: FAIL: cannot generate the document of $2" >&2
        rc=1
        return
    fi
    lint "$out" || rc=1
}

dump_and_lint reference "$wsdl_dir/InventoryService.wsdl" "$wsdl_dir/InventoryService.map.json"
dump_and_lint conventions "$wsdl_dir/InventoryService.wsdl" -
for w in "$test_dir"/*.wsdl "$test_dir"/*/*.wsdl; do
    [ -f "$w" ] || continue
    case "$w" in */invalid/*) continue ;; esac
    dump_and_lint "$(basename "$w" .wsdl)" "$w" -
done
exit $rc
