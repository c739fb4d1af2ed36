-- A module of the --rules directory: require "my.helper".
local M = {}

function M.greet(name)
  return "hello from my.helper, " .. name
end

return M
