-- wrk script: GET /customers/{id}/balance for random customers of a `crystal load` run.
--   CUSTOMER_PREFIX  the ids' prefix printed by `crystal load` ("customers: LOAD_X_C0 .. LOAD_X_C999" -> LOAD_X_C)
--   CUSTOMERS        how many (ids are PREFIX0 .. PREFIX<CUSTOMERS-1>)
--   CRYSTAL_API_KEY  optional: sent as "Authorization: Bearer <key>" for a platform that requires API keys
local prefix = os.getenv("CUSTOMER_PREFIX") or error("CUSTOMER_PREFIX is not set")
local customers = tonumber(os.getenv("CUSTOMERS") or "100")
local key = os.getenv("CRYSTAL_API_KEY")
local headers = { ["Accept"] = "application/json" }
if key and key ~= "" then
  headers["Authorization"] = "Bearer " .. key
end
local thread_seed = 0

function setup(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  local path = "/customers/" .. prefix .. math.random(0, customers - 1) .. "/balance"
  return wrk.format("GET", path, headers)
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    end
  end
end
