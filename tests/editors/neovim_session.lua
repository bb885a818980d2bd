-- Drives the real server from Neovim 0.7 (headless) and prints what Neovim saw as JSON.
-- Arguments come from the environment: JOB_FILE (a copy of the example job), SERVER_PYTHON.
local job = os.getenv("JOB_FILE")
local python = os.getenv("SERVER_PYTHON")
local result = { steps = {} }

local function note(name, value) result[name] = value; table.insert(result.steps, name) end

local client_id = vim.lsp.start_client({
  cmd = { python, "-m", "automl_job_ls.cli", "serve" },
  root_dir = vim.fn.fnamemodify(job, ":h"),
  name = "automl-job-ls",
  on_error = function(code, err) note("client_error", tostring(code) .. " " .. tostring(err)) end,
})
vim.cmd("edit " .. job)
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "yaml"
vim.lsp.buf_attach_client(buf, client_id)

local function wait_for(ms, predicate) return vim.wait(ms, predicate, 50) end

local attached = wait_for(10000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end)
note("initialized", attached)

-- 1. Diagnostics of the untouched example: the server publishes an empty list.
local published = false
local orig = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
  published = true
  return orig(err, params, ctx, config)
end
wait_for(10000, function() return published end)
note("initial_diagnostics", vim.tbl_map(function(d) return d.message end, vim.diagnostic.get(buf)))

-- 2. Completion at `model_name: ` inside training_parameters.
local line_no
for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if text:match("^  evaluation_frequency:") then line_no = i end
end
vim.api.nvim_buf_set_lines(buf, line_no, line_no, false, { "  model_name: " })
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line_no, character = 14 } }
local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 10000)
local labels = {}
for _, response in pairs(responses or {}) do
  local items = response.result and (response.result.items or response.result) or {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
end
note("completion_labels", labels)

-- 3. Hover on `evaluation_frequency` (line_no is 1-based: that line is 0-based line_no - 1).
local hover_params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line_no - 1, character = 4 } }
local hovers = vim.lsp.buf_request_sync(buf, "textDocument/hover", hover_params, 10000)
local hover_text = ""
for _, response in pairs(hovers or {}) do
  if response.result and response.result.contents then hover_text = response.result.contents.value or "" end
end
note("hover", hover_text)

-- 4. Replace the model_name line with a misspelled key: a fresh diagnostic arrives. The publish
-- for step 2's edit (`model_name: ` has no value yet) may still be on its way, so wait for the
-- one that is about the new key.
local function mentions_new_key()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:find("lerning_rate", 1, true) then return true end
  end
  return false
end
vim.api.nvim_buf_set_lines(buf, line_no, line_no + 1, false, { "  lerning_rate: 0.01" })
wait_for(10000, mentions_new_key)
vim.wait(300) -- a later publish would replace these: the test then sees exactly the final set
note("after_edit", vim.tbl_map(function(d)
  return { message = d.message, code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity }
end, vim.diagnostic.get(buf)))

io.stdout:write(vim.fn.json_encode(result) .. "\n")
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
