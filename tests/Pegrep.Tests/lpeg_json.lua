-- Native LPeg's answers in pegrep --lpeg-json's contract, for many pattern files in one process.
--
-- Usage: lua5.4 lpeg_json.lua SUBJECTS_FILE PATTERN_FILE...
-- For each pattern file: a line "== PATTERN_FILE", then "error" when re.compile rejects the pattern, else one
-- line per subject: null, the JSON array of re.match's values, or {"runtime_error": "..."}.
-- Subjects are JSON string literals as LpegJson.EncodeByteString writes them (ASCII, \u00xx escapes).

local lpeg = require "lpeg"
local re = require "re"
lpeg.setmaxstack(1000000)

local escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function decode(literal)
  local body = literal:match('^%s*"(.*)"%s*$')
  return (body:gsub('\\(u00(%x%x))', function(_, hex) return string.char(tonumber(hex, 16)) end)
              :gsub('\\(.)', escapes))
end

local function encode_string(s)
  return '"' .. s:gsub('[%z\1-\31"\\\127-\255]', function(c) return ("\\u%04x"):format(c:byte()) end) .. '"'
end

local encode

local function encode_table(t)
  local ints, strs = {}, {}
  for k in pairs(t) do
    if math.type(k) == "integer" then ints[#ints + 1] = k else strs[#strs + 1] = k end
  end
  table.sort(ints)
  table.sort(strs)
  local parts = {}
  for _, k in ipairs(ints) do parts[#parts + 1] = encode_string(tostring(k)) .. ":" .. encode(t[k]) end
  for _, k in ipairs(strs) do parts[#parts + 1] = encode_string(k) .. ":" .. encode(t[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

encode = function(v)
  local kind = type(v)
  if kind == "string" then return encode_string(v) end
  if kind == "number" then return ("%d"):format(v) end
  if kind == "boolean" then return tostring(v) end
  if kind == "table" then return encode_table(v) end
  return "null"
end

local function answer(ok, ...)
  if not ok then
    local message = tostring((...)):gsub("^[^\n]-%.lua:%d+: ", "")
    return '{"runtime_error": ' .. encode_string(message) .. "}"
  end
  local n = select("#", ...)
  if n == 1 and (...) == nil then return "null" end
  local parts = {}
  for i = 1, n do parts[i] = encode((select(i, ...))) end
  return "[" .. table.concat(parts, ",") .. "]"
end

local subjects = {}
for line in io.lines(arg[1]) do
  if line:find("%S") then subjects[#subjects + 1] = decode(line) end
end

for i = 2, #arg do
  io.write("== ", arg[i], "\n")
  local f = assert(io.open(arg[i], "rb"))
  local source = f:read("a"):gsub("\n$", "", 1)
  f:close()
  local ok, pattern = pcall(re.compile, source)
  if not ok then io.write("error\n")
  else
    for _, subject in ipairs(subjects) do io.write(answer(pcall(re.match, subject, pattern)), "\n") end
  end
end
