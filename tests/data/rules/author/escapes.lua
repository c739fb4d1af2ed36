-- A rule file's text with terminal escapes: rules help shows them as
-- \x1b, and keeps tabs and newlines of the description
-- (tests/cli/rules-author.t).
return rule {
  id = "author.escapes",
  title = "Title\27]0;pwned\7 with an OSC",
  severity = "info",
  description = "First line\n\tindented by a tab\27[2J\rback",
  args = { x = { type = "string", default = "\27[31m", doc = "doc\27[0m" } },
  references = { "https://example.com/\27[5m" },
  finish = function(ctx) end,
}
