-- wrk script: one durable settlement per request (POST /collections/process-settlement), unique ids per thread.
-- Create the customer first and pass the admin key, e.g.:
--   curl -s -H "Authorization: Bearer $(cat data/admin.key)" -H 'Content-Type: application/json' \
--        -d '{"customerId":"WRK_C1","openingBalance":1000000.00}' http://127.0.0.1:8080/customers
--   CRYSTAL_API_KEY=$(cat data/admin.key) wrk -t2 -c64 -d30s -s examples/load/wrk-settlement.lua http://127.0.0.1:8080
-- Payouts only (a collection could run the balance dry); WRK_CUSTOMER picks another customer.
local counter = 0
local threads = 0
local key = os.getenv("CRYSTAL_API_KEY") or ""
local customer = os.getenv("WRK_CUSTOMER") or "WRK_C1"
local run = tostring(os.time())

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = "WRK_" .. run .. "_" .. tostring(tid) .. "_"
end

function request()
  counter = counter + 1
  local body = '{"settlementId":"' .. prefix .. counter .. '","customerId":"' .. customer
      .. '","amount":10.00,"type":"payout"}'
  return wrk.format("POST", "/collections/process-settlement",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
