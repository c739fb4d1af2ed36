-- An error object that is not a string, raised deep in a recursion:
-- finding the line it came from looks at the top of the stack only, so
-- the failure is reported at once (tests/cli/rules-author.t).
return rule {
  id = "author.deep",
  title = "A table raised 150000 calls deep",
  severity = "info",
  finish = function(ctx)
    local function dig(n)
      if n == 150000 then error({ depth = n }) end
      return 1 + dig(n + 1)
    end
    dig(1)
  end,
}
