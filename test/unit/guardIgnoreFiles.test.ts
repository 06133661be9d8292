import * as assert from 'node:assert/strict';
import ignore from 'ignore';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  GUARD_TOOLS,
  type SensitiveSet,
  computeSensitiveSet,
  planIgnoreFile,
  planToolFile,
  replaceManagedBlock,
} from '../../src/core/guard';

const FIXTURE = [
  '.env',
  '.env.local',
  '.env.example',
  '.env.sample',
  'example.env',
  'app/.env.production',
  'app/.env.template',
  'deploy/id_ed25519',
  'deploy/id_ed25519.pub',
  'secrets/prod.env',
  'certs/server.pem',
  'certs/server.crt',
  'terraform/prod.tfvars',
  'terraform/prod.tfvars.example',
  'src/index.ts',
];
const SENSITIVE = [
  '.env',
  '.env.local',
  'app/.env.production',
  'deploy/id_ed25519',
  'secrets/prod.env',
  'certs/server.pem',
  'terraform/prod.tfvars',
];
const READABLE = [
  '.env.example',
  '.env.sample',
  'example.env',
  'app/.env.template',
  'deploy/id_ed25519.pub',
  'terraform/prod.tfvars.example',
  'src/index.ts',
  'certs/server.crt',
];

const TEXT_TOOLS = GUARD_TOOLS.filter((t) => t.format === 'gitignore' || t.format === 'gitignore-explicit');

function written(set: SensitiveSet, format: 'gitignore' | 'gitignore-explicit', existing?: string): string {
  const edit = planIgnoreFile(existing, set, format === 'gitignore-explicit');
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  return edit.text;
}

/** gitignore syntax, line by line: comments, blank lines, or patterns the `ignore` package accepts. */
function assertGitignoreSyntax(text: string, negation: boolean): void {
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    assert.equal(line, line.trim(), `no stray whitespace: ${JSON.stringify(line)}`);
    if (!negation) assert.ok(!line.startsWith('!'), `no negation in this format: ${line}`);
    assert.doesNotThrow(() => ignore().add(line), line);
  }
}

describe('guard: ignore files', () => {
  const set = computeSensitiveSet({ files: FIXTURE });

  for (const tool of TEXT_TOOLS) {
    it(`${tool.file} hides every sensitive file and keeps the exceptions readable`, () => {
      const result = planToolFile(tool, undefined, set);
      assert.ok(result.ok);
      const text = result.text;
      assertGitignoreSyntax(text, tool.format === 'gitignore');
      assert.ok(text.startsWith(BLOCK_BEGIN + '\n'));
      assert.ok(text.endsWith(BLOCK_END + '\n'));
      const rules = ignore().add(text);
      for (const file of SENSITIVE) assert.ok(rules.ignores(file), `${tool.file} hides ${file}`);
      for (const file of READABLE) assert.ok(!rules.ignores(file), `${tool.file} leaves ${file} readable`);
    });
  }

  it('writes the exceptions as "!" lines after the patterns, where the format has them', () => {
    const lines = written(set, 'gitignore').split('\n');
    const firstException = lines.indexOf('!.env.example');
    assert.ok(firstException > lines.indexOf('.env.*'));
    assert.ok(lines.includes('!*.pub'));
  });

  it('gives .aiexclude explicit variants instead of patterns that would hide an exception', () => {
    const text = written(set, 'gitignore-explicit');
    const lines = text.split('\n');
    assert.ok(!lines.some((l) => l.startsWith('!')));
    assert.ok(!lines.includes('.env.*'));
    assert.ok(!lines.includes('*.env'));
    for (const variant of ['.env.local', '.env.production', '.env.*.local']) assert.ok(lines.includes(variant), variant);
  });

  describe('.aiexclude is never empty', () => {
    const empty: SensitiveSet = { rules: [], explicitRules: [], sensitiveFiles: [], exceptionFiles: [], folders: [] };

    it('is not written when there is nothing to exclude', () => {
      const edit = planIgnoreFile(undefined, empty, true);
      assert.equal(edit.ok, false);
    });

    it('leaves an existing empty file alone: it already hides everything', () => {
      for (const existing of ['', '\n', '  \r\n']) {
        const edit = planIgnoreFile(existing, set, true);
        assert.equal(edit.ok, false);
        assert.match(edit.ok ? '' : edit.reason, /empty/);
      }
    });
  });

  describe('the managed block', () => {
    const lines = ['a', 'b'];

    it('is appended after the user lines, which stay as they were', () => {
      const user = '# mine\nbuild/\n!build/keep.txt\n';
      const edit = replaceManagedBlock(user, lines);
      assert.ok(edit.ok);
      assert.equal(edit.text, `${user}\n${BLOCK_BEGIN}\na\nb\n${BLOCK_END}\n`);
    });

    it('is replaced in place, user lines before and after untouched', () => {
      const before = `top\n${BLOCK_BEGIN}\nold\n${BLOCK_END}\nbottom\n`;
      const edit = replaceManagedBlock(before, lines);
      assert.ok(edit.ok);
      assert.equal(edit.text, `top\n${BLOCK_BEGIN}\na\nb\n${BLOCK_END}\nbottom\n`);
    });

    it('is idempotent: a second pass gives the same bytes', () => {
      const first = written(set, 'gitignore', 'node_modules/\n');
      assert.equal(written(set, 'gitignore', first), first);
      const explicit = written(set, 'gitignore-explicit');
      assert.equal(written(set, 'gitignore-explicit', explicit), explicit);
    });

    it('keeps CRLF line endings', () => {
      const user = 'dist/\r\n*.log\r\n';
      const text = written(set, 'gitignore', user);
      assert.ok(text.startsWith(user));
      assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
      assert.equal(written(set, 'gitignore', text), text);
    });

    it('keeps a missing final newline', () => {
      const appended = replaceManagedBlock('dist/', lines);
      assert.ok(appended.ok);
      assert.equal(appended.text, `dist/\n\n${BLOCK_BEGIN}\na\nb\n${BLOCK_END}`);
      const replaced = replaceManagedBlock(`${BLOCK_BEGIN}\nold\n${BLOCK_END}`, lines);
      assert.ok(replaced.ok);
      assert.equal(replaced.text, `${BLOCK_BEGIN}\na\nb\n${BLOCK_END}`);
    });

    it('keeps a byte order mark', () => {
      const edit = replaceManagedBlock(`\uFEFF${BLOCK_BEGIN}\nold\n${BLOCK_END}\n`, lines);
      assert.ok(edit.ok);
      assert.equal(edit.text, `\uFEFF${BLOCK_BEGIN}\na\nb\n${BLOCK_END}\n`);
    });

    it('refuses a damaged block rather than guess where it ends', () => {
      for (const damaged of [
        `${BLOCK_BEGIN}\nx\n`,
        `${BLOCK_END}\n${BLOCK_BEGIN}\n`,
        `${BLOCK_BEGIN}\n${BLOCK_END}\n${BLOCK_BEGIN}\n${BLOCK_END}\n`,
      ]) {
        const edit = replaceManagedBlock(damaged, lines);
        assert.equal(edit.ok, false, damaged);
      }
    });
  });
});
