-- Times native LPeg in-process (os.clock around the match only): lua5.4 quick_lpeg.lua NAME PATTERN_FILE DATA_FILE REPS
local lpeg = require "lpeg"
local re = require "re"
lpeg.setmaxstack(100000)
local name, patfile, path, reps = arg[1], arg[2], arg[3], tonumber(arg[4] or "10")
local function slurp(p) local f = assert(io.open(p, "rb")); local s = f:read("a"); f:close(); return s end
local text = slurp(path)
local p = re.compile(slurp(patfile))
local r = p:match(text)   -- warm-up, and the result to cross-check
local best = math.huge
for _ = 1, reps do
  local t0 = os.clock(); p:match(text); local t = os.clock() - t0
  if t < best then best = t end
end
local results = type(r) == "number" and r or select("#", p:match(text))
print(string.format("lpeg %s %.1f MB/s %.2f ms (result %s)", name, #text / best / 1e6, best * 1000, tostring(results)))
