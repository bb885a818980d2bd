// The server's private Python environment, built from the wheels shipped inside the .vsix.
//
// On first start, or when the bundled wheels or the base interpreter change, a venv is created in
// the extension's global storage and the wheels are installed offline into it. A stamp file
// written last records what was installed, so an upgrade of the extension rebuilds the
// environment and a half-built one is never used. Every later start only compares the stamp: no
// interpreter is run before the server starts. No `vscode` import: unit-tested in Node, with the
// platform passed in so the Windows layout is tested on any machine.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatVersion, pathModule, PythonVersion } from './python';

/** wheels/manifest.json, written by scripts/wheels.mjs at package time. */
export interface Manifest {
  /** The wheel of automl-job-ls; absent in the universal build, which bundles no server. */
  server?: string;
  serverVersion: string;
  pip?: string; // pip's wheel: runs straight from the file, so the venv needs no ensurepip
  pythons: string[]; // "3.10", ...: versions the compiled wheels exist for
  platform: string; // the .vsix target, e.g. "linux-x64", or "universal"
  digest: string; // sha256 over all wheels: any change rebuilds the environment
}

/** What an environment was built from. */
export interface Stamp {
  extensionVersion: string;
  digest: string;
  /** `automlJob.interpreter` as set ("" when not set): a change of the setting rebuilds at once. */
  request: string;
  /** The base interpreter (`sys.executable`) and its version. */
  python: string;
  pythonVersion: string;
}

/** What a start knows without running anything. */
export type Wanted = Pick<Stamp, 'extensionVersion' | 'digest' | 'request'>;

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

export const envPython = (dir: string, platform: NodeJS.Platform = process.platform): string => {
  const p = pathModule(platform);
  return platform === 'win32' ? p.join(dir, 'Scripts', 'python.exe') : p.join(dir, 'bin', 'python');
};

export function wantedStamp(wanted: Wanted, python: string, version: PythonVersion): Stamp {
  return { ...wanted, python, pythonVersion: formatVersion(version) };
}

function parseStamp(text: string | undefined): Partial<Stamp> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Partial<Stamp>) : undefined;
  } catch {
    return undefined;
  }
}

export function stampMatches(have: Partial<Stamp> | undefined, wanted: Partial<Stamp>): boolean {
  return !!have && (Object.keys(wanted) as (keyof Stamp)[]).every((k) => have[k] === wanted[k]);
}

/** Null when the bundled compiled wheels fit this Python, else a message saying what to do. */
export function pythonMismatch(manifest: Manifest, version: PythonVersion): string | null {
  const short = `${version.major}.${version.minor}`;
  if (manifest.pythons.includes(short)) return null;
  return `This build of the extension ships the server for Python ${manifest.pythons.join(', ')} (${manifest.platform}), not ${short}. Set automlJob.interpreter to one of those versions.`;
}

/** The universal build bundles no compiled wheels: the user's own install of the server is used. */
export function unsupportedPlatform(manifest: Manifest, platform: string): string | null {
  if (manifest.server) return null;
  return `This build of the AutoML Job extension has no language server for ${platform}. Install the automl-job-ls Python package into Python 3.10 or later (python -m pip install automl-job-ls, or python -m pip install . in a checkout of its sources), then set automlJob.interpreter to that Python.`;
}

export interface Plan {
  dir: string;
  python: string; // the venv's interpreter, which runs the server
  /** The stamp on disk, when it matches what this start wants: the server can start at once. */
  current?: Stamp;
}

export async function planEnvironment(storageDir: string, wanted: Wanted, platform: NodeJS.Platform = process.platform): Promise<Plan> {
  const dir = pathModule(platform).join(storageDir, 'server-env');
  const python = envPython(dir, platform);
  const have = parseStamp(await fs.readFile(pathModule(platform).join(dir, STAMP_FILE), 'utf8').catch(() => undefined));
  const current = stampMatches(have, wanted) && typeof have?.python === 'string' && existsSync(python) ? (have as Stamp) : undefined;
  return { dir, python, current };
}

/** True when a start on the stamp must rebuild: the interpreter it would choose now is another one. */
export function baseChanged(current: Stamp, python: string, version: PythonVersion): boolean {
  return current.python !== python || current.pythonVersion !== formatVersion(version);
}

export class InstallError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

export type Runner = (command: string, args: string[]) => Promise<{ code: number | null; output: string }>;

/** The commands that build the environment in `target`. */
export function installCommands(basePython: string, wheelsDir: string, manifest: Manifest, target: string, platform: NodeJS.Platform = process.platform): [string, string[]][] {
  if (!manifest.server || !manifest.pip) throw new InstallError('This build of the extension bundles no server to install.', '');
  const p = pathModule(platform);
  const python = envPython(target, platform);
  return [
    // --without-pip: Debian's python3 without python3-venv has no ensurepip; pip runs from its wheel.
    [basePython, ['-m', 'venv', '--without-pip', target]],
    [python, [p.join(wheelsDir, manifest.pip, 'pip'), 'install', '--no-index', '--find-links', wheelsDir,
      '--only-binary', ':all:', '--no-cache-dir', '--disable-pip-version-check', '--no-warn-script-location',
      p.join(wheelsDir, manifest.server)]],
    [python, ['-m', 'automl_job_ls.cli', '--version']], // proves the server imports
  ];
}

/**
 * Builds the environment in a fresh folder beside the final one and renames it into place, so a
 * crash half-way or a second window doing the same never leaves a broken environment in use.
 */
export async function installEnvironment(plan: Plan, stamp: Stamp, wheelsDir: string, manifest: Manifest, run: Runner, log: (line: string) => void, platform: NodeJS.Platform = process.platform): Promise<void> {
  const tmp = `${plan.dir}.tmp-${process.pid}-${Date.now()}`;
  await fs.mkdir(path.dirname(plan.dir), { recursive: true });
  try {
    for (const [command, args] of installCommands(stamp.python, wheelsDir, manifest, tmp, platform)) {
      log(`$ ${command} ${args.join(' ')}`);
      const { code, output } = await run(command, args);
      if (output.trim()) log(output.trimEnd());
      if (code !== 0) {
        throw new InstallError(`Installing the AutoML Job language server failed (${path.basename(command)} exited with ${code}).`, output);
      }
    }
    await fs.writeFile(path.join(tmp, STAMP_FILE), JSON.stringify(stamp, null, 2));
    await fs.rm(plan.dir, { recursive: true, force: true });
    try {
      await fs.rename(tmp, plan.dir);
    } catch (error) {
      // Another window finished first: its environment is as good as ours.
      const other = await planEnvironment(path.dirname(plan.dir), stamp, platform);
      if (!other.current || baseChanged(other.current, stamp.python, parseVersion(stamp.pythonVersion))) throw error;
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

const parseVersion = (text: string): PythonVersion => {
  const [major, minor, micro] = text.split('.').map(Number);
  return { major, minor, micro };
};

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
export function installEnv(base: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!/^(PIP_|PYTHON(PATH|HOME)$)/i.test(k)) env[k] = v;
  return { ...env, PIP_CONFIG_FILE: platform === 'win32' ? 'nul' : '/dev/null', PIP_NO_INPUT: '1', PYTHONNOUSERSITE: '1' };
}

/** How the server is started: command, args and environment variables. */
export function serverLaunch(python: string, serverArgs: string[], baseEnv: NodeJS.ProcessEnv): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = {};
  // The user's PYTHONPATH/PYTHONHOME could shadow the bundled packages (any letter case: Windows).
  for (const [k, v] of Object.entries(baseEnv)) if (!/^PYTHON(PATH|HOME)$/i.test(k)) env[k] = v;
  Object.assign(env, { PYTHONUNBUFFERED: '1', PYTHONNOUSERSITE: '1' });
  return { command: python, args: ['-m', 'automl_job_ls.cli', 'serve', ...serverArgs], env };
}
