#!/usr/bin/env bash
# tests/bench/run.sh - `make bench`: SOAP and REST throughput and latency next to a bare ceiling.
#
# What is measured.  Four targets, one after the other in one run, each loaded by wrk on loopback
# (127.0.0.1 only) for BENCH_SECONDS (default 10) with BENCH_CONNECTIONS keep-alive connections
# (default 64) from BENCH_WRK_THREADS wrk threads (default 2), after a short warm-up run
# (BENCH_WARMUP seconds, default 1, 0 for none):
#   ceiling    tests/bench/baseline: bare libmicrohttpd with soaprestd's daemon flags (internal polling
#              thread, poll, a pool of BENCH_SERVER_THREADS threads) answering a fixed small JSON body;
#   SOAP GET   soaprestd, SOAP 1.1 GetProduct (POST /InventoryService.svc, fixed envelope, soap_get.lua);
#   REST GET   soaprestd, GET /api/products/{id}: the same GetProduct through the JSON facade;
#   REST POST  soaprestd, POST /api/products (CreateProduct), a new unique Sku per request
#              (rest_post.lua), so every request writes one row to SQLite.
# Both servers run with BENCH_SERVER_THREADS worker threads (default 2); soaprestd gets a fresh
# database in a temp dir with one seeded product (Sku BENCH-1), which both GETs read.
#
# How to read it.  req/s counts every response; ok/s only the 2xx ones (a 409 for a duplicate Sku,
# a SOAP fault as HTTP 500, any 4xx/5xx is in "non-2xx", never in ok/s); "sock err" are connect/
# read/write errors and timeouts (wrk's 2 s default), which also mean something is wrong.  p50/p99
# are wrk's latency distribution (--latency) over the whole run.  The ratios use ok/s: "REST/SOAP"
# compares the same operation (GetProduct) through the two styles, "x ceiling" says how much of what
# libmicrohttpd alone can do on this machine each target keeps.  The Aim lines are issue 3's
# targets (REST >= 0.8 x SOAP for the same operation, SOAP >= 0.4 x ceiling), marked met / not met.
# wrk runs on the same machine and competes with the server for the CPUs (nproc is printed): the
# absolute numbers move with the machine and its load, the ratios much less; compare runs by ratios.
# Exit status: 0 whatever the numbers are (this is a measurement, not a test); 1 when a server does
# not start or dies, a pre-flight request gets a wrong answer, or wrk fails; 2 on a bad setting.
#
# Environment: SOAPRESTD (default ./soaprestd beside this tree), SOAPREST_WSDL_DIR (default wsdl/),
# BASELINE (a built tests/bench/baseline; without it the script compiles baseline.c with $CC),
# BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_WRK_THREADS, BENCH_SERVER_THREADS,
# BENCH_VERBOSE=1 (also print wrk's own reports).  Needs wrk (apt-get install wrk; installed here
# when missing and running as root) and curl.  Every process it starts is stopped by PID on exit,
# and its temp dir is removed.
# shellcheck disable=SC2317  # cleanup and stop_pid run from the EXIT trap
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
SOAPRESTD=${SOAPRESTD:-$TOP/soaprestd}
WSDL_DIR=${SOAPREST_WSDL_DIR:-$TOP/wsdl}
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-1}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
SRV_THREADS=${BENCH_SERVER_THREADS:-2}
VERBOSE=${BENCH_VERBOSE:-0}
START_TIMEOUT=15   # seconds for a server to print its address
STOP_TIMEOUT=15    # seconds for a server to exit after SIGTERM (soaprestd's grace is 10 s)

die() { echo "bench: $*" >&2; exit 1; }
bad_setting() { echo "bench: $*" >&2; exit 2; }

for v in SECS:BENCH_SECONDS CONNS:BENCH_CONNECTIONS WRK_THREADS:BENCH_WRK_THREADS \
         SRV_THREADS:BENCH_SERVER_THREADS; do
    name=${v%%:*}
    val=${!name}
    [[ $val =~ ^[1-9][0-9]{0,3}$ ]] || bad_setting "${v#*:} wants a positive integer, got '$val'"
done
[[ $WARMUP =~ ^[0-9]{1,3}$ ]] || bad_setting "BENCH_WARMUP wants an integer >= 0, got '$WARMUP'"
(( CONNS >= WRK_THREADS )) || bad_setting "BENCH_CONNECTIONS must be >= BENCH_WRK_THREADS"

# ---- processes and temp dir: everything goes by PID --------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/soaprest-bench.XXXXXX") || die "cannot create a temp dir"
PIDS=()

stop_pid() {   # SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "bench: pid $pid did not stop after SIGTERM, sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}

cleanup() {
    local pid
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do
        stop_pid "$pid"
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- tools ------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl is needed"
if ! command -v wrk >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "bench: wrk not found, installing the Debian package" >&2
        timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 \
            || { timeout 300 apt-get update -q >&2 &&
                 timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; } \
            || die "cannot install wrk (apt-get install wrk)"
    fi
    command -v wrk >/dev/null || die "wrk is needed (Debian: apt-get install wrk)"
fi
[[ -x $SOAPRESTD ]] || die "no soaprestd at $SOAPRESTD (make soaprestd, or set SOAPRESTD)"
[[ -f $WSDL_DIR/InventoryService.wsdl ]] || die "no InventoryService.wsdl in $WSDL_DIR"

if [[ -n ${BASELINE:-} ]]; then
    [[ -x $BASELINE ]] || die "BASELINE=$BASELINE is not an executable"
else
    BASELINE=$TMP/baseline
    # shellcheck disable=SC2046
    ${CC:-cc} -std=gnu11 -O2 -o "$BASELINE" "$HERE/baseline.c" \
        $(pkg-config --cflags --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lpthread \
        || die "cannot compile $HERE/baseline.c"
fi

# ---- servers ----------------------------------------------------------------------------------
# start NAME REGEX CMD...: runs CMD in the background, waits for a stdout line matching REGEX and
# sets URL to its first "http://..." word.
start() {
    local name=$1 re=$2 pid i line
    shift 2
    "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" &
    pid=$!
    PIDS+=("$pid")
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        line=$(grep -m1 -E "$re" "$TMP/$name.out" 2>/dev/null)
        if [[ -n $line ]]; then
            URL=$(grep -o -m1 -E 'http://[^ ]+' <<<"$line")
            eval "${name}_PID=$pid"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: $name did not start: $*" >&2
    sed 's/^/  stdout: /' "$TMP/$name.out" >&2
    sed 's/^/  stderr: /' "$TMP/$name.err" >&2
    exit 1
}

alive() {   # alive NAME PID: fails the run when the server is gone
    kill -0 "$2" 2>/dev/null && return 0
    echo "bench: $1 (pid $2) died during the run" >&2
    sed 's/^/  stderr: /' "$TMP/$1.err" | tail -20 >&2
    exit 1
}

start baseline '^baseline listening on http://' "$BASELINE" "$SRV_THREADS"
BASE_URL=${URL%/}
start soaprestd 'REST API +http://' "$SOAPRESTD" --listen 127.0.0.1:0 --db "$TMP/bench.db" \
    --wsdl "$WSDL_DIR/InventoryService.wsdl" --threads "$SRV_THREADS"
SR_URL=${URL%/api/}
[[ $BASE_URL =~ ^http://127\.0\.0\.1:[0-9]+$ && $SR_URL =~ ^http://127\.0\.0\.1:[0-9]+$ ]] \
    || die "unexpected addresses: baseline '$BASE_URL', soaprestd '$SR_URL'"

# ---- seed and pre-flight: each target answers what it should before it is measured -------------
CT=(--max-time 10 -s -o "$TMP/resp" -w '%{http_code}')
code=$(curl "${CT[@]}" -X POST -H 'Content-Type: application/json' \
    --data '{"Sku":"BENCH-1","Name":"Bench","Category":"Hardware","Price":"9.99","StockQuantity":1000000}' \
    "$SR_URL/api/products") || die "seeding: curl failed"
[[ $code == 201 ]] || die "seeding POST /api/products: HTTP $code: $(head -c 400 "$TMP/resp")"
ID=$(grep -o -m1 -E '"Id": *[0-9]+' "$TMP/resp" | grep -o -E '[0-9]+$')
[[ -n $ID ]] || die "seeding: no Id in $(head -c 400 "$TMP/resp")"

SOAP_ENV='<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetProduct xmlns="http://soaprest.org/inventory/2026/11"><id>'$ID'</id></GetProduct></s:Body></s:Envelope>'
preflight() {   # preflight WHAT WANT_CODE WANT_TEXT CURL-ARGS...
    local what=$1 want=$2 text=$3 code
    shift 3
    code=$(curl "${CT[@]}" "$@") || die "pre-flight $what: curl failed"
    if [[ $code != "$want" ]] || ! grep -q -- "$text" "$TMP/resp"; then
        die "pre-flight $what: HTTP $code (want $want with '$text'): $(head -c 400 "$TMP/resp")"
    fi
}
preflight "ceiling" 200 BENCH-1 "$BASE_URL/"
preflight "SOAP GetProduct" 200 '>BENCH-1<' -X POST -H 'Content-Type: text/xml; charset=utf-8' \
    -H 'SOAPAction: "http://soaprest.org/inventory/2026/11/IInventoryService/GetProduct"' \
    --data "$SOAP_ENV" "$SR_URL/InventoryService.svc"
preflight "REST GET" 200 '"Sku":"BENCH-1"' "$SR_URL/api/products/$ID"

# ---- load -------------------------------------------------------------------------------------
# run_wrk KEY LABEL SERVER URL SCRIPT [SCRIPT-ARGS...]: sets R_<KEY> to the BENCH line of the script.
LABELS=() KEYS=()
run_wrk() {
    local key=$1 label=$2 server=$3 url=$4 script=$5 out rc line
    shift 5
    local pid_var=${server}_PID
    if (( WARMUP > 0 )); then
        timeout -k 5 $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" \
            -s "$HERE/$script" "$url" -- "W$key" "$@" >"$TMP/warm-$key" 2>&1 \
            || { cat "$TMP/warm-$key" >&2; die "wrk (warm-up, $label) failed"; }
        alive "$server" "${!pid_var}"
    fi
    out=$TMP/wrk-$key
    echo "bench: $label: wrk -t$WRK_THREADS -c$CONNS -d${SECS}s --latency $url" >&2
    timeout -k 5 $((SECS + 60)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --latency \
        -s "$HERE/$script" "$url" -- "M$key" "$@" >"$out" 2>&1
    rc=$?
    [[ $VERBOSE == 1 ]] && sed 's/^/    /' "$out" >&2
    line=$(grep -m1 '^BENCH ' "$out")
    if (( rc != 0 )) || [[ -z $line ]]; then
        cat "$out" >&2
        die "wrk ($label) failed (exit $rc)"
    fi
    alive "$server" "${!pid_var}"
    printf -v "R_$key" '%s' "$line"
    LABELS+=("$label") KEYS+=("$key")
}

# Script arguments: the first is a per-run prefix (used by rest_post.lua for unique Skus), then the
# product id for soap_get.lua.
run_wrk CEIL "ceiling (bare MHD)" baseline "$BASE_URL/" report.lua
run_wrk SOAPGET "SOAP GetProduct" soaprestd "$SR_URL/InventoryService.svc" soap_get.lua "$ID"
run_wrk RESTGET "REST GET /api/products/{id}" soaprestd "$SR_URL/api/products/$ID" report.lua
run_wrk RESTPOST "REST POST /api/products" soaprestd "$SR_URL/api/products" rest_post.lua

# ---- table ------------------------------------------------------------------------------------
echo
echo "soaprest bench: wrk -t$WRK_THREADS -c$CONNS ${SECS}s per target, server threads $SRV_THREADS," \
     "$(nproc) CPUs shared by wrk and the server, loopback"
for i in "${!KEYS[@]}"; do
    r="R_${KEYS[$i]}"
    printf '%s|%s\n' "${LABELS[$i]}" "${!r}"
done | awk -F'|' -v soap_aim=0.4 -v rest_aim=0.8 '
function kv(s, k,   m) { return match(s, " " k "=[0-9]+") ? substr(s, RSTART + length(k) + 2, RLENGTH - length(k) - 2) + 0 : -1 }
function ms(us) { return sprintf("%.2f ms", us / 1000.0) }
{
    n++; label[n] = $1
    req = kv($2, "requests"); dur = kv($2, "duration_us") / 1e6
    bad[n] = kv($2, "non2xx"); serr[n] = kv($2, "sockerr")
    rps[n] = dur > 0 ? req / dur : 0
    ok[n] = dur > 0 ? (req - bad[n]) / dur : 0
    p50[n] = kv($2, "p50_us"); p99[n] = kv($2, "p99_us")
}
END {
    ceil = ok[1]; soap = ok[2]; rest = ok[3]
    fmt = "%-28s %10s %10s %10s %10s %9s %9s %10s\n"
    printf(fmt, "target", "req/s", "ok/s", "p50", "p99", "non-2xx", "sock err", "x ceiling")
    for (i = 1; i <= n; i++)
        printf(fmt, label[i], sprintf("%.0f", rps[i]), sprintf("%.0f", ok[i]), ms(p50[i]), ms(p99[i]),
               bad[i], serr[i], (ceil > 0 ? sprintf("%.2f", ok[i] / ceil) : "-"))
    print ""
    r_rest = (soap > 0 ? rest / soap : 0)
    r_soap = (ceil > 0 ? soap / ceil : 0)
    printf "REST GET / SOAP GET (same operation, GetProduct): %.2f\n", r_rest
    printf("SOAP GET / ceiling: %.2f   REST GET / ceiling: %.2f   REST POST / ceiling: %.2f\n",
           r_soap, (ceil > 0 ? rest / ceil : 0), (ceil > 0 ? ok[4] / ceil : 0))
    print ""
    printf("Aim (issue 3): REST >= %.1f x SOAP for the same operation: %.2f  %s\n", rest_aim, r_rest,
           (r_rest >= rest_aim ? "met" : "NOT MET"))
    printf("Aim (issue 3): SOAP >= %.1f x ceiling:                    %.2f  %s\n", soap_aim, r_soap,
           (r_soap >= soap_aim ? "met" : "NOT MET"))
    for (i = 1; i <= n; i++)
        if (bad[i] > 0 || serr[i] > 0)
            printf("note: %s had %d non-2xx responses and %d socket errors\n", label[i], bad[i], serr[i])
}'
exit 0
