import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROMPT_CLIENT_NAMES } from '../../core/agents/promptHook';
import { cleanTranscripts } from '../../core/exposure/transcriptCleaner';
import { transcriptLocations } from '../../core/exposure/transcriptLocations';
import type { VaultValue } from '../../core/exposure/valueMatcher';
import { type MaskSecret, maskText } from '../../core/mask';
import { PERSON } from '../../core/policy';
import { isValidName } from '../../core/reference/referenceGrammar';
import type { PastedCredential, PromptParams } from '../../shared/agentProtocol';
import type { ExposureLedger } from '../exposure/exposureLedger';
import type { Vault } from '../vault/vault';

/** The person's answer to "store the key you pasted?": true to store. */
export type PasteOffer = (message: string) => Promise<boolean>;

const STORE = 'Store in vault';

export const windowOffer: PasteOffer = async (message) => (await vscode.window.showWarningMessage(message, STORE, 'Not now')) === STORE;

/** How long the transcript is watched for the blocked prompt, and how quiet it must be before it is rewritten. */
const WATCH_MS = 2 * 60 * 1000;
const QUIET_MS = 1500;
const POLL_MS = 500;

/**
 * What the prompt hooks ask of this window: which vaulted values a prompt holds (by name), an
 * offer, once per value, to store a key the person pasted, and for Claude Code, which writes a
 * blocked prompt to its transcript all the same, that copy cleaned with the transcript cleaner.
 * A stored secret found there is marked exposed to disk only: the model never received it.
 * Values stay in memory, and only for as long as the offer and the cleaning need them.
 */
export class PastedSecrets {
  /** Fingerprints of the values offered in this window: each is offered once. */
  private readonly offered = new Set<string>();
  /** Transcripts found holding a pasted value not stored yet, by the value's fingerprint, to mark when it is stored. */
  private readonly onDisk = new Map<string, string[]>();

  constructor(
    private readonly vault: Vault,
    private readonly ledger: ExposureLedger,
    private readonly maskList: () => Promise<MaskSecret[]>,
    private readonly offer: PasteOffer,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async check(params: PromptParams): Promise<{ vaulted: string[] }> {
    // Whole values and their renderings, each replaced by its name between NULs, which no name holds.
    const marked = maskText(params.prompt.replace(/\0/g, ''), await this.maskList(), {
      partialRuns: false,
      token: (name) => `\0${name}\0`,
    }).text;
    const vaulted = new Set([...marked.matchAll(/\0([^\0]+)\0/g)].map((m) => m[1]));
    const pasted: PastedCredential[] = [];
    for (const credential of params.credentials) {
      const stored = vscode.workspace.isTrusted ? await this.vault.nameOfValue(credential.value) : undefined;
      if (stored) vaulted.add(stored.name);
      else pasted.push(credential);
    }
    for (const credential of pasted)
      void this.offerToStore(credential, params.client).catch((error: unknown) =>
        this.log.warn(`Could not store a pasted key: ${messageOf(error)}`),
      );
    const transcript = params.client === 'claude' && params.transcriptPath ? claudeTranscript(params.transcriptPath) : undefined;
    if (transcript && (vaulted.size || pasted.length)) {
      void this.cleanWhenWritten(transcript, pasted).catch((error: unknown) =>
        this.log.warn(`Could not clean the Claude Code transcript ${transcript}: ${messageOf(error)}`),
      );
    }
    return { vaulted: [...vaulted] };
  }

  private async offerToStore(credential: PastedCredential, client: PromptParams['client']): Promise<void> {
    const id = fingerprint(credential.value);
    if (this.offered.has(id)) return;
    this.offered.add(id);
    const name = this.freeName(credential.suggestedName);
    const article = /^[aeiou]/i.test(credential.title) ? 'an' : 'a';
    if (
      !(await this.offer(
        `You pasted ${article} ${credential.title} into ${PROMPT_CLIENT_NAMES[client]}. Store it in the vault as \`${name}\`?`,
      ))
    )
      return;
    const scope = this.vault.scopeId('workspace') ?? this.vault.scopeId('global')!;
    await this.vault.store(
      name,
      credential.value,
      scope,
      { kind: credential.kind, origin: `pasted into ${PROMPT_CLIENT_NAMES[client]}` },
      PERSON,
      `pasted into ${PROMPT_CLIENT_NAMES[client]}, whose prompt hook stopped it`,
    );
    vscode.window.setStatusBarMessage(`$(shield) "${name}" added to the vault.`, 5000);
    await this.markOnDisk(name, credential.value);
  }

  /** The suggested name, or the first of `name-2`, `name-3`… that is free in the visible scopes. */
  private freeName(suggested: string): string {
    const base = isValidName(suggested) ? suggested : 'pasted/secret';
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}-${i}`;
      if (!this.vault.lookup(name)) return name;
    }
  }

  /**
   * Claude Code writes the prompt after the hook answers, so the transcript is watched until it
   * holds the value and has been quiet for a moment, then rewritten once; a prompt never written
   * (Claude honoured suppressOriginalPrompt) leaves the file alone.
   */
  private async cleanWhenWritten(file: string, pasted: readonly PastedCredential[]): Promise<void> {
    const values = async (): Promise<VaultValue[]> => [
      ...(await this.maskList()).flatMap((s) => (typeof s.value === 'string' ? [{ name: s.name, value: s.value }] : [])),
    ];
    for (const deadline = Date.now() + WATCH_MS; Date.now() < deadline; await delay(POLL_MS)) {
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat) continue;
      const target = [{ path: file, tool: 'claude-code' as const, format: 'jsonl' as const, size: stat.size, mtimeMs: stat.mtimeMs }];
      const plan = await cleanTranscripts(target, await values(), { dryRun: true, quietMs: QUIET_MS });
      if (!plan.cleaned.length) continue;
      const done = await cleanTranscripts(target, await values(), { quietMs: QUIET_MS });
      const cleaned = done.cleaned[0];
      if (!cleaned) continue;
      this.log.info(`Cleaned a prompt Claude Code kept in ${file} after its hook stopped it.`);
      for (const name of Object.keys(cleaned.vault))
        await this.ledger.add([{ name, kind: 'prompt', location: file, count: cleaned.vault[name] }]);
      for (const credential of pasted) {
        const stored = await this.vault.nameOfValue(credential.value);
        if (stored) await this.ledger.add([{ name: stored.name, kind: 'prompt', location: file, count: 1 }]);
        else this.onDisk.set(fingerprint(credential.value), [...(this.onDisk.get(fingerprint(credential.value)) ?? []), file]);
      }
      return;
    }
  }

  private async markOnDisk(name: string, value: string): Promise<void> {
    const files = this.onDisk.get(fingerprint(value)) ?? [];
    this.onDisk.delete(fingerprint(value));
    await this.ledger.add(files.map((location) => ({ name, kind: 'prompt' as const, location, count: 1 })));
  }
}

/** A transcript path from a hook, accepted only inside Claude Code's own projects folder: the endpoint rewrites nothing else. */
function claudeTranscript(given: string): string | undefined {
  const location = transcriptLocations({ home: os.homedir(), platform: process.platform, env: process.env, workspaceFolders: [] }).find(
    (l) => l.tool === 'claude-code' && path.basename(l.root) === 'projects',
  );
  const resolved = path.resolve(given);
  if (!location || !resolved.endsWith('.jsonl') || !resolved.startsWith(location.root + path.sep)) return undefined;
  return resolved;
}

const fingerprint = (value: string): string => createHash('sha256').update(value).digest('hex');
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
