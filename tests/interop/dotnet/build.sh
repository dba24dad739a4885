#!/bin/bash
# build.sh - generates and builds the .NET WCF client of the interop matrix from a live daemon.
#
#   build.sh ENDPOINT_URL OUTDIR
#
# ENDPOINT_URL is http://HOST:PORT/InventoryService.svc. Everything is written under OUTDIR (the
# source tree may be read-only, as in make distcheck):
#   1. wsdl2cs.py writes the client contract from ?wsdl into OUTDIR/src/dotnet/Contract.cs, and
#      from ?singleWsdl into OUTDIR/Contract.single.cs; the two must be identical;
#   2. the project (Interop.csproj, ContractCheck.cs, ../wcf/Interop.cs) is copied to OUTDIR/src,
#      restored from the NuGet registry (System.ServiceModel.Http/Primitives 10.1.0) and built into
#      OUTDIR/bin (obj/ stays in OUTDIR/src, no build server outlives the build);
#   3. the built contract is compared with each metadata document (Interop.dll --contract).
# Prints, in the matrix's result format:
#     RESULT wsdl PASS|FAIL reason          (generated from ?wsdl, built, matches ?wsdl)
#     RESULT singleWsdl PASS|FAIL reason    (?singleWsdl gives the same contract, matches it)
# Exit 0 when both passed (OUTDIR/bin/Interop.dll is then there), 1 when one failed, 77 when the
# .NET SDK is missing or the restore failed while SOAPREST_INTEROP_REQUIRED is not 1.
# DOTNET names the dotnet program (default: dotnet on PATH).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:?usage: build.sh ENDPOINT_URL OUTDIR}"
out="${2:?usage: build.sh ENDPOINT_URL OUTDIR}"
PY=/usr/bin/python3
DOTNET="${DOTNET:-dotnet}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
       DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_GENERATE_ASPNET_CERTIFICATE=false MSBUILDDISABLENODEREUSE=1

fail_both() {   # fail_both REASON: both cells fail for one reason, exit 1
    echo "RESULT wsdl FAIL $1"
    echo "RESULT singleWsdl FAIL $1"
    exit 1
}

if ! command -v "$DOTNET" >/dev/null 2>&1; then
    echo "SKIP: $DOTNET not found (the .NET SDK 10 is needed: see doc/wcf.md)"
    exit 77
fi

rm -rf "$out"
mkdir -p "$out/src/dotnet" "$out/src/wcf" "$out/bin"
cp "$here/Interop.csproj" "$here/ContractCheck.cs" "$out/src/dotnet/"
cp "$here/../wcf/Interop.cs" "$out/src/wcf/"

if ! timeout 60 "$PY" "$here/wsdl2cs.py" "$url?wsdl" "$out/src/dotnet/Contract.cs" >"$out/wsdl2cs.log" 2>&1; then
    fail_both "wsdl2cs.py on ?wsdl: $(tail -n 2 "$out/wsdl2cs.log" | tr '\n' ' ')"
fi
single_ok=1
if ! timeout 60 "$PY" "$here/wsdl2cs.py" "$url?singleWsdl" "$out/Contract.single.cs" >>"$out/wsdl2cs.log" 2>&1; then
    single_ok=0; single_why="wsdl2cs.py on ?singleWsdl: $(tail -n 2 "$out/wsdl2cs.log" | tr '\n' ' ')"
elif ! cmp -s "$out/src/dotnet/Contract.cs" "$out/Contract.single.cs"; then
    single_ok=0; single_why="?singleWsdl gives another C# contract than ?wsdl: $(diff "$out/src/dotnet/Contract.cs" "$out/Contract.single.cs" | head -n 4 | tr '\n' ' ')"
fi

proj="$out/src/dotnet/Interop.csproj"
if ! timeout 180 "$DOTNET" restore "$proj" --disable-build-servers -nologo >"$out/restore.log" 2>&1; then
    why="dotnet restore failed (is the NuGet registry reachable?): $(grep -m 2 -E 'error' "$out/restore.log" | tr '\n' ' ')"
    if [ "${SOAPREST_INTEROP_REQUIRED:-}" != 1 ]; then
        echo "SKIP: $why"
        exit 77
    fi
    fail_both "$why"
fi
if ! timeout 180 "$DOTNET" build "$proj" --no-restore --disable-build-servers -nologo -c Release \
        -o "$out/bin" -p:UseSharedCompilation=false -nodeReuse:false >"$out/build.log" 2>&1; then
    fail_both "dotnet build: $(grep -m 3 -E 'error' "$out/build.log" | sed 's/^.*: error/error/' | tr '\n' ' ')"
fi

check() {   # check QUERY: prints the cell's reason on failure, returns non-zero
    if ! timeout 60 "$DOTNET" "$out/bin/Interop.dll" --contract "$url?$1" >"$out/contract-$1.log" 2>&1; then
        echo "the C# contract differs from ?$1: $(grep -m 3 -E '^DIFF|Exception' "$out/contract-$1.log" | tr '\n' ' ' | cut -c 1-400)"
        return 1
    fi
}

rc=0
if why=$(check wsdl); then echo "RESULT wsdl PASS"; else echo "RESULT wsdl FAIL $why"; rc=1; fi
if [ $single_ok -eq 1 ] && why=$(check singleWsdl); then
    echo "RESULT singleWsdl PASS"
else
    [ $single_ok -eq 1 ] || why=$single_why
    echo "RESULT singleWsdl FAIL $why"; rc=1
fi
exit $rc
