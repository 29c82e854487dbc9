-- The timing protocol, Lua side. The harness prepends a header defining PATTERN (re text), FILE, TARGET_S,
-- MAXSTACK (nil: LPeg's default of 400), COLD and KIND ("search" or "recognize").
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

-- One operation: the result as a number (count, or 1/0), so that formatting stays outside the clock.
local function make_op(subject)
  local compiled = not COLD and re.compile(PATTERN) or nil
  return function()
    local p = compiled
    if not p then
      local t = os.clock()
      p = re.compile(PATTERN)
      construct_s = construct_s + (os.clock() - t)
    end
    local r = p:match(subject)
    if KIND == "search" then return r and #r or -1 end
    return r and 1 or 0
  end
end

local function measure()
  if MAXSTACK then lpeg.setmaxstack(MAXSTACK) end
  local subject = slurp(FILE)
  local op = make_op(subject)
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
    if elapsed >= TARGET_S then return value, first, n, elapsed, #subject end
    n = n * 2
  end
end

local ok, value, first, n, elapsed, bytes = pcall(measure)
if not ok then
  -- Drop the "script.lua:LINE: " that error() prefixes: the message is LPeg's own.
  emit({ { "error", (tostring(value):gsub("^[^:]*:%d+: ", "")) }, { "peak_rss_bytes", peak_rss() } })
  return
end
local result = KIND == "search" and ("count=" .. value) or (value == 1 and "valid" or "invalid")
emit({
  { "iterations", n }, { "total_ns", elapsed * 1e9 }, { "ns_per_op", elapsed * 1e9 / n },
  { "bytes_per_sec", bytes / (elapsed / n) }, { "first_ns", first * 1e9 }, { "peak_rss_bytes", peak_rss() },
  { "result", result },
  COLD and { "construct_ns_per_op", construct_s * 1e9 / n } or nil,
})
