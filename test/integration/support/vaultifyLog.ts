import * as fs from 'node:fs';
import * as path from 'node:path';

/** The text of this window's Vaultify output channel, as its log file holds it so far ('' before it exists). */
export function vaultifyLog(): string {
  const logs = path.join(process.env.VAULTIFY_TEST_USER_DATA!, 'logs');
  const files = fs.existsSync(logs)
    ? fs
        .readdirSync(logs, { recursive: true })
        .map(String)
        .filter((f) => path.basename(f) === 'Vaultify.log')
        .map((f) => path.join(logs, f))
    : [];
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('');
}
