import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * The rig gates API proposals as desktop VS Code does (test/harness/proposalGate.mjs): this
 * extension declares no enabledApiProposals, so a proposed API must refuse it here as it would
 * for a user, instead of code-server letting it through.
 */
describe('API proposals', () => {
  it('are refused to this extension, as on desktop VS Code', () => {
    // registerFileSearchProvider is the fileSearchProvider proposal, never finalised.
    const workspace = vscode.workspace as unknown as { registerFileSearchProvider(scheme: string, provider: object): vscode.Disposable };
    assert.throws(
      () => workspace.registerFileSearchProvider('vaultify-test', { provideFileSearchResults: () => [] }).dispose(),
      /CANNOT use API proposal: fileSearchProvider/,
    );
  });
});
