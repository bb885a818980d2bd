// Starts, restarts and configures the language server. The decisions live in pure modules
// (python, bundle, settings); this file turns them into VS Code calls.
import { existsSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  RevealOutputChannelOn,
  State,
} from 'vscode-languageclient/node';
import {
  baseChanged,
  installEnvironment,
  InstallError,
  Manifest,
  planEnvironment,
  pythonMismatch,
  readManifest,
  runProcess,
  serverLaunch,
  Stamp,
  unsupportedPlatform,
  wantedStamp,
} from './bundle';
import {
  describeNotFound,
  Found,
  formatVersion,
  pathCandidates,
  probePython,
  pythonExtensionInterpreter,
  resolveInterpreter,
  settingCandidate,
} from './python';
import { LaunchSettings, sameLaunch, serverSettings, toLaunchSettings } from './settings';

export const SECTION = 'automlJob';
const OPEN_SETTING = 'Open Setting';
const SHOW_OUTPUT = 'Show Output';
const RESTART = 'Restart';
// vscode-languageclient's restart policy: restarted 4 times, the 5th crash within 3 minutes stops it.
const MAX_RESTARTS = 4;
const CRASH_LOOP = `The AutoML Job language server crashed ${MAX_RESTARTS + 1} times in 3 minutes, so it was not restarted again.`;
const DID_NOT_START = 'The AutoML Job language server did not start. Its log is in the AutoML Job output.';

/**
 * The client's own pop-ups for a failed start ("couldn't create connection to server", "Restarting
 * server failed") say what this extension already says once, with Restart and Show Output: they
 * are only logged, and the extension's message is shown instead.
 */
class AutomlLanguageClient extends LanguageClient {
  onStartFailure: () => void = () => undefined;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    const covered = /couldn't create connection to server|Restarting server failed/.test(message);
    super.error(message, data, covered ? false : showNotification);
    if (covered) this.onStartFailure();
  }
}

export class ServerController implements vscode.Disposable {
  private client: AutomlLanguageClient | undefined;
  private launch: LaunchSettings | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblems = '';
  private watchingPython = false;
  private recheck = false; // the base interpreter may have changed: check it before trusting the stamp
  private afterFirstDiagnostics: (() => void) | undefined;
  private firstDiagnosticsLogged = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, readonly output: vscode.LogOutputChannel, private readonly activatedAt: number) {}

  // Start/stop/restart run one at a time: a settings change during a slow first install must
  // not start a second server.
  start(): Promise<unknown> {
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<unknown> {
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
      this.output.info('The interpreter or the server arguments changed: restarting the server.');
      void this.restart();
    } else {
      this.pushSettings();
    }
  }

  /** Sends the current settings (after a settings change). */
  pushSettings(): void {
    if (!this.client?.isRunning()) return;
    const settings = { [SECTION]: this.readServerSettings() };
    void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  // -- lifecycle ---------------------------------------------------------------------------
  private enqueue(op: () => Promise<void>): Promise<unknown> {
    this.queue = this.queue.then(op).catch((error) => this.output.error(`Unexpected error: ${error?.stack ?? error}`));
    return this.queue;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch((error) => this.output.warn(`Stopping the server: ${error}`));
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    this.launch = this.readLaunch();
    const wheels = this.context.asAbsolutePath('wheels');
    let manifest: Manifest;
    try {
      manifest = await readManifest(wheels);
    } catch (error) {
      return this.failed(error);
    }
    const python = manifest.server ? await this.ensureEnvironment(manifest, wheels) : await this.ownInstall(manifest);
    if (python) await this.startClient(python);
  }

  /** The venv's interpreter: the stamp says it is current, or it is built from the bundled wheels. */
  private async ensureEnvironment(manifest: Manifest, wheels: string): Promise<string | undefined> {
    const wanted = { extensionVersion: String(this.context.extension.packageJSON.version), digest: manifest.digest, request: this.launch?.interpreter ?? '' };
    try {
      const plan = await planEnvironment(this.context.globalStorageUri.fsPath, wanted);
      if (plan.current && !this.recheck) {
        // Nothing runs before the server: which Python to build with is checked after it started.
        this.output.info(`Server environment is current (built with ${plan.current.python}, Python ${plan.current.pythonVersion}).`);
        this.checkBaseLater(plan.current);
        return plan.python;
      }
      this.recheck = false;
      const interpreter = await this.findInterpreter();
      if (!interpreter) return undefined;
      if (plan.current && !baseChanged(plan.current, interpreter.command, interpreter.version)) return plan.python;
      const mismatch = pythonMismatch(manifest, interpreter.version);
      if (mismatch) {
        this.output.error(mismatch);
        this.showError(`AutoML Job: ${mismatch}`, OPEN_SETTING, SHOW_OUTPUT);
        return undefined;
      }
      this.output.info(`Installing the server ${manifest.serverVersion} into ${plan.dir} from the bundled wheels...`);
      const started = Date.now();
      const stamp = wantedStamp(wanted, interpreter.command, interpreter.version);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'AutoML Job: installing the language server (first start only)...' },
        () => installEnvironment(plan, stamp, wheels, manifest, runProcess, (line) => this.output.info(line)),
      );
      this.output.info(`Server environment ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return plan.python;
    } catch (error) {
      return this.failed(error);
    }
  }

  /** The universal build: the server the user installed into `automlJob.interpreter`. */
  private async ownInstall(manifest: Manifest): Promise<string | undefined> {
    const unsupported = unsupportedPlatform(manifest, `${process.platform}-${process.arch}`) ?? '';
    const setting = this.launch?.interpreter;
    if (!setting) {
      this.output.error(unsupported);
      this.showError(unsupported, OPEN_SETTING, SHOW_OUTPUT);
      return undefined;
    }
    const { command } = settingCandidate(setting, process.platform, isDirectory, existsSync);
    const check = await runProcess(command, ['-m', 'automl_job_ls.cli', '--version']);
    if (check.code !== 0) {
      this.output.error(check.output.trimEnd());
      const message = `${command} cannot run the server (${check.output.trim().split('\n').pop()}). ${unsupported}`;
      this.output.error(message);
      this.showError(message, OPEN_SETTING, SHOW_OUTPUT);
      return undefined;
    }
    this.output.info(`Using the server installed in ${command}: ${check.output.trim()}.`);
    return command;
  }

  private failed(error: unknown): undefined {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InstallError && error.output) this.output.error(error.output);
    this.output.error(message);
    this.showError(`${message} The details are in the AutoML Job output.`, SHOW_OUTPUT, OPEN_SETTING);
    return undefined;
  }

  /** Quiet: the background check after a start on the stamp only logs (the server already runs). */
  private async findInterpreter(quiet = false): Promise<Found | undefined> {
    const interpreter = await resolveInterpreter({
      setting: this.launch?.interpreter ? settingCandidate(this.launch.interpreter, process.platform, isDirectory, existsSync) : undefined,
      fromPythonExtension: () => pythonExtensionInterpreter(() => this.pythonApi(), vscode.workspace.workspaceFolders?.[0]?.uri),
      probe: probePython,
      path: pathCandidates(process.platform),
    });
    if (!interpreter.ok) {
      const message = describeNotFound(interpreter);
      this.output.error(message);
      if (!quiet) this.showError(message, OPEN_SETTING, SHOW_OUTPUT);
      return undefined;
    }
    this.output.info(`Python: ${interpreter.command} (${formatVersion(interpreter.version)}, ${interpreter.requested} from ${interpreter.source}).`);
    return interpreter;
  }

  /** The Python extension's API, when that extension is installed (it is optional). */
  private async pythonApi(): Promise<PythonExtension> {
    const api = await PythonExtension.api();
    this.watchPythonExtension(api);
    return api;
  }

  /**
   * After a start on the stamp, once the server has answered (or after a few seconds): would the
   * interpreter be another one now (the Python extension's choice, PATH)? Then rebuild and restart.
   */
  private checkBaseLater(current: Stamp): void {
    let done = false;
    const check = async () => {
      if (done) return;
      done = true;
      const found = await this.findInterpreter(true);
      if (found && baseChanged(current, found.command, found.version)) {
        this.output.info(`The server environment was built with ${current.python} (${current.pythonVersion}); rebuilding it with ${found.command}.`);
        this.recheck = true;
        void this.restart();
      }
    };
    this.afterFirstDiagnostics = () => void check();
    setTimeout(() => void check(), 10_000).unref?.();
  }

  private async startClient(python: string): Promise<void> {
    const { command, args, env } = serverLaunch(python, this.launch?.serverArgs ?? [], process.env);
    this.output.info(`Starting: ${command} ${args.join(' ')}`);
    const spawned = Date.now();
    let policy: ErrorHandler | undefined;
    let reachedRunning = false;
    let reported = false;
    const reportStartFailure = () => {
      if (reported) return;
      reported = true;
      this.showError(DID_NOT_START, RESTART, SHOW_OUTPUT);
    };
    const client = new AutomlLanguageClient('automlJob', 'AutoML Job Language Server', { command, args, options: { env } }, {
      ...this.clientOptions(spawned),
      // A server that fails before answering `initialize` (bad serverArgs, broken environment)
      // will fail the same way again: stop, and say so once.
      initializationFailedHandler: (error) => {
        this.output.error(`The server did not start: ${error?.message ?? error}`);
        reportStartFailure();
        return false;
      },
      errorHandler: {
        error: (error, message, count) => policy!.error(error, message, count),
        closed: async () => {
          if (!reachedRunning) return { action: CloseAction.DoNotRestart, handled: true }; // a failed start, reported once
          const decision = await policy!.closed();
          if (decision.action === CloseAction.Restart) return { action: CloseAction.Restart, message: 'The server stopped; restarting it.', handled: true };
          this.output.error(CRASH_LOOP);
          this.showError(`${CRASH_LOOP} Its log is in the AutoML Job output.`, RESTART, SHOW_OUTPUT);
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    });
    policy = client.createDefaultErrorHandler(MAX_RESTARTS);
    client.onStartFailure = reportStartFailure;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) reachedRunning = true;
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The server did not start: ${error}`);
      reportStartFailure();
    }
  }

  private clientOptions(spawned: number): LanguageClientOptions {
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
      middleware: {
        workspace: {
          // The server asks for section "automlJob": answer without the client's own keys
          // (the interpreter, the server arguments, the trace level).
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (answers instanceof ResponseError) return answers;
            return params.items.map((item, i) =>
              item.section === SECTION ? this.readServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i],
            );
          },
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, diagnostics);
          if (!this.firstDiagnosticsLogged) {
            this.firstDiagnosticsLogged = true;
            const now = Date.now();
            this.output.info(`First diagnostics ${now - this.activatedAt} ms after activation (${now - spawned} ms after the server was started).`);
          }
          const after = this.afterFirstDiagnostics;
          this.afterFirstDiagnostics = undefined;
          if (after) setTimeout(after, 0); // off the diagnostics path
        },
      },
    };
  }

  // -- settings ----------------------------------------------------------------------------
  private readLaunch(): LaunchSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { value, problems } = toLaunchSettings((key) => config.get(key), os.homedir(), folderPaths(), process.platform);
    this.report(problems);
    return value;
  }

  private readServerSettings(scope?: vscode.Uri): Record<string, unknown> {
    return serverSettings(vscode.workspace.getConfiguration(undefined, scope).get(SECTION));
  }

  /** Invalid launch settings: logged, and one notification per new set of problems. */
  private report(problems: string[]): void {
    const text = problems.join(' ');
    if (text === this.lastProblems) return;
    this.lastProblems = text;
    if (!text) return;
    problems.forEach((p) => this.output.warn(p));
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
  private watchPythonExtension(api: PythonExtension): void {
    if (this.watchingPython) return;
    this.watchingPython = true;
    this.disposables.push(
      api.environments.onDidChangeActiveEnvironmentPath(() => {
        if (this.readLaunch().interpreter) return;
        this.recheck = true;
        void this.restart();
      }),
    );
  }
}

/** Workspace folders as file system paths (vscode.Uri.fsPath: `C:\...` on Windows). */
function folderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function openInterpreterSetting(): void {
  void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
}
