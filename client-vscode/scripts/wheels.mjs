// The server and every dependency as wheels for one .vsix target (targets.json: its pip platform
// tags and CPython versions), plus pip itself, and wheels/manifest.json for the extension.
// Run at package time (needs PyPI or pip's cache); the installed extension never goes online.
//
//   node scripts/wheels.mjs [--target linux-x64] [--out wheels]    (default: this machine's target)
//   AUTOML_WHEEL_PYTHON  python used to build and download (default: python3)
//
// The dependency wheels of a target are kept in .cache/wheels/<target>-<key>/, where the key hashes
// everything that decides them (constraints, the server's dependencies, the target's tags and
// versions): a second build of the same target downloads nothing. The server's own wheel is
// built fresh each time, from a copy of the sources.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const cache = join(root, '.cache');
const python = process.env.AUTOML_WHEEL_PYTHON || 'python3';
const constraints = join(root, 'wheels.constraints.txt');
export const TARGETS = JSON.parse(readFileSync(join(root, 'targets.json'), 'utf8'));

const pip = (...args) => execFileSync(python, ['-m', 'pip', ...args, '--disable-pip-version-check', '-q'], { stdio: ['ignore', 'inherit', 'inherit'] });

/** The VS Code target of this machine (vsce's names: alpine-* for musl Linux). */
export function hostTarget() {
  const musl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
  return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

export function pythonsOf(target) {
  const entry = TARGETS.targets[target];
  if (!entry) throw new Error(`unknown target ${target}; targets.json has ${Object.keys(TARGETS.targets).join(', ')}`);
  return entry.pythons ?? TARGETS.pythons;
}

/** The server's wheel, built into `dir` from a copy of the sources (no build/ litter in the tree). */
export function buildServerWheel(dir) {
  mkdirSync(dir, { recursive: true });
  const src = mkdtempSync(join(tmpdir(), 'automl-job-ls-src-'));
  try {
    for (const item of ['pyproject.toml', 'README.md', 'server', 'schemas', 'docs']) {
      cpSync(join(repo, item), join(src, item), {
        recursive: true,
        verbatimSymlinks: true, // server/automl_job_ls/{schemas,docs} -> ../../{schemas,docs}
        filter: (p) => !/(__pycache__|\.egg-info)$/.test(p),
      });
    }
    pip('wheel', '--no-deps', '-w', dir, src);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  const wheel = readdirSync(dir).find((f) => f.startsWith('automl_job_ls-') && f.endsWith('.whl'));
  if (!wheel) throw new Error('building the automl-job-ls wheel produced no file');
  return join(dir, wheel);
}

function dependencyKey(target, serverWheel) {
  const hash = createHash('sha256');
  hash.update(readFileSync(constraints));
  // The server's declared dependencies (not its code): from the wheel's METADATA, via pip.
  const requires = execFileSync(python, ['-c', `import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); m = next(n for n in z.namelist() if n.endswith('/METADATA')); print('\\n'.join(l for l in z.read(m).decode().splitlines() if l.startswith('Requires-Dist:') and 'extra ==' not in l))`, serverWheel]).toString();
  hash.update(requires);
  hash.update(JSON.stringify([TARGETS.targets[target].platforms, pythonsOf(target)]));
  return hash.digest('hex').slice(0, 16);
}

/** The dependency wheels of `target` (cached), for every CPython version it supports. */
function dependencyWheels(target, serverWheel) {
  const dir = join(cache, 'wheels', `${target}-${dependencyKey(target, serverWheel)}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const platforms = TARGETS.targets[target].platforms.flatMap((tag) => ['--platform', tag]);
  // --platform/--python-version need --only-binary: exactly what an offline install will find.
  for (const version of pythonsOf(target)) {
    pip('download', '--only-binary=:all:', ...platforms, '--python-version', version, '-c', constraints, '-d', tmp, serverWheel);
  }
  pip('download', '--only-binary=:all:', '--no-deps', '-c', constraints, '-d', tmp, 'pip');
  for (const f of readdirSync(tmp)) if (f.startsWith('automl_job_ls-')) rmSync(join(tmp, f));
  writeFileSync(join(tmp, '.complete'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  // Older downloads of this target (other constraints or dependencies) are not needed again.
  const parent = join(cache, 'wheels');
  for (const old of readdirSync(parent)) {
    if (old.startsWith(`${target}-`) && /^[0-9a-f]{16}$/.test(old.slice(target.length + 1)) && join(parent, old) !== dir) {
      rmSync(join(parent, old), { recursive: true, force: true });
    }
  }
  return dir;
}

/**
 * Fills `out` with the wheels of `target` and writes its manifest. Target "universal": no wheels,
 * only a manifest that says so (the extension then uses the user's own install of the server).
 */
export function fillWheels(target, out, serverWheel) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const version = /^automl_job_ls-([^-]+)-/.exec(serverWheel.split(/[\\/]/).pop())[1];
  if (target === 'universal') {
    const manifest = { serverVersion: version, pythons: [], platform: 'universal', digest: 'universal' };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  }
  const deps = dependencyWheels(target, serverWheel);
  for (const f of readdirSync(deps)) if (f.endsWith('.whl')) copyFileSync(join(deps, f), join(out, f));
  const server = serverWheel.split(/[\\/]/).pop();
  copyFileSync(serverWheel, join(out, server));
  const files = readdirSync(out).filter((f) => f.endsWith('.whl')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f} ${createHash('sha256').update(readFileSync(join(out, f))).digest('hex')}\n`);
  const manifest = {
    server,
    serverVersion: version,
    pip: files.find((f) => /^pip-[\d.]+-/.test(f)),
    pythons: pythonsOf(target),
    platform: target,
    digest: hash.digest('hex'),
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const target = arg('--target', hostTarget());
  const out = arg('--out', join(root, 'wheels'));
  const serverDir = mkdtempSync(join(tmpdir(), 'automl-job-ls-wheel-'));
  try {
    const manifest = fillWheels(target, out, buildServerWheel(serverDir));
    console.log(`${out}: wheels for Python ${manifest.pythons.join(', ')} on ${manifest.platform}`);
  } finally {
    rmSync(serverDir, { recursive: true, force: true });
  }
}
