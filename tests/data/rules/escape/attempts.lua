-- Every way out of the sandbox a rule might try.  Each attempt runs in
-- pcall and its outcome becomes a finding; none may succeed.
local attempts = {
  { "os.execute", function() return os.execute("touch pwned") end },
  { "io.popen", function() return io.popen("touch pwned") end },
  { "io.open for writing", function() return io.open("pwned", "w") end },
  { "package.loadlib", function()
      return package.loadlib("libc.so.6", "system")
    end },
  { "debug.sethook", function() return debug.sethook() end },
  { "debug via getmetatable", function()
      return getmetatable("").__index.dump(print)
    end },
  { "string.dump", function() return string.dump(print) end },
  { "dofile", function() return dofile("/etc/passwd") end },
  { "loadfile", function() return loadfile("/etc/passwd") end },
  { "load of a binary chunk", function()
      local f, err = load("\27LuaT\0\25\147\13\10\26\10\4\8\8")
      assert(f, err)
    end },
  { "load with mode b", function()
      local f, err = load("\27LuaT", "x", "b")
      assert(f, err)
    end },
  { "require of a path", function() return require("../../etc/passwd") end },
  { "require of an absolute path", function() return require("/etc/passwd") end },
  { "require of a library", function() return require("io") end },
  { "require of a C module", function() return require("socket.core") end },
  { "collectgarbage stop", function() return collectgarbage("stop") end },
  { "coroutine", function() return coroutine.create(print) end },
  { "_ENV escape", function() return _ENV.os.exit() end },
  { "load with an env", function()
      return load("return os", "x", "t", {})().execute()
    end },
}

return rule {
  id = "escape.attempts",
  title = "Sandbox escape attempts",
  severity = "info",
  tags = { "escape" },
  finish = function(ctx)
    for _, a in ipairs(attempts) do
      local ok, err = pcall(a[2])
      ctx:finding{ subject = a[1], message = ok and "ESCAPED" or
        tostring(err) }
    end
    -- load of text still works, in the rule's own environment
    ctx:finding{ subject = "load of text", message = load("return 6 * 7")() }
  end,
}
