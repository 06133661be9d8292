import * as vscode from 'vscode';
import type { RangeLike, UriParts } from './argSchemas';

export type { RangeLike } from './argSchemas';

/** A Uri from what a caller passed: a Uri, its string, or its parts as JSON. */
export function toUri(uri: UriParts | string): vscode.Uri {
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  return uri instanceof vscode.Uri ? uri : vscode.Uri.from(uri);
}

export function toRange(range: RangeLike): vscode.Range {
  return range instanceof vscode.Range
    ? range
    : new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
