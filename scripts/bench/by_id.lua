-- wrk script: GET /api/v1/requests/{id} for random ids in 1..BENCH_MAX_ID.
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
function init(args)
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
function request()
    return wrk.format("GET", "/api/v1/requests/" .. math.random(1, max_id))
end
