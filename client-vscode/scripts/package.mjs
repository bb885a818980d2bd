// `npm run package`: bundle the extension, fill wheels/, and build automl-job-ls-<version>.vsix
// with @vscode/vsce. vsce itself works offline; the wheels come from PyPI or pip's cache.
//   AUTOML_REUSE_WHEELS=1  keep an existing wheels/ (must hold a manifest.json)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

run('npm', ['run', 'build']);
if (!(process.env.AUTOML_REUSE_WHEELS && existsSync(join(root, 'wheels', 'manifest.json')))) {
  run(process.execPath, [join(root, 'scripts', 'wheels.mjs')]);
}
// The wheels hold compiled code for this platform: the target stops VS Code from installing the
// .vsix where they cannot work.
const target = `${process.platform}-${process.arch}`;
const out = `${name}-${version}.vsix`;
run(process.execPath, [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package', '--no-dependencies', '--allow-missing-repository', '--target', target, '--out', out,
]);
console.log(`${out}: ${(statSync(join(root, out)).size / 1e6).toFixed(1)} MB (target ${target})`);
