// The headline scan tree: repository source that installs offline, copied into
// bench/.work/source-tree/ so both scanners read the same plain files under one root.
//   go/      the Go standard library and tools, Debian's golang-1.19-src
//   rust/    the Rust standard library sources, Debian's rust-src
//   python/  this machine's Python standard library, /usr/lib/python3.11
// Install the first two with `apt-get install golang-1.19-src rust-src`. Only source is copied:
// text files (no NUL byte in their first 8 KB) of at most 2 MB, vaultify's default file limit, so
// that both scanners read the same bytes (secretlint has no size limit and reads archives and
// object files as text). The copy is kept while its manifest matches the installed files.
//
//   node bench/sourceTree.mjs     copy (if needed) and print the tree's size
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORK_DIR } from './scanners.mjs';

const TREE_DIR = join(WORK_DIR, 'source-tree');
const MANIFEST = join(WORK_DIR, 'source-tree.json');

/** Regular files a Debian package installs under `root`; none if it is not installed. */
function packageFiles(pkg, root) {
  let listed;
  try {
    listed = execFileSync('dpkg', ['-L', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 2 ** 20 }).split(
      '\n',
    );
  } catch {
    return [];
  }
  return listed.filter((p) => p.startsWith(root + '/') && lstatSync(p, { throwIfNoEntry: false })?.isFile());
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

const MAX_BYTES = 2048 * 1024;

/** A source file: at most `MAX_BYTES`, and no NUL byte in its first 8 KB. */
function isSource(path) {
  if (lstatSync(path).size > MAX_BYTES) return false;
  const head = Buffer.alloc(8192);
  const fd = openSync(path, 'r');
  try {
    return !head.subarray(0, readSync(fd, head, 0, head.length, 0)).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Each part of the tree: its name, the root its files are relative to, and the files. */
function sources() {
  return [
    { name: 'go', root: '/usr/share/go-1.19', files: packageFiles('golang-1.19-src', '/usr/share/go-1.19') },
    { name: 'rust', root: '/usr/src/rustc-1.63.0', files: packageFiles('rust-src', '/usr/src/rustc-1.63.0') },
    { name: 'python', root: '/usr/lib/python3.11', files: filesUnder('/usr/lib/python3.11') },
  ].map((s) => ({ ...s, files: s.files.filter(isSource) }));
}

/** The copied tree: `{ dir, manifest: { parts: [{ name, files, bytes }], files, bytes } }`. */
export function ensureSourceTree() {
  const parts = sources().map((s) => ({ ...s, bytes: s.files.reduce((n, f) => n + lstatSync(f).size, 0) }));
  const missing = parts.filter((p) => !p.files.length).map((p) => p.name);
  if (missing.length) throw new Error(`source tree: ${missing.join(', ')} not installed (apt-get install golang-1.19-src rust-src)`);
  const manifest = { parts: parts.map(({ name, files, bytes }) => ({ name, files: files.length, bytes })), files: 0, bytes: 0 };
  for (const p of manifest.parts) {
    manifest.files += p.files;
    manifest.bytes += p.bytes;
  }
  if (existsSync(MANIFEST) && existsSync(TREE_DIR) && readFileSync(MANIFEST, 'utf8') === JSON.stringify(manifest) + '\n')
    return { dir: TREE_DIR, manifest };
  rmSync(TREE_DIR, { recursive: true, force: true });
  for (const part of parts) {
    for (const file of part.files) {
      const to = join(TREE_DIR, part.name, relative(part.root, file));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(file, to);
    }
  }
  writeFileSync(MANIFEST, JSON.stringify(manifest) + '\n');
  return { dir: TREE_DIR, manifest };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { dir, manifest } = ensureSourceTree();
  console.log(
    `${relative(process.cwd(), dir)}: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB (${manifest.parts.map((p) => `${p.name} ${(p.bytes / 1e6).toFixed(1)} MB`).join(', ')})`,
  );
}
