--- ts.arn -- Amazon Resource Names taken apart.
--
--   local arn = require "ts.arn"
--   local a = arn.parse(e.principal_arn)
--   if a and a.resource_type == "assumed-role" then ... a.role, a.session
--
-- arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, where RESOURCE is
-- "TYPE/ID", "TYPE:ID" or just "ID".  parse() returns a table with
-- partition, service, region, account and resource (empty strings stay
-- empty strings: IAM ARNs have no region), resource_type and
-- resource_id when the resource has a type, and, by kind:
--   assumed-role (sts)      role, session
--   role, user, group,      name (the last path element) and path
--   policy, ... (iam)       ("/" or "/aws-reserved/.../")
--   federated-user (sts)    name
--   root (iam)              root = true
--   s3                      bucket and key (key absent for a bucket)
local M = {}

local function split_resource(a)
  local r = a.resource
  if a.service == "s3" then
    local bucket, key = r:match("^([^/]*)/(.*)$")
    a.bucket = bucket or r
    a.key = key
    return
  end
  local kind, sep, id = r:match("^([^/:]+)([/:])(.*)$")
  if not kind then
    a.resource_id = r
    if r == "root" and a.service == "iam" then a.root = true end
    return
  end
  a.resource_type, a.resource_id = kind, id
  if kind == "assumed-role" then
    a.role, a.session = id:match("^([^/]*)/(.*)$")
    a.role = a.role or id
  elseif kind == "federated-user" then
    a.name = id
  elseif sep == "/" and a.service == "iam" then
    local path, name = id:match("^(.*/)([^/]*)$")
    a.path = "/" .. (path or "")
    a.name = name or id
  end
end

--- arn.parse(text) -> table, or nil and a message.
function M.parse(text)
  if type(text) ~= "string" then
    return nil, "not an ARN: " .. tostring(text)
  end
  local partition, service, region, account, resource =
    text:match("^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$")
  if not partition or partition == "" or service == "" then
    return nil, "not an ARN: " .. text
  end
  local a = { arn = text, partition = partition, service = service,
    region = region, account = account, resource = resource }
  split_resource(a)
  return a
end

--- arn.is_arn(text) -> true if parse() would accept text.
function M.is_arn(text)
  return M.parse(text) ~= nil
end

--- arn.format(t) -> text: the inverse of parse for its five fields.
function M.format(t)
  -- string.format writes nil as "nil": "arn:nil:iam:::user/x" is no ARN.
  for _, k in ipairs({ "partition", "service", "resource" }) do
    if type(t) ~= "table" or type(t[k]) ~= "string" or t[k] == "" then
      error(("arn.format: %s must be a non-empty string"):format(k), 2)
    end
  end
  return ("arn:%s:%s:%s:%s:%s"):format(t.partition, t.service,
    t.region or "", t.account or "", t.resource)
end

M._test = {
  assumed_role = function(t)
    local a = M.parse("arn:aws:sts::111122223333:assumed-role/" ..
      "AWSReservedSSO_admin_0123456789abcdef/jdoe")
    t.eq(a.partition, "aws", "partition")
    t.eq(a.service, "sts", "service")
    t.eq(a.region, "", "region")
    t.eq(a.account, "111122223333", "account")
    t.eq(a.resource_type, "assumed-role", "type")
    t.eq(a.role, "AWSReservedSSO_admin_0123456789abcdef", "role")
    t.eq(a.session, "jdoe", "session")
  end,
  role_with_path = function(t)
    local a = M.parse("arn:aws:iam::111122223333:role/aws-reserved/" ..
      "sso.amazonaws.com/us-east-2/AWSReservedSSO_admin_0123")
    t.eq(a.resource_type, "role", "type")
    t.eq(a.name, "AWSReservedSSO_admin_0123", "name")
    t.eq(a.path, "/aws-reserved/sso.amazonaws.com/us-east-2/", "path")
  end,
  user = function(t)
    local a = M.parse("arn:aws:iam::111122223333:user/Alice")
    t.eq({ a.resource_type, a.name, a.path }, { "user", "Alice", "/" }, "user")
  end,
  root = function(t)
    local a = M.parse("arn:aws:iam::111122223333:root")
    t.eq(a.root, true, "root")
    t.eq(a.resource_type, nil, "no type")
  end,
  s3 = function(t)
    local a = M.parse("arn:aws:s3:::example-bucket/caf\u{e9}/r.pdf")
    t.eq({ a.bucket, a.key }, { "example-bucket", "caf\u{e9}/r.pdf" }, "object")
    t.eq(M.parse("arn:aws:s3:::example-bucket").key, nil, "bucket")
  end,
  colon_resource = function(t)
    local a = M.parse("arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:*")
    t.eq({ a.resource_type, a.resource_id }, { "log-group", "/aws/x:*" },
      "type:id")
    t.eq(a.region, "us-east-1", "region")
  end,
  identitystore = function(t)
    local a = M.parse("arn:aws:identitystore::111122223333:identitystore/d-1234567890")
    t.eq({ a.resource_type, a.resource_id }, { "identitystore", "d-1234567890" },
      "store")
  end,
  federated = function(t)
    t.eq(M.parse("arn:aws-cn:sts::111122223333:federated-user/Bob").name,
      "Bob", "name")
  end,
  rejects = function(t)
    t.eq(M.parse("AROAEXAMPLEID1234567:jdoe"), nil, "principal id")
    t.eq(M.parse("arn:aws"), nil, "short")
    t.eq(M.is_arn(nil), false, "nil")
  end,
  format = function(t)
    local s = "arn:aws:iam::111122223333:user/Alice"
    t.eq(M.format(M.parse(s)), s, "round trip")
    t.eq(M.format({ partition = "aws", service = "s3", resource = "b" }),
      "arn:aws:s3:::b", "no region, no account")
    t.fails(function() M.format({ service = "iam", resource = "user/x" }) end,
      "partition must be a non%-empty string", "no partition")
    t.fails(function() M.format({}) end, "partition", "empty table")
  end,
}

return M
