-- Times native LPeg in-process (os.clock around the match only) on a file: prints "name MB/s ms".
local lpeg = require "lpeg"
local re = require "re"
lpeg.setmaxstack(100000)
local which, path, reps = arg[1], arg[2], tonumber(arg[3] or "10")
local f = assert(io.open(path, "rb")); local text = f:read("a"); f:close()
local patterns = {
  url = re.compile[[ ( {'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?} / . )* ]],
  json = re.compile[[
    json <- S value S !.
    value <- object / array / string / number / 'true' / 'false' / 'null'
    object <- '{' S (member (S ',' S member)*)? S '}'
    member <- string S ':' S value
    array <- '[' S (value (S ',' S value)*)? S ']'
    string <- '"' ([^"\] / '\' .)* '"'
    number <- '-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
    S <- %s*
  ]],
}
local p = assert(patterns[which], "unknown pattern")
local r = p:match(text)   -- warm-up, and the result to cross-check
local best = math.huge
for _ = 1, reps do
  local t0 = os.clock(); p:match(text); local t = os.clock() - t0
  if t < best then best = t end
end
local results = type(r) == "number" and r or select("#", p:match(text))
print(string.format("lpeg %s %.1f MB/s %.2f ms (result %s)", which, #text / best / 1e6, best * 1000, tostring(results)))
