import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { DetectionClient } from './detectionClient';
import { registerStatusBar } from './statusBar';

const loadedAt = performance.now();

export interface VaultifyApi {
  /** Milliseconds from this module's first line to the end of `activate`. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): VaultifyApi {
  const ctx = new Ctx(context);
  const detection = new DetectionClient(ctx);
  // The server loads the detector; starting it is not awaited so activation stays cheap.
  detection.start().catch((error: unknown) => ctx.log.error(`Could not start the detector: ${String(error)}`));
  registerStatusBar(ctx);
  const activationMs = performance.now() - loadedAt;
  ctx.log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs };
}
