--- ts.upstream -- lists of identities an identity provider disabled, as
-- the provider exports them: CSV (RFC 4180, with a header row) or JSON
-- (an array of objects, an object holding one such array such as Graph's
-- {"value": [...]}, or JSON Lines).
--
--   local upstream = require "ts.upstream"
--   local list, err = upstream.parse(text)
--   for _, r in ipairs(list.rows) do ... r.ids, r.disabled, r.time ... end
--
-- Columns are recognised by name, without regard to case, spaces, '_'
-- or '-' ("Account Status" is accountStatus), and the ones used are
-- named in list.columns.  A JSON object's fields of one level down count
-- by their own name (Okta's profile.login is a login).  Every identifier
-- column is used: a row of Entra ID holds a userPrincipalName and a
-- mail, and either may be the name AWS knows.
--   identifier  userPrincipalName, mail, email, login, userName, user,
--               upn, id, userId, objectId
--   state       accountEnabled (false: disabled), status, accountStatus,
--               userStatus (DEPROVISIONED, SUSPENDED, DEACTIVATED,
--               DISABLED, DELETED, LOCKED_OUT, INACTIVE, TERMINATED:
--               disabled; ACTIVE, ENABLED, PROVISIONED, STAGED, RECOVERY,
--               PASSWORD_EXPIRED: enabled), enabled, active, disabled
--   date        disabledDate, deletedDateTime, statusChanged, disabledAt,
--               deactivated, lastUpdated, date
-- A row with no state column counts as disabled (a list of leavers).
-- Values are taken without the spaces around them.  A state value that
-- is none of these counts as enabled, and is listed in list.unknown
-- ({ value, n } by value); an identifier listed both disabled and
-- enabled counts as disabled, and is listed in list.conflicts.
-- list.source is "entra" (userPrincipalName or accountEnabled), "okta"
-- (login and status) or "list".  An empty JSON list ([] or Graph's
-- {"value": []}) is a list of no identity: no rows, no columns.
local util = require "ts.util"

local M = {}

local ID_COLS = { "userprincipalname", "login", "username", "mail",
  "email", "upn", "user", "userid", "objectid", "id" }
local STATE_COLS = { "accountenabled", "status", "accountstatus",
  "userstatus", "enabled", "active", "disabled" }
local DATE_COLS = { "disableddate", "deleteddatetime", "statuschanged",
  "disabledat", "deactivated", "lastupdated", "date" }
local DISABLED_STATUS = { deprovisioned = true, suspended = true,
  deactivated = true, disabled = true, deleted = true, locked_out = true,
  inactive = true, terminated = true }
local ENABLED_STATUS = { active = true, enabled = true, provisioned = true,
  staged = true, recovery = true, password_expired = true }

-- A column name as it is looked up: its last part after a '.', in lower
-- case, without spaces, '_' or '-'.
local function norm(name)
  return (name:match("([^.]*)$"):lower():gsub("[%s_%-]", ""))
end

local function trim(v)
  if type(v) ~= "string" then return v end
  return v:match("^%s*(.-)%s*$")
end

--- upstream.csv(text) -> list of rows (each a list of fields), or nil
--- and "line N: why".
function M.csv(text)
  local rows, row, field = {}, {}, {}
  local i, n, line = 1, #text, 1
  local quoted = false
  if text:sub(1, 3) == "\239\187\191" then i = 4 end -- UTF-8 BOM
  local function end_field()
    row[#row + 1] = table.concat(field)
    field = {}
  end
  local function end_row()
    end_field()
    if not (#row == 1 and row[1] == "") then rows[#rows + 1] = row end
    row = {}
  end
  while i <= n do
    local ch = text:sub(i, i)
    if quoted then
      if ch == '"' then
        if text:sub(i + 1, i + 1) == '"' then
          field[#field + 1] = '"'
          i = i + 1
        else
          quoted = false
        end
      else
        if ch == "\n" then line = line + 1 end
        field[#field + 1] = ch
      end
    elseif ch == '"' then
      if #field > 0 then
        return nil, ("line %d: a quote inside an unquoted field"):format(line)
      end
      quoted = true
    elseif ch == "," then
      end_field()
    elseif ch == "\n" or ch == "\r" then
      if ch == "\r" and text:sub(i + 1, i + 1) == "\n" then i = i + 1 end
      end_row()
      line = line + 1
    else
      field[#field + 1] = ch
    end
    i = i + 1
  end
  if quoted then return nil, ("line %d: unterminated quote"):format(line) end
  if #field > 0 or #row > 0 then end_row() end
  return rows
end

local function pick(names, wanted)
  for _, w in ipairs(wanted) do
    for _, n in ipairs(names) do
      if norm(n) == w then return n end
    end
  end
  return nil
end

-- Every column of `names` that `wanted` holds, in the order of `wanted`.
local function pick_all(names, wanted)
  local out = {}
  for _, w in ipairs(wanted) do
    for _, n in ipairs(names) do
      if norm(n) == w then out[#out + 1] = n end
    end
  end
  return out
end

-- The row's non-empty identifiers, each once (without regard to case).
local function ids_of(v, cols)
  local out, seen = {}, {}
  for _, c in ipairs(cols) do
    local id = trim(v[c])
    -- a JSON number (an employee id) is its digits
    if math.type(id) == "integer" then id = ("%d"):format(id) end
    if type(id) == "string" and id ~= "" and not seen[id:lower()] then
      seen[id:lower()] = true
      out[#out + 1] = id
    end
  end
  return out
end

local function falsy(v)
  if v == false or v == 0 then return true end
  if type(v) ~= "string" then return false end
  v = v:lower()
  return v == "false" or v == "no" or v == "0" or v == "n"
end

local function truthy(v)
  if v == true or v == 1 then return true end
  if type(v) ~= "string" then return false end
  v = v:lower()
  return v == "true" or v == "yes" or v == "1" or v == "y"
end

-- Whether state value s of column `col` says disabled: true, false, or
-- nil when it says neither.
local function disabled_by(col, s)
  s = trim(s)
  local key = norm(col)
  if key == "status" or key == "accountstatus" or key == "userstatus" then
    if type(s) ~= "string" then return nil end
    s = s:lower():gsub("[%s%-]", "_")
    if DISABLED_STATUS[s] then return true end
    if ENABLED_STATUS[s] then return false end
    return nil
  elseif key == "disabled" then
    if truthy(s) then return true end
    if falsy(s) then return false end
    return nil
  end
  if falsy(s) then return true end
  if truthy(s) then return false end
  return nil
end

-- ts.json_decode marks the empty arrays it makes with this metatable:
-- [] is a list of no identity, {} an object of no field.
local ARRAY = getmetatable(ts.array())

local function is_list(v)
  return type(v) == "table" and (v[1] ~= nil or getmetatable(v) == ARRAY)
end

-- A JSON record with the fields of its objects one level down beside
-- its own, named "object.field" (Okta's {"profile": {"login": ...}}).
local function flatten(r)
  local v = {}
  for k, x in pairs(r) do v[k] = x end
  for k, x in pairs(r) do
    if type(k) == "string" and type(x) == "table" and not is_list(x) then
      for k2, y in pairs(x) do
        if type(k2) == "string" and type(y) ~= "table" and
           v[k .. "." .. k2] == nil then
          v[k .. "." .. k2] = y
        end
      end
    end
  end
  return v
end

-- Whether the object names an identity (is a record, not a wrapper).
local function has_id(doc)
  for k in pairs(doc) do
    if type(k) == "string" and pick({ k }, ID_COLS) then return true end
  end
  return false
end

-- Records (name -> value) from JSON text, or nil and why.  An object
-- that names no identity and holds a list (Graph's {"value": [...]})
-- stands for that list, even an empty one; a second value is Graph's
-- link to the next page, when the object has one (a page of a longer
-- listing).
local function json_records(text)
  local doc = ts.json_decode(text)
  if doc == nil then
    -- JSON Lines
    local out = {}
    local n = 0
    for l in text:gmatch("[^\n]+") do
      n = n + 1
      if l:match("%S") then
        local r, err = ts.json_decode(l)
        if type(r) ~= "table" then
          return nil, ("line %d: %s"):format(n, err or "not an object")
        end
        out[#out + 1] = r
      end
    end
    return out
  end
  if type(doc) ~= "table" then return nil, "not a list of identities" end
  if is_list(doc) then return doc end
  if not has_id(doc) then
    for _, k in ipairs(util.sorted_keys(doc)) do
      local v = doc[k]
      if is_list(v) and (v[1] == nil or type(v[1]) == "table") then
        local link = doc["@odata.nextLink"]
        return v, nil, type(link) == "string" and link or nil
      end
    end
  end
  if next(doc) == nil then return nil, "an empty object, not a list of identities" end
  return { doc }
end

--- upstream.parse(text) -> list, or nil and why.  list.rows: { id,
--- ids, disabled (boolean), time (ms or nil), date_text, line }, with
--- ids every identifier of the row and id the first; list.columns: { id,
--- ids, state, date } (names as found; id the first of ids); list.source;
--- list.next_page: Graph's @odata.nextLink when the export is one page
--- of a longer listing.
function M.parse(text)
  local records, names, next_page = {}, {}, nil
  -- A byte-order mark starts what Windows tools save (PowerShell's
  -- Out-File, Excel's "CSV UTF-8"): UTF-8's is dropped, so a JSON
  -- export is not taken for CSV; UTF-16 is not read.
  if text:sub(1, 3) == "\239\187\191" then
    text = text:sub(4)
  elseif text:sub(1, 2) == "\255\254" or text:sub(1, 2) == "\254\255" then
    return nil, "UTF-16 text: save the export as UTF-8"
  end
  local first = text:match("^%s*(.)")
  if first == "[" or first == "{" then
    local recs, err
    recs, err, next_page = json_records(text)
    if recs == nil then return nil, err end
    local seen = {}
    for i, r in ipairs(recs) do
      if type(r) ~= "table" then return nil, ("item %d: not an object"):format(i) end
      r = flatten(r)
      for k in pairs(r) do
        if type(k) == "string" and not seen[k] then
          seen[k] = true
          names[#names + 1] = k
        end
      end
      records[#records + 1] = { values = r, line = i }
    end
    table.sort(names)
    if #records == 0 then
      return { rows = {}, columns = { ids = {} }, source = "list",
               next_page = next_page }
    end
  else
    local rows, err = M.csv(text)
    if rows == nil then return nil, err end
    if #rows == 0 then
      return nil, "empty: an export has at least a header row (CSV) or [] (JSON)"
    end
    names = {}
    for j, name in ipairs(rows[1]) do names[j] = trim(name) end
    for i = 2, #rows do
      local v = {}
      for j, name in ipairs(names) do v[name] = rows[i][j] end
      records[#records + 1] = { values = v, line = i }
    end
  end
  local ids = pick_all(names, ID_COLS)
  local cols = { id = ids[1], ids = ids, state = pick(names, STATE_COLS),
                 date = pick(names, DATE_COLS) }
  if cols.id == nil then
    -- a spreadsheet saved with ';' (a European locale) or tabs: one
    -- column whose name holds them all
    local sep = #names == 1 and (names[1]:find(";", 1, true) and "';'" or
      names[1]:find("\t", 1, true) and "tabs")
    if sep then
      return nil, "not comma-separated: the header row is one column " ..
        "split by " .. sep .. " (" .. names[1]:gsub("\t", "\\t") ..
        "); save it as CSV with commas"
    end
    return nil, "no identifier column (such as userPrincipalName, login, " ..
      "email, userName or id) among: " .. table.concat(names, ", ")
  end
  local list = { rows = {}, columns = cols, source = "list", unknown = {},
                 conflicts = {}, next_page = next_page }
  local lower = {}
  for _, n in ipairs(names) do lower[norm(n)] = true end
  if lower.userprincipalname or lower.accountenabled then
    list.source = "entra"
  elseif lower.login and lower.status then
    list.source = "okta"
  end
  local unknown, state_of, conflicted = {}, {}, {}
  for _, rec in ipairs(records) do
    local v = rec.values
    local row_ids = ids_of(v, cols.ids)
    if #row_ids > 0 then
      local disabled = true
      if cols.state then
        disabled = disabled_by(cols.state, v[cols.state])
        if disabled == nil then
          local s = trim(v[cols.state])
          s = s == nil and "(none)" or tostring(s)
          if unknown[s] == nil then
            unknown[s] = { value = s, n = 0 }
            list.unknown[#list.unknown + 1] = unknown[s]
          end
          unknown[s].n = unknown[s].n + 1
          disabled = false
        end
      end
      for _, id in ipairs(row_ids) do
        local k = id:lower()
        if state_of[k] ~= nil and state_of[k] ~= disabled and
           not conflicted[k] then
          conflicted[k] = true
          list.conflicts[#list.conflicts + 1] = id
        end
        state_of[k] = state_of[k] or disabled
      end
      local t, d = nil, trim(cols.date and v[cols.date])
      if type(d) == "string" then t = ts.time_parse(d) end
      list.rows[#list.rows + 1] = { id = row_ids[1], ids = row_ids,
        disabled = disabled, time = t, line = rec.line, date_text = d }
    end
  end
  return list
end

M._test = {
  csv = function(t)
    local rows = M.csv('a,b\r\n"x, ""y""",2\n\n"multi\nline",3')
    t.eq(#rows, 3)
    t.eq(rows[2][1], 'x, "y"')
    t.eq(rows[3][1], "multi\nline")
    t.eq(select(2, M.csv('a\n"open')), "line 2: unterminated quote")
  end,
  entra = function(t)
    local l = M.parse("userPrincipalName,accountEnabled,disabledDate\n" ..
      "a@example.org,False,2025-03-10T16:36:18Z\nb@example.org,True,\n")
    t.eq(l.source, "entra")
    t.eq(l.columns.date, "disabledDate")
    t.eq(l.rows[1].disabled, true)
    t.eq(l.rows[1].time, 1741624578000)
    t.eq(l.rows[2].disabled, false)
  end,
  every_identifier = function(t)
    local l = M.parse("userPrincipalName,mail,accountEnabled\n" ..
      "jn@corp.onmicrosoft.com,jose@example.com,False\n" ..
      ",only.mail@example.com,False\n" ..
      "Same@example.com,same@example.com,False\n")
    t.eq(l.columns.id, "userPrincipalName")
    t.eq(table.concat(l.columns.ids, ","), "userPrincipalName,mail")
    t.eq(table.concat(l.rows[1].ids, ","), "jn@corp.onmicrosoft.com,jose@example.com")
    t.eq(l.rows[2].id, "only.mail@example.com", "an empty first column")
    t.eq(#l.rows[3].ids, 1, "the same name twice")
  end,
  okta = function(t)
    local l = M.parse("login,status,statusChanged\n" ..
      "a@example.com,DEPROVISIONED,2025-07-12T10:48:16.000Z\n" ..
      "b@example.com,ACTIVE,2024-09-25T00:00:00.000Z\n")
    t.eq(l.source, "okta")
    t.eq(l.rows[1].disabled, true)
    t.eq(l.rows[2].disabled, false)
  end,
  json = function(t)
    local l = M.parse('{"value":[{"userPrincipalName":"a@example.org",' ..
      '"accountEnabled":false,"deletedDateTime":"2025-01-02T00:00:00Z"}]}')
    t.eq(l.source, "entra")
    t.eq(l.rows[1].disabled, true)
    t.eq(l.rows[1].time, 1735776000000)
    local j = M.parse('{"email":"x@example.com","date":"2025-01-02"}\n' ..
      '{"email":"y@example.com","date":"2025-01-03"}\n')
    t.eq(#j.rows, 2)
    t.eq(j.source, "list")
    t.eq(select(2, M.parse("name,when\nx,2025-01-01\n")):sub(1, 20),
      "no identifier column")
  end,
  bom = function(t)
    local bom = "\239\187\191"
    local l, err = M.parse(bom .. '[{"login":"a@example.com","status":"SUSPENDED"}]')
    t.eq(err, nil, "JSON after a UTF-8 BOM")
    t.eq(l and l.rows[1].disabled, true, "JSON after a UTF-8 BOM")
    l = M.parse(bom .. "userPrincipalName,accountEnabled\r\na@example.org,False\r\n")
    t.eq(l.columns.id, "userPrincipalName", "CSV after a UTF-8 BOM")
    t.eq(select(2, M.parse("\255\254u\0s\0")), "UTF-16 text: save the export as UTF-8")
  end,
  -- review 5, findings 1 and 2
  spaces = function(t)
    local l = M.parse("login, status, statusChanged\n" ..
      "nils@example.com, ACTIVE, 2024-09-25T00:00:00Z\n" ..
      "fleur@example.com , DEPROVISIONED, 2025-02-22T12:52:46Z\n")
    t.eq(l.columns.state, "status", "a header with spaces")
    t.eq(l.source, "okta")
    t.eq(l.rows[1].disabled, false, "ACTIVE")
    t.eq(l.rows[2].disabled, true, "DEPROVISIONED")
    t.eq(l.rows[2].id, "fleur@example.com", "an identifier trimmed")
    t.eq(l.rows[2].time, 1740228766000, "a date trimmed")
  end,
  state_names = function(t)
    local l = M.parse("User Name,Account Status\na,Disabled \nb,Inactive\n" ..
      "c,Terminated\nd,Active\ne,On leave\nf,On leave\ng,\n")
    t.eq(l.columns.state, "Account Status")
    t.eq(l.columns.id, "User Name")
    local got = {}
    for _, r in ipairs(l.rows) do got[#got + 1] = tostring(r.disabled) end
    t.eq(table.concat(got, ","), "true,true,true,false,false,false,false")
    t.eq(#l.unknown, 2, "values not understood")
    t.eq(l.unknown[1].value .. "=" .. l.unknown[1].n, "On leave=2")
    t.eq(l.unknown[2].value, "")
  end,
  okta_api = function(t)
    local l = M.parse('[{"id":"00u1","status":"DEPROVISIONED",' ..
      '"statusChanged":"2025-02-22T12:52:46.000Z","profile":' ..
      '{"login":"fleur@example.com","email":"fleur@example.com"}}]')
    t.eq(l.columns.id, "profile.login")
    t.eq(l.source, "okta")
    t.eq(l.rows[1].id, "fleur@example.com")
    t.eq(table.concat(l.rows[1].ids, ","), "fleur@example.com,00u1")
    t.eq(l.rows[1].disabled, true)
  end,
  conflicts = function(t)
    local l = M.parse("email,enabled\na@example.com,false\nA@example.com,true\n" ..
      "b@example.com,true\n")
    t.eq(l.rows[1].disabled, true)
    t.eq(l.rows[2].disabled, false)
    t.eq(table.concat(l.conflicts, ","), "A@example.com")
  end,
  empty_json = function(t)
    for _, text in ipairs({ "[]", '{"value":[]}',
        '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[]}' }) do
      local l, err = M.parse(text)
      t.eq(err, nil, text)
      t.eq(#l.rows, 0, text)
      t.eq(#l.columns.ids, 0, text)
    end
    t.eq(select(2, M.parse("{}")), "an empty object, not a list of identities")
    t.eq(select(2, M.parse("\n\n")):sub(1, 6), "empty:", "no header row")
    -- A record holding an empty list is a record, not an empty export.
    local l = M.parse('{"userPrincipalName":"a@example.org","groups":[]}')
    t.eq(#l.rows, 1)
    t.eq(l.rows[1].id, "a@example.org")
  end,
  -- review 5, finding 10
  pages = function(t)
    local l = M.parse('{"@odata.nextLink":"https://graph.microsoft.com/' ..
      'v1.0/users?$skiptoken=X","value":[{"userPrincipalName":"a@example.org",' ..
      '"accountEnabled":false}]}')
    t.eq(l.next_page, "https://graph.microsoft.com/v1.0/users?$skiptoken=X")
    t.eq(#l.rows, 1)
    t.eq(M.parse('{"value":[]}').next_page, nil)
  end,
  numeric_ids = function(t)
    local l = M.parse('[{"email":"a@example.com","id":1234,' ..
      '"enabled":false},{"id":42,"enabled":false}]')
    t.eq(#l.rows, 2, "a row named by a number is kept")
    t.eq(table.concat(l.rows[1].ids, ","), "a@example.com,1234")
    t.eq(l.rows[2].id, "42")
  end,
}

return M
