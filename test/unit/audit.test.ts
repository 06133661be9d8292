import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  AuditFile,
  type AuditRecord,
  type ChainHead,
  GENESIS,
  type Segment,
  canonicalJson,
  sealRecord,
  valueFingerprint,
  verifyChain,
  verifyCommand,
} from '../../src/core/audit';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const KEY = 'the-install-key';

function chain(count: number): { records: AuditRecord[]; head: ChainHead } {
  let head: ChainHead = { seq: 0, hash: GENESIS };
  const records: AuditRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = sealRecord(
      {
        event: i % 2 ? 'release' : 'grant',
        requester: { kind: 'driven', label: 'driven command' },
        secrets: [{ name: `s${i}`, scope: 'global', fingerprint: 'f'.repeat(64) }],
      },
      head,
      new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      KEY,
    );
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  }
  return { records, head };
}

const segment = (records: AuditRecord[], file = 'audit-000001.jsonl'): Segment => ({
  file,
  text: records.map((r) => `${JSON.stringify(r)}\n`).join(''),
});

/**
 * What someone without the key can write: the records from `from` on changed by `change` and
 * re-hashed with plain SHA-256, each chained to the one before, keeping whatever seal it had.
 */
function rewritten(records: AuditRecord[], from: number, change: (r: AuditRecord) => AuditRecord): AuditRecord[] {
  const out = records.slice(0, from);
  for (const original of records.slice(from)) {
    const { hash: _hash, ...body } = { ...change(original), prev: out.length ? out[out.length - 1].hash : GENESIS };
    const { mac: _mac, ...hashed } = body;
    out.push({ ...body, hash: createHash('sha256').update(canonicalJson(hashed)).digest('hex') });
  }
  return out;
}

/** A version 1 record, as trails were written before seals: plain SHA-256, no `v`, no `mac`. */
function legacyChain(count: number): AuditRecord[] {
  return rewritten(chain(count).records, 0, ({ v: _v, mac: _mac, ...r }) => r);
}

describe('audit trail', () => {
  it('prints a verify command a POSIX shell reads back as the same head and folder, whatever the folder holds', () => {
    const head = 'a'.repeat(64);
    fc.assert(
      fc.property(fc.stringMatching(/^\/[^\0]{0,40}$/), (dir) => {
        const words = spawnSync('sh', ['-c', `set -- ${verifyCommand(head, dir)}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
        assert.deepEqual(words.stdout.split('\0').slice(0, -1), ['vaultify', 'audit', 'verify', '--head', head, dir]);
      }),
      { numRuns: 200, seed: 5 },
    );
    assert.equal(
      verifyCommand(head, '/home/ana/.local/state/vaultify/cli-audit'),
      `vaultify audit verify --head ${head} /home/ana/.local/state/vaultify/cli-audit`,
    );
  });

  it('verifies an intact chain against its head', () => {
    const { records, head } = chain(5);
    assert.deepEqual(verifyChain([segment(records)], { head, key: KEY }), { ok: true, records: 5, anchoredAt: 5, keyChecked: true });
    assert.deepEqual(verifyChain([], { head: { seq: 0, hash: GENESIS } }), { ok: true, records: 0, anchoredAt: 0, keyChecked: false });
  });

  it('reports an edited record', () => {
    const { records, head } = chain(5);
    const edited = records.map((r) => (r.seq === 3 ? { ...r, requester: { kind: 'person', label: 'you' } } : r));
    const result = verifyChain([segment(edited)], { head });
    assert.equal(result.ok, false);
    assert.deepEqual([result.firstBad?.problem, result.firstBad?.seq, result.firstBad?.line], ['edited', 3, 3]);
  });

  it('reports an edited record whose hash was recomputed: the next record no longer follows', () => {
    const { records, head } = chain(5);
    const { seq: _seq, ts: _ts, prev: _prev, hash: _hash, v: _v, mac: _mac, ...entry } = records[2];
    const forged = sealRecord({ ...entry, purpose: 'innocent' }, { seq: 2, hash: records[1].hash }, new Date(records[2].ts), KEY);
    const result = verifyChain([segment([...records.slice(0, 2), forged, ...records.slice(3)])], { head });
    assert.deepEqual([result.firstBad?.problem, result.firstBad?.line], ['edited', 4]);
  });

  it('reports a removed, a reordered and a truncated record', () => {
    const { records, head } = chain(5);
    assert.equal(verifyChain([segment([records[0], records[2], records[3], records[4]])], { head }).firstBad?.problem, 'removed');
    assert.equal(
      verifyChain([segment([records[0], records[2], records[1], records[3], records[4]])], { head }).firstBad?.problem,
      'removed',
    );
    assert.equal(verifyChain([segment([records[1], records[0], ...records.slice(2)])], { head }).firstBad?.problem, 'removed');
    assert.equal(
      verifyChain([segment([records[0], records[1], records[1], ...records.slice(2)])], { head }).firstBad?.problem,
      'reordered',
    );
    const truncated = verifyChain([segment(records.slice(0, 3))], { head });
    assert.deepEqual([truncated.firstBad?.problem, truncated.firstBad?.seq], ['truncated', 4]);
    assert.equal(verifyChain([segment(records.slice(0, 3))]).ok, true, 'without a head, a shorter trail is well formed');
    assert.equal(verifyChain([segment(records)], { head: { seq: 3, hash: records[2].hash } }).firstBad?.problem, 'unanchored');
    assert.equal(verifyChain([{ file: 'x', text: '{"seq":1}\n' }]).firstBad?.problem, 'malformed');
  });

  it('finds any single change to any record, for any chain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('drop', 'swap', 'edit', 'cut'),
        (count, a, b, how) => {
          const { records, head } = chain(count);
          const i = a % count;
          let changed = [...records];
          if (how === 'drop') changed.splice(i, 1);
          else if (how === 'cut') changed = changed.slice(0, i);
          else if (how === 'edit') changed[i] = { ...changed[i], secrets: [{ name: 'other', scope: 'global' }] };
          else {
            const j = b % count;
            if (i === j) return true;
            [changed[i], changed[j]] = [changed[j], changed[i]];
          }
          return verifyChain([segment(changed)], { head }).ok === false;
        },
      ),
    );
  });

  it('chains across segments rolled over by size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-audit-'));
    try {
      const file = new AuditFile(dir, 600);
      const { records, head } = chain(12);
      for (const r of records) await file.append(r);
      const segments = await file.segments();
      assert.ok(segments.length > 2, `rolled over into ${segments.length} segments`);
      assert.deepEqual(verifyChain(segments, { head, key: KEY }), { ok: true, records: 12, anchoredAt: 12, keyChecked: true });
      assert.equal(verifyChain(segments.slice(1)).ok, true, 'a later segment alone is well formed');
      assert.equal(verifyChain(segments.slice(1), { head }).firstBad?.problem, 'removed', 'but against the head, its start is missing');
      assert.equal((await file.records()).length, 12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a record whose keys were reordered by hand, as long as nothing else changed', () => {
    const { records, head } = chain(2);
    const [first] = records;
    const reordered = Object.fromEntries(Object.entries(first).reverse()) as unknown as AuditRecord;
    assert.deepEqual(verifyChain([segment([reordered, records[1]])], { head, key: KEY }), {
      ok: true,
      records: 2,
      anchoredAt: 2,
      keyChecked: true,
    });
  });

  it('fails a trail rewritten without the key, even with no head to compare', () => {
    const { records } = chain(5);
    const forged = rewritten(records, 2, (r) => ({ ...r, requester: { kind: 'person', label: 'you' } }));
    assert.equal(verifyChain([segment(forged)]).ok, true, 'without the key or a head, a consistent chain is all that can be told');
    const result = verifyChain([segment(forged)], { key: KEY });
    assert.deepEqual([result.ok, result.firstBad?.problem, result.firstBad?.seq], [false, 'unsealed', 3]);
    assert.equal(verifyChain([segment(records)], { key: 'another-install' }).firstBad?.problem, 'unsealed');
  });

  it('fails a sealed trail whose later records were rewritten as version 1 ones', () => {
    const { records } = chain(4);
    const downgraded = rewritten(records, 2, ({ v: _v, mac: _mac, ...r }) => r);
    const result = verifyChain([segment(downgraded)]);
    assert.deepEqual([result.ok, result.firstBad?.problem, result.firstBad?.seq], [false, 'unsealed', 3]);
  });

  it('keeps a trail written before seals readable, and chains sealed records onto it', () => {
    const legacy = legacyChain(3);
    const last = legacy[legacy.length - 1];
    const next = sealRecord(
      { event: 'store', requester: { kind: 'person', label: 'you' }, secrets: [{ name: 'n', scope: 'global' }] },
      { seq: last.seq, hash: last.hash },
      new Date(),
      KEY,
    );
    const head = { seq: next.seq, hash: next.hash };
    assert.deepEqual(verifyChain([segment([...legacy, next])], { head, key: KEY }), {
      ok: true,
      records: 4,
      anchoredAt: 4,
      keyChecked: true,
    });
    const edited = rewritten([...legacy, next], 1, (r) => (r.seq === 2 ? { ...r, purpose: 'innocent' } : r));
    assert.equal(
      verifyChain([segment(edited)], { key: KEY }).firstBad?.problem,
      'unsealed',
      'the first sealed record vouches for those before it',
    );
  });

  it('anchors on a head hash alone: the record it names, with later ones consistent but not anchored', () => {
    const { records } = chain(5);
    assert.deepEqual(verifyChain([segment(records)], { head: { hash: records[4].hash } }), {
      ok: true,
      records: 5,
      anchoredAt: 5,
      keyChecked: false,
    });
    assert.deepEqual(verifyChain([segment(records)], { head: { hash: records[2].hash } }), {
      ok: true,
      records: 5,
      anchoredAt: 3,
      keyChecked: false,
    });
    assert.equal(verifyChain([segment(records.slice(0, 3))], { head: { hash: records[4].hash } }).firstBad?.problem, 'head-missing');
    const forged = rewritten(records, 2, (r) => ({ ...r, requester: { kind: 'person', label: 'you' } }));
    assert.equal(verifyChain([segment(forged)], { head: { hash: records[4].hash } }).firstBad?.problem, 'head-missing');
    assert.equal(
      verifyChain([segment(records.slice(1))], { head: { hash: records[4].hash } }).firstBad?.problem,
      'removed',
      'an anchored trail starts at its first record',
    );
  });

  it('fingerprints a value with the install key: stable, keyed, never the value', () => {
    const value = 'ghp_FAKEVALUE00000000000000000000000000';
    const one = valueFingerprint('key-one', value);
    assert.equal(one, valueFingerprint('key-one', value));
    assert.notEqual(one, valueFingerprint('key-two', value));
    assert.match(one, /^[0-9a-f]{64}$/);
    assert.ok(!one.includes(value));
  });
});

describe('vaultify audit verify', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'vaultify-audit-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'audit', 'verify', ...args], { cwd: dir, encoding: 'utf8' });

  it('says "consistent; not anchored" without a head, 1 naming the first bad record, 2 on bad input', () => {
    const { records } = chain(4);
    writeFileSync(path.join(dir, 'audit-000001.jsonl'), segment(records).text);
    const unanchored = run('audit-000001.jsonl');
    assert.equal(unanchored.status, 0, unanchored.stderr);
    assert.match(unanchored.stdout, /the chain is consistent; not anchored: 4 records/);
    assert.doesNotMatch(unanchored.stdout, /intact/);
    assert.equal(run('.').status, 0, 'a folder of segments');

    const text = readFileSync(path.join(dir, 'audit-000001.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'broken.jsonl'), [text[0], text[2], text[3], ''].join('\n'));
    const broken = run('broken.jsonl');
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /broken at record 2 \(broken\.jsonl:2\): removed/);
    const json = run('broken.jsonl', '--json');
    assert.equal(JSON.parse(json.stdout).firstBad.seq, 2);

    assert.equal(run('missing.jsonl').status, 2);
    assert.equal(run('audit-000001.jsonl', '--head', 'not-a-hash').status, 2);
    assert.equal(spawnSync(process.execPath, [CLI, 'audit', 'check'], { encoding: 'utf8' }).status, 2);
  });

  it('never says "intact" for a rewritten trail, and fails it against the head', () => {
    const { records, head } = chain(4);
    const forged = rewritten(
      records.filter((r) => r.seq !== 2).map((r, i) => ({ ...r, seq: i + 1 })),
      1,
      (r) => r,
    );
    writeFileSync(path.join(dir, 'forged.jsonl'), segment(forged).text);
    const unanchored = run('forged.jsonl');
    assert.doesNotMatch(unanchored.stdout, /intact/);
    assert.match(unanchored.stdout, /not anchored/);
    const anchored = run('forged.jsonl', '--head', head.hash);
    assert.equal(anchored.status, 1);
    assert.match(anchored.stdout, /head-missing: no record in the trail has the head hash/);

    writeFileSync(path.join(dir, 'audit-000001.jsonl'), segment(records).text);
    const intact = run('audit-000001.jsonl', '--head', head.hash);
    assert.equal(intact.status, 0, intact.stdout);
    assert.match(intact.stdout, /^intact: 4 records up to the head you gave$/m);
    const earlier = run('audit-000001.jsonl', '--head', records[1].hash);
    assert.match(earlier.stdout, /intact: 2 records up to the head you gave; 2 records written after it are consistent, not anchored/);
  });
});
