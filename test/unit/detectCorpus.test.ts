import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { type Finding, createDetector } from '../../src/core/detect';
import { PREVIEW_PREFIXES } from '../../src/core/detect/finding';
import { filesUnder } from '../support/files';

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
    const onDisk = filesUnder(CORPUS)
      .filter((f) => f !== 'labels.json')
      .sort();
    assert.deepEqual(onDisk, Object.keys(labels).sort());
  });

  it('has the size and spread the quality figures rest on', () => {
    const all = Object.values(labels);
    const positives = all.filter((l) => !l.family.startsWith('negative:'));
    const families = new Set(positives.flatMap((l) => l.secrets.map((s) => s.family ?? l.family)));
    const categories = new Set(all.filter((l) => l.family.startsWith('negative:')).map((l) => l.family.slice('negative:'.length)));
    assert.ok(all.length >= 400, `${all.length} files`);
    assert.ok(positives.length >= 250, `${positives.length} positive files`);
    assert.ok(all.length - positives.length >= 150, `${all.length - positives.length} negative files`);
    assert.ok(families.size >= 45, `${families.size} families`);
    for (const category of [
      'placeholder',
      'env-lookup',
      'vault-reference',
      'op-reference',
      'vendor-example',
      'lockfile',
      'git-sha',
      'uuid',
      'public-key',
      'certificate',
      'sops',
      'ansible-vault',
      'sealed-secrets',
      'i18n',
      'prose',
      'foreign-reference',
      'dev-default',
      'url-placeholder',
      'public-identifier',
      'long-tail',
    ]) {
      assert.ok(categories.has(category), `no negatives for ${category}`);
    }
  });

  it('points every label at a non-blank line inside its file', () => {
    for (const [file, label] of Object.entries(labels)) {
      const lines = readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
      assert.equal(
        label.family.startsWith('negative:'),
        label.secrets.length === 0,
        `${file}: negatives hold no secret, positives at least one`,
      );
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

/** The thresholds bench/quality.mjs reports against; below them `npm test` fails. */
const TARGETS: { precision: number; recall: number; familyRecall: number } = JSON.parse(
  readFileSync(path.join(ROOT, 'bench/quality-targets.json'), 'utf8'),
);

/** Vaultify's findings in every corpus file, with each one's 1-based line range. */
async function scanCorpus(): Promise<Map<string, { finding: Finding; value: string; line: number; endLine: number }[]>> {
  const detector = createDetector();
  const byFile = new Map<string, { finding: Finding; value: string; line: number; endLine: number }[]>();
  for (const file of Object.keys(labels)) {
    const full = path.join(CORPUS, file);
    const text = readFileSync(full, 'utf8');
    const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
    const { findings } = await detector.detect(text, { filePath: full });
    byFile.set(
      file,
      findings.map((finding) => ({
        finding,
        value: text.slice(finding.start, finding.end),
        line: lineAt(finding.start),
        endLine: lineAt(Math.max(finding.start, finding.end - 1)),
      })),
    );
  }
  return byFile;
}

describe('detection quality on the labelled corpus', function () {
  this.timeout(120000);
  let scanned: Awaited<ReturnType<typeof scanCorpus>>;
  before(async () => {
    scanned = await scanCorpus();
  });

  it(`finds every labelled secret and keeps precision at ${TARGETS.precision * 100}% or more`, () => {
    let tp = 0;
    let fp = 0;
    const misses: string[] = [];
    const falseAlarms: string[] = [];
    const families = new Map<string, { found: number; secrets: number }>();
    for (const [file, label] of Object.entries(labels)) {
      const found = scanned.get(file)!;
      const overlaps = (f: { line: number; endLine: number }, s: Secret) => f.line <= (s.endLine ?? s.line) && f.endLine >= s.line;
      for (const s of label.secrets) {
        const family = families.get(s.family ?? label.family) ?? { found: 0, secrets: 0 };
        families.set(s.family ?? label.family, family);
        family.secrets++;
        if (found.some((f) => overlaps(f, s))) {
          tp++;
          family.found++;
        } else {
          misses.push(`${file}:${s.line} ${s.kind}`);
        }
      }
      const lines = new Set(
        found.filter((f) => !label.secrets.some((s) => overlaps(f, s))).map((f) => `${file}:${f.line} ${f.finding.ruleId}`),
      );
      fp += lines.size;
      falseAlarms.push(...lines);
    }
    const recall = tp / (tp + misses.length);
    const precision = tp / (tp + fp);
    assert.ok(recall >= TARGETS.recall, `recall ${(recall * 100).toFixed(1)}%; missed:\n${misses.join('\n')}`);
    assert.ok(precision >= TARGETS.precision, `precision ${(precision * 100).toFixed(1)}%; false alarms:\n${falseAlarms.join('\n')}`);
    for (const [name, f] of families) assert.ok(f.found / f.secrets >= TARGETS.familyRecall, `${name}: ${f.found} of ${f.secrets} found`);
  });

  it('never makes a public identifier, a development default or a URL placeholder a Warning', () => {
    for (const [file, label] of Object.entries(labels)) {
      if (!/^negative:(?:public-identifier|dev-default|url-placeholder|foreign-reference)$/.test(label.family)) continue;
      for (const { finding, line } of scanned.get(file)!)
        assert.equal(finding.confidence, 'low', `${file}:${line} is reported as ${finding.kind} (${finding.confidence})`);
    }
  });

  it('previews no character of any value beyond a documented vendor prefix, and none for generic or low-confidence findings', () => {
    let findings = 0;
    for (const [file, found] of scanned) {
      for (const { finding, value, line } of found) {
        findings++;
        const m = /^(.*)…\((\d+) chars\)$/su.exec(finding.preview);
        assert.ok(m, `${file}:${line}: preview ${JSON.stringify(finding.preview.length)} chars long is not prefix…(N chars)`);
        assert.equal(Number(m[2]), [...value].length, `${file}:${line}: the length`);
        const prefix = m[1];
        if (!prefix) continue;
        assert.ok(
          PREVIEW_PREFIXES.includes(prefix) && value.startsWith(prefix),
          `${file}:${line}: ${finding.kind} previews ${prefix.length} characters that are not a listed vendor prefix`,
        );
        assert.ok(
          finding.confidence !== 'low' && !/^vaultify\/(?:generic-assignment|command-line-password)$/.test(finding.ruleId),
          `${file}:${line}: a generic or low-confidence finding shows a prefix`,
        );
      }
    }
    assert.ok(findings >= 400, `${findings} findings checked`);
  });

  it('gives every finding its evidence, naming at most a documented vendor prefix of the value', () => {
    const EVIDENCE =
      /^(?:vendor prefix (?<prefix>\S+)(?: \+ checksum)?|vendor format(?: \+ checksum)?|key name \+ entropy|public id nearby|service name (?:in the key|in the section|nearby) \([A-Z][A-Za-z0-9 ]*\) \+ entropy)$/;
    for (const [file, found] of scanned) {
      for (const { finding, value, line } of found) {
        const m = EVIDENCE.exec(finding.evidence);
        assert.ok(
          m,
          `${file}:${line}: evidence ${JSON.stringify(finding.evidence.replace(/[A-Za-z0-9]/g, 'x'))} is not one of the known forms`,
        );
        const prefix = m.groups?.prefix;
        if (prefix)
          assert.ok(
            PREVIEW_PREFIXES.includes(prefix) && value.startsWith(prefix),
            `${file}:${line}: evidence names ${prefix.length} characters that are not a listed vendor prefix`,
          );
      }
    }
  });
});
