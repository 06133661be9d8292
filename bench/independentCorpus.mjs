// Builds the independent check under bench/.work/independent/: other scanners' own test fixtures,
// which no rule here was tuned on, labelled by what each scanner's tests expect. Never committed.
//
//   node bench/independentCorpus.mjs        (re)writes bench/.work/independent/ and its labels.json
//
// Read from git mirrors through bench/externalCorpus.mjs (VAULTIFY_CORPUS_MIRRORS, default
// /work/.mirror); a missing mirror is reported and skipped.
//   - trufflesecurity/trufflehog: each detector's pattern test (pkg/detectors/*/*_test.go, the
//     `input:` literals of its test table). An input whose `want` lists values is a positive,
//     labelled on the lines holding them (the whole input as one secret when the detector builds a
//     wanted value from parts no line holds); one whose `want` is empty is a negative. Inputs built at run time
//     (`fmt.Sprintf`, concatenation) are skipped.
//   - secretlint/secretlint: each rule's snapshots (packages/@secretlint/secretlint-rule-*/
//     test/snapshots/*/input.*), labelled by the lines its expected output.json reports; a
//     snapshot with no message is a negative. Rules about files rather than values (`no-dotenv`,
//     `no-homedir`, `pattern`, the comment filter, Kubernetes `kind: Secret`) are left out.
// gitleaks' rule tests generate their samples in Go at run time, so they are not read here.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gitDir, listFiles, readBlob } from './externalCorpus.mjs';
import { WORK_DIR } from './scanners.mjs';

export const INDEPENDENT_CORPUS = join(WORK_DIR, 'independent');
const readText = (dir, path) => readBlob(dir, path).toString('utf8');

/** A Go string literal's value: a raw (backtick) string as is, an interpreted one unescaped. */
function goString(literal) {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal.replace(/\\'/g, "'").replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1'));
  } catch {
    return undefined;
  }
}

const GO_STRING = String.raw`(?:` + '`[^`]*`' + String.raw`|"(?:[^"\\\n]|\\.)*")`;
/** One test-table entry's input and what it wants: `input: <literal>,` then `want: []string{…}` or `want: nil`. */
const CASE = new RegExp(
  String.raw`\binput:\s*(${GO_STRING})\s*,\s*(?:\/\/[^\n]*\n\s*)*want:\s*(nil|\[\]string\{(?:[^{}]|\{[^{}]*\})*\})`,
  'g',
);

function trufflehog(files) {
  const dir = gitDir('trufflesecurity/trufflehog');
  if (!dir) return console.error('skipped trufflesecurity/trufflehog: no mirror');
  for (const path of listFiles(dir, 'pkg/detectors')) {
    if (!/\/[^/]+_test\.go$/.test(path) || path.includes('integration')) continue;
    const source = readText(dir, path);
    let n = 0;
    for (const m of source.matchAll(CASE)) {
      const text = goString(m[1]);
      if (text === undefined || !text.trim()) continue;
      const wanted = m[2] === 'nil' ? [] : [...m[2].matchAll(new RegExp(GO_STRING, 'g'))].map((s) => goString(s[0])).filter(Boolean);
      const lines = text.split('\n');
      const secrets = new Set();
      for (const value of wanted) {
        // A wanted value is often a pair joined by the detector (`id:secret`): label each part's line.
        for (const part of value.split(/[:|;\s]+/).filter((p) => p.length >= 8)) {
          lines.forEach((line, i) => line.includes(part) && secrets.add(i + 1));
        }
      }
      const parts = path.split('/');
      const detector = parts[2];
      const testFile = parts[parts.length - 1];
      // A value the detector builds from parts no line holds whole: the input is one secret, first line to last.
      const whole = wanted.length && !secrets.size ? [{ line: 1, endLine: lines.length, kind: detector }] : [];
      files.set(`trufflehog/${detector}/${testFile.replace(/\.go$/, '')}-${++n}.txt`, {
        text,
        label: {
          family: wanted.length ? 'trufflehog' : 'negative:trufflehog',
          secrets: whole.length ? whole : [...secrets].sort((a, b) => a - b).map((line) => ({ line, kind: detector })),
        },
      });
    }
  }
}

const SECRETLINT_SKIPPED = /secretlint-rule-(?:no-dotenv|no-homedir|pattern|filter-comments|no-k8s-kind-secret|preset-)/;

function secretlint(files) {
  const dir = gitDir('secretlint/secretlint');
  if (!dir) return console.error('skipped secretlint/secretlint: no mirror');
  const all = listFiles(dir, 'packages/@secretlint');
  for (const output of all.filter((p) => /\/secretlint-rule-[^/]+\/test\/snapshots\/[^/]+\/output\.json$/.test(p))) {
    if (SECRETLINT_SKIPPED.test(output)) continue;
    const caseDir = dirname(output);
    const input = all.find((p) => dirname(p) === caseDir && /\/input\.[^/]+$/.test(p));
    if (!input) continue;
    const text = readText(dir, input);
    const messages = JSON.parse(readText(dir, output)).messages ?? [];
    const secrets = new Map();
    for (const m of messages) {
      const line = m.loc.start.line;
      if (!secrets.has(line))
        secrets.set(line, { line, endLine: m.loc.end.line, kind: m.ruleId.replace('@secretlint/secretlint-rule-', '') });
    }
    const rule = output.split('/')[2].replace('secretlint-rule-', '');
    files.set(`secretlint/${rule}/${caseDir.split('/').pop()}/${input.split('/').pop()}`, {
      text,
      label: {
        family: secrets.size ? 'secretlint' : 'negative:secretlint',
        secrets: [...secrets.values()].sort((a, b) => a.line - b.line),
      },
    });
  }
}

export function buildIndependentCorpus() {
  const files = new Map();
  trufflehog(files);
  secretlint(files);
  rmSync(INDEPENDENT_CORPUS, { recursive: true, force: true });
  // Made even when no source is mirrored: labels.json is written there, and the caller says what was skipped.
  mkdirSync(INDEPENDENT_CORPUS, { recursive: true });
  const labels = {};
  for (const [name, { text, label }] of files) {
    mkdirSync(dirname(join(INDEPENDENT_CORPUS, name)), { recursive: true });
    writeFileSync(join(INDEPENDENT_CORPUS, name), text);
    labels[name] = label;
  }
  const about =
    "Independent check: trufflehog's and secretlint's own test fixtures, rebuilt by bench/independentCorpus.mjs, never committed.";
  writeFileSync(join(INDEPENDENT_CORPUS, 'labels.json'), JSON.stringify({ about, files: labels }, null, 1) + '\n');
  const sources = (prefix) => Object.entries(labels).filter(([name]) => name.startsWith(prefix));
  return {
    files: files.size,
    secrets: Object.values(labels).reduce((n, l) => n + l.secrets.length, 0),
    trufflehog: sources('trufflehog/').length,
    secretlint: sources('secretlint/').length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(buildIndependentCorpus());
