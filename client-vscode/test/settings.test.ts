import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorGlobs, expandPath, sameLaunch, toLaunchSettings, toServerSettings } from '../src/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('defaults: nothing set gives the empty payload the server expects', () => {
  assert.deepEqual(toServerSettings(from({})), { value: { jobGlobs: [], severity: {}, disabledCodes: [] }, problems: [] });
});

test('valid settings map one to one, normalised', () => {
  const { value, problems } = toServerSettings(
    from({ jobGlobs: ['**/train-*.yml', ' '], severity: { AML105: 'Error', aml106: 'info', AML107: 'hint' }, disabledCodes: ['aml302', 'AML302'] }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(value, {
    jobGlobs: ['**/train-*.yml'],
    severity: { AML105: 'error', AML106: 'information', AML107: 'hint' },
    disabledCodes: ['AML302'],
  });
});

test('an invalid value is reported and only that setting falls back', () => {
  const { value, problems } = toServerSettings(from({ jobGlobs: 'jobs/*.yml', severity: { AML105: 'fatal', AML106: 3, AML107: 'warning' }, disabledCodes: [1] }));
  assert.deepEqual(value, { jobGlobs: [], severity: { AML107: 'warning' }, disabledCodes: [] });
  assert.equal(problems.length, 4);
  assert.match(problems[0], /jobGlobs must be a list/);
  assert.match(problems[1], /AML105: "fatal" is not one of error, warning, information, hint/);
  assert.match(problems[2], /AML106: 3 is not one of/);
  assert.match(problems[3], /disabledCodes must be a list/);
});

test('severity that is not an object is ignored with a message', () => {
  for (const bad of [['AML105'], 'error', 42]) {
    const { value, problems } = toServerSettings(from({ severity: bad }));
    assert.deepEqual(value.severity, {});
    assert.match(problems[0], /severity must be an object/);
  }
});

test('relative job globs are also anchored at every workspace folder', () => {
  assert.deepEqual(anchorGlobs(['jobs/*.yml', './x/y.yml', '**/a.yml', '/abs/*.yml', 'b.yml'], ['/w1', '/w2/']), [
    'jobs/*.yml', '/w1/jobs/*.yml', '/w2/jobs/*.yml', './x/y.yml', '/w1/x/y.yml', '/w2/x/y.yml', '**/a.yml', '/abs/*.yml', 'b.yml',
  ]);
  assert.deepEqual(toServerSettings(from({ jobGlobs: ['jobs/*.yml'] }), ['/ws']).value.jobGlobs, ['jobs/*.yml', '/ws/jobs/*.yml']);
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
