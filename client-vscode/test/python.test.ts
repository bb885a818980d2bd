import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkVersionOutput,
  describeNotFound,
  ExtensionsLike,
  isSupported,
  parsePythonVersion,
  Probe,
  probePython,
  pythonExtensionInterpreter,
  resolveInterpreter,
} from '../src/python';

test('version output parsing', () => {
  assert.deepEqual(parsePythonVersion('Python 3.9.18'), { major: 3, minor: 9, micro: 18 });
  assert.deepEqual(parsePythonVersion('Python 3.13.0rc1\n'), { major: 3, minor: 13, micro: 0 });
  assert.deepEqual(parsePythonVersion('Python 3.12'), { major: 3, minor: 12, micro: 0 });
  assert.equal(parsePythonVersion('bash: python3: command not found'), undefined);
});

test('3.10 and later are supported; 3.9 and 2.7 are too old', () => {
  assert.ok(isSupported({ major: 3, minor: 10, micro: 0 }));
  assert.ok(isSupported({ major: 3, minor: 14, micro: 1 }));
  assert.ok(!isSupported({ major: 3, minor: 9, micro: 18 }));
  const old = checkVersionOutput('Python 3.9.18');
  assert.ok(!old.ok && /Python 3\.9\.18 is too old; 3\.10 or later is needed/.test(old.reason));
  assert.ok(!checkVersionOutput('\nPython 2.7.18').ok); // Python 2 prints on stderr
  assert.ok(!checkVersionOutput('hello').ok);
  assert.deepEqual(checkVersionOutput('Python 3.11.7'), { ok: true, version: { major: 3, minor: 11, micro: 7 } });
});

// A fake machine: which commands exist and what `--version` says.
const machine = (versions: Record<string, string>): { probe: Probe; probed: string[] } => {
  const probed: string[] = [];
  const probe: Probe = async (command) => {
    probed.push(command);
    return command in versions ? checkVersionOutput(versions[command]) : { ok: false, reason: 'not found' };
  };
  return { probe, probed };
};

test('order: the setting wins over the Python extension and PATH', async () => {
  const { probe, probed } = machine({ '/opt/py/bin/python': 'Python 3.12.1', '/ext/python': 'Python 3.11.0', python3: 'Python 3.10.2' });
  const found = await resolveInterpreter({ setting: '/opt/py/bin/python', fromPythonExtension: async () => '/ext/python', probe });
  assert.deepEqual(found, { ok: true, command: '/opt/py/bin/python', version: { major: 3, minor: 12, micro: 1 }, source: 'setting' });
  assert.deepEqual(probed, ['/opt/py/bin/python']);
});

test('order: without a setting, the Python extension interpreter comes before PATH', async () => {
  const { probe, probed } = machine({ '/ext/python': 'Python 3.11.0', python3: 'Python 3.10.2' });
  const found = await resolveInterpreter({ fromPythonExtension: async () => '/ext/python', probe });
  assert.ok(found.ok && found.source === 'python-extension' && found.command === '/ext/python');
  assert.deepEqual(probed, ['/ext/python']);
});

test('order: no setting and no Python extension: python3 on PATH', async () => {
  const { probe } = machine({ python3: 'Python 3.10.2' });
  const found = await resolveInterpreter({ fromPythonExtension: async () => undefined, probe });
  assert.ok(found.ok && found.source === 'path' && found.command === 'python3');
});

test('a too old Python extension interpreter falls through to PATH', async () => {
  const { probe, probed } = machine({ '/ext/python': 'Python 3.8.10', python3: 'Python 3.11.4' });
  const found = await resolveInterpreter({ fromPythonExtension: async () => '/ext/python', probe });
  assert.ok(found.ok && found.command === 'python3');
  assert.deepEqual(probed, ['/ext/python', 'python3']);
});

test('a failing Python extension API is not fatal', async () => {
  const { probe } = machine({ python3: 'Python 3.11.4' });
  const found = await resolveInterpreter({ fromPythonExtension: async () => { throw new Error('boom'); }, probe });
  assert.ok(found.ok && found.command === 'python3');
});

test('a bad setting is reported, not silently replaced', async () => {
  const { probe, probed } = machine({ '/old/python': 'Python 3.9.18', python3: 'Python 3.11.4' });
  const result = await resolveInterpreter({ setting: '/old/python', fromPythonExtension: async () => undefined, probe });
  assert.ok(!result.ok);
  assert.deepEqual(probed, ['/old/python']);
  assert.ok(result.fromSetting);
  const message = describeNotFound(result);
  assert.match(message, /automlJob\.interpreter/);
  assert.match(message, /Python 3\.9\.18 is too old/);
});

test('nothing usable: the message lists what was tried and how to fix it', async () => {
  const { probe } = machine({ python3: 'Python 3.9.18' });
  const result = await resolveInterpreter({ fromPythonExtension: async () => undefined, probe });
  assert.ok(!result.ok);
  assert.deepEqual(result.tried, [{ source: 'path', command: 'python3', reason: 'Python 3.9.18 is too old; 3.10 or later is needed' }]);
  assert.match(describeNotFound(result), /needs Python 3\.10 or later.*python3 \(from PATH\).*set automlJob\.interpreter/);
});

test('the real probe: a missing command, and this machine\'s python3', async () => {
  assert.deepEqual(await probePython('/nonexistent/python3'), { ok: false, reason: 'not found' });
  const here = await probePython(process.env.PYTHON ?? 'python3');
  assert.ok(here.ok || /too old|not found/.test(here.reason));
});

// -- the Python extension's exported API, faked --------------------------------------------------
const extensions = (exportsValue: unknown, isActive = true): ExtensionsLike => ({
  getExtension: (id) => (id === 'ms-python.python' ? { isActive, activate: async () => exportsValue, exports: isActive ? exportsValue : undefined } : undefined),
});

test('Python extension: absent gives no answer', async () => {
  assert.equal(await pythonExtensionInterpreter({ getExtension: () => undefined }), undefined);
});

test('Python extension: the environments API, resolved to its executable', async () => {
  const api = {
    environments: {
      getActiveEnvironmentPath: () => ({ path: '/envs/a' }),
      resolveEnvironment: async () => ({ executable: { uri: { fsPath: '/envs/a/bin/python' } } }),
    },
  };
  assert.equal(await pythonExtensionInterpreter(extensions(api, false)), '/envs/a/bin/python');
});

test('Python extension: the legacy settings API', async () => {
  const api = { settings: { getExecutionDetails: () => ({ execCommand: ['/legacy/python'] }) } };
  assert.equal(await pythonExtensionInterpreter(extensions(api)), '/legacy/python');
});

test('Python extension: an activation that never ends times out into no answer', async () => {
  const hanging: ExtensionsLike = { getExtension: () => ({ isActive: false, activate: () => new Promise(() => undefined), exports: undefined }) };
  assert.equal(await pythonExtensionInterpreter(hanging, undefined, 20), undefined);
});
