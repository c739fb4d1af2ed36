-- SQL that would write, reach another file, reach native code or run
-- more than one statement is refused by ctx:query.
local tries = {
  "DELETE FROM event",
  "INSERT INTO finding(run_id, rule_id, severity, message) VALUES(1,'x','info','x')",
  "UPDATE meta SET value = 'x'",
  -- what json_each() needs from the authorizer does not let this through
  "UPDATE sqlite_master SET type = 'x'",
  "DROP TABLE event",
  "CREATE TEMP TABLE t(x)",
  "ATTACH DATABASE 'pwned.db' AS p",
  "PRAGMA query_only = 0",
  "PRAGMA writable_schema = 1",
  "SELECT 1; DELETE FROM event",
  "BEGIN",
  "VACUUM INTO 'pwned.db'",
  "SELECT load_extension('x')",
  -- review finding 7: fts3_tokenizer() leaks a native address (one argument)
  -- and registers a tokenizer at any address (two)
  "SELECT fts3_tokenizer('simple')",
  "SELECT hex(FTS3_Tokenizer('evil', x'4141414141414141'))",
  "SELECT 1 FROM event WHERE fts3_tokenizer('simple') IS NOT NULL",
  -- review finding 15: a misspelt name is no refusal, and its error says
  -- nothing of reading
  "SELECT count(*) FROM evnets",
  "SELECT evnet_name FROM events",
  -- values past 64 MiB: memory, not escape
  "SELECT length(zeroblob(100000000))",
  "",
}

return rule {
  id = "escape.sql",
  title = "SQL escape attempts",
  severity = "info",
  tags = { "escape" },
  finish = function(ctx)
    for _, sql in ipairs(tries) do
      local ok, err = pcall(ctx.query, ctx, sql)
      ctx:finding{ subject = sql, message = ok and "ESCAPED" or tostring(err) }
    end
    -- table-valued functions read, as any function does
    ctx:finding{ subject = "json_each",
      message = tostring(ctx:query("SELECT count(*) AS n FROM json_each('[1,2,3]')")[1].n) }
    ctx:finding{ subject = "events left",
      message = tostring(ctx:query("SELECT count(*) AS n FROM event")[1].n) }
  end,
}
