import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLIENT_KEYS, expandPath, sameLaunch, serverSettings, toLaunchSettings } from '../src/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('the server settings are forwarded as the user wrote them, without the client keys', () => {
  // What `getConfiguration().get('automlJob')` gives: defaults merged with the user's values.
  const section = {
    interpreter: '/usr/bin/python3',
    serverArgs: ['--tcp', '1'],
    trace: { server: 'verbose' },
    jobGlobs: ['jobs/*.yml', ' '],
    severity: { aml106: 'warn', AML105: 'fatal' },
    disabledCodes: 'AML302',
  };
  // Bad values too: the server checks them, drops only those, and says what is wrong.
  assert.deepEqual(serverSettings(section), { jobGlobs: ['jobs/*.yml', ' '], severity: { aml106: 'warn', AML105: 'fatal' }, disabledCodes: 'AML302' });
});

test('a setting the client does not know still reaches the server', () => {
  assert.deepEqual(serverSettings({ interpreter: '', disabledCode: ['AML302'] }), { disabledCode: ['AML302'] });
});

test('a section that is not an object forwards nothing', () => {
  for (const bad of [undefined, null, 'x', ['AML105']]) assert.deepEqual(serverSettings(bad), {});
});

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')); // from out/test/

test('every client key is a setting the extension contributes', () => {
  // tests/unit/test_settings.py checks that the other contributed settings are the server's.
  const contributed = Object.keys(packageJson.contributes.configuration.properties).map((k) => k.replace(/^automlJob\./, '').split('.')[0]);
  assert.deepEqual(CLIENT_KEYS.filter((key) => !contributed.includes(key)), []);
});

test('launch settings: interpreter paths are expanded, bad values reported', () => {
  assert.deepEqual(toLaunchSettings(from({ interpreter: '  ', serverArgs: ['--tcp', '1'] }), '/home/u'), { value: { serverArgs: ['--tcp', '1'] }, problems: [] });
  assert.equal(toLaunchSettings(from({ interpreter: '~/py/bin/python3' }), '/home/u').value.interpreter, '/home/u/py/bin/python3');
  assert.equal(toLaunchSettings(from({ interpreter: '.venv/bin/python' }), '/home/u', ['/ws']).value.interpreter, '/ws/.venv/bin/python');
  assert.equal(toLaunchSettings(from({ interpreter: '${workspaceFolder}/env/bin/python' }), '/h', ['/ws']).value.interpreter, '/ws/env/bin/python');
  assert.equal(toLaunchSettings(from({ interpreter: 'python3.12' }), '/h', ['/ws']).value.interpreter, 'python3.12');
  const bad = toLaunchSettings(from({ interpreter: 3, serverArgs: '--x' }), '/h');
  assert.deepEqual(bad.value, { serverArgs: [] });
  assert.equal(bad.problems.length, 2);
});

test('expandPath keeps absolute paths and Windows drive paths', () => {
  assert.equal(expandPath('/usr/bin/python3', '/h', '/ws'), '/usr/bin/python3');
  assert.equal(expandPath('C:\\Python312\\python.exe', '/h', '/ws'), 'C:\\Python312\\python.exe');
});

test('sameLaunch decides whether a change needs a restart', () => {
  assert.ok(sameLaunch({ serverArgs: [] }, { serverArgs: [] }));
  assert.ok(!sameLaunch({ serverArgs: [] }, { interpreter: '/p', serverArgs: [] }));
  assert.ok(!sameLaunch({ serverArgs: ['a'] }, { serverArgs: ['b'] }));
});

test('Windows interpreter paths: relative to the folder, ~ and ${workspaceFolder}, joined with backslashes', () => {
  const home = 'C:\\Users\\me';
  const folder = 'c:\\work\\jobs'; // vscode.Uri.fsPath spells the drive letter in lower case
  assert.equal(expandPath('.venv\\Scripts\\python.exe', home, folder, 'win32'), 'c:\\work\\jobs\\.venv\\Scripts\\python.exe');
  assert.equal(expandPath('.venv/Scripts/python.exe', home, folder, 'win32'), 'c:\\work\\jobs\\.venv\\Scripts\\python.exe');
  assert.equal(expandPath('${workspaceFolder}\\.venv', home, folder, 'win32'), 'c:\\work\\jobs\\.venv');
  assert.equal(expandPath('~\\py312\\python.exe', home, folder, 'win32'), 'C:\\Users\\me\\py312\\python.exe');
  assert.equal(expandPath('D:\\Python312\\python.exe', home, folder, 'win32'), 'D:\\Python312\\python.exe');
  assert.equal(expandPath('\\\\server\\share\\python.exe', home, folder, 'win32'), '\\\\server\\share\\python.exe');
  assert.equal(expandPath('py', home, folder, 'win32'), 'py', 'a command name is looked up on PATH');
  const { value } = toLaunchSettings(from({ interpreter: ' .venv ' }), home, [folder], 'win32');
  assert.equal(value.interpreter, 'c:\\work\\jobs\\.venv');
});

test('POSIX interpreter paths', () => {
  assert.equal(expandPath('.venv/bin/python', '/home/me', '/work/jobs', 'linux'), '/work/jobs/.venv/bin/python');
  assert.equal(expandPath('~/py/bin/python', '/home/me', '/work/jobs', 'darwin'), '/home/me/py/bin/python');
  assert.equal(expandPath('python3.12', '/home/me', '/work/jobs', 'linux'), 'python3.12');
});
