-- math.randomseed() without a seed goes back to the seed every rule
-- starts from: the same numbers on every run, and neither the clock nor
-- an address handed to the rule (tests/cli/rules-author.t).
return rule {
  id = "author.random",
  title = "Random numbers, reseeded",
  severity = "info",
  finish = function(ctx)
    local first = math.random(1000000)
    local a, b = math.randomseed()
    ctx:finding{ message = "reseeded",
                 data = { seeds = { a or ts.null, b or ts.null },
                          same_again = math.random(1000000) == first } }
  end,
}
