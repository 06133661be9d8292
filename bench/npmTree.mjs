// The real-code benchmark tree: the published files of pinned npm packages, exactly as the
// registry serves them, unpacked into bench/.work/npm-tree/<name>@<version>/.
//
//   node bench/npmTree.mjs     fetch (once) and print the tree's size
//
// Each tarball comes from `npm pack NAME@VERSION` and is checked against the sha512 integrity
// pinned below before it is unpacked, so every machine scans the same bytes. The tree is kept
// while its manifest matches the list; change the list and it is fetched again.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORK_DIR } from './scanners.mjs';

/**
 * Large, widely used JavaScript and TypeScript sources: compilers, SDKs with generated API
 * models, utility libraries and their bundles. Integrities are the registry's `dist.integrity`.
 */
export const NPM_PACKAGES = [
  {
    name: 'typescript',
    version: '5.9.3',
    integrity: 'sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw==',
  },
  {
    name: 'playwright-core',
    version: '1.65.1',
    integrity: 'sha512-hqPpz7blSMPxWVdoeE1yiBSzXsKiVOd2k+kjCvmUywD2GPO2Dd9HfcWnq9NN0GHbNZDFgZ9JfBFr+X5/BLo0qw==',
  },
  {
    name: 'aws-sdk',
    version: '2.1693.0',
    integrity: 'sha512-cJmb8xEnVLT+R6fBS5sn/EFJiX7tUnDaPtOPZ1vFbOJtd0fnZn/Ky2XGgsvvoeliWeH7mL3TWSX5zXXGSQV6gQ==',
  },
  {
    name: 'lodash',
    version: '4.17.21',
    integrity: 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
  },
  {
    name: 'rxjs',
    version: '7.8.2',
    integrity: 'sha512-dhKf903U/PQZY6boNNtAGdWbG85WAbjT/1xYoZIC7FAY0yWapOBQVsVrDl58W86//e1VpMNBtRV4MaXfdMySFA==',
  },
  {
    name: '@babel/parser',
    version: '7.28.5',
    integrity: 'sha512-KKBU1VGYR7ORr3At5HAtUQ+TV3SzRCXmA/8OdDZiLDBIZxVyzXuztPjfLd3BV1PRAQGCMWWSHYhL0F8d5uHBDQ==',
  },
  {
    name: '@babel/types',
    version: '7.28.5',
    integrity: 'sha512-qQ5m48eI/MFLQ5PxQj4PFaprjyCTLI37ElWMmNs0K8Lk3dVeOdNpB3ks8jc7yM5CDmVC73eMVk/trk3fgmrUpA==',
  },
  {
    name: '@babel/traverse',
    version: '7.28.5',
    integrity: 'sha512-TCCj4t55U90khlYkVV/0TfkJkAkUg3jZFA3Neb7unZT8CPok7iiRfaX0F+WnqWqt7OxhOn0uBKXCw4lbL8W0aQ==',
  },
  {
    name: '@babel/generator',
    version: '7.28.5',
    integrity: 'sha512-3EwLFhZ38J4VyIP6WNtt2kUdW9dokXA9Cr4IVIFHuCpZ3H8/YFOl5JjZHisrn1fATPBmKKqXzDFvh9fUwHz6CQ==',
  },
  {
    name: '@babel/core',
    version: '7.28.5',
    integrity: 'sha512-e7jT4DxYvIDLk1ZHmU/m/mB19rex9sv0c2ftBtjSBv+kVM/902eh0fINUzD7UwLLNR+jU585GxUJ8/EBfAM5fw==',
  },
];

const TREE_DIR = join(WORK_DIR, 'npm-tree');
const TARBALLS = join(WORK_DIR, 'npm-tarballs');
const MANIFEST = join(WORK_DIR, 'npm-tree.json');

const specOf = (p) => `${p.name}@${p.version}`;

function treeBytes(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeBytes(full);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += statSync(full).size;
      files++;
    }
  }
  return { bytes, files };
}

function fetchOne(p) {
  mkdirSync(TARBALLS, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', specOf(p), '--json', '--pack-destination', TARBALLS], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(TARBALLS, packed.filename);
  const integrity = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
  if (p.integrity && integrity !== p.integrity)
    throw new Error(`${specOf(p)}: tarball integrity ${integrity} is not the pinned ${p.integrity}`);
  const dest = join(TREE_DIR, specOf(p).replace('/', '+'));
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1', '--no-same-owner'], { stdio: 'inherit' });
  rmSync(tarball, { force: true });
  return integrity;
}

/** The tree's folder and manifest ({ packages, bytes, files }), fetched when missing or stale. */
export function ensureNpmTree() {
  const wanted = NPM_PACKAGES.map(specOf);
  if (existsSync(MANIFEST) && existsSync(TREE_DIR)) {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    if (JSON.stringify(manifest.packages.map((p) => p.spec)) === JSON.stringify(wanted)) return { dir: TREE_DIR, manifest };
  }
  rmSync(TREE_DIR, { recursive: true, force: true });
  const packages = NPM_PACKAGES.map((p) => {
    console.error(`npm-tree: fetching ${specOf(p)}`);
    return { spec: specOf(p), integrity: fetchOne(p) };
  });
  const manifest = { packages, ...treeBytes(TREE_DIR) };
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  return { dir: TREE_DIR, manifest };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { dir, manifest } = ensureNpmTree();
  console.log(`${dir}: ${(manifest.bytes / 1e6).toFixed(1)} MB in ${manifest.files} files`);
  for (const p of manifest.packages) console.log(`  ${p.spec} ${p.integrity}`);
}
