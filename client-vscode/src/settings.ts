// The `automlJob.*` VS Code settings: what the server receives, and what the launcher needs.
// Pure: no `vscode` import, so `npm test` runs it in plain Node.
//
// The server owns its settings and their one validator (server/automl_job_ls/settings.py): they
// are forwarded as the user wrote them, so the server's messages are the ones the user sees, the
// same as in other editors and in `automl-job-ls check`. Only the launch settings are the
// client's own.
import { pathModule } from './python';

/** The client's own settings below `automlJob.`: they start the server, which never sees them. */
export const CLIENT_KEYS = ['interpreter', 'serverArgs', 'trace'];

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

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The payload of `initializationOptions` and of the `automlJob` configuration section: the
 * section as VS Code gives it (`getConfiguration().get('automlJob')`), without the client's keys.
 * Values are not checked here; the server checks them and says what is wrong.
 */
export function serverSettings(section: unknown): Record<string, unknown> {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return {};
  return Object.fromEntries(Object.entries(section).filter(([key]) => !CLIENT_KEYS.includes(key)));
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
