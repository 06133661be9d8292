import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ValueMatcher, scanGitHistory } from '../../src/core/exposure';
import { NO_DIFF_PROGRAMS, neutralGitArgs, neutralGitEnv } from '../../src/core/git/neutralGit';

const SECRET = 'sk_live_9fQ2mXr7LpV4nB8tZ1cW';

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
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
    assert.deepEqual(result.findings, [
      { name: 'stripe/key', kind: 'git', location: `${leaked}:config.env`, count: 1, path: 'config.env', commit: leaked },
    ]);
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
      const running = scanGitHistory(new ValueMatcher([{ name: 'k', value: SECRET }]), {
        cwd: repo,
        git: slowGit,
        signal: controller.signal,
      });
      controller.abort();
      const result = await running;
      assert.equal(result.stopped, 'cancelled');
    });
  });

  it('reports an error of git itself, such as a folder that is no repository', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'vaultify-nogit-'));
    try {
      await assert.rejects(
        scanGitHistory(new ValueMatcher([{ name: 'k', value: SECRET }]), { cwd: plain }),
        /git (?:rev-list|cat-file) failed .*not a git repository/,
      );
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  describe('in a repository whose configuration names programs', () => {
    let planted: string;
    // Each program the repository names leaves a file in `planted` if git runs it.
    const program = (name: string, body = ''): string => {
      const file = path.join(repo, '.git', `${name}.sh`);
      writeFileSync(file, `#!/bin/sh\ntouch "${planted}/${name}"\n${body}`);
      chmodSync(file, 0o755);
      return file;
    };
    beforeEach(() => {
      planted = mkdtempSync(path.join(tmpdir(), 'vaultify-planted-'));
      // A signed commit, so that log.showSignature has a signature to hand to gpg.program.
      const signer = path.join(repo, '.git', 'signer.sh');
      writeFileSync(
        signer,
        '#!/bin/sh\ncat >/dev/null\necho "[GNUPG:] SIG_CREATED D 1 8 00 0 0" >&2\nprintf -- "-----BEGIN PGP SIGNATURE-----\\n\\nAAAA\\n-----END PGP SIGNATURE-----\\n"\n',
      );
      chmodSync(signer, 0o755);
      writeFileSync(path.join(repo, 'config.env'), `STRIPE_KEY=${SECRET}\n`);
      writeFileSync(path.join(repo, '.gitattributes'), '* diff=planted\n');
      gitIn(repo, 'add', '.');
      gitIn(repo, '-c', `gpg.program=${signer}`, 'commit', '-qS', '-m', 'signed');
      const hooks = path.join(repo, '.git', 'planted-hooks');
      mkdirSync(hooks);
      for (const hook of ['post-checkout', 'pre-auto-gc', 'reference-transaction', 'post-index-change']) {
        writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch "${planted}/hook-${hook}"\n`);
        chmodSync(path.join(hooks, hook), 0o755);
      }
      const settings: [string, string][] = [
        ['log.showSignature', 'true'],
        ['gpg.program', program('gpg')],
        ['core.pager', program('pager', 'cat\n')],
        ['pager.log', program('pager-log', 'cat\n')],
        ['core.fsmonitor', program('fsmonitor')],
        ['core.hooksPath', hooks],
        ['diff.external', program('external-diff')],
        ['diff.planted.textconv', program('textconv', 'cat "$1"\n')],
        ['core.sshCommand', program('ssh')],
      ];
      for (const [key, value] of settings) gitIn(repo, 'config', key, value);
    });
    afterEach(() => rmSync(planted, { recursive: true, force: true }));

    it('runs none of them while reading the history', async () => {
      const result = await scanGitHistory(new ValueMatcher([{ name: 'stripe/key', value: SECRET }]), { cwd: repo });
      assert.equal(result.findings.length, 2, 'the value is found in both commits that added it');
      assert.deepEqual(readdirSync(planted), []);
    });

    it('runs none of them through the neutral arguments for show and rev-parse', () => {
      const run = (...args: string[]) => execFileSync('git', neutralGitArgs(args), { cwd: repo, env: neutralGitEnv(), encoding: 'utf8' });
      run('rev-parse', '--show-toplevel');
      assert.match(run('show', ...NO_DIFF_PROGRAMS, 'HEAD:config.env'), /STRIPE_KEY=/);
      run('log', ...NO_DIFF_PROGRAMS, '-p', '-1');
      run('status');
      assert.deepEqual(readdirSync(planted), []);
    });

    it('does run them without the neutral arguments (the test repository is hostile indeed)', () => {
      execFileSync('git', ['log', '-p', '-1'], { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_PAGER: '' } });
      assert.ok(existsSync(path.join(planted, 'gpg')), 'log.showSignature ran gpg.program');
      assert.ok(existsSync(path.join(planted, 'textconv')), "the attributes' textconv ran");
    });
  });
});
