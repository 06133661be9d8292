import { decodeBase64, hasBech32Checksum } from './checksums';
import { shannonEntropy } from './entropy';
import { isServiceAccountJson } from './gcp';
import { defineRule, type SecretMatch, tokenRule } from './ruleDefinition';

const BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** How far a PEM body may run before its END line: an 8192-bit RSA key in escaped JSON fits. */
const MAX_BODY = 20_000;

/**
 * The base64 body of a PEM block, wherever it is written: plain, JSON-escaped once or twice
 * (`\n`, `\\n`), YAML indented, concatenated string by string in code (`"MIIE…\n" +`,
 * `+ "MIIE…"`, Python's adjacent literals, a `\` continuing the line), or printed into a log
 * whose lines start with a timestamp or a build step (`2026-01-02 10:00:00 MIIB…`, `#6 0.245 MIIB…`),
 * or pasted into a comment (a leading `*` or `#`, a block comment's own marks): a body line is its
 * last word holding a letter or digit, less the quotes, operators and comment marks around it
 * (never base64 characters, but for a `+` outside the quotes). Armour headers (`Proc-Type:`,
 * `Version:`) and PGP's CRC line are dropped.
 */
function pemBody(raw: string): string {
  return (
    raw
      .replace(/\\+[rn]/g, '\n')
      .replace(/["'`]\s{0,8}\+?\s{0,8}["'`]/g, '')
      .split('\n')
      .filter((line) => !/^\W{0,8}[A-Za-z][A-Za-z0-9-]{0,40}:\s/.test(line))
      .map((line) => (lastWord(line) ?? '').replace(CODE_AROUND_WORD, ''))
      // Left of the END line, a log line's prefix is all there is: a time or a step number.
      .filter((line) => line && !/^=[A-Za-z0-9+/]{4}$/.test(line) && !/^#?\d{1,4}(?:[.:]\d{1,9}){0,3}$/.test(line))
      .join('')
  );
}

/** A line's last word with a letter or digit: a lone `+`, quote or `\` is the code around a string piece. */
function lastWord(line: string): string | undefined {
  const words = line.trim().split(/\s+/);
  for (let i = words.length - 1; i >= 0; i--) if (/[A-Za-z0-9]/.test(words[i])) return words[i];
  return undefined;
}

/** Comment marks, quotes and the operators of a concatenation or a continued line, at either end of a word. */
const CODE_AROUND_WORD = /^(?:\/\*|[*#(]|\+?["'`])+|(?:\*\/|["'`]\+?|\\+|[;,)])+$/g;

/**
 * Whether a PEM body is key material and not a stand-in: base64, long enough for the smallest
 * key (an Ed25519 PKCS#8 key is 64 characters), and starting as DER (`M`, a SEQUENCE),
 * OpenSSH (`b3BlbnNzaC1rZXktdjE`, "openssh-key-v1") or SSH.com's format (`P2/56w`) do.
 * This accepts the EC keys starting `MHc` that secretlint's preset drops.
 */
function isKeyMaterial(type: string, body: string): boolean {
  if (body.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  if (shannonEntropy(body) < 4.5 || typedByHand(body)) return false;
  if (type.startsWith('PGP')) return true;
  return /^(?:M|b3BlbnNzaC1rZXktdjE|P2\/56w)/.test(body);
}

/**
 * Whether a base64 body was typed by hand into a key's frame: encoded bytes (DER, ciphertext)
 * spread over upper- and lower-case letters alike, about two in five each, and a body of 64 or
 * more characters with fewer than one in eight of either (`zuEsdajhfakjshdkfh…`) is a stand-in.
 */
function typedByHand(body: string): boolean {
  const upper = body.replace(/[^A-Z]/g, '').length;
  const lower = body.replace(/[^a-z]/g, '').length;
  return upper * 8 < body.length || lower * 8 < body.length;
}

const TITLES: Record<string, string> = {
  'RSA ': 'RSA private key',
  'EC ': 'EC private key',
  'DSA ': 'DSA private key',
  'OPENSSH ': 'OpenSSH private key',
  'ENCRYPTED ': 'encrypted private key',
  'PGP ': 'PGP private key block',
  'SSH2 ENCRYPTED ': 'SSH.com private key',
};

const END = /-----END /g;
/** The END line of any private key: a tool may write `BEGIN PRIVATE KEY` and `END RSA PRIVATE KEY`. */
const END_MARKER = /^-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/;

const pem = defineRule({
  id: 'private-key',
  keywords: ['private key'],
  *scan({ text }) {
    const serviceAccount = isServiceAccountJson(text);
    // A block ends at the first END line after its BEGIN. BEGINs come in order, so that END only
    // moves forward: one pass over the text however many BEGINs lack an END.
    let end = -1;
    for (const m of text.matchAll(BEGIN)) {
      const type = m[1];
      const bodyStart = m.index + m[0].length;
      if (end < bodyStart) {
        END.lastIndex = bodyStart;
        const next = END.exec(text);
        if (!next) return;
        end = next.index;
      }
      const endMarker = end - bodyStart > MAX_BODY ? null : END_MARKER.exec(text.slice(end, end + 80));
      if (!endMarker) continue;
      const stop = end - bodyStart;
      const raw = text.slice(bodyStart, end);
      if (!isKeyMaterial(type, pemBody(raw))) continue;
      // A service-account file's key is reported, with its kind, by the GCP rule.
      if (serviceAccount && /"private_key"\s{0,10}:\s{0,10}"$/.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      const prefix = type.replace(/PRIVATE KEY(?: BLOCK)?$/, '');
      const encrypted = prefix.includes('ENCRYPTED') || /Proc-Type:\s{0,4}4,ENCRYPTED/.test(raw);
      const match: SecretMatch = {
        start: m.index,
        end: bodyStart + stop + endMarker[0].length,
        kind: 'private-key',
        title: TITLES[prefix] ?? 'private key',
        // A passphrase still protects an encrypted key; it is worth moving, not worth alarm.
        confidence: encrypted ? 'medium' : 'high',
      };
      yield match;
    }
  },
});

const PUTTY = /PuTTY-User-Key-File-[23]: [A-Za-z0-9-]{1,40}\r?\nEncryption: ([A-Za-z0-9-]{1,40})/g;

const putty = defineRule({
  id: 'putty-private-key',
  keywords: ['putty-user-key-file'],
  *scan({ text }) {
    const MAC = /\nPrivate-MAC: [0-9a-f]{40,64}/g;
    let mac: RegExpExecArray | null = null;
    for (const m of text.matchAll(PUTTY)) {
      // As for PEM END lines, the next MAC only moves forward.
      if (!mac || mac.index < m.index) {
        MAC.lastIndex = m.index;
        mac = MAC.exec(text);
        if (!mac) return;
      }
      const file = text.slice(m.index, mac.index);
      if (mac.index - m.index > MAX_BODY || !/\nPrivate-Lines: [0-9]{1,3}\r?\n[A-Za-z0-9+/=]{16,}/.test(file)) continue;
      const match: SecretMatch = {
        start: m.index,
        end: mac.index + mac[0].length,
        kind: 'putty-private-key',
        title: 'PuTTY private key',
        confidence: m[1] === 'none' ? 'high' : 'medium',
      };
      yield match;
    }
  },
});

const KTY = /"kty"\s{0,10}:\s{0,10}"([^"\n]{1,20})"/g;
/** A private JWK's secret member: `d` for EC, RSA and OKP keys, `k` for a symmetric (`oct`) key. */
const PRIVATE_MEMBER = /"d"\s{0,10}:\s{0,10}"([A-Za-z0-9_-]{16,})"/d;
const SYMMETRIC_MEMBER = /"k"\s{0,10}:\s{0,10}"([A-Za-z0-9_-]{16,})"/d;
/** How far a JWK object may run: an RSA key of 8192 bits with its CRT members fits. */
const MAX_JWK = 16_000;

/**
 * A private JSON Web Key: the object holding `"kty"` and a private member. The whole object is
 * the credential (its `kty`, `n`, `crv` say how to use the secret), so it is the finding; a
 * public JWK, with no `d` or `k`, is not reported.
 */
function* privateJwks(text: string): Iterable<SecretMatch> {
  let after = 0;
  for (const m of text.matchAll(KTY)) {
    if (m.index < after) continue;
    const open = text.lastIndexOf('{', m.index);
    const close = text.indexOf('}', m.index);
    if (open < 0 || close < 0 || m.index - open > MAX_JWK || close - m.index > MAX_JWK) continue;
    const object = text.slice(open, close + 1);
    // A flat object: a brace between `{` and `"kty"` means the `{` belongs to another object.
    if (object.indexOf('}') !== object.length - 1 || object.lastIndexOf('{') !== 0) continue;
    const member = m[1].toLowerCase() === 'oct' ? SYMMETRIC_MEMBER : PRIVATE_MEMBER;
    const secret = member.exec(object)?.indices?.[1];
    if (!secret) continue;
    after = close + 1;
    const match: SecretMatch = {
      start: open,
      end: close + 1,
      kind: 'jwk-private-key',
      title: 'private JSON Web Key',
      confidence: 'high',
      // Judged by its private member: a `kid` or another member's name says nothing of the key.
      secretPart: secret,
    };
    yield match;
  }
}

const jwk = defineRule({ id: 'json-web-key', keywords: ['"kty"'], scan: ({ text }) => privateJwks(text) });

/** A base64 string that starts `-----BEGIN `: what a Kubernetes Secret's `tls.key` holds. */
const BASE64_PEM = /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,20000}={0,2}(?![A-Za-z0-9+/=])/g;

/**
 * `-----BEGIN ` inside a longer base64 string, at each of the three byte alignments: a document
 * that holds a PEM key (a YAML of certificates and keys) encoded whole.
 */
const NESTED_PEM_MARK = /0tLS0tQkVHSU4g|tLS0tLUJFR0lO|(?<=[A-Za-z0-9+/])LS0tLS1CRUdJ/g;
/** How far a base64 document holding a key is read either way of its `BEGIN`. */
const MAX_DOCUMENT = 20_000;
const isBase64Char = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
const PRIVATE_BLOCK = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY(?: BLOCK)?-----([\s\S]{1,20000}?)-----END /;

/**
 * The base64 strings around each match of `mark`, decoded: `after` is where the previous string
 * ended, so each string is expanded and decoded once.
 */
function* base64DocumentsAround(text: string, mark: RegExp): Iterable<{ start: number; end: number; decoded: string }> {
  let after = 0;
  for (const m of text.matchAll(mark)) {
    if (m.index < after) continue;
    let start = m.index;
    while (start > after && m.index - start < MAX_DOCUMENT && isBase64Char(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && end - m.index < MAX_DOCUMENT && isBase64Char(text.charCodeAt(end))) end++;
    while (end < text.length && text[end] === '=' && end - m.index < MAX_DOCUMENT + 2) end++;
    after = end;
    // An encoded document starts at the string's start; one cut at the bound cannot be decoded in step.
    if (start > 0 && isBase64Char(text.charCodeAt(start - 1))) continue;
    const length = end - start - ((end - start) % 4);
    yield { start, end, decoded: decodeBase64(text.slice(start, start + length))?.toString('latin1') ?? '' };
  }
}

/**
 * Base64 strings that decode to a document holding a PEM private key further in: the whole
 * string is reported, when the key's own body is key material.
 */
function* nestedBase64Keys(text: string): Iterable<SecretMatch> {
  for (const { start, end, decoded } of base64DocumentsAround(text, NESTED_PEM_MARK)) {
    const block = PRIVATE_BLOCK.exec(decoded);
    if (!block || !isKeyMaterial(block[1], pemBody(block[2]))) continue;
    const encrypted = block[1].includes('ENCRYPTED') || /Proc-Type:\s{0,4}4,ENCRYPTED/.test(block[2]);
    yield { start, end, kind: 'private-key', title: 'private key in base64', confidence: encrypted ? 'medium' : 'high' };
  }
}

/** `"kty"` encoded in base64, at each of the three byte alignments. */
const BASE64_KTY = /Imt0eS|JrdHki|ia3R5I/g;

/**
 * A JSON Web Key or key set encoded whole in base64 (a Kubernetes Secret's `jwks.json`, a
 * `JWKS_B64` variable): the string is reported when a key in it is private, as the JWK rule
 * reads one.
 */
function* base64PrivateJwks(text: string): Iterable<SecretMatch> {
  for (const { start, end, decoded } of base64DocumentsAround(text, BASE64_KTY)) {
    if (privateJwks(decoded)[Symbol.iterator]().next().done) continue;
    yield { start, end, kind: 'jwk-private-key', title: 'private JSON Web Key in base64', confidence: 'high' };
  }
}

/**
 * A PEM private key encoded in base64 as one string (Kubernetes Secrets, CI variables, Helm
 * values): reported when the decoded header says it is a private key. A key split across quoted
 * strings is found by its first string. A key further inside an encoded document is found by
 * its encoded `BEGIN` line, and a private JSON Web Key by its encoded `"kty"`.
 */
const base64Pem = defineRule({
  id: 'base64-private-key',
  keywords: ['ls0tls1crudj', '0tls0tqkvhsu4g', 'tls0tlujfr0lo', 'imt0es', 'jrdhki', 'ia3r5i'],
  *scan({ text }) {
    yield* nestedBase64Keys(text);
    yield* base64PrivateJwks(text);
    for (const m of text.matchAll(BASE64_PEM)) {
      const head = decodeBase64(m[0].slice(0, 64))?.toString('latin1') ?? '';
      if (!/^-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE[ -]/.test(head)) continue;
      const decoded = decodeBase64(m[0].slice(0, m[0].length - (m[0].length % 4)))?.toString('latin1') ?? '';
      // A body typed by hand, as in a PEM block; a string cut short has no END line to judge by.
      const body = /^-----BEGIN [^\n]{1,60}-----\r?\n([\s\S]{1,20000}?)-----END /.exec(decoded)?.[1];
      if (body !== undefined && typedByHand(pemBody(body))) continue;
      // As for a PEM block: a passphrase still protects an encrypted key.
      const encrypted = /ENCRYPTED/.test(decoded.slice(0, 200));
      const match: SecretMatch = {
        start: m.index,
        end: m.index + m[0].length,
        kind: 'private-key',
        title: 'private key in base64',
        confidence: encrypted ? 'medium' : 'high',
      };
      yield match;
    }
  },
});

export const PRIVATE_KEY_RULES = [
  pem,
  putty,
  jwk,
  base64Pem,
  tokenRule(
    'age',
    ['age-secret-key-1'],
    [
      {
        kind: 'age-secret-key',
        title: 'age secret key',
        pattern: /(?<![A-Za-z0-9-])AGE-SECRET-KEY-1[0-9A-Z]{58}(?![A-Za-z0-9])/g,
        checksum: hasBech32Checksum,
      },
    ],
  ),
];
