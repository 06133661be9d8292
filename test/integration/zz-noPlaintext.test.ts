import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { retiredValues, watchedValues } from './support/plaintextWatch';
import { auditDir, auditRecords, segmentFiles } from './support/approval';
import { encodedForms, filesContaining } from './support/plaintextSearch';
import { endpointDirectory } from '../../src/core/agents/endpointLocation';

/**
 * Invariant 1 (docs/ARCHITECTURE.md), checked last: no value that the suite put into the vault is in the user data
 * folder (settings, globalState, logs, Local History), the extension's storage or the workspace
 * files the extension wrote. The harness repeats the search after code-server has shut down.
 */
describe('no plaintext outside SecretStorage (invariant 1)', () => {
  it('finds no vaulted value in user data, extension storage or the workspace', async () => {
    const values = watchedValues();
    assert.ok(values.length >= 10, `expected the suite to have vaulted values, got ${values.length}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const runDir = process.env.VAULTIFY_TEST_RUN_DIR!;
    // Everything code-server and the extension write: user data (settings, globalState, logs,
    // Local History, extension storage), HOME and TMPDIR. The workspace folder is left out: the
    // tests themselves wrote literals there before vaultifying them.
    const roots = fs
      .readdirSync(runDir)
      .filter((entry) => entry !== 'workspace')
      .map((entry) => path.join(runDir, entry));
    const hits = roots.flatMap((root) =>
      filesContaining(root, values).map((file) => {
        const held = values.filter((v) => fs.readFileSync(file).includes(v)).map((v) => `${v.slice(0, 6)}…`);
        return `${file} holds ${held.join(', ')}`;
      }),
    );
    assert.deepEqual(hits, [], 'files holding a vaulted value');
    fs.writeFileSync(
      path.join(runDir, 'watched-values.b64'),
      values.map((v) => Buffer.from([...v].reverse().join(''), 'utf8').toString('base64')).join('\n'),
    );
  });

  it('sweeps the retired values too: raw or encoded, none is outside SecretStorage', () => {
    const retired = retiredValues();
    assert.ok(retired.length >= 1, 'the suite rotated at least one value out');
    const watched = new Set(watchedValues());
    assert.deepEqual(
      retired.filter((v) => !watched.has(v)).map((v) => `${v.slice(0, 6)}…`),
      [],
      'retired values the sweep above left out',
    );
    const runDir = process.env.VAULTIFY_TEST_RUN_DIR!;
    const roots = fs
      .readdirSync(runDir)
      .filter((entry) => entry !== 'workspace')
      .map((entry) => path.join(runDir, entry));
    const hits = roots.flatMap((root) => filesContaining(root, retired.flatMap(encodedForms)));
    assert.deepEqual(hits, [], 'files holding a retired value or an encoding of it');
  });

  it('keeps no private key on disk: the secretless trust bundle holds certificates only, 0600 in a 0700 folder', () => {
    const dir = endpointDirectory();
    const bundles = fs
      .readdirSync(dir)
      .filter((n) => /^trust-.+\.pem$/.test(n))
      .map((n) => path.join(dir, n));
    assert.ok(bundles.length >= 1, 'a secretless run left its trust bundle to check');
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    for (const bundle of bundles) {
      assert.equal(fs.statSync(bundle).mode & 0o777, 0o600, bundle);
      const text = fs.readFileSync(bundle, 'utf8');
      assert.match(text, /^-----BEGIN CERTIFICATE-----/);
      assert.ok(!/PRIVATE KEY/.test(text), `${bundle} holds a private key`);
    }
    // The CA's key is a non-extractable WebCrypto key, and the leaves' key is kept in memory: no
    // PEM key may be anywhere the extension or code-server writes (the test CA of the harness aside).
    const runDir = process.env.VAULTIFY_TEST_RUN_DIR!;
    const roots = fs
      .readdirSync(runDir)
      .filter((entry) => entry !== 'workspace' && entry !== 'tls')
      .map((entry) => path.join(runDir, entry));
    assert.ok(
      roots.some((root) => path.resolve(dir).startsWith(path.resolve(root))),
      'the bundle folder is among the folders searched',
    );
    assert.deepEqual(
      roots.flatMap((root) => filesContaining(root, ['PRIVATE KEY-----'])),
      [],
      'files holding a PEM private key',
    );
  });

  it('finds no vaulted value, nor its base64 or hex, in the audit trail', async () => {
    const values = watchedValues();
    const dir = await auditDir();
    const runDir = process.env.VAULTIFY_TEST_RUN_DIR!;
    assert.ok(path.resolve(dir).startsWith(path.resolve(runDir)), 'the trail is among the folders searched above');
    assert.ok(segmentFiles(dir).length >= 1 && auditRecords(dir).length >= 10, 'the suite left records to search');
    const hits = filesContaining(dir, values.flatMap(encodedForms));
    assert.deepEqual(hits, [], 'audit segments holding a value or an encoding of it');
  });
});
