#!/usr/bin/env bash
# cases.txt -> golden.jsonl: native LPeg's answer to every hand-written case, through the oracle's own code.
#
# Needs lua5.4 and lua-lpeg (apt-get install -y lua5.4 lua-lpeg). One output line per case:
#   {"line":N,"pattern":P,"subjects":[S...],"error":false,"results":[R...]}
#   {"line":N,"pattern":P,"subjects":[S...],"error":true,"message":M}
# N is the case's line in cases.txt. P and each S are JSON strings whose characters stand for bytes (P holds
# the UTF-8 bytes of the pattern text: decode with LpegJson.DecodeByteString, then UTF-8). Each R is what the
# oracle answers for one subject: null (no match), an array of values, or {"runtime_error":M}; see
# ../Oracle/lpeg_oracle.lua for the encoding.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v lua5.4 >/dev/null || { echo "generate.sh: lua5.4 missing: apt-get install -y lua5.4 lua-lpeg" >&2; exit 2; }

lua5.4 -e 'ORACLE_LIBRARY = true' - "$here" <<'LUA'
local dir = arg[1]
local oracle = dofile(dir .. "/../Oracle/lpeg_oracle.lua")

-- "a<TAB>b<TAB>c" -> { "a", "b", "c" } (empty fields kept)
local function split_tabs(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

-- A case line -> the pattern and its subjects' bytes; errors name the line.
local function parse_case(line, number)
  local fields = split_tabs(line)
  local subjects = {}
  for i = 2, #fields do
    local ok, subject = pcall(oracle.decode, fields[i])
    if not ok or type(subject) ~= "string" then
      error(("cases.txt:%d: subject %d is not a JSON string literal: %s"):format(number, i - 1, fields[i]), 0)
    end
    subjects[#subjects + 1] = subject
  end
  if #subjects == 0 then error(("cases.txt:%d: no subjects"):format(number), 0) end
  return fields[1], subjects
end

-- The oracle's answer ({"error":M} or {"results":[...]}) -> the fields after "subjects".
local function outcome(answer)
  local message = answer:match('^{"error":(.*)}$')
  if message then return '"error":true,"message":' .. message end
  return '"error":false,' .. answer:sub(2, -2)
end

local out = assert(io.open(dir .. "/golden.jsonl.tmp", "w"))
local cases, subject_count, seen = 0, 0, {}
local number = 0
for line in io.lines(dir .. "/cases.txt") do
  number = number + 1
  if line:find("%S") and not line:find("^#") then
    local pattern, subjects = parse_case(line, number)
    if seen[pattern] then
      io.stderr:write(("cases.txt:%d: pattern also on line %d\n"):format(number, seen[pattern]))
    end
    seen[pattern] = number
    local encoded = {}
    for i, s in ipairs(subjects) do encoded[i] = oracle.encode_string(s) end
    out:write(('{"line":%d,"pattern":%s,"subjects":[%s],%s}\n'):format(number, oracle.encode_string(pattern),
      table.concat(encoded, ","), outcome(oracle.answer({ pattern = pattern, subjects = subjects }))))
    cases, subject_count = cases + 1, subject_count + #subjects
  end
end
out:close()
assert(os.rename(dir .. "/golden.jsonl.tmp", dir .. "/golden.jsonl"))
io.stderr:write(("golden.jsonl: %d cases, %d subjects\n"):format(cases, subject_count))
LUA
