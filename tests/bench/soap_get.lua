-- tests/bench/soap_get.lua - wrk script: SOAP 1.1 GetProduct with one fixed envelope for the product
-- run.sh seeds (`wrk ... -s soap_get.lua URL -- TAG ID`, ID 1 by default).  The request is static: wrk
-- formats it once per thread after init(), so there is no per-request Lua.
-- non2xx is wrk's own counter (status > 399): a SOAP fault comes back as HTTP 500 and is counted.
-- report() and done() from report.lua, found beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

wrk.method = "POST"
wrk.path = "/InventoryService.svc"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["SOAPAction"] = '"http://soaprest.org/inventory/2026/11/IInventoryService/GetProduct"'

local function envelope(id)
   return '<?xml version="1.0" encoding="utf-8"?>'
      .. '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
      .. '<GetProduct xmlns="http://soaprest.org/inventory/2026/11"><id>' .. id .. '</id></GetProduct>'
      .. '</s:Body></s:Envelope>'
end
wrk.body = envelope(1)

function init(args)
   local id = tonumber(args[2] or "")
   if id then wrk.body = envelope(string.format("%d", id)) end
end

