return { id = "invalid.not-a-rule", title = "No rule{}", severity = "info",
         finish = function(ctx) end }
