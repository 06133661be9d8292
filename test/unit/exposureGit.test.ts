import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ValueMatcher, scanGitHistory } from '../../src/core/exposure';

const SECRET = 'sk_live_9fQ2mXr7LpV4nB8tZ1cW';

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  }).trim();
}

describe('exposure: git history', () => {
  let repo: string;
  let leaked: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'vaultify-git-'));
    gitIn(repo, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'README.md'), '# app\n');
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-qm', 'first');
    writeFileSync(path.join(repo, 'config.env'), `STRIPE_KEY=${SECRET}\nPORT=8080\n`);
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-qm', 'add config');
    leaked = gitIn(repo, 'rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'README.md'), '# app\n\nRun it.\n');
    gitIn(repo, 'commit', '-qam', 'docs');
    unlinkSync(path.join(repo, 'config.env'));
    gitIn(repo, 'commit', '-qam', 'remove the key');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('finds a value committed two commits back and since removed, naming its commit and path', async () => {
    const matcher = new ValueMatcher([
      { name: 'stripe/key', value: SECRET },
      { name: 'never/committed', value: 'a-value-nobody-committed' },
    ]);
    const result = await scanGitHistory(matcher, { cwd: repo });
    assert.equal(result.stopped, undefined);
    assert.deepEqual(result.findings, [{ name: 'stripe/key', kind: 'git', location: `${leaked}:config.env`, count: 1, path: 'config.env', commit: leaked }]);
    assert.equal(result.blobs, 3, 'each distinct blob is read once');
    assert.equal(result.commits, 4);
    assert.ok(!JSON.stringify(result).includes(SECRET));
  });

  it('reads history through the checked-out branch only', async () => {
    gitIn(repo, 'checkout', '-q', '-b', 'other', `${leaked}~1`);
    const result = await scanGitHistory(new ValueMatcher([{ name: 'stripe/key', value: SECRET }]), { cwd: repo });
    assert.deepEqual(result.findings, []);
  });

  describe('with a git that never finishes', () => {
    let slowGit: string;
    beforeEach(() => {
      slowGit = path.join(repo, 'slow-git.sh');
      writeFileSync(slowGit, '#!/bin/sh\nexec sleep 60\n');
      chmodSync(slowGit, 0o755);
    });

    it('stops at its time limit and says so', async () => {
      const result = await scanGitHistory(new ValueMatcher([{ name: 'k', value: SECRET }]), { cwd: repo, git: slowGit, timeLimitMs: 50 });
      assert.equal(result.stopped, 'time limit');
      assert.deepEqual(result.findings, []);
    });

    it('stops when cancelled and says so', async () => {
      const controller = new AbortController();
      const running = scanGitHistory(new ValueMatcher([{ name: 'k', value: SECRET }]), { cwd: repo, git: slowGit, signal: controller.signal });
      controller.abort();
      const result = await running;
      assert.equal(result.stopped, 'cancelled');
    });
  });

  it('reports an error of git itself, such as a folder that is no repository', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'vaultify-nogit-'));
    try {
      await assert.rejects(scanGitHistory(new ValueMatcher([{ name: 'k', value: SECRET }]), { cwd: plain }), /git (?:rev-list|cat-file) failed .*not a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
