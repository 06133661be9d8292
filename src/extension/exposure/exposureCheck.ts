import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  type CleanResult,
  type ExposureFinding,
  type TranscriptFile,
  ValueMatcher,
  type VaultValue,
  checkTranscripts,
  checkWorkspaceFiles,
  cleanTranscripts,
  scanGitHistory,
} from '../../core/exposure';
import type { Ctx } from '../ctx';
import { MaskingInput } from '../maskingInput';
import type { Vault } from '../vault/vault';
import type { ExposureLedger } from './exposureLedger';

/** Reading values to look for them is an internal use, like masking: nothing leaves Vaultify. */
const LOOKUP = { actor: 'detector', purpose: 'checking where stored values have been exposed' } as const;
const CLEANING = 'masking stored values in AI transcripts';

/** What `vaultify.checkExposure` returns when driven: where each secret was seen, never the value. */
export interface ExposureReport {
  name: string;
  location: string;
  kind: ExposureFinding['kind'];
}

/**
 * Finds where stored values have been seen: workspace files, the git history of each workspace
 * folder, and the local transcripts of AI assistants. Each place is read once for all secrets
 * (one automaton over every value), and what is found is kept as names, places and dates only.
 */
export class ExposureCheck {
  private readonly masking: MaskingInput;
  /** The check run after a store: one at a time, and an on-demand check or closing the window cancels it. */
  private background?: AbortController;

  constructor(
    private readonly ctx: Ctx,
    private readonly vault: Vault,
    private readonly ledger: ExposureLedger,
  ) {
    this.masking = new MaskingInput(vault, ctx.settings);
    ctx.register({ dispose: () => this.cancelBackground() });
  }

  /** A signal for a new background check; the one before it is cancelled. */
  startBackground(): AbortSignal {
    this.cancelBackground();
    this.background = new AbortController();
    return this.background.signal;
  }

  cancelBackground(): void {
    this.background?.abort();
  }

  async check(signal?: AbortSignal, onStep?: (step: string) => void): Promise<{ findings: ExposureFinding[]; notes: string[] }> {
    const matcher = new ValueMatcher(await this.values());
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const findings: ExposureFinding[] = [];
    const notes: string[] = [];
    if (matcher.tooShort.length) notes.push(`too short to look for: ${matcher.tooShort.join(', ')}`);

    onStep?.('workspace files');
    findings.push(...(await checkWorkspaceFiles(folders, matcher, signal)).findings);
    for (const folder of folders) {
      onStep?.(`git history of ${path.basename(folder)}`);
      const history = await scanGitHistory(matcher, {
        cwd: folder,
        signal,
        timeLimitMs: this.ctx.settings.get('exposure.gitTimeLimitSeconds') * 1000,
      }).catch(() => undefined);
      if (!history) continue;
      findings.push(...history.findings);
      if (history.stopped === 'time limit') notes.push(`the git history of ${path.basename(folder)} was only partly checked (time limit)`);
    }
    onStep?.('AI transcripts');
    findings.push(...(await checkTranscripts(this.locationEnvironment(folders), matcher, signal)).findings);
    if (signal?.aborted) notes.push('the check was cancelled before it finished');

    await this.ledger.add(findings);
    return { findings, notes };
  }

  /** The transcripts that hold a stored value, and what cleaning them would change (nothing is written). */
  async planCleaning(signal?: AbortSignal): Promise<{ files: TranscriptFile[]; plan: CleanResult }> {
    const values = await this.maskValues();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const found = await checkTranscripts(this.locationEnvironment(folders), new ValueMatcher(values), signal);
    const holding = new Set(found.findings.map((f) => f.location));
    const files = found.transcripts.filter((t) => holding.has(t.path));
    return { files, plan: await cleanTranscripts(files, values, { ...this.cleanOptions(), dryRun: true, signal }) };
  }

  async clean(files: readonly TranscriptFile[], signal?: AbortSignal): Promise<CleanResult> {
    return cleanTranscripts(files, await this.maskValues(), { ...this.cleanOptions(), signal });
  }

  /** The live values: an exposure is of the value in use (a retired one is closed by its rotation). */
  private async values(): Promise<VaultValue[]> {
    return (await this.vault.readAll(LOOKUP)).map(({ metadata, value }) => ({ name: metadata.name, value }));
  }

  /** Cleaning masks what every masked surface masks: the retired values still within their days too. */
  private maskValues(): Promise<VaultValue[]> {
    return this.masking.values(CLEANING);
  }

  /** Transcripts belong to no folder: the window's token and minimum length. */
  private cleanOptions(): { token: string; minLength: number; quietMs: number } {
    const { token, minLength } = this.masking.options();
    return { token, minLength, quietMs: this.ctx.settings.get('exposure.transcriptQuietSeconds') * 1000 };
  }

  private locationEnvironment(folders: string[]): Parameters<typeof checkTranscripts>[0] {
    // globalStorage/<extension> sits in <user data>/User: the running editor's own chat sessions.
    const userData = path.dirname(path.dirname(path.dirname(this.ctx.extension.globalStorageUri.fsPath)));
    return { home: os.homedir(), platform: process.platform, env: process.env, workspaceFolders: folders, extraUserDataDirs: [userData] };
  }
}
