import * as vscode from 'vscode';

/**
 * The time grants are measured by. In ExtensionMode.Test only, VAULTIFY_TEST_CLOCK_OFFSET_MS
 * (read at every call) moves it forward, so that tests can see a session grant expire.
 */
export function brokerClock(mode: vscode.ExtensionMode): () => number {
  if (mode !== vscode.ExtensionMode.Test) return () => Date.now();
  return () => Date.now() + (Number(process.env.VAULTIFY_TEST_CLOCK_OFFSET_MS) || 0);
}
