import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files under `root` (recursively, binary ones too) whose bytes contain any of the values. */
export function filesContaining(root: string, values: readonly string[]): string[] {
  const needles = values.map((v) => Buffer.from(v, 'utf8'));
  const hits: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(full);
        } catch {
          continue;
        }
        if (needles.some((n) => bytes.includes(n))) hits.push(full);
      }
    }
  };
  walk(root);
  return hits;
}

/** A value as it could be written by mistake into a record: raw, base64 (both alphabets) and hex. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
}
