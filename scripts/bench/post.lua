-- wrk script: agency staff posting valid requests (session cookie from BENCH_COOKIE),
-- each with a distinct case number, a 2-hour time frame ending an hour ago and a
-- ~0.07 sq mi area at a random spot in Honolulu: every rule runs on every post. Honolulu
-- is outside every view the feed benchmark asks for, so posts from one run do not
-- change what the next run's feed reads.
local cookie = os.getenv("BENCH_COOKIE") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local thread_id = 0
local counter = 0

function setup(thread)
    thread_id = thread_id + 1
    thread:set("tid", thread_id)
end

-- Per wrk process: the warm-up and the measured run share BENCH_RUN, and a case
-- number may be used twice at most.
local nonce = 0

function init(args)
    math.randomseed(os.time() + tid * 104729 + math.floor(os.clock() * 1e6))
    nonce = math.random(1, 999999)
end

local function stamp(t)
    return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

function request()
    counter = counter + 1
    local now = os.time()
    local lat = 21.28 + math.random() * 0.1
    local lng = -157.90 + math.random() * 0.15
    local d = 0.004 -- ~0.42 km × 0.44 km at this latitude ≈ 0.07 sq mi
    local body = string.format(
        '{"incident_type":"theft","case_number":"B%s-%d-%d-%d","title":"Package theft near Main St",' ..
        '"description":"Looking for doorbell footage of a person taking parcels from porches.",' ..
        '"contact":{"email":"records@seed-agency-00001.example"},' ..
        '"time_frame":{"start":"%s","end":"%s"},' ..
        '"area":{"type":"Polygon","coordinates":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]},' ..
        '"attestations":{"active_investigation":true,"no_lawful_activity":true}}',
        run, nonce, tid, counter, stamp(now - 3 * 3600), stamp(now - 3600),
        lng, lat, lng + d, lat, lng + d, lat + d, lng, lat + d, lng, lat)
    return wrk.format("POST", "/api/v1/requests",
        { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, body)
end

-- The first refusal is printed, so a broken setup shows its cause (wrk counts them).
local printed = false
function response(status, headers, body)
    if status ~= 201 and not printed then
        printed = true
        io.stderr:write("post: HTTP " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
end
