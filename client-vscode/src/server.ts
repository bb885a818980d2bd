// Starts, restarts and configures the language server. The decisions live in pure modules
// (python, bundle, settings, crashGuard); this file turns them into VS Code calls.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  RevealOutputChannelOn,
  State,
} from 'vscode-languageclient/node';
import {
  installEnvironment,
  InstallError,
  planEnvironment,
  pythonMismatch,
  readManifest,
  runProcess,
  serverLaunch,
  wantedStamp,
} from './bundle';
import { CrashGuard } from './crashGuard';
import { describeNotFound, Found, formatVersion, probePython, pythonExtensionInterpreter, PYTHON_EXTENSION_ID, resolveInterpreter } from './python';
import { LaunchSettings, sameLaunch, ServerSettings, toLaunchSettings, toServerSettings } from './settings';

export const SECTION = 'automlJob';
const OPEN_SETTING = 'Open Setting';
const SHOW_OUTPUT = 'Show Output';
const RESTART = 'Restart';

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private launch: LaunchSettings | undefined;
  private readonly guard = new CrashGuard();
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblems = '';
  private watchingPython = false;
  // A server that never got running, or failed `initialize`, would fail the same way again.
  private startFailed = false;
  private reachedRunning = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, readonly output: vscode.OutputChannel) {}

  // Start/stop/restart run one at a time: a settings change during a slow first install must
  // not start a second server.
  start(): Promise<unknown> {
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<unknown> {
    this.guard.reset();
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<unknown> {
    return this.enqueue(() => this.doStop());
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** Launch settings restart the server; the others are pushed to it as they are. */
  onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SECTION)) return;
    const launch = this.readLaunch();
    if (!this.launch || !sameLaunch(launch, this.launch)) {
      this.log('The interpreter or the server arguments changed: restarting the server.');
      void this.restart();
    } else {
      this.pushSettings();
    }
  }

  /** Sends the current settings (after a settings or workspace folder change). */
  pushSettings(): void {
    if (!this.client?.isRunning()) return;
    const settings = { [SECTION]: this.readServerSettings() };
    void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  log(line: string): void {
    this.output.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
  }

  // -- lifecycle ---------------------------------------------------------------------------
  private enqueue(op: () => Promise<void>): Promise<unknown> {
    this.queue = this.queue.then(op).catch((error) => this.log(`Unexpected error: ${error?.stack ?? error}`));
    return this.queue;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch((error) => this.log(`Stopping the server: ${error}`));
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    this.launch = this.readLaunch();
    const interpreter = await resolveInterpreter({
      setting: this.launch.interpreter,
      fromPythonExtension: () => pythonExtensionInterpreter(vscode.extensions, vscode.workspace.workspaceFolders?.[0]?.uri),
      probe: probePython,
      pathNames: process.platform === 'win32' ? ['python3', 'python', 'py'] : ['python3'],
    });
    if (!interpreter.ok) {
      const message = describeNotFound(interpreter);
      this.log(message);
      this.showError(message, OPEN_SETTING, SHOW_OUTPUT);
      return;
    }
    this.log(`Python: ${interpreter.command} (${formatVersion(interpreter.version)}, from ${interpreter.source}).`);
    this.watchPythonExtension();

    const python = await this.ensureEnvironment(interpreter);
    if (!python) return;
    const { command, args, env } = serverLaunch(python, this.launch.serverArgs, process.env);
    this.log(`Starting: ${command} ${args.join(' ')}`);
    const client = new LanguageClient('automlJob', 'AutoML Job Language Server', { command, args, options: { env } }, this.clientOptions());
    quietDuplicateErrors(client);
    this.client = client;
    this.startFailed = false;
    this.reachedRunning = false;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.reachedRunning = true;
    });
    try {
      await client.start();
    } catch (error) {
      this.log(`The server did not start: ${error}`);
    }
  }

  /** The venv's interpreter, built from the bundled wheels when missing or out of date. */
  private async ensureEnvironment(interpreter: Found): Promise<string | undefined> {
    const wheels = this.context.asAbsolutePath('wheels');
    try {
      const manifest = await readManifest(wheels);
      const mismatch = pythonMismatch(manifest, interpreter.version);
      if (mismatch) {
        this.log(mismatch);
        this.showError(`AutoML Job: ${mismatch}`, OPEN_SETTING, SHOW_OUTPUT);
        return undefined;
      }
      const version = String(this.context.extension.packageJSON.version);
      const stamp = wantedStamp(version, manifest, interpreter.command, interpreter.version);
      const plan = await planEnvironment(this.context.globalStorageUri.fsPath, stamp);
      if (plan.upToDate) return plan.python;

      this.log(`Installing the server ${manifest.serverVersion} into ${plan.dir} from the bundled wheels...`);
      const started = Date.now();
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'AutoML Job: installing the language server (first start only)...' },
        () => installEnvironment(plan, interpreter.command, wheels, manifest, runProcess, (line) => this.log(line)),
      );
      this.log(`Server environment ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return plan.python;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof InstallError && error.output) this.output.appendLine(error.output);
      this.log(message);
      this.showError(`${message} The details are in the AutoML Job output.`, SHOW_OUTPUT, OPEN_SETTING);
      return undefined;
    }
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
        // A job's annotations: the server reports on each line (MLTable files are YAML, see package.json).
        { scheme: 'file', pattern: '**/*.jsonl' },
      ],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => this.readServerSettings(),
      // A server that fails before answering `initialize` (bad serverArgs, broken environment)
      // will fail the same way again: stop, and say so once.
      initializationFailedHandler: (error) => {
        this.log(`The server did not start: ${error?.message ?? error}`);
        this.startFailed = true;
        this.showError('The AutoML Job language server did not start. Its log is in the AutoML Job output.', RESTART, SHOW_OUTPUT);
        return false;
      },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => {
          if (this.startFailed || !this.reachedRunning) return { action: CloseAction.DoNotRestart, handled: true };
          if (this.guard.crashed()) {
            return { action: CloseAction.Restart, message: 'The server stopped; restarting it.', handled: true };
          }
          this.showError(`${this.guard.describe()} Its log is in the AutoML Job output.`, RESTART, SHOW_OUTPUT);
          return { action: CloseAction.DoNotRestart, message: this.guard.describe(), handled: true };
        },
      },
      middleware: {
        workspace: {
          // The server asks for section "automlJob": answer with the mapped payload, not the raw
          // settings (which also hold the interpreter and unvalidated values).
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (answers instanceof ResponseError) return answers;
            return params.items.map((item, i) =>
              item.section === SECTION ? this.readServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i],
            );
          },
        },
      },
    };
  }

  // -- settings ----------------------------------------------------------------------------
  private readLaunch(): LaunchSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { value, problems } = toLaunchSettings((key) => config.get(key), os.homedir(), folderPaths());
    this.report(problems);
    return value;
  }

  private readServerSettings(scope?: vscode.Uri): ServerSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const { value, problems } = toServerSettings((key) => config.get(key), folderPaths());
    this.report(problems);
    return value;
  }

  /** Invalid settings: logged, and one notification per new set of problems. */
  private report(problems: string[]): void {
    const text = problems.join(' ');
    if (text === this.lastProblems) return;
    this.lastProblems = text;
    if (!text) return;
    problems.forEach((p) => this.log(p));
    void vscode.window.showWarningMessage(`AutoML Job: ${text}`);
  }

  /** An error notification whose buttons do what they say. Not awaited: nothing waits for a click. */
  private showError(message: string, ...actions: string[]): void {
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === RESTART) void this.restart();
      if (choice === SHOW_OUTPUT) this.output.show(true);
      if (choice === OPEN_SETTING) openInterpreterSetting();
    });
  }

  /** A new interpreter picked in the Python extension restarts the server (unless ours is set). */
  private watchPythonExtension(): void {
    if (this.watchingPython) return;
    const api = vscode.extensions.getExtension(PYTHON_EXTENSION_ID)?.exports as
      | { environments?: { onDidChangeActiveEnvironmentPath?: vscode.Event<unknown> } }
      | undefined;
    const event = api?.environments?.onDidChangeActiveEnvironmentPath;
    if (!event) return;
    this.watchingPython = true;
    this.disposables.push(
      event(() => {
        if (!this.readLaunch().interpreter) void this.restart();
      }),
    );
  }
}

/**
 * vscode-languageclient also pops up its own errors when a start fails ("couldn't create
 * connection", "Connection to server got closed"...). Our messages above already say it once,
 * with Restart and Show Output, so those are only logged (they still go to the output channel).
 */
const COVERED = /couldn't create connection to server|Restarting server failed|Connection to server got closed/;

function quietDuplicateErrors(client: LanguageClient): void {
  const target = client as unknown as { showNotificationMessage?: (type: unknown, message?: string) => void };
  const original = target.showNotificationMessage?.bind(client);
  if (!original) return; // a newer client without this hook: nothing to quiet
  target.showNotificationMessage = (type, message) => {
    if (!message || !COVERED.test(message)) original(type, message);
  };
}

function folderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath.split(path.sep).join('/'));
}

function openInterpreterSetting(): void {
  void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
}
