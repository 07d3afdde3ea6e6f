-- End-to-end checks of the standalone dirlint server driven by Neovim's own LSP client (0.7+).
-- test/neovim/runNeovim.mjs runs, on a copy of an export:
--   nvim --headless --clean -u test/neovim/dirlint.lua -c 'luafile test/neovim/e2e.lua' FILE
-- Environment:
--   DIRLINT_E2E_RESULTS  file this writes one line per check to: "ok NAME" or "not ok NAME: reason"
--   DIRLINT_E2E_CASE     JSON file with what to expect (written by the runner next to FILE)
--   DIRLINT_E2E_WAIT_MS  longest wait for any one step (default 10000)
-- Every wait is vim.wait on a condition; nothing sleeps. Whatever happens, this ends with :qa! / :cquit.

local results_path = os.getenv('DIRLINT_E2E_RESULTS')
local results = results_path and io.open(results_path, 'w')
if not results then
  io.stderr:write('e2e.lua: cannot write DIRLINT_E2E_RESULTS (', tostring(results_path), ')\n')
  vim.cmd('cquit')
end

local WAIT = tonumber(os.getenv('DIRLINT_E2E_WAIT_MS')) or 10000
local FIXABLE = { ['phone.format'] = true, ['phone.missing-country-code'] = true, ['phone.extension'] = true }

local failures = 0
local outcome = {} -- check name -> true when it passed

local function report(name, ok, reason)
  local line = ok and ('ok ' .. name) or ('not ok ' .. name .. ': ' .. (tostring(reason):gsub('%s*\n%s*', ' | ')))
  if not ok then failures = failures + 1 end
  outcome[name] = ok
  results:write(line, '\n')
  results:flush()
end

--- Runs fn (which returns true, or false/nil and a reason) unless a check it needs did not pass.
local function check(name, needs, fn)
  for _, needed in ipairs(needs) do
    if not outcome[needed] then return report(name, false, 'skipped: "' .. needed .. '" did not pass') end
  end
  local ran, ok, reason = xpcall(fn, debug.traceback)
  if not ran then return report(name, false, 'error: ' .. tostring(ok)) end
  report(name, ok == true, reason or 'failed')
end

--- vim.wait until fn returns a truthy value; returns it, or nil on timeout.
local function wait_for(fn)
  local value
  vim.wait(WAIT, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 20)
  return value or nil
end

local function read_bytes(path)
  local file = assert(io.open(path, 'rb'))
  local text = file:read('*a')
  file:close()
  return text
end

--- Where two strings first differ, for messages.
local function first_difference(expected, actual)
  for i = 1, math.max(#expected, #actual) do
    if expected:byte(i) ~= actual:byte(i) then
      return string.format('byte %d differs: expected %q, got %q (lengths %d, %d)', i - 1,
        expected:sub(math.max(1, i - 12), i + 12), actual:sub(math.max(1, i - 12), i + 12), #expected, #actual)
    end
  end
  return 'no difference'
end

local bufnr = vim.api.nvim_get_current_buf()
local path = vim.api.nvim_buf_get_name(bufnr)
local case, original, client -- set by run(), where errors are reported

local function lines_of(text)
  -- The buffer's lines for a file's bytes (LF or CRLF; the fixtures end with a line break).
  local lines = vim.split((text:gsub('\r\n', '\n')), '\n', { plain = true })
  if lines[#lines] == '' then table.remove(lines) end
  return lines
end

local function buffer_is(text)
  return vim.deep_equal(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), lines_of(text))
end

--- Diagnostics as comparable strings: "code line:col-line:col [fix]" (0-based, byte columns).
local function describe(code, lnum, col, end_lnum, end_col, fix)
  return string.format('%s %d:%d-%d:%d%s', tostring(code), lnum, col, end_lnum, end_col, fix and (' fix=' .. fix) or '')
end

local function expected_diagnostics(list)
  local out = {}
  for _, e in ipairs(list) do table.insert(out, describe(e.code, e.line, e.col, e.line, e.endCol, e.fix)) end
  table.sort(out)
  return out
end

local function actual_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    local fix = type(lsp.data) == 'table' and type(lsp.data.fix) == 'table' and lsp.data.fix.edit and lsp.data.fix.edit.newText
    local source = d.source == 'dirlint' and '' or (' source=' .. tostring(d.source))
    table.insert(out, describe(d.code, d.lnum, d.col, d.end_lnum, d.end_col, fix) .. source)
  end
  table.sort(out)
  return out
end

--- Waits until the buffer's diagnostics are exactly `list`; true, or false and what was there.
local function diagnostics_become(list)
  local expected = expected_diagnostics(list)
  local last
  local matched = wait_for(function()
    last = actual_diagnostics()
    return vim.deep_equal(last, expected)
  end)
  if matched then return true end
  return false, string.format('after %d ms expected {%s}, got {%s}', WAIT, table.concat(expected, '; '), table.concat(last, '; '))
end

--- One request to our client; the result, or nil and why not.
local function request(method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT)
  if not responses then return nil, method .. ': ' .. tostring(err) end
  local response = responses[client.id]
  if not response then return nil, method .. ': no response from dirlint' end
  if response.error then return nil, method .. ': ' .. vim.inspect(response.error) end
  return response.result
end

--- What :lua vim.lsp.buf.code_action() sends as context.diagnostics for a line, on 0.7 and later.
local function line_diagnostics(lnum)
  if vim.lsp.diagnostic.get_line_diagnostics then return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum) end
  return vim.tbl_map(function(d) return d.user_data.lsp end, vim.diagnostic.get(bufnr, { lnum = lnum }))
end

local function put_cursor_in(cell)
  vim.api.nvim_win_set_cursor(0, { cell.line + 1, cell.col + 2 })
end

local function run()
  case = vim.json.decode(read_bytes(assert(os.getenv('DIRLINT_E2E_CASE'), 'DIRLINT_E2E_CASE is not set')))
  original = read_bytes(path)
  local target = case.quickfix

  check('filetype is ' .. case.filetype, {}, function()
    return vim.bo[bufnr].filetype == case.filetype, 'filetype is "' .. vim.bo[bufnr].filetype .. '"'
  end)

  check('dirlint client attaches and initializes', {}, function()
    client = wait_for(function()
      for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
        if c.name == 'dirlint' and c.initialized and c.server_capabilities then return c end
      end
    end)
    if not client then
      local names = vim.tbl_map(function(c) return c.name end, vim.tbl_values(vim.lsp.get_active_clients()))
      return false, 'no initialized dirlint client on the buffer within ' .. WAIT .. ' ms (active: ' .. table.concat(names, ', ') .. ')'
    end
    local caps = client.server_capabilities
    if not (caps.hoverProvider and caps.codeActionProvider) then return false, 'server lacks hover or code actions: ' .. vim.inspect(caps) end
    return true
  end)

  check('diagnostics arrive with the expected codes and ranges', { 'dirlint client attaches and initializes' }, function()
    return diagnostics_become(case.diagnostics)
  end)

  check('defaultRegion from the configuration reaches the server', { 'diagnostics arrive with the expected codes and ranges' }, function()
    local cell = case.regionFromSettings
    for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = cell.line })) do
      local data = d.user_data and d.user_data.lsp and d.user_data.lsp.data
      if d.col == cell.col and type(data) == 'table' and data.fix and data.fix.edit.newText == cell.fix then return true end
    end
    return false, 'no fix ' .. cell.fix .. ' on line ' .. cell.line .. ': ' .. vim.inspect(vim.diagnostic.get(bufnr, { lnum = cell.line }))
  end)

  check('hover on ' .. target.text .. ' explains SSPR', { 'diagnostics arrive with the expected codes and ranges' }, function()
    put_cursor_in(target)
    local hover, err = request('textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding))
    if not hover then return false, err or 'null hover' end
    local contents = hover.contents
    if type(contents) ~= 'table' or contents.kind ~= 'markdown' then return false, 'not markdown: ' .. vim.inspect(contents) end
    for _, needle in ipairs(case.hoverContains) do
      if not contents.value:find(needle, 1, true) then return false, 'no "' .. needle .. '" in: ' .. contents.value end
    end
    local r = hover.range
    if not (r and r.start.line == target.line and r.start.character == target.character and r['end'].character == target.endCharacter) then
      return false, 'hover range ' .. vim.inspect(r) .. ' is not the cell'
    end
    return true
  end)

  local quickfix, lazy_fix_all
  check('quick fix "' .. target.title .. '" is offered and preferred', { 'diagnostics arrive with the expected codes and ranges' }, function()
    put_cursor_in(target)
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    params.context = { diagnostics = line_diagnostics(target.line), only = { 'quickfix' } }
    local actions, err = request('textDocument/codeAction', params)
    if not actions then return false, err or 'null result' end
    local titles = {}
    for _, action in ipairs(actions) do
      table.insert(titles, string.format('%q (%s%s)', action.title, tostring(action.kind), action.isPreferred and ', preferred' or ''))
      if action.kind ~= 'quickfix' then return false, 'asked for quickfix only, got ' .. vim.inspect(action) end
      if action.title == target.title then quickfix = action end
      if not action.edit and action.data then lazy_fix_all = action end
    end
    if not quickfix then return false, 'actions: ' .. table.concat(titles, ', ') end
    if quickfix.isPreferred ~= true then return false, 'not preferred' end
    if not quickfix.edit then return false, 'no edit (command: ' .. vim.inspect(quickfix.command) .. ')' end
    return true
  end)

  check('the quick-fix "fix all" resolves (codeAction/resolve) to every fix', { 'quick fix "' .. target.title .. '" is offered and preferred' }, function()
    if not lazy_fix_all then return false, 'no unresolved "fix all" quick fix among the actions' end
    local resolved, err = request('codeAction/resolve', lazy_fix_all)
    if not resolved then return false, err or 'null result' end
    local changes = resolved.edit and resolved.edit.documentChanges
    local edits = changes and changes[1] and changes[1].edits or {}
    local written = vim.tbl_map(function(edit) return edit.newText end, edits)
    table.sort(written)
    local expected = {}
    for _, e in ipairs(case.diagnostics) do if e.fix then table.insert(expected, e.fix) end end
    table.sort(expected)
    if not vim.deep_equal(written, expected) then return false, 'resolved to ' .. vim.inspect(resolved) end
    return true
  end)

  check('quick fix applied and written: only that value changed on disk', { 'quick fix "' .. target.title .. '" is offered and preferred' }, function()
    vim.lsp.util.apply_workspace_edit(quickfix.edit, client.offset_encoding)
    if not buffer_is(case.afterQuickfix) then
      return false, 'buffer after the edit: ' .. first_difference(case.afterQuickfix, table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n'))
    end
    vim.cmd('write')
    local written = read_bytes(path)
    if written ~= case.afterQuickfix then return false, first_difference(case.afterQuickfix, written) end
    if original ~= case.original then return false, 'the copy opened was not the fixture: ' .. first_difference(case.original, original) end
    return true
  end)

  local fix_all
  check('source.fixAll.dirlint is offered for the current version', { 'quick fix applied and written: only that value changed on disk' }, function()
    local last = vim.api.nvim_buf_line_count(bufnr)
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
      context = { diagnostics = {}, only = { 'source.fixAll.dirlint' } },
    }
    local actions, err = request('textDocument/codeAction', params)
    if not actions then return false, err or 'null result' end
    if #actions ~= 1 then return false, 'expected one action, got ' .. vim.inspect(actions) end
    fix_all = actions[1]
    if fix_all.kind ~= 'source.fixAll.dirlint' or not fix_all.edit then return false, 'unexpected action ' .. vim.inspect(fix_all) end
    local changes = fix_all.edit.documentChanges
    local version = changes and changes[1] and changes[1].textDocument.version
    if version ~= vim.lsp.util.buf_versions[bufnr] then
      return false, string.format('edit is for version %s, the buffer is at %s', tostring(version), tostring(vim.lsp.util.buf_versions[bufnr]))
    end
    return true
  end)

  check('fix-all applied and written: every fixable value rewritten, nothing else', { 'source.fixAll.dirlint is offered for the current version' }, function()
    vim.lsp.util.apply_workspace_edit(fix_all.edit, client.offset_encoding)
    if not buffer_is(case.fixed) then
      return false, 'buffer after the edit: ' .. first_difference(case.fixed, table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n'))
    end
    vim.cmd('write')
    local written = read_bytes(path)
    if written ~= case.fixed then return false, first_difference(case.fixed, written) end
    return true
  end)

  check('after fix-all the server reports no fixable problems', { 'fix-all applied and written: every fixable value rewritten, nothing else' }, function()
    for _, e in ipairs(case.afterFixAll) do
      if FIXABLE[e.code] then return false, 'the case expects a fixable ' .. e.code end
    end
    return diagnostics_become(case.afterFixAll)
  end)
end

local ran, err = xpcall(run, debug.traceback)
if not ran then report('e2e.lua runs to the end', false, err) end
results:close()
vim.cmd(failures == 0 and 'qa!' or 'cquit')
