-- The parse workloads, Lua side: the defs each re grammar names (functions, tables, constant patterns) and the summary
-- of the values a match built, formatted exactly as the .NET side formats it (Parse/Summaries.cs). The harness
-- prepends this to lpeg_protocol.lua when KIND is "parse"; PARSE is the entry for WORKLOAD.
local lpeg = require "lpeg"

-- JSON null: a value of its own, since nil would leave a hole in a table capture.
local NULL = setmetatable({}, { __name = "null" })

local function arith(a, op, b)
  if op == "+" then return a + b elseif op == "-" then return a - b elseif op == "*" then return a * b end
  return a / b
end

-- Every value (not the keys), the numbers' sum, and the bytes of every string, keys included.
local function json_summary(root)
  local values, sum, bytes = 0, 0.0, 0
  local function walk(v)
    values = values + 1
    local t = type(v)
    if t == "table" and v ~= NULL then
      for k, x in pairs(v) do
        if type(k) == "string" then bytes = bytes + #k end
        walk(x)
      end
    elseif t == "string" then bytes = bytes + #v
    elseif t == "number" then sum = sum + v end
  end
  walk(root)
  return string.format("values=%d numbers=%.1f strings=%d", values, sum, bytes)
end

local function csv_summary(rows)
  local fields, bytes = 0, 0
  for i = 1, #rows do
    local row = rows[i]
    fields = fields + #row
    for j = 1, #row do bytes = bytes + #row[j] end
  end
  return string.format("rows=%d fields=%d bytes=%d", #rows, fields, bytes)
end

local function arith_summary(values)
  local sum = 0.0
  for i = 1, #values do sum = sum + values[i] end
  return string.format("lines=%d sum=%.3f", #values, sum)
end

local ALL = {
  ["json-values"] = {
    defs = {
      T = lpeg.Cc(true), F = lpeg.Cc(false), N = lpeg.Cc(NULL),
      set = function(t, k, v) t[k] = v; return t end,
      tonumber = tonumber,
      esc = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' },
      unicode = function(hex) return utf8.char(tonumber(hex, 16)) end,
    },
    summary = json_summary,
  },
  ["csv-rows"] = { defs = { cr = lpeg.P "\r" }, summary = csv_summary },
  -- Numbers as floats (tonumber gives integers for "12"), so that + - * round as the .NET doubles do.
  ["arith"] = { defs = { num = function(s) return tonumber(s) + 0.0 end, arith = arith }, summary = arith_summary },
}

PARSE = assert(ALL[WORKLOAD], "no parse defs for " .. tostring(WORKLOAD))
