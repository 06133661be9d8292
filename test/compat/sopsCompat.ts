// A local check against files the real sops wrote (its own test fixtures, which are not copied
// into this repository). Their data keys are PGP-encrypted to sops' published test key, which
// Vaultify does not read, so gpg opens the key and Vaultify decrypts every value and verifies
// the MAC with it. Files with age recipients are opened with the identities sops would read
// (SOPS_AGE_KEY_FILE, say), and one value is changed to count the lines that differ. Each file is then moved to a new age recipient under a new data key (what
// removing a member does) and read back with that age identity. Usage, after importing sops' pgp/sops_functional_tests_key.asc into gpg:
//   node scripts/build.mjs --only test/compat/sopsCompat.ts && node out/test/compat/sopsCompat.js FILE...
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  decryptSopsFile,
  decryptWithDataKey,
  editSopsFile,
  formatForFile,
  generateAgeIdentity,
  readSopsIdentities,
  recipientOf,
} from '../../src/core/sops';
import { dotenvFormat } from '../../src/core/sops/dotenvFormat';
import { jsonFormat } from '../../src/core/sops/jsonFormat';
import { yamlFormat } from '../../src/core/sops/yamlFormat';

const handlers = { yaml: yamlFormat, json: jsonFormat, dotenv: dotenvFormat };
let failed = 0;
async function main(): Promise<void> {
  const identity = await generateAgeIdentity();
  const recipient = await recipientOf(identity);
  for (const file of process.argv.slice(2)) {
    const text = readFileSync(file, 'utf8');
    const format = formatForFile(file.replace(/\.enc\.env$/, '.env'));
    const raw = handlers[format].parse(text, file).metadata as Record<string, unknown>;
    if (Array.isArray(raw.age) && raw.age.length) {
      try {
        const opened = await decryptSopsFile(text, file, (await readSopsIdentities()).identities, format);
        console.log(`${file}: sops ${opened.metadata.version}, age, MAC verified, ${opened.values.length} values`);
        const first = opened.values.find((v) => v.encrypted)!;
        const edited = await editSopsFile(opened, { set: [{ path: first.path, value: { type: 'str', text: 'changed by the check' } }] });
        const before = text.split('\n');
        const changed = edited.text.split('\n').filter((line, i) => line !== before[i]);
        console.log(
          `${file}: one value changed, ${changed.length} lines differ (${changed.map((l) => l.trim().split(':')[0]).join(', ')})`,
        );
      } catch (error) {
        console.log(`${file}: ${(error as Error).message}`);
        failed++;
      }
      continue;
    }
    const groups = (raw.key_groups as Record<string, unknown>[] | undefined) ?? [raw];
    const pgp = groups.flatMap((g) => (g.pgp as { enc: string }[] | undefined) ?? []);
    let dataKey: Buffer | undefined;
    for (const { enc } of pgp) {
      try {
        dataKey = execFileSync('gpg', ['--batch', '--quiet', '--decrypt'], { input: enc, stdio: ['pipe', 'pipe', 'ignore'] });
        break;
      } catch {
        // Encrypted to the other test key; try the next.
      }
    }
    if (!dataKey) {
      console.log(`${file}: no data key opens with the test key`);
      failed++;
      continue;
    }
    try {
      const decrypted = decryptWithDataKey(text, file, dataKey, format);
      const types = [...new Set(decrypted.values.map((v) => v.value.type))].join(',');
      console.log(
        `${file}: sops ${decrypted.metadata.version}, MAC verified, ${decrypted.values.length} values (${types}), ${decrypted.comments.length} encrypted comments`,
      );
      const moved = await editSopsFile(decrypted, { recipients: [recipient], rotateDataKey: true });
      const reread = await decryptSopsFile(moved.text, file, [identity], format);
      const same =
        reread.values.every((v, i) => v.value.text === decrypted.values[i].value.text) &&
        reread.comments.length === decrypted.comments.length;
      console.log(`${file}: re-encrypted to an age recipient and read back: ${same ? 'same values and comments' : 'DIFFERENT'}`);
      if (!same) failed++;
    } catch (error) {
      console.log(`${file}: ${(error as Error).message}`);
      failed++;
    }
  }
  process.exitCode = failed ? 1 : 0;
}
void main();
