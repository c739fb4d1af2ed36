-- SQL that would write, reach another file or run more than one
-- statement is refused by ctx:query.
local tries = {
  "DELETE FROM event",
  "INSERT INTO finding(run_id, rule_id, severity, message) VALUES(1,'x','info','x')",
  "UPDATE meta SET value = 'x'",
  "DROP TABLE event",
  "CREATE TEMP TABLE t(x)",
  "ATTACH DATABASE 'pwned.db' AS p",
  "PRAGMA query_only = 0",
  "PRAGMA writable_schema = 1",
  "SELECT 1; DELETE FROM event",
  "BEGIN",
  "VACUUM INTO 'pwned.db'",
  "SELECT load_extension('x')",
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
    ctx:finding{ subject = "events left",
      message = tostring(ctx:query("SELECT count(*) AS n FROM event")[1].n) }
  end,
}
