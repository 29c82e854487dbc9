-- JSON request lines on stdin -> native LPeg `re` results as JSON lines on stdout (the test oracle).
--
-- Request:  {"pattern": "<re text>", "subjects": ["...", ...], "init": n}   ("init" optional, 1-based; the
--           pattern may name the functions of M.defs below)
-- Answer:   {"error": "<message>"}                       when re.compile rejects the pattern
--           {"results": [r1, r2, ...]}                    one per subject, where each r is
--             null                                        the match failed
--             [v1, v2, ...]                               the values the match returned
--             {"runtime_error": "<message>"}              the match raised an error
--
-- Byte strings: a JSON string character U+0000..U+00FF stands for one byte (raw UTF-8 in the input is
-- decoded to characters first), anything above U+00FF is refused. Output is pure ASCII: a byte below
-- 0x20, '"', '\' or 0x7f and above is written as \u00xx (lower-case hex), other bytes as themselves.
-- Values: integers as integers, floats in shortest round-trip form, tables as objects whose keys are
-- "1", "2", ... (numeric order) then the string keys sorted. No whitespace anywhere in the output.
--
-- Loaded with the global ORACLE_LIBRARY set, the file returns its functions instead of serving stdin.

local lpeg = require "lpeg"
local re = require "re"

lpeg.setmaxstack(1000000)

local M = {}

---------------------------------------------------------------------------------------------------
-- Decoding (just enough JSON for the requests)
---------------------------------------------------------------------------------------------------

local simple_escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n',
                         r = '\r', t = '\t' }

-- One raw UTF-8 sequence starting at s[i] -> the byte it stands for, and the index after it.
local function decode_raw_char(s, i)
  local b = s:byte(i)
  if b < 0x80 then return string.char(b), i + 1 end
  local b2 = s:byte(i + 1)
  if (b == 0xC2 or b == 0xC3) and b2 and b2 >= 0x80 and b2 < 0xC0 then
    return string.char(((b & 0x1F) << 6) | (b2 & 0x3F)), i + 2
  end
  error(("character above U+00FF (or invalid UTF-8) at offset %d"):format(i))
end

-- The escape after the backslash at s[i] -> the byte it stands for, and the index after it.
local function decode_escape(s, i)
  local c = s:sub(i + 1, i + 1)
  if simple_escapes[c] then return simple_escapes[c], i + 2 end
  local hex = c == "u" and s:match("^%x%x%x%x", i + 2)
  if not hex then error(("bad escape at offset %d"):format(i)) end
  local code = tonumber(hex, 16)
  if code > 0xFF then error(("\\u%s is above U+00FF"):format(hex)) end
  return string.char(code), i + 6
end

-- The JSON string literal whose opening quote is s[i] -> its bytes, and the index after it.
local function decode_string(s, i)
  local parts, n = {}, 0
  i = i + 1
  while true do
    local j = s:find('["\\\128-\255]', i)
    if not j then error("unterminated string") end
    if j > i then n = n + 1; parts[n] = s:sub(i, j - 1) end
    local c = s:sub(j, j)
    if c == '"' then return table.concat(parts), j + 1 end
    local piece
    if c == "\\" then piece, i = decode_escape(s, j) else piece, i = decode_raw_char(s, j) end
    n = n + 1; parts[n] = piece
  end
end

local decode_value

local function skip_space(s, i) return s:find("[^ \t\r\n]", i) or #s + 1 end

-- A JSON array or object whose opener is s[i]; `close` is "]" or "}".
local function decode_container(s, i, close)
  local result, n = {}, 0
  i = skip_space(s, i + 1)
  if s:sub(i, i) == close then return result, i + 1 end
  while true do
    local key
    if close == "}" then
      key, i = decode_string(s, skip_space(s, i))
      i = skip_space(s, i)
      if s:sub(i, i) ~= ":" then error(("':' expected at offset %d"):format(i)) end
      i = i + 1
    end
    local value
    value, i = decode_value(s, i)
    if key then result[key] = value else n = n + 1; result[n] = value end
    i = skip_space(s, i)
    local c = s:sub(i, i)
    if c == close then return result, i + 1 end
    if c ~= "," then error(("',' or '%s' expected at offset %d"):format(close, i)) end
    i = i + 1
  end
end

local literals = { ["true"] = true, ["false"] = false }

decode_value = function(s, i)
  i = skip_space(s, i)
  local c = s:sub(i, i)
  if c == '"' then return decode_string(s, i) end
  if c == "[" then return decode_container(s, i, "]") end
  if c == "{" then return decode_container(s, i, "}") end
  local word = s:match("^%a+", i)
  if word == "null" then return nil, i + 4 end
  if literals[word] ~= nil then return literals[word], i + #word end
  local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
  if num and tonumber(num) then return math.tointeger(tonumber(num)) or tonumber(num), i + #num end
  error(("unexpected character at offset %d"):format(i))
end

--- Decodes one JSON text (a whole line) into Lua values.
function M.decode(s)
  local value, i = decode_value(s, 1)
  if skip_space(s, i) <= #s then error(("trailing text at offset %d"):format(i)) end
  return value
end

M.decode_string = decode_string

---------------------------------------------------------------------------------------------------
-- Encoding
---------------------------------------------------------------------------------------------------

--- A byte string -> a pure-ASCII JSON string literal.
function M.encode_string(s)
  return '"' .. s:gsub('[\0-\31"\\\127-\255]',
                       function(c) return ("\\u%04x"):format(c:byte()) end) .. '"'
end

-- A float as .NET's round-trip format writes it (shortest digits; exponent form below 1e-4 or from
-- 1e17 on, with a lower-case 'e'), so both sides agree on the text.
local function encode_float(x)
  if x ~= x then return "NaN" end
  if x == math.huge then return "Infinity" end
  if x == -math.huge then return "-Infinity" end
  if x == 0 then return (1 / x < 0) and "-0" or "0" end
  local text
  for precision = 0, 16 do
    text = ("%." .. precision .. "e"):format(x)
    if tonumber(text) == x then break end
  end
  local sign, lead, rest, exp = text:match("^(-?)(%d)%.?(%d*)e([-+]%d+)$")
  local digits, e = (lead .. rest):gsub("0+$", ""), tonumber(exp)
  if e >= 17 or e < -4 then
    local mantissa = #digits > 1 and digits:sub(1, 1) .. "." .. digits:sub(2) or digits
    return ("%s%se%s%02d"):format(sign, mantissa, e < 0 and "-" or "+", math.abs(e))
  end
  if e < 0 then return sign .. "0." .. ("0"):rep(-e - 1) .. digits end
  if #digits <= e + 1 then return sign .. digits .. ("0"):rep(e + 1 - #digits) end
  return sign .. digits:sub(1, e + 1) .. "." .. digits:sub(e + 2)
end

local encode

-- Table keys in output order: integer keys ascending, then string keys ascending.
local function sorted_keys(t)
  local ints, strs = {}, {}
  for k in pairs(t) do
    if math.type(k) == "integer" then ints[#ints + 1] = k else strs[#strs + 1] = tostring(k) end
  end
  table.sort(ints)
  table.sort(strs)
  for _, k in ipairs(strs) do ints[#ints + 1] = k end
  return ints
end

local function encode_table(t)
  local parts = {}
  for i, k in ipairs(sorted_keys(t)) do
    local v = t[k]
    if v == nil then v = t[tonumber(k)] end  -- a non-integer key printed via tostring
    parts[i] = M.encode_string(tostring(k)) .. ":" .. encode(v)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

encode = function(v)
  local kind = type(v)
  if kind == "string" then return M.encode_string(v) end
  if kind == "number" then
    return math.type(v) == "integer" and ("%d"):format(v) or encode_float(v)
  end
  if kind == "boolean" then return tostring(v) end
  if kind == "nil" then return "null" end
  if kind == "table" then return encode_table(v) end
  return M.encode_string("<" .. kind .. ">")
end

--- The values `...` (with explicit count n, so nils survive) -> a JSON array.
function M.encode_values(n, ...)
  local parts = {}
  for i = 1, n do parts[i] = encode((select(i, ...))) end
  return "[" .. table.concat(parts, ",") .. "]"
end

---------------------------------------------------------------------------------------------------
-- Answering
---------------------------------------------------------------------------------------------------

-- Drops the "file.lua:123: " prefix error() adds, so messages depend only on LPeg.
local function clean(message)
  message = tostring(message)
  return (message:gsub("^[^\n]-%.lua:%d+: ", ""))
end

-- pcall's results -> the JSON text of one subject's result.
local function result_text(ok, first, ...)
  if not ok then return '{"runtime_error":' .. M.encode_string(clean(first)) .. "}" end
  if first == nil and select("#", ...) == 0 then return "null" end
  return M.encode_values(select("#", ...) + 1, first, ...)
end

-- The names every pattern may use (the tests define the same three in C#): `-> pack` gives a table of the
-- function's arguments, `-> count` their number, `-> whole` its one argument back.
M.defs = {
  pack = function(...) return { ... } end,
  count = function(...) return select("#", ...) end,
  whole = function(s) return s end,
}

--- A decoded request -> the JSON text of its answer.
function M.answer(request)
  local ok, compiled = pcall(re.compile, request.pattern, M.defs)
  if not ok then return '{"error":' .. M.encode_string(clean(compiled)) .. "}" end
  local results = {}
  for i, subject in ipairs(request.subjects or {}) do
    results[i] = result_text(pcall(compiled.match, compiled, subject, request.init))
  end
  return '{"results":[' .. table.concat(results, ",") .. "]}"
end

-- A request line that cannot be read still gets exactly one answer line, so the client stays in step.
local function answer_line(line)
  local ok, request = pcall(M.decode, line)
  if not ok then return '{"error":' .. M.encode_string("bad request: " .. clean(request)) .. "}" end
  if type(request) ~= "table" or type(request.pattern) ~= "string" then
    return '{"error":"bad request: no pattern"}'
  end
  return M.answer(request)
end

function M.serve(input, output)
  for line in input:lines() do
    if line:find("%S") then
      output:write(answer_line(line), "\n")
      output:flush()
    end
  end
end

if ORACLE_LIBRARY then return M end
M.serve(io.stdin, io.stdout)
