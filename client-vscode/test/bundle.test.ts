import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  baseChanged,
  envPython,
  installCommands,
  installEnv,
  installEnvironment,
  InstallError,
  Manifest,
  planEnvironment,
  pythonMismatch,
  readManifest,
  runProcess,
  Runner,
  serverLaunch,
  STAMP_FILE,
  stampMatches,
  unsupportedPlatform,
  wantedStamp,
} from '../src/bundle';
import { probePython } from '../src/python';

const manifest: Manifest = {
  server: 'automl_job_ls-0.1.0-py3-none-any.whl',
  serverVersion: '0.1.0',
  pip: 'pip-26.3-py3-none-any.whl',
  pythons: ['3.10', '3.11', '3.12'],
  platform: 'linux-x64',
  digest: 'abc',
};
const py311 = { major: 3, minor: 11, micro: 7 };
const wanted = { extensionVersion: '0.1.0', digest: 'abc', request: '' };
const temp = () => mkdtempSync(join(tmpdir(), 'automl-bundle-test-'));

test('the stamp: same extension, wheels and interpreter setting match; any change rebuilds', () => {
  const stamp = wantedStamp(wanted, '/usr/bin/python3.11', py311);
  assert.deepEqual(stamp, { extensionVersion: '0.1.0', digest: 'abc', request: '', python: '/usr/bin/python3.11', pythonVersion: '3.11.7' });
  assert.ok(stampMatches(stamp, wanted));
  assert.ok(!stampMatches(stamp, { ...wanted, extensionVersion: '0.2.0' }), 'an upgrade rebuilds');
  assert.ok(!stampMatches(stamp, { ...wanted, digest: 'def' }), 'new wheels rebuild');
  assert.ok(!stampMatches(stamp, { ...wanted, request: '/opt/py/bin/python' }), 'a new automlJob.interpreter rebuilds');
  assert.ok(!stampMatches(undefined, wanted));
  assert.ok(baseChanged(stamp, '/usr/bin/python3.11', { ...py311, micro: 8 }), 'a new base interpreter rebuilds');
  assert.ok(baseChanged(stamp, '/opt/py/bin/python3.12', py311));
  assert.ok(!baseChanged(stamp, '/usr/bin/python3.11', py311));
});

test('the bundled compiled wheels decide which Python versions work', () => {
  assert.equal(pythonMismatch(manifest, py311), null);
  assert.equal(pythonMismatch({ ...manifest, pythons: ['3.12', '3.13', '3.14'], platform: 'win32-arm64' }, py311),
    'This build of the extension ships the server for Python 3.12, 3.13, 3.14 (win32-arm64), not 3.11. Set automlJob.interpreter to one of those versions.');
});

test('the universal build names the platform and the pip install + automlJob.interpreter route', () => {
  assert.equal(unsupportedPlatform(manifest, 'linux-x64'), null);
  const universal: Manifest = { serverVersion: '0.1.0', pythons: [], platform: 'universal', digest: 'none' };
  assert.equal(unsupportedPlatform(universal, 'linux-ppc64'),
    'This build of the AutoML Job extension has no language server for linux-ppc64. Install the automl-job-ls Python package into Python 3.10 or later (python -m pip install automl-job-ls, or python -m pip install . in a checkout of its sources), then set automlJob.interpreter to that Python.');
  assert.throws(() => installCommands('python3', '/w', universal, '/t'), InstallError);
});

test('a missing manifest is a clear install error', async () => {
  await assert.rejects(readManifest('/nonexistent/wheels'), (e: unknown) => e instanceof InstallError && /no bundled server/.test(e.message));
});

test('install commands: a venv without ensurepip, then an offline pip install from the wheels', () => {
  const [venv, pip, check] = installCommands('/usr/bin/python3', '/ext/wheels', manifest, '/store/env.tmp', 'linux');
  assert.deepEqual(venv, ['/usr/bin/python3', ['-m', 'venv', '--without-pip', '/store/env.tmp']]);
  assert.equal(pip[0], '/store/env.tmp/bin/python');
  assert.equal(pip[1][0], '/ext/wheels/pip-26.3-py3-none-any.whl/pip');
  for (const flag of ['--no-index', '--only-binary', '--no-cache-dir']) assert.ok(pip[1].includes(flag), flag);
  assert.equal(pip[1][pip[1].indexOf('--find-links') + 1], '/ext/wheels');
  assert.equal(pip[1].at(-1), '/ext/wheels/automl_job_ls-0.1.0-py3-none-any.whl');
  assert.deepEqual(check, ['/store/env.tmp/bin/python', ['-m', 'automl_job_ls.cli', '--version']]);
});

test('Windows layout: the venv runs Scripts\\python.exe, paths are joined with backslashes', () => {
  const store = 'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\globalStorage\\automl-job-ls.automl-job-ls\\server-env';
  assert.equal(envPython(store, 'win32'), `${store}\\Scripts\\python.exe`);
  const ext = 'C:\\Users\\me\\.vscode\\extensions\\automl-job-ls.automl-job-ls-0.1.0-win32-x64\\wheels';
  const [venv, pip, check] = installCommands('C:\\Python312\\python.exe', ext, manifest, `${store}.tmp`, 'win32');
  assert.deepEqual(venv, ['C:\\Python312\\python.exe', ['-m', 'venv', '--without-pip', `${store}.tmp`]]);
  assert.equal(pip[0], `${store}.tmp\\Scripts\\python.exe`);
  assert.equal(pip[1][0], `${ext}\\pip-26.3-py3-none-any.whl\\pip`);
  assert.equal(pip[1].at(-1), `${ext}\\automl_job_ls-0.1.0-py3-none-any.whl`);
  assert.equal(check[0], `${store}.tmp\\Scripts\\python.exe`);
  assert.equal(installEnv({ Path: 'C:\\Windows', PythonPath: 'C:\\x', pip_index_url: 'http://x' }, 'win32').PIP_CONFIG_FILE, 'nul');
  assert.deepEqual(Object.keys(installEnv({ Path: 'C:\\Windows', PythonPath: 'C:\\x', pip_index_url: 'http://x' }, 'win32')).sort(),
    ['PIP_CONFIG_FILE', 'PIP_NO_INPUT', 'PYTHONNOUSERSITE', 'Path'], 'Windows variable names are case-insensitive');
});

// A fake runner that "creates" the venv's interpreter, so the swap logic runs for real on disk.
const fakeRunner = (failAt?: number): { run: Runner; calls: string[][] } => {
  const calls: string[][] = [];
  const run: Runner = async (command, args) => {
    calls.push([command, ...args]);
    if (calls.length === failAt) return { code: 1, output: 'ERROR: No matching distribution found for rpds-py' };
    if (args[1] === 'venv') {
      mkdirSync(join(args[3], 'bin'), { recursive: true });
      writeFileSync(join(args[3], 'bin', 'python'), '');
    }
    return { code: 0, output: '' };
  };
  return { run, calls };
};

test('install: builds beside, writes the stamp last, swaps into place; the plan is then up to date', async () => {
  const store = temp();
  try {
    const stamp = wantedStamp(wanted, '/usr/bin/python3.11', py311);
    const plan = await planEnvironment(store, wanted);
    assert.equal(plan.current, undefined);
    const { run, calls } = fakeRunner();
    const lines: string[] = [];
    await installEnvironment(plan, stamp, '/ext/wheels', manifest, run, (l) => lines.push(l));
    assert.equal(calls.length, 3);
    assert.ok(lines[0].startsWith('$ /usr/bin/python3.11 -m venv --without-pip'));
    assert.deepEqual(JSON.parse(readFileSync(join(plan.dir, STAMP_FILE), 'utf8')), stamp);
    // The next start reads the stamp and runs nothing: the plan carries what it was built with.
    assert.deepEqual((await planEnvironment(store, wanted)).current, stamp);
    assert.equal((await planEnvironment(store, { ...wanted, extensionVersion: '0.2.0' })).current, undefined, 'an upgrade is not current');
    assert.equal((await planEnvironment(store, { ...wanted, request: '/opt/python' })).current, undefined, 'another setting is not current');
    rmSync(plan.python);
    assert.equal((await planEnvironment(store, wanted)).current, undefined, 'an environment without its interpreter is not current');
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});

test('install failure: the pip output is kept, the old environment and no temp folder remain', async () => {
  const store = temp();
  try {
    const oldWanted = { ...wanted, extensionVersion: '0.0.9' };
    const oldPlan = await planEnvironment(store, oldWanted);
    await installEnvironment(oldPlan, wantedStamp(oldWanted, 'python3', py311), '/w', manifest, fakeRunner().run, () => undefined);
    const plan = await planEnvironment(store, wanted);
    await assert.rejects(
      installEnvironment(plan, wantedStamp(wanted, 'python3', py311), '/w', manifest, fakeRunner(2).run, () => undefined),
      (e: unknown) => e instanceof InstallError && /failed/.test(e.message) && /No matching distribution/.test(e.output),
    );
    assert.notEqual((await planEnvironment(store, oldWanted)).current, undefined, 'the previous environment is untouched');
    assert.deepEqual(readdirSync(store), ['server-env']);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});

test('server launch: module entry point, extra args, isolated from PYTHONPATH', () => {
  const launch = serverLaunch('/env/bin/python', ['--tcp', '127.0.0.1:9000'], { PATH: '/bin', PYTHONPATH: '/x', PYTHONHOME: '/y', PythonPath: '/z' });
  assert.equal(launch.command, '/env/bin/python');
  assert.deepEqual(launch.args, ['-m', 'automl_job_ls.cli', 'serve', '--tcp', '127.0.0.1:9000']);
  assert.equal(launch.env.PATH, '/bin');
  assert.equal(launch.env.PYTHONPATH, undefined);
  assert.equal(launch.env.PYTHONHOME, undefined);
  assert.equal(launch.env.PythonPath, undefined);
  assert.equal(launch.env.PYTHONNOUSERSITE, '1');
});

test('the install ignores the user\'s pip configuration', () => {
  const env = installEnv({ PATH: '/bin', PIP_FIND_LINKS: '/opt/wheels', PIP_INDEX_URL: 'http://x', PYTHONPATH: '/p', PIP_CONFIG_FILE: '/etc/pip.conf' });
  assert.equal(env.PATH, '/bin');
  assert.equal(env.PIP_FIND_LINKS, undefined);
  assert.equal(env.PIP_INDEX_URL, undefined);
  assert.equal(env.PYTHONPATH, undefined);
  assert.equal(env.PIP_CONFIG_FILE, '/dev/null');
});

// The real thing, when wheels/ has been built (npm run wheels): an offline install with this
// machine's python3, timed.
const wheels = join(__dirname, '..', '..', 'wheels');
test('real offline install from wheels/ into a fresh venv', { skip: !existsSync(join(wheels, 'manifest.json')) && 'wheels/ not built (npm run wheels)' }, async () => {
  const probe = await probePython({ command: 'python3', args: [], source: 'path' });
  assert.ok(probe.ok, 'python3 >= 3.10 is needed for this test');
  const real = await readManifest(wheels);
  const store = temp();
  try {
    const want = { extensionVersion: 'test', digest: real.digest, request: '' };
    const plan = await planEnvironment(store, want);
    const started = Date.now();
    const log: string[] = [];
    await installEnvironment(plan, wantedStamp(want, probe.executable, probe.version), wheels, real, runProcess, (l) => log.push(l));
    assert.ok(!log.join('\n').includes('/opt/wheels'), 'only the bundled wheels are looked at');
    console.log(`# first-start install took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const version = await runProcess(plan.python, ['-m', 'automl_job_ls.cli', '--version']);
    assert.equal(version.code, 0);
    assert.match(version.output, new RegExp(`automl-job-ls ${real.serverVersion.replace(/\./g, '\\.')}`));
    const cLoader = await runProcess(plan.python, ['-c', 'import yaml, rpds; print(yaml.CSafeLoader.__name__)']);
    assert.equal(cLoader.output.trim(), 'CSafeLoader', 'the compiled wheels were installed');
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});
