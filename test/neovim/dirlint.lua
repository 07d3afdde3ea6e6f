-- dirlint in Neovim 0.7+ (built-in LSP client). Put this in init.lua, or run: nvim -u dirlint.lua users.csv
-- The server path comes from $DIRLINT_SERVER (default ~/dirlint/dist/server.js).
local server = os.getenv('DIRLINT_SERVER') or vim.fn.expand('~/dirlint/dist/server.js')
local settings = { defaultRegion = 'US' } -- any dirlint.* setting, without the prefix

local group = vim.api.nvim_create_augroup('dirlint', { clear = true })
-- Neovim 0.7 knows *.ldif only; these lines add CSV exports and ldifde's *.ldf.
vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, { group = group, pattern = '*.csv', command = 'setfiletype csv' })
vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, { group = group, pattern = { '*.ldif', '*.ldf' }, command = 'setfiletype ldif' })

local client_id
vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = { 'csv', 'ldif' },
  callback = function(args)
    if not client_id or vim.lsp.client_is_stopped(client_id) then
      client_id = vim.lsp.start_client({
        name = 'dirlint',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.getcwd(),
        settings = { dirlint = settings }, -- answers workspace/configuration (section "dirlint")
        init_options = { settings = settings }, -- read by the server when a client cannot answer it
      })
    end
    if client_id then vim.lsp.buf_attach_client(args.buf, client_id) end
  end,
})
