// Builds the external development corpus under bench/.work/external/: labelled data nobody in
// this project wrote, to measure whether detection generalises beyond test/fixtures/detect.
// Never committed (it is other projects' data); this script rebuilds it from their repositories.
//
//   node bench/externalCorpus.mjs        (re)writes bench/.work/external/ and its labels.json
//
// Sources, read from git mirrors of the repositories (`git show HEAD:<path>`, no checkout). The
// mirrors are looked up under VAULTIFY_CORPUS_MIRRORS (default /work/.mirror), as
// `<owner>+<name>/repo`, the layout the mirroring tool writes; a missing one is reported and
// skipped.
//   - Samsung/CredSweeper: tests/samples, labelled by tests/data/output.json (the findings its own
//     test suite expects with default filters and ML). A line CredSweeper expects is a secret;
//     every other line of a sample is a negative. Expected findings that name something public or
//     not a credential (a UUID, an S3 bucket, a Firebase domain, an app id, a salt, a nonce:
//     severity "info" and the id rules) leave their line unscored, as do lines CredSweeper reports
//     only in its other modes (tests/data/doc.json, depth_3_pedantic.json: documentation and
//     structure parsing), where its own verdict depends on the mode. Binary and archive samples are
//     skipped: `vaultify scan` reads text.
//   - Yelp/detect-secrets: test_data, labelled below from what its plugin tests expect of each
//     file (test_data/each_secret.py and the config files).
// trufflehog's, gitleaks' and secretlint's fixtures are not used: they stay an independent check.
// A short list of corrected labels (CORRECTED_LABELS below) is applied last: lines the source's own
// labels leave out although they hold a credential, each with the reason a reader can check.
//
// labels.json has the shape of test/fixtures/detect/labels.json, plus `unscored` lines per file,
// so bench/quality.mjs scores it the same way.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORK_DIR } from './scanners.mjs';

export const EXTERNAL_CORPUS = join(WORK_DIR, 'external');
const MIRRORS = process.env.VAULTIFY_CORPUS_MIRRORS ?? '/work/.mirror';

/** A mirrored repository's git directory, if it is mirrored. */
export function gitDir(repo) {
  const dir = join(MIRRORS, repo.replace('/', '+'), 'repo');
  return existsSync(dir) ? dir : undefined;
}

const git = (dir, args) => execFileSync('git', ['--git-dir', dir, ...args], { maxBuffer: 256 * 2 ** 20 });
/** The paths under a folder at the mirror's HEAD. */
export const listFiles = (dir, under) =>
  git(dir, ['ls-tree', '-r', '--name-only', 'HEAD', under]).toString('utf8').split('\n').filter(Boolean);
/** A file's bytes at the mirror's HEAD. */
export const readBlob = (dir, path) => git(dir, ['show', `HEAD:${path}`]);

/** Text a scanner reads as text: no NUL byte and valid UTF-8. */
function asText(buffer) {
  if (buffer.includes(0)) return undefined;
  const text = buffer.toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

/** Expected findings that are not credentials: public names and ids, and values that are not secret. */
const NOT_CREDENTIAL_RULES = new Set([
  'UUID',
  'AWS S3 Bucket',
  'Firebase Domain',
  'Tencent WeChat API App ID',
  'Salt',
  'Nonce',
  'Dropbox App secret',
  'OTP / 2FA Secret',
]);

/**
 * The 1-based line of a finding: where its line text is, nearest to the line number it gives
 * (a patch's line numbers are the patched file's). Findings in markup (XML, HTML) quote the
 * parsed element, not the file's line: their number stands.
 */
function locate(lines, entry) {
  const given = entry.line_num - 1;
  const matches = (i) =>
    lines[i] !== undefined &&
    (lines[i] === entry.line || lines[i].trim() === entry.line.trim() || (entry.value && lines[i].includes(entry.value)));
  for (let d = 0; d < lines.length; d++) {
    if (matches(given - d)) return given - d + 1;
    if (matches(given + d)) return given + d + 1;
  }
  return lines.length >= entry.line_num ? entry.line_num : undefined;
}

function credSweeper(files) {
  const dir = gitDir('Samsung/CredSweeper');
  if (!dir) return console.error('skipped Samsung/CredSweeper: no mirror');
  const expected = JSON.parse(readBlob(dir, 'tests/data/output.json').toString('utf8'));
  const otherModes = ['tests/data/doc.json', 'tests/data/depth_3_pedantic.json'].flatMap((p) =>
    JSON.parse(readBlob(dir, p).toString('utf8')),
  );
  const byPath = new Map();
  for (const finding of expected) {
    // A PEM key is one finding of many lines: one secret from its first line to its last.
    const block = finding.rule === 'PEM Private Key';
    finding.line_data_list.forEach((entry, i) => {
      const path = entry.path.replace(/^\.\//, '');
      if (!byPath.has(path)) byPath.set(path, []);
      const credential = finding.severity !== 'info' && !NOT_CREDENTIAL_RULES.has(finding.rule);
      byPath.get(path).push({ entry, rule: finding.rule, credential, block: block ? (i === 0 ? 'start' : 'more') : undefined });
    });
  }
  for (const path of listFiles(dir, 'tests/samples')) {
    const text = asText(readBlob(dir, path));
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    const secrets = new Map();
    const unscored = new Set();
    let open;
    for (const { entry, rule, credential, block } of byPath.get(path) ?? []) {
      const line = locate(lines, entry);
      if (line === undefined) throw new Error(`${path}: expected line ${entry.line_num} not found`);
      if (block === 'more') {
        open.endLine = Math.max(open.endLine ?? open.line, line);
        continue;
      }
      if (credential && !secrets.has(line)) secrets.set(line, (open = { line, kind: rule }));
      else if (!credential) unscored.add(line);
      else open = secrets.get(line);
    }
    for (const finding of otherModes) {
      for (const entry of finding.line_data_list) {
        if (entry.path.replace(/^\.\//, '') !== path) continue;
        const line = locate(lines, entry);
        if (line !== undefined) unscored.add(line);
      }
    }
    for (const [line, secret] of secrets) for (let l = line; l <= (secret.endLine ?? line); l++) unscored.delete(l);
    const name = `credsweeper/${path.slice('tests/samples/'.length)}`;
    files.set(name, {
      text,
      label: {
        family: secrets.size ? 'credsweeper' : 'negative:credsweeper',
        secrets: [...secrets.values()].sort((a, b) => a.line - b.line),
        unscored: [...unscored].sort((a, b) => a - b),
      },
    });
  }
}

/**
 * detect-secrets' test data, labelled from its tests: the lines each plugin test expects a
 * secret on (by file), `# pragma: allowlist secret` lines and the values its filters drop
 * (ids, UUIDs, the `DEADBEEF` red herring) are negatives. Lines whose verdict depends on a
 * plugin's entropy limit alone (short digit runs under keyword names) are unscored.
 */
const DETECT_SECRETS_LABELS = {
  'test_data/each_secret.py': { secrets: [2, 4, 5, 6, 8, 9] },
  'test_data/config.env': { secrets: [1] },
  'test_data/config.ini': { secrets: [2, 32], unscored: [6, 10, 13, 14, 15, 21, 22] },
  'test_data/config.yaml': { secrets: [5], unscored: [3, 6, 10, 13] },
  'test_data/files/file_with_secrets.py': { secrets: [3] },
  'test_data/files/tmp/file_with_secrets.py': { secrets: [3] },
  'test_data/files/file_with_no_secrets.py': { secrets: [] },
  'test_data/files/tmp/file_with_no_secrets.py': { secrets: [] },
  'test_data/short_files/middle_line.yml': { secrets: [4] },
  'test_data/config.md': { secrets: [10] },
  'test_data/only_comments.yaml': { secrets: [] },
};

function detectSecrets(files) {
  const dir = gitDir('Yelp/detect-secrets');
  if (!dir) return console.error('skipped Yelp/detect-secrets: no mirror');
  for (const [path, { secrets, unscored = [] }] of Object.entries(DETECT_SECRETS_LABELS)) {
    const text = asText(readBlob(dir, path));
    if (text === undefined) throw new Error(`${path} is not text`);
    files.set(`detect-secrets/${path.slice('test_data/'.length)}`, {
      text,
      label: {
        family: secrets.length ? 'detect-secrets' : 'negative:detect-secrets',
        secrets: secrets.map((line) => ({ line, kind: 'detect-secrets' })),
        unscored,
      },
    });
  }
}

/**
 * Labels corrected after reading the sample: lines CredSweeper's expected output (all modes) leaves
 * unlabelled although they hold a credential by the source's own standard, and that a scanner is
 * right to report. Each entry names what its line must hold (a few characters, never the value),
 * so that a changed sample fails the build instead of relabelling the wrong line. Kept short:
 * an entry needs a reason checkable in the sample itself.
 */
export const CORRECTED_LABELS = [
  {
    file: 'credsweeper/doc_passwd_pair',
    line: 27,
    holds: '--pass ',
    kind: 'CMD Password',
    reason: 'a password passed as `--pass`; the same value is labelled a password on 28 other lines of this file (1, 3, 4…)',
  },
  {
    file: 'credsweeper/doc_passwd_pair',
    line: 51,
    holds: '--passwd ',
    kind: 'CMD Password',
    reason: 'a password passed as `--passwd`; the same value is labelled a password on 28 other lines of this file',
  },
  {
    file: 'credsweeper/doc_id_pair_passwd_pair',
    line: 94,
    holds: '--user master --pass ',
    kind: 'CMD Password',
    reason:
      'a user and a password passed as `--user … --pass …`; the 86 lines around it that pair `master` with a `dipPr…Gg!` value are labelled passwords',
  },
  {
    file: 'credsweeper/doc_various',
    line: 9,
    holds: '<password>',
    kind: 'Password',
    reason: 'an XML `<password>` element; the same value is labelled a password on 49 other lines of this file (4, 5, 7…)',
  },
  {
    file: 'credsweeper/doc_various',
    line: 78,
    holds: '<PW>',
    kind: 'Password',
    reason: 'an XML `<PW>` element beside `<ID>master</ID>`; the same value is labelled a password on 49 other lines of this file',
  },
];

/** Applies CORRECTED_LABELS; a line that no longer holds what its entry names is an error. */
function correctLabels(files) {
  for (const { file, line, holds, kind } of CORRECTED_LABELS) {
    const entry = files.get(file);
    if (!entry) throw new Error(`corrected label: ${file} is not in the corpus`);
    if (!(entry.text.split(/\r?\n/)[line - 1] ?? '').includes(holds))
      throw new Error(`corrected label: ${file}:${line} does not hold ${holds}`);
    const { label } = entry;
    if (label.secrets.some((s) => s.line <= line && (s.endLine ?? s.line) >= line))
      throw new Error(`corrected label: ${file}:${line} is labelled already`);
    label.secrets = [...label.secrets, { line, kind }].sort((a, b) => a.line - b.line);
    label.unscored = label.unscored.filter((l) => l !== line);
    if (label.family.startsWith('negative:')) label.family = label.family.slice('negative:'.length);
  }
}

export function buildExternalCorpus() {
  const files = new Map();
  credSweeper(files);
  detectSecrets(files);
  if (gitDir('Samsung/CredSweeper')) correctLabels(files);
  rmSync(EXTERNAL_CORPUS, { recursive: true, force: true });
  // Made even when no source is mirrored: labels.json is written there, and the caller says what was skipped.
  mkdirSync(EXTERNAL_CORPUS, { recursive: true });
  const labels = {};
  for (const [name, { text, label }] of files) {
    mkdirSync(dirname(join(EXTERNAL_CORPUS, name)), { recursive: true });
    writeFileSync(join(EXTERNAL_CORPUS, name), text);
    labels[name] = label;
  }
  const about = "External development corpus: other projects' test data, rebuilt by bench/externalCorpus.mjs, never committed.";
  writeFileSync(join(EXTERNAL_CORPUS, 'labels.json'), JSON.stringify({ about, files: labels }, null, 1) + '\n');
  return {
    files: files.size,
    secrets: Object.values(labels).reduce((n, l) => n + l.secrets.length, 0),
    corrected: gitDir('Samsung/CredSweeper') ? CORRECTED_LABELS.length : 0,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(buildExternalCorpus());
