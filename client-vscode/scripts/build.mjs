// Bundles the extension with esbuild (vscode-languageclient goes inside dist/extension.js, so the
// .vsix needs no node_modules). With --tests, also bundles test/*.test.ts for `node --test`.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning' };

if (process.argv.includes('--tests')) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const tests = readdirSync(join(root, 'test')).filter((f) => f.endsWith('.test.ts'));
  // No `vscode` here: the tested modules must load in plain Node.
  await build({ ...common, entryPoints: tests.map((f) => join(root, 'test', f)), outdir: join(root, 'out', 'test') });
} else {
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'extension.ts')],
    outfile: join(root, 'dist', 'extension.js'),
    external: ['vscode'],
    minify: true,
  });
}
