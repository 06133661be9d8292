// Detection quality on the labelled corpus: precision, recall and F1, overall and per
// family, for `vaultify scan` beside secretlint's recommended preset.
//
//   node bench/quality.mjs            (after `npm run build`)
//   BENCH_DETAILS=1 node bench/quality.mjs   also lists every miss and false positive (file:line, kind)
//   BENCH_CORPUS=DIR node bench/quality.mjs  scores another corpus, such as a held-out variant from
//                                            `node scripts/generate-corpus.mjs --seed S --out DIR`
//
// Then the external development corpus (bench/externalCorpus.mjs rebuilds it from other projects'
// test data under bench/.work/external), against its own targets, and the independent check
// (bench/independentCorpus.mjs: trufflehog's and secretlint's fixtures), with none. Lines a label lists as
// `unscored` count neither way.
//
// A finding matches a labelled secret when their line ranges overlap in the same file. Recall
// counts labelled secrets matched; a false positive is a distinct file:line of findings that match
// no label. Misses and false positives are written to bench/.work/quality-details.json; no secret
// value is ever printed (only file, line, kind and rule).
// Prints a markdown report, then the figures as JSON on the last line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relative } from 'node:path';
import { EXTERNAL_CORPUS, buildExternalCorpus } from './externalCorpus.mjs';
import { INDEPENDENT_CORPUS, buildIndependentCorpus } from './independentCorpus.mjs';
import { ROOT, WORK_DIR, secretlintScan, vaultifyScan } from './scanners.mjs';

const CORPUS = (process.env.BENCH_CORPUS ?? 'test/fixtures/detect').replace(/\/+$/, '');
// The thresholds the unit tests enforce on the committed corpus (test/unit/detectCorpus.test.ts).
const { precision, recall, familyRecall } = JSON.parse(readFileSync(join(ROOT, 'bench', 'quality-targets.json'), 'utf8'));
const TARGETS = { precision, recall, familyRecall };
/** Targets on the external development corpus (bench/externalCorpus.mjs), which nobody here wrote. */
const EXTERNAL_TARGETS = { precision: 0.985, recall: 0.9 };

const ratio = (a, b) => (b === 0 ? null : a / b);
const f1 = (p, r) => (p === null || r === null || p + r === 0 ? null : (2 * p * r) / (p + r));
const pct = (x) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
/** A ratio that could not be computed (no findings, no secrets) meets no target. */
const atLeast = (x, target) => x !== null && x >= target;

/** Scores one tool's findings (paths relative to the corpus root) against the labels. */
function score(labels, findings) {
  const byFile = new Map();
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file).push(f);
  }
  const families = new Map();
  const family = (name) => {
    if (!families.has(name)) families.set(name, { secrets: 0, tp: 0, fn: 0, fp: 0 });
    return families.get(name);
  };
  const misses = [];
  const falsePositives = [];
  const overlaps = (f, s) => f.line <= (s.endLine ?? s.line) && f.endLine >= s.line;

  for (const [file, label] of Object.entries(labels)) {
    const found = byFile.get(file) ?? [];
    for (const s of label.secrets) {
      const fam = family(s.family ?? label.family);
      fam.secrets++;
      if (found.some((f) => overlaps(f, s))) fam.tp++;
      else {
        fam.fn++;
        misses.push({ file, line: s.line, kind: s.kind });
      }
    }
    const fpLines = new Map();
    const unscored = new Set(label.unscored ?? []);
    for (const f of found)
      if (!label.secrets.some((s) => overlaps(f, s)) && !unscored.has(f.line) && !fpLines.has(f.line)) fpLines.set(f.line, f);
    family(label.family).fp += fpLines.size;
    for (const f of fpLines.values()) falsePositives.push({ file, line: f.line, ruleId: f.ruleId, kind: f.kind });
  }
  for (const [file, found] of byFile) {
    if (labels[file]) continue;
    const lines = new Set(found.map((f) => f.line));
    family('unlabelled file').fp += lines.size;
    for (const line of lines) falsePositives.push({ file, line, ruleId: found.find((f) => f.line === line).ruleId });
  }

  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const fam of families.values()) {
    tp += fam.tp;
    fn += fam.fn;
    fp += fam.fp;
    fam.recall = ratio(fam.tp, fam.tp + fam.fn);
    fam.precision = ratio(fam.tp, fam.tp + fam.fp);
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    overall: { precision, recall, f1: f1(precision, recall), tp, fp, fn },
    families: Object.fromEntries(families),
    misses,
    falsePositives,
  };
}

const toCorpusPath = (corpus, findings) =>
  findings.filter((f) => f.file.startsWith(`${corpus}/`)).map((f) => ({ ...f, file: f.file.slice(corpus.length + 1) }));

/** Markdown: the overall table, then the per-family and per-category tables. */
function report(labels, v, s) {
  const table = (head, align, rows) =>
    [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const files = Object.values(labels);
  const negatives = files.filter((l) => l.family.startsWith('negative:'));
  const positiveFamilies = Object.keys(v.families)
    .filter((f) => !f.startsWith('negative:') && v.families[f].secrets > 0)
    .sort();
  const corpus = `Corpus: ${files.length} files (${files.length - negatives.length} positive, ${negatives.length} negative), ${positiveFamilies.length} families, ${files.reduce((n, l) => n + l.secrets.length, 0)} labelled secrets.`;
  const overall = table(
    ['Tool', 'Precision', 'Recall', 'F1', 'TP', 'FP', 'FN'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:'],
    [
      ['Vaultify', v],
      ['secretlint preset', s],
    ].map(([name, r]) => [
      name,
      pct(r.overall.precision),
      pct(r.overall.recall),
      pct(r.overall.f1),
      r.overall.tp,
      r.overall.fp,
      r.overall.fn,
    ]),
  );
  const perFamily = table(
    ['Family', 'Secrets', 'Vaultify recall', 'secretlint recall', 'Vaultify FP', 'secretlint FP'],
    ['---', '---:', '---:', '---:', '---:', '---:'],
    positiveFamilies.map((name) => [
      name,
      v.families[name].secrets,
      pct(v.families[name].recall),
      pct(s.families[name].recall),
      v.families[name].fp,
      s.families[name].fp,
    ]),
  );
  const categories = [...new Set(negatives.map((l) => l.family))].sort();
  const extra = ['mixed', 'unlabelled file'].filter((name) => v.families[name]?.fp || s.families[name]?.fp);
  const perCategory = table(
    ['Negative category', 'Files', 'Vaultify FP', 'secretlint FP'],
    ['---', '---:', '---:', '---:'],
    [
      ...categories.map((cat) => [
        cat.replace(/^negative:/, ''),
        negatives.filter((l) => l.family === cat).length,
        v.families[cat]?.fp ?? 0,
        s.families[cat]?.fp ?? 0,
      ]),
      ...extra.map((name) => [name, '', v.families[name]?.fp ?? 0, s.families[name]?.fp ?? 0]),
    ],
  );
  const details = [
    corpus,
    '',
    "Recall per family; false positives counted in that family's files:",
    '',
    perFamily,
    '',
    'False positives per negative filter category:',
    '',
    perCategory,
  ].join('\n');
  return { text: [corpus, '', overall, '', perFamily, '', perCategory].join('\n'), details };
}

function summary(r) {
  const { precision, recall, f1: f, tp, fp, fn } = r.overall;
  return { precision, recall, f1: f, tp, fp, fn };
}

/** Both tools on one corpus, scored against its labels. */
async function scoreCorpus(corpus) {
  const labels = JSON.parse(readFileSync(join(ROOT, corpus, 'labels.json'), 'utf8')).files;
  const vaultify = await vaultifyScan(corpus);
  const secretlint = await secretlintScan(`${corpus}/**/*`);
  for (const line of vaultify.ruleFailures) console.error(`warning: ${line}`);
  return { labels, v: score(labels, toCorpusPath(corpus, vaultify.findings)), s: score(labels, toCorpusPath(corpus, secretlint.findings)) };
}

const misses = (r) => ({ misses: r.misses, falsePositives: r.falsePositives });

function printDetails(heading, details) {
  for (const [tool, d] of Object.entries(details)) {
    console.log(`\n${heading}: ${tool} misses:`);
    for (const m of d.misses) console.log(`  ${m.file}:${m.line}  ${m.kind}`);
    console.log(`${heading}: ${tool} false positives:`);
    for (const f of d.falsePositives) console.log(`  ${f.file}:${f.line}  ${f.kind ?? ''} ${f.ruleId}`);
  }
}

/** Both tools' overall figures on one corpus, as a markdown table. */
function printOverall(v, s) {
  console.log(`| Tool | Precision | Recall | TP | FP | FN |\n| --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const [name, r] of Object.entries({ Vaultify: v, 'secretlint preset': s }))
    console.log(
      `| ${name} | ${pct(r.overall.precision)} | ${pct(r.overall.recall)} | ${r.overall.tp} | ${r.overall.fp} | ${r.overall.fn} |`,
    );
}

/** The external corpus rebuilt and scored; undefined (with the reason on stderr) when no source is mirrored. */
async function external() {
  const built = buildExternalCorpus();
  if (!built.files) {
    console.error('external corpus: no source repository is mirrored; skipped');
    return undefined;
  }
  const corpus = relative(ROOT, EXTERNAL_CORPUS).split('\\').join('/');
  const { labels, v, s } = await scoreCorpus(corpus);
  const corrected = `${built.corrected} labels corrected, listed in bench/externalCorpus.mjs`;
  console.log(
    `\nExternal development corpus (${built.files} files, ${built.secrets} labelled secrets; CredSweeper and detect-secrets test data; ${corrected}):\n`,
  );
  printOverall(v, s);
  const o = v.overall;
  const rows = [
    {
      metric: `Detection precision (external corpus: CredSweeper and detect-secrets test data, ${Object.keys(labels).length} files; ${corrected})`,
      vaultify: pct(o.precision),
      peer: pct(s.overall.precision),
      target: `≥ ${pct(EXTERNAL_TARGETS.precision)}`,
      met: atLeast(o.precision, EXTERNAL_TARGETS.precision),
    },
    {
      metric: `Detection recall (external corpus, ${built.secrets} secrets; same labels)`,
      vaultify: pct(o.recall),
      peer: pct(s.overall.recall),
      target: `≥ ${pct(EXTERNAL_TARGETS.recall)}`,
      met: atLeast(o.recall, EXTERNAL_TARGETS.recall),
    },
  ];
  return {
    corpus: built,
    vaultify: summary(v),
    secretlint: summary(s),
    targets: EXTERNAL_TARGETS,
    details: { vaultify: misses(v), secretlint: misses(s) },
    rows,
  };
}

/**
 * The independent check (bench/independentCorpus.mjs: trufflehog's and secretlint's own fixtures),
 * rebuilt and scored with no target: no rule was tuned on it. Undefined when neither is mirrored.
 */
async function independent() {
  const built = buildIndependentCorpus();
  if (!built.files) {
    console.error('independent check: neither trufflehog nor secretlint is mirrored; skipped');
    return undefined;
  }
  const corpus = relative(ROOT, INDEPENDENT_CORPUS).split('\\').join('/');
  const { v, s } = await scoreCorpus(corpus);
  console.log(
    `\nIndependent check (${built.trufflehog} inputs of trufflehog's detector tests, ${built.secretlint} of secretlint's rule snapshots; ${built.secrets} labelled secrets; not tuned on):\n`,
  );
  printOverall(v, s);
  const about = `trufflehog's and secretlint's own test fixtures, ${built.files} files, ${built.secrets} secrets; not tuned on`;
  return {
    corpus: built,
    vaultify: summary(v),
    secretlint: summary(s),
    details: { vaultify: misses(v), secretlint: misses(s) },
    rows: [
      {
        metric: `Detection recall, independent check (${about})`,
        vaultify: pct(v.overall.recall),
        peer: pct(s.overall.recall),
        target: '',
      },
      {
        metric: 'Detection precision, independent check (same files)',
        vaultify: pct(v.overall.precision),
        peer: pct(s.overall.precision),
        target: '',
      },
    ],
  };
}

async function main() {
  const { labels, v, s } = await scoreCorpus(CORPUS);
  const markdown = report(labels, v, s);
  console.log(markdown.text);
  const outside = await external();
  const check = await independent();

  mkdirSync(WORK_DIR, { recursive: true });
  const details = { vaultify: misses(v), secretlint: misses(s) };
  writeFileSync(
    join(WORK_DIR, 'quality-details.json'),
    JSON.stringify({ ...details, external: outside?.details, independent: check?.details }, null, 2) + '\n',
  );
  if (process.env.BENCH_DETAILS) {
    printDetails(CORPUS, details);
    if (outside) printDetails('external', outside.details);
    if (check) printDetails('independent', check.details);
  }

  const families = {};
  for (const name of Object.keys(v.families).sort()) {
    const a = v.families[name];
    const b = s.families[name] ?? { tp: 0, fn: 0, fp: 0, recall: null };
    families[name] = {
      secrets: a.secrets,
      vaultify: { recall: a.recall, tp: a.tp, fn: a.fn, fp: a.fp },
      secretlint: { recall: b.recall, tp: b.tp, fn: b.fn, fp: b.fp },
    };
  }
  const below = Object.entries(families)
    .filter(([name, f]) => f.secrets > 0 && !name.startsWith('negative:') && f.vaultify.recall < TARGETS.familyRecall)
    .map(([name]) => name);
  const o = v.overall;
  const met = atLeast(o.precision, TARGETS.precision) && atLeast(o.recall, TARGETS.recall) && below.length === 0;
  const rows = [
    {
      metric: `Detection precision (labelled corpus ${CORPUS}, ${Object.keys(labels).length} files)`,
      vaultify: pct(o.precision),
      peer: pct(s.overall.precision),
      target: `≥ ${pct(TARGETS.precision)}`,
      met: atLeast(o.precision, TARGETS.precision),
    },
    {
      metric: `Detection recall (same corpus)`,
      vaultify: pct(o.recall),
      peer: pct(s.overall.recall),
      target: `≥ ${pct(TARGETS.recall)}`,
      met: atLeast(o.recall, TARGETS.recall),
    },
    { metric: `Detection F1 (same corpus)`, vaultify: pct(o.f1), peer: pct(s.overall.f1), target: '' },
    {
      metric: `Families below ${pct(TARGETS.familyRecall)} recall (same corpus)`,
      vaultify: below.length ? `${below.length}: ${below.join(', ')}` : '0',
      peer: String(
        Object.entries(families).filter(
          ([n, f]) => f.secrets > 0 && !n.startsWith('negative:') && f.secretlint.recall < TARGETS.familyRecall,
        ).length,
      ),
      target: '0',
      met: below.length === 0,
    },
  ];
  const figures = {
    corpus: { files: Object.keys(labels).length, secrets: Object.values(labels).reduce((n, l) => n + l.secrets.length, 0) },
    vaultify: summary(v),
    secretlint: summary(s),
    targets: TARGETS,
    met,
    familiesBelowTarget: below,
    families,
    rows,
    details: { title: `Detection quality per family (labelled corpus, ${CORPUS})`, markdown: markdown.details },
  };
  if (outside) {
    const { details: _details, rows: externalRows, ...figuresOutside } = outside;
    figures.external = figuresOutside;
    figures.rows.push(...externalRows);
  }
  if (check) {
    const { details: _details, rows: checkRows, ...figuresCheck } = check;
    figures.independent = figuresCheck;
    figures.rows.push(...checkRows);
  }
  console.log(JSON.stringify({ quality: figures }));
}

await main();
