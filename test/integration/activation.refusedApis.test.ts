import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { invokeText, mcpClient } from './support/agentTools';
import { vaultifyLog } from './support/vaultifyLog';
import { waitFor, waitForDiagnostics } from './support/wait';
import { closeAllEditors, folder, openFile } from './support/workspace';

/**
 * Runs in a separate code-server session whose extension host refuses every optional API
 * (VAULTIFY_TEST_FAIL_APIS, ExtensionMode.Test only): what a host that gates them, or lacks
 * them, does to activation. Each refusal costs its own feature and one log line, nothing else.
 */
describe('activation with every optional API refused', () => {
  const extension = (): vscode.Extension<unknown> => {
    const found = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify' && e.packageJSON?.publisher === 'vaultify');
    assert.ok(found, 'the Vaultify extension is loaded');
    return found;
  };
  before(async () => {
    if (!extension().isActive) await extension().activate();
  });
  afterEach(closeAllEditors);

  it('finishes activating and logs one line per refused API', async () => {
    assert.ok(extension().isActive);
    const log = await waitFor(() => {
      const refusals = vaultifyLog()
        .split('\n')
        .filter((line) => line.includes('[warning]') && line.includes('not available on this host'));
      return refusals.length >= 3 ? refusals : undefined;
    }, 'the Vaultify log to name the three refused APIs');
    for (const api of ['Language Model tools', 'MCP server definition provider', "Cursor's MCP server registration"]) {
      assert.equal(log.filter((line) => line.includes(`${api}: not available`)).length, 1, `one line about ${api}:\n${log.join('\n')}`);
    }
    // Contributed in package.json, so listed, but with no implementation behind them.
    await assert.rejects(invokeText('vaultify_listSecrets', {}), /does not have an implementation registered/);
  });

  it('registers every command', async () => {
    const contributed = (extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('still detects secrets', async () => {
    const editor = await openFile('refused-apis.env', `TOKEN=${fakeGitHubToken()}\n`);
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'a diagnostic on the token');
  });

  it('still serves vaultify mcp through the local endpoint', async () => {
    const client = await mcpClient(folder('alpha').uri.fsPath);
    try {
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['list_secrets', 'request_secret', 'run_with_secrets']);
    } finally {
      await client.close();
    }
  });
});
