import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { writeFileAtomic } from '../files/atomicWrite';

/** Where the common systems keep their CA bundle; the first that exists is read. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text, and nothing else: a file that also holds a key never passes one on. */
export function certificatesOf(pem: string): string[] {
  return pem.match(CERTIFICATE) ?? [];
}

function readCertificates(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return certificatesOf(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * What this machine trusts: Node's roots, the system's bundle, the VS Code process's
 * `NODE_EXTRA_CA_CERTS` and the extra CA files of the settings. Certificates only, each once.
 */
export function machineTrustPems(extraCaFiles: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const system = SYSTEM_BUNDLES.map((f) => readCertificates(f)).find((c) => c.length > 0) ?? [];
  const all = [
    ...tls.rootCertificates,
    ...system,
    ...readCertificates(env.NODE_EXTRA_CA_CERTS),
    ...extraCaFiles.flatMap((f) => readCertificates(f)),
  ];
  return [...new Set(all.map((c) => c.trim()))];
}

/** A run's trust bundle: Vaultify's CA first, then what the machine trusts. */
export function trustBundleText(caPem: string, machineTrust: readonly string[]): string {
  return `${[...new Set([...certificatesOf(caPem), ...machineTrust].map((c) => c.trim()))].join('\n')}\n`;
}

/** Writes the bundle 0600 into `dir` (a 0700 per-user folder the caller made) and returns its path. */
export async function writeTrustBundle(dir: string, session: string, text: string): Promise<string> {
  const file = path.join(dir, `trust-${session}.pem`);
  await writeFileAtomic(file, text, 0o600);
  return file;
}

export async function removeTrustBundle(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
