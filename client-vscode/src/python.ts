// Finding a Python to build the server's environment with. Pure logic: the VS Code extensions
// API and the process runner are passed in, so the order and the checks are unit-tested.
import { execFile } from 'node:child_process';

export const MIN_PYTHON = { major: 3, minor: 10 };

export interface PythonVersion {
  major: number;
  minor: number;
  micro: number;
}

export type Source = 'setting' | 'python-extension' | 'path';

export interface Found {
  ok: true;
  command: string;
  version: PythonVersion;
  source: Source;
}

export interface NotFound {
  ok: false;
  /** Every candidate tried, with why it was not used. */
  tried: { source: Source; command: string; reason: string }[];
  /** True when `automlJob.interpreter` was set: it is authoritative, nothing else was tried. */
  fromSetting: boolean;
}

export type ProbeResult = { ok: true; version: PythonVersion } | { ok: false; reason: string };
export type Probe = (command: string) => Promise<ProbeResult>;

/** Parses `python --version` output such as "Python 3.9.18" or "Python 3.13.0rc1". */
export function parsePythonVersion(output: string): PythonVersion | undefined {
  const m = /Python\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return m ? { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3] ?? 0) } : undefined;
}

export function isSupported(v: PythonVersion): boolean {
  return v.major > MIN_PYTHON.major || (v.major === MIN_PYTHON.major && v.minor >= MIN_PYTHON.minor);
}

export const formatVersion = (v: PythonVersion): string => `${v.major}.${v.minor}.${v.micro}`;

/** Interprets the output of `<command> --version` (Python 2 prints it on stderr). */
export function checkVersionOutput(output: string): ProbeResult {
  const version = parsePythonVersion(output);
  if (!version) return { ok: false, reason: `not a Python interpreter (it printed ${JSON.stringify(output.trim().slice(0, 80))})` };
  if (!isSupported(version)) {
    return { ok: false, reason: `Python ${formatVersion(version)} is too old; ${MIN_PYTHON.major}.${MIN_PYTHON.minor} or later is needed` };
  }
  return { ok: true, version };
}

/** Runs `<command> --version` for real. */
export const probePython: Probe = (command) =>
  new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
      const err = error as NodeJS.ErrnoException | null;
      if (err?.code === 'ENOENT') return resolve({ ok: false, reason: 'not found' });
      if (err && !`${stdout}${stderr}`.trim()) return resolve({ ok: false, reason: `it failed to run (${err.message.split('\n')[0]})` });
      resolve(checkVersionOutput(`${stdout}\n${stderr}`));
    });
  });

export interface ResolveOptions {
  /** `automlJob.interpreter`, already expanded; empty or undefined when not set. */
  setting?: string;
  /** The Python extension's active interpreter, or undefined (extension absent or no answer). */
  fromPythonExtension: () => Promise<string | undefined>;
  probe: Probe;
  /** Command names tried on PATH, in order. */
  pathNames?: string[];
}

/**
 * Order: the `automlJob.interpreter` setting (authoritative: when set, nothing else is tried, so
 * a typo is reported rather than silently replaced); then the Python extension's interpreter;
 * then `python3` on PATH.
 */
export async function resolveInterpreter(options: ResolveOptions): Promise<Found | NotFound> {
  const tried: NotFound['tried'] = [];
  const attempt = async (source: Source, command: string): Promise<Found | undefined> => {
    const result = await options.probe(command);
    if (result.ok) return { ok: true, command, version: result.version, source };
    tried.push({ source, command, reason: result.reason });
    return undefined;
  };

  if (options.setting) {
    return (await attempt('setting', options.setting)) ?? { ok: false, tried, fromSetting: true };
  }
  let fromExtension: string | undefined;
  try {
    fromExtension = await options.fromPythonExtension();
  } catch {
    fromExtension = undefined; // an optional helper: never fatal
  }
  if (fromExtension) {
    const found = await attempt('python-extension', fromExtension);
    if (found) return found;
  }
  for (const name of options.pathNames ?? ['python3']) {
    const found = await attempt('path', name);
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
    return `AutoML Job cannot use automlJob.interpreter (${t?.command}): ${t?.reason}. Set it to ${need}, or clear it to use python3 from PATH.`;
  }
  const tried = result.tried.map((t) => `${t.command} (from ${SOURCE_NAMES[t.source]}): ${t.reason}`).join('; ');
  return `AutoML Job needs ${need} to run its language server. Tried ${tried}. Install ${need}, or set automlJob.interpreter to its path.`;
}

// -- the Python extension (ms-python.python), optional --------------------------------------------

/** The part of `vscode.extensions` used here. */
export interface ExtensionsLike {
  getExtension(id: string): { isActive: boolean; activate(): Thenable<unknown>; exports: unknown } | undefined;
}

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: unknown): { path: string } | undefined;
    resolveEnvironment(env: unknown): Promise<{ executable?: { uri?: { fsPath: string } } } | undefined>;
  };
  settings?: { getExecutionDetails(resource?: unknown): { execCommand?: string[] } | undefined };
}

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/**
 * The active interpreter of the Python extension, through its exported API, when that extension
 * is installed. Never a hard dependency: any failure means "no answer".
 */
export async function pythonExtensionInterpreter(extensions: ExtensionsLike, resource?: unknown, timeoutMs = 10_000): Promise<string | undefined> {
  const extension = extensions.getExtension(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const exportsPromise = Promise.resolve(extension.isActive ? extension.exports : extension.activate());
    const api = (await withTimeout(exportsPromise, timeoutMs)) as PythonApi | undefined;
    const environments = api?.environments;
    if (environments) {
      const active = environments.getActiveEnvironmentPath(resource);
      if (active) {
        const resolved = await withTimeout(environments.resolveEnvironment(active), timeoutMs);
        return resolved?.executable?.uri?.fsPath ?? active.path;
      }
    }
    return api?.settings?.getExecutionDetails(resource)?.execCommand?.[0]; // API before 2023
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
