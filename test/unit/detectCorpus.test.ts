import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';

// The labelled detection corpus (test/fixtures/detect) that bench/quality.mjs scores against.
const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.join(ROOT, 'test/fixtures/detect');

interface Secret {
  line: number;
  endLine?: number;
  kind: string;
  family?: string;
}
interface Label {
  family: string;
  secrets: Secret[];
}

const labels: Record<string, Label> = JSON.parse(readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')).files;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [path.relative(CORPUS, full).split(path.sep).join('/')];
  });
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function checksumOk(token: string): boolean {
  const body = token.slice(4, -6);
  let n = 0;
  for (const c of token.slice(-6)) n = n * 62 + BASE62.indexOf(c);
  return n === crc32(body) >>> 0;
}
const CHECKSUMMED = /\b(?:gh[pousr]|npm)_[A-Za-z0-9]{36}\b/g;

describe('detection corpus', function () {
  this.timeout(60000);

  it('is exactly what scripts/generate-corpus.mjs generates', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/generate-corpus.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  it('labels every file and only files that exist', () => {
    const onDisk = listFiles(CORPUS).filter((f) => f !== 'labels.json').sort();
    assert.deepEqual(onDisk, Object.keys(labels).sort());
  });

  it('has the size and spread issue 6 asks for', () => {
    const all = Object.values(labels);
    const positives = all.filter((l) => !l.family.startsWith('negative:'));
    const families = new Set(positives.flatMap((l) => l.secrets.map((s) => s.family ?? l.family)));
    const categories = new Set(all.filter((l) => l.family.startsWith('negative:')).map((l) => l.family.slice('negative:'.length)));
    assert.ok(all.length >= 400, `${all.length} files`);
    assert.ok(positives.length >= 250, `${positives.length} positive files`);
    assert.ok(all.length - positives.length >= 150, `${all.length - positives.length} negative files`);
    assert.ok(families.size >= 45, `${families.size} families`);
    for (const category of ['placeholder', 'env-lookup', 'vault-reference', 'op-reference', 'vendor-example', 'lockfile', 'git-sha', 'uuid', 'public-key', 'certificate', 'sops', 'ansible-vault', 'sealed-secrets', 'i18n', 'prose']) {
      assert.ok(categories.has(category), `no negatives for ${category}`);
    }
  });

  it('points every label at a non-blank line inside its file', () => {
    for (const [file, label] of Object.entries(labels)) {
      const lines = readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
      assert.equal(label.family.startsWith('negative:'), label.secrets.length === 0, `${file}: negatives hold no secret, positives at least one`);
      for (const s of label.secrets) {
        const end = s.endLine ?? s.line;
        assert.ok(s.line >= 1 && end >= s.line && end <= lines.length, `${file}:${s.line}-${end} is outside the file`);
        assert.ok(lines[s.line - 1].trim() !== '', `${file}:${s.line} is blank`);
      }
    }
  });

  it('gives checksummed tokens a valid checksum in positives and a bad one in the fake test values', () => {
    for (const file of Object.keys(labels)) {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      for (const [token] of text.matchAll(CHECKSUMMED)) {
        if (file.startsWith('positives/')) assert.ok(checksumOk(token), `${file}: ${token.slice(0, 4)}… fails its checksum`);
        if (file.startsWith('negatives/test-fake/')) assert.ok(!checksumOk(token), `${file}: ${token.slice(0, 4)}… passes its checksum`);
      }
    }
  });
});
