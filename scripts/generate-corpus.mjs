// Generates the labelled detection corpus under test/fixtures/detect/.
//
//   node scripts/generate-corpus.mjs          writes the corpus and labels.json
//   node scripts/generate-corpus.mjs --check  exits 1 if the files on disk differ from what it would write
//   node scripts/generate-corpus.mjs --seed S --out DIR
//       writes a held-out variant: the same templates with other values, names and choices, to
//       score rules tuned on the committed corpus against data they have not seen
//       (BENCH_CORPUS=DIR node bench/quality.mjs)
//
// Every value is synthetic: drawn from a PRNG seeded per file, shaped like the vendor's real format
// (prefix, length, charset), with the real checksum where the vendor has one (GitHub and npm CRC32,
// age bech32, PuTTY MAC, DER structure of PEM keys). Re-running gives byte-identical files, so the
// committed corpus is stable and any change to it shows up as a diff.
//
// labels.json: { files: { "<path under test/fixtures/detect>": { family, secrets: [{ line, endLine?, kind, family? }] } } }
// Lines are 1-based. A multi-line secret (PEM) carries `endLine`. `family` on a secret overrides the
// file's family (files in positives/mixed/). Negative files have family "negative:<filter category>".
//
// scripts/corpus/: credentials.mjs (value formats), documents.mjs (file formats and the labelled
// line model), positives.mjs (one entry per credential family), longTail.mjs (service-anchored keys
// and the rarer formats, with their look-alikes), negatives.mjs (one list per filter category),
// traps.mjs (other managers' references, development defaults, URL placeholders, public identifiers),
// prefixedTokens.mjs (vendor prefixes without a module of their own, scheme-prefixed references and
// public SDK keys), serviceList.mjs (a positive and a trap for every service of
// src/core/detect/rules/services.json).
// This file assembles them and writes or checks the corpus.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeRng } from './corpus/credentials.mjs';
import { DOMAINS, SERVICES } from './corpus/documents.mjs';
import { LONG_TAIL_FAMILIES, LONG_TAIL_TRAPS } from './corpus/longTail.mjs';
import { NEGATIVES } from './corpus/negatives.mjs';
import { POSITIVE_FAMILIES } from './corpus/positives.mjs';
import {
  ARGUMENT_PASSWORD_FAMILIES,
  ARGUMENT_PASSWORD_TRAPS,
  PREFIXED_TOKEN_FAMILIES,
  PREFIXED_TOKEN_TRAPS,
} from './corpus/prefixedTokens.mjs';
import { SERVICE_LIST_FAMILY, SERVICE_LIST_TRAPS } from './corpus/serviceList.mjs';
import { TRAPS } from './corpus/traps.mjs';

// ---------------------------------------------------------------------------------------------
// Assembly

/** Flattens items into text and labels. */
function renderItems(items) {
  const lines = [];
  const secrets = [];
  for (const item of items) {
    if (typeof item === 'string') {
      lines.push(item);
      continue;
    }
    const block = item.lines ?? [item.text];
    const label = { line: lines.length + 1 };
    if (block.length > 1) label.endLine = lines.length + block.length;
    label.kind = item.kind;
    if (item.family) label.family = item.family;
    secrets.push(label);
    lines.push(...block);
  }
  return { text: lines.join('\n') + '\n', secrets };
}

/** Builds the whole corpus in memory: path (relative to the corpus root) -> { text, label }. */
function buildCorpus(seed) {
  const rng = (name) => makeRng(seed ? `${seed}:${name}` : name);
  const files = new Map();
  const add = (path, family, items) => {
    if (files.has(path)) throw new Error(`duplicate corpus path ${path}`);
    const { text, secrets } = renderItems(items);
    if (family.startsWith('negative:') ? secrets.length : !secrets.length) throw new Error(`${path}: wrong number of labelled secrets`);
    files.set(path, { text, label: { family, secrets } });
  };
  for (const spec of [
    ...POSITIVE_FAMILIES,
    ...LONG_TAIL_FAMILIES,
    ...PREFIXED_TOKEN_FAMILIES,
    ...ARGUMENT_PASSWORD_FAMILIES,
    SERVICE_LIST_FAMILY,
  ]) {
    const services = rng(`services:${spec.family}`).shuffle(SERVICES);
    spec.formats.forEach((format, i) => {
      const r = rng(`${spec.family}#${i}`);
      const ctx = { svc: services[i % services.length], domain: r.pick(DOMAINS), group: spec.group };
      const render = typeof format === 'function' ? format : format.render;
      const make = typeof format === 'function' ? spec.make : format.make;
      const { file, items } = render(r, ctx, make(r, i, ctx));
      add(`positives/${spec.family}/${ctx.svc}/${file}`, spec.family, items);
    });
  }
  for (const [category, templates] of Object.entries({
    ...NEGATIVES,
    ...TRAPS,
    'long-tail': LONG_TAIL_TRAPS,
    'prefixed-tokens': PREFIXED_TOKEN_TRAPS,
    'argument-passwords': ARGUMENT_PASSWORD_TRAPS,
    'service-list': SERVICE_LIST_TRAPS,
  })) {
    const services = rng(`services:negative:${category}`).shuffle(SERVICES);
    templates.forEach((template, i) => {
      const r = rng(`negative:${category}#${i}`);
      const ctx = { svc: services[i % services.length], domain: r.pick(DOMAINS) };
      const { file, lines } = template(r, ctx);
      add(`negatives/${category}/${ctx.svc}/${file}`, `negative:${category}`, lines);
    });
  }
  return files;
}

const ABOUT =
  'Labelled corpus for Vaultify detection quality. Generated by scripts/generate-corpus.mjs; every value is synthetic. ' +
  'family: the credential family, or negative:<filter category>. secrets: 1-based line (and endLine for multi-line values) of every secret. ' +
  'Both halves of an id + secret pair (AWS access key id, Twilio SID) are labelled: scanners report them and the pair is the credential.';

/** The corpus as files to write: path -> text, labels.json included. */
function corpusFiles(seed) {
  const files = buildCorpus(seed);
  const out = new Map();
  const labels = {};
  for (const path of [...files.keys()].sort()) {
    out.set(path, files.get(path).text);
    labels[path] = files.get(path).label;
  }
  const about = seed ? `${ABOUT} Held-out variant, seed "${seed}".` : ABOUT;
  out.set('labels.json', JSON.stringify({ about, files: labels }, null, 2) + '\n');
  return { out, labels };
}

function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? listFiles(path, base)
      : [
          path
            .slice(base.length + 1)
            .split('\\')
            .join('/'),
        ];
  });
}

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main() {
  const seed = option('--seed');
  const outDir = option('--out');
  // A variant must not land on the committed corpus, which the unit tests pin.
  if (seed && !outDir) throw new Error('--seed needs --out DIR');
  const root = outDir ? join(process.cwd(), outDir) : join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'detect');
  const { out, labels } = corpusFiles(seed);
  if (process.argv.includes('--check')) {
    const onDisk = new Set(listFiles(root));
    const differ = [...out.keys()].filter((p) => !onDisk.has(p) || readFileSync(join(root, p), 'utf8') !== out.get(p));
    const extra = [...onDisk].filter((p) => !out.has(p));
    for (const p of differ) console.error(`differs from the generator: ${p}`);
    for (const p of extra) console.error(`not made by the generator: ${p}`);
    process.exitCode = differ.length || extra.length ? 1 : 0;
    return;
  }
  rmSync(join(root, 'positives'), { recursive: true, force: true });
  rmSync(join(root, 'negatives'), { recursive: true, force: true });
  for (const [path, text] of out) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const entries = Object.values(labels);
  const positives = entries.filter((l) => !l.family.startsWith('negative:'));
  const families = new Set(positives.flatMap((l) => l.secrets.map((s) => s.family ?? l.family)));
  const categories = new Set(entries.filter((l) => l.family.startsWith('negative:')).map((l) => l.family));
  console.log(
    `corpus: ${entries.length} files, ${positives.length} positive across ${families.size} families, ` +
      `${entries.length - positives.length} negative across ${categories.size} categories, ` +
      `${positives.reduce((n, l) => n + l.secrets.length, 0)} labelled secrets`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
