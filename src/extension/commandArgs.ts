import * as vscode from 'vscode';
import type { ScopeKind } from './vault/vaultScope';
import { UserError } from './userError';

/** A range as a caller may pass it: a vscode.Range, or its JSON shape. */
export type RangeLike = vscode.Range | { start: { line: number; character: number }; end: { line: number; character: number } };

export function toUri(uri: vscode.Uri | string): vscode.Uri {
  return typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
}

export function toRange(range: RangeLike): vscode.Range {
  return range instanceof vscode.Range
    ? range
    : new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toScope(scope: unknown): ScopeKind | undefined {
  if (scope === undefined) return undefined;
  if (scope === 'workspace' || scope === 'team' || scope === 'global') return scope;
  throw new UserError(`Unknown scope ${JSON.stringify(scope)}: use "workspace", "team" or "global".`);
}
