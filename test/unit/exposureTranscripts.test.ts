import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  appendFileSync,
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDetector } from '../../src/core/detect';
import {
  type LocationEnvironment,
  type TranscriptFile,
  TranscriptRedactor,
  ValueMatcher,
  checkTranscripts,
  cleanTranscripts,
  listTranscriptFiles,
  scanFiles,
  transcriptLocations,
} from '../../src/core/exposure';
import { fakes } from './rulesFakeCredentials';
import { transcriptFixtures } from './transcriptFixtures';

/** A password with the characters JSON escapes, so every fixture holds it in an escaped form too. */
const SECRET = 'Pw"7\\qZ/Lm-92xR';
const OTHER = 'correct-horse-battery-staple';
const HOUR = 3_600_000;

function setUp() {
  const root = mkdtempSync(path.join(tmpdir(), 'vaultify-exposure-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const fixtures = transcriptFixtures(SECRET);
  const old = (Date.now() - HOUR) / 1000;
  for (const f of fixtures) {
    const file = path.join(f.inWorkspace ? workspace : home, f.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, f.content, { mode: 0o600 });
    utimesSync(file, old, old);
  }
  const env: LocationEnvironment = { home, platform: 'linux', env: {}, workspaceFolders: [workspace] };
  return { root, home, workspace, fixtures, env };
}

describe('exposure: transcript locations', () => {
  it("names each tool's folders on Linux, macOS and Windows, honouring the variables that move them", () => {
    const roots = (env: LocationEnvironment) => transcriptLocations(env).map((l) => `${l.tool} ${l.root}`);
    const linux = roots({ home: '/home/u', platform: 'linux', env: { CLAUDE_CONFIG_DIR: '/cfg/claude' }, workspaceFolders: ['/w'] });
    for (const expected of [
      'claude-code /cfg/claude/projects',
      'copilot-chat /home/u/.config/Code/User/workspaceStorage',
      'copilot-chat /home/u/.config/Code - Insiders/User/globalStorage',
      'copilot-chat /home/u/.config/VSCodium/User/workspaceStorage',
      'copilot-chat /home/u/.local/share/code-server/User/workspaceStorage',
      'cursor /home/u/.config/Cursor/User',
      'cursor /home/u/.cursor/projects',
      'codex /home/u/.codex/sessions',
      'gemini-cli /home/u/.gemini/tmp',
      'continue /home/u/.continue/sessions',
      'aider /w',
    ]) {
      assert.ok(linux.includes(expected), `missing ${expected}`);
    }
    const mac = roots({ home: '/Users/u', platform: 'darwin', env: { CODEX_HOME: '/x/codex' }, workspaceFolders: [] });
    assert.ok(mac.includes('copilot-chat /Users/u/Library/Application Support/Code/User/workspaceStorage'));
    assert.ok(mac.includes('codex /x/codex/sessions'));
    assert.ok(!mac.some((r) => r.startsWith('aider')), 'aider is looked for in workspace folders only');
    const win = roots({
      home: 'C:\\Users\\u',
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      workspaceFolders: [],
    });
    assert.ok(
      win.some((r) => r.startsWith('copilot-chat C:\\Users\\u\\AppData\\Roaming\\Code\\User')),
      win.join('\n'),
    );
    assert.ok(!win.some((r) => r.includes('code-server')));
  });

  it('lists the transcript files of every tool at their real paths, and nothing else there', async () => {
    const { root, home, env, fixtures } = setUp();
    try {
      writeFileSync(path.join(home, '.codex', 'config.toml'), 'model = "gpt-5"\n');
      writeFileSync(path.join(home, '.config/Code/User/workspaceStorage/0a1b2c3d/workspace.json'), '{"folder":"file:///w"}');
      const files = await listTranscriptFiles(transcriptLocations(env));
      assert.deepEqual(
        files.map((f) => `${f.tool} ${f.format} ${path.relative(root, f.path)}`).sort(),
        fixtures.map((f) => `${f.tool} ${f.format} ${path.join(f.inWorkspace ? 'workspace' : 'home', f.path)}`).sort(),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('exposure: scanning transcripts', () => {
  let ctx: ReturnType<typeof setUp>;
  beforeEach(() => (ctx = setUp()));
  afterEach(() => rmSync(ctx.root, { recursive: true, force: true }));

  it("finds a vaulted value in every tool's transcript, raw or JSON-escaped, naming the secret and never the value", async () => {
    const matcher = new ValueMatcher([
      { name: 'payments/key', value: SECRET },
      { name: 'unused', value: OTHER },
    ]);
    const result = await checkTranscripts(ctx.env, matcher);
    assert.equal(result.transcripts.length, ctx.fixtures.length);
    const found = result.findings.map((f) => `${f.name} ${f.kind} ${f.tool} ${path.basename(f.location)}`).sort();
    assert.deepEqual(found, ctx.fixtures.map((f) => `payments/key transcript ${f.tool} ${path.basename(f.path)}`).sort());
    assert.ok(result.findings.every((f) => f.count >= 1));
    const report = JSON.stringify(result);
    for (const form of [SECRET, JSON.stringify(SECRET).slice(1, -1)]) assert.ok(!report.includes(form), 'the report holds the value');
  });

  it('finds the same values however the bytes are split into chunks', async () => {
    const file = path.join(ctx.root, 'big.jsonl');
    const filler = JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'x'.repeat(900) }] } }) + '\n';
    // The value straddles the 1 MB read boundary.
    const head = filler.repeat(Math.floor((1 << 20) / filler.length));
    const pad = 'y'.repeat((1 << 20) - head.length - 10);
    writeFileSync(file, head + pad + SECRET + '\n' + filler);
    const result = await scanFiles([{ path: file }], new ValueMatcher([{ name: 'a', value: SECRET }]), 'file');
    assert.deepEqual(result.findings, [{ name: 'a', kind: 'file', location: file, count: 1 }]);
  });

  it('reports a value that is the end of another value where each occurs', async () => {
    const file = path.join(ctx.root, 'plain.txt');
    writeFileSync(file, 'first xx-long-token-value-1 then long-token-value-1 alone');
    const matcher = new ValueMatcher([
      { name: 'long', value: 'xx-long-token-value-1' },
      { name: 'short', value: 'long-token-value-1' },
    ]);
    const result = await scanFiles([{ path: file }], matcher, 'file');
    assert.deepEqual(
      result.findings.map((f) => [f.name, f.count]),
      [
        ['long', 1],
        ['short', 2],
      ],
    );
  });

  it('does not look for values shorter than the masking minimum, and says which', () => {
    const matcher = new ValueMatcher([{ name: 'pin', value: '1234' }]);
    assert.deepEqual(matcher.tooShort, ['pin']);
    assert.equal(matcher.patternCount, 0);
  });
});

describe('exposure: cleaning transcripts', () => {
  let ctx: ReturnType<typeof setUp>;
  let files: TranscriptFile[];
  beforeEach(async () => {
    ctx = setUp();
    files = await listTranscriptFiles(transcriptLocations(ctx.env));
  });
  afterEach(() => rmSync(ctx.root, { recursive: true, force: true }));

  it('replaces the value with its mask token in every format, and each format stays valid', async () => {
    const originals = new Map(files.map((f) => [f.path, readFileSync(f.path, 'utf8')]));
    const result = await cleanTranscripts(files, [{ name: 'payments/key', value: SECRET }]);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.cleaned.length, files.length);
    for (const file of files) {
      const text = readFileSync(file.path, 'utf8');
      assert.ok(!text.includes(SECRET) && !text.includes(JSON.stringify(SECRET).slice(1, -1)), `${file.path} still holds the value`);
      assert.ok(text.includes('[masked vault:payments/key]'), `${file.path} has no mask token`);
      if (file.format === 'json') assert.doesNotThrow(() => JSON.parse(text), file.path);
      if (file.format === 'jsonl') {
        const lines = text.split('\n');
        const before = originals.get(file.path)!.split('\n');
        assert.equal(lines.length, before.length, 'one line out per line in');
        lines.forEach((line, i) => {
          if (line) assert.doesNotThrow(() => JSON.parse(line), `${file.path}:${i + 1}`);
          if (!before[i].includes('Pw')) assert.equal(line, before[i], 'a line without the value keeps its bytes');
        });
      }
      assert.equal(statSync(file.path).mode & 0o777, 0o600, 'the mode is kept');
      const leftovers = readdirSync(path.dirname(file.path)).filter((n) => n.includes('vaultify'));
      assert.deepEqual(leftovers, [], 'no temporary file or backup is left');
    }
    const codex = result.cleaned.find((c) => c.path.includes('rollout-'))!;
    assert.deepEqual(codex.vault, { 'payments/key': 1 });
  });

  it('keeps the JSON inside a JSON string valid: a Codex tool output still parses twice', async () => {
    const codex = files.find((f) => f.tool === 'codex')!;
    await cleanTranscripts([codex], [{ name: 'deploy/password', value: SECRET }]);
    const line = readFileSync(codex.path, 'utf8')
      .split('\n')
      .find((l) => l.includes('function_call_output'))!;
    const output = JSON.parse((JSON.parse(line) as { payload: { output: string } }).payload.output) as { output: string };
    assert.equal(output.output, 'DEPLOY_PASSWORD=[masked vault:deploy/password]\n');
  });

  it('masks a credential nobody stored when the detector is sure of it', async () => {
    const token = fakes(13).checksummed('ghp');
    const claude = files.find((f) => f.tool === 'claude-code')!;
    appendFileSync(
      claude.path,
      JSON.stringify({ type: 'user', message: { role: 'user', content: `export GITHUB_TOKEN=${token}` } }) + '\n',
    );
    const old = (Date.now() - HOUR) / 1000;
    utimesSync(claude.path, old, old);
    const result = await cleanTranscripts([{ ...claude }], [], { detector: createDetector() });
    const text = readFileSync(claude.path, 'utf8');
    assert.ok(!text.includes(token));
    assert.ok(text.includes('[masked secret:github-pat]'), text.split('\n').at(-2));
    assert.deepEqual(result.cleaned[0].secret, { 'github-pat': 1 });
  });

  it('skips and names a transcript modified just now: its tool may still be writing it', async () => {
    const claude = files.find((f) => f.tool === 'claude-code')!;
    const before = readFileSync(claude.path);
    const now = Date.now();
    utimesSync(claude.path, now / 1000, now / 1000);
    const result = await cleanTranscripts([claude], [{ name: 'k', value: SECRET }], { now: () => now + 5_000 });
    assert.equal(result.skipped.length, 1);
    assert.equal(result.skipped[0].path, claude.path);
    assert.match(result.skipped[0].reason, /^being written: modified 5 s ago$/);
    assert.deepEqual(readFileSync(claude.path), before, 'the file is left as it was');
  });

  it('skips a transcript that its tool appends to while it is cleaned, and leaves the appended line', async () => {
    const codex = files.find((f) => f.tool === 'codex')!;
    const appended = JSON.stringify({ type: 'event_msg', payload: { type: 'agent_message', message: 'done' } }) + '\n';
    const result = await cleanTranscripts([codex], [{ name: 'k', value: SECRET }], {
      // Called after the first look at the file and before the rewrite: a tool writing then.
      isOpen: (file) => {
        appendFileSync(file, appended);
        return false;
      },
    });
    assert.deepEqual(result.skipped, [{ path: codex.path, reason: 'being written: it changed while it was cleaned' }]);
    assert.ok(readFileSync(codex.path, 'utf8').endsWith(appended));
    assert.deepEqual(
      readdirSync(path.dirname(codex.path)).filter((n) => n.includes('vaultify')),
      [],
    );
  });

  it('skips a transcript its tool holds open', async () => {
    const aider = files.find((f) => f.format === 'markdown')!;
    const result = await cleanTranscripts([aider], [{ name: 'k', value: SECRET }], { isOpen: (file) => file === aider.path });
    assert.deepEqual(result.skipped, [{ path: aider.path, reason: 'open in its tool' }]);
  });

  it('leaves a clean transcript untouched', async () => {
    const gemini = files.find((f) => f.path.endsWith('logs.json'))!;
    const stat = statSync(gemini.path);
    const result = await cleanTranscripts([gemini], [{ name: 'other', value: OTHER }]);
    assert.deepEqual(result.unchanged, [gemini.path]);
    assert.equal(statSync(gemini.path).mtimeMs, stat.mtimeMs);
  });

  it("finds a value in Cursor's SQLite state and names the database as one it cannot rewrite", async function () {
    try {
      execFileSync('sqlite3', ['-version']);
    } catch {
      this.skip();
    }
    const db = path.join(ctx.home, '.config/Cursor/User/globalStorage/state.vscdb');
    mkdirSync(path.dirname(db), { recursive: true });
    const bubble = JSON.stringify({ type: 1, text: `the key is ${SECRET}` }).replace(/'/g, "''");
    execFileSync('sqlite3', [
      db,
      `CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); INSERT INTO cursorDiskKV VALUES ('bubbleId:c1:b1', '${bubble}');`,
    ]);
    const old = (Date.now() - HOUR) / 1000;
    utimesSync(db, old, old);
    const all = await listTranscriptFiles(transcriptLocations(ctx.env));
    const cursor = all.filter((f) => f.tool === 'cursor');
    assert.deepEqual(
      cursor.map((f) => [f.path, f.format]),
      [[db, 'sqlite']],
    );
    const scan = await scanFiles(cursor, new ValueMatcher([{ name: 'k', value: SECRET }]), 'transcript');
    assert.deepEqual(
      scan.findings.map((f) => f.name),
      ['k'],
    );
    chmodSync(db, 0o600);
    const result = await cleanTranscripts(cursor, [{ name: 'k', value: SECRET }]);
    assert.match(result.skipped[0].reason, /SQLite/);
  });

  it('counts what a dry run would replace and writes nothing', async () => {
    const before = files.map((f) => readFileSync(f.path, 'utf8'));
    const result = await cleanTranscripts(files, [{ name: 'k', value: SECRET }], { dryRun: true });
    assert.equal(result.cleaned.length, files.length);
    assert.ok(
      result.cleaned.every((c) => (c.vault.k ?? 0) >= 1),
      JSON.stringify(result.cleaned),
    );
    assert.deepEqual(
      files.map((f) => readFileSync(f.path, 'utf8')),
      before,
    );
  });

  it('streams a large JSONL transcript line by line, every line kept', async function () {
    // 12,000 lines through the masker: seconds on a loaded machine, and never a speed check.
    this.timeout(60_000);
    const file = path.join(ctx.root, 'large.jsonl');
    const line = (i: number) =>
      JSON.stringify({ type: 'assistant', n: i, message: { content: [{ type: 'text', text: `step ${i} `.repeat(40) }] } });
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      i === 11_000 ? JSON.stringify({ type: 'user', message: { content: `key=${SECRET}` } }) : line(i),
    );
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const old = (Date.now() - HOUR) / 1000;
    utimesSync(file, old, old);
    const result = await cleanTranscripts(
      [{ tool: 'claude-code', path: file, format: 'jsonl', size: 0, mtimeMs: 0 }],
      [{ name: 'k', value: SECRET }],
    );
    assert.deepEqual(result.cleaned[0].vault, { k: 1 });
    const out = readFileSync(file, 'utf8').split('\r\n');
    assert.equal(out.length, lines.length + 1);
    assert.equal(out[11_000], JSON.stringify({ type: 'user', message: { content: 'key=[masked vault:k]' } }));
    assert.equal(out[11_001], lines[11_001]);
  });

  describe('with a vaulted GCP service-account JSON', () => {
    const key = fakes(9).pemBody(900);
    const account = JSON.stringify(
      {
        type: 'service_account',
        project_id: 'billing-prod-4821',
        private_key_id: '3f9a0c7e51d24b6b8e0f2a9c4d7e1b3a5c6d8e0f',
        private_key: `-----BEGIN PRIVATE KEY-----\n${key}\n-----END PRIVATE KEY-----\n`,
        client_email: 'deployer@billing-prod-4821.iam.gserviceaccount.com',
        token_uri: 'https://oauth2.googleapis.com/token',
      },
      null,
      2,
    );
    const innocent = [
      JSON.stringify({
        type: 'assistant',
        message: { content: 'Exchange the JWT at https://oauth2.googleapis.com/token for an access token.' },
      }),
      JSON.stringify({
        type: 'assistant',
        message: { content: 'Set "type": "service_account" and use a *.iam.gserviceaccount.com address.' },
      }),
    ];
    const transcript = (lines: string[]): TranscriptFile => {
      const file = path.join(ctx.root, 'gcp.jsonl');
      writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
      const old = (Date.now() - HOUR) / 1000;
      utimesSync(file, old, old);
      return { tool: 'claude-code', path: file, format: 'jsonl', size: 0, mtimeMs: 0 };
    };

    it('leaves lines that share only fragments with the value untouched, and counts exactly what it replaces', async () => {
      const pasted = JSON.stringify({ type: 'user', message: { content: `use this:\n${account}` } });
      const file = transcript([...innocent, pasted, pasted]);
      const values = [{ name: 'gcp/deployer', value: account }];
      const plan = await cleanTranscripts([file], values, { dryRun: true });
      assert.deepEqual(plan.cleaned[0].vault, { 'gcp/deployer': 2 });
      const done = await cleanTranscripts([file], values);
      assert.deepEqual(done.cleaned[0].vault, plan.cleaned[0].vault, 'the dry run counted what the run replaced');
      const out = readFileSync(file.path, 'utf8').split('\n');
      assert.deepEqual(out.slice(0, 2), innocent);
      // The masker keeps a multi-line value's line breaks after its token, as on every masked surface.
      const lineBreaks = '\n'.repeat(account.split('\n').length - 1);
      assert.equal(out[2], JSON.stringify({ type: 'user', message: { content: `use this:\n[masked vault:gcp/deployer]${lineBreaks}` } }));
      assert.equal(out.join('\n').split('[masked vault:gcp/deployer]').length - 1, 2);
    });
  });

  it('keeps every other byte: a BOM, CRLF, invalid UTF-8 and the escapes around the value', async () => {
    const file = path.join(ctx.root, 'bytes.jsonl');
    const bad = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d, 0x0d, 0x0a]); // {"t":"<invalid>"}\r\n
    const escaped = Buffer.from(`{"t":"caf\\u00e9 \\/ key=${JSON.stringify(SECRET).slice(1, -1)} \\/ caf\\u00e9"}\r\n`);
    const raw = Buffer.from(`${SECRET} typed raw after invalid bytes `);
    const mixed = Buffer.concat([Buffer.from([0xff]), raw, Buffer.from('\n')]);
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n'), bad, escaped, mixed]));
    const old = (Date.now() - HOUR) / 1000;
    utimesSync(file, old, old);
    const result = await cleanTranscripts(
      [{ tool: 'claude-code', path: file, format: 'jsonl', size: 0, mtimeMs: 0 }],
      [{ name: 'k', value: SECRET }],
    );
    assert.deepEqual(result.cleaned[0].vault, { k: 2 });
    const expected = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"a":1}\r\n'),
      bad,
      Buffer.from('{"t":"caf\\u00e9 \\/ key=[masked vault:k] \\/ caf\\u00e9"}\r\n'),
      Buffer.from([0xff]),
      Buffer.from('[masked vault:k] typed raw after invalid bytes \n'),
    ]);
    assert.deepEqual(readFileSync(file), expected);
  });

  it('cleans the file a symlinked transcript points to, and keeps the link', async () => {
    const real = files.find((f) => f.format === 'jsonl')!;
    const link = path.join(path.dirname(real.path), 'linked.jsonl');
    symlinkSync(real.path, link);
    const result = await cleanTranscripts([{ ...real, path: link }], [{ name: 'k', value: SECRET }]);
    assert.deepEqual(
      result.cleaned.map((c) => [c.path, c.target]),
      [[link, real.path]],
    );
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.ok(readFileSync(real.path, 'utf8').includes('[masked vault:k]'));
    assert.ok(!readFileSync(real.path, 'utf8').includes(SECRET));
  });

  it("masks a private key pasted into aider's markdown history, over its lines", async () => {
    const aider = files.find((f) => f.format === 'markdown')!;
    const body = fakes(5).pemBody(900);
    appendFileSync(aider.path, `\n#### use this key\n\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`);
    const old = (Date.now() - HOUR) / 1000;
    utimesSync(aider.path, old, old);
    const result = await cleanTranscripts([aider], [], { detector: createDetector() });
    const text = readFileSync(aider.path, 'utf8');
    assert.ok(!text.includes(body.split('\n')[3]), 'the key body is still there');
    assert.ok(text.includes('[masked secret:private-key]'));
    assert.ok(text.includes(`#### call the API with ${SECRET}`), 'nothing else changes without vaulted values');
    assert.deepEqual(result.cleaned[0].secret, { 'private-key': 1 });
  });
});

describe('exposure: redacting JSON (property)', () => {
  const redactor = new TranscriptRedactor([{ name: 'k', value: SECRET }]);
  /** Appends `tail` to every string value at an even depth-first position. */
  function plant(value: unknown, tail: string, counter = { n: 0 }): unknown {
    if (typeof value === 'string') return counter.n++ % 2 === 0 ? value + tail : value;
    if (Array.isArray(value)) return value.map((v) => plant(v, tail, counter));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plant(v, tail, counter)]));
    return value;
  }

  it('keeps any JSON line valid, with the value replaced in every string and nothing else changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), async (value, pretty) => {
        const text = JSON.stringify(plant(value, SECRET), null, pretty ? 2 : undefined);
        const [out] = await redactor.redactJson([text]);
        assert.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(plant(value, '[masked vault:k]'))));
        if (!text.includes('Pw')) assert.equal(out, text);
      }),
      { numRuns: 200 },
    );
  });
});
