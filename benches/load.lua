-- A wrk script for load runs against `firststop serve`: each request asks `/api/search` one of
-- the questions of a file, in turn, and the run ends with the answers counted by status, the
-- share of 503s and how many of those lacked `Retry-After`.
--
--   wrk -t2 -c500 -d60s --timeout 15s --latency -s benches/load.lua http://127.0.0.1:8080 -- QUESTIONS
--
-- QUESTIONS is a file with one question per line, or a tab-separated file with a header whose
-- `query` column holds them (like the evaluation sets). Without it, a few built-in questions are
-- asked. `--timeout` should exceed the service's request timeout (10 s), so wrk reports the
-- service's answers, not its own impatience.

local fallback = {
  "pothole on my street",
  "when is my recycling collected",
  "pay my water bill",
  "permit to build a deck",
  "¿cómo reporto un bache?",
  "thanh toán hóa đơn nước",
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function read_questions(path)
  local out = {}
  local file = path and io.open(path, "r")
  if not file then
    return out
  end
  local column = nil
  local first = true
  for line in file:lines() do
    if first and line:find("\t") then
      local i = 0
      for name in (line .. "\t"):gmatch("([^\t]*)\t") do
        i = i + 1
        if name == "query" then
          column = i
        end
      end
    elseif column then
      local i = 0
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do
        i = i + 1
        if i == column and field ~= "" then
          table.insert(out, field)
        end
      end
    elseif line ~= "" then
      table.insert(out, line)
    end
    first = false
  end
  file:close()
  return out
end

local paths = {}
local next_one = 1
statuses = {}
without_retry_after = 0

function init(args)
  local questions = read_questions(args[1])
  if #questions == 0 then
    questions = fallback
  end
  for _, q in ipairs(questions) do
    table.insert(paths, "/api/search?q=" .. encode(q))
  end
  -- Threads start at different questions, so they do not ask in lockstep.
  next_one = (id or 0) * 7 % #paths + 1
end

function request()
  local path = paths[next_one]
  next_one = next_one % #paths + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status == 503 and headers["retry-after"] == nil and headers["Retry-After"] == nil then
    without_retry_after = without_retry_after + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  local all = 0
  local missing = 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses")) do
      total[key] = (total[key] or 0) + n
      all = all + n
    end
    missing = missing + thread:get("without_retry_after")
  end
  local keys = {}
  for key in pairs(total) do
    table.insert(keys, key)
  end
  table.sort(keys)
  io.write("answers by status:")
  for _, key in ipairs(keys) do
    io.write(string.format(" %s=%d", key, total[key]))
  end
  io.write(string.format("\nshare of 503: %.2f%% of %d answers; 503 without Retry-After: %d\n",
    100 * (total["503"] or 0) / math.max(all, 1), all, missing))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
