/**
 * Audit benchmark: the cost of one audited release and of verifying a long trail.
 * - Release: the broker's work between the request and the value, outside VS Code: the policy
 *   decision against 20 live grants, the value's HMAC fingerprint, sealing the record, appending it
 *   to the segment (one write, fsync'd) and moving the chain head. VS Code's SecretStorage write of
 *   the head is an IPC round trip to the OS keychain and is not in this figure.
 * - Verify: `verifyChain` over a generated trail of 100,000 records (segments of 8 MB), read from
 *   disk; the peer is SHA-256 over the same bytes, the floor any hash-chained check pays.
 * Build, then run: node out/bench/audit.bench.js
 * Env: BENCH_RELEASES (default 2000; 300 with BENCH_QUICK), BENCH_RECORDS (default 100000; 10000 with BENCH_QUICK).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditFile, type ChainHead, GENESIS, sealRecord, valueFingerprint, verifyChain } from '../src/core/audit';
import { type Grant, type ReleaseRequest, decide, grantFor } from '../src/core/policy';

const QUICK = Boolean(process.env.BENCH_QUICK);
const RELEASES = Number(process.env.BENCH_RELEASES ?? (QUICK ? 300 : 2000));
const RECORDS = Number(process.env.BENCH_RECORDS ?? (QUICK ? 10_000 : 100_000));

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (v: number): string => `${v.toFixed(3)} ms`;

function request(i: number): ReleaseRequest {
  return {
    requester: { kind: 'driven', label: 'task: deploy' },
    secrets: [{ name: `deploy/token${i % 20}`, scope: 'ws-bench' }],
    channel: 'process',
    purpose: 'injecting into a masked terminal',
    command: 'npm run deploy',
    cwd: '/work/app',
    workspace: 'ws-bench',
  };
}

async function releases(dir: string): Promise<{ p50: number; p99: number }> {
  const file = new AuditFile(dir);
  const key = randomBytes(32).toString('hex');
  const value = randomBytes(30).toString('base64');
  let head: ChainHead = { seq: 0, hash: GENESIS };
  let storedHead = '';
  const grants: Grant[] = Array.from({ length: 20 }, (_, i) => grantFor(request(i), 'session', 0, `grant-${i}`));
  const times: number[] = [];
  for (let i = 0; i < RELEASES; i++) {
    const started = performance.now();
    const req = request(i);
    const decision = decide(req, grants, 1);
    if (decision.kind !== 'allow') throw new Error('the bench expects a covering grant');
    const record = sealRecord(
      {
        event: 'release',
        requester: req.requester,
        secrets: [{ ...req.secrets[0], fingerprint: valueFingerprint(key, value) }],
        channel: req.channel,
        purpose: req.purpose,
        command: req.command,
        cwd: req.cwd,
        grant: { id: decision.reason === 'grant' ? decision.grant.id : '', duration: 'session' },
      },
      head,
      new Date(),
      key,
    );
    await file.append(record);
    head = { seq: record.seq, hash: record.hash };
    storedHead = JSON.stringify(head);
    times.push(performance.now() - started);
  }
  if (!storedHead) throw new Error('no release was measured');
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function verify(dir: string): Promise<{ verifyMs: number; hashMs: number; bytes: number; ok: boolean }> {
  const file = new AuditFile(dir, 8 * 1024 * 1024);
  const key = randomBytes(32).toString('hex');
  let head: ChainHead = { seq: 0, hash: GENESIS };
  // Generated records, written in batches: the figure is the verification, not the writing.
  const batch: string[] = [];
  const { appendFile, mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const segment = path.join(dir, 'audit-000001.jsonl');
  for (let i = 0; i < RECORDS; i++) {
    const record = sealRecord(
      {
        event: i % 3 ? 'release' : 'grant',
        requester: { kind: 'driven', label: 'task: deploy' },
        secrets: [{ name: `deploy/token${i % 50}`, scope: 'ws-bench', fingerprint: createHash('sha256').update(String(i)).digest('hex') }],
        channel: 'process',
        purpose: 'injecting into a masked terminal',
        command: 'npm run deploy',
        cwd: '/work/app',
      },
      head,
      new Date(Date.UTC(2026, 0, 1) + i * 1000),
      key,
    );
    head = { seq: record.seq, hash: record.hash };
    batch.push(JSON.stringify(record));
    if (batch.length === 5000) await appendFile(segment, `${batch.splice(0).join('\n')}\n`);
  }
  if (batch.length) await appendFile(segment, `${batch.join('\n')}\n`);
  const started = performance.now();
  const segments = await file.segments();
  const result = verifyChain(segments, { head, key });
  const verifyMs = performance.now() - started;
  const bytes = segments.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
  const hashStarted = performance.now();
  for (const s of segments) createHash('sha256').update(s.text).digest('hex');
  return { verifyMs, hashMs: performance.now() - hashStarted, bytes, ok: result.ok && result.records === RECORDS };
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'vaultify-audit-bench-'));
  try {
    const release = await releases(path.join(root, 'releases'));
    console.log(`audited release (${RELEASES} runs): p50 ${ms(release.p50)}, p99 ${ms(release.p99)}`);
    const v = await verify(path.join(root, 'verify'));
    if (!v.ok) throw new Error('the generated trail did not verify');
    console.log(
      `verify ${RECORDS} records (${(v.bytes / 1e6).toFixed(1)} MB): ${v.verifyMs.toFixed(0)} ms; SHA-256 of the same bytes ${v.hashMs.toFixed(0)} ms`,
    );
    const figures = {
      audit: {
        rows: [
          { metric: 'audited release p50 (decide, HMAC, seal, fsync append; keychain head write not included)', vaultify: ms(release.p50) },
          { metric: 'audited release p99', vaultify: ms(release.p99) },
          {
            metric: `Verify audit trail, ${RECORDS.toLocaleString('en')} records (generated, ${(v.bytes / 1e6).toFixed(1)} MB)`,
            vaultify: `${v.verifyMs.toFixed(0)} ms`,
            peer: `${v.hashMs.toFixed(0)} ms (one SHA-256 over the bytes)`,
          },
        ],
        releases: RELEASES,
        records: RECORDS,
      },
    };
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
