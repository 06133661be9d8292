import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { parseEnvFile } from '../../src/core/envfile';
import { parsePattern } from '../../src/core/guard/patternSyntax';

const DEMO = path.resolve(__dirname, '../../../demo');

/** Each demo file type with the parser its editor and tools use; a check throws on an invalid file. */
const PARSERS: { type: string; matches: (name: string) => boolean; check: (text: string, file: string) => void }[] = [
  // VS Code opens config.json as JSON, not JSONC: a comment there is "Comments are not permitted in JSON".
  { type: 'JSON', matches: (n) => n.endsWith('.json'), check: (text) => JSON.parse(text) },
  {
    type: 'YAML',
    matches: (n) => /\.ya?ml$/.test(n),
    check: (text) => {
      const doc = parseDocument(text);
      assert.deepEqual(
        [...doc.errors, ...doc.warnings].map((e) => e.message),
        [],
      );
    },
  },
  {
    type: 'shell script',
    matches: (n) => n.endsWith('.sh'),
    check: (_text, file) => {
      const run = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
    },
  },
  {
    // dotenv skips a line it cannot read without a word, so every line must be blank, a comment or a variable it reads.
    type: 'dotenv',
    matches: (n) => n === '.env' || n.startsWith('.env.'),
    check: (text) => {
      const lines = text.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'));
      const names = lines.map((l) => /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(l)?.[1]);
      assert.ok(names.every(Boolean), `lines that are not NAME=value: ${lines.filter((_, i) => !names[i]).join(' | ')}`);
      assert.deepEqual(Object.keys(parseEnvFile(text)), names);
    },
  },
  {
    type: 'gitignore-style ignore file',
    matches: (n) => /^\.[a-z]+ignore$/.test(n),
    check: (text) => {
      const bad = text.split('\n').filter((l) => l.trim() && !l.startsWith('#') && !parsePattern(l));
      assert.deepEqual(bad, []);
    },
  },
  { type: 'Markdown', matches: (n) => n.endsWith('.md'), check: (text) => assert.ok(text.trim().length > 0) },
];

describe('demo workspace files', () => {
  const files = readdirSync(DEMO, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));

  for (const file of files) {
    const name = path.relative(DEMO, file);
    it(`${name} is valid for its type`, () => {
      const parser = PARSERS.find((p) => p.matches(path.basename(file)));
      assert.ok(parser, `no parser is known for demo/${name}: add its type to this test`);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
      parser.check(text, file);
    });
  }
});
