// Generates the labelled detection corpus under test/fixtures/detect/ (issue 6, "Measure it").
//
//   node scripts/generate-corpus.mjs          writes the corpus and labels.json
//   node scripts/generate-corpus.mjs --check  exits 1 if the files on disk differ from what it would write
//
// Every value is synthetic: drawn from a PRNG seeded per file, shaped like the vendor's real format
// (prefix, length, charset), with the real checksum where the vendor has one (GitHub and npm CRC32,
// age bech32, PuTTY MAC, DER structure of PEM keys). Re-running gives byte-identical files, so the
// committed corpus is stable and any change to it shows up as a diff.
//
// labels.json: { files: { "<path under test/fixtures/detect>": { family, secrets: [{ line, endLine?, kind, family? }] } } }
// Lines are 1-based. A multi-line secret (PEM) carries `endLine`. `family` on a secret overrides the
// file's family (files in positives/mixed/). Negative files have family "negative:<filter category>".
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const UPHEX = '0123456789ABCDEF';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const B62 = DIGITS + UPPER + LOWER;
export const B64 = UPPER + LOWER + DIGITS + '+/';
export const WORD = B62 + '_';
export const URLSAFE = B62 + '_-';
const LOWER_ALNUM = DIGITS + LOWER;
const UPPER_ALNUM = DIGITS + UPPER;
const BASE32 = UPPER + '234567';

/** Random strings that a placeholder filter could mistake for a stand-in are drawn again. */
const LOOKS_LIKE_PLACEHOLDER = /(.)\1\1\1|0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|xxx|example|test|fake|dummy|sample|demo|secret|token|passw|changeme|your/i;

/** sfc32, seeded from a SHA-256 of the seed string: small, fast and identical on every platform. */
export function makeRng(seed) {
  const h = createHash('sha256').update(String(seed)).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const rng = {
    float: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    bool: (p = 0.5) => next() < p,
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
    chars: (n, alphabet) => {
      for (;;) {
        let s = '';
        for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
        if (n < 6 || !LOOKS_LIKE_PLACEHOLDER.test(s)) return s;
      }
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    sample: (items, n) => rng.shuffle(items).slice(0, n),
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// Encodings

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const b64 = (buf) => Buffer.from(buf).toString('base64');

function base62(n, width) {
  let s = '';
  while (n > 0) {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(width, '0');
}

/** GitHub and npm token checksum: CRC32 of the random part, base62, left-padded to 6. */
export function crcTokenSuffix(random) {
  return base62(crc32(Buffer.from(random, 'ascii')) >>> 0, 6);
}

function wrap(text, width) {
  const lines = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines;
}

// bech32 (BIP-173), as age uses for its keys.
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function bech32Polymod(values) {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i];
  }
  return chk >>> 0;
}
function bech32Encode(hrp, bytes) {
  const data = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const pm = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (pm >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...data, ...checksum].map((d) => BECH32[d]).join('');
}

// Minimal DER, enough to give synthetic keys and certificates the real ASN.1 structure.
function der(tag, content) {
  const len = content.length;
  const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from(head), content]);
}
const seq = (...parts) => der(0x30, Buffer.concat(parts));
const derInt = (buf) => der(0x02, buf[0] & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf);
const derSmall = (n) => der(0x02, Buffer.from([n]));
const octets = (buf) => der(0x04, buf);
const oid = (hex) => der(0x06, Buffer.from(hex, 'hex'));
const bits = (buf) => der(0x03, Buffer.concat([Buffer.from([0]), buf]));
const tagged = (n, buf) => der(0xa0 + n, buf);
const utf8 = (s) => der(0x0c, Buffer.from(s));
const utcTime = (s) => der(0x17, Buffer.from(s));
const DER_NULL = Buffer.from([5, 0]);
const OID_RSA = '2a864886f70d010101';
const OID_SHA256_RSA = '2a864886f70d01010b';
const OID_EC = '2a8648ce3d0201';
const OID_P256 = '2a8648ce3d030107';
const OID_ED25519 = '2b6570';
const OID_CN = '550403';
const OID_O = '55040a';

/** A big-endian integer of `n` bytes with the top bit set, as RSA moduli and primes have. */
function bigInt(rng, n, odd = false) {
  const buf = rng.bytes(n);
  buf[0] |= 0x80;
  if (odd) buf[n - 1] |= 1;
  return buf;
}

function rsaParts(rng) {
  return {
    n: bigInt(rng, 256, true),
    e: Buffer.from([1, 0, 1]),
    d: bigInt(rng, 256),
    p: bigInt(rng, 128, true),
    q: bigInt(rng, 128, true),
    dp: bigInt(rng, 128),
    dq: bigInt(rng, 128),
    qi: bigInt(rng, 128),
  };
}

const rsaPkcs1Der = (k) => seq(derSmall(0), ...[k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qi].map(derInt));
const rsaSpkiDer = (k) => seq(seq(oid(OID_RSA), DER_NULL), bits(seq(derInt(k.n), derInt(k.e))));

export function pem(label, derBytes) {
  return [`-----BEGIN ${label}-----`, ...wrap(b64(derBytes), 64), `-----END ${label}-----`];
}

// SSH wire format
function sshString(buf) {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}
const sshMpint = (buf) => sshString(buf[0] & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf);
function uint32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Credential formats. Each takes an rng and returns a value in the vendor's real shape.

export function uuid(rng) {
  const h = rng.chars(32, HEX).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A password a person or a generator would choose: mixed classes, symbols that survive quoting. */
export function password(rng, len = rng.int(14, 24)) {
  const sym = '!#%^*-_+=.~@';
  for (;;) {
    const p = rng.chars(len, B62 + sym + sym);
    if (/[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p)) return p;
  }
}

/** A password safe inside a URL without percent-encoding. */
export const urlPassword = (rng, len = rng.int(16, 28)) => rng.chars(len, B62 + '-_');

export const cred = {
  awsKeyId: (r, prefix = 'AKIA') => prefix + r.chars(16, BASE32),
  awsSecret: (r) => r.chars(40, B62 + '+/'),
  awsSessionToken: (r) => 'IQoJb3JpZ2luX2VjE' + r.chars(r.int(300, 360), B62 + '+/') + '=',
  googleApiKey: (r) => 'AIzaSy' + r.chars(33, URLSAFE),
  firebaseServerKey: (r) => 'AAAA' + r.chars(7, URLSAFE) + ':APA91b' + r.chars(134, URLSAFE),
  googleRefreshToken: (r) => '1//0' + r.chars(1, 'defg') + r.chars(98, URLSAFE),
  azureStorageKey: (r) => b64(r.bytes(64)),
  azureSasSig: (r) => encodeURIComponent(b64(r.bytes(32))),
  azureSharedAccessKey: (r) => b64(r.bytes(32)),
  azureClientSecret: (r) => r.chars(3, B62 + '_~.') + r.chars(1, DIGITS) + 'Q~' + r.chars(34, B62 + '_~.-'),
  github: (r, prefix = 'ghp') => {
    const random = r.chars(30, B62);
    return `${prefix}_${random}${crcTokenSuffix(random)}`;
  },
  githubFineGrained: (r) => 'github_pat_11' + r.chars(20, UPPER_ALNUM) + '_' + r.chars(59, B62),
  gitlab: (r, prefix = 'glpat-') => prefix + r.chars(20, URLSAFE),
  gitlabTrigger: (r) => 'glptt-' + r.chars(40, HEX),
  bitbucketAppPassword: (r) => 'ATBB' + r.chars(24, B62) + r.chars(8, UPHEX),
  atlassianToken: (r, prefix = 'ATATT3xFfGF0') => prefix + r.chars(177 - prefix.length + 6, URLSAFE) + '=' + r.chars(8, UPHEX),
  slackBot: (r) => `xoxb-${r.chars(11, DIGITS)}-${r.chars(13, DIGITS)}-${r.chars(24, B62)}`,
  slackUser: (r) => `xoxp-${r.chars(11, DIGITS)}-${r.chars(11, DIGITS)}-${r.chars(13, DIGITS)}-${r.chars(32, HEX)}`,
  slackApp: (r) => `xapp-1-A${r.chars(10, UPPER_ALNUM)}-${r.chars(13, DIGITS)}-${r.chars(64, HEX)}`,
  slackWebhook: (r) => `https://hooks.slack.com/services/T${r.chars(8, UPPER_ALNUM)}/B${r.chars(10, UPPER_ALNUM)}/${r.chars(24, B62)}`,
  discordBot: (r) => `${b64url(Buffer.from('1' + r.chars(18, DIGITS)))}.${r.chars(6, URLSAFE)}.${r.chars(38, URLSAFE)}`,
  discordWebhook: (r) => `https://discord.com/api/webhooks/1${r.chars(18, DIGITS)}/${r.chars(68, URLSAFE)}`,
  telegram: (r) => `${r.int(1, 7)}${r.chars(9, DIGITS)}:AA${r.chars(33, URLSAFE)}`,
  stripe: (r, prefix = 'sk_live_') => prefix + '51' + r.chars(97, B62),
  stripeWebhook: (r) => 'whsec_' + r.chars(32, B62),
  squareAccess: (r) => 'EAAA' + r.chars(60, URLSAFE),
  squareSecret: (r) => 'sq0csp-' + r.chars(43, URLSAFE),
  braintreeAccess: (r) => `access_token$production$${r.chars(16, LOWER_ALNUM)}$${r.chars(32, HEX)}`,
  paypalSecret: (r) => 'E' + r.chars(79, URLSAFE),
  shopify: (r, prefix = 'shpat_') => prefix + r.chars(32, HEX),
  openaiProject: (r, kind = 'proj') => `sk-${kind}-${r.chars(74, URLSAFE)}T3BlbkFJ${r.chars(74, URLSAFE)}`,
  openaiLegacy: (r) => `sk-${r.chars(20, B62)}T3BlbkFJ${r.chars(20, B62)}`,
  anthropic: (r, kind = 'api03') => `sk-ant-${kind}-${r.chars(93, URLSAFE)}AA`,
  groq: (r) => 'gsk_' + r.chars(52, B62),
  huggingface: (r, prefix = 'hf_') => prefix + r.chars(34, UPPER + LOWER),
  cohere: (r) => r.chars(40, B62),
  mistral: (r) => r.chars(32, B62),
  replicate: (r) => 'r8_' + r.chars(37, B62),
  npm: (r) => {
    const random = r.chars(30, B62);
    return `npm_${random}${crcTokenSuffix(random)}`;
  },
  pypi: (r) => 'pypi-AgEIcHlwaS5vcmc' + r.chars(r.int(150, 190), URLSAFE),
  crates: (r) => 'cio' + r.chars(32, B62),
  rubygems: (r) => 'rubygems_' + r.chars(48, HEX),
  nuget: (r) => 'oy2' + r.chars(43, LOWER_ALNUM),
  dockerPat: (r) => 'dckr_pat_' + r.chars(27, URLSAFE),
  sendgrid: (r) => `SG.${r.chars(22, URLSAFE)}.${r.chars(43, URLSAFE)}`,
  mailgun: (r) => 'key-' + r.chars(32, HEX),
  mailgunV2: (r) => `${r.chars(32, HEX)}-${r.chars(8, HEX)}-${r.chars(8, HEX)}`,
  mailchimp: (r) => `${r.chars(32, HEX)}-us${r.int(2, 21)}`,
  brevo: (r, prefix = 'xkeysib-') => `${prefix}${r.chars(64, HEX)}-${r.chars(16, B62)}`,
  twilioSid: (r, prefix = 'AC') => prefix + r.chars(32, HEX),
  hex: (r, n) => r.chars(n, HEX),
  herokuKey: (r) => 'HRKU-AA' + r.chars(58, URLSAFE),
  digitalocean: (r, prefix = 'dop_v1_') => prefix + r.chars(64, HEX),
  hetzner: (r) => r.chars(64, B62),
  vercelLegacy: (r) => r.chars(24, B62),
  vercel: (r) => 'vcp_' + r.chars(56, B62),
  netlify: (r) => 'nfp_' + r.chars(36, B62) + r.chars(4, HEX),
  cloudflareToken: (r) => r.chars(40, URLSAFE),
  cloudflareGlobal: (r) => r.chars(37, HEX),
  cloudflareOriginCa: (r) => `v1.0-${r.chars(24, HEX)}-${r.chars(146, HEX)}`,
  flyMacaroon: (r) => 'FlyV1 fm2_' + r.chars(r.int(220, 300), B62 + '+/') + '==',
  flyOrg: (r) => 'fo1_' + r.chars(43, URLSAFE),
  doppler: (r, prefix = 'dp.st.prd.') => prefix + r.chars(43, B62),
  infisicalService: (r) => `st.${r.chars(24, HEX)}.${r.chars(32, HEX)}.${r.chars(32, HEX)}`,
  vaultService: (r) => 'hvs.CAESI' + r.chars(r.int(95, 105), URLSAFE),
  vaultLegacy: (r) => 's.' + r.chars(24, B62),
  vaultBatch: (r) => 'hvb.AAAAAQ' + r.chars(r.int(150, 180), URLSAFE),
  newrelicUser: (r) => 'NRAK-' + r.chars(27, UPPER_ALNUM),
  newrelicLicense: (r) => r.chars(36, HEX) + 'NRAL',
  sentryUser: (r) => 'sntryu_' + r.chars(64, HEX),
  sentryOrg: (r, org) => {
    const claims = { iat: 1716000000 + r.int(0, 9999999), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org };
    return 'sntrys_' + b64(Buffer.from(JSON.stringify(claims))).replace(/=+$/, '') + '_' + r.chars(43, B62 + '+/');
  },
  sentryDsnWithSecret: (r) =>
    `https://${r.chars(32, HEX)}:${r.chars(32, HEX)}@o${r.chars(6, DIGITS)}.ingest.sentry.io/${r.chars(7, DIGITS)}`,
  grafanaServiceAccount: (r) => `glsa_${r.chars(32, B62)}_${r.chars(8, HEX)}`,
  grafanaCloud: (r, stack) => {
    const claims = { o: r.chars(6, DIGITS), n: `${stack}-token`, k: r.chars(24, B62), m: { r: 'prod-eu-west-2' } };
    return 'glc_' + b64(Buffer.from(JSON.stringify(claims)));
  },
  linear: (r) => 'lin_api_' + r.chars(40, B62),
  notionLegacy: (r) => 'secret_' + r.chars(43, B62),
  notion: (r) => 'ntn_' + r.chars(11, DIGITS) + r.chars(35, B62),
  figma: (r) => 'figd_' + r.chars(40, URLSAFE),
  jwt: (r, claims, { alg = 'HS256', secret } = {}) => {
    const header = b64url(JSON.stringify({ alg, typ: 'JWT' }));
    const payload = b64url(JSON.stringify(claims));
    const signature =
      alg === 'HS256'
        ? createHmac('sha256', secret ?? r.chars(48, B62)).update(`${header}.${payload}`).digest('base64url')
        : b64url(r.bytes(256));
    return `${header}.${payload}.${signature}`;
  },
  jwtSecret: (r) => r.pick([() => r.chars(64, HEX), () => b64(r.bytes(48)), () => r.chars(48, B62 + '-_')])(),
  ageSecretKey: (r) => bech32Encode('age-secret-key-', r.bytes(32)).toUpperCase(),
  agePublicKey: (r) => bech32Encode('age', r.bytes(32)),
};

/** Private keys with real structure; each returns the PEM (or key file) lines. */
export const keys = {
  rsaPkcs1: (r) => pem('RSA PRIVATE KEY', rsaPkcs1Der(rsaParts(r))),
  rsaPkcs8: (r) => pem('PRIVATE KEY', seq(derSmall(0), seq(oid(OID_RSA), DER_NULL), octets(rsaPkcs1Der(rsaParts(r))))),
  ecSec1: (r) =>
    pem(
      'EC PRIVATE KEY',
      seq(derSmall(1), octets(r.bytes(32)), tagged(0, oid(OID_P256)), tagged(1, bits(Buffer.concat([Buffer.from([4]), r.bytes(64)])))),
    ),
  ecPkcs8: (r) =>
    pem(
      'PRIVATE KEY',
      seq(
        derSmall(0),
        seq(oid(OID_EC), oid(OID_P256)),
        octets(seq(derSmall(1), octets(r.bytes(32)), tagged(1, bits(Buffer.concat([Buffer.from([4]), r.bytes(64)]))))),
      ),
    ),
  ed25519Pkcs8: (r) => pem('PRIVATE KEY', seq(derSmall(0), seq(oid(OID_ED25519)), octets(octets(r.bytes(32))))),
  opensshEd25519: (r, comment) => {
    const pub = r.bytes(32);
    const pubBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
    const check = r.bytes(4);
    let priv = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([r.bytes(32), pub])), sshString(comment)]);
    const pad = [];
    for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
    priv = Buffer.concat([priv, Buffer.from(pad)]);
    return opensshPem(pubBlob, priv);
  },
  opensshRsa: (r, comment) => {
    const k = rsaParts(r);
    const pubBlob = Buffer.concat([sshString('ssh-rsa'), sshMpint(k.e), sshMpint(k.n)]);
    const check = r.bytes(4);
    let priv = Buffer.concat([
      check, check, sshString('ssh-rsa'),
      ...[k.n, k.e, k.d, k.qi, k.p, k.q].map(sshMpint),
      sshString(comment),
    ]);
    const pad = [];
    for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
    priv = Buffer.concat([priv, Buffer.from(pad)]);
    return opensshPem(pubBlob, priv);
  },
  /** PuTTY .ppk, format 3 (ed25519) or 2 (RSA), with the MAC computed as PuTTY does for unencrypted keys. */
  putty: (r, comment, version = 3) => {
    if (version === 3) {
      const pub = Buffer.concat([sshString('ssh-ed25519'), sshString(r.bytes(32))]);
      const priv = sshMpint(r.bytes(32));
      const mac = createHmac('sha256', Buffer.alloc(0))
        .update(Buffer.concat([sshString('ssh-ed25519'), sshString('none'), sshString(comment), sshString(pub), sshString(priv)]))
        .digest('hex');
      return puttyLines(3, 'ssh-ed25519', comment, pub, priv, mac);
    }
    const k = rsaParts(r);
    const pub = Buffer.concat([sshString('ssh-rsa'), sshMpint(k.e), sshMpint(k.n)]);
    const priv = Buffer.concat([sshMpint(k.d), sshMpint(k.p), sshMpint(k.q), sshMpint(k.qi)]);
    const macKey = createHash('sha1').update('putty-private-key-file-mac-key').digest();
    const mac = createHmac('sha1', macKey)
      .update(Buffer.concat([sshString('ssh-rsa'), sshString('none'), sshString(comment), sshString(pub), sshString(priv)]))
      .digest('hex');
    return puttyLines(2, 'ssh-rsa', comment, pub, priv, mac);
  },
};

function opensshPem(pubBlob, priv) {
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), uint32(1), sshString(pubBlob), sshString(priv),
  ]);
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...wrap(b64(body), 70), '-----END OPENSSH PRIVATE KEY-----'];
}

function puttyLines(version, alg, comment, pub, priv, mac) {
  const pubLines = wrap(b64(pub), 64);
  const privLines = wrap(b64(priv), 64);
  return [
    `PuTTY-User-Key-File-${version}: ${alg}`,
    'Encryption: none',
    `Comment: ${comment}`,
    `Public-Lines: ${pubLines.length}`,
    ...pubLines,
    `Private-Lines: ${privLines.length}`,
    ...privLines,
    `Private-MAC: ${mac}`,
  ];
}

/** Public material for the negatives: it has the shape of a key but is meant to be shared. */
export const publicKeys = {
  rsaSpki: (r) => pem('PUBLIC KEY', rsaSpkiDer(rsaParts(r))),
  sshEd25519: (r, comment) => `ssh-ed25519 ${b64(Buffer.concat([sshString('ssh-ed25519'), sshString(r.bytes(32))]))} ${comment}`,
  sshRsa: (r, comment) => {
    const k = rsaParts(r);
    return `ssh-rsa ${b64(Buffer.concat([sshString('ssh-rsa'), sshMpint(k.e), sshMpint(k.n)]))} ${comment}`;
  },
  /** A self-signed certificate's DER structure with a random key and signature. */
  certificate: (r, cn, org) => {
    const k = rsaParts(r);
    const name = seq(der(0x31, seq(oid(OID_O), utf8(org))), der(0x31, seq(oid(OID_CN), utf8(cn))));
    const year = r.int(24, 26);
    const tbs = seq(
      tagged(0, derSmall(2)),
      derInt(r.bytes(16)),
      seq(oid(OID_SHA256_RSA), DER_NULL),
      name,
      seq(utcTime(`${year}0101000000Z`), utcTime(`${year + 1}0101000000Z`)),
      name,
      rsaSpkiDer(k),
    );
    return pem('CERTIFICATE', seq(tbs, seq(oid(OID_SHA256_RSA), DER_NULL), bits(r.bytes(256))));
  },
};

// ---------------------------------------------------------------------------------------------
// Document model. A file is a list of items: a plain line, a labelled line `{ text, kind }`, or a
// labelled multi-line block `{ lines, kind }`. Serializers take trees whose leaves may be `sec(...)`.

const SECRET = Symbol('secret');
/** A secret leaf: `value` is a string, or an array of lines for PEM-like values. */
export const sec = (kind, value, family) => ({ [SECRET]: true, kind, value, family });
const isSec = (v) => v !== null && typeof v === 'object' && v[SECRET] === true;
const flat = (s) => (Array.isArray(s.value) ? s.value.join('\n') + '\n' : s.value);
const mark = (text, s) => ({ text, kind: s.kind, family: s.family });
const markBlock = (lines, s) => ({ lines, kind: s.kind, family: s.family });
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isSec(v);

/** Rewrites the text of an item's first line (a plain string, a labelled line or a block). */
function withFirstLine(item, fn) {
  if (typeof item === 'string') return fn(item);
  if (item.lines) return { ...item, lines: [fn(item.lines[0]), ...item.lines.slice(1)] };
  return { ...item, text: fn(item.text) };
}

export function jsonLines(value, indent = '  ') {
  const out = [];
  const walk = (prefix, v, depth, comma) => {
    const pad = indent.repeat(depth);
    if (isSec(v)) {
      out.push(mark(pad + prefix + JSON.stringify(flat(v)) + comma, v));
    } else if (Array.isArray(v)) {
      if (!v.length) return out.push(`${pad}${prefix}[]${comma}`);
      out.push(`${pad}${prefix}[`);
      v.forEach((x, i) => walk('', x, depth + 1, i < v.length - 1 ? ',' : ''));
      out.push(`${pad}]${comma}`);
    } else if (isPlainObject(v)) {
      const entries = Object.entries(v);
      if (!entries.length) return out.push(`${pad}${prefix}{}${comma}`);
      out.push(`${pad}${prefix}{`);
      entries.forEach(([k, x], i) => walk(`${JSON.stringify(k)}: `, x, depth + 1, i < entries.length - 1 ? ',' : ''));
      out.push(`${pad}}${comma}`);
    } else {
      out.push(pad + prefix + JSON.stringify(v) + comma);
    }
  };
  walk('', value, 0, '');
  return out;
}

const YAML_NEEDS_QUOTES = /^[\s\-?:,[\]{}#&*!|>'"%@`]|\s$|: | #|^(?:true|false|yes|no|on|off|null|~)$|^[-+]?[\d._]+(?:e\d+)?$|^$/i;
export const yamlScalar = (v) =>
  typeof v === 'string' ? (YAML_NEEDS_QUOTES.test(v) ? JSON.stringify(v) : v) : v === null ? 'null' : String(v);
const yamlKey = (k) => (/^[A-Za-z0-9_.\-/]+$/.test(k) ? k : JSON.stringify(k));

export function yamlLines(obj, depth = 0) {
  const out = [];
  const pad = '  '.repeat(depth);
  for (const [k, v] of Object.entries(obj)) {
    const key = yamlKey(k);
    if (isSec(v)) {
      if (Array.isArray(v.value)) out.push(markBlock([`${pad}${key}: |`, ...v.value.map((l) => `${pad}  ${l}`)], v));
      else out.push(mark(`${pad}${key}: ${yamlScalar(v.value)}`, v));
    } else if (Array.isArray(v)) {
      if (!v.length) out.push(`${pad}${key}: []`);
      else {
        out.push(`${pad}${key}:`);
        for (const item of v) out.push(...yamlItem(item, depth + 1));
      }
    } else if (isPlainObject(v)) {
      if (!Object.keys(v).length) out.push(`${pad}${key}: {}`);
      else out.push(`${pad}${key}:`, ...yamlLines(v, depth + 1));
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${pad}${key}: |`, ...v.replace(/\n$/, '').split('\n').map((l) => `${pad}  ${l}`));
    } else {
      out.push(`${pad}${key}: ${yamlScalar(v)}`);
    }
  }
  return out;
}

function yamlItem(item, depth) {
  const pad = '  '.repeat(depth);
  if (isSec(item)) return [mark(`${pad}- ${yamlScalar(item.value)}`, item)];
  if (isPlainObject(item)) {
    const lines = yamlLines(item, depth + 1);
    lines[0] = withFirstLine(lines[0], (t) => `${pad}- ${t.trimStart()}`);
    return lines;
  }
  return [`${pad}- ${yamlScalar(item)}`];
}

const tomlKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const tomlValue = (v) => (Array.isArray(v) ? `[${v.map(tomlValue).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));

export function tomlLines(obj, path = []) {
  const out = [];
  const tables = [];
  for (const [k, v] of Object.entries(obj)) {
    if (isSec(v)) out.push(mark(`${tomlKey(k)} = ${JSON.stringify(flat(v))}`, v));
    else if (isPlainObject(v)) tables.push([k, v]);
    else out.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  }
  for (const [k, v] of tables) {
    const sub = [...path, tomlKey(k)];
    const hasScalars = Object.values(v).some((x) => !isPlainObject(x));
    if (out.length) out.push('');
    if (hasScalars) out.push(`[${sub.join('.')}]`);
    out.push(...tomlLines(v, sub));
  }
  return out;
}

/** INI: top-level scalars, then one `[section]` per nested object. */
export function iniLines(obj, { sep = ' = ' } = {}) {
  const out = [];
  const scalar = (k, v) => (isSec(v) ? mark(`${k}${sep}${flat(v)}`, v) : `${k}${sep}${v}`);
  for (const [k, v] of Object.entries(obj)) if (!isPlainObject(v)) out.push(scalar(k, v));
  for (const [section, body] of Object.entries(obj)) {
    if (!isPlainObject(body)) continue;
    if (out.length) out.push('');
    out.push(`[${section}]`);
    for (const [k, v] of Object.entries(body)) out.push(scalar(k, v));
  }
  return out;
}

export function propertiesLines(obj, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isSec(v)) out.push(mark(`${key}=${flat(v).replace(/\n/g, '\\n')}`, v));
    else if (isPlainObject(v)) out.push(...propertiesLines(v, key));
    else out.push(`${key}=${v}`);
  }
  return out;
}

/** Object literals in code: JS/TS, Python dicts, PHP arrays, Ruby hashes. */
const LITERAL_STYLES = {
  js: { open: '{', close: '}', key: (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`), sep: ': ', str: (s) => `'${s}'`, bool: String },
  ts: { open: '{', close: '}', key: (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `"${k}"`), sep: ': ', str: (s) => JSON.stringify(s), bool: String },
  py: { open: '{', close: '}', key: (k) => JSON.stringify(k), sep: ': ', str: (s) => JSON.stringify(s), bool: (b) => (b ? 'True' : 'False') },
  php: { open: '[', close: ']', key: (k) => `'${k}'`, sep: ' => ', str: (s) => `'${s}'`, bool: String },
  rb: { open: '{', close: '}', key: (k) => `${k}:`, sep: ' ', str: (s) => JSON.stringify(s), bool: String },
};

export function literalLines(obj, style, depth = 1, indent = '  ') {
  const st = LITERAL_STYLES[style];
  const out = [];
  const pad = indent.repeat(depth);
  const val = (v) => (typeof v === 'string' ? st.str(v) : typeof v === 'boolean' ? st.bool(v) : String(v));
  for (const [k, v] of Object.entries(obj)) {
    const head = `${pad}${st.key(k)}${st.sep}`;
    if (isSec(v)) out.push(mark(`${head}${st.str(flat(v).replace(/\n/g, '\\n'))},`, v));
    else if (isPlainObject(v)) out.push(`${head}${st.open}`, ...literalLines(v, style, depth + 1, indent), `${pad}${st.close},`);
    else if (Array.isArray(v)) out.push(`${head}${st.open === '{' && style !== 'php' ? '[' : '['}${v.map(val).join(', ')}],`);
    else out.push(`${head}${val(v)},`);
  }
  return out;
}

export function envLines(pairs, style = 'plain', exportPrefix = '') {
  const quote = (v) => (style === 'double' ? `"${v}"` : style === 'single' ? `'${v}'` : v);
  return pairs.map(([k, v]) => {
    if (typeof v === 'string' && (k.startsWith('#') || k === '')) return k;
    if (isSec(v)) {
      const text = Array.isArray(v.value) ? `"${v.value.join('\\n')}\\n"` : quote(v.value);
      return mark(`${exportPrefix}${k}=${text}`, v);
    }
    return `${exportPrefix}${k}=${quote(v)}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Names and filler. Filler is ordinary, non-secret configuration; a few entries are decoys whose
// key names mention tokens or passwords while their values are not credentials.

export const SERVICES = [
  'billing-api', 'checkout', 'orders-svc', 'auth-gateway', 'notifier', 'analytics-worker', 'inventory', 'search-indexer',
  'media-proxy', 'admin-portal', 'reports', 'ledger', 'onboarding', 'shipping', 'catalog', 'webhooks', 'scheduler',
  'chatbot', 'mobile-bff', 'data-sync', 'pricing', 'crm-bridge', 'payouts', 'identity', 'docs-site', 'status-page',
];
export const DOMAINS = [
  'acme-corp.io', 'northwind.dev', 'globex.net', 'initech.cloud', 'umbrella-labs.com', 'hooli.xyz', 'vandelay.io',
  'stark-ind.net', 'wayne-ent.com', 'tyrell.systems', 'soylent.app', 'cyberdyne.tech',
];
const PEOPLE = ['maria', 'jdoe', 'akumar', 'lchen', 'svc-deploy', 'ci-bot', 'ops', 'release-bot', 'fkowalski', 'nsato'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'];

const camel = (name) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const snake = (name) => name.toLowerCase();
const kebab = (name) => name.toLowerCase().replace(/_/g, '-');
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());

function fillerEnv(r, ctx, n) {
  const db = ctx.svc.replace(/-/g, '_');
  const pool = [
    ['NODE_ENV', 'production'], ['PORT', String(r.pick([3000, 8000, 8080, 9000]))], ['LOG_LEVEL', r.pick(['info', 'warn', 'debug'])],
    ['APP_NAME', ctx.svc], ['APP_URL', `https://${ctx.svc}.${ctx.domain}`], ['AWS_REGION', r.pick(REGIONS)],
    ['S3_BUCKET', `${ctx.svc}-assets-prod`], ['REDIS_HOST', 'redis.internal'], ['REDIS_PORT', '6379'], ['DB_HOST', `db.${ctx.domain}`],
    ['DB_PORT', '5432'], ['DB_NAME', db], ['DB_USER', `${db}_app`], ['SMTP_HOST', `smtp.${ctx.domain}`], ['SMTP_PORT', '587'],
    ['MAIL_FROM', `noreply@${ctx.domain}`], ['FEATURE_NEW_CHECKOUT', 'true'], ['CACHE_TTL_SECONDS', '300'], ['TZ', 'UTC'],
    ['WORKERS', String(r.int(2, 8))], ['MAX_UPLOAD_MB', '25'], ['CORS_ORIGINS', `https://app.${ctx.domain}`],
    ['TOKEN_TTL_SECONDS', '3600'], ['PASSWORD_MIN_LENGTH', '12'], ['API_KEY_HEADER', 'X-Api-Key'], ['SESSION_COOKIE_NAME', 'sid'],
    ['OTEL_SERVICE_NAME', ctx.svc], ['SENTRY_ENVIRONMENT', 'production'], ['RATE_LIMIT_PER_MINUTE', '600'],
  ];
  return r.sample(pool, n);
}

function fillerTree(r, ctx) {
  return {
    service: ctx.svc,
    environment: 'production',
    port: r.pick([3000, 8080, 8443]),
    logging: { level: r.pick(['info', 'warn']), format: 'json' },
    region: r.pick(REGIONS),
    features: { newCheckout: r.bool(), auditLog: true },
  };
}

/** Splices `extra` into `base` at random positions, keeping both orders. */
function interleave(r, base, extra) {
  const out = [...base];
  for (const item of extra) out.splice(r.int(0, out.length), 0, item);
  return out;
}

/** Splits `STRIPE_SECRET_KEY` into the group `stripe` and the member `SECRET_KEY` when it can. */
function groupOf(name, group) {
  const prefix = `${group.toUpperCase().replace(/-/g, '_')}_`;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

// ---------------------------------------------------------------------------------------------
// Format renderers. Each takes (rng, ctx, entries) where entries are `{ key: ENV_NAME, value: sec(...) }`
// and returns `{ file, items }`.

export const formats = {
  env: (r, ctx, entries) => ({
    file: r.pick(['.env', '.env.production', '.env.local', '.env.prod', 'prod.env']),
    items: [`# ${ctx.svc} (${r.pick(['production', 'prod', 'live'])})`, ...envLines(interleave(r, fillerEnv(r, ctx, r.int(4, 9)), entries.map((e) => [e.key, e.value])), r.pick(['plain', 'plain', 'double', 'single']))],
  }),
  envrc: (r, ctx, entries) => ({
    file: r.pick(['.envrc', '.bashrc.d/work.sh', '.zshrc.local']),
    items: [`# ${ctx.svc} local shell setup`, ...envLines(interleave(r, fillerEnv(r, ctx, r.int(2, 5)), entries.map((e) => [e.key, e.value])), 'double', 'export ')],
  }),
  json: (r, ctx, entries) => {
    const tree = fillerTree(r, ctx);
    tree[camel(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return { file: r.pick(['config.json', 'config/production.json', 'settings.json', 'config/default.json']), items: jsonLines(tree) };
  },
  yaml: (r, ctx, entries) => {
    const tree = fillerTree(r, ctx);
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    return { file: r.pick(['config.yaml', 'config/settings.yml', 'application.yml', 'values.prod.yaml']), items: yamlLines(tree) };
  },
  compose: (r, ctx, entries) => {
    const env = Object.fromEntries(interleave(r, fillerEnv(r, ctx, r.int(2, 5)), entries.map((e) => [e.key, e.value])));
    const tree = {
      services: {
        app: {
          image: `ghcr.io/${ctx.domain.split('.')[0]}/${ctx.svc}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`,
          restart: 'unless-stopped',
          ports: [`${r.pick([3000, 8080])}:${r.pick([3000, 8080])}`],
          environment: env,
          depends_on: ['redis'],
        },
        redis: { image: 'redis:7-alpine', ports: ['6379:6379'] },
      },
    };
    return { file: r.pick(['docker-compose.yml', 'compose.yaml', 'docker-compose.prod.yml']), items: yamlLines(tree) };
  },
  k8s: (r, ctx, entries) => {
    const env = interleave(r, fillerEnv(r, ctx, r.int(2, 4)).map(([name, value]) => ({ name, value })), entries.map((e) => ({ name: e.key, value: e.value })));
    const tree = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ctx.svc, namespace: r.pick(['prod', 'production', 'apps']), labels: { app: ctx.svc } },
      spec: {
        replicas: r.int(2, 4),
        selector: { matchLabels: { app: ctx.svc } },
        template: {
          metadata: { labels: { app: ctx.svc } },
          spec: {
            containers: [{ name: ctx.svc, image: `registry.${ctx.domain}/${ctx.svc}:${r.int(1, 9)}.${r.int(0, 30)}.0`, ports: [{ containerPort: 8080 }], env }],
          },
        },
      },
    };
    return { file: r.pick(['k8s/deployment.yaml', 'deploy/k8s/app.yaml', 'manifests/deployment.yml']), items: yamlLines(tree) };
  },
  toml: (r, ctx, entries) => {
    const tree = { title: ctx.svc, server: { host: '0.0.0.0', port: r.pick([8080, 9000]) } };
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    tree.log = { level: 'info' };
    return { file: r.pick(['config.toml', 'settings.toml', 'config/prod.toml']), items: tomlLines(tree) };
  },
  ini: (r, ctx, entries) => {
    const tree = { app: { name: ctx.svc, debug: 'false' } };
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    tree.server = { port: String(r.pick([8080, 9000])), workers: String(r.int(2, 8)) };
    return { file: r.pick(['config.ini', 'settings.cfg', 'app.ini']), items: iniLines(tree) };
  },
  properties: (r, ctx, entries) => {
    const tree = { server: { port: r.pick([8080, 8443]) }, spring: { application: { name: ctx.svc } } };
    tree[kebab(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [kebab(groupOf(e.key, ctx.group)), e.value]));
    tree.logging = { level: { root: 'INFO' } };
    return { file: r.pick(['application.properties', 'src/main/resources/application-prod.properties', 'gradle.properties']), items: propertiesLines(tree) };
  },
  tfvars: (r, ctx, entries) => ({
    file: r.pick(['terraform.tfvars', 'prod.auto.tfvars', 'infra/envs/prod/terraform.tfvars']),
    items: [
      `project     = "${ctx.svc}"`,
      `environment = "production"`,
      `region      = "${r.pick(REGIONS)}"`,
      ...entries.map((e) => mark(`${snake(e.key)} = "${flat(e.value)}"`, e.value)),
      '',
      'tags = {',
      `  team  = "${r.pick(['platform', 'payments', 'growth'])}"`,
      '  owner = "infra"',
      '}',
    ],
  }),
  sh: (r, ctx, entries) => ({
    file: r.pick(['deploy.sh', 'scripts/deploy.sh', 'bin/release.sh', 'scripts/bootstrap.sh']),
    items: [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '',
      `APP=${ctx.svc}`,
      ...entries.map((e) => mark(`export ${e.key}="${flat(e.value)}"`, e.value)),
      '',
      'echo "deploying $APP"',
      `docker build -t "registry.${ctx.domain}/$APP:$(git rev-parse --short HEAD)" .`,
      `docker push "registry.${ctx.domain}/$APP:$(git rev-parse --short HEAD)"`,
      './scripts/migrate.sh',
    ],
  }),
  py: (r, ctx, entries) => ({
    file: r.pick(['settings.py', 'config.py', 'app/settings/production.py']),
    items: [
      'import os',
      'from pathlib import Path',
      '',
      'BASE_DIR = Path(__file__).resolve().parent.parent',
      'DEBUG = False',
      `ALLOWED_HOSTS = ["${ctx.svc}.${ctx.domain}"]`,
      '',
      ...entries.map((e) => mark(`${e.key} = "${flat(e.value).replace(/\n/g, '\\n')}"`, e.value)),
      '',
      `TIME_ZONE = "UTC"`,
      `LOGGING_LEVEL = os.environ.get("LOG_LEVEL", "INFO")`,
    ],
  }),
  ts: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: r.pick(['src/config.ts', 'config.ts', 'src/lib/config.ts']),
      items: [
        `// Runtime configuration for ${ctx.svc}.`,
        'export const config = {',
        `  port: ${r.pick([3000, 8080])},`,
        `  baseUrl: "https://${ctx.svc}.${ctx.domain}",`,
        `  ${camel(ctx.group.replace(/-/g, '_'))}: {`,
        ...literalLines(group, 'ts', 2),
        '  },',
        '} as const;',
      ],
    };
  },
  js: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: r.pick(['config/index.js', 'config.js', 'server/config.js']),
      items: [
        "'use strict';",
        '',
        'module.exports = {',
        `  env: 'production',`,
        `  port: ${r.pick([3000, 8080])},`,
        `  ${camel(ctx.group.replace(/-/g, '_'))}: {`,
        ...literalLines(group, 'js', 2),
        '  },',
        '};',
      ],
    };
  },
  go: (r, ctx, entries) => ({
    file: r.pick(['internal/config/config.go', 'config.go']),
    items: [
      'package config',
      '',
      'import "time"',
      '',
      'const (',
      `\tServiceName = "${ctx.svc}"`,
      '\tRequestTimeout = 15 * time.Second',
      ...entries.map((e) => mark(`\t${pascal(e.key)} = "${flat(e.value).replace(/\n/g, '\\n')}"`, e.value)),
      ')',
    ],
  }),
  java: (r, ctx, entries) => ({
    file: `src/main/java/com/${ctx.domain.split('.')[0].replace(/-/g, '')}/${pascal(ctx.group.replace(/-/g, '_'))}Config.java`,
    items: [
      `package com.${ctx.domain.split('.')[0].replace(/-/g, '')};`,
      '',
      `public final class ${pascal(ctx.group.replace(/-/g, '_'))}Config {`,
      `    public static final String SERVICE = "${ctx.svc}";`,
      ...entries.map((e) => mark(`    public static final String ${e.key} = "${flat(e.value).replace(/\n/g, '\\n')}";`, e.value)),
      '',
      `    private ${pascal(ctx.group.replace(/-/g, '_'))}Config() {}`,
      '}',
    ],
  }),
  rb: (r, ctx, entries) => ({
    file: `config/initializers/${snake(ctx.group.replace(/-/g, '_'))}.rb`,
    items: [
      '# frozen_string_literal: true',
      '',
      `${pascal(ctx.group.replace(/-/g, '_'))}.configure do |config|`,
      ...entries.map((e) => mark(`  config.${snake(groupOf(e.key, ctx.group))} = "${flat(e.value)}"`, e.value)),
      '  config.timeout = 15',
      '  config.logger = Rails.logger',
      'end',
    ],
  }),
  php: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: 'config/services.php',
      items: ['<?php', '', 'return [', `    'mailgun' => ['domain' => 'mg.${ctx.domain}'],`, `    '${snake(ctx.group.replace(/-/g, '_'))}' => [`, ...literalLines(group, 'php', 2, '    '), '    ],', '];'],
    };
  },
  cs: (r, ctx, entries) => ({
    file: 'src/Secrets.cs',
    items: [
      `namespace ${pascal(ctx.svc.replace(/-/g, '_'))};`,
      '',
      'internal static class Secrets',
      '{',
      ...entries.map((e) => mark(`    public const string ${pascal(e.key)} = "${flat(e.value)}";`, e.value)),
      '}',
    ],
  }),
  mcp: (r, ctx, entries) => ({
    file: r.pick(['.cursor/mcp.json', '.vscode/mcp.json', 'claude_desktop_config.json', '.mcp.json']),
    items: jsonLines({
      mcpServers: {
        filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] },
        [ctx.group]: { command: 'npx', args: ['-y', `${ctx.group}-mcp-server`], env: Object.fromEntries(entries.map((e) => [e.key, e.value])) },
      },
    }),
  }),
  workflow: (r, ctx, entries) => ({
    file: r.pick(['.github/workflows/deploy.yml', '.github/workflows/release.yml']),
    items: yamlLines({
      name: 'deploy',
      on: { push: { branches: ['main'] } },
      jobs: {
        deploy: {
          'runs-on': 'ubuntu-latest',
          env: Object.fromEntries(entries.map((e) => [e.key, e.value])),
          steps: [{ uses: 'actions/checkout@v4' }, { run: 'npm ci' }, { run: './scripts/deploy.sh' }],
        },
      },
    }),
  }),
  dockerfile: (r, ctx, entries) => ({
    file: r.pick(['Dockerfile', 'docker/Dockerfile.prod']),
    items: [
      'FROM node:20-alpine',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .',
      'ENV NODE_ENV=production',
      ...entries.map((e) => mark(`ENV ${e.key}=${flat(e.value)}`, e.value)),
      'EXPOSE 8080',
      'CMD ["node", "dist/server.js"]',
    ],
  }),
};

/** A renderer for one-off code lines: `lines(value)` returns the file's lines with `@@` where the secret goes. */
export function inline(file, template) {
  return (r, ctx, entries) => {
    const queue = [...entries];
    const items = template(ctx, r).map((l) => {
      if (!l.includes('@@')) return l;
      const e = queue.shift();
      if (!e) throw new Error(`${file}: more @@ slots than secrets`);
      return mark(l.replace('@@', () => flat(e.value).replace(/\n/g, '\\n')), e.value);
    });
    if (queue.length) throw new Error(`${file}: ${queue.length} secret(s) without a @@ slot`);
    return { file, items };
  };
}

// ---------------------------------------------------------------------------------------------
// Positive families. Each lists its renderers; file i uses renderer i with `make(rng, i, ctx)`'s
// entries. A renderer given as `{ render, make }` brings its own entries.

const E = (key, kind, value) => ({ key, value: sec(kind, value) });
const F = formats;

/** Indents every item of a rendered block (used to nest JSON or PEM text inside YAML). */
const indentItems = (items, pad) =>
  items.map((it) => (typeof it === 'string' ? pad + it : it.lines ? { ...it, lines: it.lines.map((l) => pad + l) } : { ...it, text: pad + it.text }));

function serviceAccount(r, ctx, s) {
  const project = `${ctx.svc}-${r.chars(6, DIGITS)}`;
  const account = r.pick(['deployer', 'ci-runner', 'firebase-adminsdk-' + r.chars(5, LOWER_ALNUM), 'bigquery-loader']);
  return {
    type: 'service_account',
    project_id: project,
    private_key_id: r.chars(40, HEX),
    private_key: s,
    client_email: `${account}@${project}.iam.gserviceaccount.com`,
    client_id: r.chars(21, DIGITS),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${account}%40${project}.iam.gserviceaccount.com`,
    universe_domain: 'googleapis.com',
  };
}

const dbPassword = (r) => (r.bool(0.7) ? urlPassword(r) : encodeURIComponent(password(r)));

const url = {
  postgres: (r, ctx) => `${r.pick(['postgres', 'postgresql'])}://${snake(ctx.svc.replace(/-/g, '_'))}:${dbPassword(r)}@${r.pick([`db.${ctx.domain}`, `${ctx.svc}-db.c${r.chars(10, LOWER_ALNUM)}.${r.pick(REGIONS)}.rds.amazonaws.com`, 'ep-' + r.chars(12, LOWER) + '.eu-central-1.aws.neon.tech'])}:5432/${snake(ctx.svc.replace(/-/g, '_'))}${r.pick(['', '?sslmode=require'])}`,
  mysql: (r, ctx) => `${r.pick(['mysql', 'mysql2'])}://${r.pick(['root', 'app', 'wp_user'])}:${dbPassword(r)}@${r.pick([`mysql.${ctx.domain}`, '10.0.3.17', 'aws.connect.psdb.cloud'])}:3306/${snake(ctx.svc.replace(/-/g, '_'))}`,
  mongo: (r, ctx) =>
    r.bool()
      ? `mongodb+srv://${r.pick(PEOPLE)}:${dbPassword(r)}@cluster0.${r.chars(5, LOWER_ALNUM)}.mongodb.net/${snake(ctx.svc.replace(/-/g, '_'))}?retryWrites=true&w=majority`
      : `mongodb://app:${dbPassword(r)}@mongo-0.${ctx.domain}:27017,mongo-1.${ctx.domain}:27017/${snake(ctx.svc.replace(/-/g, '_'))}?replicaSet=rs0&authSource=admin`,
  redis: (r, ctx) =>
    r.pick([
      () => `redis://:${urlPassword(r)}@redis.${ctx.domain}:6379/0`,
      () => `rediss://default:${urlPassword(r, 32)}@${r.chars(8, LOWER)}-${r.chars(5, DIGITS)}.upstash.io:6379`,
      () => `redis://app:${urlPassword(r)}@10.0.4.${r.int(2, 250)}:6379/1`,
    ])(),
  amqp: (r, ctx) => `${r.pick(['amqp', 'amqps'])}://${r.pick(['app', 'worker', ctx.svc])}:${urlPassword(r)}@${r.pick([`rabbitmq.${ctx.domain}`, `b-${uuid(r)}.mq.${r.pick(REGIONS)}.amazonaws.com`, 'rattlesnake.rmq.cloudamqp.com'])}:${r.pick([5672, 5671])}/${r.pick(['', ctx.svc, '%2F'])}`,
  mssql: (r, ctx) => `mssql://sa:${urlPassword(r)}@sql.${ctx.domain}:1433/${pascal(ctx.svc.replace(/-/g, '_'))}`,
  adoNet: (r, ctx) => `Server=tcp:${ctx.svc}-sql.database.windows.net,1433;Initial Catalog=${pascal(ctx.svc.replace(/-/g, '_'))};Persist Security Info=False;User ID=${snake(ctx.svc.replace(/-/g, '_'))}_app;Password=${password(r)};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;`,
};

export const POSITIVE_FAMILIES = [
  {
    family: 'aws',
    group: 'aws',
    make: (r) => [E('AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r)), E('AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', cred.awsSecret(r))],
    formats: [
      {
        make: (r) => [
          E('default_id', 'aws-access-key-id', cred.awsKeyId(r)), E('default_secret', 'aws-secret-access-key', cred.awsSecret(r)),
          E('prod_id', 'aws-access-key-id', cred.awsKeyId(r)), E('prod_secret', 'aws-secret-access-key', cred.awsSecret(r)),
        ],
        render: inline('.aws/credentials', (ctx, r) => [
          '[default]', 'aws_access_key_id = @@', 'aws_secret_access_key = @@', `region = ${r.pick(REGIONS)}`, '',
          '[prod-admin]', 'aws_access_key_id = @@', 'aws_secret_access_key = @@', 'output = json',
        ]),
      },
      F.env,
      inline('infra/main.tf', (ctx, r) => [
        'terraform {', '  required_providers {', '    aws = {', '      source  = "hashicorp/aws"', '      version = "~> 5.0"', '    }', '  }', '}', '',
        'provider "aws" {', `  region     = "${r.pick(REGIONS)}"`, '  access_key = "@@"', '  secret_key = "@@"', '}',
      ]),
      inline('scripts/sync_assets.py', (ctx, r) => [
        'import boto3', '', 's3 = boto3.client(', '    "s3",', `    region_name="${r.pick(REGIONS)}",`, '    aws_access_key_id="@@",',
        '    aws_secret_access_key="@@",', ')', '', `for obj in s3.list_objects_v2(Bucket="${ctx.svc}-assets")["Contents"]:`, '    print(obj["Key"])',
      ]),
      F.compose,
      F.json,
      {
        make: (r) => [
          E('AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r, 'ASIA')),
          E('AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', cred.awsSecret(r)),
          E('AWS_SESSION_TOKEN', 'aws-session-token', cred.awsSessionToken(r)),
        ],
        render: F.envrc,
      },
    ],
  },
  {
    family: 'gcp-service-account',
    group: 'gcp',
    make: (r) => [E('private_key', 'gcp-service-account-key', keys.rsaPkcs8(r))],
    formats: [
      (r, ctx, [e]) => ({ file: 'service-account.json', items: jsonLines(serviceAccount(r, ctx, e.value)) }),
      (r, ctx, [e]) => ({ file: `credentials/${ctx.svc}-sa.json`, items: jsonLines(serviceAccount(r, ctx, e.value)) }),
      (r, ctx, [e]) => {
        const sa = serviceAccount(r, ctx, '');
        const json = JSON.stringify({ ...sa, private_key: flat(e.value) });
        return { file: '.env', items: ['GOOGLE_CLOUD_PROJECT=' + sa.project_id, mark(`GOOGLE_CREDENTIALS_JSON='${json}'`, e.value), 'PUBSUB_TOPIC=events'] };
      },
      (r, ctx, [e]) => ({
        file: 'k8s/gcp-credentials.yaml',
        items: [
          'apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${ctx.svc}-gcp`, 'type: Opaque', 'stringData:', '  key.json: |',
          ...indentItems(jsonLines(serviceAccount(r, ctx, e.value)), '    '),
        ],
      }),
    ],
  },
  {
    family: 'google-api-key',
    group: 'google',
    make: (r) => [E('GOOGLE_MAPS_API_KEY', 'google-api-key', cred.googleApiKey(r))],
    formats: [
      F.env,
      inline('app/src/main/AndroidManifest.xml', () => [
        '<?xml version="1.0" encoding="utf-8"?>', '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
        '    <application android:label="@string/app_name">', '        <meta-data', '            android:name="com.google.android.geo.API_KEY"',
        '            android:value="@@" />', '    </application>', '</manifest>',
      ]),
      {
        make: (r) => [E('GEMINI_API_KEY', 'google-api-key', cred.googleApiKey(r))],
        render: inline('src/summarize.ts', () => [
          "import { GoogleGenerativeAI } from '@google/generative-ai';", '', 'const genAI = new GoogleGenerativeAI("@@");',
          "const model = genAI.getGenerativeModel({ model: 'gemini-1.5-flash' });", '',
          'export async function summarize(text: string): Promise<string> {', '  const result = await model.generateContent(`Summarize: ${text}`);',
          '  return result.response.text();', '}',
        ]),
      },
      F.yaml,
      { make: (r) => [E('YOUTUBE_API_KEY', 'google-api-key', cred.googleApiKey(r))], render: F.py },
    ],
  },
  {
    family: 'firebase',
    group: 'fcm',
    make: (r) => [E('FCM_SERVER_KEY', 'firebase-server-key', cred.firebaseServerKey(r))],
    formats: [
      F.env,
      inline('notifications/push.py', () => [
        'import requests', '', 'FCM_URL = "https://fcm.googleapis.com/fcm/send"', 'HEADERS = {', '    "Content-Type": "application/json",',
        '    "Authorization": "key=@@",', '}', '', 'def send(token, title, body):',
        '    payload = {"to": token, "notification": {"title": title, "body": body}}', '    return requests.post(FCM_URL, json=payload, headers=HEADERS, timeout=10)',
      ]),
      F.json,
      { make: (r) => [E('FIREBASE_TOKEN', 'firebase-ci-token', cred.googleRefreshToken(r))], render: F.workflow },
    ],
  },
  {
    family: 'azure-storage',
    group: 'azure',
    make: (r, i, ctx) => {
      const account = ctx.svc.replace(/-/g, '') + r.chars(4, LOWER_ALNUM);
      return [E('AZURE_STORAGE_CONNECTION_STRING', 'azure-storage-connection-string', `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${cred.azureStorageKey(r)};EndpointSuffix=core.windows.net`)];
    },
    formats: [
      (r, ctx, [e]) => ({
        file: 'appsettings.Production.json',
        items: jsonLines({ Logging: { LogLevel: { Default: 'Information' } }, ConnectionStrings: { Storage: e.value }, AllowedHosts: '*' }),
      }),
      (r, ctx, [e]) => ({
        file: 'local.settings.json',
        items: jsonLines({ IsEncrypted: false, Values: { AzureWebJobsStorage: e.value, FUNCTIONS_WORKER_RUNTIME: 'node' } }),
      }),
      F.env,
      {
        make: (r, i, ctx) => [E('AZURE_STORAGE_KEY', 'azure-storage-account-key', cred.azureStorageKey(r))],
        render: inline('jobs/upload.py', (ctx) => [
          'from azure.storage.blob import BlobServiceClient', '',
          `ACCOUNT_URL = "https://${ctx.svc.replace(/-/g, '')}.blob.core.windows.net"`, 'ACCOUNT_KEY = "@@"', '',
          'client = BlobServiceClient(account_url=ACCOUNT_URL, credential=ACCOUNT_KEY)',
        ]),
      },
    ],
  },
  {
    family: 'azure-sas',
    group: 'azure',
    make: (r, i, ctx) => [
      E('AZURE_BLOB_SAS_URL', 'azure-sas-token', `https://${ctx.svc.replace(/-/g, '')}.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rwdlacx&se=2026-0${r.int(1, 9)}-15T18:00:00Z&st=2025-01-01T09:00:00Z&spr=https&sig=${cred.azureSasSig(r)}`),
    ],
    formats: [
      F.env,
      inline('scripts/backup.sh', (ctx) => ['#!/usr/bin/env bash', 'set -euo pipefail', 'azcopy copy ./dumps "@@" --recursive', 'echo "backup uploaded"']),
      {
        make: (r, i, ctx) => [E('ServiceBus', 'azure-servicebus-key', `Endpoint=sb://${ctx.svc}-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${cred.azureSharedAccessKey(r)}`)],
        render: (r, ctx, [e]) => ({ file: 'appsettings.json', items: jsonLines({ ConnectionStrings: { ServiceBus: e.value }, Queue: 'orders' }) }),
      },
      F.yaml,
    ],
  },
  {
    family: 'azure-client-secret',
    group: 'azure',
    make: (r) => [E('AZURE_CLIENT_SECRET', 'azure-client-secret', cred.azureClientSecret(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['AZURE_TENANT_ID', uuid(r)], ['AZURE_CLIENT_ID', uuid(r)], ['AZURE_CLIENT_SECRET', e.value], ['AZURE_SUBSCRIPTION_ID', uuid(r)]]) }),
      inline('terraform.tfvars', (ctx, r) => [`tenant_id       = "${uuid(r)}"`, `client_id       = "${uuid(r)}"`, 'client_secret   = "@@"', `subscription_id = "${uuid(r)}"`]),
      (r, ctx, [e]) => ({
        file: 'appsettings.json',
        items: jsonLines({ AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: uuid(r), ClientId: uuid(r), ClientSecret: e.value }, AllowedHosts: '*' }),
      }),
      F.yaml,
    ],
  },
  {
    family: 'github',
    group: 'github',
    make: (r, i) => {
      const kinds = [['GITHUB_TOKEN', 'github-pat', 'ghp'], ['GH_TOKEN', 'github-oauth', 'gho'], ['GITHUB_APP_TOKEN', 'github-app-token', 'ghs'], ['GITHUB_USER_TOKEN', 'github-user-token', 'ghu'], ['GITHUB_REFRESH_TOKEN', 'github-refresh-token', 'ghr']];
      const [key, kind, prefix] = kinds[i % kinds.length];
      return [E(key, kind, cred.github(r, prefix))];
    },
    formats: [
      F.env,
      {
        // gh keeps the same token twice: under the user and as the host default.
        make: (r) => {
          const token = cred.github(r, 'gho');
          return [E('oauth_token', 'github-oauth', token), E('oauth_token', 'github-oauth', token)];
        },
        render: inline('.config/gh/hosts.yml', (ctx, r) => ['github.com:', '    users:', `        ${r.pick(PEOPLE)}:`, '            oauth_token: @@', '    git_protocol: https', '    oauth_token: @@', `    user: ${r.pick(PEOPLE)}`]),
      },
      F.sh,
      F.ts,
      F.yaml,
      { make: (r) => [E('GITHUB_PERSONAL_ACCESS_TOKEN', 'github-fine-grained-pat', cred.githubFineGrained(r))], render: F.mcp },
      {
        make: (r) => [E('token', 'github-pat', cred.github(r, 'ghp'))],
        render: inline('test/integration/staging-api.test.ts', () => [
          "import { Octokit } from '@octokit/rest';", '',
          '// Checksummed token of the staging bot; the suite runs against the staging org only.', "const fake_token_for_staging = '@@';", '',
          "describe('staging api', () => {", "  it('lists repositories', async () => {", '    const octokit = new Octokit({ auth: fake_token_for_staging });',
          "    await octokit.rest.repos.listForOrg({ org: 'staging' });", '  });', '});',
        ]),
      },
    ],
  },
  {
    family: 'gitlab',
    group: 'gitlab',
    make: (r) => [E('GITLAB_TOKEN', 'gitlab-pat', cred.gitlab(r))],
    formats: [
      F.env,
      inline('.python-gitlab.cfg', (ctx) => ['[global]', 'default = work', 'ssl_verify = true', 'timeout = 5', '', '[work]', `url = https://gitlab.${ctx.domain}`, 'private_token = @@', 'api_version = 4']),
      {
        make: (r) => [E('TRIGGER', 'gitlab-trigger-token', cred.gitlabTrigger(r))],
        render: inline('scripts/trigger-pipeline.sh', (ctx, r) => ['#!/bin/sh', 'curl -X POST --fail \\', '  -F token=@@ \\', '  -F ref=main \\', `  "https://gitlab.${ctx.domain}/api/v4/projects/${r.int(10, 999)}/trigger/pipeline"`]),
      },
      {
        make: (r) => [E('DEPLOY_TOKEN', 'gitlab-deploy-token', cred.gitlab(r, 'gldt-'))],
        render: inline('scripts/pull-image.sh', (ctx) => ['#!/usr/bin/env bash', `echo "@@" | docker login registry.gitlab.${ctx.domain} -u gitlab+deploy-token-17 --password-stdin`, `docker pull registry.gitlab.${ctx.domain}/platform/${ctx.svc}:latest`]),
      },
      {
        make: (r) => [E('token', 'gitlab-runner-token', cred.gitlab(r, 'glrt-'))],
        render: inline('runner/config.toml', (ctx) => ['concurrent = 4', 'check_interval = 0', '', '[[runners]]', `  name = "${ctx.svc}-runner"`, `  url = "https://gitlab.${ctx.domain}"`, '  token = "@@"', '  executor = "docker"', '  [runners.docker]', '    image = "alpine:3.20"', '    privileged = false']),
      },
    ],
  },
  {
    family: 'bitbucket',
    group: 'bitbucket',
    make: (r) => [E('BITBUCKET_APP_PASSWORD', 'bitbucket-app-password', cred.bitbucketAppPassword(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['BITBUCKET_WORKSPACE', ctx.domain.split('.')[0]], ['BITBUCKET_USERNAME', r.pick(PEOPLE)], ['BITBUCKET_APP_PASSWORD', e.value]]) }),
      inline('scripts/mirror.sh', (ctx, r) => ['#!/usr/bin/env bash', 'set -e', `curl -s -u ${r.pick(PEOPLE)}:@@ \\`, `  "https://api.bitbucket.org/2.0/repositories/${ctx.domain.split('.')[0]}/${ctx.svc}/pullrequests?state=OPEN"`]),
      F.json,
      { make: (r) => [E('BITBUCKET_ACCESS_TOKEN', 'bitbucket-access-token', cred.atlassianToken(r, 'ATCTT3xFfGN0'))], render: F.envrc },
    ],
  },
  {
    family: 'slack',
    group: 'slack',
    make: (r, i) => [
      [() => E('SLACK_BOT_TOKEN', 'slack-bot-token', cred.slackBot(r))],
      [() => E('SLACK_USER_TOKEN', 'slack-user-token', cred.slackUser(r))],
      [() => E('SLACK_APP_TOKEN', 'slack-app-token', cred.slackApp(r))],
      [() => E('SLACK_WEBHOOK_URL', 'slack-webhook', cred.slackWebhook(r))],
    ][i % 4].map((f) => f()),
    formats: [
      F.env, F.json, F.envrc, F.yaml, F.py,
      (r, ctx, [e]) => ({ file: 'scripts/notify.sh', items: ['#!/bin/sh', `MSG="${ctx.svc} deployed"`, mark(`curl -sf -X POST -H 'Content-type: application/json' --data "{\\"text\\":\\"$MSG\\"}" ${flat(e.value)}`, e.value)] }),
      { make: (r) => [E('SLACK_BOT_TOKEN', 'slack-bot-token', cred.slackBot(r)), E('SLACK_APP_TOKEN', 'slack-app-token', cred.slackApp(r))], render: F.env },
    ],
  },
  {
    family: 'discord',
    group: 'discord',
    make: (r) => [E('DISCORD_TOKEN', 'discord-bot-token', cred.discordBot(r))],
    formats: [
      inline('bot.py', () => ['import discord', '', 'intents = discord.Intents.default()', 'intents.message_content = True', 'client = discord.Client(intents=intents)', '', '@client.event', 'async def on_ready():', '    print(f"logged in as {client.user}")', '', 'client.run("@@")']),
      F.env,
      { make: (r) => [E('DISCORD_WEBHOOK', 'discord-webhook', cred.discordWebhook(r))], render: F.json },
      { make: (r) => [E('DISCORD_WEBHOOK_URL', 'discord-webhook', cred.discordWebhook(r))], render: F.sh },
    ],
  },
  {
    family: 'telegram',
    group: 'telegram',
    make: (r) => [E('TELEGRAM_BOT_TOKEN', 'telegram-bot-token', cred.telegram(r))],
    formats: [
      F.env,
      inline('bot/main.py', () => ['from telegram.ext import Application, CommandHandler', '', 'async def start(update, context):', '    await update.message.reply_text("hi")', '', 'app = Application.builder().token("@@").build()', 'app.add_handler(CommandHandler("start", start))', 'app.run_polling()']),
      inline('scripts/alert.sh', (ctx, r) => ['#!/usr/bin/env bash', `CHAT_ID=-100${r.chars(10, DIGITS)}`, 'curl -s "https://api.telegram.org/bot@@/sendMessage" \\', '  -d chat_id="$CHAT_ID" -d text="backup finished"']),
      F.yaml,
    ],
  },
  {
    family: 'stripe',
    group: 'stripe',
    make: (r, i) => [
      [() => E('STRIPE_SECRET_KEY', 'stripe-secret-key', cred.stripe(r))],
      [() => E('STRIPE_RESTRICTED_KEY', 'stripe-restricted-key', cred.stripe(r, 'rk_live_'))],
      [() => E('STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', cred.stripeWebhook(r))],
    ][i % 3].map((f) => f()),
    formats: [
      F.env, F.yaml, F.env,
      inline('src/payments/stripe.ts', () => ["import Stripe from 'stripe';", '', "export const stripe = new Stripe('@@', {", "  apiVersion: '2024-06-20',", '  maxNetworkRetries: 2,', '});']),
      F.php,
    ],
  },
  {
    family: 'square',
    group: 'square',
    make: (r, i) => [i % 2 ? E('SQUARE_APPLICATION_SECRET', 'square-oauth-secret', cred.squareSecret(r)) : E('SQUARE_ACCESS_TOKEN', 'square-access-token', cred.squareAccess(r))],
    formats: [F.env, F.json, F.yaml, F.rb],
  },
  {
    family: 'paypal-braintree',
    group: 'braintree',
    make: (r) => [E('BRAINTREE_ACCESS_TOKEN', 'braintree-access-token', cred.braintreeAccess(r))],
    formats: [
      F.env,
      (r, ctx) => {
        const s = sec('paypal-client-secret', cred.paypalSecret(r));
        return { file: '.env', items: envLines([['PAYPAL_MODE', 'live'], ['PAYPAL_CLIENT_ID', 'A' + r.chars(79, URLSAFE)], ['PAYPAL_CLIENT_SECRET', s]]) };
      },
      {
        make: (r) => [E('private_key', 'braintree-private-key', cred.hex(r, 32))],
        render: inline('payments/gateway.py', (ctx, r) => ['import braintree', '', 'gateway = braintree.BraintreeGateway(', '    braintree.Configuration(', '        environment=braintree.Environment.Production,', `        merchant_id="${r.chars(16, LOWER_ALNUM)}",`, `        public_key="${r.chars(16, LOWER_ALNUM)}",`, '        private_key="@@",', '    )', ')']),
      },
      F.yaml,
    ],
  },
  {
    family: 'shopify',
    group: 'shopify',
    make: (r, i) => [[E('SHOPIFY_ACCESS_TOKEN', 'shopify-access-token', cred.shopify(r)), E('SHOPIFY_API_SECRET', 'shopify-shared-secret', cred.shopify(r, 'shpss_')), E('SHOPIFY_CUSTOM_APP_TOKEN', 'shopify-custom-app-token', cred.shopify(r, 'shpca_')), E('SHOPIFY_PRIVATE_APP_PASSWORD', 'shopify-private-app-token', cred.shopify(r, 'shppa_'))][i % 4]],
    formats: [F.env, F.env, F.ts, F.json],
  },
  {
    family: 'openai',
    group: 'openai',
    make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r))],
    formats: [
      F.env,
      inline('app/llm.py', () => ['from openai import OpenAI', '', 'client = OpenAI(api_key="@@")', '', 'def complete(prompt: str) -> str:', '    resp = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])', '    return resp.choices[0].message.content']),
      F.mcp,
      { make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiLegacy(r))], render: F.ts },
      { make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r, 'svcacct'))], render: F.yaml },
    ],
  },
  {
    family: 'anthropic',
    group: 'anthropic',
    make: (r) => [E('ANTHROPIC_API_KEY', 'anthropic-api-key', cred.anthropic(r))],
    formats: [
      F.env,
      inline('agent/client.py', () => ['import anthropic', '', 'client = anthropic.Anthropic(api_key="@@")', '', 'def ask(question):', '    msg = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": question}])', '    return msg.content[0].text']),
      F.ts,
      F.mcp,
      { make: (r) => [E('ANTHROPIC_ADMIN_KEY', 'anthropic-admin-key', cred.anthropic(r, 'admin01'))], render: F.envrc },
    ],
  },
  { family: 'groq', group: 'groq', make: (r) => [E('GROQ_API_KEY', 'groq-api-key', cred.groq(r))], formats: [F.env, F.py, F.json] },
  {
    family: 'huggingface',
    group: 'hf',
    make: (r) => [E('HF_TOKEN', 'huggingface-token', cred.huggingface(r))],
    formats: [
      F.env,
      inline('train.py', () => ['from huggingface_hub import login', 'from transformers import AutoModelForCausalLM', '', 'login(token="@@")', 'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B")']),
      inline('scripts/setup.sh', () => ['#!/usr/bin/env bash', 'pip install -U "huggingface_hub[cli]"', 'huggingface-cli login --token @@ --add-to-git-credential']),
      { make: (r) => [E('HF_ORG_TOKEN', 'huggingface-org-token', cred.huggingface(r, 'api_org_'))], render: F.yaml },
    ],
  },
  {
    family: 'cohere',
    group: 'cohere',
    make: (r) => [E('COHERE_API_KEY', 'cohere-api-key', cred.cohere(r))],
    formats: [
      { make: (r) => [E('CO_API_KEY', 'cohere-api-key', cred.cohere(r))], render: F.env },
      inline('rag/rerank.py', () => ['import cohere', '', 'co = cohere.ClientV2("@@")', '', 'def rerank(query, docs):', '    return co.rerank(model="rerank-v3.5", query=query, documents=docs, top_n=5)']),
      F.json,
    ],
  },
  {
    family: 'mistral',
    group: 'mistral',
    make: (r) => [E('MISTRAL_API_KEY', 'mistral-api-key', cred.mistral(r))],
    formats: [F.env, inline('chat.py', () => ['from mistralai import Mistral', '', 'client = Mistral(api_key="@@")', 'reply = client.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": "hello"}])']), F.yaml],
  },
  { family: 'replicate', group: 'replicate', make: (r) => [E('REPLICATE_API_TOKEN', 'replicate-api-token', cred.replicate(r))], formats: [F.env, F.py, F.ts] },
  { family: 'npm', group: 'npm', make: (r) => [E('NPM_TOKEN', 'npm-access-token', cred.npm(r))], formats: [F.env, F.workflow, F.sh] },
  {
    family: 'pypi',
    group: 'pypi',
    make: (r) => [E('TWINE_PASSWORD', 'pypi-token', cred.pypi(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['TWINE_USERNAME', '__token__'], ['TWINE_PASSWORD', e.value]]) }),
      inline('scripts/publish.sh', () => ['#!/usr/bin/env bash', 'set -euo pipefail', 'python -m build', 'twine upload -u __token__ -p @@ dist/*']),
      inline('scripts/poetry-setup.sh', () => ['#!/bin/sh', 'poetry config pypi-token.pypi @@', 'poetry publish --build']),
    ],
  },
  {
    family: 'crates-io',
    group: 'cargo',
    make: (r) => [E('CARGO_REGISTRY_TOKEN', 'crates-io-token', cred.crates(r))],
    formats: [inline('.cargo/credentials.toml', () => ['[registry]', 'token = "@@"']), F.env, F.workflow],
  },
  {
    family: 'rubygems',
    group: 'gem',
    make: (r) => [E('GEM_HOST_API_KEY', 'rubygems-api-key', cred.rubygems(r))],
    formats: [inline('.gem/credentials', () => ['---', ':rubygems_api_key: @@']), F.env, F.sh],
  },
  {
    family: 'nuget',
    group: 'nuget',
    make: (r) => [E('NUGET_API_KEY', 'nuget-api-key', cred.nuget(r))],
    formats: [inline('build/publish.sh', () => ['#!/usr/bin/env bash', 'dotnet pack -c Release -o out', 'dotnet nuget push "out/*.nupkg" --api-key @@ --source https://api.nuget.org/v3/index.json']), F.env, F.yaml],
  },
  {
    family: 'docker',
    group: 'docker',
    make: (r) => [E('DOCKERHUB_TOKEN', 'docker-hub-pat', cred.dockerPat(r))],
    formats: [F.env, inline('scripts/push.sh', (ctx, r) => ['#!/usr/bin/env bash', `echo "@@" | docker login -u ${r.pick(PEOPLE)} --password-stdin`, `docker push ${ctx.domain.split('.')[0]}/${ctx.svc}:latest`]), F.workflow],
  },
  {
    family: 'sendgrid',
    group: 'sendgrid',
    make: (r) => [E('SENDGRID_API_KEY', 'sendgrid-api-key', cred.sendgrid(r))],
    formats: [F.env, inline('mail/send.py', () => ['from sendgrid import SendGridAPIClient', '', 'sg = SendGridAPIClient("@@")']), F.json, F.php],
  },
  {
    family: 'mailgun',
    group: 'mailgun',
    make: (r, i) => [E('MAILGUN_API_KEY', 'mailgun-api-key', i === 1 ? cred.mailgunV2(r) : cred.mailgun(r))],
    formats: [F.env, F.py, F.yaml],
  },
  { family: 'mailchimp', group: 'mailchimp', make: (r) => [E('MAILCHIMP_API_KEY', 'mailchimp-api-key', cred.mailchimp(r))], formats: [F.env, F.json, F.py] },
  {
    family: 'brevo',
    group: 'brevo',
    make: (r, i) => [i === 1 ? E('BREVO_SMTP_KEY', 'brevo-smtp-key', cred.brevo(r, 'xsmtpsib-')) : E('BREVO_API_KEY', 'brevo-api-key', cred.brevo(r))],
    formats: [F.env, F.yaml, F.php],
  },
  {
    family: 'twilio',
    group: 'twilio',
    make: (r) => [E('TWILIO_ACCOUNT_SID', 'twilio-account-sid', cred.twilioSid(r)), E('TWILIO_AUTH_TOKEN', 'twilio-auth-token', cred.hex(r, 32))],
    formats: [
      F.env,
      inline('sms/send.py', (ctx, r) => ['from twilio.rest import Client', '', 'account_sid = "@@"', 'auth_token = "@@"', 'client = Client(account_sid, auth_token)', `client.messages.create(to="+4915${r.chars(9, DIGITS)}", from_="+1415${r.chars(7, DIGITS)}", body="Your order shipped")`]),
      { make: (r) => [E('TWILIO_API_KEY', 'twilio-api-key', cred.twilioSid(r, 'SK')), E('TWILIO_API_SECRET', 'twilio-api-secret', r.chars(32, B62))], render: F.json },
      F.yaml,
    ],
  },
  {
    family: 'postmark',
    group: 'postmark',
    make: (r) => [E('POSTMARK_SERVER_TOKEN', 'postmark-server-token', uuid(r))],
    formats: [F.env, inline('config/initializers/postmark.rb', () => ['Rails.application.configure do', '  config.action_mailer.delivery_method = :postmark', '  config.action_mailer.postmark_settings = { api_token: "@@" }', 'end']), F.json],
  },
  {
    family: 'heroku',
    group: 'heroku',
    make: (r) => [E('HEROKU_API_KEY', 'heroku-api-key', cred.herokuKey(r))],
    formats: [F.env, { make: (r) => [E('HEROKU_API_KEY', 'heroku-api-key', uuid(r))], render: F.workflow }, F.sh],
  },
  {
    family: 'digitalocean',
    group: 'digitalocean',
    make: (r) => [E('DIGITALOCEAN_TOKEN', 'digitalocean-token', cred.digitalocean(r))],
    formats: [F.env, inline('.config/doctl/config.yaml', () => ['access-token: @@', 'context: default', 'output: text']), { make: (r) => [E('DO_TOKEN', 'digitalocean-token', cred.digitalocean(r))], render: F.tfvars }],
  },
  {
    family: 'hetzner',
    group: 'hcloud',
    make: (r) => [E('HCLOUD_TOKEN', 'hetzner-token', cred.hetzner(r))],
    formats: [F.env, F.tfvars, inline('.config/hcloud/cli.toml', () => ['active_context = "prod"', '', '[[contexts]]', '  name = "prod"', '  token = "@@"'])],
  },
  {
    family: 'vercel',
    group: 'vercel',
    make: (r) => [E('VERCEL_TOKEN', 'vercel-token', cred.vercelLegacy(r))],
    formats: [F.env, { make: (r) => [E('VERCEL_TOKEN', 'vercel-token', cred.vercel(r))], render: F.workflow }, F.json],
  },
  { family: 'netlify', group: 'netlify', make: (r) => [E('NETLIFY_AUTH_TOKEN', 'netlify-token', cred.netlify(r))], formats: [F.env, F.sh, F.yaml] },
  {
    family: 'cloudflare',
    group: 'cloudflare',
    make: (r) => [E('CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', cred.cloudflareToken(r))],
    formats: [
      F.env,
      F.tfvars,
      { make: (r) => [E('CLOUDFLARE_ORIGIN_CA_KEY', 'cloudflare-origin-ca-key', cred.cloudflareOriginCa(r))], render: F.yaml },
      (r, ctx) => ({ file: '.env', items: envLines([['CF_API_EMAIL', `ops@${ctx.domain}`], ['CF_API_KEY', sec('cloudflare-global-api-key', cred.cloudflareGlobal(r))], ['CF_ZONE', ctx.domain]]) }),
    ],
  },
  {
    family: 'flyio',
    group: 'fly',
    make: (r) => [E('FLY_API_TOKEN', 'flyio-token', cred.flyMacaroon(r))],
    formats: [F.env, F.workflow, { make: (r) => [E('FLY_ORG_TOKEN', 'flyio-token', cred.flyOrg(r))], render: inline('scripts/fly-deploy.sh', () => ['#!/usr/bin/env bash', 'flyctl deploy --remote-only --access-token @@'] ) }],
  },
  {
    family: 'linode',
    group: 'linode',
    make: (r) => [E('LINODE_TOKEN', 'linode-token', cred.hex(r, 64))],
    formats: [F.env, F.tfvars, inline('.config/linode-cli', (ctx, r) => ['[DEFAULT]', `default-user = ${r.pick(PEOPLE)}`, '', `[${r.pick(PEOPLE)}]`, 'token = @@', `region = ${r.pick(['eu-central', 'us-east'])}`, 'type = g6-standard-2'])],
  },
  {
    family: 'doppler',
    group: 'doppler',
    make: (r) => [E('DOPPLER_TOKEN', 'doppler-token', cred.doppler(r))],
    formats: [F.env, inline('scripts/run.sh', () => ['#!/bin/sh', 'export DOPPLER_TOKEN=@@', 'exec doppler run -- node dist/server.js']), { make: (r) => [E('DOPPLER_TOKEN', 'doppler-token', cred.doppler(r, 'dp.pt.'))], render: F.yaml }],
  },
  {
    family: 'infisical',
    group: 'infisical',
    make: (r) => [E('INFISICAL_TOKEN', 'infisical-service-token', cred.infisicalService(r))],
    formats: [
      F.env,
      F.yaml,
      (r, ctx) => ({ file: '.env', items: envLines([['INFISICAL_CLIENT_ID', uuid(r)], ['INFISICAL_CLIENT_SECRET', sec('infisical-client-secret', cred.hex(r, 64))], ['INFISICAL_PROJECT_ID', uuid(r)]]) }),
    ],
  },
  {
    family: 'vault',
    group: 'vault',
    make: (r) => [E('VAULT_TOKEN', 'vault-token', cred.vaultService(r))],
    formats: [
      F.env,
      inline('scripts/read-secrets.sh', (ctx) => ['#!/usr/bin/env bash', `export VAULT_ADDR=https://vault.${ctx.domain}:8200`, 'vault login @@', `vault kv get -format=json secret/${ctx.svc}`]),
      F.yaml,
      { make: (r) => [E('VAULT_TOKEN', 'vault-token', cred.vaultLegacy(r))], render: F.envrc },
      { make: (r) => [E('VAULT_BATCH_TOKEN', 'vault-token', cred.vaultBatch(r))], render: F.env },
    ],
  },
  {
    family: 'datadog',
    group: 'dd',
    make: (r) => [E('DD_API_KEY', 'datadog-api-key', cred.hex(r, 32)), E('DD_APP_KEY', 'datadog-app-key', cred.hex(r, 40))],
    formats: [
      F.env,
      { make: (r) => [E('api_key', 'datadog-api-key', cred.hex(r, 32))], render: inline('datadog.yaml', () => ['api_key: @@', 'site: datadoghq.eu', 'logs_enabled: true', 'apm_config:', '  enabled: true']) },
      F.compose,
      F.py,
    ],
  },
  {
    family: 'newrelic',
    group: 'new-relic',
    make: (r) => [E('NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', cred.newrelicLicense(r))],
    formats: [
      inline('newrelic.yml', (ctx) => ['common: &default_settings', '  license_key: @@', `  app_name: ${ctx.svc}`, '  log_level: info', '', 'production:', '  <<: *default_settings']),
      { make: (r) => [E('NEW_RELIC_API_KEY', 'newrelic-user-key', cred.newrelicUser(r))], render: F.env },
      inline('newrelic.js', (ctx) => ["'use strict'", 'exports.config = {', `  app_name: ['${ctx.svc}'],`, "  license_key: '@@',", "  logging: { level: 'info' },", '}']),
    ],
  },
  {
    family: 'sentry',
    group: 'sentry',
    make: (r) => [E('SENTRY_DSN', 'sentry-dsn-secret', cred.sentryDsnWithSecret(r))],
    formats: [
      F.env,
      { make: (r) => [E('SENTRY_AUTH_TOKEN', 'sentry-user-token', cred.sentryUser(r))], render: F.env },
      { make: (r, i, ctx) => [E('token', 'sentry-org-token', cred.sentryOrg(r, ctx.domain.split('.')[0]))], render: inline('.sentryclirc', (ctx) => ['[defaults]', `org = ${ctx.domain.split('.')[0]}`, `project = ${ctx.svc}`, '', '[auth]', 'token=@@']) },
      inline('app/__init__.py', () => ['import sentry_sdk', '', 'sentry_sdk.init(', '    dsn="@@",', '    traces_sample_rate=0.2,', ')']),
    ],
  },
  {
    family: 'grafana',
    group: 'grafana',
    make: (r) => [E('GRAFANA_SERVICE_ACCOUNT_TOKEN', 'grafana-service-account-token', cred.grafanaServiceAccount(r))],
    formats: [F.env, { make: (r, i, ctx) => [E('GRAFANA_CLOUD_TOKEN', 'grafana-cloud-token', cred.grafanaCloud(r, ctx.svc))], render: F.yaml }, F.json],
  },
  {
    family: 'atlassian',
    group: 'jira',
    make: (r) => [E('JIRA_API_TOKEN', 'atlassian-api-token', cred.atlassianToken(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['JIRA_BASE_URL', `https://${ctx.domain.split('.')[0]}.atlassian.net`], ['JIRA_EMAIL', `${r.pick(PEOPLE)}@${ctx.domain}`], ['JIRA_API_TOKEN', e.value]]) }),
      inline('tools/jira_sync.py', (ctx, r) => ['from jira import JIRA', '', `jira = JIRA(server="https://${ctx.domain.split('.')[0]}.atlassian.net", basic_auth=("${r.pick(PEOPLE)}@${ctx.domain}", "@@"))`]),
      { make: (r) => [E('CONFLUENCE_API_TOKEN', 'atlassian-api-token', cred.atlassianToken(r))], render: F.json },
    ],
  },
  { family: 'linear', group: 'linear', make: (r) => [E('LINEAR_API_KEY', 'linear-api-key', cred.linear(r))], formats: [F.env, F.ts, F.mcp] },
  {
    family: 'notion',
    group: 'notion',
    make: (r) => [E('NOTION_TOKEN', 'notion-token', cred.notion(r))],
    formats: [F.env, inline('sync/notion_export.py', () => ['from notion_client import Client', '', 'notion = Client(auth="@@")']), { make: (r) => [E('NOTION_API_KEY', 'notion-token', cred.notionLegacy(r))], render: F.json }],
  },
  { family: 'figma', group: 'figma', make: (r) => [E('FIGMA_ACCESS_TOKEN', 'figma-token', cred.figma(r))], formats: [F.env, F.ts, F.mcp] },
  {
    family: 'algolia',
    group: 'algolia',
    make: (r) => [E('ALGOLIA_ADMIN_API_KEY', 'algolia-admin-key', cred.hex(r, 32))],
    formats: [
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['ALGOLIA_APP_ID', r.chars(10, UPPER_ALNUM)], ['ALGOLIA_ADMIN_API_KEY', e.value], ['ALGOLIA_INDEX', `${ctx.svc}_prod`]]) }),
      inline('scripts/reindex.js', (ctx, r) => ["const algoliasearch = require('algoliasearch');", '', `const client = algoliasearch('${r.chars(10, UPPER_ALNUM)}', '@@');`, `const index = client.initIndex('${ctx.svc}_prod');`]),
      F.yaml,
    ],
  },
  {
    family: 'jwt',
    group: 'api',
    make: (r, i, ctx) => [E('API_BEARER_TOKEN', 'jwt', cred.jwt(r, { sub: uuid(r), iss: `https://auth.${ctx.domain}`, aud: ctx.svc, scope: 'read:orders write:orders', iat: 1730000000 + r.int(0, 9999999), exp: 1790000000 + r.int(0, 9999999) }, { alg: r.pick(['HS256', 'RS256']) }))],
    formats: [
      F.env,
      inline('requests/orders.http', (ctx) => [`@host = https://${ctx.svc}.${ctx.domain}`, '', '### list orders', 'GET {{host}}/v1/orders?limit=20', 'Authorization: Bearer @@', 'Accept: application/json']),
      inline('scripts/smoke.sh', (ctx) => ['#!/usr/bin/env bash', `curl -sf https://${ctx.svc}.${ctx.domain}/v1/health \\`, '  -H "Authorization: Bearer @@"']),
      (r, ctx, [e]) => ({ file: `${ctx.svc}.postman_environment.json`, items: jsonLines({ id: uuid(r), name: 'production', values: [{ key: 'baseUrl', value: `https://${ctx.svc}.${ctx.domain}`, enabled: true }, { key: 'accessToken', value: e.value, enabled: true }] }) }),
      F.ts,
    ],
  },
  {
    family: 'jwt-secret',
    group: 'jwt',
    make: (r) => [E('JWT_SECRET', 'jwt-signing-secret', cred.jwtSecret(r))],
    formats: [
      F.env,
      F.properties,
      { make: (r) => [E('JWT_SECRET_KEY', 'jwt-signing-secret', cred.jwtSecret(r))], render: F.py },
      inline('src/auth/tokens.ts', () => ["import jwt from 'jsonwebtoken';", '', 'export function issue(userId: string): string {', "  return jwt.sign({ sub: userId }, '@@', { expiresIn: '1h' });", '}']),
      F.yaml,
    ],
  },
  {
    family: 'private-key-rsa',
    group: 'tls',
    make: (r) => [E('key', 'rsa-private-key', keys.rsaPkcs1(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.ssh/id_rsa', items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({ file: `certs/${ctx.svc}.key`, items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({ file: '.env', items: envLines([['TLS_CERT_PATH', '/etc/ssl/certs/app.crt'], ['TLS_PRIVATE_KEY', e.value]]) }),
      (r, ctx, [e]) => ({ file: 'helm/values.prod.yaml', items: yamlLines({ ingress: { enabled: true, host: `${ctx.svc}.${ctx.domain}` }, tls: { key: e.value } }) }),
    ],
  },
  {
    family: 'private-key-ec',
    group: 'tls',
    make: (r) => [E('key', 'ec-private-key', keys.ecSec1(r))],
    formats: [
      (r, ctx, [e]) => ({ file: 'certs/ec-p256.key', items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({ file: 'config/signing.yaml', items: yamlLines({ signer: { algorithm: 'ES256', key_id: r.chars(10, UPPER_ALNUM), private_key: e.value } }) }),
      (r, ctx, [e]) => ({ file: 'config/webhook-signing.json', items: jsonLines({ alg: 'ES256', kid: r.chars(12, LOWER_ALNUM), privateKeyPem: e.value }) }),
    ],
  },
  {
    family: 'private-key-pkcs8',
    group: 'tls',
    make: (r) => [E('key', 'pkcs8-private-key', keys.rsaPkcs8(r))],
    formats: [
      (r, ctx, [e]) => ({ file: 'certs/server-key.pem', items: [markBlock(e.value.value, e.value)] }),
      { make: (r) => [E('key', 'pkcs8-private-key', keys.ecPkcs8(r))], render: (r, ctx, [e]) => ({ file: `AuthKey_${r.chars(10, UPPER_ALNUM)}.p8`, items: [markBlock(e.value.value, e.value)] }) },
      { make: (r) => [E('key', 'pkcs8-private-key', keys.ed25519Pkcs8(r))], render: (r, ctx, [e]) => ({ file: 'keys/signing-ed25519.pem', items: [markBlock(e.value.value, e.value)] }) },
      (r, ctx, [e]) => ({
        file: 'infra/tls.tf',
        items: ['resource "kubernetes_secret" "tls" {', '  metadata {', `    name = "${ctx.svc}-tls"`, '  }', '  data = {', '    "tls.key" = <<-EOT', ...indentItems([markBlock(e.value.value, e.value)], '      '), '    EOT', '  }', '}'],
      }),
    ],
  },
  {
    family: 'private-key-openssh',
    group: 'ssh',
    make: (r, i, ctx) => [E('key', 'openssh-private-key', keys.opensshEd25519(r, `${r.pick(PEOPLE)}@${ctx.svc}`))],
    formats: [
      (r, ctx, [e]) => ({ file: '.ssh/id_ed25519', items: [markBlock(e.value.value, e.value)] }),
      { make: (r, i, ctx) => [E('key', 'openssh-private-key', keys.opensshRsa(r, `deploy@${ctx.svc}`))], render: (r, ctx, [e]) => ({ file: 'deploy/id_rsa', items: [markBlock(e.value.value, e.value)] }) },
      (r, ctx, [e]) => ({ file: 'ansible/group_vars/all.yml', items: yamlLines({ deploy_user: 'deploy', deploy_path: `/srv/${ctx.svc}`, deploy_ssh_key: e.value }) }),
    ],
  },
  {
    family: 'private-key-putty',
    group: 'ssh',
    make: (r, i, ctx) => [E('key', 'putty-private-key', keys.putty(r, `eddsa-key-2024${r.chars(4, DIGITS)}`, 3))],
    formats: [
      (r, ctx, [e]) => ({ file: `keys/${ctx.svc}.ppk`, items: [markBlock(e.value.value, e.value)] }),
      { make: (r) => [E('key', 'putty-private-key', keys.putty(r, 'rsa-key-20230611', 2))], render: (r, ctx, [e]) => ({ file: 'deploy.ppk', items: [markBlock(e.value.value, e.value)] }) },
      (r, ctx, [e]) => ({ file: 'winscp/server.ppk', items: [markBlock(e.value.value, e.value)] }),
    ],
  },
  {
    family: 'age',
    group: 'sops',
    make: (r) => [E('SOPS_AGE_KEY', 'age-secret-key', cred.ageSecretKey(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.config/sops/age/keys.txt', items: [`# created: 2024-0${r.int(1, 9)}-1${r.int(0, 9)}T10:2${r.int(0, 9)}:00+01:00`, `# public key: ${cred.agePublicKey(r)}`, mark(flat(e.value), e.value)] }),
      F.env,
      (r, ctx, [e]) => ({ file: 'clusters/prod/sops-age.yaml', items: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sops-age', namespace: 'flux-system' }, stringData: { 'age.agekey': e.value } }) }),
    ],
  },
  {
    family: 'postgres-url',
    group: 'database',
    make: (r, i, ctx) => [E('DATABASE_URL', 'postgres-url', url.postgres(r, ctx))],
    formats: [F.env, F.yaml, { make: (r, i, ctx) => [E('SQLALCHEMY_DATABASE_URI', 'postgres-url', url.postgres(r, ctx))], render: F.py }, F.json, F.k8s],
  },
  {
    family: 'mysql-url',
    group: 'database',
    make: (r, i, ctx) => [E('DATABASE_URL', 'mysql-url', url.mysql(r, ctx))],
    formats: [F.env, inline('config/database.yml', () => ['production:', '  adapter: mysql2', '  url: @@', '  pool: 10']), F.php, F.compose],
  },
  {
    family: 'mongodb-url',
    group: 'mongo',
    make: (r, i, ctx) => [E('MONGODB_URI', 'mongodb-url', url.mongo(r, ctx))],
    formats: [F.env, F.json, inline('src/db.ts', () => ["import mongoose from 'mongoose';", '', "await mongoose.connect('@@');"]), F.yaml],
  },
  {
    family: 'redis-url',
    group: 'redis',
    make: (r, i, ctx) => [E('REDIS_URL', 'redis-url', url.redis(r, ctx))],
    formats: [F.env, F.yaml, { make: (r, i, ctx) => [E('CELERY_RESULT_BACKEND', 'redis-url', url.redis(r, ctx))], render: F.py }, F.compose],
  },
  {
    family: 'amqp-url',
    group: 'rabbitmq',
    make: (r, i, ctx) => [E('AMQP_URL', 'amqp-url', url.amqp(r, ctx))],
    formats: [F.env, { make: (r, i, ctx) => [E('CELERY_BROKER_URL', 'amqp-url', url.amqp(r, ctx))], render: F.py }, F.yaml, { make: (r, i, ctx) => [E('ADDRESSES', 'amqp-url', url.amqp(r, ctx))], render: F.properties }],
  },
  {
    family: 'mssql-url',
    group: 'sql',
    make: (r, i, ctx) => [E('DefaultConnection', 'mssql-connection-string', url.adoNet(r, ctx))],
    formats: [
      (r, ctx, [e]) => ({ file: 'appsettings.Production.json', items: jsonLines({ ConnectionStrings: { DefaultConnection: e.value }, Logging: { LogLevel: { Default: 'Warning' } } }) }),
      { make: (r, i, ctx) => [E('MSSQL_URL', 'mssql-url', url.mssql(r, ctx))], render: F.env },
      inline('Web.config', (ctx, r) => ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <connectionStrings>', '    <add name="Default" connectionString="@@" providerName="System.Data.SqlClient" />', '  </connectionStrings>', '</configuration>']),
      { make: (r, i, ctx) => [E('CONN', 'mssql-connection-string', `DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql.${ctx.domain};DATABASE=reports;UID=reporter;PWD=${password(r)}`)], render: inline('reports/db.py', () => ['import pyodbc', '', 'conn = pyodbc.connect("@@")']) },
    ],
  },
  {
    family: 'jdbc-url',
    group: 'spring',
    make: (r, i, ctx) => [E('url', 'jdbc-url', `jdbc:postgresql://db.${ctx.domain}:5432/${snake(ctx.svc.replace(/-/g, '_'))}?user=app&password=${urlPassword(r)}&ssl=true`)],
    formats: [
      inline('src/main/resources/application.properties', (ctx) => [`spring.application.name=${ctx.svc}`, 'spring.datasource.url=@@', 'spring.jpa.hibernate.ddl-auto=validate']),
      { make: (r, i, ctx) => [E('url', 'jdbc-url', `jdbc:mysql://mysql.${ctx.domain}:3306/shop?user=shop&password=${urlPassword(r)}&useSSL=true`)], render: inline('src/main/resources/application.yml', () => ['spring:', '  datasource:', '    url: @@', '    hikari:', '      maximum-pool-size: 10']) },
      { make: (r, i, ctx) => [E('url', 'jdbc-url', `jdbc:sqlserver://sql.${ctx.domain}:1433;databaseName=erp;user=erp_app;password=${password(r)};encrypt=true`)], render: inline('conf/datasource.properties', () => ['db.driver=com.microsoft.sqlserver.jdbc.SQLServerDriver', 'db.url=@@', 'db.pool.size=8']) },
      { make: (r, i, ctx) => [E('url', 'jdbc-url', `jdbc:oracle:thin:erp/${urlPassword(r)}@//ora.${ctx.domain}:1521/ERPPDB`)], render: inline('src/main/resources/hibernate.cfg.xml', () => ['<hibernate-configuration>', '  <session-factory>', '    <property name="connection.url">@@</property>', '    <property name="dialect">org.hibernate.dialect.OracleDialect</property>', '  </session-factory>', '</hibernate-configuration>']) },
    ],
  },
  {
    family: 'basic-auth-url',
    group: 'proxy',
    make: (r, i, ctx) => [E('HTTPS_PROXY', 'basic-auth-url', `http://${r.pick(PEOPLE)}:${urlPassword(r)}@proxy.${ctx.domain}:3128`)],
    formats: [
      F.env,
      { make: (r, i, ctx) => [E('index', 'basic-auth-url', `https://ci:${urlPassword(r)}@nexus.${ctx.domain}/repository/pypi-internal/simple`)], render: inline('pip.conf', () => ['[global]', 'index-url = @@', 'timeout = 60']) },
      { make: (r, i, ctx) => [E('url', 'basic-auth-url', `https://admin:${urlPassword(r)}@grafana.${ctx.domain}/api/dashboards/db`)], render: inline('scripts/export-dashboards.sh', () => ['#!/usr/bin/env bash', 'curl -sf -X POST -H "Content-Type: application/json" \\', '  -d @dashboard.json "@@"']) },
      { make: (r, i, ctx) => [E('url', 'basic-auth-url', `https://deploy:${urlPassword(r)}@artifacts.${ctx.domain}/simple/`)], render: inline('Dockerfile', () => ['FROM python:3.12-slim', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir --extra-index-url @@ -r requirements.txt', 'COPY . .', 'CMD ["gunicorn", "app:app"]']) },
      { make: (r, i, ctx) => [E('ELASTICSEARCH_URL', 'basic-auth-url', `https://elastic:${urlPassword(r)}@search.${ctx.domain}:9200`)], render: F.yaml },
    ],
  },
  {
    family: 'netrc',
    group: 'netrc',
    make: (r) => [E('a', 'netrc-password', password(r)), E('b', 'netrc-password', cred.herokuKey(r))],
    formats: [
      inline('.netrc', (ctx, r) => [`machine ftp.${ctx.domain}`, `  login ${r.pick(PEOPLE)}`, '  password @@', '', 'machine api.heroku.com', `  login ${r.pick(PEOPLE)}@${ctx.domain}`, '  password @@']),
      { make: (r) => [E('a', 'netrc-password', cred.github(r, 'ghp'))], render: inline('.netrc', (ctx, r) => [`machine github.com login ${r.pick(PEOPLE)} password @@`]) },
      { make: (r) => [E('a', 'netrc-password', password(r))], render: inline('_netrc', (ctx, r) => ['default', `machine artifacts.${ctx.domain}`, `login ${r.pick(PEOPLE)}`, 'password @@']) },
    ],
  },
  {
    family: 'git-credentials',
    group: 'git',
    make: (r) => [E('a', 'git-credentials', cred.github(r, 'ghp'))],
    formats: [
      inline('.git-credentials', (ctx, r) => [`https://${r.pick(PEOPLE)}:@@@github.com`]),
      { make: (r) => [E('a', 'git-credentials', cred.gitlab(r)), E('b', 'git-credentials', cred.bitbucketAppPassword(r))], render: inline('.git-credentials', (ctx, r) => [`https://oauth2:@@@gitlab.${ctx.domain}`, `https://${r.pick(PEOPLE)}:@@@bitbucket.org`]) },
      { make: (r) => [E('a', 'git-credentials', urlPassword(r))], render: inline('.config/git/credentials', (ctx, r) => [`https://${r.pick(PEOPLE)}:@@@git.${ctx.domain}`]) },
    ],
  },
  {
    family: 'npmrc',
    group: 'npm',
    make: (r) => [E('a', 'npmrc-auth-token', cred.npm(r))],
    formats: [
      inline('.npmrc', () => ['registry=https://registry.npmjs.org/', '//registry.npmjs.org/:_authToken=@@', 'save-exact=true']),
      { make: (r) => [E('a', 'npmrc-auth-token', cred.github(r, 'ghp'))], render: inline('.npmrc', (ctx) => [`@${ctx.domain.split('.')[0]}:registry=https://npm.pkg.github.com`, '//npm.pkg.github.com/:_authToken=@@']) },
      { make: (r) => [E('a', 'npmrc-auth', b64(Buffer.from(`${r.pick(PEOPLE)}:${password(r)}`)))], render: inline('.npmrc', (ctx) => [`registry=https://nexus.${ctx.domain}/repository/npm-group/`, '_auth=@@', 'always-auth=true']) },
      { make: (r) => [E('a', 'npmrc-password', b64(Buffer.from(password(r))))], render: inline('frontend/.npmrc', (ctx, r) => [`registry=https://artifactory.${ctx.domain}/api/npm/npm/`, `//artifactory.${ctx.domain}/api/npm/npm/:username=${r.pick(PEOPLE)}`, `//artifactory.${ctx.domain}/api/npm/npm/:_password=@@`, `//artifactory.${ctx.domain}/api/npm/npm/:email=${r.pick(PEOPLE)}@${ctx.domain}`]) },
    ],
  },
  {
    family: 'pypirc',
    group: 'pypi',
    make: (r) => [E('a', 'pypirc-password', cred.pypi(r))],
    formats: [
      inline('.pypirc', () => ['[distutils]', 'index-servers =', '    pypi', '', '[pypi]', 'username = __token__', 'password = @@']),
      { make: (r) => [E('a', 'pypirc-password', cred.pypi(r)), E('b', 'pypirc-password', password(r))], render: inline('.pypirc', (ctx) => ['[distutils]', 'index-servers =', '    pypi', '    internal', '', '[pypi]', 'username = __token__', 'password = @@', '', '[internal]', `repository = https://pypi.${ctx.domain}/`, 'username = ci', 'password = @@']) },
      { make: (r) => [E('a', 'pypirc-password', password(r))], render: inline('.pypirc', (ctx, r) => ['[distutils]', 'index-servers = nexus', '', '[nexus]', `repository = https://nexus.${ctx.domain}/repository/pypi-hosted/`, `username = ${r.pick(PEOPLE)}`, 'password = @@']) },
    ],
  },
  {
    family: 'k8s-secret',
    group: 'k8s',
    make: (r) => [E('DB_PASSWORD', 'k8s-secret-data', b64(Buffer.from(password(r)))), E('API_KEY', 'k8s-secret-data', b64(Buffer.from(r.chars(40, B62))))],
    formats: [
      (r, ctx, entries) => ({ file: 'k8s/secret.yaml', items: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ctx.svc}-secrets`, namespace: 'prod' }, type: 'Opaque', data: Object.fromEntries(entries.map((e) => [e.key, e.value])) }) }),
      {
        make: (r) => [E('tls.key', 'k8s-secret-data', b64(Buffer.from(keys.ecSec1(r).join('\n') + '\n')))],
        render: (r, ctx, [e]) => ({ file: 'k8s/tls-secret.yaml', items: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ctx.svc}-tls` }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(Buffer.from(publicKeys.certificate(r, `${ctx.svc}.${ctx.domain}`, ctx.domain).join('\n') + '\n')), 'tls.key': e.value } }) }),
      },
      {
        make: (r) => [E('password', 'k8s-secret-data', password(r)), E('jwt-secret', 'k8s-secret-data', cred.jwtSecret(r))],
        render: (r, ctx, entries) => ({ file: 'manifests/app-secret.yml', items: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ctx.svc}-env` }, type: 'Opaque', stringData: Object.fromEntries(entries.map((e) => [e.key, e.value])) }) }),
      },
      (r, ctx, entries) => ({
        file: 'k8s/all.yaml',
        items: [
          ...yamlLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${ctx.svc}-config` }, data: { LOG_LEVEL: 'info', FEATURE_FLAGS: 'search,checkout' } }),
          '---',
          ...yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ctx.svc}-secrets` }, type: 'Opaque', data: Object.fromEntries(entries.map((e) => [e.key, e.value])) }),
        ],
      }),
    ],
  },
  {
    family: 'docker-config',
    group: 'docker',
    make: (r) => [E('auth', 'docker-registry-auth', b64(Buffer.from(`${r.pick(PEOPLE)}:${cred.dockerPat(r)}`)))],
    formats: [
      (r, ctx, [e]) => ({ file: '.docker/config.json', items: jsonLines({ auths: { 'https://index.docker.io/v1/': { auth: e.value } }, credsStore: '', currentContext: 'default' }) }),
      {
        make: (r) => [E('a', 'docker-registry-auth', b64(Buffer.from(`_json_key_base64:${b64(r.bytes(90))}`))), E('b', 'docker-registry-auth', b64(Buffer.from(`ci:${password(r)}`)))],
        render: (r, ctx, [a, b]) => ({ file: '.docker/config.json', items: jsonLines({ auths: { 'europe-docker.pkg.dev': { auth: a.value }, [`registry.${ctx.domain}`]: { auth: b.value } } }) }),
      },
      {
        make: (r, i, ctx) => [E('.dockerconfigjson', 'docker-registry-auth', b64(Buffer.from(JSON.stringify({ auths: { [`registry.${ctx.domain}`]: { username: 'puller', password: password(r), auth: b64(Buffer.from('puller:' + password(r))) } } }))))],
        render: (r, ctx, [e]) => ({ file: 'k8s/pull-secret.yaml', items: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': e.value } }) }),
      },
    ],
  },
];

// Generic assignments: a credential recognisable only by its key name and the value's shape,
// in every file syntax.
const gv = {
  password: (r) => password(r),
  token: (r) => r.chars(r.int(32, 48), B62),
  hex: (r) => r.chars(64, HEX),
  base64: (r) => b64(r.bytes(32)),
  laravel: (r) => 'base64:' + b64(r.bytes(32)),
  railsBase: (r) => r.chars(128, HEX),
  wpSalt: (r) => r.chars(64, B62 + '!#%^*()-_+=[]{}|:;<>,.?~'),
};

const GENERIC_FAMILIES = [
  {
    family: 'generic-env',
    group: 'app',
    make: (r, i) => [
      [E('DB_PASSWORD', 'generic-password', gv.password(r))],
      [E('SECRET_KEY_BASE', 'generic-secret', gv.railsBase(r))],
      [E('APP_KEY', 'generic-secret', gv.laravel(r))],
      [E('SESSION_SECRET', 'generic-secret', gv.token(r)), E('ADMIN_PASSWORD', 'generic-password', gv.password(r))],
      [E('INTERNAL_API_KEY', 'generic-api-key', gv.token(r))],
      [E('ENCRYPTION_KEY', 'generic-secret', gv.base64(r))],
    ][i],
    formats: [F.env, F.env, F.env, F.env, F.envrc, F.env],
  },
  {
    family: 'generic-json',
    group: 'app',
    make: (r, i) => [
      [E('DB_PASSWORD', 'generic-password', gv.password(r))],
      [E('API_KEY', 'generic-api-key', gv.token(r))],
      [E('CLIENT_SECRET', 'generic-secret', gv.token(r))],
      [E('password', 'generic-password', gv.password(r))],
      [E('AUTH_TOKEN', 'generic-token', gv.hex(r))],
    ][i],
    formats: [
      F.json, F.json, F.json,
      (r, ctx, [e]) => ({
        file: '.vscode/settings.json',
        items: jsonLines({ 'editor.formatOnSave': true, 'sqltools.connections': [{ name: 'prod-replica', driver: 'PostgreSQL', server: `replica.${ctx.domain}`, port: 5432, database: 'app', username: 'readonly', password: e.value }] }),
      }),
      F.json,
    ],
  },
  {
    family: 'generic-yaml',
    group: 'app',
    make: (r, i) => [
      [E('PASSWORD', 'generic-password', gv.password(r))],
      [E('SECRET_KEY', 'generic-secret', gv.token(r))],
      [E('API_TOKEN', 'generic-token', gv.token(r))],
      [E('POSTGRES_PASSWORD', 'generic-password', gv.password(r))],
      [E('MYSQL_ROOT_PASSWORD', 'generic-password', gv.password(r))],
      [E('db_password', 'generic-password', gv.password(r))],
    ][i],
    formats: [
      F.yaml, F.yaml, F.yaml,
      (r, ctx, [e]) => ({ file: 'docker-compose.yml', items: yamlLines({ services: { db: { image: 'postgres:16', environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD: e.value }, volumes: ['pgdata:/var/lib/postgresql/data'] } }, volumes: { pgdata: {} } }) }),
      F.compose,
      (r, ctx, [e]) => ({ file: 'ansible/group_vars/production.yml', items: yamlLines({ db_host: `db.${ctx.domain}`, db_user: 'app', db_password: e.value, app_workers: 4 }) }),
    ],
  },
  {
    family: 'generic-toml',
    group: 'app',
    make: (r, i) => [[E('PASSWORD', 'generic-password', gv.password(r))], [E('API_KEY', 'generic-api-key', gv.token(r))], [E('password', 'generic-password', gv.password(r))], [E('SECRET', 'generic-secret', gv.hex(r))]][i],
    formats: [
      F.toml, F.toml,
      (r, ctx, [e]) => ({ file: 'pyproject.toml', items: tomlLines({ tool: { poetry: { name: ctx.svc, version: '0.4.2', 'http-basic': { internal: { username: 'ci', password: e.value } } } } }) }),
      F.toml,
    ],
  },
  {
    family: 'generic-ini',
    group: 'app',
    make: (r, i) => [[E('password', 'generic-password', gv.password(r))], [E('password', 'generic-password', gv.password(r))], [E('Password', 'generic-password', gv.password(r))], [E('PASSWORD', 'generic-password', gv.password(r))], [E('api_key', 'generic-api-key', gv.token(r))]][i],
    formats: [
      inline('.my.cnf', () => ['[client]', 'user=backup', 'password=@@', 'host=127.0.0.1']),
      inline('supervisord.conf', () => ['[inet_http_server]', 'port = 127.0.0.1:9001', 'username = admin', 'password = @@', '', '[program:worker]', 'command = /srv/app/bin/worker', 'autorestart = true']),
      inline('odbc.ini', (ctx) => ['[Reporting]', 'Driver=PostgreSQL Unicode', `Servername=db.${ctx.domain}`, 'Port=5432', 'Database=reporting', 'UserName=reporter', 'Password=@@']),
      F.ini,
      F.ini,
    ],
  },
  {
    family: 'generic-properties',
    group: 'app',
    make: (r, i) => [[E('PASSWORD', 'generic-password', gv.password(r))], [E('password', 'generic-password', gv.password(r))], [E('password', 'generic-password', gv.password(r))], [E('signing', 'generic-password', gv.password(r)), E('ossrh', 'generic-password', gv.password(r))], [E('API_KEY', 'generic-api-key', gv.token(r))]][i],
    formats: [
      F.properties,
      inline('src/main/resources/mail.properties', (ctx) => [`mail.smtp.host=smtp.${ctx.domain}`, 'mail.smtp.port=587', `mail.smtp.user=alerts@${ctx.domain}`, 'mail.smtp.password=@@', 'mail.smtp.starttls.enable=true']),
      inline('conf/keystore.properties', () => ['keystore.path=/etc/app/keystore.p12', 'keystore.type=PKCS12', 'keystore.password=@@']),
      inline('gradle.properties', () => ['org.gradle.jvmargs=-Xmx2g', 'signing.keyId=24875D73', 'signing.password=@@', 'signing.secretKeyRingFile=/home/ci/.gnupg/secring.gpg', 'ossrhUsername=release-bot', 'ossrhPassword=@@']),
      F.properties,
    ],
  },
  {
    family: 'generic-code',
    group: 'app',
    make: (r, i) => [
      [E('SECRET_KEY', 'generic-secret', r.chars(50, B62 + '!@#%^&*(-_=+)'))],
      [E('API_KEY', 'generic-api-key', gv.token(r))],
      [E('password', 'generic-password', gv.password(r))],
      [E('password', 'generic-password', gv.password(r))],
      [E('apiKey', 'generic-api-key', gv.token(r))],
      [E('secret_key_base', 'generic-secret', gv.railsBase(r))],
      Array.from({ length: 4 }, (_, k) => E(`salt${k}`, 'generic-secret', gv.wpSalt(r))),
      [E('DB_PASSWORD', 'generic-password', gv.password(r))],
    ][i],
    formats: [
      F.py,
      inline('src/clients/inventory.ts', (ctx) => [`const BASE_URL = 'https://inventory.${ctx.domain}/v2';`, "const API_KEY = '@@';", '', 'export async function stock(sku: string) {', '  const res = await fetch(`${BASE_URL}/stock/${sku}`, { headers: { "X-Api-Key": API_KEY } });', '  return res.json();', '}']),
      inline('cmd/migrate/main.go', (ctx) => ['package main', '', 'import (', '\t"database/sql"', '\t"fmt"', '', '\t_ "github.com/lib/pq"', ')', '', 'func main() {', `\thost := "db.${ctx.domain}"`, '\tpassword := "@@"', '\tdsn := fmt.Sprintf("host=%s user=migrator password=%s dbname=app sslmode=require", host, password)', '\tdb, err := sql.Open("postgres", dsn)', '\tif err != nil {', '\t\tpanic(err)', '\t}', '\tdefer db.Close()', '}']),
      inline('src/main/java/com/acme/LegacyFtp.java', (ctx) => ['package com.acme;', '', 'public class LegacyFtp {', `    private final String host = "ftp.${ctx.domain}";`, '    private final String user = "exports";', '    private final String password = "@@";', '}']),
      inline('Services/PartnerClient.cs', (ctx) => ['public class PartnerClient', '{', '    private readonly HttpClient _http = new HttpClient();', '', '    public PartnerClient()', '    {', '        var apiKey = "@@";', '        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);', '    }', '}']),
      inline('config/initializers/secret_token.rb', () => ['# Used to verify signed cookies.', 'Rails.application.config.secret_key_base = "@@"']),
      inline('wp-config.php', () => ['<?php', "define( 'DB_NAME', 'wordpress' );", "define( 'DB_USER', 'wp' );", "define( 'DB_HOST', 'localhost' );", '', "define( 'AUTH_KEY',         '@@' );", "define( 'SECURE_AUTH_KEY',  '@@' );", "define( 'LOGGED_IN_KEY',    '@@' );", "define( 'NONCE_KEY',        '@@' );", '', "$table_prefix = 'wp_';"]),
      F.go,
    ],
  },
  {
    family: 'generic-shell',
    group: 'app',
    make: (r, i) => [[E('DB_PASSWORD', 'generic-password', gv.password(r))], [E('p', 'generic-password', gv.password(r))], [E('p', 'generic-password', gv.password(r))], [E('p', 'generic-password', urlPassword(r))], [E('API_TOKEN', 'generic-token', gv.token(r))]][i],
    formats: [
      F.sh,
      inline('scripts/backup-db.sh', (ctx) => ['#!/usr/bin/env bash', 'set -euo pipefail', `mysqldump -h mysql.${ctx.domain} -u backup -p'@@' --single-transaction shop > /backups/shop.sql`]),
      inline('scripts/rotate-logs.sh', (ctx) => ['#!/bin/sh', `sshpass -p '@@' ssh -o StrictHostKeyChecking=no ops@logs.${ctx.domain} 'logrotate -f /etc/logrotate.conf'`]),
      inline('scripts/report.sh', (ctx) => ['#!/usr/bin/env bash', `PGPASSWORD=@@ psql -h db.${ctx.domain} -U reporter -d analytics -f queries/weekly.sql`]),
      F.envrc,
    ],
  },
  {
    family: 'generic-xml',
    group: 'app',
    make: (r) => [E('p', 'generic-password', gv.password(r))],
    formats: [
      inline('.m2/settings.xml', (ctx) => ['<settings>', '  <servers>', '    <server>', '      <id>internal-releases</id>', '      <username>deployer</username>', '      <password>@@</password>', '    </server>', '  </servers>', '</settings>']),
      { make: (r) => [E('p', 'generic-api-key', gv.token(r))], render: inline('Web.config', () => ['<configuration>', '  <appSettings>', '    <add key="Environment" value="Production" />', '    <add key="PartnerApiKey" value="@@" />', '  </appSettings>', '</configuration>']) },
      inline('NuGet.Config', (ctx) => ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <packageSourceCredentials>', '    <internal>', '      <add key="Username" value="ci" />', '      <add key="ClearTextPassword" value="@@" />', '    </internal>', '  </packageSourceCredentials>', '</configuration>']),
      inline('conf/tomcat-users.xml', () => ['<tomcat-users>', '  <role rolename="manager-gui"/>', '  <user username="admin" password="@@" roles="manager-gui"/>', '</tomcat-users>']),
      inline('src/main/resources/datasource.xml', () => ['<bean id="dataSource" class="com.zaxxer.hikari.HikariDataSource">', '  <property name="jdbcUrl" value="jdbc:postgresql://db:5432/app"/>', '  <property name="username" value="app"/>', '  <property name="password" value="@@"/>', '</bean>']),
    ],
  },
  {
    family: 'generic-hcl',
    group: 'app',
    make: (r) => [E('DB_PASSWORD', 'generic-password', gv.password(r))],
    formats: [
      F.tfvars,
      inline('infra/sql.tf', (ctx) => ['resource "azurerm_mssql_server" "main" {', `  name                         = "${ctx.svc}-sql"`, '  version                      = "12.0"', '  administrator_login          = "sqladmin"', '  administrator_login_password = "@@"', '}']),
      inline('infra/rds.tf', (ctx) => ['resource "aws_db_instance" "main" {', `  identifier        = "${ctx.svc}"`, '  engine            = "postgres"', '  instance_class    = "db.t4g.medium"', '  username          = "app"', '  password          = "@@"', '}']),
    ],
  },
];

/** Files that hold several families at once, as real `.env` files do. */
const MIXED = {
  family: 'mixed',
  group: 'app',
  make: (r, i, ctx) => {
    const S = (family, key, kind, value) => ({ key, value: sec(kind, value, family) });
    const pool = [
      () => S('postgres-url', 'DATABASE_URL', 'postgres-url', url.postgres(r, ctx)),
      () => S('redis-url', 'REDIS_URL', 'redis-url', url.redis(r, ctx)),
      () => S('stripe', 'STRIPE_SECRET_KEY', 'stripe-secret-key', cred.stripe(r)),
      () => S('stripe', 'STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', cred.stripeWebhook(r)),
      () => S('openai', 'OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r)),
      () => S('anthropic', 'ANTHROPIC_API_KEY', 'anthropic-api-key', cred.anthropic(r)),
      () => S('sendgrid', 'SENDGRID_API_KEY', 'sendgrid-api-key', cred.sendgrid(r)),
      () => S('github', 'GITHUB_TOKEN', 'github-pat', cred.github(r, 'ghp')),
      () => S('jwt-secret', 'JWT_SECRET', 'jwt-signing-secret', cred.jwtSecret(r)),
      () => S('sentry', 'SENTRY_AUTH_TOKEN', 'sentry-user-token', cred.sentryUser(r)),
      () => S('slack', 'SLACK_WEBHOOK_URL', 'slack-webhook', cred.slackWebhook(r)),
      () => S('aws', 'AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r)),
      () => S('twilio', 'TWILIO_AUTH_TOKEN', 'twilio-auth-token', cred.hex(r, 32)),
      () => S('google-api-key', 'NEXT_PUBLIC_MAPS_KEY', 'google-api-key', cred.googleApiKey(r)),
      () => S('generic-env', 'NEXTAUTH_SECRET', 'generic-secret', gv.base64(r)),
      () => S('mongodb-url', 'MONGODB_URI', 'mongodb-url', url.mongo(r, ctx)),
    ];
    return r.sample(pool, r.int(5, 8)).map((f) => f());
  },
  formats: [F.env, F.env, F.env, F.compose, F.k8s],
};

// ---------------------------------------------------------------------------------------------
// Negatives: files chosen to fool naive detectors, one folder per filter category. Each template
// is `(rng, ctx) => { file, lines }` and holds no credential.

const sha512 = (r) => 'sha512-' + b64(r.bytes(64));
const sha1 = (r) => r.chars(40, HEX);
const sha256 = (r) => r.chars(64, HEX);
const gitSha = (r) => r.chars(40, HEX);
const ver = (r) => `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}`;
const NPM_PACKAGES = ['express', 'lodash', 'react', 'react-dom', 'zod', 'axios', 'debug', 'ms', 'chalk', 'commander', 'semver', 'uuid', 'dotenv', 'yaml', 'ws', 'cookie', 'body-parser', 'qs', 'mime-types', 'tslib'];
const CRATES = ['serde', 'serde_json', 'tokio', 'anyhow', 'thiserror', 'clap', 'regex', 'rand', 'tracing', 'bytes', 'hyper', 'reqwest'];
const PYPKGS = ['requests', 'urllib3', 'certifi', 'idna', 'charset-normalizer', 'pydantic', 'fastapi', 'starlette', 'anyio', 'sniffio', 'click', 'jinja2'];
const GOMODS = ['github.com/google/uuid', 'golang.org/x/sys', 'golang.org/x/net', 'github.com/stretchr/testify', 'github.com/spf13/cobra', 'go.uber.org/zap', 'github.com/lib/pq'];

const NEGATIVES = {
  placeholder: [
    (r, c) => ({ file: '.env.example', lines: ['# Copy to .env and fill in real values', 'DATABASE_URL=postgres://user:password@localhost:5432/mydb', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'OPENAI_API_KEY=your-openai-api-key-here', 'GITHUB_TOKEN=<YOUR_GITHUB_TOKEN>', 'JWT_SECRET=changeme', 'SLACK_BOT_TOKEN=xoxb-your-bot-token'] }),
    (r, c) => ({ file: 'config.sample.json', lines: jsonLines({ apiKey: 'YOUR_API_KEY', apiSecret: '<secret>', database: { host: 'localhost', user: 'app', password: '********' }, webhookSecret: 'REPLACE_ME' }) }),
    (r, c) => ({ file: 'docker-compose.yml', lines: yamlLines({ services: { db: { image: 'mysql:8', environment: { MYSQL_ROOT_PASSWORD: 'example', MYSQL_PASSWORD: 'changeme' } }, cache: { image: 'redis:7', command: 'redis-server --requirepass dummy' } } }) }),
    (r, c) => ({ file: 'settings.example.py', lines: ['SECRET_KEY = "replace-me"', 'API_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', 'AWS_ACCESS_KEY_ID = "AKIAXXXXXXXXXXXXXXXX"', 'AWS_SECRET_ACCESS_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'] }),
    (r, c) => ({ file: '.npmrc.example', lines: ['registry=https://registry.npmjs.org/', '//registry.npmjs.org/:_authToken=YOUR_NPM_TOKEN'] }),
    (r, c) => ({ file: 'charts/app/values.yaml', lines: yamlLines({ image: { repository: `ghcr.io/${c.svc}`, tag: 'latest' }, auth: { existingSecret: '', password: '', apiKey: 'REPLACE_ME' }, ingress: { enabled: false } }) }),
    (r, c) => ({ file: '.env.test', lines: ['API_KEY=1234567890abcdef1234567890abcdef', 'SESSION_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'SIGNING_KEY=abcdefghijklmnopqrstuvwxyz012345', 'GITHUB_TOKEN=ghp_000000000000000000000000000000000000', 'ENCRYPTION_KEY=0123456789abcdef0123456789abcdef'] }),
    (r, c) => ({ file: 'docs/api.md', lines: ['# API', '', 'Authenticate every request with your token:', '', '```sh', `curl https://api.${c.domain}/v1/orders \\`, '  -H "Authorization: Bearer <token>"', '```', '', 'Or with basic auth: `curl -u api:YOUR_API_KEY ...`.'] }),
    (r, c) => ({ file: 'infra/variables.tf', lines: ['variable "db_password" {', '  type      = string', '  default   = "changeme"', '  sensitive = true', '}', '', 'variable "api_token" {', '  type    = string', '  default = "<set-in-tfvars>"', '}'] }),
    (r, c) => ({ file: 'tests/conftest.py', lines: ['import pytest', '', '@pytest.fixture', 'def client_config():', '    return {"api_key": "dummy", "password": "dummy-password", "token": "placeholder-token"}'] }),
    (r, c) => ({ file: '.env.template', lines: ['APP_ENV=production', 'API_KEY=', 'SECRET=', 'DATABASE_PASSWORD=', 'SENTRY_DSN='] }),
    (r, c) => ({ file: '.cursor/mcp.json', lines: jsonLines({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<YOUR_TOKEN>' } } } }) }),
    (r, c) => ({ file: 'appsettings.Development.json', lines: jsonLines({ AzureAd: { ClientId: 'your-client-id', ClientSecret: 'your-client-secret' }, ConnectionStrings: { Default: 'Server=(localdb)\\mssqllocaldb;Database=App;Trusted_Connection=True;' } }) }),
    (r, c) => ({ file: 'README.md', lines: ['## Notifications', '', 'Create an incoming webhook and put it in `.env`:', '', '```', 'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', '```'] }),
    (r, c) => ({ file: 'docs/atlas.md', lines: ['Copy the connection string from Atlas:', '', '    mongodb+srv://<username>:<password>@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority'] }),
    (r, c) => ({ file: 'docs/tls.md', lines: ['Paste the key into `certs/server.key`:', '', '```', '-----BEGIN PRIVATE KEY-----', '<paste your private key here>', '-----END PRIVATE KEY-----', '```'] }),
    (r, c) => ({ file: '.netrc.example', lines: ['machine api.heroku.com', '  login you@your-company.com', '  password YOUR_HEROKU_API_KEY'] }),
    (r, c) => ({ file: 'config/github.yml', lines: ['token: github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'org: my-org'] }),
    (r, c) => ({ file: '.pypirc.example', lines: ['[pypi]', 'username = __token__', 'password = pypi-<your token>'] }),
    (r, c) => ({ file: 'config.toml', lines: ['[auth]', 'token = "TODO"', 'password = "none"', 'api_key = "<insert key>"'] }),
    (r, c) => ({ file: 'logs/request-sample.json', lines: jsonLines({ method: 'POST', path: '/v1/login', headers: { authorization: 'Bearer [REDACTED]', 'x-api-key': '***' }, body: { username: 'maria', password: '[FILTERED]' } }) }),
    (r, c) => ({ file: 'k8s/secret.template.yaml', lines: yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, type: 'Opaque', stringData: { DB_PASSWORD: 'CHANGE_ME', API_KEY: 'REPLACE_WITH_REAL_KEY' } }) }),
    (r, c) => ({ file: '.env.sample', lines: ['ANTHROPIC_API_KEY=sk-ant-api03-...', 'OPENAI_API_KEY=sk-...', 'HF_TOKEN=hf_...', 'STRIPE_WEBHOOK_SECRET=whsec_...'] }),
    (r, c) => ({ file: 'src/config.defaults.ts', lines: ['export const defaults = {', "  apiKey: 'xxxx-xxxx-xxxx-xxxx',", "  password: 'password',", "  secret: 'secret',", "  token: 'token',", '};'] }),
    (r, c) => ({ file: 'docker/.env.dist', lines: ['POSTGRES_USER=postgres', 'POSTGRES_PASSWORD=postgres', 'RABBITMQ_DEFAULT_USER=guest', 'RABBITMQ_DEFAULT_PASS=guest', 'MINIO_ROOT_PASSWORD=minioadmin'] }),
  ],
  'env-lookup': [
    (r, c) => ({ file: '.env', lines: ['DB_PASSWORD=${DB_PASSWORD}', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app', 'STRIPE_KEY=$STRIPE_SECRET_KEY', 'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0'] }),
    (r, c) => ({ file: '.github/workflows/publish.yml', lines: yamlLines({ name: 'publish', on: { release: { types: ['published'] } }, jobs: { publish: { 'runs-on': 'ubuntu-latest', env: { NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}', DOCKERHUB_TOKEN: '${{ secrets.DOCKERHUB_TOKEN }}' }, steps: [{ uses: 'actions/checkout@v4' }, { run: 'npm publish' }] } } }) }),
    (r, c) => ({ file: 'src/config.ts', lines: ['export const config = {', '  openaiKey: process.env.OPENAI_API_KEY!,', "  jwtSecret: process.env.JWT_SECRET ?? '',", '  stripe: { secretKey: process.env.STRIPE_SECRET_KEY },', '};'] }),
    (r, c) => ({ file: 'app/settings.py', lines: ['import os', '', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'DB_PASSWORD = os.getenv("DB_PASSWORD")', 'API_TOKEN = os.environ.get("API_TOKEN", "")'] }),
    (r, c) => ({ file: 'alembic.ini', lines: ['[alembic]', 'script_location = migrations', 'sqlalchemy.url = postgresql://%(DB_USER)s:%(DB_PASSWORD)s@%(DB_HOST)s/app'] }),
    (r, c) => ({ file: 'docker-compose.yml', lines: yamlLines({ services: { db: { image: 'postgres:16', environment: { POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set it in .env}' } }, app: { image: c.svc, environment: { API_KEY: '${API_KEY}', JWT_SECRET: '${JWT_SECRET:-}' } } } }) }),
    (r, c) => ({ file: 'k8s/deployment.yaml', lines: yamlLines({ spec: { template: { spec: { containers: [{ name: c.svc, env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${c.svc}-db`, key: 'password' } } }, { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: `${c.svc}-api`, key: 'token' } } }] }] } } } }) }),
    (r, c) => ({ file: 'charts/app/templates/secret.yaml', lines: ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: {{ include "app.fullname" . }}', 'data:', '  password: {{ .Values.db.password | b64enc | quote }}', '  apiKey: {{ required "apiKey is required" .Values.apiKey | b64enc }}'] }),
    (r, c) => ({ file: 'ansible/group_vars/all.yml', lines: ['db_password: "{{ vault_db_password }}"', "api_key: \"{{ lookup('env', 'API_KEY') }}\"", "smtp_password: \"{{ lookup('community.general.passwordstore', 'smtp/relay') }}\""] }),
    (r, c) => ({ file: 'src/main/resources/application.properties', lines: ['spring.datasource.password=${DB_PASSWORD}', 'app.jwt.secret=${JWT_SECRET}', 'app.stripe.key=${STRIPE_KEY:}'] }),
    (r, c) => ({ file: 'src/main/java/com/acme/Keys.java', lines: ['public final class Keys {', '    static final String STRIPE = System.getenv("STRIPE_SECRET_KEY");', '    static final String GITHUB = System.getProperty("github.token");', '}'] }),
    (r, c) => ({ file: 'config/initializers/keys.rb', lines: ['Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")', 'AWS_SECRET = Rails.application.credentials.dig(:aws, :secret_access_key)', 'SECRET_KEY_BASE = ENV["SECRET_KEY_BASE"]'] }),
    (r, c) => ({ file: 'internal/auth/token.go', lines: ['package auth', '', 'import "os"', '', 'var githubToken = os.Getenv("GITHUB_TOKEN")', 'var apiKey, _ = os.LookupEnv("API_KEY")'] }),
    (r, c) => ({ file: 'Program.cs', lines: ['var apiKey = Environment.GetEnvironmentVariable("API_KEY");', 'var stripeKey = builder.Configuration["Stripe:SecretKey"];', 'var password = builder.Configuration.GetConnectionString("Default");'] }),
    (r, c) => ({ file: 'config/services.php', lines: ['<?php', 'return [', "    'stripe' => ['secret' => env('STRIPE_SECRET'), 'webhook_secret' => env('STRIPE_WEBHOOK_SECRET')],", "    'mailgun' => ['secret' => env('MAILGUN_SECRET')],", '];'] }),
    (r, c) => ({ file: 'infra/db.tf', lines: ['resource "aws_db_instance" "main" {', '  username = "app"', '  password = var.db_password', '}', '', 'provider "github" {', '  token = data.vault_generic_secret.github.data["token"]', '}'] }),
    (r, c) => ({ file: '.npmrc', lines: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', `@${c.domain.split('.')[0]}:registry=https://npm.pkg.github.com`, '//npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}'] }),
    (r, c) => ({ file: 'pip.conf', lines: ['[global]', 'index-url = https://${PIP_USER}:${PIP_PASSWORD}@nexus.internal/repository/pypi/simple'] }),
    (r, c) => ({ file: 'scripts/release.sh', lines: ['#!/usr/bin/env bash', 'curl -sf -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user', 'psql "postgres://app:$PGPASSWORD@db/app" -c "select 1"', 'echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin'] }),
    (r, c) => ({ file: 'src/env.ts', lines: ['export const apiKey = import.meta.env.VITE_API_KEY;', 'export const token = Deno.env.get("SERVICE_TOKEN");', 'export const secret = Bun.env.WEBHOOK_SECRET;'] }),
    (r, c) => ({ file: '.gitlab-ci.yml', lines: yamlLines({ build: { image: 'docker:24', script: ['docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY', 'curl --header "JOB-TOKEN: $CI_JOB_TOKEN" "$CI_API_V4_URL/projects"'] } }) }),
    (r, c) => ({ file: 'templates/app.conf.j2', lines: ['[database]', 'user = {{ db_user }}', 'password = {{ db_password }}', '', '[api]', 'key = %(api_key)s'] }),
    (r, c) => ({ file: 'azure-pipelines.yml', lines: ['steps:', '  - script: terraform apply -auto-approve', '    env:', '      ARM_CLIENT_SECRET: $(ARM_CLIENT_SECRET)', '      ARM_ACCESS_KEY: $(storageAccessKey)'] }),
    (r, c) => ({ file: 'Dockerfile', lines: ['FROM node:20-alpine', 'WORKDIR /app', 'COPY package*.json ./', 'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci', 'COPY . .'] }),
    (r, c) => ({ file: 'serverless.yml', lines: yamlLines({ service: c.svc, provider: { name: 'aws', environment: { DB_PASSWORD: '${ssm:/prod/db/password}', API_KEY: '{{resolve:secretsmanager:prod/api:SecretString:key}}' } } }) }),
    (r, c) => ({ file: 'compose.secrets.yml', lines: yamlLines({ services: { app: { secrets: ['db_password'], environment: { DB_PASSWORD_FILE: '/run/secrets/db_password' } } }, secrets: { db_password: { file: './secrets/db_password.txt' } } }) }),
  ],
  'vault-reference': [
    (r, c) => ({ file: '.env', lines: ['STRIPE_SECRET_KEY=vault:stripe/secret-key', 'OPENAI_API_KEY=vault:openai/api-key', 'DATABASE_URL=postgres://app:{{vault:db/password}}@db:5432/app', 'PORT=3000'] }),
    (r, c) => ({ file: 'config.json', lines: jsonLines({ openai: { apiKey: 'vault:openai/api-key' }, github: { token: 'vault:github/token' } }) }),
    (r, c) => ({ file: 'config.yaml', lines: yamlLines({ database: { url: 'mysql://root:{{vault:mysql/root}}@mysql:3306/shop', password: 'vault:mysql/root' } }) }),
    (r, c) => ({ file: 'config.toml', lines: ['[github]', 'token = "vault:github/token"', '', '[slack]', 'webhook = "vault:slack/webhook-url"'] }),
    (r, c) => ({ file: 'src/client.ts', lines: ['// Resolved by Vaultify in the masked terminal.', 'const token = "vault:github/token";', 'const anthropicKey = "vault:anthropic/api-key";'] }),
    (r, c) => ({ file: 'docker-compose.yml', lines: yamlLines({ services: { app: { environment: { GITHUB_TOKEN: 'vault:github/token', SENTRY_DSN: 'https://{{vault:sentry/public-key}}:{{vault:sentry/secret}}@o1.ingest.sentry.io/2' } } } }) }),
    (r, c) => ({ file: '.npmrc', lines: ['//registry.npmjs.org/:_authToken={{vault:npm/token}}'] }),
    (r, c) => ({ file: 'application.properties', lines: ['spring.datasource.password=vault:db/password', 'app.jwt.secret=vault:jwt/signing-secret'] }),
    (r, c) => ({ file: 'scripts/deploy.sh', lines: ['#!/usr/bin/env bash', 'export HEROKU_API_KEY="vault:heroku/api-key"', 'export CLOUDFLARE_API_TOKEN="vault:cloudflare/token"'] }),
    (r, c) => ({ file: 'settings.py', lines: ['SECRET_KEY = "vault:django/secret-key"', 'DATABASES = {"default": {"PASSWORD": "vault:db/password"}}'] }),
    (r, c) => ({ file: 'k8s/deployment.yaml', lines: yamlLines({ env: [{ name: 'DB_PASSWORD', value: 'vault:secret/data/app/db#password' }, { name: 'API_KEY', value: 'vault:secret/data/app#api_key' }] }) }),
    (r, c) => ({ file: 'vault-agent/config.ctmpl', lines: ['{{ with secret "secret/data/app" }}', 'DB_PASSWORD={{ .Data.data.password }}', 'API_KEY={{ .Data.data.api_key }}', '{{ end }}'] }),
    (r, c) => ({ file: 'appsettings.json', lines: jsonLines({ KeyVault: { SecretRef: '@Microsoft.KeyVault(SecretUri=https://prod-kv.vault.azure.net/secrets/db-password/)' }, GcpSecret: 'projects/123456789/secrets/db-password/versions/latest', AwsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-Q1w2E3' }) }),
  ],
  'op-reference': [
    (r, c) => ({ file: '.env', lines: ['STRIPE_SECRET_KEY=op://Production/Stripe/secret key', 'GITHUB_TOKEN=op://Private/GitHub/token', 'DATABASE_PASSWORD=op://prod/postgres/password'] }),
    (r, c) => ({ file: 'scripts/dev.sh', lines: ['#!/usr/bin/env bash', 'export OPENAI_API_KEY="$(op read "op://Dev/OpenAI/credential")"', 'op run --env-file=.env -- npm start'] }),
    (r, c) => ({ file: 'config.json', lines: jsonLines({ sendgrid: { apiKey: 'op://Shared/SendGrid/api key' }, twilio: { authToken: 'op://Shared/Twilio/auth token' } }) }),
    (r, c) => ({ file: 'k8s/onepassword-item.yaml', lines: yamlLines({ apiVersion: 'onepassword.com/v1', kind: 'OnePasswordItem', metadata: { name: 'db-credentials' }, spec: { itemPath: 'vaults/Production/items/postgres' } }) }),
    (r, c) => ({ file: 'config.yaml', lines: yamlLines({ slack: { bot_token: 'op://Ops/Slack Bot/token' }, pagerduty: { routing_key: 'op://Ops/PagerDuty/routing key' } }) }),
    (r, c) => ({ file: '.env.tpl', lines: ['AWS_ACCESS_KEY_ID={{ op://Infra/AWS deploy/access key id }}', 'AWS_SECRET_ACCESS_KEY={{ op://Infra/AWS deploy/secret access key }}'] }),
    (r, c) => ({ file: 'src/secrets.py', lines: ['from onepassword.client import Client', '', 'REF = "op://Production/Anthropic/credential"', 'async def key(client: Client) -> str:', '    return await client.secrets.resolve(REF)'] }),
    (r, c) => ({ file: 'terraform/main.tf', lines: ['data "onepassword_item" "db" {', '  vault = "Production"', '  title = "postgres"', '}', '', 'locals {', '  db_password = data.onepassword_item.db.password', '}'] }),
  ],
  'vendor-example': [
    (r, c) => ({ file: '.aws/credentials', lines: ['[default]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] }),
    (r, c) => ({ file: 'docs/aws-setup.md', lines: ['Configure the CLI:', '', '```', '$ aws configure', 'AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE', 'AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'Default region name [None]: us-west-2', '```'] }),
    (r, c) => ({ file: 'infra/provider.tf', lines: ['provider "aws" {', '  region     = "us-west-2"', '  access_key = "AKIAI44QH8DHBEXAMPLE"', '  secret_key = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"', '}'] }),
    (r, c) => ({ file: '.env.localstack', lines: ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_ENDPOINT_URL=http://localhost:4566'] }),
    (r, c) => ({ file: 'examples/s3_upload.py', lines: ['import boto3', '', '# Keys from the AWS documentation; LocalStack accepts any.', 's3 = boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",', '                  aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",', '                  endpoint_url="http://localhost:4566")'] }),
    (r, c) => ({ file: 'appsettings.Development.json', lines: jsonLines({ ConnectionStrings: { Storage: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;' } }) }),
    (r, c) => ({ file: 'docker-compose.test.yml', lines: yamlLines({ services: { azurite: { image: 'mcr.microsoft.com/azure-storage/azurite', ports: ['10000:10000'] }, tests: { environment: { AZURE_STORAGE_KEY: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==', AZURE_STORAGE_ACCOUNT: 'devstoreaccount1' } } } }) }),
    (r, c) => ({ file: 'docs/jwt.md', lines: ['A token looks like this (from jwt.io):', '', '    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'] }),
    (r, c) => ({ file: 'examples/slack_app.py', lines: ['from slack_bolt import App', '', '# From the Bolt docs: replace with your own token.', 'app = App(token="xoxb-not-a-real-token-this-will-not-work", signing_secret="not-a-real-signing-secret")'] }),
    (r, c) => ({ file: 'docs/mongodb.md', lines: ['From the MongoDB manual:', '', '    mongodb://myDBReader:D1fficultP%40ssw0rd@mongodb0.example.com:27017/?authSource=admin'] }),
    (r, c) => ({ file: 'docs/github-tokens.md', lines: ['GitHub documents a token like `ghp_16C7e42F292c6912E7710c838347Ae178B4a`; it is an example, not a credential.'] }),
    (r, c) => ({ file: 'docs/postgres.md', lines: ['Connection URIs, as in the libpq documentation:', '', '    postgresql://user:secret@localhost', '    postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp'] }),
  ],
  lockfile: [
    (r, c) => {
      const packages = { '': { name: c.svc, version: '1.0.0' } };
      for (const p of r.sample(NPM_PACKAGES, 12)) packages[`node_modules/${p}`] = { version: ver(r), resolved: `https://registry.npmjs.org/${p}/-/${p}-${ver(r)}.tgz`, integrity: sha512(r) };
      return { file: 'package-lock.json', lines: jsonLines({ name: c.svc, version: '1.0.0', lockfileVersion: 3, requires: true, packages }) };
    },
    (r, c) => ({ file: 'yarn.lock', lines: ['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '', ...r.sample(NPM_PACKAGES, 10).flatMap((p) => { const v = ver(r); return [`${p}@^${v}:`, `  version "${v}"`, `  resolved "https://registry.yarnpkg.com/${p}/-/${p}-${v}.tgz#${sha1(r)}"`, `  integrity ${sha512(r)}`, '']; })] }),
    (r, c) => ({ file: 'pnpm-lock.yaml', lines: ["lockfileVersion: '9.0'", '', 'packages:', '', ...r.sample(NPM_PACKAGES, 10).flatMap((p) => [`  ${p}@${ver(r)}:`, `    resolution: {integrity: ${sha512(r)}}`, '']) ] }),
    (r, c) => ({ file: 'Cargo.lock', lines: ['# This file is automatically @generated by Cargo.', 'version = 3', '', ...r.sample(CRATES, 9).flatMap((p) => ['[[package]]', `name = "${p}"`, `version = "${ver(r)}"`, 'source = "registry+https://github.com/rust-lang/crates.io-index"', `checksum = "${sha256(r)}"`, '']) ] }),
    (r, c) => ({ file: 'poetry.lock', lines: r.sample(PYPKGS, 6).flatMap((p) => { const v = ver(r); return ['[[package]]', `name = "${p}"`, `version = "${v}"`, 'optional = false', 'files = [', `    {file = "${p}-${v}-py3-none-any.whl", hash = "sha256:${sha256(r)}"},`, `    {file = "${p}-${v}.tar.gz", hash = "sha256:${sha256(r)}"},`, ']', '']; }) }),
    (r, c) => ({ file: 'Pipfile.lock', lines: jsonLines({ _meta: { hash: { sha256: sha256(r) }, 'pipfile-spec': 6 }, default: Object.fromEntries(r.sample(PYPKGS, 5).map((p) => [p, { hashes: [`sha256:${sha256(r)}`, `sha256:${sha256(r)}`], version: `==${ver(r)}` }])) }) }),
    (r, c) => ({ file: 'go.sum', lines: r.sample(GOMODS, 6).flatMap((m) => { const v = `v${ver(r)}`; return [`${m} ${v} h1:${b64(r.bytes(32))}`, `${m} ${v}/go.mod h1:${b64(r.bytes(32))}`]; }) }),
    (r, c) => ({ file: 'composer.lock', lines: jsonLines({ 'content-hash': r.chars(32, HEX), packages: ['monolog/monolog', 'guzzlehttp/guzzle', 'symfony/console'].map((name) => ({ name, version: ver(r), source: { type: 'git', url: `https://github.com/${name}.git`, reference: sha1(r) }, dist: { type: 'zip', url: `https://api.github.com/repos/${name}/zipball/${sha1(r)}`, shasum: '' } })) }) }),
    (r, c) => ({ file: 'flake.lock', lines: jsonLines({ nodes: { nixpkgs: { locked: { lastModified: 1718000000 + r.int(0, 999999), narHash: `sha256-${b64(r.bytes(32))}`, owner: 'NixOS', repo: 'nixpkgs', rev: gitSha(r), type: 'github' } } }, root: 'root', version: 7 }) }),
    (r, c) => ({ file: 'packages.lock.json', lines: jsonLines({ version: 1, dependencies: { 'net8.0': { 'Newtonsoft.Json': { type: 'Direct', requested: '[13.0.3, )', resolved: '13.0.3', contentHash: b64(r.bytes(64)) }, 'Serilog': { type: 'Direct', requested: '[3.1.1, )', resolved: '3.1.1', contentHash: b64(r.bytes(64)) } } } }) }),
    (r, c) => ({ file: 'gradle/verification-metadata.xml', lines: ['<?xml version="1.0" encoding="UTF-8"?>', '<verification-metadata>', '   <components>', ...['guava', 'jackson-core', 'slf4j-api'].flatMap((a) => ['      <component group="org.sample" name="' + a + '" version="' + ver(r) + '">', `         <artifact name="${a}.jar">`, `            <sha256 value="${sha256(r)}" origin="Generated by Gradle"/>`, '         </artifact>', '      </component>']), '   </components>', '</verification-metadata>'] }),
    (r, c) => ({ file: 'uv.lock', lines: ['version = 1', 'requires-python = ">=3.11"', '', ...r.sample(PYPKGS, 5).flatMap((p) => ['[[package]]', `name = "${p}"`, `version = "${ver(r)}"`, 'source = { registry = "https://pypi.org/simple" }', `sdist = { url = "https://files.pythonhosted.org/packages/${r.chars(2, HEX)}/${r.chars(2, HEX)}/${p}.tar.gz", hash = "sha256:${sha256(r)}" }`, ''])] }),
    (r, c) => ({ file: '.terraform.lock.hcl', lines: ['provider "registry.terraform.io/hashicorp/aws" {', `  version     = "5.${r.int(10, 80)}.0"`, '  constraints = "~> 5.0"', '  hashes = [', ...Array.from({ length: 5 }, () => `    "h1:${b64(r.bytes(32))}",`), ...Array.from({ length: 4 }, () => `    "zh:${sha256(r)}",`), '  ]', '}'] }),
  ],
  'git-sha': [
    (r, c) => ({ file: '.github/workflows/ci.yml', lines: yamlLines({ name: 'ci', on: ['push', 'pull_request'], jobs: { test: { 'runs-on': 'ubuntu-latest', steps: [{ uses: `actions/checkout@${gitSha(r)}` }, { uses: `actions/setup-node@${gitSha(r)}`, with: { 'node-version': 20 } }, { run: 'npm ci && npm test' }] } } }) }),
    (r, c) => ({ file: 'CHANGELOG.md', lines: ['# Changelog', '', `## ${ver(r)}`, '', ...Array.from({ length: 6 }, () => { const s = gitSha(r); return `* ${r.pick(['fix', 'feat', 'chore'])}: ${r.pick(['retry uploads', 'rotate logs daily', 'bump deps', 'add audit log', 'handle empty carts'])} ([${s.slice(0, 7)}](https://github.com/${c.domain.split('.')[0]}/${c.svc}/commit/${s}))`; })] }),
    (r, c) => ({ file: '.git-blame-ignore-revs', lines: ['# Prettier reformat', gitSha(r), '# Move to ESM', gitSha(r), gitSha(r)] }),
    (r, c) => ({ file: 'Dockerfile', lines: [`FROM node:20-alpine@sha256:${sha256(r)} AS build`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', `FROM gcr.io/distroless/nodejs20-debian12@sha256:${sha256(r)}`, 'COPY --from=build /app/dist /app'] }),
    (r, c) => ({ file: 'go.mod', lines: [`module github.com/${c.domain.split('.')[0]}/${c.svc}`, '', 'go 1.22', '', 'require (', ...r.sample(GOMODS, 4).map((m) => `\t${m} v0.0.0-2024${r.chars(2, '01')}1${r.chars(1, DIGITS)}1${r.chars(5, DIGITS)}-${r.chars(12, HEX)}`), ')'] }),
    (r, c) => ({ file: 'package.json', lines: jsonLines({ name: c.svc, version: ver(r), dependencies: { 'internal-ui': `github:${c.domain.split('.')[0]}/internal-ui#${gitSha(r)}` }, gitHead: gitSha(r) }) }),
    (r, c) => ({ file: 'argocd/app.yaml', lines: yamlLines({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: c.svc }, spec: { source: { repoURL: `https://github.com/${c.domain.split('.')[0]}/deploy.git`, targetRevision: gitSha(r), path: `apps/${c.svc}` } } }) }),
    (r, c) => ({ file: 'build-info.json', lines: jsonLines({ commit: gitSha(r), branch: 'main', builtAt: '2025-03-04T10:22:31Z', pipeline: r.int(10000, 99999) }) }),
    (r, c) => ({ file: 'release-notes.txt', lines: Array.from({ length: 8 }, () => `${r.chars(7, HEX)} ${r.pick(['Merge pull request', 'Fix flaky test', 'Update README', 'Refactor auth middleware', 'Bump version'])}`) }),
    (r, c) => ({ file: 'infra/modules.tf', lines: ['module "vpc" {', `  source = "git::https://github.com/${c.domain.split('.')[0]}/terraform-modules.git//vpc?ref=${gitSha(r)}"`, '}'] }),
    (r, c) => ({ file: '.pre-commit-config.yaml', lines: yamlLines({ repos: [{ repo: 'https://github.com/pre-commit/pre-commit-hooks', rev: gitSha(r), hooks: [{ id: 'trailing-whitespace' }] }, { repo: 'https://github.com/psf/black', rev: gitSha(r), hooks: [{ id: 'black' }] }] }) }),
  ],
  uuid: [
    (r, c) => ({ file: `${pascal(c.svc.replace(/-/g, '_'))}.csproj`, lines: ['<Project Sdk="Microsoft.NET.Sdk.Web">', '  <PropertyGroup>', '    <TargetFramework>net8.0</TargetFramework>', `    <UserSecretsId>${uuid(r)}</UserSecretsId>`, `    <ProjectGuid>{${uuid(r).toUpperCase()}}</ProjectGuid>`, '  </PropertyGroup>', '</Project>'] }),
    (r, c) => ({ file: 'App.sln', lines: ['Microsoft Visual Studio Solution File, Format Version 12.00', `Project("{${uuid(r).toUpperCase()}}") = "Api", "src\\Api\\Api.csproj", "{${uuid(r).toUpperCase()}}"`, 'EndProject', `Project("{${uuid(r).toUpperCase()}}") = "Domain", "src\\Domain\\Domain.csproj", "{${uuid(r).toUpperCase()}}"`, 'EndProject'] }),
    (r, c) => ({ file: 'infra/azure.tf', lines: ['provider "azurerm" {', '  features {}', `  tenant_id       = "${uuid(r)}"`, `  subscription_id = "${uuid(r)}"`, `  client_id       = "${uuid(r)}"`, '  use_oidc        = true', '}'] }),
    (r, c) => ({ file: `${c.svc}.postman_collection.json`, lines: jsonLines({ info: { _postman_id: uuid(r), name: c.svc, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'health', id: uuid(r), request: { method: 'GET', url: '{{baseUrl}}/health' } }] }) }),
    (r, c) => ({ file: 'grafana/dashboard.json', lines: jsonLines({ uid: r.chars(9, LOWER_ALNUM), title: c.svc, panels: [{ id: 1, datasource: { type: 'prometheus', uid: uuid(r) }, targets: [{ refId: 'A', expr: 'rate(http_requests_total[5m])' }] }] }) }),
    (r, c) => ({ file: 'k8s/live-state.yaml', lines: yamlLines({ apiVersion: 'v1', kind: 'Service', metadata: { name: c.svc, uid: uuid(r), resourceVersion: String(r.int(100000, 999999)) }, spec: { clusterIP: `10.96.${r.int(0, 255)}.${r.int(1, 254)}` } }) }),
    (r, c) => ({ file: 'test/fixtures/order.json', lines: jsonLines({ id: uuid(r), customerId: uuid(r), correlationId: uuid(r), idempotencyKey: uuid(r), total: 4299, currency: 'EUR' }) }),
    (r, c) => ({ file: 'ios/App.xcodeproj/project.pbxproj', lines: ['/* Begin PBXBuildFile section */', ...Array.from({ length: 5 }, (_, k) => `\t\t${r.chars(24, UPHEX)} /* File${k}.swift in Sources */ = {isa = PBXBuildFile; fileRef = ${r.chars(24, UPHEX)} /* File${k}.swift */; };`), '/* End PBXBuildFile section */'] }),
    (r, c) => ({ file: 'azuredeploy.json', lines: jsonLines({ resources: [{ type: 'Microsoft.Authorization/roleAssignments', name: '[guid(resourceGroup().id)]', properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]", principalId: uuid(r) } }] }) }),
    (r, c) => ({ file: '.env', lines: [`AZURE_TENANT_ID=${uuid(r)}`, `AZURE_CLIENT_ID=${uuid(r)}`, `SENTRY_ORG_ID=${r.chars(7, DIGITS)}`, `POSTHOG_PROJECT_ID=${uuid(r)}`, 'AZURE_USE_WORKLOAD_IDENTITY=true'] }),
  ],
  'public-key': [
    (r, c) => ({ file: '.ssh/authorized_keys', lines: [publicKeys.sshEd25519(r, 'maria@laptop'), publicKeys.sshRsa(r, 'deploy@ci'), publicKeys.sshEd25519(r, 'ops@bastion')] }),
    (r, c) => ({ file: '.ssh/id_ed25519.pub', lines: [publicKeys.sshEd25519(r, `${r.pick(PEOPLE)}@${c.svc}`)] }),
    (r, c) => ({ file: 'keys/jwt-public.pem', lines: publicKeys.rsaSpki(r) }),
    (r, c) => ({ file: '.well-known/jwks.json', lines: jsonLines({ keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: r.chars(16, LOWER_ALNUM), n: b64url(bigInt(r, 256)), e: 'AQAB' }] }) }),
    (r, c) => ({ file: 'keys/release-signing.asc', lines: ['-----BEGIN PGP PUBLIC KEY BLOCK-----', '', ...wrap(b64(Buffer.concat([Buffer.from([0x99, 0x01, 0x0d, 0x04]), r.bytes(560)])), 64), '=' + b64(r.bytes(3)), '-----END PGP PUBLIC KEY BLOCK-----'] }),
    (r, c) => ({ file: '.sops.yaml', lines: yamlLines({ creation_rules: [{ path_regex: 'secrets/prod/.*\\.yaml$', age: `${cred.agePublicKey(r)},${cred.agePublicKey(r)}` }, { path_regex: 'secrets/dev/.*', pgp: r.chars(40, UPHEX) }] }) }),
    (r, c) => ({ file: 'cloud-init/user-data.yaml', lines: ['#cloud-config', 'users:', '  - name: deploy', '    groups: sudo', '    ssh_authorized_keys:', `      - ${publicKeys.sshEd25519(r, 'deploy@ci')}`] }),
    (r, c) => ({ file: '.ssh/known_hosts', lines: [`github.com ${publicKeys.sshEd25519(r, '').trim()}`, `gitlab.${c.domain} ${publicKeys.sshEd25519(r, '').trim()}`] }),
    (r, c) => ({ file: 'web/.env.production', lines: [`NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_51${r.chars(97, B62)}`, `NEXT_PUBLIC_APP_URL=https://${c.domain}`] }),
    (r, c) => ({ file: 'web/src/sentry.client.config.ts', lines: ["import * as Sentry from '@sentry/nextjs';", '', 'Sentry.init({', `  dsn: 'https://${r.chars(32, HEX)}@o${r.chars(6, DIGITS)}.ingest.sentry.io/${r.chars(7, DIGITS)}',`, '  tracesSampleRate: 0.1,', '});'] }),
    (r, c) => ({ file: 'infra/deploy-keys.tf', lines: ['resource "github_repository_deploy_key" "ci" {', '  title      = "ci"', `  repository = "${c.svc}"`, `  key        = "${publicKeys.sshEd25519(r, 'ci@deploy')}"`, '  read_only  = true', '}'] }),
    (r, c) => ({ file: 'minisign.pub', lines: [`untrusted comment: minisign public key ${r.chars(16, UPHEX)}`, 'RWQ' + b64(r.bytes(39)).slice(0, 53)] }),
    (r, c) => ({ file: 'wireguard/peers.conf', lines: ['[Peer]', `PublicKey = ${b64(r.bytes(32))}`, 'AllowedIPs = 10.8.0.2/32', '', '[Peer]', `PublicKey = ${b64(r.bytes(32))}`, 'AllowedIPs = 10.8.0.3/32', `Endpoint = vpn.${c.domain}:51820`] }),
    (r, c) => ({ file: 'public/firebase-messaging-vapid.txt', lines: ['# Web push: VAPID public key (applicationServerKey), shared with browsers', b64url(Buffer.concat([Buffer.from([4]), r.bytes(64)]))] }),
  ],
  certificate: [
    (r, c) => ({ file: 'certs/ca.crt', lines: publicKeys.certificate(r, `${c.svc} Root CA`, c.domain) }),
    (r, c) => ({ file: 'certs/fullchain.pem', lines: [...publicKeys.certificate(r, `${c.svc}.${c.domain}`, c.domain), ...publicKeys.certificate(r, 'R11', "Let's Encrypt")] }),
    (r, c) => ({ file: '.kube/config', lines: yamlLines({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'prod', cluster: { server: `https://${r.chars(32, UPHEX)}.gr7.eu-west-1.eks.amazonaws.com`, 'certificate-authority-data': b64(Buffer.from(publicKeys.certificate(r, 'kubernetes', 'kubernetes').join('\n'))) } }], users: [{ name: 'prod', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod'] } } }] }) }),
    (r, c) => ({ file: 'k8s/ca-bundle.yaml', lines: yamlLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ca-bundle' }, data: { 'ca.crt': publicKeys.certificate(r, 'Internal CA', c.domain).join('\n') + '\n' } }) }),
    (r, c) => ({ file: 'saml/idp-metadata.xml', lines: ['<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.' + c.domain + '">', '  <md:IDPSSODescriptor>', '    <md:KeyDescriptor use="signing">', '      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">', '        <ds:X509Data>', `          <ds:X509Certificate>${publicKeys.certificate(r, 'idp', c.domain).slice(1, -1).join('')}</ds:X509Certificate>`, '        </ds:X509Data>', '      </ds:KeyInfo>', '    </md:KeyDescriptor>', '  </md:IDPSSODescriptor>', '</md:EntityDescriptor>'] }),
    (r, c) => ({ file: 'certs/request.csr', lines: ['-----BEGIN CERTIFICATE REQUEST-----', ...wrap(b64(Buffer.concat([Buffer.from('3082029e30820186020100', 'hex'), r.bytes(640)])), 64), '-----END CERTIFICATE REQUEST-----'] }),
    (r, c) => ({ file: 'charts/webhook/values.yaml', lines: yamlLines({ webhook: { caBundle: b64(Buffer.from(publicKeys.certificate(r, 'webhook-ca', c.domain).join('\n'))), failurePolicy: 'Fail' } }) }),
    (r, c) => ({ file: 'nginx/site.conf', lines: ['server {', '    listen 443 ssl;', `    server_name ${c.svc}.${c.domain};`, `    ssl_certificate     /etc/ssl/certs/${c.svc}.crt;`, `    ssl_certificate_key /etc/ssl/private/${c.svc}.key;`, '    ssl_protocols TLSv1.2 TLSv1.3;', '}'] }),
  ],
  sops: [
    (r, c) => ({ file: 'secrets/prod.yaml', lines: sopsYaml(r, { db_password: 'str', api_key: 'str', jwt_secret: 'str' }) }),
    (r, c) => ({ file: 'secrets/prod.json', lines: jsonLines({ stripe_secret_key: sopsEnc(r, 107), github_token: sopsEnc(r, 40), sops: sopsMeta(r) }) }),
    (r, c) => ({ file: 'secrets/.env.enc', lines: [`DB_PASSWORD=${sopsEnc(r, 20)}`, `OPENAI_API_KEY=${sopsEnc(r, 164)}`, `sops_age__list_0__map_recipient=${cred.agePublicKey(r)}`, `sops_lastmodified=2025-02-11T09:14:02Z`, `sops_mac=${sopsEnc(r, 64)}`, 'sops_version=3.9.0'] }),
    (r, c) => ({ file: 'k8s/secret.enc.yaml', lines: sopsYaml(r, { password: 'str', 'api-token': 'str' }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: c.svc }, type: 'Opaque' }) }),
    (r, c) => ({ file: 'secrets/app.ini', lines: ['[database]', `password = ${sopsEnc(r, 18)}`, '', '[sops]', `mac = ${sopsEnc(r, 64)}`, 'version = 3.9.0'] }),
    (r, c) => ({ file: 'terraform/secrets.enc.json', lines: jsonLines({ data: sopsEnc(r, 300), sops: sopsMeta(r) }) }),
  ],
  'ansible-vault': [
    (r, c) => ({ file: 'ansible/group_vars/all/vault.yml', lines: ['$ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 12)] }),
    (r, c) => ({ file: 'ansible/host_vars/db1.yml', lines: ['postgres_user: app', 'postgres_password: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 5).map((l) => '  ' + l), 'postgres_port: 5432'] }),
    (r, c) => ({ file: 'ansible/vars/prod.yml', lines: ['$ANSIBLE_VAULT;1.2;AES256;prod', ...ansibleVaultBody(r, 9)] }),
    (r, c) => ({ file: 'roles/app/defaults/main.yml', lines: ['app_user: deploy', 'app_api_key: !vault |', '          $ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 5).map((l) => '          ' + l)] }),
    (r, c) => ({ file: 'ansible/files/id_deploy.vault', lines: ['$ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 40)] }),
  ],
  'sealed-secrets': [
    (r, c) => ({ file: 'k8s/sealed-secret.yaml', lines: yamlLines(sealedSecret(r, c, ['DB_PASSWORD', 'API_KEY'])) }),
    (r, c) => ({ file: 'clusters/prod/apps/payments-sealed.yaml', lines: yamlLines(sealedSecret(r, c, ['stripe-secret-key', 'stripe-webhook-secret'])) }),
    (r, c) => {
      const sealed = sealedSecret(r, c, ['.dockerconfigjson']);
      return { file: 'k8s/registry-sealed.yaml', lines: yamlLines({ ...sealed, spec: { ...sealed.spec, template: { type: 'kubernetes.io/dockerconfigjson' } } }) };
    },
    (r, c) => ({ file: 'scripts/seal.sh', lines: ['#!/usr/bin/env bash', `# kubeseal --raw output for ${c.svc}`, `SEALED_TOKEN='AgB${b64(r.bytes(380))}'`, 'yq -i ".spec.encryptedData.token = \\"$SEALED_TOKEN\\"" k8s/sealed.yaml'] }),
    (r, c) => ({ file: 'k8s/tls-sealed.yaml', lines: yamlLines(sealedSecret(r, c, ['tls.crt', 'tls.key'])) }),
  ],
  i18n: [
    (r, c) => ({ file: 'locales/en.json', lines: jsonLines({ login: { title: 'Sign in', password: 'Password', passwordHint: 'Your password must contain at least 12 characters', forgotPassword: 'Forgot your password?' }, apiKeys: { title: 'API keys', create: 'Create a new API key', revokeConfirm: 'Revoking this token cannot be undone' } }) }),
    (r, c) => ({ file: 'locales/fr.json', lines: jsonLines({ login: { password: 'Mot de passe', passwordHint: 'Votre mot de passe doit contenir au moins 12 caractères' }, token: { expired: 'Votre jeton a expiré, veuillez vous reconnecter', secret: 'Clé secrète' } }) }),
    (r, c) => ({ file: 'config/locales/de.yml', lines: yamlLines({ de: { devise: { passwords: { send_instructions: 'Sie erhalten in wenigen Minuten eine E-Mail mit Anweisungen zum Zurücksetzen Ihres Passworts.' } }, api_token: { label: 'API-Token', secret_hint: 'Das Geheimnis wird nur einmal angezeigt.' } } }) }),
    (r, c) => ({ file: 'src/main/resources/messages_en.properties', lines: ['login.password=Password', 'login.password.invalid=The password you entered is incorrect', 'token.expired=Your session token expired. Please sign in again.', 'apikey.secret.warning=Store this secret somewhere safe; you will not see it again.'] }),
    (r, c) => ({ file: 'locale/es/LC_MESSAGES/messages.po', lines: ['msgid "Password"', 'msgstr "Contraseña"', '', 'msgid "Your API key"', 'msgstr "Tu clave de API"', '', 'msgid "The token is invalid or has expired"', 'msgstr "El token no es válido o ha caducado"'] }),
    (r, c) => ({ file: 'app/src/main/res/values/strings.xml', lines: ['<resources>', '    <string name="app_name">' + c.svc + '</string>', '    <string name="password">Password</string>', '    <string name="secret_key_label">Secret key</string>', '    <string name="token_error">Could not refresh the access token</string>', '</resources>'] }),
    (r, c) => ({ file: 'ios/en.lproj/Localizable.strings', lines: ['"password.placeholder" = "Enter your password";', '"apiKey.title" = "API Key";', '"token.expired" = "Your token has expired.";'] }),
    (r, c) => ({ file: 'locales/ja.json', lines: jsonLines({ password: 'パスワード', passwordReset: 'パスワードをリセットしました', apiKey: 'APIキー', tokenExpired: 'トークンの有効期限が切れました' }) }),
    (r, c) => ({ file: 'config/locales/pt-BR.yml', lines: yamlLines({ 'pt-BR': { password: 'Senha', password_too_short: 'A senha é muito curta (mínimo: 12 caracteres)', secret_token: 'Token secreto' } }) }),
    (r, c) => ({ file: 'src/i18n/messages.ts', lines: ['export const messages = {', "  passwordLabel: 'Password',", "  secretRotated: 'The signing secret was rotated. Existing sessions stay valid for 24 hours.',", "  apiKeyCopied: 'API key copied to the clipboard',", '};'] }),
  ],
  prose: [
    (r, c) => ({ file: 'README.md', lines: [`# ${c.svc}`, '', '## Configuration', '', 'Set `GITHUB_TOKEN` to a personal access token with the `repo` scope, and `DATABASE_URL` to your Postgres connection string.', 'Never commit the token: keep it in your password manager and load it with `vaultify`.'] }),
    (r, c) => ({ file: 'docs/authentication.md', lines: ['# Authentication', '', 'Clients exchange an API key for a short-lived access token. The token expires after one hour; refresh it with the refresh token.', 'The secret used to sign tokens is rotated every 90 days by the platform team.'] }),
    (r, c) => ({ file: 'SECURITY.md', lines: ['# Security policy', '', 'If you find a leaked password, token or private key, report it to security@' + c.domain + '.', 'We rotate any exposed credential within 24 hours.'] }),
    (r, c) => ({ file: 'CONTRIBUTING.md', lines: ['## Running locally', '', '1. Copy `.env.example` to `.env`.', '2. Ask the team for a sandbox API key; do not use production secrets.', '3. Run `npm start`.'] }),
    (r, c) => ({ file: 'docs/adr/0007-secrets.md', lines: ['# 7. Store secrets in the OS keychain', '', 'Status: accepted', '', 'Secrets such as API keys and database passwords live in the keychain, referenced as `vault:name` from config files.'] }),
    (r, c) => ({ file: 'docs/runbook.md', lines: ['## Password expired', '', 'When the replication user password expires, the replicas stop. Reset it with `ALTER ROLE replicator PASSWORD ...` from the vault entry.', '', '## Token revoked', '', 'Re-issue the deploy token in the CI settings page.'] }),
    (r, c) => ({ file: 'docs/faq.md', lines: ['**Where do I find my secret key?** In the dashboard under Settings > API.', '', '**Why was my token rejected?** Tokens are bound to an IP allow-list.'] }),
    (r, c) => ({ file: 'blog/2025-01-rotating-keys.md', lines: ['---', 'title: How we rotate API keys without downtime', '---', '', 'Every key has a primary and a secondary slot. We write the new secret to the secondary slot, deploy, then promote it.'] }),
    (r, c) => ({ file: 'src/auth/README.md', lines: ['This module hashes passwords with Argon2id and compares tokens in constant time.', 'It never logs a password, a token or a session secret.'] }),
    (r, c) => ({ file: 'docs/onboarding.txt', lines: ['Welcome! Your laptop password must be 14+ characters.', 'Your GitHub account needs 2FA before you get a token for the private registry.'] }),
  ],
  code: [
    (r, c) => ({ file: 'src/auth/login.ts', lines: ['export async function login(email: string, password: string): Promise<Session> {', '  const user = await users.findByEmail(email);', '  if (!user || !(await argon2.verify(user.passwordHash, password))) throw new AuthError();', '  const token = await issueToken(user.id);', '  return { token, expiresIn: TOKEN_TTL_SECONDS };', '}'] }),
    (r, c) => ({ file: 'db/schema.sql', lines: ['CREATE TABLE users (', '  id uuid PRIMARY KEY,', '  email text NOT NULL UNIQUE,', '  password_hash varchar(255) NOT NULL,', '  api_key_prefix char(8),', '  reset_token_expires_at timestamptz', ');'] }),
    (r, c) => ({ file: 'templates/login.html', lines: ['<form method="post" action="/login">', '  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">', '  <label for="password">Password</label>', '  <input type="password" id="password" name="password" autocomplete="current-password" minlength="12">', '</form>'] }),
    (r, c) => ({ file: 'ml/tokenize.py', lines: ['from transformers import AutoTokenizer', '', 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")', 'MAX_TOKENS = 512', 'tokens = tokenizer("hello world", truncation=True, max_length=MAX_TOKENS)'] }),
    (r, c) => ({ file: 'internal/models/user.go', lines: ['package models', '', 'type Credentials struct {', '\tUsername string `json:"username"`', '\tPassword string `json:"password"`', '\tAPIKey   string `json:"api_key,omitempty"`', '}'] }),
    (r, c) => ({ file: 'src/main/java/com/acme/Cli.java', lines: ['Console console = System.console();', 'char[] password = console.readPassword("Password: ");', 'String secretName = "prod/db/password";', 'SecretValue secret = secretsManager.getSecretValue(secretName);'] }),
    (r, c) => ({ file: 'schemas/config.schema.json', lines: jsonLines({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { password: { type: 'string', minLength: 12, writeOnly: true }, apiKey: { type: 'string', pattern: '^vault:' } } }) }),
    (r, c) => ({ file: 'openapi.yaml', lines: yamlLines({ openapi: '3.1.0', components: { securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } } }) }),
    (r, c) => ({ file: 'schema.graphql', lines: ['input LoginInput {', '  email: String!', '  password: String!', '}', '', 'type AuthPayload {', '  token: String!', '  refreshToken: String!', '}'] }),
    (r, c) => ({ file: 'test/auth.test.ts', lines: ["it('never stores the plain password', async () => {", "  const password = randomBytes(16).toString('hex');", '  const user = await register({ email, password });', '  expect(user.passwordHash).not.toEqual(password);', '});'] }),
    (r, c) => ({ file: 'llm/call.py', lines: ['response = client.chat.completions.create(', '    model="gpt-4o",', '    max_tokens=1024,', '    messages=messages,', ')', 'print(response.usage.total_tokens)'] }),
    (r, c) => ({ file: 'src/lib/secrets.ts', lines: ['const SECRET_NAME_PATTERN = /^[a-z0-9-]+$/;', 'export const PASSWORD_MIN_LENGTH = 12;', 'export const TOKEN_HEADER = "Authorization";', 'export function isSecretName(s: string) { return SECRET_NAME_PATTERN.test(s); }'] }),
  ],
  'test-fake': [
    (r, c) => ({ file: 'test/github.test.ts', lines: ["import { parseToken } from '../src/github';", '', '// Shaped like a token, checksum deliberately wrong.', `const fakeToken = 'ghp_${badChecksumToken(r)}';`, '', "it('rejects tokens with a bad checksum', () => {", '  expect(parseToken(fakeToken)).toBeNull();', '});'] }),
    (r, c) => ({ file: 'tests/test_publish.py', lines: ['import pytest', '', `DUMMY_NPM_TOKEN = "npm_${badChecksumToken(r)}"`, '', 'def test_publish_requires_valid_token(publisher):', '    with pytest.raises(ValueError):', '        publisher.login(DUMMY_NPM_TOKEN)'] }),
    (r, c) => ({ file: 'spec/client_spec.rb', lines: ['RSpec.describe Client do', `  let(:test_api_key) { "${r.chars(32, B62)}" }`, '  it "sends the key in a header" do', '    expect(described_class.new(test_api_key).headers).to include("X-Api-Key")', '  end', 'end'] }),
    (r, c) => ({ file: 'src/__tests__/config.test.js', lines: [`const fake_password = '${password(r)}';`, "test('masks the password in logs', () => {", '  expect(redact(`password=${fake_password}`)).toBe("password=***");', '});'] }),
    (r, c) => ({ file: 'internal/auth/auth_test.go', lines: ['package auth', '', 'func TestVerify(t *testing.T) {', `\tfakeSecret := "${r.chars(40, B62)}"`, '\tif Verify("payload", fakeSecret, "sig") {', '\t\tt.Fatal("verified a forged signature")', '\t}', '}'] }),
    (r, c) => ({ file: 'test/fixtures/tokens.json', lines: jsonLines({ dummy_github_token: `ghp_${badChecksumToken(r)}`, dummy_npm_token: `npm_${badChecksumToken(r)}`, test_webhook_secret: r.chars(32, B62) }) }),
  ],
  hash: [
    (r, c) => ({ file: 'public/index.html', lines: ['<!doctype html>', '<html>', '<head>', `  <script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" integrity="sha384-${b64(r.bytes(48))}" crossorigin="anonymous"></script>`, `  <link rel="stylesheet" href="/assets/app.${r.chars(8, HEX)}.css" integrity="sha256-${b64(r.bytes(32))}">`, '</head>', '</html>'] }),
    (r, c) => ({ file: 'dist/SHA256SUMS', lines: ['linux-amd64', 'linux-arm64', 'darwin-arm64', 'windows-amd64.exe'].map((p) => `${sha256(r)}  ${c.svc}-${p}`) }),
    (r, c) => ({ file: 'docker/Dockerfile.node', lines: ['FROM debian:bookworm-slim', 'ARG NODE_VERSION=20.17.0', `RUN curl -fsSLO https://nodejs.org/dist/v\${NODE_VERSION}/node-v\${NODE_VERSION}-linux-x64.tar.xz \\`, `  && echo "${sha256(r)}  node-v\${NODE_VERSION}-linux-x64.tar.xz" | sha256sum -c -`] }),
    (r, c) => ({ file: 'src/styles/icons.css', lines: [`.icon-check { background-image: url("data:image/png;base64,${b64(Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), r.bytes(150)]))}"); }`] }),
    (r, c) => ({ file: 'build/asset-manifest.json', lines: jsonLines({ files: { 'main.js': `/static/js/main.${r.chars(8, HEX)}.js`, 'main.css': `/static/css/main.${r.chars(8, HEX)}.css` }, entrypoints: [`static/js/main.${r.chars(8, HEX)}.js`] }) }),
    (r, c) => ({ file: 'Formula/tool.rb', lines: ['class Tool < Formula', `  url "https://github.com/${c.domain.split('.')[0]}/tool/archive/v${ver(r)}.tar.gz"`, `  sha256 "${sha256(r)}"`, 'end'] }),
    (r, c) => ({ file: 'cache/http-cache.json', lines: jsonLines({ url: `https://api.${c.domain}/v1/catalog`, etag: `W/"${r.chars(32, HEX)}"`, lastModified: 'Tue, 04 Mar 2025 10:22:31 GMT' }) }),
    (r, c) => ({ file: 'downloads.txt', lines: ['file: release.tar.gz', `md5: ${r.chars(32, HEX)}`, `sha1: ${sha1(r)}`, `sha512: ${r.chars(128, HEX)}`] }),
  ],
};

function badChecksumToken(r) {
  for (;;) {
    const random = r.chars(30, B62);
    const suffix = r.chars(6, B62);
    if (suffix !== crcTokenSuffix(random)) return random + suffix;
  }
}

function sopsEnc(r, plainLength) {
  return `ENC[AES256_GCM,data:${b64(r.bytes(plainLength))},iv:${b64(r.bytes(32))},tag:${b64(r.bytes(16))},type:str]`;
}

function sopsMeta(r) {
  return {
    kms: null,
    age: [{ recipient: cred.agePublicKey(r), enc: ['-----BEGIN AGE ENCRYPTED FILE-----', ...wrap(b64(r.bytes(180)), 64), '-----END AGE ENCRYPTED FILE-----', ''].join('\n') }],
    lastmodified: '2025-02-11T09:14:02Z',
    mac: sopsEnc(r, 32),
    unencrypted_suffix: '_unencrypted',
    version: '3.9.0',
  };
}

function sopsYaml(r, fields, head = {}) {
  const data = Object.fromEntries(Object.keys(fields).map((k) => [k, sopsEnc(r, r.int(16, 60))]));
  return yamlLines({ ...head, ...(head.kind === 'Secret' ? { stringData: data } : data), sops: sopsMeta(r) });
}

function ansibleVaultBody(r, lines) {
  return Array.from({ length: lines }, () => r.chars(80, HEX));
}

function sealedSecret(r, c, names) {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: `${c.svc}-secrets`, namespace: 'prod' },
    spec: { encryptedData: Object.fromEntries(names.map((n) => [n, 'AgB' + b64(r.bytes(r.int(330, 400)))])) },
  };
}

// ---------------------------------------------------------------------------------------------
// Assembly

/** Flattens items into text and labels. */
function renderItems(items) {
  const lines = [];
  const secrets = [];
  for (const item of items) {
    if (typeof item === 'string') {
      lines.push(item);
      continue;
    }
    const block = item.lines ?? [item.text];
    const label = { line: lines.length + 1 };
    if (block.length > 1) label.endLine = lines.length + block.length;
    label.kind = item.kind;
    if (item.family) label.family = item.family;
    secrets.push(label);
    lines.push(...block);
  }
  return { text: lines.join('\n') + '\n', secrets };
}

/** Builds the whole corpus in memory: path (relative to the corpus root) -> { text, label }. */
export function buildCorpus() {
  const files = new Map();
  const add = (path, family, items) => {
    if (files.has(path)) throw new Error(`duplicate corpus path ${path}`);
    const { text, secrets } = renderItems(items);
    if (family.startsWith('negative:') ? secrets.length : !secrets.length) throw new Error(`${path}: wrong number of labelled secrets`);
    files.set(path, { text, label: { family, secrets } });
  };
  for (const spec of [...POSITIVE_FAMILIES, ...GENERIC_FAMILIES, MIXED]) {
    const services = makeRng(`services:${spec.family}`).shuffle(SERVICES);
    spec.formats.forEach((format, i) => {
      const r = makeRng(`${spec.family}#${i}`);
      const ctx = { svc: services[i % services.length], domain: r.pick(DOMAINS), group: spec.group };
      const render = typeof format === 'function' ? format : format.render;
      const make = typeof format === 'function' ? spec.make : format.make;
      const { file, items } = render(r, ctx, make(r, i, ctx));
      add(`positives/${spec.family}/${ctx.svc}/${file}`, spec.family, items);
    });
  }
  for (const [category, templates] of Object.entries(NEGATIVES)) {
    const services = makeRng(`services:negative:${category}`).shuffle(SERVICES);
    templates.forEach((template, i) => {
      const r = makeRng(`negative:${category}#${i}`);
      const ctx = { svc: services[i % services.length], domain: r.pick(DOMAINS) };
      const { file, lines } = template(r, ctx);
      add(`negatives/${category}/${ctx.svc}/${file}`, `negative:${category}`, lines);
    });
  }
  return files;
}

const ABOUT =
  'Labelled corpus for Vaultify detection quality. Generated by scripts/generate-corpus.mjs; every value is synthetic. ' +
  'family: the credential family, or negative:<filter category>. secrets: 1-based line (and endLine for multi-line values) of every secret. ' +
  'Both halves of an id + secret pair (AWS access key id, Twilio SID) are labelled: scanners report them and the pair is the credential.';

/** The corpus as files to write: path -> text, labels.json included. */
function corpusFiles() {
  const files = buildCorpus();
  const out = new Map();
  const labels = {};
  for (const path of [...files.keys()].sort()) {
    out.set(path, files.get(path).text);
    labels[path] = files.get(path).label;
  }
  out.set('labels.json', JSON.stringify({ about: ABOUT, files: labels }, null, 2) + '\n');
  return { out, labels };
}

function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, base) : [path.slice(base.length + 1).split('\\').join('/')];
  });
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'detect');
  const { out, labels } = corpusFiles();
  if (process.argv.includes('--check')) {
    const onDisk = new Set(listFiles(root));
    const differ = [...out.keys()].filter((p) => !onDisk.has(p) || readFileSync(join(root, p), 'utf8') !== out.get(p));
    const extra = [...onDisk].filter((p) => !out.has(p));
    for (const p of differ) console.error(`differs from the generator: ${p}`);
    for (const p of extra) console.error(`not made by the generator: ${p}`);
    process.exitCode = differ.length || extra.length ? 1 : 0;
    return;
  }
  rmSync(join(root, 'positives'), { recursive: true, force: true });
  rmSync(join(root, 'negatives'), { recursive: true, force: true });
  for (const [path, text] of out) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const entries = Object.values(labels);
  const positives = entries.filter((l) => !l.family.startsWith('negative:'));
  const families = new Set(positives.flatMap((l) => l.secrets.map((s) => s.family ?? l.family)));
  const categories = new Set(entries.filter((l) => l.family.startsWith('negative:')).map((l) => l.family));
  console.log(
    `corpus: ${entries.length} files, ${positives.length} positive across ${families.size} families, ` +
      `${entries.length - positives.length} negative across ${categories.size} categories, ` +
      `${positives.reduce((n, l) => n + l.secrets.length, 0)} labelled secrets`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
