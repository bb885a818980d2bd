#!/usr/bin/env node
// A real VS Code, end to end: code-server 4.100.3 with the built .vsix, driven by Debian's
// Chromium through playwright-core, on a temp copy of the example job.
//
//   node tests/vscode/run.mjs          (from the repository root; build the .vsix first:
//                                       cd client-vscode && npm run package)
//
// Prints one line per check and "N passed, N failed"; exit 0 only when all pass. Screenshots,
// the code-server log, the extension's output and results.json go to test-output/vscode/.
// Everything runs on 127.0.0.1; code-server and Chromium each get their own process group and
// are killed by group at the end, also on failure or Ctrl+C.
//
// Environment: AUTOML_VSIX (the .vsix), AUTOML_VSCODE_CACHE (where code-server is installed),
// CHROMIUM (default /usr/bin/chromium), AUTOML_E2E_KEEP=1 (keep the temp folder),
// AUTOML_E2E_SETTINGS (JSON merged into the user settings).
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const shared = resolve(repo, '..', 'shared'); // shared/ lies beside the repository
const outDir = join(repo, 'test-output', 'vscode');
const CODE_SERVER = '4.100.3';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// What real-editors.md lists: Chromium, and what code-server's native modules build against.
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep'];
const EXAMPLE = join(shared, 'reference/examples/cli/jobs/automl-standalone-jobs',
  'cli-automl-image-instance-segmentation-task-fridge-items/cli-automl-img-ins-seg-task-fridge-items.yml');
const SCHEMA = join(repo, 'schemas', 'automl-image-instance-segmentation-job.schema.json');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (line) => console.log(`[${elapsed().padStart(7)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// -- process groups: everything started here is stopped by group -----------------------------------
const groups = new Set();

function startGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true }); // detached = setsid: own group
  groups.add(child.pid);
  child.on('exit', () => undefined);
  return child;
}

const alive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stopGroups() {
  for (const pgid of groups) if (alive(pgid)) process.kill(-pgid, 'SIGTERM');
  for (let i = 0; i < 50 && [...groups].some(alive); i++) await sleep(100);
  for (const pgid of groups) if (alive(pgid)) process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 20 && [...groups].some(alive); i++) await sleep(100);
  const left = [...groups].filter(alive);
  groups.clear();
  return left;
}

// Last resort when the runner itself is interrupted.
process.on('exit', () => {
  for (const pgid of groups) try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { void stopGroups().finally(() => process.exit(130)); });
}

// -- setup ------------------------------------------------------------------------------------
function ensureDebianPackages() {
  let missing;
  try {
    missing = DEBIAN_PACKAGES.filter((p) => {
      try {
        return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
      } catch {
        return true;
      }
    });
  } catch {
    return; // not Debian: rely on CHROMIUM and rg being there
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} (sudo apt-get install ${missing.join(' ')})`);
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function ensurePlaywright() {
  if (!existsSync(join(here, 'node_modules', 'playwright-core'))) {
    log('npm ci (playwright-core)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  }
  return createRequire(join(here, 'package.json'))('playwright-core');
}

/** code-server from npm into a cache folder, the way real-editors.md says. */
function ensureCodeServer() {
  const cacheRoot = process.env.AUTOML_VSCODE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'automl-job-ls');
  const dir = join(cacheRoot, `code-server-${CODE_SERVER}`);
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  if (existsSync(join(dir, '.complete')) && existsSync(bin)) return bin;

  log(`installing code-server ${CODE_SERVER} into ${dir} (about a minute)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // @vscode/ripgrep's postinstall downloads rg from GitHub; give it Debian's rg in its cache.
  const tmp = process.env.TMPDIR || '/tmp';
  const rgCache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!existsSync(tarball)) {
    const rg = execFileSync('sh', ['-c', 'command -v rg']).toString().trim();
    const stage = mkdtempSync(join(tmp, 'rg-'));
    copyFileSync(rg, join(stage, 'rg'));
    mkdirSync(rgCache, { recursive: true });
    execFileSync('tar', ['-czf', tarball, '-C', stage, 'rg']);
    rmSync(stage, { recursive: true, force: true });
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // its postinstall refuses root otherwise
    npm_config_yes: 'true', // node-pty runs `npx node-gyp`
    // npm 11 skips dependency install scripts unless allowed; code-server's are its build.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER}`], { cwd: dir, env, stdio: 'inherit' });
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return bin;
}

function findVsix() {
  if (process.env.AUTOML_VSIX) return resolve(process.env.AUTOML_VSIX);
  const pkg = JSON.parse(readFileSync(join(repo, 'client-vscode', 'package.json'), 'utf8'));
  return join(repo, 'client-vscode', `${pkg.name}-${process.platform}-${process.arch}-${pkg.version}.vsix`);
}

const freePort = () =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });

async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

/** Starts Chromium in its own group and returns its DevTools endpoint. */
async function startChromium(profile) {
  const child = startGroup(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    '--window-size=1400,1300', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return waitFor('Chromium DevTools endpoint', () => /DevTools listening on (ws:\/\/\S+)/.exec(stderr)?.[1], 30_000);
}

// -- editor helpers ------------------------------------------------------------------------------
/** The text area of the editor on screen (hidden editors stay in the DOM). */
const editorLines = (page) => page.locator('.part.editor .monaco-editor .view-lines').filter({ visible: true }).first();

async function editorText(page) {
  const text = await editorLines(page).evaluate((el) =>
    [...el.querySelectorAll('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent)
      .join('\n'));
  return text.replace(/\u00a0/g, ' ');
}

async function gotoLine(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(column ? `:${line}:${column}` : `:${line}`);
  await page.keyboard.press('Enter');
  await waitFor(`cursor on line ${line}`, async () =>
    (await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().textContent())?.includes(`Ln ${line},`), 5000);
}

/** Quick Open (Ctrl+P) a workspace file and wait until its text shows `marker`. */
async function openFile(page, name, marker) {
  await retryOn(page, `open ${name}`, 4, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(name);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await waitFor(`${name} in the editor`, async () => (await editorText(page)).includes(marker), 10_000);
  });
}

/** Runs a command from the Command Palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5000 });
  // Enter runs the focused row, and similar titles (or "recently used") can come first.
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !(await focused.getAttribute('aria-label').catch(() => ''))?.startsWith(title); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/** Changes user settings the way a user does: edit settings.json in the editor and save. */
async function editUserSettings(page, settings, file) {
  // Typing JSON into the settings editor is unreliable (it auto-closes the first `{"`, and a
  // key sent before the editor has focus is lost). So the new text goes to disk, the editor
  // reloads it, and one typed line break makes VS Code save the file itself: the same path as
  // a user's edit, which is what applies settings without a reload.
  await retryOn(page, 'edit settings.json', 3, async () => {
    writeFileSync(file, JSON.stringify(settings, null, 2));
    await runCommand(page, 'Preferences: Open User Settings (JSON)');
    await page.locator('.tab.active', { hasText: 'settings.json' }).waitFor({ timeout: 5000 });
    await runCommand(page, 'File: Revert File');
    await waitFor('settings.json reloaded', async () => (await editorText(page)).includes('"files.hotExit"'), 5000);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active.dirty').waitFor({ timeout: 5000 });
    await page.keyboard.press('Control+S');
    await waitFor('settings.json saved', async () => (await page.locator('.tab.active.dirty').count()) === 0, 5000);
    await waitFor('settings.json on disk', () => {
      const text = readFileSync(file, 'utf8');
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (isDeepStrictEqual(parsed, settings)) return true;
      throw new Error(`it ends with ${JSON.stringify(text.slice(-60))}`);
    }, 5000);
    await page.locator('.tabs-container .tab', { hasText: 'job.yml' }).first().click();
    await waitFor('job.yml in front', async () => (await editorText(page)).includes('training_parameters:'), 5000);
  });
}

/** Puts the editor back to the file on disk (File: Revert File), so each check starts the same. */
async function resetDocument(page, original) {
  await retryOn(page, 'revert the file', 3, async () => {
    await editorLines(page).click({ position: { x: 5, y: 5 } });
    await runCommand(page, 'File: Revert File');
    await waitFor('the original text', async () => (await editorText(page)).trimEnd() === original.trimEnd(), 5000).catch(async (e) => {
      const now = (await editorText(page)).split('\n');
      const i = now.findIndex((l, n) => l !== original.split('\n')[n]);
      throw new Error(`${e.message}; line ${i + 1} is ${JSON.stringify(now[i])}`);
    });
  });
}

/** Types `text` into the (empty) line `line`, leaving the cursor at its end. */
async function typeIntoLine(page, line, text) {
  await gotoLine(page, line);
  // One multi-character insert, no Enter: Monaco's auto-indent never touches it.
  await page.keyboard.insertText(text);
}

/** Screen coordinates of the middle of `word` in the editor. */
async function wordCenter(page, word) {
  return page.evaluate((w) => {
    const lines = document.querySelectorAll('.monaco-editor .view-lines .view-line');
    for (const line of lines) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.textContent.indexOf(w);
        if (i >= 0) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + w.length);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
      }
    }
    return null;
  }, word);
}

/** Whether an error squiggle covers the first character of `text` on screen. */
async function squiggleOn(page, text) {
  return page.evaluate((t) => {
    let target = null;
    for (const line of document.querySelectorAll('.part.editor .monaco-editor .view-lines .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && !target; node = walker.nextNode()) {
        const i = node.textContent.replace(/\u00a0/g, ' ').indexOf(t);
        if (i >= 0) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          target = range.getBoundingClientRect();
        }
      }
    }
    if (!target) return false;
    const x = target.left + target.width / 2;
    const y = target.top + target.height / 2;
    return [...document.querySelectorAll('.part.editor .squiggly-error')].some((el) => {
      const r = el.getBoundingClientRect();
      return r.left <= x && x <= r.right && r.top - 2 <= y && y <= r.bottom + 2;
    });
  }, text);
}

/** Hides the bottom panel (Problems), so the editor has its full height again. */
async function closePanel(page) {
  if (!(await page.locator('.part.panel').filter({ visible: true }).count())) return;
  for (const title of ['View: Hide Panel', 'View: Close Panel']) {
    try {
      await runCommand(page, title);
      await page.locator('.part.panel').filter({ visible: true }).waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
}

/** The rows of the Problems panel, as their text. */
async function problemRows(page) {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

const retryOn = (page, what, attempts, fn) => retry(what, attempts, fn, page);

/** Opens the suggestion list and accepts the item whose label is `label`, from the keyboard. */
async function acceptSuggestion(page, label) {
  return retryOn(page, `suggest ${label}`, 6, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 4000 });
    const focused = page.locator('.suggest-widget.visible .monaco-list-row.focused');
    const name = async () => ((await focused.getAttribute('aria-label').catch(() => '')) || '').split(',')[0];
    for (let i = 0; i < 40 && (await name()) !== label; i++) await page.keyboard.press('ArrowDown');
    if ((await name()) !== label) {
      throw new Error(`no ${label} in ${JSON.stringify(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))}`);
    }
    await page.keyboard.press('Enter');
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
  });
}

/** Closes the (saved) file a check opened and goes back to job.yml, as the next check expects. */
async function backToJob(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+W');
  await retryOn(page, 'back to job.yml', 3, async () => {
    await page.locator('.tabs-container .tab', { hasText: 'job.yml' }).first().click();
    await page.locator('.tab.active', { hasText: 'job.yml' }).waitFor({ timeout: 5000 });
  }).catch((e) => log(`  back to job.yml: ${e.message}`));
}

/** Saves the active editor and returns the file's text on disk once the save is done. */
async function saveAndRead(page, file) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  await waitFor('the file saved', async () => (await page.locator('.tab.active.dirty').count()) === 0, 5000);
  return readFileSync(file, 'utf8');
}

/** Runs a flaky UI step again; each failed attempt leaves a screenshot. */
async function retry(what, attempts, fn, page) {
  let last;
  for (let i = 1; i <= attempts; i++) {
    try {
      return await fn(i);
    } catch (e) {
      last = e;
      log(`  ${what}: attempt ${i} failed (${e.message.split('\n')[0]})`);
      const file = `retry-${what.replace(/\W+/g, '-')}-${i}.png`;
      await page?.screenshot({ path: join(outDir, file) }).catch(() => undefined);
    }
  }
  throw last;
}

// -- the checks --------------------------------------------------------------------------------------
/** The example job cut after `sweep.sampling_algorithm`, so that sweep is the last section. */
function endJob(original) {
  return `${original.slice(0, original.indexOf('  early_termination:'))}`;
}

function checks(original, baseSettings, tmp) {
  const workspaceDir = join(tmp, 'workspace'); // as main() lays it out
  const endText = endJob(original);
  const lines = original.split('\n');
  const evalLine = lines.findIndex((l) => l.startsWith('  evaluation_frequency')) + 1; // 1-based
  const inside = evalLine + 1; // the empty line after it, still inside training_parameters
  if (evalLine === 0 || lines[inside - 1] !== '') throw new Error('the example job changed: no empty line after evaluation_frequency');
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  const description = schema.$defs.trainingParameters.properties.evaluation_frequency.description;
  const settingsFile = join(tmp, 'user-data', 'User', 'settings.json'); // as main() lays it out
  const phrase = description.split(/[.,;]/).slice(0, 2).join(',').trim(); // e.g. "How often, in epochs"
  const backbones = [18, 34, 50, 101, 152].map((n) => `maskrcnn_resnet${n}_fpn`);

  return [
    {
      name: 'squiggle-under-unknown-key',
      title: '(b) an error squiggle under a typed unknown key',
      async run(page) {
        await typeIntoLine(page, inside, '  lerning_rate: 0.01');
        // The first check also waits for the first start: venv install and server start.
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 120_000 });
        // Its hover tells which key it is about.
        await retryOn(page, 'hover on the squiggle', 4, async () => {
          const box = await page.locator('.squiggly-error').first().boundingBox();
          await page.mouse.move(1, 1);
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
          await page.locator('.monaco-hover', { hasText: 'lerning_rate' }).first().waitFor({ state: 'visible', timeout: 4000 });
        });
        return (await page.locator('.monaco-hover', { hasText: 'lerning_rate' }).first().innerText()).split('\n')[0];
      },
    },
    {
      name: 'broken-quote-marked-at-the-quote',
      title: '(g) deleting a closing quote marks the opening quote, keeps the other problems, and restoring it brings them back',
      async run(page) {
        const descLine = lines.findIndex((l) => l.startsWith('description: ')) + 1;
        await typeIntoLine(page, inside, '  lerning_rate: 0.01');
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
        // Quote the description, `description: "An Image ... dataset"`: still one problem.
        await gotoLine(page, descLine, 'description: '.length + 1);
        await page.keyboard.insertText('"');
        await page.keyboard.press('End');
        await page.keyboard.insertText('"');
        await waitFor('the quoted description checked', async () =>
          (await editorText(page)).includes('dataset"') && (await page.locator('.squiggly-error').count()) === 1
          && !(await squiggleOn(page, '"An Image')), 15_000);
        // Delete the closing quote.
        await page.keyboard.press('Backspace');
        const t0 = Date.now();
        await waitFor('a squiggle at the opening quote', () => squiggleOn(page, '"An Image'), 10_000);
        const latency = Date.now() - t0;
        await waitFor('the earlier problem still shown', () => squiggleOn(page, 'lerning_rate'), 5000);
        await page.keyboard.press('Control+Shift+M');
        const rows = await waitFor('both in the Problems panel', async () => {
          const all = await problemRows(page);
          return all.some((r) => r.includes('Close this " quote')) && all.some((r) => r.includes('lerning_rate')) ? all : null;
        }, 10_000);
        // Put the quote back: the quote's error goes, the other stays.
        await gotoLine(page, descLine);
        await page.keyboard.press('End');
        await page.keyboard.insertText('"');
        await waitFor('the earlier diagnostics back', async () => {
          const all = await problemRows(page);
          return !(await squiggleOn(page, '"An Image')) && (await squiggleOn(page, 'lerning_rate'))
            && !all.some((r) => r.includes('Close this')) && all.some((r) => r.includes('lerning_rate'));
        }, 10_000);
        return `squiggle at the quote ${latency} ms after the edit; Problems listed ${rows.length} rows: ${rows.map((r) => r.split('\n')[0]).join(' | ')}`;
      },
      after: closePanel,
    },
    {
      name: 'completion-model-name',
      title: '(a) the five maskrcnn backbones are suggested at `model_name: `',
      async run(page) {
        await typeIntoLine(page, inside, '  model_name: ');
        return retryOn(page, 'suggest', 6, async () => {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+Space');
          const rows = page.locator('.suggest-widget.visible .monaco-list-row');
          await rows.first().waitFor({ state: 'visible', timeout: 4000 });
          const labels = await waitFor('the backbones in the list', async () => {
            const all = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent));
            return backbones.every((b) => all.some((l) => l.includes(b))) ? all : null;
          }, 3000).catch(async () => {
            throw new Error(`suggestions were ${JSON.stringify(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))}`);
          });
          return labels.filter((l) => l.includes('maskrcnn')).map((l) => l.split(',')[0]).join(' | ');
        });
      },
      after: (page) => page.keyboard.press('Escape'),
    },
    {
      name: 'hover-evaluation-frequency',
      title: '(c) hovering `evaluation_frequency` shows its documentation',
      async run(page) {
        return retryOn(page, 'hover', 5, async (attempt) => {
          if (attempt < 5) {
            const at = await wordCenter(page, 'evaluation_frequency');
            if (!at) throw new Error('evaluation_frequency is not on screen');
            await page.mouse.move(1, 1);
            await page.mouse.move(at.x, at.y, { steps: 3 });
          } else {
            // Last try: the same hover from the keyboard (Show Hover).
            await gotoLine(page, evalLine);
            await page.keyboard.press('End');
            await page.keyboard.press('Home');
            await page.keyboard.press('Control+K');
            await page.keyboard.press('Control+I');
          }
          const hover = page.locator('.monaco-hover', { hasText: phrase }).first();
          await hover.waitFor({ state: 'visible', timeout: 5000 });
          return (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 160);
        });
      },
    },
    {
      name: 'quick-fix-box-detections',
      title: '(d) the quick fix renames `box_detections_per_img` to `box_detections_per_image`',
      async run(page) {
        await typeIntoLine(page, inside, '  box_detections_per_img: 100');
        await page.keyboard.press('Home'); // first non-blank: the cursor is on the key
        await page.keyboard.press('ArrowRight');
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
        const title = await retryOn(page, 'quick fix menu', 5, async () => {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+.');
          const item = page.locator('.action-widget .monaco-list-row', { hasText: 'box_detections_per_image' }).first();
          await item.waitFor({ state: 'visible', timeout: 4000 });
          const text = (await item.innerText()).trim();
          // Choose it from the keyboard: a click is swallowed by the menu's pointer blocker.
          const focused = page.locator('.action-widget .monaco-list-row.focused');
          for (let i = 0; i < 10 && !((await focused.innerText().catch(() => '')).includes('box_detections_per_image')); i++) {
            await page.keyboard.press('ArrowDown');
          }
          await page.keyboard.press('Enter');
          return text;
        });
        await waitFor('the renamed key', async () => {
          const text = await editorText(page);
          return text.includes('  box_detections_per_image: 100') && !text.includes('box_detections_per_img:');
        }, 5000);
        return `applied "${title}"`;
      },
    },
    {
      name: 'settings-apply-live',
      title: '(e) severity and disabledCodes settings apply without a reload; a bad value gets the server\'s message',
      async run(page) {
        await typeIntoLine(page, inside, '  lerning_rate: 0.01');
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
        await editUserSettings(page, { ...baseSettings, 'automlJob.severity': { AML101: 'warning' } }, settingsFile);
        await waitFor('AML101 shown as a warning', async () =>
          (await page.locator('.squiggly-warning').count()) > 0 && (await page.locator('.squiggly-error').count()) === 0, 15_000);
        await editUserSettings(page, { ...baseSettings, 'automlJob.disabledCodes': ['AML101'] }, settingsFile);
        await waitFor('AML101 gone', async () =>
          (await page.locator('.squiggly-warning').count()) === 0 && (await page.locator('.squiggly-error').count()) === 0, 15_000);
        // A bad value: the server's own sentence (the client forwards values unchecked), and the
        // setting falls back: AML101 is back at its default level, an error.
        await editUserSettings(page, { ...baseSettings, 'automlJob.severity': { AML101: 'loud' } }, settingsFile);
        const told = page.locator('.notification-toast', { hasText: 'automlJob.severity.AML101: "loud" is not a level (error, warning, information, hint); ignoring it.' });
        await told.first().waitFor({ state: 'visible', timeout: 15_000 });
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 15_000 });
        await runCommand(page, 'Notifications: Clear All Notifications');
        await editUserSettings(page, baseSettings, settingsFile);
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 15_000 });
        return 'error -> warning -> off -> a bad level: the server says so, error -> error, same window';
      },
    },
    {
      name: 'early-termination-then-type',
      title: '(g) `early_termination` at the end of the file, then `type`: each one unit below its parent on disk',
      async run(page) {
        await openFile(page, 'end.yml', 'sampling_algorithm: random');
        await page.locator('.tab.active', { hasText: 'end.yml' }).waitFor({ timeout: 5000 });
        const lastLine = endText.split('\n').length; // the empty line after the final line break
        await gotoLine(page, lastLine);
        await page.keyboard.insertText('  early_t');
        await acceptSuggestion(page, 'early_termination');
        await acceptSuggestion(page, 'type');
        const disk = await saveAndRead(page, join(workspaceDir, 'end.yml'));
        const expected = `${endText}  early_termination:\n    type: `;
        if (disk !== expected) throw new Error(`on disk: ${JSON.stringify(disk.slice(-80))}, expected ${JSON.stringify(expected.slice(-80))}`);
        return JSON.stringify(disk.split('\n').slice(-3).join('\n'));
      },
      after: (page) => backToJob(page),
    },
    {
      name: 'skeleton-empty-file',
      title: '(h) the job skeleton in an empty file starts with `$schema:` and is a clean job',
      async run(page) {
        await openFile(page, 'empty.yml', '');
        await page.locator('.tab.active', { hasText: 'empty.yml' }).waitFor({ timeout: 5000 });
        await acceptSuggestion(page, 'AutoML image instance segmentation job');
        const disk = await saveAndRead(page, join(workspaceDir, 'empty.yml'));
        const first = disk.split('\n')[0];
        if (first !== '$schema: https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/autoMLJob.schema.json') throw new Error(`line 1 is ${JSON.stringify(first)}`);
        if (!disk.includes('\ntask: image_instance_segmentation\n') || !disk.includes('\n  model_name: maskrcnn_resnet50_fpn\n')) throw new Error(`skeleton: ${JSON.stringify(disk.slice(0, 300))}`);
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 3000 }).then(
          () => { throw new Error('the skeleton shows an error squiggle'); }, () => undefined);
        return JSON.stringify(first);
      },
      after: (page) => backToJob(page),
    },
    {
      name: 'optimizer-colon-value',
      title: '(i) a value accepted right after `optimizer:` gets its space',
      async run(page) {
        await typeIntoLine(page, inside, '  optimizer:');
        await acceptSuggestion(page, 'adam');
        await waitFor('`optimizer: adam` in the editor', async () => (await editorText(page)).includes('\n  optimizer: adam\n'), 5000).catch(async () => {
          throw new Error(`the line is ${JSON.stringify((await editorText(page)).split('\n')[inside - 1])}`);
        });
        return '"  optimizer: adam"';
      },
    },
    {
      name: 'flow-mapping-value',
      title: '(j) inside `{type: }` a policy kind is written inside the braces, nothing else changes',
      async run(page) {
        await openFile(page, 'flow.yml', 'sampling_algorithm: random');
        await page.locator('.tab.active', { hasText: 'flow.yml' }).waitFor({ timeout: 5000 });
        await gotoLine(page, endText.split('\n').length);
        await page.keyboard.insertText('  early_termination: {type: }');
        await page.keyboard.press('ArrowLeft'); // the cursor before the closing brace
        await acceptSuggestion(page, 'median_stopping');
        const disk = await saveAndRead(page, join(workspaceDir, 'flow.yml'));
        const expected = `${endText}  early_termination: {type: median_stopping}`;
        if (disk !== expected) throw new Error(`on disk: ${JSON.stringify(disk.slice(-80))}, expected ${JSON.stringify(expected.slice(-80))}`);
        return JSON.stringify(disk.split('\n').slice(-1)[0]);
      },
      after: (page) => backToJob(page),
    },
    {
      name: 'crash-loop-guard',
      title: '(f) a server killed 5 times is not restarted again; Restart brings it back',
      async run(page) {
        for (let crash = 1; crash <= 5; crash++) {
          const pids = await waitFor('a running server', () => { const p = serverPids(tmp); return p.length ? p : null; }, 30_000);
          pids.forEach((pid) => process.kill(pid, 'SIGKILL')); // only our own server, found by its temp path
          if (crash < 5) {
            await waitFor(`restart after crash ${crash}`, () => serverPids(tmp).some((p) => !pids.includes(p)), 30_000);
            await sleep(2000); // let it finish `initialize`: a kill during start-up is a start failure
          }
        }
        const toast = page.locator('.notification-toast', { hasText: 'crashed 5 times' }).first();
        await toast.waitFor({ state: 'visible', timeout: 15_000 });
        await sleep(2000);
        if (serverPids(tmp).length) throw new Error('the server was restarted after the 5th crash');
        await toast.locator('.monaco-button', { hasText: 'Restart' }).first().click();
        await waitFor('the server after Restart', () => serverPids(tmp).length > 0, 30_000);
        await typeIntoLine(page, inside, '  lerning_rate: 0.01');
        await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
        return 'stopped after 5 crashes, one message, back after Restart';
      },
    },
  ];
}

/**
 * (g) A local data folder next to the job, its JSONL with a polygon coordinate of 1.3 on line 2:
 * the warning squiggle sits on `path:`, and the Problems panel links to that JSONL line. Written to
 * disk only now (the earlier checks count squiggles), so the server learns of it from its file watcher.
 */
function dataCheck(workspace, original) {
  const url = (n) => `azureml://subscriptions/sub/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/images/${n}.jpg`;
  const line = (n, polygon) => JSON.stringify({ image_url: url(n), label: [{ label: 'can', isCrowd: 0, polygon }] });
  const good = [[0.1, 0.1, 0.5, 0.1, 0.5, 0.5]];
  const mltable = 'paths:\n  - file: ./train_annotations.jsonl\ntransformations:\n  - read_json_lines:\n      encoding: utf8\n'
    + '  - convert_column_types:\n      - columns: image_url\n        column_type: stream_info\n';
  return {
    name: 'data-squiggle-and-problems-link',
    title: '(g) a bad polygon in the local JSONL: a squiggle on `path:`, and Problems links to the JSONL line',
    async run(page) {
      for (const [name, lines] of [['training-mltable-folder', [line(1, good), line(2, [[0.1, 0.1, 1.3, 0.1, 0.5, 0.5]])]],
        ['validation-mltable-folder', [line(3, good)]]]) {
        const folder = join(workspace, 'data', name);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'train_annotations.jsonl'), `${lines.join('\n')}\n`);
        writeFileSync(join(folder, 'MLTable'), mltable);
      }
      const warning = page.locator('.squiggly-warning').first();
      await warning.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
        // No watcher event arrived: an edit of the job makes the server check its data too.
        await typeIntoLine(page, 1, ' ');
        await page.keyboard.press('Backspace');
        await warning.waitFor({ state: 'visible', timeout: 30_000 });
      });
      const hoverText = await retryOn(page, 'hover on the data squiggle', 4, async () => {
        const box = await warning.boundingBox();
        await page.mouse.move(1, 1);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
        const hover = page.locator('.monaco-hover', { hasText: 'images would be dropped' }).first();
        await hover.waitFor({ state: 'visible', timeout: 4000 });
        return hover.innerText();
      });
      if (!hoverText.includes('1 of 2 images would be dropped: train_annotations.jsonl line 2')) throw new Error(`hover said ${hoverText}`);
      const pathLine = original.split('\n').findIndex((l) => l.includes('path: data/training-mltable-folder')) + 1;
      await page.mouse.move(1, 1);
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Toggle Problems');
      const related = page.locator('.markers-panel .monaco-list-row', { has: page.locator('.related-info-resource', { hasText: 'train_annotations.jsonl' }) }).first();
      await related.waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
        // Collapsed: expand the summary's row.
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'images would be dropped' }).first().click();
        await page.keyboard.press('ArrowRight');
        await related.waitFor({ state: 'visible', timeout: 5000 });
      });
      const relatedText = (await related.innerText()).replace(/\s+/g, ' ');
      await related.dblclick();
      await page.locator('.tab.active', { hasText: 'train_annotations.jsonl' }).waitFor({ timeout: 10_000 });
      await waitFor('the cursor on JSONL line 2', async () =>
        (await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().textContent())?.includes('Ln 2,'), 10_000);
      await page.locator('.tabs-container .tab', { hasText: 'job.yml' }).first().click();
      await runCommand(page, 'View: Toggle Problems');
      return `squiggle on line ${pathLine} (path:); Problems: "${relatedText.slice(0, 100)}" opens train_annotations.jsonl at Ln 2`;
    },
  };
}

// -- start-up with the environment already installed ---------------------------------------------
/**
 * A new window (another folder: a new extension host) where a job with an error is opened, after
 * the first start installed the environment: from the extension's activation (it logs the moment)
 * to the squiggle on screen, next to the bare server's cold open (spawn to first diagnostics, no
 * VS Code) on the same file with the same interpreter. Figures are printed and kept in
 * results.json, never asserted.
 */
async function warmStart(page, { base, userData, tmp, original }) {
  const name = 'warm-start';
  const title = '(h) a new window with the environment installed shows the squiggle without reinstalling';
  const t0 = Date.now();
  try {
    const text = original.replace('  evaluation_frequency: 1', '  evaluation_frequency: 1\n  lerning_rate: 0.01');
    if (text === original) throw new Error('the example job changed: no evaluation_frequency line');
    // A second workspace folder: a new window with no editors to restore, the environment in place.
    const second = join(tmp, 'workspace2');
    mkdirSync(second, { recursive: true });
    writeFileSync(join(second, 'warm.yml'), text);
    const python = join(userData, 'User', 'globalStorage', 'automl-job-ls.automl-job-ls', 'server-env', 'bin', 'python');
    const bare = [];
    for (let i = 0; i < 3; i++) bare.push(await bareColdOpen(python, join(second, 'warm.yml'), text));
    bare.sort((a, b) => a.ms - b.ms);
    const bareMs = bare[1].ms;
    const reloaded = Date.now();
    await page.goto(`${base}/?folder=${encodeURIComponent(second)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await sleep(2000); // the window settles first: its own start-up is not the extension's
    await openFile(page, 'warm.yml', 'lerning_rate'); // activates the extension (onLanguage:yaml)
    await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 60_000 });
    const squiggle = Date.now();
    const newest = Math.max(...serverPids(tmp));
    const serverCpuMs = cpuMs(newest);
    await page.screenshot({ path: join(outDir, 'warm-start.png') }).catch(() => undefined);
    // The second activation's lines. The log reaches its file in batches, and its own time stamps
    // are those of the batch (up to half a second late): the extension writes the moment of
    // activation itself. Wait until that line and the first diagnostics are both there.
    let after = [];
    const activated = await waitFor('the new window\'s activation and first diagnostics in the extension log', () => {
      const lines = (collectExtensionOutput(tmp) ?? '').split('\n');
      const index = lines.findIndex((l) => Date.parse(/Activated at (\S+) /.exec(l)?.[1] ?? '') >= reloaded);
      if (index < 0) return null;
      after = lines.slice(index);
      return after.some((l) => /First diagnostics/.test(l)) ? Date.parse(/Activated at (\S+) /.exec(lines[index])[1]) : null;
    }, 15_000);
    if (after.some((l) => /Installing the server/.test(l))) throw new Error('the environment was installed again');
    if (!after.some((l) => /Server environment is current/.test(l))) throw new Error('the start did not use the installed environment');
    const vscodeMs = squiggle - activated;
    const ownLine = after.find((l) => /First diagnostics \d+ ms after activation/.test(l));
    const own = ownLine ? /First diagnostics (\d+) ms after activation \((\d+) ms/.exec(ownLine) : null;
    const startup = {
      activationToSquiggleMs: vscodeMs, bareColdOpenMs: bareMs, bareColdOpenRunsMs: bare.map((b) => b.ms), differenceMs: vscodeMs - bareMs,
      activationToDiagnosticsMs: own ? Number(own[1]) : null, serverStartToDiagnosticsMs: own ? Number(own[2]) : null,
      serverCpuMs, bareServerCpuMs: bare[1].cpuMs,
    };
    log(`start-up with the environment installed: activation -> first squiggle ${vscodeMs} ms ` +
      `(extension: first diagnostics ${startup.activationToDiagnosticsMs} ms after activation, ${startup.serverStartToDiagnosticsMs} ms after the server was started; ` +
      `server CPU ${serverCpuMs} ms); bare server cold open ${bareMs} ms (median of ${bare.map((b) => b.ms).join(', ')}; CPU ${bare[1].cpuMs} ms); ` +
      `difference ${vscodeMs - bareMs} ms`);
    const detail = `activation -> squiggle ${vscodeMs} ms, bare cold open ${bareMs} ms`;
    log(`PASS ${title}: ${detail}`);
    return { name, title, passed: true, detail, startup, seconds: (Date.now() - t0) / 1000 };
  } catch (error) {
    log(`FAIL ${title}: ${error.message}`);
    await page.screenshot({ path: join(outDir, 'warm-start.png') }).catch(() => undefined);
    return { name, title, passed: false, detail: error.message, seconds: (Date.now() - t0) / 1000 };
  }
}

/** The bare server over stdio, as the extension spawns it: milliseconds from spawn to the first diagnostics. */
function bareColdOpen(python, file, text) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(python, ['-m', 'automl_job_ls.cli', 'serve'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, PYTHONNOUSERSITE: '1' } });
    const timer = setTimeout(() => { child.kill(); reject(new Error('the bare server sent no diagnostics within 30 s')); }, 30_000);
    const send = (message) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    };
    let buffer = Buffer.alloc(0);
    child.stdout.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
        buffer = buffer.subarray(end + 4 + length);
        if (message.id === 1) {
          send({ method: 'initialized', params: {} });
          send({ method: 'textDocument/didOpen', params: { textDocument: { uri: `file://${file}`, languageId: 'yaml', version: 1, text } } });
        } else if (message.method === 'textDocument/publishDiagnostics' && message.params.diagnostics.length) {
          clearTimeout(timer);
          resolve({ ms: Date.now() - started, cpuMs: cpuMs(child.pid) });
          child.kill();
        }
      }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

/** CPU time (user + system) a process has used so far, from /proc. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

/** Language server processes started from this run's temp folder (found in /proc). */
function serverPids(tmp) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('automl_job_ls.cli') && cmd.includes('serve') && cmd[0].startsWith(tmp)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

// -- main ------------------------------------------------------------------------------------------
async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const vsix = findVsix();
  if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}: build it with "cd client-vscode && npm run package"`);
  if (!existsSync(EXAMPLE)) throw new Error(`example job not found: ${EXAMPLE}`);
  ensureDebianPackages();
  const { chromium } = ensurePlaywright();
  const codeServer = ensureCodeServer();
  log(`vsix: ${vsix} (${(statSync(vsix).size / 1e6).toFixed(1)} MB)`);

  const tmp = mkdtempSync(join(tmpdir(), 'automl-vscode-e2e-'));
  const results = [];
  let notifications = [];
  let page;
  try {
    const userData = join(tmp, 'user-data');
    const extensions = join(tmp, 'extensions');
    const workspace = join(tmp, 'workspace');
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(workspace);
    const job = join(workspace, 'job.yml');
    cpSync(EXAMPLE, job);
    const original = readFileSync(job, 'utf8');
    writeFileSync(join(workspace, 'end.yml'), endJob(original));
    writeFileSync(join(workspace, 'flow.yml'), endJob(original));
    writeFileSync(join(workspace, 'empty.yml'), '');
    const baseSettings = {
      'files.hotExit': 'off', // or edits from an earlier page come back
      'files.autoSave': 'off', // the web build saves after a delay by default: reverting needs the disk copy intact
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.settings.enableNaturalLanguageSearch': false,
      'json.schemaDownload.enable': false,
      'npm.fetchOnlinePackageInfo': false,
      'git.enabled': false,
      'security.workspace.trust.enabled': false,
      // Typing must not pop suggestions the test did not ask for: it triggers them itself.
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'editor.suggestOnTriggerCharacters': false,
      'editor.hover.delay': 200,
      'editor.minimap.enabled': false,
      // The test types whole JSON/YAML lines: nothing may be added to them.
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      'editor.formatOnType': false,
      // For trying the extension's failure paths by hand, e.g. {"automlJob.interpreter": "/bad"}.
      ...JSON.parse(process.env.AUTOML_E2E_SETTINGS || '{}'),
    };
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(baseSettings, null, 2));
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
      // No extension gallery: any query fails at once on the loopback instead of going out.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
    };
    const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];

    log('installing the extension');
    execFileSync(codeServer, [...dirs, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'inherit'] });

    const port = await freePort();
    const serverLog = join(outDir, 'code-server.log');
    const server = startGroup(codeServer, [
      ...dirs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace,
    ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let serverOutput = '';
    server.stdout.on('data', (d) => (serverOutput += d));
    server.stderr.on('data', (d) => (serverOutput += d));
    const base = `http://127.0.0.1:${port}`;
    await waitFor('code-server to answer', async () => (await fetch(`${base}/healthz`)).ok, 60_000, 300);
    log(`code-server ${CODE_SERVER} on ${base}`);

    const browser = await chromium.connectOverCDP(await startChromium(join(tmp, 'chromium')));
    const context = browser.contexts()[0];
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1400, height: 1300 });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded');

    await openFile(page, 'job.yml', 'training_parameters:');
    await page.screenshot({ path: join(outDir, '0-opened.png') });
    log('job.yml open');

    for (const [i, check] of [...checks(original, baseSettings, tmp), dataCheck(workspace, original)].entries()) {
      const t0 = Date.now();
      try {
        await resetDocument(page, original);
        const detail = await check.run(page);
        results.push({ name: check.name, title: check.title, passed: true, detail, seconds: (Date.now() - t0) / 1000 });
        log(`PASS ${check.title}: ${detail}`);
      } catch (error) {
        results.push({ name: check.name, title: check.title, passed: false, detail: error.message, seconds: (Date.now() - t0) / 1000 });
        log(`FAIL ${check.title}: ${error.message}`);
      }
      await page.screenshot({ path: join(outDir, `${i + 1}-${check.name}.png`) }).catch(() => undefined);
      await check.after?.(page);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
    // What the user was told: the notification centre, kept as a screenshot and in results.json.
    await runCommand(page, 'Notifications: Show Notifications').catch(() => undefined);
    await sleep(500);
    await page.screenshot({ path: join(outDir, `${results.length + 1}-notifications.png`) }).catch(() => undefined);
    notifications = await page.locator('.notifications-center .notification-list-item-message').allInnerTexts().catch(() => []);
    notifications.forEach((n) => log(`notification: ${n}`));
    results.push(await warmStart(page, { base, userData, tmp, original }));
    writeFileSync(serverLog, serverOutput);
    await browser.close().catch(() => undefined);
  } catch (error) {
    if (page) await page.screenshot({ path: join(outDir, 'failure.png') }).catch(() => undefined);
    results.push({ name: 'setup', title: 'setup', passed: false, detail: error.stack ?? String(error) });
    log(`FAIL setup: ${error.message}`);
  } finally {
    const left = await stopGroups();
    if (left.length) results.push({ name: 'cleanup', title: 'cleanup', passed: false, detail: `process groups still alive: ${left}` });
    const output = collectExtensionOutput(tmp);
    if (output) writeFileSync(join(outDir, 'automl-job-output.log'), output);
    const install = /Server environment ready in ([\d.]+) s/.exec(output ?? '')?.[1];
    if (install) log(`first-start server install (venv from bundled wheels): ${install} s`);
    if (process.env.AUTOML_E2E_KEEP) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
    const failedRequests = failedRequestsIn(output ?? '');
    failedRequests.forEach((f) => log(`failed request: ${f}`));
    const summary = {
      results, notifications, failedRequests, installSeconds: install ? Number(install) : null, totalSeconds: (Date.now() - started) / 1000,
    };
    writeFileSync(join(outDir, 'results.json'), JSON.stringify(summary, null, 2));
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  log(`e2e run took ${elapsed()}; screenshots in ${outDir}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

/**
 * Requests the client logged as failed ("Request textDocument/documentSymbol failed." plus the
 * error on the next line). Those cut off by the crash-loop check's kills are expected.
 */
function failedRequestsIn(output) {
  const lines = output.split('\n');
  const failed = [];
  lines.forEach((line, i) => {
    const request = /Request (\S+) failed\./.exec(line)?.[1];
    const error = (lines[i + 1] ?? '').trim();
    if (request && !/connection got disposed|Client is not running|Connection is closed|canceled/i.test(error)) failed.push(`${request}: ${error}`);
  });
  return failed;
}

/** The extension's output channel, which VS Code keeps as a log file in the user-data dir. */
function collectExtensionOutput(tmp) {
  const found = [];
  const walk = (dir) => {
    for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('AutoML Job.log')) found.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(tmp, 'user-data', 'logs'));
  return found.join('\n');
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(error);
    await stopGroups();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
