import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  type ExposureFinding,
  ValueMatcher,
  checkWorkspaceFiles,
  closeExposures,
  openExposures,
  partitionRetired,
  recordExposures,
  stillMasked,
} from '../../src/core/exposure';

const DAY = 86_400_000;
const seen = (name: string, location: string): ExposureFinding => ({ name, kind: 'transcript', location, count: 1 });

describe('exposure: records and retired values', () => {
  it('records where a secret was seen, updates a place seen again, and closes on rotation', () => {
    let records = recordExposures([], [seen('a', '/t/1.jsonl'), seen('b', '/t/1.jsonl')], 1000);
    records = recordExposures(records, [seen('a', '/t/1.jsonl'), seen('a', '/t/2.jsonl')], 2000);
    assert.deepEqual(
      openExposures(records, 'a').map((r) => [r.location, r.firstSeen, r.lastSeen]),
      [
        ['/t/1.jsonl', 1000, 2000],
        ['/t/2.jsonl', 2000, 2000],
      ],
    );
    records = closeExposures(records, 'a', 3000);
    assert.deepEqual(
      openExposures(records).map((r) => r.name),
      ['b'],
    );
    // The new value leaks to the same place: a new record, the closed one kept.
    records = recordExposures(records, [seen('a', '/t/1.jsonl')], 4000);
    assert.deepEqual(
      openExposures(records, 'a').map((r) => r.firstSeen),
      [4000],
    );
    assert.equal(records.filter((r) => r.name === 'a').length, 3);
  });

  it('keeps a retired value masked for its days, then lets it go', () => {
    const retired = { name: 'db/password', storageKey: 'retired/db/password/1', retiredAt: 0 };
    assert.equal(stillMasked(retired, 29 * DAY), true);
    assert.equal(stillMasked(retired, 30 * DAY), false);
    assert.equal(stillMasked(retired, 5 * DAY, 3), false);
    assert.deepEqual(partitionRetired([retired, { ...retired, retiredAt: 20 * DAY }], 31 * DAY), {
      keep: [{ ...retired, retiredAt: 20 * DAY }],
      expired: [retired],
    });
  });

  it('finds a vaulted value in workspace files, a git-ignored .env included, and skips vendor folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-ws-'));
    try {
      const value = 'ws-secret-value-91827';
      writeFileSync(path.join(dir, '.gitignore'), '.env\n');
      writeFileSync(path.join(dir, '.env'), `TOKEN=${value}\n`);
      mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules', 'x', 'index.js'), `module.exports = '${value}'`);
      writeFileSync(path.join(dir, 'app.js'), 'console.log(process.env.TOKEN)\n');
      const result = await checkWorkspaceFiles([dir], new ValueMatcher([{ name: 'app/token', value }]));
      assert.deepEqual(result.findings, [{ name: 'app/token', kind: 'file', location: path.join(dir, '.env'), count: 1 }]);
      assert.equal(result.tooLarge, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
