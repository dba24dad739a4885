-- tests/bench/report.lua - wrk script for plain GETs (the baseline, REST GET /api/products/{id}):
-- no per-request Lua, only the machine-readable summary line that run.sh parses.
-- non2xx here is wrk's own counter (responses with status > 399); no 1xx/3xx are expected.
-- The other scripts load this file for report() (see bench_load_report below).
function report(summary, latency, non2xx)
   local e = summary.errors
   io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      non2xx, e.connect + e.read + e.write + e.timeout))
end

function done(summary, latency, requests)
   report(summary, latency, summary.errors.status)
end
