-- The ts library and a module of this directory's lua/.
local helper = require "my.helper"
local arn = require "ts.arn"

return rule {
  id = "api.lib",
  title = "ts library",
  severity = "info",
  tags = { "api" },
  finish = function(ctx)
    local v = ts.json_decode('{"b":[1,2.5,null,true],"a":"x\\u00e9","n":null}')
    local bad, why = ts.json_decode('{"a":1,}')
    ctx:finding{ message = helper.greet("lib"), data = {
      encoded = ts.json_encode({ z = 1, a = { 3, 2, 1 }, m = { y = ts.null } }),
      floats = ts.json_encode({ 0.1, 2.0, 1e300, -0.0 }),
      roundtrip = ts.json_encode(v),
      int_type = math.type(v.b[1]), float_type = math.type(v.b[2]),
      null_is_sentinel = v.n == ts.null and v.b[3] == ts.null,
      null_text = tostring(ts.null),
      decode_error = tostring(bad) .. ": " .. why,
      parsed = ts.time_parse("2025-10-08T18:30:50.5Z"),
      formatted = ts.time_format(1759948250500),
      not_a_time = ts.time_parse("soon") == nil,
      role = arn.parse("arn:aws:sts::111122223333:assumed-role/R/s").role,
      version_is_string = type(ts.version) == "string",
      same_module = require("my.helper") == helper,
    } }
    ts.log("lib done: %d", 42)
    print("print goes to stderr", 1, true)
  end,
}
