import * as vscode from 'vscode';
import {
  type CloseHandlerResult,
  CloseAction,
  DidChangeConfigurationNotification,
  type ErrorHandlerResult,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import type { KnownValueFingerprint } from '../core/detect/knownValues';
import { detectionSettings } from '../shared/detectionSettings';
import {
  DETECTION_SETTINGS_SECTION,
  type DetectResult,
  type ScanWorkspaceResult,
  type SecretFilePassParams,
  type SecretFilePassResult,
  type SecretFileProgressParams,
  type SecretFileScanResult,
  detectRequest,
  knownValuesNotification,
  scanWorkspaceRequest,
  secretFilePassRequest,
  secretFileProgressNotification,
  secretFileScanRequest,
  skippedNotification,
} from '../shared/lspProtocol';
import type { Ctx } from './ctx';

/** How many crashes in a row the client restarts the server for, before it gives up. */
const MAX_RESTARTS = 4;

/** The language server that detects secrets, and the requests the extension makes of it. */
export class DetectionClient {
  private readonly client: LanguageClient;
  private restarts = 0;
  private toldUser = false;
  /** Listeners of the passes running, by pass number. */
  private readonly passes = new Map<number, (progress: SecretFileProgressParams) => void>();

  constructor(private readonly ctx: Ctx) {
    const module = ctx.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Every language, saved files and untitled buffers alike.
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
      synchronize: { configurationSection: DETECTION_SETTINGS_SECTION },
      // The server asks for its settings through here and gets them in full, per resource, as the
      // accessor reads them: a workspace cannot scan less than the user chose.
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            return answers.map((answer: unknown, i) => {
              const item = params.items[i];
              if (item?.section !== DETECTION_SETTINGS_SECTION) return answer;
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return detectionSettings((key) => ctx.settings.get(key, scope));
            });
          },
        },
      },
      outputChannel: ctx.log,
      diagnosticCollectionName: 'vaultify',
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
        closed: (): CloseHandlerResult => this.onServerClosed(),
      },
    };
    this.client = new LanguageClient('vaultify', 'Vaultify detector', serverOptions, clientOptions);
    this.client.onNotification(skippedNotification, ({ uri, reason }) => {
      ctx.log.info(`Not scanning ${vscode.Uri.parse(uri).fsPath || uri}: ${reason}`);
    });
    this.client.onNotification(secretFileProgressNotification, (progress) => this.passes.get(progress.pass)?.(progress));
    ctx.register({ dispose: () => void this.client.stop() });
  }

  start(): Promise<void> {
    return this.client.start();
  }

  /** Restart detection server: a fresh server, and a fresh count of crashes before it gives up. */
  async restart(): Promise<void> {
    this.restarts = 0;
    this.toldUser = false;
    await (this.client.isRunning() ? this.client.restart() : this.client.start());
  }

  /** The detection settings changed outside VS Code's configuration (an acceptance): the server asks for them again. */
  async settingsChanged(): Promise<void> {
    if (this.client.isRunning()) await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Detects now, on the server's copy of the document, bypassing the debounce. */
  async detect(uri: vscode.Uri): Promise<DetectResult> {
    if (!this.client.isRunning()) await this.client.start();
    return this.client.sendRequest(detectRequest, { uri: uri.toString() });
  }

  /** Hands the server the vault's values as fingerprints, so it can flag any that reappear. */
  async shareKnownValues(fingerprints: KnownValueFingerprint[]): Promise<void> {
    if (!this.client.isRunning()) await this.client.start();
    await this.client.sendNotification(knownValuesNotification, { fingerprints });
  }

  async scanWorkspace(folders: string[]): Promise<ScanWorkspaceResult> {
    if (!this.client.isRunning()) await this.client.start();
    return this.client.sendRequest(scanWorkspaceRequest, { folders });
  }

  /** The guard's pass over one folder's files on disk, reporting progress as it goes. */
  async secretFilePass(
    params: SecretFilePassParams,
    token: vscode.CancellationToken,
    onProgress: (progress: SecretFileProgressParams) => void,
  ): Promise<SecretFilePassResult> {
    if (!this.client.isRunning()) await this.client.start();
    this.passes.set(params.pass, onProgress);
    try {
      return await this.client.sendRequest(secretFilePassRequest, params, token);
    } finally {
      this.passes.delete(params.pass);
    }
  }

  /** Rescans files and folders on disk after file events. */
  async rescanSecretFiles(paths: string[], folders: string[]): Promise<SecretFileScanResult> {
    if (!this.client.isRunning()) await this.client.start();
    return this.client.sendRequest(secretFileScanRequest, { paths, folders });
  }

  private onServerClosed(): CloseHandlerResult {
    this.restarts++;
    if (this.restarts > MAX_RESTARTS) {
      void vscode.window.showErrorMessage(
        'Vaultify: the secret detector stopped after repeated crashes. Secrets are not being underlined. See the Vaultify output for details.',
      );
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    if (!this.toldUser) {
      this.toldUser = true;
      void vscode.window.showWarningMessage('Vaultify: the secret detector crashed and was restarted.');
    }
    this.ctx.log.warn(`Detector server closed; restarting (${this.restarts}/${MAX_RESTARTS}).`);
    return { action: CloseAction.Restart, handled: true };
  }
}
