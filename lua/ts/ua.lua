--- ts.ua -- AWS user-agent strings taken apart.
--
--   local ua = require "ts.ua"
--   local u = ua.parse(e.user_agent)
--   if u and u.product == "aws-cli" then ... u.command, u.exec_env
--
-- The grammar (see the AWS SDK user-agent 2.x format and botocore's
-- useragent.py): tokens separated by spaces, each NAME/VERSION or
-- NAME/VERSION#VALUE or a bare word; parenthesised comments, which may
-- hold spaces, belong to the token before them ("Terraform/1.5.7
-- (+https://www.terraform.io)", "aws-sdk-go/1.40.21 (go1.17; linux;
-- amd64)"); S3 wraps its whole user agent in [...].  CloudTrail keeps
-- at most 1 KB of it, so a long one may be cut anywhere: an unclosed
-- bracket or parenthesis, or 1024 bytes, marks it truncated.
-- A user agent is written by the client: evidence, never proof.
--
-- parse() returns:
--   raw         the text
--   product     the first token's name (the whole text when it has no
--               '/', as in "AWS Internal"); version its version
--   tokens      every token in order: { name, version, value, comment }
--   products    NAME -> VERSION for plain NAME/VERSION tokens
--               ("aws-sdk-go-v2", "terraform-provider-aws", "Python")
--   md, api, cfg  md/KEY#VALUE, api/SERVICE#VERSION, cfg/KEY#VALUE
--               (true when there is no #VALUE)
--   os, os_version, lang, lang_version   os/NAME#V, lang/NAME#V
--   ua          the user-agent format version (ua/2.1)
--   features    m/A,B,C as a set { A = true, ... } (order is
--               meaningless: never compare whole user agents)
--   exec_env    exec-env/X (AWS_EXECUTION_ENV; CloudShell sets it,
--               but so can anyone)
--   command     md/command#svc.op, or the legacy command/svc.op
--   sid, app    sid/X (CLI session id), app/X (user_agent_appid)
--   comments    every parenthesised comment, in order
--   bracketed   true for S3's [...] form
--   truncated   true when the text looks cut
local M = {}

M.MAX = 1024 -- bytes CloudTrail keeps of a user agent

local function token(word)
  local name, rest = word:match("^([^/]*)/(.*)$")
  if not name then return { name = word } end
  local version, value = rest:match("^([^#]*)#(.*)$")
  return { name = name, version = version or rest, value = value }
end

local function tokenize(r, s)
  local i, n, last = 1, #s, nil
  while i <= n do
    local c = s:sub(i, i)
    if c == " " or c == "\t" then
      i = i + 1
    elseif c == "(" then
      local depth, j = 0, i
      while j <= n do
        local d = s:sub(j, j)
        if d == "(" then
          depth = depth + 1
        elseif d == ")" then
          depth = depth - 1
          if depth == 0 then break end
        end
        j = j + 1
      end
      local body = s:sub(i + 1, j - 1)
      if j > n then r.truncated = true end
      r.comments[#r.comments + 1] = body
      if last then
        last.comment = last.comment and (last.comment .. " " .. body) or body
      end
      i = j + 1
    else
      local j = s:find("[ \t(]", i) or n + 1
      last = token(s:sub(i, j - 1))
      r.tokens[#r.tokens + 1] = last
      i = j
    end
  end
end

local function interpret(r)
  for _, t in ipairs(r.tokens) do
    local name, v, val = t.name, t.version, t.value
    if v == nil then
      -- a bare word: nothing to file
    elseif name == "md" then
      r.md[v] = val or true
    elseif name == "api" then
      r.api[v] = val or true
    elseif name == "cfg" then
      r.cfg[v] = val or true
    elseif name == "os" then
      r.os, r.os_version = v, val
    elseif name == "lang" then
      r.lang, r.lang_version = v, val
    elseif name == "ua" then
      r.ua = v
    elseif name == "m" then
      for f in v:gmatch("[^,]+") do r.features[f] = true end
    elseif name == "exec-env" then
      r.exec_env = val and (v .. "#" .. val) or v
    elseif name == "sid" then
      r.sid = v
    elseif name == "app" then
      r.app = v
    elseif name == "command" then
      r.command = r.command or v
    elseif r.products[name] == nil then
      r.products[name] = v
    end
  end
  if type(r.md.command) == "string" then r.command = r.md.command end
end

--- ua.parse(text) -> table, or nil and a message when text is not a
-- string.
function M.parse(text)
  if type(text) ~= "string" then
    return nil, "not a user agent: " .. tostring(text)
  end
  local r = { raw = text, tokens = {}, products = {}, md = {}, api = {},
    cfg = {}, features = {}, comments = {} }
  local s = text
  if #text >= M.MAX then r.truncated = true end
  if s:sub(1, 1) == "[" then
    r.bracketed = true
    if s:sub(-1) == "]" then
      s = s:sub(2, -2)
    else
      s = s:sub(2)
      r.truncated = true
    end
  end
  tokenize(r, s)
  interpret(r)
  if not s:find("/", 1, true) then
    r.product = s:match("^%s*(.-)%s*$")
  elseif r.tokens[1] then
    r.product, r.version = r.tokens[1].name, r.tokens[1].version
  end
  return r
end

local CLI = "aws-cli/2.31.3 md/awscrt#0.27.6 ua/2.1 os/macos#23.6.0 " ..
  "md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/Z,b,E " ..
  "cfg/retry-mode#standard md/installer#source sid/6de1aa4bb086 " ..
  "md/prompt#off md/command#identitystore.create-group-membership"

M._test = {
  cli_v2 = function(t)
    local u = M.parse(CLI)
    t.eq({ u.product, u.version, u.ua }, { "aws-cli", "2.31.3", "2.1" },
      "product")
    t.eq({ u.os, u.os_version }, { "macos", "23.6.0" }, "os")
    t.eq({ u.lang, u.lang_version }, { "python", "3.13.7" }, "lang")
    t.eq(u.command, "identitystore.create-group-membership", "command")
    t.eq(u.features, { Z = true, b = true, E = true }, "features")
    t.eq(u.md.installer, "source", "md")
    t.eq(u.cfg["retry-mode"], "standard", "cfg")
    t.eq(u.sid, "6de1aa4bb086", "sid")
    t.eq(#u.tokens, 13, "tokens")
    t.eq(u.truncated, nil, "whole")
  end,
  cloudshell = function(t)
    local u = M.parse("aws-cli/2.30.0 md/awscrt#0.27.6 ua/2.1 os/linux#6.1 " ..
      "md/arch#x86_64 lang/python#3.13.7 exec-env/CloudShell m/Z,b,E")
    t.eq(u.exec_env, "CloudShell", "exec-env")
  end,
  s3_legacy = function(t)
    local u = M.parse("[aws-cli/2.15.0 Python/3.11.6 Linux/6.1 " ..
      "exe/x86_64.debian.12 prompt/off command/s3.cp]")
    t.eq(u.bracketed, true, "brackets")
    t.eq({ u.product, u.version }, { "aws-cli", "2.15.0" }, "product")
    t.eq(u.command, "s3.cp", "legacy command")
    t.eq(u.products.Python, "3.11.6", "products")
    t.eq(u.truncated, nil, "whole")
  end,
  terraform = function(t)
    local u = M.parse("APN/1.0 HashiCorp/1.0 Terraform/1.5.7 " ..
      "(+https://www.terraform.io) terraform-provider-aws/6.14.1 " ..
      "(+https://registry.terraform.io/providers/hashicorp/aws) " ..
      "aws-sdk-go-v2/1.39.0 ua/2.1 os/macos lang/go#1.24.6 " ..
      "md/GOOS#darwin api/iam#1.47.5 m/i")
    t.eq(u.product, "APN", "first token")
    t.eq(u.products["terraform-provider-aws"], "6.14.1", "provider")
    t.eq(u.tokens[3].comment, "+https://www.terraform.io", "comment")
    t.eq(u.api.iam, "1.47.5", "api")
    t.eq(u.os, "macos", "os without version")
    t.eq(#u.comments, 2, "comments")
  end,
  go_v1 = function(t)
    local u = M.parse("aws-sdk-go/1.40.21 (go1.17; linux; amd64) " ..
      "exec-env/AWS_Lambda_go1.x")
    t.eq(u.tokens[1].comment, "go1.17; linux; amd64", "comment with spaces")
    t.eq(u.exec_env, "AWS_Lambda_go1.x", "exec-env")
  end,
  bare_words = function(t)
    t.eq(M.parse("AWS Internal").product, "AWS Internal", "AWS Internal")
    t.eq(M.parse("Okta SCIM Client 1.0.0").product, "Okta SCIM Client 1.0.0",
      "okta")
    t.eq(M.parse("cloudformation.amazonaws.com").product,
      "cloudformation.amazonaws.com", "service")
  end,
  browser = function(t)
    local u = M.parse("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) " ..
      "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36")
    t.eq({ u.product, u.version }, { "Mozilla", "5.0" }, "product")
    t.eq(u.products.Chrome, "142.0.0.0", "chrome")
    t.eq(u.tokens[1].comment, "Macintosh; Intel Mac OS X 10_15_7", "comment")
  end,
  truncated = function(t)
    t.eq(M.parse("aws-sdk-go/1.45.1 (go1.21.4; lin").truncated, true,
      "open parenthesis")
    t.eq(M.parse("[aws-cli/2.15.0 Python/3.11").truncated, true,
      "open bracket")
    t.eq(M.parse(CLI .. (" md/x#y"):rep(150)).truncated, true, "1 KB")
  end,
  not_text = function(t)
    t.eq(M.parse(nil), nil, "nil")
    t.eq(#M.parse("").tokens, 0, "empty")
  end,
}

return M
