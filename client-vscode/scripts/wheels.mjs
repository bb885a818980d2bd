// Fills wheels/ with the server and every dependency as wheels, for each supported Python
// version on this platform, plus pip itself; writes wheels/manifest.json for the extension.
// Run at package time (needs PyPI or a pip cache); the installed extension never goes online.
//   AUTOML_WHEEL_PYTHON  python used to build and download (default: python3)
//   AUTOML_PYTHONS       versions to bundle (default: "3.10 3.11 3.12 3.13 3.14")
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const out = join(root, 'wheels');
const python = process.env.AUTOML_WHEEL_PYTHON || 'python3';
const pythons = (process.env.AUTOML_PYTHONS || '3.10 3.11 3.12 3.13 3.14').split(/\s+/).filter(Boolean);
const constraints = join(root, 'wheels.constraints.txt');
const pip = (...args) => execFileSync(python, ['-m', 'pip', ...args, '--disable-pip-version-check', '-q'], { stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
mkdirSync(out);

// Build from a copy of the sources, so the work tree gets no build/ or egg-info litter.
const src = mkdtempSync(join(tmpdir(), 'automl-job-ls-src-'));
try {
  for (const item of ['pyproject.toml', 'README.md', 'server', 'schemas']) {
    cpSync(join(repo, item), join(src, item), {
      recursive: true,
      verbatimSymlinks: true, // server/automl_job_ls/schemas -> ../../schemas
      filter: (p) => !/(__pycache__|\.egg-info)$/.test(p),
    });
  }
  pip('wheel', '--no-deps', '-w', out, src);
} finally {
  rmSync(src, { recursive: true, force: true });
}
const server = readdirSync(out).find((f) => f.startsWith('automl_job_ls-') && f.endsWith('.whl'));
if (!server) throw new Error('building the automl-job-ls wheel produced no file');

// --python-version needs --only-binary: exactly what an offline install will find.
for (const version of pythons) {
  pip('download', '--only-binary=:all:', '--python-version', version, '-c', constraints, '-d', out, join(out, server));
}
pip('download', '--only-binary=:all:', '--no-deps', '-c', constraints, '-d', out, 'pip');

const files = readdirSync(out).filter((f) => f.endsWith('.whl')).sort();
const hash = createHash('sha256');
for (const f of files) hash.update(`${f} ${createHash('sha256').update(readFileSync(join(out, f))).digest('hex')}\n`);
const manifest = {
  server,
  serverVersion: server.split('-')[1],
  pip: files.find((f) => /^pip-[\d.]+-/.test(f)),
  pythons,
  platform: `${process.platform}-${process.arch}`,
  digest: hash.digest('hex'),
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`wheels/: ${files.length} wheels for Python ${pythons.join(', ')} on ${manifest.platform}`);
