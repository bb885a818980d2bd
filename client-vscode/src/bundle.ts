// The server's private Python environment, built from the wheels shipped inside the .vsix.
//
// On first start, or when the bundled wheels or the base interpreter change, a venv is created in
// the extension's global storage and the wheels are installed offline into it. A stamp file
// written last records what was installed, so an upgrade of the extension rebuilds the
// environment and a half-built one is never used. No `vscode` import: unit-tested in Node.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatVersion, PythonVersion } from './python';

/** wheels/manifest.json, written by scripts/wheels.mjs at package time. */
export interface Manifest {
  server: string; // wheel file of automl-job-ls
  serverVersion: string;
  pip: string; // pip's wheel: runs straight from the file, so the venv needs no ensurepip
  pythons: string[]; // "3.10", ...: versions the compiled wheels exist for
  platform: string; // e.g. "linux-x64"
  digest: string; // sha256 over all wheels: any change rebuilds the environment
}

export interface Stamp {
  extensionVersion: string;
  digest: string;
  python: string;
  pythonVersion: string;
}

export const STAMP_FILE = 'automl-job-ls.stamp.json';

export async function readManifest(wheelsDir: string): Promise<Manifest> {
  const file = path.join(wheelsDir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InstallError(`This build of the extension has no bundled server (${file} is missing). Rebuild the .vsix with "npm run package".`, '');
  }
  return JSON.parse(text) as Manifest;
}

export const envPython = (dir: string, platform: string = process.platform): string =>
  platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');

export function wantedStamp(extensionVersion: string, manifest: Manifest, python: string, version: PythonVersion): Stamp {
  return { extensionVersion, digest: manifest.digest, python, pythonVersion: formatVersion(version) };
}

export function stampMatches(text: string | undefined, wanted: Stamp): boolean {
  if (!text) return false;
  try {
    const have = JSON.parse(text) as Partial<Stamp>;
    return (Object.keys(wanted) as (keyof Stamp)[]).every((k) => have[k] === wanted[k]);
  } catch {
    return false;
  }
}

/** Null when the bundled compiled wheels fit this Python, else a message saying what to do. */
export function pythonMismatch(manifest: Manifest, version: PythonVersion): string | null {
  const short = `${version.major}.${version.minor}`;
  if (manifest.pythons.includes(short)) return null;
  return `This build of the extension ships the server for Python ${manifest.pythons.join(', ')} (${manifest.platform}), not ${short}. Set automlJob.interpreter to one of those versions.`;
}

export interface Plan {
  dir: string;
  python: string; // the venv's interpreter, which runs the server
  stamp: Stamp;
  upToDate: boolean;
}

export async function planEnvironment(storageDir: string, stamp: Stamp): Promise<Plan> {
  const dir = path.join(storageDir, 'server-env');
  const python = envPython(dir);
  const text = await fs.readFile(path.join(dir, STAMP_FILE), 'utf8').catch(() => undefined);
  return { dir, python, stamp, upToDate: stampMatches(text, stamp) && existsSync(python) };
}

export class InstallError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

export type Runner = (command: string, args: string[]) => Promise<{ code: number | null; output: string }>;

/** The commands that build the environment in `target`. */
export function installCommands(basePython: string, wheelsDir: string, manifest: Manifest, target: string): [string, string[]][] {
  const python = envPython(target);
  return [
    // --without-pip: Debian's python3 without python3-venv has no ensurepip; pip runs from its wheel.
    [basePython, ['-m', 'venv', '--without-pip', target]],
    [python, [path.join(wheelsDir, manifest.pip, 'pip'), 'install', '--no-index', '--find-links', wheelsDir,
      '--only-binary', ':all:', '--no-cache-dir', '--disable-pip-version-check', '--no-warn-script-location',
      path.join(wheelsDir, manifest.server)]],
    [python, ['-m', 'automl_job_ls.cli', '--version']], // proves the server imports
  ];
}

/**
 * Builds the environment in a fresh folder beside the final one and renames it into place, so a
 * crash half-way or a second window doing the same never leaves a broken environment in use.
 */
export async function installEnvironment(plan: Plan, basePython: string, wheelsDir: string, manifest: Manifest, run: Runner, log: (line: string) => void): Promise<void> {
  const tmp = `${plan.dir}.tmp-${process.pid}-${Date.now()}`;
  await fs.mkdir(path.dirname(plan.dir), { recursive: true });
  try {
    for (const [command, args] of installCommands(basePython, wheelsDir, manifest, tmp)) {
      log(`$ ${command} ${args.join(' ')}`);
      const { code, output } = await run(command, args);
      if (output.trim()) log(output.trimEnd());
      if (code !== 0) {
        throw new InstallError(`Installing the AutoML Job language server failed (${path.basename(command)} exited with ${code}).`, output);
      }
    }
    await fs.writeFile(path.join(tmp, STAMP_FILE), JSON.stringify(plan.stamp, null, 2));
    await fs.rm(plan.dir, { recursive: true, force: true });
    try {
      await fs.rename(tmp, plan.dir);
    } catch (error) {
      // Another window finished first: its environment is as good as ours.
      const other = await planEnvironment(path.dirname(plan.dir), plan.stamp);
      if (!other.upToDate) throw error;
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Runs a command, collecting stdout and stderr together (pip's errors go to either). */
export const runProcess: Runner = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { env: installEnv(process.env), windowsHide: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill(), 5 * 60_000);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, output: output + String(e) }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });

/** The user's pip settings (PIP_FIND_LINKS, pip.conf with extra indexes) must not change an offline install. */
export function installEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!/^(PIP_|PYTHON(PATH|HOME)$)/.test(k)) env[k] = v;
  return { ...env, PIP_CONFIG_FILE: process.platform === 'win32' ? 'nul' : '/dev/null', PIP_NO_INPUT: '1', PYTHONNOUSERSITE: '1' };
}

/** How the server is started from the environment: command, args and environment variables. */
export function serverLaunch(python: string, serverArgs: string[], baseEnv: NodeJS.ProcessEnv): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...baseEnv, PYTHONUNBUFFERED: '1', PYTHONNOUSERSITE: '1' };
  // The user's PYTHONPATH/PYTHONHOME could shadow the bundled packages.
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  return { command: python, args: ['-m', 'automl_job_ls.cli', 'serve', ...serverArgs], env };
}
