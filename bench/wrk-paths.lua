-- wrk script: each request asks the next path of a list, so that no cache answers.
--   wrk -t THREADS ... -s wrk-paths.lua URL -- FILE START THREADS [unique]
-- FILE holds one path per line; thread n starts at START + (n - 1) * (lines / THREADS),
-- so the threads stay far apart in the list. With "unique", a `bench=` parameter that
-- differs on every request also keeps a page cache from answering a path it has seen.
-- Prints the same JSON summary as wrk-summary.lua.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk-summary.lua")

local started = 0

function setup(thread)
  started = started + 1
  thread:set("id", started)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  unique = args[4] == "unique"
  count = 0
  -- `id` was set by setup(), which wrk calls before init
  position = (tonumber(args[2]) + (id - 1) * math.floor(#paths / tonumber(args[3]))) % #paths
end

function request()
  position = position % #paths + 1
  local path = paths[position]
  if unique then
    count = count + 1
    local sep = path:find("?", 1, true) and "&" or "?"
    path = path .. sep .. "bench=" .. id .. "-" .. count
  end
  return wrk.format(nil, path)
end
