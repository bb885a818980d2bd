import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
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
const temp = () => mkdtempSync(join(tmpdir(), 'automl-bundle-test-'));

test('the stamp: same extension, wheels and interpreter match; any change rebuilds', () => {
  const stamp = wantedStamp('0.1.0', manifest, '/usr/bin/python3', py311);
  assert.deepEqual(stamp, { extensionVersion: '0.1.0', digest: 'abc', python: '/usr/bin/python3', pythonVersion: '3.11.7' });
  const text = JSON.stringify(stamp);
  assert.ok(stampMatches(text, stamp));
  assert.ok(!stampMatches(text, { ...stamp, extensionVersion: '0.2.0' }), 'an upgrade rebuilds');
  assert.ok(!stampMatches(text, { ...stamp, digest: 'def' }), 'new wheels rebuild');
  assert.ok(!stampMatches(text, { ...stamp, pythonVersion: '3.11.8' }), 'a new base interpreter rebuilds');
  assert.ok(!stampMatches(undefined, stamp));
  assert.ok(!stampMatches('{not json', stamp));
});

test('the bundled compiled wheels decide which Python versions work', () => {
  assert.equal(pythonMismatch(manifest, py311), null);
  assert.match(pythonMismatch(manifest, { major: 3, minor: 13, micro: 0 }) ?? '', /ships the server for Python 3\.10, 3\.11, 3\.12 \(linux-x64\), not 3\.13/);
});

test('a missing manifest is a clear install error', async () => {
  await assert.rejects(readManifest('/nonexistent/wheels'), (e: unknown) => e instanceof InstallError && /no bundled server/.test(e.message));
});

test('install commands: a venv without ensurepip, then an offline pip install from the wheels', () => {
  const [venv, pip, check] = installCommands('/usr/bin/python3', '/ext/wheels', manifest, '/store/env.tmp');
  assert.deepEqual(venv, ['/usr/bin/python3', ['-m', 'venv', '--without-pip', '/store/env.tmp']]);
  assert.equal(pip[0], '/store/env.tmp/bin/python');
  assert.equal(pip[1][0], '/ext/wheels/pip-26.3-py3-none-any.whl/pip');
  for (const flag of ['--no-index', '--only-binary', '--no-cache-dir']) assert.ok(pip[1].includes(flag), flag);
  assert.equal(pip[1][pip[1].indexOf('--find-links') + 1], '/ext/wheels');
  assert.equal(pip[1].at(-1), '/ext/wheels/automl_job_ls-0.1.0-py3-none-any.whl');
  assert.deepEqual(check, ['/store/env.tmp/bin/python', ['-m', 'automl_job_ls.cli', '--version']]);
  assert.equal(envPython('C:\\env', 'win32').endsWith('python.exe'), true);
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
    const stamp = wantedStamp('0.1.0', manifest, 'python3', py311);
    const plan = await planEnvironment(store, stamp);
    assert.equal(plan.upToDate, false);
    const { run, calls } = fakeRunner();
    const lines: string[] = [];
    await installEnvironment(plan, 'python3', '/ext/wheels', manifest, run, (l) => lines.push(l));
    assert.equal(calls.length, 3);
    assert.ok(lines[0].startsWith('$ python3 -m venv --without-pip'));
    assert.deepEqual(JSON.parse(readFileSync(join(plan.dir, STAMP_FILE), 'utf8')), stamp);
    assert.equal((await planEnvironment(store, stamp)).upToDate, true);
    assert.equal((await planEnvironment(store, { ...stamp, extensionVersion: '0.2.0' })).upToDate, false, 'an upgrade is not up to date');
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});

test('install failure: the pip output is kept, the old environment and no temp folder remain', async () => {
  const store = temp();
  try {
    const old = wantedStamp('0.0.9', manifest, 'python3', py311);
    const oldPlan = await planEnvironment(store, old);
    await installEnvironment(oldPlan, 'python3', '/w', manifest, fakeRunner().run, () => undefined);
    const plan = await planEnvironment(store, wantedStamp('0.1.0', manifest, 'python3', py311));
    await assert.rejects(
      installEnvironment(plan, 'python3', '/w', manifest, fakeRunner(2).run, () => undefined),
      (e: unknown) => e instanceof InstallError && /failed/.test(e.message) && /No matching distribution/.test(e.output),
    );
    assert.equal((await planEnvironment(store, old)).upToDate, true, 'the previous environment is untouched');
    assert.deepEqual(readdirSync(store), ['server-env']);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});

test('server launch: module entry point, extra args, isolated from PYTHONPATH', () => {
  const launch = serverLaunch('/env/bin/python', ['--tcp', '127.0.0.1:9000'], { PATH: '/bin', PYTHONPATH: '/x', PYTHONHOME: '/y' });
  assert.equal(launch.command, '/env/bin/python');
  assert.deepEqual(launch.args, ['-m', 'automl_job_ls.cli', 'serve', '--tcp', '127.0.0.1:9000']);
  assert.equal(launch.env.PATH, '/bin');
  assert.equal(launch.env.PYTHONPATH, undefined);
  assert.equal(launch.env.PYTHONHOME, undefined);
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
  const probe = await probePython('python3');
  assert.ok(probe.ok, 'python3 >= 3.10 is needed for this test');
  const real = await readManifest(wheels);
  const store = temp();
  try {
    const plan = await planEnvironment(store, wantedStamp('test', real, 'python3', probe.version));
    const started = Date.now();
    const log: string[] = [];
    await installEnvironment(plan, 'python3', wheels, real, runProcess, (l) => log.push(l));
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
