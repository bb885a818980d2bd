// Finding a Python to build the server's environment with. Pure logic: the platform, the Python
// extension's API, the file system checks and the process runner are passed in, so the order and
// the checks are unit-tested, the Windows ones included (with path.win32) on any machine.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { PythonExtension } from '@vscode/python-extension';

export const MIN_PYTHON = { major: 3, minor: 10 };

export interface PythonVersion {
  major: number;
  minor: number;
  micro: number;
}

export type Source = 'setting' | 'python-extension' | 'path';

/** A command to try: `py -3` on Windows has an argument. */
export interface Candidate {
  command: string;
  args: string[];
  source: Source;
}

export interface Found {
  ok: true;
  /** The interpreter's own path (`sys.executable`): what `py -3` or a shim stands for. */
  command: string;
  version: PythonVersion;
  source: Source;
  /** What was asked for, as the user would write it ("py -3", "python3", a path). */
  requested: string;
}

export interface NotFound {
  ok: false;
  /** Every candidate tried, with why it was not used. */
  tried: { source: Source; command: string; reason: string }[];
  /** True when `automlJob.interpreter` was set: it is authoritative, nothing else was tried. */
  fromSetting: boolean;
}

export type ProbeResult = { ok: true; version: PythonVersion; executable: string } | { ok: false; reason: string };
export type Probe = (candidate: Candidate) => Promise<ProbeResult>;

export const commandLine = (c: Candidate): string => [c.command, ...c.args].join(' ');

export const pathModule = (platform: NodeJS.Platform): path.PlatformPath => (platform === 'win32' ? path.win32 : path.posix);

/**
 * Interpreters tried on PATH. Windows: the `py` launcher first (it knows every installed Python,
 * and `-3` picks the newest 3.x), then `python.exe`; `python3.exe` there is often only the
 * Microsoft Store's stand-in. Elsewhere `python3`, then `python`.
 */
export function pathCandidates(platform: NodeJS.Platform): Candidate[] {
  const names: [string, string[]][] = platform === 'win32' ? [['py', ['-3']], ['python', []], ['python3', []]] : [['python3', []], ['python', []]];
  return names.map(([command, args]) => ({ command, args, source: 'path' }));
}

/** Where a virtual environment (or an installation folder) keeps its interpreter, in order. */
export function interpretersInFolder(folder: string, platform: NodeJS.Platform): string[] {
  const p = pathModule(platform);
  return platform === 'win32'
    ? [p.join(folder, 'Scripts', 'python.exe'), p.join(folder, 'python.exe')]
    : [p.join(folder, 'bin', 'python3'), p.join(folder, 'bin', 'python')];
}

/**
 * The `automlJob.interpreter` setting as a candidate: an interpreter, or a folder (a venv such as
 * `.venv`, or an installation folder such as `C:\Python312`) holding one.
 */
export function settingCandidate(value: string, platform: NodeJS.Platform, isDirectory: (p: string) => boolean, exists: (p: string) => boolean): Candidate {
  let command = value;
  if (isDirectory(value)) command = interpretersInFolder(value, platform).find(exists) ?? interpretersInFolder(value, platform)[0];
  return { command, args: [], source: 'setting' };
}

/** Prints the interpreter's own path and version: one line each. Python 2 runs it too. */
export const PROBE_SCRIPT = "import sys; print(sys.executable); print('%d.%d.%d' % tuple(sys.version_info[:3]))";

export function isSupported(v: PythonVersion): boolean {
  return v.major > MIN_PYTHON.major || (v.major === MIN_PYTHON.major && v.minor >= MIN_PYTHON.minor);
}

export const formatVersion = (v: PythonVersion): string => `${v.major}.${v.minor}.${v.micro}`;

/** Interprets what PROBE_SCRIPT printed (with stderr appended). */
export function checkProbeOutput(output: string): ProbeResult {
  const lines = output.split(/\r?\n/).map((l) => l.trim());
  const at = lines.findIndex((l) => /^\d+\.\d+\.\d+$/.test(l));
  if (at < 1 || !lines[at - 1]) {
    return { ok: false, reason: `not a Python interpreter (it printed ${JSON.stringify(output.trim().slice(0, 80))})` };
  }
  const [major, minor, micro] = lines[at].split('.').map(Number);
  const version = { major, minor, micro };
  if (!isSupported(version)) {
    return { ok: false, reason: `Python ${formatVersion(version)} is too old; ${MIN_PYTHON.major}.${MIN_PYTHON.minor} or later is needed` };
  }
  return { ok: true, version, executable: lines[at - 1] };
}

/** Runs the probe for real. */
export const probePython: Probe = (candidate) =>
  new Promise((resolve) => {
    execFile(candidate.command, [...candidate.args, '-c', PROBE_SCRIPT], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
      const err = error as NodeJS.ErrnoException | null;
      if (err?.code === 'ENOENT') return resolve({ ok: false, reason: 'not found' });
      if (err && !`${stdout}${stderr}`.trim()) return resolve({ ok: false, reason: `it failed to run (${err.message.split('\n')[0]})` });
      resolve(checkProbeOutput(`${stdout}\n${stderr}`));
    });
  });

export interface ResolveOptions {
  /** `automlJob.interpreter` as a candidate; undefined when not set. */
  setting?: Candidate;
  /** The Python extension's active interpreter, or undefined (extension absent or no answer). */
  fromPythonExtension: () => Promise<string | undefined>;
  probe: Probe;
  /** Tried on PATH, in order (pathCandidates). */
  path: Candidate[];
}

/**
 * Order: the `automlJob.interpreter` setting (authoritative: when set, nothing else is tried, so
 * a typo is reported rather than silently replaced); then the Python extension's interpreter;
 * then PATH.
 */
export async function resolveInterpreter(options: ResolveOptions): Promise<Found | NotFound> {
  const tried: NotFound['tried'] = [];
  const attempt = async (candidate: Candidate): Promise<Found | undefined> => {
    const result = await options.probe(candidate);
    const requested = commandLine(candidate);
    if (result.ok) return { ok: true, command: result.executable, version: result.version, source: candidate.source, requested };
    tried.push({ source: candidate.source, command: requested, reason: result.reason });
    return undefined;
  };

  if (options.setting) {
    return (await attempt(options.setting)) ?? { ok: false, tried, fromSetting: true };
  }
  let fromExtension: string | undefined;
  try {
    fromExtension = await options.fromPythonExtension();
  } catch {
    fromExtension = undefined; // an optional helper: never fatal
  }
  if (fromExtension) {
    const found = await attempt({ command: fromExtension, args: [], source: 'python-extension' });
    if (found) return found;
  }
  for (const candidate of options.path) {
    const found = await attempt(candidate);
    if (found) return found;
  }
  return { ok: false, tried, fromSetting: false };
}

const SOURCE_NAMES: Record<Source, string> = {
  setting: 'the automlJob.interpreter setting',
  'python-extension': "the Python extension's interpreter",
  path: 'PATH',
};

/** One notification text: what was tried, why it failed, and how to fix it. */
export function describeNotFound(result: NotFound): string {
  const need = `Python ${MIN_PYTHON.major}.${MIN_PYTHON.minor} or later`;
  if (result.fromSetting) {
    const t = result.tried[0];
    return `AutoML Job cannot use automlJob.interpreter (${t?.command}): ${t?.reason}. Set it to ${need}, or clear it to use the Python found on PATH.`;
  }
  const tried = result.tried.map((t) => `${t.command} (from ${SOURCE_NAMES[t.source]}): ${t.reason}`).join('; ');
  return `AutoML Job needs ${need} to run its language server. Tried ${tried}. Install ${need}, or set automlJob.interpreter to its path.`;
}

// -- the Python extension (ms-python.python), optional --------------------------------------------

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/**
 * The active interpreter of the Python extension, through its typed API (`PythonExtension.api()`
 * of @vscode/python-extension, passed in), when that extension is installed. Never a hard
 * dependency: absent, failing or too slow means "no answer".
 */
export async function pythonExtensionInterpreter(api: () => Promise<PythonExtension>, resource?: Parameters<PythonExtension['environments']['getActiveEnvironmentPath']>[0], timeoutMs = 10_000): Promise<string | undefined> {
  try {
    const environments = (await withTimeout(api(), timeoutMs))?.environments;
    if (!environments) return undefined;
    const active = environments.getActiveEnvironmentPath(resource);
    const resolved = await withTimeout(environments.resolveEnvironment(active), timeoutMs);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}
