import * as vscode from 'vscode';
import { isCredentialVariable, variableAtLine } from '../../core/envfile';
import type { MaskSecret } from '../../core/mask';
import type { DetectResult } from '../../shared/lspProtocol';
import type { PlainEnvValue } from './terminalEnvironment';

/** Runs the detector on a document; the language server's `detect` request. */
export type DetectDocument = (uri: vscode.Uri) => Promise<DetectResult>;

/**
 * The variables of an env file whose lines the detector flags: the same verdict as the squiggles
 * in the editor, so a `SLACK_BOT_TOKEN=xoxb-…` literal that nobody vaulted is masked too.
 * Undefined when the detector could not run; the name rule still applies then.
 */
export async function flaggedVariables(uri: vscode.Uri, detect: DetectDocument): Promise<Set<string> | undefined> {
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const result = await detect(uri);
    const text = document.getText();
    const flagged = new Set<string>();
    for (const secret of result.secrets) {
      const variable = variableAtLine(text, document.positionAt(secret.start).line);
      if (variable) flagged.add(variable);
    }
    return flagged;
  } catch {
    return undefined;
  }
}

/**
 * Decides which plain env-file values are credentials: flagged by the detector or named like one.
 * Each file is run through the detector once, however often it is asked about.
 */
export class InjectedCredentials {
  private readonly perFile = new Map<string, Promise<Set<string> | undefined>>();

  constructor(private readonly detect: DetectDocument) {}

  async among(plain: readonly PlainEnvValue[]): Promise<PlainEnvValue[]> {
    const found: PlainEnvValue[] = [];
    for (const entry of plain) {
      const key = entry.uri.toString();
      if (!this.perFile.has(key)) this.perFile.set(key, flaggedVariables(entry.uri, this.detect));
      const flagged = await this.perFile.get(key)!;
      if (flagged?.has(entry.variable) || isCredentialVariable(entry.variable, entry.value)) found.push(entry);
    }
    return found;
  }
}

export function envMaskSecrets(values: readonly PlainEnvValue[]): MaskSecret[] {
  return values.map(({ variable, value }) => ({ name: variable, value, token: `[masked env:${variable}]` }));
}
