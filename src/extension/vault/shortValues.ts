import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

const warned = new WeakMap<Ctx, Set<string>>();

/**
 * Values shorter than `vaultify.mask.minLength` cannot be masked without masking innocent text,
 * so masked terminals leave them visible. Says so once per secret and session.
 */
export function warnIfTooShortToMask(ctx: Ctx, name: string, value: string): void {
  const minLength = ctx.settings.get('mask.minLength');
  if (value.length >= minLength) return;
  const seen = warned.get(ctx) ?? new Set<string>();
  warned.set(ctx, seen);
  if (seen.has(name)) return;
  seen.add(name);
  void vscode.window.showWarningMessage(
    `"${name}" is shorter than ${minLength} characters, so masked terminals cannot hide it without hiding ordinary text. Prefer a longer secret.`,
  );
}
