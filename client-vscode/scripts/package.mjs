// Builds the .vsix files with @vscode/vsce: the extension bundle, then for each target its wheels
// (scripts/wheels.mjs) and `vsce package --target`. vsce itself works offline; the wheels come
// from PyPI or pip's cache, once per target (then from .cache/).
//
//   npm run package                  automl-job-ls-<this machine's target>-<version>.vsix
//   npm run package:all              every target of targets.json, and the universal fallback
//   node scripts/package.mjs --targets linux-x64,win32-x64
//
// The universal .vsix (automl-job-ls-universal-<version>.vsix) bundles no compiled wheels: VS Code
// installs it where no target matches, and it runs the server the user installed with pip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServerWheel, fillWheels, hostTarget, root, TARGETS } from './wheels.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const arg = process.argv.indexOf('--targets');
// This machine's target goes last: wheels/ is left with the wheels the unit tests install here.
const all = [...Object.keys(TARGETS.targets), 'universal'].sort((a, b) => (a === hostTarget()) - (b === hostTarget()));
const targets = process.argv.includes('--all') ? all : arg > 0 ? process.argv[arg + 1].split(',') : [hostTarget()];

run('npm', ['run', 'build']);
const serverDir = mkdtempSync(join(tmpdir(), 'automl-job-ls-wheel-'));
try {
  const serverWheel = buildServerWheel(serverDir);
  for (const target of targets) {
    const manifest = fillWheels(target, join(root, 'wheels'), serverWheel);
    const out = `${name}-${target}-${version}.vsix`;
    // The target stops VS Code from installing a .vsix whose compiled wheels cannot work there.
    const targetArgs = target === 'universal' ? [] : ['--target', target];
    run(process.execPath, [
      join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package', '--no-dependencies', '--allow-missing-repository', ...targetArgs, '--out', out,
    ]);
    const pythons = manifest.pythons.length ? `Python ${manifest.pythons.join(', ')}` : 'no bundled server';
    console.log(`${out}: ${(statSync(join(root, out)).size / 1e6).toFixed(1)} MB (${target}, ${pythons})`);
  }
} finally {
  rmSync(serverDir, { recursive: true, force: true });
}
