# review finding 14: CSV passed ESC, BEL and the other control characters
# of the logs to the terminal as they were, so a userAgent holding
# "\u001b]0;title\u0007" retitled the window and "\u001b[2J" cleared it.
# Every command that writes CSV shows them as \xHH escapes, as the table
# does; line breaks and tab stay data inside quotes.  (cat -v would show
# a raw ESC as ^[.)

$ printf '{"eventVersion":"1.11","eventID":"e-0001","eventTime":"2025-01-02T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","recipientAccountId":"111122223333","userAgent":"Mozilla/5.0 \\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mRED, \\u007f\\u0001\\ttab"}\n' > logs.jsonl && trailsift ingest -q logs.jsonl && trailsift query -f csv "SELECT event_name, user_agent, char(27) || '[2J' AS raw FROM events" | cat -v
event_name,user_agent,raw
ListBuckets,"Mozilla/5.0 \x1b]0;pwned\x07\x1b[2J\x1b[31mRED, \x7f\x01	tab",\x1b[2J

$ mkdir r && printf 'return rule { id = "local.ua", title = "User agents", severity = "info",\n  where = [[user_agent IS NOT NULL]],\n  each = function(e, ctx) ctx:finding{ subject = e.event_id, message = e.user_agent } end }\n' > r/ua.lua && trailsift rules run --rules r --no-store -f csv local.ua | cat -v
rule_id,severity,time,subject,message,evidence,data
local.ua,info,2025-01-02T10:00:00Z,e-0001,"Mozilla/5.0 \x1b]0;pwned\x07\x1b[2J\x1b[31mRED, \x7f\x01	tab",[],

# a group name from the logs, in report rows
$ mkdir da && cd da && sed 's/ops|admins/ops\\u001b]0;pwned\\u0007|admins/' "$TS_SRC/tests/data/report/delegated-admin.jsonl" > events.jsonl && trailsift ingest -q events.jsonl && trailsift report memberships --no-store -f csv | cat -v
group,group_id,member,member_id,added,added_by,added_via,removed,removed_by,removed_via,open,known_from,group_in,evidence
,g-0001,,u-0009,2025-04-01T10:00:00Z,carol@example.com,cli,,,,true,logs,d-1234567890,"[""c0de0504-0000-4000-8000-000000000504""]"
"ops\x1b]0;pwned\x07|admins
group x	1",g-0002,,u-0001,2025-04-02T10:01:00Z,carol@example.com,cli,,,,true,logs,d-1234567890,"[""c0de0506-0000-4000-8000-000000000506""]"
