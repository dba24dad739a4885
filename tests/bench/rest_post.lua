-- tests/bench/rest_post.lua - wrk script: REST POST /api/products (CreateProduct), one new product
-- per request.  The Sku is unique per request: PREFIX-THREAD-COUNTER, PREFIX from the script
-- argument (`wrk ... -s rest_post.lua URL -- PREFIX`, [A-Z0-9]+, a new one for every wrk run against
-- the same database).  CreateProduct answers a duplicate Sku with 409: every response outside 2xx
-- is counted here, per thread, and reported as non2xx (not successes).
-- report() and done() from report.lua, found beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
local threads = {}
local next_id = 1

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local prefix = "B"
local counter = 0
non2xx = 0

function init(args)
   if args[1] then prefix = args[1] end
end

local headers = { ["Content-Type"] = "application/json" }

function request()
   counter = counter + 1
   local body = string.format(
      '{"Sku":"%s-%d-%d","Name":"Bench","Category":"Hardware","Price":"9.99","StockQuantity":1}',
      prefix, tid, counter)
   return wrk.format("POST", "/api/products", headers, body)
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local bad = 0
   for _, t in ipairs(threads) do
      bad = bad + (t:get("non2xx") or 0)
   end
   report(summary, latency, bad)
end
