// Maps the `automlJob.*` VS Code settings onto what the server receives and what the launcher
// needs. Pure: no `vscode` import, so `npm test` runs it in plain Node.
//
// The server validates its settings too (unknown codes, ...), but it only sees the three keys it
// knows. Type errors are caught here so one bad value does not cost the user the other settings.
import { pathModule } from './python';

export type Level = 'error' | 'warning' | 'information' | 'hint';

/** The payload of `initializationOptions` and of the `automlJob` configuration section. */
export interface ServerSettings {
  jobGlobs: string[];
  severity: Record<string, Level>;
  disabledCodes: string[];
}

/** What decides how the server process is started: a change restarts it. */
export interface LaunchSettings {
  interpreter?: string;
  serverArgs: string[];
}

export interface Mapped<T> {
  value: T;
  problems: string[];
}

/** Reads one setting below `automlJob.` (VS Code's `WorkspaceConfiguration.get`). */
export type Getter = (key: string) => unknown;

const LEVELS: Record<string, Level> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
};

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Server settings from VS Code settings. `folders` are the workspace folder paths: a relative glob
 * such as `jobs/*.yml` is also offered anchored at each folder, because the server matches globs
 * against absolute paths (or bare file names).
 */
export function toServerSettings(get: Getter, folders: string[] = []): Mapped<ServerSettings> {
  const problems: string[] = [];
  const value: ServerSettings = { jobGlobs: [], severity: {}, disabledCodes: [] };

  const globs = get('jobGlobs') ?? [];
  if (isStringList(globs)) {
    value.jobGlobs = anchorGlobs(globs.map((g) => g.trim()).filter((g) => g !== ''), folders);
  } else {
    problems.push('automlJob.jobGlobs must be a list of globs such as "**/train-*.yml"; it is ignored.');
  }

  const severity = get('severity') ?? {};
  if (typeof severity === 'object' && severity !== null && !Array.isArray(severity)) {
    for (const [code, level] of Object.entries(severity)) {
      const normal = typeof level === 'string' ? LEVELS[level.trim().toLowerCase()] : undefined;
      if (normal) {
        value.severity[code.trim().toUpperCase()] = normal;
      } else {
        problems.push(`automlJob.severity.${code}: ${JSON.stringify(level)} is not one of error, warning, information, hint; it is ignored.`);
      }
    }
  } else {
    problems.push('automlJob.severity must be an object such as { "AML105": "error" }; it is ignored.');
  }

  const disabled = get('disabledCodes') ?? [];
  if (isStringList(disabled)) {
    value.disabledCodes = [...new Set(disabled.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
  } else {
    problems.push('automlJob.disabledCodes must be a list of codes such as "AML106"; it is ignored.');
  }
  return { value, problems };
}

/** Keeps every glob as written, and adds `<folder>/<glob>` for globs relative to a folder. */
export function anchorGlobs(globs: string[], folders: string[]): string[] {
  const out: string[] = [];
  for (const glob of globs) {
    out.push(glob);
    const relative = glob.includes('/') && !glob.startsWith('/') && !glob.startsWith('*');
    if (relative) {
      const tail = glob.replace(/^\.\//, '');
      for (const folder of folders) out.push(`${folder.replace(/\/+$/, '')}/${tail}`);
    }
  }
  return [...new Set(out)];
}

/**
 * Launch settings. `~` and `${workspaceFolder}` are expanded in the interpreter path, and a
 * relative path (`.venv/bin/python`, `.venv\\Scripts\\python.exe`) is taken from the first
 * workspace folder (a file system path, as `vscode.Uri.fsPath` gives it).
 */
export function toLaunchSettings(get: Getter, home: string, folders: string[] = [], platform: NodeJS.Platform = process.platform): Mapped<LaunchSettings> {
  const problems: string[] = [];
  const value: LaunchSettings = { serverArgs: [] };

  const interpreter = get('interpreter') ?? '';
  if (typeof interpreter === 'string') {
    const path = expandPath(interpreter.trim(), home, folders[0], platform);
    if (path) value.interpreter = path;
  } else {
    problems.push('automlJob.interpreter must be a path to a Python executable; it is ignored.');
  }

  const args = get('serverArgs') ?? [];
  if (isStringList(args)) {
    value.serverArgs = args;
  } else {
    problems.push('automlJob.serverArgs must be a list of strings; it is ignored.');
  }
  return { value, problems };
}

export function expandPath(value: string, home: string, folder?: string, platform: NodeJS.Platform = process.platform): string {
  if (!value) return '';
  const p = pathModule(platform);
  let out = value.replace(/\$\{workspaceFolder\}/g, folder ?? '.');
  if (out === '~' || out.startsWith('~/') || (platform === 'win32' && out.startsWith('~\\'))) out = p.join(home, out.slice(1));
  // `python3.12` is looked up on PATH; `.venv` (a dot name) is a folder in the workspace.
  const isCommandName = !out.includes('/') && !(platform === 'win32' && out.includes('\\')) && !out.startsWith('.');
  if (!isCommandName && !p.isAbsolute(out) && folder) out = p.join(folder, out);
  return out;
}

export function sameLaunch(a: LaunchSettings, b: LaunchSettings): boolean {
  return a.interpreter === b.interpreter && JSON.stringify(a.serverArgs) === JSON.stringify(b.serverArgs);
}
