/**
 * Team files benchmark, on a generated team file (labelled as such): opening a file of 1,000
 * values (data key, every value, the MAC) and resolving one reference; changing one value; and
 * removing a member (new data key, every value re-encrypted, the result decrypted again to
 * verify it). There is no sops binary to compare with; the peer column shows the age CLI
 * unwrapping the same file's data key, the one step both share.
 * Build, then run: node out/bench/sops.bench.js
 * Env: BENCH_VALUES (default 1000), BENCH_MEMBERS (default 5), BENCH_RUNS (default 7; 3 with BENCH_QUICK).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateAgeIdentity, recipientOf, TeamFile } from '../src/core/sops';

const QUICK = Boolean(process.env.BENCH_QUICK);
const VALUES = Number(process.env.BENCH_VALUES ?? 1000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 7));
const AGE = '/usr/bin/age';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await run();
  samples.push(performance.now() - t);
  return result;
}

async function main(): Promise<void> {
  const identities = await Promise.all(Array.from({ length: MEMBERS }, () => generateAgeIdentity()));
  const recipients = await Promise.all(identities.map(recipientOf));
  const values: Record<string, string> = {};
  for (let i = 0; i < VALUES; i++) values[`service${Math.floor(i / 20)}/key${i % 20}`] = `FAKE-generated-value-${i}-${'x'.repeat(24)}`;
  const own = [identities[0]];
  const { text } = await TeamFile.create('bench/team.yaml', recipients, own, values);
  const target = `service${Math.floor(VALUES / 40)}/key7`;
  console.log(`generated team file: ${VALUES} values, ${MEMBERS} recipients, ${Math.round(text.length / 1024)} KB`);

  const open: number[] = [];
  const set: number[] = [];
  const remove: number[] = [];
  const peer: number[] = [];
  let mustRotate = 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-sops-bench-'));
  try {
    const keyFile = path.join(dir, 'key.txt');
    writeFileSync(keyFile, identities[0] + '\n', { mode: 0o600 });
    const team = await TeamFile.open(text, 'bench/team.yaml', own);
    const enc = /enc: \|\n((?: {12}.*\n)+)/.exec(text)![1].replace(/^ {12}/gm, '');
    for (let run = 0; run < RUNS; run++) {
      await time(open, async () => {
        const opened = await TeamFile.open(text, 'bench/team.yaml', own);
        if (opened.get(target) !== values[target]) throw new Error('the reference did not resolve');
      });
      await time(set, () => team.set(target, `FAKE-rotated-${run}-${'y'.repeat(24)}`));
      const removal = await time(remove, () => team.removeMember(recipients[MEMBERS - 1]));
      mustRotate = removal.mustRotate.length;
      if (existsSync(AGE)) {
        const t = performance.now();
        execFileSync(AGE, ['-d', '-i', keyFile], { input: enc });
        peer.push(performance.now() - t);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const label = `generated file, ${VALUES.toLocaleString('en-US')} values, ${MEMBERS} members`;
  const peerText = peer.length ? `age CLI unwrapping the data key alone: ${Math.round(median(peer))} ms` : 'no age CLI here';
  const figures = {
    values: VALUES,
    members: MEMBERS,
    runs: RUNS,
    fileKB: Math.round(text.length / 1024),
    openAndResolveMs: Math.round(median(open)),
    setOneValueMs: Math.round(median(set)),
    removeMemberMs: Math.round(median(remove)),
    mustRotate,
    peerAgeUnwrapMs: peer.length ? Math.round(median(peer)) : undefined,
    rows: [
      {
        metric: `Team file: open and resolve one reference (${label}; median of ${RUNS})`,
        vaultify: `${Math.round(median(open))} ms`,
        peer: peerText,
      },
      { metric: `Team file: change one value, written and verified (${label})`, vaultify: `${Math.round(median(set))} ms` },
      {
        metric: `Team file: remove a member, re-encrypt every value, verify, list ${mustRotate.toLocaleString('en-US')} secrets to rotate (${label})`,
        vaultify: `${Math.round(median(remove))} ms`,
      },
    ],
  };
  console.log(
    `open + resolve ${figures.openAndResolveMs} ms, set one ${figures.setOneValueMs} ms, remove member ${figures.removeMemberMs} ms (${peerText})`,
  );
  console.log(JSON.stringify(figures));
}

void main();
