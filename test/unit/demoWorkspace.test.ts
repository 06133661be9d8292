import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cliProcess';
import { filesUnder } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');

function git(args: string[], cwd = ROOT): string {
  return spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout;
}

/**
 * `npm start` opens a scratch copy of demo/: what Vaultify then writes into the workspace (ignore
 * files, Claude and VS Code settings, .mcp.json, vault references) must leave the clone as it was.
 */
describe('npm start: the demo workspace is a scratch copy', function () {
  this.timeout(60_000);
  let workspace: string;

  after(() => workspace && rmSync(path.dirname(workspace), { recursive: true, force: true }));

  it('leaves git status of the clone unchanged while the workspace is written to as the extension writes', async () => {
    const before = git(['status', '--porcelain', '--untracked-files=all']);
    // The start script's own preparation, run as `npm start` runs it.
    const prepare = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import('./scripts/demoWorkspace.mjs').then((m) => console.log(m.prepareDemoWorkspace()))"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(prepare.status, 0, prepare.stderr);
    workspace = prepare.stdout.trim();
    assert.deepEqual(filesUnder(workspace), filesUnder(path.join(ROOT, 'demo')), 'the copy holds every demo file');
    // Outside the clone, the copy is its own workspace: not bound to this repository, and its .env not git-ignored by it.
    assert.notEqual(
      git(['rev-parse', '--show-toplevel'], workspace).trim(),
      git(['rev-parse', '--show-toplevel']).trim(),
      'the copy is outside the clone',
    );

    // What the extension writes there: every guard file, an agent config, a vaultified .env line.
    const guard = await runCli(['guard', workspace, '--tools', 'copilot,cursor,claude,vscode,claude-hooks,cursor-hooks,vscode-hooks'], {
      cwd: workspace,
    });
    assert.equal(guard.code, 0, guard.stderr);
    writeFileSync(path.join(workspace, '.mcp.json'), '{ "mcpServers": {} }\n');
    appendFileSync(path.join(workspace, '.env'), 'GITHUB_TOKEN=vault:github/token\n');

    assert.equal(git(['status', '--porcelain', '--untracked-files=all']), before);
  });
});
