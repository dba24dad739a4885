#!/bin/bash
# build.sh - generates and compiles the Mono WCF client of the interop matrix from a live daemon.
#
#   build.sh ENDPOINT_URL OUTDIR
#
# ENDPOINT_URL is http://HOST:PORT/InventoryService.svc. For each of ?wsdl and ?singleWsdl:
#   1. Mono's svcutil (it takes a URL, not a file) writes a proxy into OUTDIR/<kind>/;
#   2. the proxy must be non-empty (an [OperationContract] per wsdl:operation) and carry no
#      Action="*" (what svcutil writes when the WSDL lacks wsaw:Action);
#   3. add_faults.py adds the fault detail classes and [FaultContract] attributes;
#   4. mcs compiles the proxy with Interop.cs into OUTDIR/<kind>/interop.exe.
# Prints one line per metadata document, in the matrix's result format:
#     RESULT svcutil?wsdl PASS|FAIL reason
#     RESULT svcutil?singleWsdl PASS|FAIL reason
# and leaves OUTDIR/interop.exe pointing at the ?wsdl build (the ?singleWsdl one when ?wsdl failed,
# so that the operations still get tested). Exit 0 when both passed, 1 when one failed, 77 when
# the Mono toolchain is missing.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:?usage: build.sh ENDPOINT_URL OUTDIR}"
out="${2:?usage: build.sh ENDPOINT_URL OUTDIR}"
PY=/usr/bin/python3

for tool in svcutil mcs mono; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not found (apt-get install mono-devel libmono-system-servicemodel4.0a-cil)"
        exit 77
    fi
done

mkdir -p "$out"
nops=$("$PY" - "$url?singleWsdl" <<'EOF'
import sys, urllib.request, xml.etree.ElementTree as ET
W = "{http://schemas.xmlsoap.org/wsdl/}"
root = ET.fromstring(urllib.request.urlopen(sys.argv[1], timeout=30).read())
print(sum(len(pt.findall(W + "operation")) for pt in root.findall(W + "portType")))
EOF
) || nops=0

build() {   # build KIND QUERY
    local kind=$1 query=$2 dir="$out/$1" n
    rm -rf "$dir"; mkdir -p "$dir"
    if ! (cd "$dir" && timeout 120 svcutil --noLogo -o proxy.cs "$url?$query" >svcutil.log 2>&1); then
        echo "RESULT svcutil?$query FAIL svcutil failed: $(tail -n 3 "$dir/svcutil.log" | tr '\n' ' ')"
        return 1
    fi
    n=$(grep -c 'OperationContractAttribute(' "$dir/proxy.cs" 2>/dev/null)
    if [ "${n:-0}" -eq 0 ]; then
        echo "RESULT svcutil?$query FAIL svcutil wrote an empty proxy ($(wc -c <"$dir/proxy.cs") bytes, no [OperationContract]): see design.md; the WSDL is not consumable by Mono's importer"
        return 1
    fi
    if [ "$n" -ne "$nops" ]; then
        echo "RESULT svcutil?$query FAIL partial proxy: $n [OperationContract] for $nops wsdl:operation"
        return 1
    fi
    if grep -q 'Action="\*"' "$dir/proxy.cs"; then
        echo "RESULT svcutil?$query FAIL the proxy has Action=\"*\" (no wsaw:Action in the WSDL)"
        return 1
    fi
    if ! timeout 60 "$PY" "$here/add_faults.py" "$url?$query" "$dir/proxy.cs" "$dir/proxy_faults.cs" \
            >"$dir/add_faults.log" 2>&1; then
        echo "RESULT svcutil?$query FAIL add_faults.py: $(tail -n 2 "$dir/add_faults.log" | tr '\n' ' ')"
        return 1
    fi
    if ! timeout 180 mcs -nologo -debug- -warn:0 -out:"$dir/interop.exe" \
            -r:System.ServiceModel.dll -r:System.Runtime.Serialization.dll \
            "$dir/proxy_faults.cs" "$here/Interop.cs" >"$dir/mcs.log" 2>&1; then
        echo "RESULT svcutil?$query FAIL mcs: $(grep -m 3 error "$dir/mcs.log" | tr '\n' ' ')"
        return 1
    fi
    echo "RESULT svcutil?$query PASS"
    return 0
}

rc=0
build wsdl wsdl; ok_wsdl=$?
build single singleWsdl; ok_single=$?
rm -f "$out/interop.exe"
if [ $ok_wsdl -eq 0 ]; then
    cp "$out/wsdl/interop.exe" "$out/interop.exe"
elif [ $ok_single -eq 0 ]; then
    cp "$out/single/interop.exe" "$out/interop.exe"
fi
[ $ok_wsdl -eq 0 ] && [ $ok_single -eq 0 ] || rc=1
exit $rc
