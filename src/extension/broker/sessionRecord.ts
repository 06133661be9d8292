import type * as vscode from 'vscode';

/**
 * Counts the mask tokens a terminal emitted, for its session record: the text before `{name}`
 * in the token template marks each masked value. A token split across two writes is counted once.
 */
export function countMaskTokens(onWrite: vscode.Event<string>, template: string): { count(): number } {
  const marker = template.includes('{name}') ? template.slice(0, template.indexOf('{name}')) : template;
  let count = 0;
  let tail = '';
  onWrite((text) => {
    if (!marker) return;
    const joined = tail + text;
    for (let at = joined.indexOf(marker); at !== -1; at = joined.indexOf(marker, at + marker.length)) count++;
    // Keep just enough to complete a marker that the next write finishes, never a whole one.
    tail = joined.slice(Math.max(0, joined.length - marker.length + 1));
  });
  return { count: () => count };
}

/** A command line as recorded: any released value in it shows as its reference, longest value first. */
export function maskValues(text: string, released: readonly { name: string; value: string }[]): string {
  let masked = text;
  for (const { name, value } of [...released].sort((a, b) => b.value.length - a.value.length)) {
    if (value) masked = masked.split(value).join(`[masked vault:${name}]`);
  }
  return masked;
}
