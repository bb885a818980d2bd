import assert from 'node:assert/strict';
import { isAbsolute } from 'node:path';
import { test } from 'node:test';
import type { PythonExtension } from '@vscode/python-extension';
import {
  Candidate,
  checkProbeOutput,
  commandLine,
  describeNotFound,
  interpretersInFolder,
  isSupported,
  pathCandidates,
  Probe,
  probePython,
  pythonExtensionInterpreter,
  resolveInterpreter,
  settingCandidate,
} from '../src/python';

test('probe output: the interpreter path, then its version', () => {
  assert.deepEqual(checkProbeOutput('/usr/bin/python3.11\n3.11.7\n'), { ok: true, executable: '/usr/bin/python3.11', version: { major: 3, minor: 11, micro: 7 } });
  assert.deepEqual(checkProbeOutput('C:\\Python312\\python.exe\r\n3.12.1\r\n'), {
    ok: true, executable: 'C:\\Python312\\python.exe', version: { major: 3, minor: 12, micro: 1 },
  });
  const old = checkProbeOutput('/usr/bin/python3.9\n3.9.18\n');
  assert.deepEqual(old, { ok: false, reason: 'Python 3.9.18 is too old; 3.10 or later is needed' });
  assert.deepEqual(checkProbeOutput('/usr/bin/python2\n2.7.18\n'), { ok: false, reason: 'Python 2.7.18 is too old; 3.10 or later is needed' });
  // What the Microsoft Store's python.exe stand-in prints instead of running anything.
  const store = checkProbeOutput('Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases.\n');
  assert.ok(!store.ok && store.reason.startsWith('not a Python interpreter (it printed "Python was not found;'));
  assert.ok(!checkProbeOutput('').ok);
  assert.ok(!checkProbeOutput('\n3.11.7\n').ok, 'a version without an executable path is not an answer');
});

test('3.10 and later are supported', () => {
  assert.ok(isSupported({ major: 3, minor: 10, micro: 0 }));
  assert.ok(isSupported({ major: 3, minor: 14, micro: 1 }));
  assert.ok(!isSupported({ major: 3, minor: 9, micro: 18 }));
});

test('PATH candidates: the py launcher and python.exe on Windows, python3 elsewhere', () => {
  assert.deepEqual(pathCandidates('win32').map(commandLine), ['py -3', 'python', 'python3']);
  assert.deepEqual(pathCandidates('linux').map(commandLine), ['python3', 'python']);
  assert.deepEqual(pathCandidates('darwin').map(commandLine), ['python3', 'python']);
});

test('a folder holds its interpreter in Scripts\\python.exe (venv) or python.exe on Windows, bin/ elsewhere', () => {
  assert.deepEqual(interpretersInFolder('C:\\work\\job\\.venv', 'win32'), ['C:\\work\\job\\.venv\\Scripts\\python.exe', 'C:\\work\\job\\.venv\\python.exe']);
  assert.deepEqual(interpretersInFolder('/work/job/.venv', 'linux'), ['/work/job/.venv/bin/python3', '/work/job/.venv/bin/python']);
});

test('the interpreter setting may name a venv or an installation folder', () => {
  const fs = (dirs: string[], files: string[]) => [(p: string) => dirs.includes(p), (p: string) => files.includes(p)] as const;
  const venv = fs(['C:\\work\\job\\.venv'], ['C:\\work\\job\\.venv\\Scripts\\python.exe']);
  assert.deepEqual(settingCandidate('C:\\work\\job\\.venv', 'win32', ...venv), { command: 'C:\\work\\job\\.venv\\Scripts\\python.exe', args: [], source: 'setting' });
  const install = fs(['C:\\Python312'], ['C:\\Python312\\python.exe']);
  assert.equal(settingCandidate('C:\\Python312', 'win32', ...install).command, 'C:\\Python312\\python.exe');
  assert.equal(settingCandidate('C:\\Python312\\python.exe', 'win32', ...install).command, 'C:\\Python312\\python.exe');
  const posix = fs(['/work/job/.venv'], ['/work/job/.venv/bin/python']);
  assert.equal(settingCandidate('/work/job/.venv', 'linux', ...posix).command, '/work/job/.venv/bin/python');
  // An empty folder: the first place one would look, so the message names it.
  assert.equal(settingCandidate('C:\\empty', 'win32', (p) => p === 'C:\\empty', () => false).command, 'C:\\empty\\Scripts\\python.exe');
});

// A fake machine: which commands exist, where they really live and which version they are.
const machine = (pythons: Record<string, [string, string]>): { probe: Probe; probed: string[] } => {
  const probed: string[] = [];
  const probe: Probe = async (candidate: Candidate) => {
    const line = commandLine(candidate);
    probed.push(line);
    return line in pythons ? checkProbeOutput(`${pythons[line][0]}\n${pythons[line][1]}\n`) : { ok: false, reason: 'not found' };
  };
  return { probe, probed };
};
const linux = pathCandidates('linux');
const windows = pathCandidates('win32');
const setting = (command: string): Candidate => ({ command, args: [], source: 'setting' });

test('order: the setting wins over the Python extension and PATH', async () => {
  const { probe, probed } = machine({ '/opt/py/bin/python': ['/opt/py/bin/python3.12', '3.12.1'], '/ext/python': ['/ext/python', '3.11.0'], python3: ['/usr/bin/python3', '3.10.2'] });
  const found = await resolveInterpreter({ setting: setting('/opt/py/bin/python'), fromPythonExtension: async () => '/ext/python', probe, path: linux });
  assert.deepEqual(found, { ok: true, command: '/opt/py/bin/python3.12', version: { major: 3, minor: 12, micro: 1 }, source: 'setting', requested: '/opt/py/bin/python' });
  assert.deepEqual(probed, ['/opt/py/bin/python']);
});

test('order: without a setting, the Python extension interpreter comes before PATH', async () => {
  const { probe, probed } = machine({ '/ext/python': ['/ext/python', '3.11.0'], python3: ['/usr/bin/python3', '3.10.2'] });
  const found = await resolveInterpreter({ fromPythonExtension: async () => '/ext/python', probe, path: linux });
  assert.ok(found.ok && found.source === 'python-extension' && found.command === '/ext/python');
  assert.deepEqual(probed, ['/ext/python']);
});

test('Windows: the py launcher stands for the newest Python 3; its real path is what is kept', async () => {
  const { probe, probed } = machine({ 'py -3': ['C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python313\\python.exe', '3.13.2'] });
  const found = await resolveInterpreter({ fromPythonExtension: async () => undefined, probe, path: windows });
  assert.deepEqual(found, {
    ok: true, command: 'C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python313\\python.exe', version: { major: 3, minor: 13, micro: 2 }, source: 'path', requested: 'py -3',
  });
  assert.deepEqual(probed, ['py -3']);
});

test('Windows: no launcher, python.exe on PATH', async () => {
  const { probe, probed } = machine({ python: ['C:\\Python311\\python.exe', '3.11.9'] });
  const found = await resolveInterpreter({ fromPythonExtension: async () => undefined, probe, path: windows });
  assert.ok(found.ok && found.command === 'C:\\Python311\\python.exe' && found.requested === 'python');
  assert.deepEqual(probed, ['py -3', 'python']);
});

test('a too old Python extension interpreter falls through to PATH', async () => {
  const { probe, probed } = machine({ '/ext/python': ['/ext/python', '3.8.10'], python3: ['/usr/bin/python3', '3.11.4'] });
  const found = await resolveInterpreter({ fromPythonExtension: async () => '/ext/python', probe, path: linux });
  assert.ok(found.ok && found.requested === 'python3');
  assert.deepEqual(probed, ['/ext/python', 'python3']);
});

test('a failing Python extension API is not fatal', async () => {
  const { probe } = machine({ python3: ['/usr/bin/python3', '3.11.4'] });
  const found = await resolveInterpreter({ fromPythonExtension: async () => { throw new Error('boom'); }, probe, path: linux });
  assert.ok(found.ok && found.requested === 'python3');
});

test('a bad setting is reported, not silently replaced', async () => {
  const { probe, probed } = machine({ '/old/python': ['/old/python', '3.9.18'], python3: ['/usr/bin/python3', '3.11.4'] });
  const result = await resolveInterpreter({ setting: setting('/old/python'), fromPythonExtension: async () => undefined, probe, path: linux });
  assert.ok(!result.ok);
  assert.deepEqual(probed, ['/old/python']);
  assert.ok(result.fromSetting);
  assert.equal(describeNotFound(result),
    'AutoML Job cannot use automlJob.interpreter (/old/python): Python 3.9.18 is too old; 3.10 or later is needed. Set it to Python 3.10 or later, or clear it to use the Python found on PATH.');
});

test('nothing usable on Windows: the message lists each command tried and how to fix it', async () => {
  const { probe } = machine({ python: ['C:\\Python39\\python.exe', '3.9.13'] });
  const result = await resolveInterpreter({ fromPythonExtension: async () => undefined, probe, path: windows });
  assert.ok(!result.ok);
  assert.deepEqual(result.tried.map((t) => t.command), ['py -3', 'python', 'python3']);
  assert.equal(describeNotFound(result),
    'AutoML Job needs Python 3.10 or later to run its language server. Tried py -3 (from PATH): not found; python (from PATH): Python 3.9.13 is too old; 3.10 or later is needed; python3 (from PATH): not found. Install Python 3.10 or later, or set automlJob.interpreter to its path.');
});

test('the real probe: a missing command, and this machine\'s python3', async () => {
  assert.deepEqual(await probePython(setting('/nonexistent/python3')), { ok: false, reason: 'not found' });
  const here = await probePython({ command: process.env.PYTHON ?? 'python3', args: [], source: 'path' });
  assert.ok(here.ok, 'python3 >= 3.10 runs these tests');
  assert.ok(isAbsolute(here.executable), here.executable);
});

// -- the Python extension's API (typed by @vscode/python-extension), faked ------------------------
const fakeApi = (environments: Partial<PythonExtension['environments']>): (() => Promise<PythonExtension>) =>
  async () => ({ environments } as unknown as PythonExtension);

test('Python extension: not installed gives no answer', async () => {
  assert.equal(await pythonExtensionInterpreter(async () => { throw new Error('Python extension is not installed or is disabled'); }), undefined);
});

test('Python extension: the active environment, resolved to its executable', async () => {
  const api = fakeApi({
    getActiveEnvironmentPath: () => ({ id: 'a', path: 'C:\\envs\\a' }),
    resolveEnvironment: async () => ({ executable: { uri: { fsPath: 'C:\\envs\\a\\Scripts\\python.exe' } } } as never),
  });
  assert.equal(await pythonExtensionInterpreter(api), 'C:\\envs\\a\\Scripts\\python.exe');
});

test('Python extension: an environment it cannot resolve falls back to its path', async () => {
  const api = fakeApi({ getActiveEnvironmentPath: () => ({ id: 'a', path: '/envs/a/bin/python' }), resolveEnvironment: async () => undefined });
  assert.equal(await pythonExtensionInterpreter(api), '/envs/a/bin/python');
});

test('Python extension: an activation that never ends times out into no answer', async () => {
  assert.equal(await pythonExtensionInterpreter(() => new Promise(() => undefined), undefined, 20), undefined);
});
