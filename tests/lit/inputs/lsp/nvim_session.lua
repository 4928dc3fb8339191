-- neovim's built-in LSP client drives `baton lsp`: opens the spec in the current directory,
-- waits for the diagnostics, renames the name at (LINE, COL) (0-based) to NEW_NAME, writes the
-- buffer and prints it, then waits for the diagnostics to clear. Written for neovim 0.7
-- (Debian 12), which has vim.lsp.start_client but not vim.lsp.start.
--   BATON=... LINE=0 COL=7 NEW_NAME=region nvim --headless --clean -u NONE -c "luafile THIS"
local out = io.stdout
local function say(s) out:write(s .. "\n") end

vim.cmd("edit spec.baton")
vim.bo.filetype = "baton"
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "baton",
  cmd = { os.getenv("BATON"), "lsp", "--stdio" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(buf, client)

local function diagnostics()
  return vim.diagnostic.get(buf)
end
local function show()
  local list = diagnostics()
  if #list == 0 then say("  (none)") end
  for _, d in ipairs(list) do
    say(string.format("  %d:%d %s %s", d.lnum, d.col, d.code or "?", vim.split(d.message, "\n")[1]))
  end
end

if not vim.wait(10000, function() return #diagnostics() > 0 end, 20) then
  say("no diagnostics within 10 s")
  os.exit(1)
end
say("diagnostics after open:")
show()

local line, col = tonumber(os.getenv("LINE")), tonumber(os.getenv("COL"))
vim.api.nvim_win_set_cursor(0, { line + 1, col })
local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
vim.lsp.buf.rename(os.getenv("NEW_NAME"))
vim.wait(10000, function()
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") ~= before
end, 20)
say("after rename:")
for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do say("  | " .. l) end
vim.cmd("silent write")

if not vim.wait(10000, function() return #diagnostics() == 0 end, 20) then
  say("diagnostics did not clear:")
  show()
  os.exit(1)
end
say("diagnostics after rename:")
show()
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 20)
say("client stopped")
vim.cmd("qall!")
