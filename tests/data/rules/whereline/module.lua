-- rule{} called in a module: no line of this file can be named.
return require("mk").make("whereline.module", "no_such_column = 1")
