-- Loaded with --cmd by runNeovim.mjs for its "pull" variant: makes the client started by dirlint.lua
-- announce workspace/configuration (as Neovim 0.8+ does; 0.7 answers it but does not announce it)
-- and drops init_options, so the settings can only reach the server through workspace/configuration.
local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  config.capabilities = vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), { workspace = { configuration = true } })
  config.init_options = nil
  return start_client(config)
end
