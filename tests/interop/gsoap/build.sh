#!/bin/bash
# build.sh - generates the gSOAP C client of the interop matrix from a live daemon and compiles it.
#
#   build.sh ENDPOINT_URL OUTDIR
#
# wsdl2h reads the live ?wsdl (ENDPOINT_URL?wsdl, with its ?xsd=xsdN imports); soapcpp2 writes the
# client stubs into OUTDIR (generated code is never committed); cc compiles client.c with them
# into OUTDIR/gsoap-client. Prints "RESULT wsdl PASS|FAIL reason" (the matrix's metadata cell for
# this client). Exit 0 on success, 1 on a failure, 77 when the gSOAP toolchain is missing.
#
# wsdl2h -c -F: C, with transient members that simulate the PerishableProduct derivation.
# soapcpp2 -1: the WSDL has a SOAP 1.1 and a SOAP 1.2 binding, which wsdl2h collects into one
# service; without -1 the namespace table puts the SOAP 1.2 envelope first and the client would
# send SOAP 1.2 to the SOAP 1.1 endpoint. This client tests the SOAP 1.1 binding.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:?usage: build.sh ENDPOINT_URL OUTDIR}"
out="${2:?usage: build.sh ENDPOINT_URL OUTDIR}"
CC="${CC:-cc}"

for tool in wsdl2h soapcpp2 "$CC" pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not found (apt-get install gsoap libgsoap-dev)"; exit 77; }
done
pkg-config --exists gsoap || { echo "SKIP: pkg-config has no gsoap (apt-get install libgsoap-dev)"; exit 77; }
import=""
for d in /usr/share/gsoap/import /usr/local/share/gsoap/import; do [ -d "$d" ] && import="$d" && break; done
[ -n "$import" ] || { echo "SKIP: gSOAP's import directory is missing"; exit 77; }

rm -rf "$out"; mkdir -p "$out"
if ! timeout 120 wsdl2h -c -F -x -t "$here/typemap.dat" -o "$out/inventory.h" "$url?wsdl" >"$out/wsdl2h.log" 2>&1; then
    echo "RESULT wsdl FAIL wsdl2h: $(grep -iE 'error|fail' "$out/wsdl2h.log" | head -n 3 | tr '\n' ' ')"
    exit 1
fi
if ! timeout 120 soapcpp2 -C -c -1 -L -x -I"$import" -I"$import/.." -d "$out" "$out/inventory.h" >"$out/soapcpp2.log" 2>&1; then
    echo "RESULT wsdl FAIL soapcpp2: $(grep -iE 'error' "$out/soapcpp2.log" | head -n 3 | tr '\n' ' ')"
    exit 1
fi
nsmap="$out/BasicHttpBinding_USCOREIInventoryService.nsmap"
if [ ! -f "$nsmap" ]; then
    echo "RESULT wsdl FAIL soapcpp2 wrote no $(basename "$nsmap") (the binding is not named BasicHttpBinding_IInventoryService?)"
    exit 1
fi
# shellcheck disable=SC2046
if ! timeout 300 "$CC" -std=gnu99 -O1 -w -I"$out" $(pkg-config --cflags gsoap) -o "$out/gsoap-client" \
        "$here/client.c" "$out/soapC.c" "$out/soapClient.c" $(pkg-config --libs gsoap) >"$out/cc.log" 2>&1; then
    echo "RESULT wsdl FAIL cc: $(grep -m 3 error "$out/cc.log" | tr '\n' ' ')"
    exit 1
fi
echo "RESULT wsdl PASS"
