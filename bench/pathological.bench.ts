/**
 * Pathological inputs for the detector. Build, then run:
 *   node out/bench/pathological.bench.js
 * Env: BENCH_MB (size of the large cases, default 10), BENCH_QUICK (1 MB).
 *
 * Each case is scanned at half and at full size by Vaultify's default rule set and by secretlint's
 * recommended preset alone (the peer). Linear scanning shows as a full/half time ratio near 2;
 * catastrophic backtracking would show as 4 or more, or as a time out of all proportion to the
 * peer's. Prints readable lines, then one JSON object of figures on the last line.
 */
import { createDetector, Detector } from '../src/core/detect';
import { PRESET_RULES } from '../src/core/detect/secretlintAdapter';
import { seededRandom } from './seededRandom';

const MB = 1024 * 1024;
const SIZE_MB = process.env.BENCH_QUICK ? 1 : Number(process.env.BENCH_MB ?? 10);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(next: () => number, n: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** Repeats pieces from `piece` until the text reaches `bytes`. */
function fill(bytes: number, piece: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const p = piece(i);
    parts.push(p);
    length += p.length;
  }
  return parts.join('').slice(0, bytes);
}

/** The cases: each makes a text of a given size in bytes. */
const CASES: Record<string, { file: string; make: (bytes: number) => string }> = {
  // A bundle on one line, dense with the words rules key on: keys, URLs, base64, JWT-ish runs.
  'minified-one-line': {
    file: 'dist/app.min.js',
    make: (bytes) => {
      const next = seededRandom(1);
      return fill(bytes, (i) => {
        const id = chars(next, 6, ALNUM);
        switch (i % 8) {
          case 0:
            return `var ${id}=function(a,b){return a.token||b.apiKey||"${chars(next, 12, ALNUM)}"};`;
          case 1:
            return `${id}.password=${id}.password||null;`;
          case 2:
            return `fetch("https://cdn.acme.net/${id}/x.js?key=${chars(next, 8, ALNUM)}");`;
          case 3:
            return `"${chars(next, 60, B64)}",`;
          case 4:
            return `{secret:"${chars(next, 4, ALNUM)}",auth:e.auth,credentials:"include"};`;
          case 5:
            return `eyJ${chars(next, 20, ALNUM)}.eyJ${chars(next, 30, ALNUM)}.`;
          case 6:
            return `if(${id}.key===${id}.privateKey)throw new Error("bad key");`;
          default:
            return `postgres://${id}:${chars(next, 3, ALNUM)}@`;
        }
      });
    },
  },
  // One unbroken run of base64, as an embedded font or image leaves in a CSS or JSON file.
  'base64-run': {
    file: 'assets/fonts.css',
    make: (bytes) => {
      const next = seededRandom(2);
      return `src: url(data:font/woff2;base64,${chars(next, bytes - 40, B64)});\n`;
    },
  },
  // Base64 in 76-character lines with PEM armour that never ends.
  'base64-lines-unclosed-pem': {
    file: 'certs/bundle.pem',
    make: (bytes) => {
      const next = seededRandom(3);
      return fill(bytes, (i) => (i % 50 === 0 ? '-----BEGIN PRIVATE KEY-----\n' : `${chars(next, 76, B64)}\n`));
    },
  },
  // Objects nested as deep as the size allows, every level keyed by a secret-looking word.
  'nested-json': {
    file: 'data/tree.json',
    make: (bytes) => {
      const open = '{"password":"x","token":{"api_key":[{"secret":';
      const depth = Math.floor(bytes / (open.length + 4));
      return open.repeat(depth) + '"end"' + '}]}}'.repeat(depth);
    },
  },
  // Many starts of things that never complete: URLs with no `@`, JWT heads, key words with no value.
  'unfinished-prefixes': {
    file: 'notes.txt',
    make: (bytes) => {
      const next = seededRandom(4);
      return fill(
        bytes,
        (i) =>
          [
            `mongodb://u:${chars(next, 40, ALNUM)} `,
            'eyJ' + chars(next, 40, ALNUM) + '.',
            'password=',
            'ghp_',
            'AKIA',
            '-----BEGIN RSA PRIVATE KEY-----',
            '"private_key": "',
          ][i % 7],
      );
    },
  },
  // Long identifier runs made of key words: `tokentokentoken...`.
  'key-word-runs': {
    file: 'words.txt',
    make: (bytes) => fill(bytes, (i) => (i % 1000 === 999 ? '\n' : ['token', 'password', 'secret', 'key'][i % 4])),
  },
};

async function time(detector: Detector, text: string, file: string): Promise<{ ms: number; findings: number }> {
  const started = performance.now();
  const { findings } = await detector.detect(text, { filePath: file });
  return { ms: performance.now() - started, findings: findings.length };
}

async function main(): Promise<void> {
  const vaultify = createDetector();
  const preset = new Detector(PRESET_RULES);
  const figures: Record<string, unknown> = {};
  const rows: { metric: string; vaultify: string; peer: string; target: string; met: boolean }[] = [];
  const bytes = SIZE_MB * MB;
  for (const [name, { file, make }] of Object.entries(CASES)) {
    const full = make(bytes);
    const half = make(bytes / 2);
    // Warm up the regex compiler and the JIT on a small text first.
    await time(vaultify, make(64 * 1024), file);
    const vHalf = await time(vaultify, half, file);
    const vFull = await time(vaultify, full, file);
    const pFull = await time(preset, full, file);
    const ratio = vFull.ms / Math.max(vHalf.ms, 0.001);
    const mbPerSec = full.length / MB / (vFull.ms / 1000);
    figures[name] = {
      mb: +(full.length / MB).toFixed(2),
      vaultifyMs: Math.round(vFull.ms),
      vaultifyHalfMs: Math.round(vHalf.ms),
      fullOverHalf: +ratio.toFixed(2),
      vaultifyMBps: +mbPerSec.toFixed(1),
      presetMs: Math.round(pFull.ms),
      findings: vFull.findings,
    };
    // Linear within noise: doubling the input at most triples the time.
    rows.push({
      metric: `pathological ${name}: ${SIZE_MB} MB scan (time at 2× size ÷ time at 1×)`,
      vaultify: `${Math.round(vFull.ms)} ms (×${ratio.toFixed(2)})`,
      peer: `${Math.round(pFull.ms)} ms (preset)`,
      target: '×≤3 (linear)',
      met: ratio <= 3,
    });
    console.log(
      `${name}: ${(full.length / MB).toFixed(1)} MB in ${Math.round(vFull.ms)} ms (half: ${Math.round(vHalf.ms)} ms, ×${ratio.toFixed(2)}), preset ${Math.round(pFull.ms)} ms, ${vFull.findings} findings`,
    );
  }
  console.log(JSON.stringify({ pathological: { sizeMB: SIZE_MB, cases: figures, rows } }));
}

void main();
