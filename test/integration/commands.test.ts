import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandTable';

const run = (command: string, args: object): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(command, args));

describe('the command table in the editor', () => {
  it('has every command the extension contributes registered, each from the table', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify' && e.packageJSON?.publisher === 'vaultify');
    assert.ok(extension, 'the Vaultify extension is loaded');
    await extension.activate();
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'contributed but not registered',
    );
    assert.deepEqual([...contributed].sort(), Object.keys(COMMANDS).sort(), 'the table holds exactly the contributed commands');
  });

  it('refuses driven arguments of the wrong shape with the name of the argument', async () => {
    const cases: [command: string, args: object, error: RegExp][] = [
      ['vaultify.addSecret', { name: 42, value: 'x' }, /The argument "name" is not valid: .*expected string/],
      [
        'vaultify.revealSecret',
        { name: 'svc/key', scope: 'nowhere' },
        /The argument "scope" is not valid: unknown scope "nowhere": use "workspace", "team" or "global"/,
      ],
      [
        'vaultify.restoreLiteral',
        { uri: 'file:///nowhere.env', range: { start: 1 } },
        /The argument "range" is not valid: expected a range/,
      ],
      [
        'vaultify.rotateSecret',
        { name: 'svc/key', generate: { length: 'long' } },
        /The argument "generate\.length" is not valid: .*expected number/,
      ],
      ['vaultify.newMaskedTerminal', { secrets: 'svc/key' }, /The argument "secrets" is not valid: .*expected array/],
      ['vaultify.setSecretAccess', { name: 'svc/key', policy: 'always' }, /The argument "policy" is not valid: unknown policy "always"/],
      [
        'vaultify.setSecretAccess',
        { name: 'svc/key', hosts: 'api.github.com' },
        /The argument "hosts" is not valid: a list of hosts such as/,
      ],
      [
        'vaultify.addSecret',
        { name: 'svc/key', value: 'x', hosts: ['api.github.com', 7] },
        /The argument "hosts\.1" is not valid: .*expected string/,
      ],
    ];
    for (const [command, args, error] of cases) await assert.rejects(run(command, args), error, command);
  });
});
