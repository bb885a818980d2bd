// Wiring only: the output channel, the commands and the listeners. The work is in server.ts.
import * as vscode from 'vscode';
import { SECTION, ServerController } from './server';

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activatedAt = Date.now();
  // A log channel: VS Code stamps every line with the time and level, and the user picks the level.
  const output = vscode.window.createOutputChannel('AutoML Job', { log: true });
  output.info(`Activated at ${new Date(activatedAt).toISOString()} (AutoML Job ${context.extension.packageJSON.version}, ${process.platform}-${process.arch}).`);
  controller = new ServerController(context, output, activatedAt);
  const c = controller;
  context.subscriptions.push(
    output,
    c,
    vscode.commands.registerCommand(`${SECTION}.restartServer`, () => c.restart()),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => c.onConfigurationChanged(e)),
  );
  void c.start();
}

export function deactivate(): Promise<unknown> | undefined {
  return controller?.stop();
}
