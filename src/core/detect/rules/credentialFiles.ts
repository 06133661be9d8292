import { decodeBase64 } from './checksums';
import { defineRule, type SecretMatch } from './ruleDefinition';

function baseName(filePath: string | undefined): string {
  return filePath ? filePath.replace(/^.*[\\/]/, '') : '';
}

/** `.netrc`: `machine HOST login USER password SECRET`, on one line or several. */
const NETRC = /(?:^|\s)password\s{1,8}(?<secret>[^\s#]{1,256})/dg;

/** `.npmrc`: `//registry/:_authToken=...`, `_auth=` (base64 user:password) and `_password=` (base64). */
const NPMRC = /(?<![A-Za-z0-9])(?<key>_authToken|_auth|_password)\s{0,4}=\s{0,4}["']?(?<secret>[^\s"'#;]{1,2048})/dg;

/** Docker's `config.json`: `"auths": { "registry": { "auth": "base64(user:password)" } }` and identity tokens. */
const DOCKER_AUTH = /"(?<key>auth|identitytoken|registrytoken)"\s{0,10}:\s{0,10}"(?<secret>[^"\\\s]{8,4096})"/dg;

/** `.pgpass`: `host:port:database:user:password`, one per line. */
const PGPASS = /^(?:[^:\n]{1,255}:){4}(?<secret>[^\n\r]{1,256})$/dgm;

export const CREDENTIAL_FILE_RULES = [
  defineRule({
    id: 'netrc',
    keywords: ['password'],
    *scan({ text, filePath }) {
      const named = /^[._]netrc$/.test(baseName(filePath));
      if (!named && !/(?:^|\s)machine\s+\S+\s+login\s/.test(text)) return;
      for (const m of text.matchAll(NETRC)) {
        const [start, end] = m.indices!.groups!.secret;
        const match: SecretMatch = { start, end, kind: 'netrc-password', title: 'password in a .netrc file', confidence: 'high' };
        yield match;
      }
    },
  }),
  defineRule({
    id: 'npmrc',
    keywords: ['_auth', '_password'],
    *scan({ text }) {
      for (const m of text.matchAll(NPMRC)) {
        const [start, end] = m.indices!.groups!.secret;
        const key = m.groups!.key;
        const match: SecretMatch = {
          start,
          end,
          kind: key === '_authToken' ? 'npmrc-auth-token' : 'npmrc-auth',
          title: key === '_authToken' ? 'npm auth token in .npmrc' : 'npm credentials in .npmrc',
          confidence: 'high',
        };
        yield match;
      }
    },
  }),
  defineRule({
    id: 'docker-config',
    keywords: ['"auth"', '"identitytoken"', '"registrytoken"'],
    *scan({ text }) {
      if (!text.includes('"auths"')) return;
      for (const m of text.matchAll(DOCKER_AUTH)) {
        const [start, end] = m.indices!.groups!.secret;
        // `auth` is base64 of `user:password`; anything else there is not a credential.
        if (m.groups!.key === 'auth' && !decodeBase64(text.slice(start, end))?.toString('utf8').includes(':')) continue;
        const match: SecretMatch = { start, end, kind: 'docker-registry-auth', title: 'Docker registry credentials', confidence: 'high' };
        yield match;
      }
    },
  }),
  defineRule({
    id: 'pgpass',
    keywords: [':'],
    fileNames: ['.pgpass'],
    *scan({ text, filePath }) {
      if (baseName(filePath) !== '.pgpass') return;
      for (const m of text.matchAll(PGPASS)) {
        if (m[0].startsWith('#')) continue;
        const [start, end] = m.indices!.groups!.secret;
        const match: SecretMatch = { start, end, kind: 'pgpass-password', title: 'password in a .pgpass file', confidence: 'high' };
        yield match;
      }
    },
  }),
];
