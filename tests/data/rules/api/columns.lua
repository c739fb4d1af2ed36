-- e's columns and e.record, on the three events of records.json.
local ua = require "ts.ua"

return rule {
  id = "api.columns",
  title = "Columns and records",
  severity = "info",
  tags = { "api" },
  where = [[event_source <> 'nothing.example.com' -- every event]],
  each = function(e, ctx)
    local r = e.record
    local u = ua.parse(e.user_agent)
    ctx:finding{
      subject = e.event_id,
      message = ("%s %s at %s (row %d)"):format(e.event_source,
        e.event_name, e.event_time, e.id),
      evidence = { e },
      data = {
        time_ms = e.time_ms, read_only = e.read_only,
        error_code = e.error_code or "none",
        request_id = e.request_id, account = e.account,
        principal = e.principal_arn or ts.null,
        source = e.source_path, record_no = e.record_no,
        ua_product = u.product, ua_command = u.command or ts.null,
        -- record values keep their JSON types
        version = r.eventVersion,
        read_only_type = type(r.readOnly),
        response_is_null = r.responseElements == ts.null,
        missing_is_nil = r.noSuchMember == nil,
        key = r.requestParameters and r.requestParameters.key or ts.null,
        bytes = r.additionalEventData and
          math.type(r.additionalEventData.bytesTransferredIn) or "absent",
        resources = r.resources and #r.resources or 0,
        same_table = rawequal(e.record, r),
      },
    }
  end,
}
