-- wrk script: the bbox feed as the map page asks for it, over varied views.
-- Views: map viewports of 1280×800 px at zoom 10–15, half around Portland (where the
-- 10 000-request agency is), half anywhere in the continental US; periods as the
-- app's filter offers them (7 days, 30 days = the default, 12 months, all time).
local paths = {}
local N = 2000

local function view(lat, lng, zoom)
    local deg_per_px = 360 / (256 * 2 ^ zoom)
    local half_w = 640 * deg_per_px
    local half_h = 400 * deg_per_px * math.cos(math.rad(lat))
    return string.format("%.5f,%.5f,%.5f,%.5f", lng - half_w, lat - half_h, lng + half_w, lat + half_h)
end

function init(args)
    math.randomseed(os.time() + (tonumber(args[1]) or 0) * 7919 + math.floor(os.clock() * 1e6))
    local now = os.time()
    local periods = { 7, 30, 30, 30, 365, nil }
    for i = 1, N do
        local lat, lng
        if math.random() < 0.5 then
            lat = 45.5152 + (math.random() - 0.5) * 0.3
            lng = -122.6784 + (math.random() - 0.5) * 0.4
        else
            lat = 26 + math.random() * 22
            lng = -123 + math.random() * 52
        end
        local zoom = math.random(10, 15)
        local path = "/api/v1/requests?limit=50&bbox=" .. view(lat, lng, zoom)
        local days = periods[math.random(1, 6)]
        if days then
            path = path .. "&since=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", now - days * 86400)
        end
        if math.random() < 0.2 then
            path = path .. "&status=open"
        end
        paths[i] = path
    end
end

local i = 0
function request()
    i = i % N + 1
    return wrk.format("GET", paths[i])
end
