-- The timing protocol, Lua side. The harness prepends a header defining PATTERN (re text), FILE, TARGET_S,
-- MAXSTACK (nil: LPeg's default of 400), COLD, WORKLOAD and KIND: "search" (PATTERN returns a table, one entry per
-- match), "count" (PATTERN is a bare item, folded into a count), "recognize" (the whole file), "validate" (PATTERN is
-- matched against each line of the file; the result is how many match) or "parse" (PATTERN builds values with the
-- defs of parse_defs.lua, prepended too, whose PARSE.summary is the result).
-- As in the .NET runtimes: one warm-up run, then batches of 1, 2, 4... operations until one takes TARGET_S,
-- timed with os.clock (process CPU time; LPeg runs on this one thread) around the matches only.
local lpeg = require "lpeg"
local re = require "re"

local function json_string(s)
  return '"' .. (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)) .. '"'
end

local function emit(fields)
  local parts = {}
  for _, kv in ipairs(fields) do
    local v = kv[2]
    parts[#parts + 1] = json_string(kv[1]) .. ":" .. (type(v) == "string" and json_string(v) or string.format("%.17g", v))
  end
  print("{" .. table.concat(parts, ",") .. "}")
end

local function peak_rss()
  local f = io.open("/proc/self/status")
  if not f then return 0 end
  local kb = f:read("a"):match("VmHWM:%s*(%d+)")
  f:close()
  return kb and tonumber(kb) * 1024 or 0
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local construct_s = 0  -- time spent in re.compile inside operations (cold)

-- KIND "count": the item's captures dropped (/ 0 leaves one nil per match), each match folded into n + 1.
local function compile()
  local p = re.compile(PATTERN, KIND == "parse" and PARSE.defs or nil)
  if KIND ~= "count" then return p end
  return lpeg.Cf(lpeg.Cc(0) * (p / 0 + 1)^0, function(n) return n + 1 end)
end

-- The lines of a validation file (split outside the clock).
local function lines_of(subject)
  local lines = {}
  for line in subject:gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  return lines
end

-- One operation: the result as a number (count, or 1/0), so that formatting stays outside the clock (a parse: the
-- summary of the values built, the walk being part of the operation, as on the .NET side); and the calls it makes
-- (the lines of a validation, else 1).
local function make_op(subject)
  local compiled = not COLD and compile() or nil
  if KIND == "validate" then
    local lines = lines_of(subject)
    return function()
      local n = 0
      for i = 1, #lines do if compiled:match(lines[i]) then n = n + 1 end end
      return n
    end, #lines
  end
  return function()
    local p = compiled
    if not p then
      local t = os.clock()
      p = compile()
      construct_s = construct_s + (os.clock() - t)
    end
    local r = p:match(subject)
    if KIND == "search" then return r and #r or -1 end
    if KIND == "count" then return r or -1 end
    if KIND == "parse" then return r and PARSE.summary(r) or "no match" end
    return r and 1 or 0
  end, 1
end

local function measure()
  if MAXSTACK then lpeg.setmaxstack(MAXSTACK) end
  local subject = slurp(FILE)
  local op, calls = make_op(subject)
  local t0 = os.clock()
  local value = op()
  local first = os.clock() - t0
  local n = 1
  while true do
    collectgarbage("collect")  -- outside the clock: a batch does not pay for the previous one's garbage
    construct_s = 0
    local t = os.clock()
    for _ = 1, n do op() end
    local elapsed = os.clock() - t
    if elapsed >= TARGET_S then return value, first, n, elapsed, #subject, calls end
    n = n * 2
  end
end

local ok, value, first, n, elapsed, bytes, calls = pcall(measure)
if not ok then
  -- Drop the "script.lua:LINE: " that error() prefixes: the message is LPeg's own.
  emit({ { "error", (tostring(value):gsub("^[^:]*:%d+: ", "")) }, { "peak_rss_bytes", peak_rss() } })
  return
end
local result = KIND == "parse" and value
  or (KIND == "search" or KIND == "count") and ("count=" .. value)
  or KIND == "validate" and ("matched=" .. value)
  or (value == 1 and "valid" or "invalid")
local fields = {
  { "iterations", n }, { "total_ns", elapsed * 1e9 }, { "ns_per_op", elapsed * 1e9 / n },
  { "bytes_per_sec", bytes / (elapsed / n) }, { "first_ns", first * 1e9 }, { "peak_rss_bytes", peak_rss() },
  { "result", result },
}
-- Appended, not listed with "and ... or nil": emit walks the list with ipairs, which stops at the first nil.
if COLD then fields[#fields + 1] = { "construct_ns_per_op", construct_s * 1e9 / n } end
if calls > 1 then fields[#fields + 1] = { "calls_per_op", calls } end
emit(fields)
