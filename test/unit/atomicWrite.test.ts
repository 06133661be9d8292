import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { currentMode, isAtomicWriteTemp, replaceFileAtomic, writeFileAtomic } from '../../src/core/files/atomicWrite';

describe('atomic write: a file is replaced whole or not at all', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const folder = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-atomic-'));
    dirs.push(dir);
    return dir;
  };

  it('keeps the mode asked for and leaves no temporary file', async () => {
    const dir = folder();
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    await writeFileAtomic(file, 'new', await currentMode(file));
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('gives a new file the default mode, whatever the umask', async () => {
    const dir = folder();
    const file = path.join(dir, 'new.txt');
    assert.equal(await currentMode(file), 0o644);
    await writeFileAtomic(file, Buffer.from('bytes'));
    assert.equal(statSync(file).mode & 0o777, 0o644);
  });

  it('leaves nothing behind when the write fails', async () => {
    const dir = folder();
    await assert.rejects(writeFileAtomic(path.join(dir, 'no/such/dir/b.txt'), 'x'));
    await assert.rejects(
      replaceFileAtomic(path.join(dir, 'c.txt'), 0o644, () => Promise.reject(new Error('producer failed'))),
      /producer failed/,
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('writes under a temporary name that file watchers recognise as its own', async () => {
    const dir = folder();
    let during: string[] = [];
    await replaceFileAtomic(path.join(dir, 'team.sops.yaml'), 0o644, async (write) => {
      await write(Buffer.from('a: 1\n'));
      during = readdirSync(dir);
      return true;
    });
    assert.equal(during.length, 1);
    assert.ok(isAtomicWriteTemp(during[0]), during[0]);
    assert.ok(isAtomicWriteTemp(`nested/dir/${during[0]}`));
    assert.ok(!isAtomicWriteTemp('team.sops.yaml') && !isAtomicWriteTemp('notes.vaultify-1-ab.tmp'));
  });

  it('leaves the target alone when nothing changed or the target changed meanwhile', async () => {
    const dir = folder();
    const file = path.join(dir, 'd.txt');
    writeFileSync(file, 'theirs');
    assert.equal(await replaceFileAtomic(file, 0o644, () => Promise.resolve(false)), 'unchanged');
    const changedMeanwhile = await replaceFileAtomic(
      file,
      0o644,
      async (write) => {
        await write(Buffer.from('ours'));
        return true;
      },
      () => Promise.resolve(false),
    );
    assert.equal(changedMeanwhile, 'changed meanwhile');
    assert.equal(readFileSync(file, 'utf8'), 'theirs');
    assert.deepEqual(readdirSync(dir), ['d.txt']);
  });
});
