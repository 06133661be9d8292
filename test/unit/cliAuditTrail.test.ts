import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliAuditTrail, cliStateDirectory } from '../../src/cli/cliAuditTrail';
import { AuditFile, type AuditEntry, recordMac, verifyChain } from '../../src/core/audit';

const entry = (label: string): AuditEntry => ({ event: 'session', requester: { kind: 'cli', label }, secrets: [], exitCode: 0 });

describe("the CLI's audit trail", () => {
  let state: string;
  beforeEach(() => (state = mkdtempSync(path.join(tmpdir(), 'vaultify-cli-audit-'))));
  afterEach(() => rmSync(state, { recursive: true, force: true }));

  it('lives in the per-user state folder', () => {
    assert.equal(cliStateDirectory({ XDG_STATE_HOME: '/s', HOME: '/h' }, 'linux'), path.join('/s', 'vaultify'));
    assert.equal(cliStateDirectory({ HOME: '/h' }, 'linux'), path.join('/h', '.local', 'state', 'vaultify'));
  });

  it('chains records from two writers at once into one chain, sealed with the key kept beside the folder', async () => {
    const one = new CliAuditTrail(state);
    const two = new CliAuditTrail(state);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).record(entry(`writer ${i % 2}`))));
    const key = readFileSync(path.join(state, 'cli-audit.key'), 'utf8');
    assert.equal(statSync(path.join(state, 'cli-audit.key')).mode & 0o777, 0o600);
    assert.equal(statSync(one.dir).mode & 0o777, 0o700);
    const segments = await new AuditFile(one.dir).segments();
    const result = verifyChain(segments, { key });
    assert.deepEqual([result.ok, result.records], [true, 10], JSON.stringify(result.firstBad));
    const last = (await new AuditFile(one.dir).records()).pop()!;
    assert.equal(last.mac, recordMac(key, last.hash));
    assert.ok(!existsSync(path.join(one.dir, '.lock')), 'the lock is gone once the records are written');
  });

  it('takes over the lock of a writer that is gone', async () => {
    const trail = new CliAuditTrail(state);
    await trail.record(entry('first'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path.join(trail.dir, '.lock'), gone);
    await trail.record(entry('after a killed writer'));
    assert.equal((await new AuditFile(trail.dir).records()).length, 2);
  });

  it("lets one writer only take over a dead writer's lock when many find it at once", async function () {
    // Five node processes are started to get dead pids: generous on a loaded machine, never a speed check.
    this.timeout(60_000);
    const first = new CliAuditTrail(state);
    await first.record(entry('first'));
    for (let round = 0; round < 5; round++) {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      // A lock of this version holds a nonce after the pid; one left by an older version, the pid alone.
      writeFileSync(path.join(first.dir, '.lock'), round % 2 ? `${gone} 0123456789abcdef` : gone);
      const writers = Array.from({ length: 8 }, () => new CliAuditTrail(state));
      await Promise.all(writers.map((w, i) => w.record(entry(`writer ${i} after a killed writer`))));
    }
    const key = readFileSync(path.join(state, 'cli-audit.key'), 'utf8');
    const result = verifyChain(await new AuditFile(first.dir).segments(), { key });
    assert.deepEqual([result.ok, result.records], [true, 41], JSON.stringify(result.firstBad));
    assert.ok(!existsSync(path.join(first.dir, '.lock')), 'the lock is gone once the records are written');
    assert.deepEqual(
      readdirSync(first.dir).filter((name) => name.startsWith('.lock.draft-')),
      [],
      'no draft of a lock is left behind',
    );
  });
});
