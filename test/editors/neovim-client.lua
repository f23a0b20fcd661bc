-- Neovim 0.7 (Debian) as a second LSP client, no plugins: drives `mscn lsp` on one file and writes what
-- it saw as JSON to $OUT. Run by test/editors/neovim.test.ts: nvim --headless --clean -l is 0.9+, so
-- `nvim --headless --clean -u NONE -c 'luafile THIS'`.
local mscn, file, out = os.getenv('MSCN'), os.getenv('FILE'), os.getenv('OUT')
local results = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, out)
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'mscn',
  cmd = { 'node', mscn, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  flags = { debounce_text_changes = 0 },
})
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)
local uri = vim.uri_from_bufnr(buf)

local function messages()
  return vim.tbl_map(function(d) return string.format('%d:%d %s', d.lnum, d.col, d.message) end, vim.diagnostic.get(buf))
end
local function request(method, params)
  local response = client.request_sync(method, params, 20000, buf)
  return response and response.result
end

results.broken = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50) and messages() or 'timeout'
-- fix line 3 as a user would; the diagnostics must clear
vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '  mmap p at 0x4000_0000 size 8 KiB rw' })
results.fixed = vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 50) and messages() or messages()
local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 2, character = 14 } })
results.hover = hover and hover.contents.value or vim.NIL
results.formatting = request('textDocument/formatting', { textDocument = { uri = uri }, options = { tabSize = 4, insertSpaces = true } }) or vim.NIL
results.definition = request('textDocument/definition', { textDocument = { uri = uri }, position = { line = 3, character = 8 } }) or vim.NIL
-- the code lens's command, run by the server for any client (workspace/executeCommand)
results.run = request('workspace/executeCommand', { command = 'mscn.server.run', arguments = { uri } }) or vim.NIL
finish()
