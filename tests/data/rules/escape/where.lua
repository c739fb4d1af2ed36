-- review finding 7: a where cannot call fts3_tokenizer() either; the rule fails
-- when its query is prepared.
return rule {
  id = "escape.where",
  title = "fts3_tokenizer() in a where",
  severity = "info",
  tags = { "escape" },
  where = [[hex(fts3_tokenizer('simple')) <> '']],
  each = function(e, ctx)
    ctx:finding{ message = "ESCAPED" }
  end,
}
