-- bench/lua-work.lua -- the lua section's workload (bench/run.py), in the
-- spirit of lua's own test suite (which Debian's lua5.4 source lacks): the
-- interpreter's C functions re-entered from Lua (pcall, sort comparators,
-- gsub callbacks, coroutines, load), deep recursion through the C
-- boundary, the garbage collector, string building.
local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
local t0 = os.clock()
local acc = 0
for r = 1, 3 do
  acc = acc + fib(24)
  -- deep recursion across pcall (C calls Lua calls C ...)
  local function deep(n) if n == 0 then return 0 end local ok, v = pcall(deep, n - 1) return v + 1 end
  for i = 1, 50 do acc = acc + deep(150) end
  -- sort with a Lua comparator
  local a = {}
  for i = 1, 20000 do a[i] = (i * 7919) % 10007 end
  table.sort(a, function(x, y) return x > y end)
  acc = acc + a[1]
  -- gsub with a callback, string.format, concatenation
  local s = string.rep("abc def ghi ", 2000)
  local n = 0
  s = s:gsub("%a+", function(w) n = n + 1 return w:upper() end)
  local parts = {}
  for i = 1, 20000 do parts[#parts + 1] = string.format("%d:%s", i, tostring(i * 3)) end
  acc = acc + n + #table.concat(parts, ",")
  -- coroutines
  local gen = coroutine.wrap(function() for i = 1, 20000 do coroutine.yield(i) end end)
  for i = 1, 20000 do acc = acc + gen() end
  -- load generated code, errors caught
  for i = 1, 500 do
    local f = load("local x = ... return x * " .. i)
    acc = acc + f(2)
    local ok = pcall(error, {code = i})
    if not ok then acc = acc + 1 end
  end
  -- closures and tables, then a full collection
  local objs = {}
  for i = 1, 50000 do objs[i] = setmetatable({v = i}, {__index = function(t, k) return k end}) end
  for i = 1, 50000, 7 do acc = acc + #objs[i].missing end
  collectgarbage()
end
print(string.format("acc=%d", acc))
