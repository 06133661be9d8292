import * as vscode from 'vscode';

/**
 * An extension-host entry (not a test) for `bench/extension.mjs`: waits for Vaultify to activate
 * in a fresh code-server and prints the activation time it measured from its bundle's first line.
 */
export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ activationMs: number }>('vaultify.vaultify');
  if (!extension) throw new Error('Vaultify is not installed in this extension host.');
  const deadline = Date.now() + 60_000;
  while (!extension.isActive) {
    if (Date.now() > deadline) throw new Error('Vaultify did not activate within 60 s.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`vaultify-activation-ms=${extension.exports.activationMs.toFixed(2)}`);
}
