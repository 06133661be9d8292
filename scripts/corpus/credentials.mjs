// Synthetic credentials in their vendors' real formats, for the detection corpus and the scan
// benchmark: a seeded PRNG, the encodings vendors use (base62 CRC32 checksums, bech32, DER, the
// SSH wire format) and one generator per credential shape. Nothing here is, or was ever, live.
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const UPHEX = '0123456789ABCDEF';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const B62 = DIGITS + UPPER + LOWER;
export const URLSAFE = B62 + '_-';
export const LOWER_ALNUM = DIGITS + LOWER;
export const UPPER_ALNUM = DIGITS + UPPER;
const BASE32 = UPPER + '234567';

/** Random strings that a placeholder filter could mistake for a stand-in are drawn again. */
const LOOKS_LIKE_PLACEHOLDER =
  /(.)\1\1\1|0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|xxx|example|test|fake|dummy|sample|demo|secret|token|passw|changeme|your/i;

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

export const b64url = (buf) => Buffer.from(buf).toString('base64url');
export const b64 = (buf) => Buffer.from(buf).toString('base64');

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

export function wrap(text, width) {
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
export function bigInt(rng, n, odd = false) {
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

function pem(label, derBytes) {
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
  /** @type {(r: ReturnType<typeof makeRng>, claims: object, options?: { alg?: string, secret?: string }) => string} */
  jwt: (r, claims, { alg = 'HS256', secret } = {}) => {
    const header = b64url(JSON.stringify({ alg, typ: 'JWT' }));
    const payload = b64url(JSON.stringify(claims));
    const signature =
      alg === 'HS256'
        ? createHmac('sha256', secret ?? r.chars(48, B62))
            .update(`${header}.${payload}`)
            .digest('base64url')
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
    let priv = Buffer.concat([
      check,
      check,
      sshString('ssh-ed25519'),
      sshString(pub),
      sshString(Buffer.concat([r.bytes(32), pub])),
      sshString(comment),
    ]);
    const pad = [];
    for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
    priv = Buffer.concat([priv, Buffer.from(pad)]);
    return opensshPem(pubBlob, priv);
  },
  opensshRsa: (r, comment) => {
    const k = rsaParts(r);
    const pubBlob = Buffer.concat([sshString('ssh-rsa'), sshMpint(k.e), sshMpint(k.n)]);
    const check = r.bytes(4);
    let priv = Buffer.concat([check, check, sshString('ssh-rsa'), ...[k.n, k.e, k.d, k.qi, k.p, k.q].map(sshMpint), sshString(comment)]);
    const pad = [];
    for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
    priv = Buffer.concat([priv, Buffer.from(pad)]);
    return opensshPem(pubBlob, priv);
  },
  /**
   * An OpenPGP secret key (RFC 4880): one v4 RSA secret-key packet, unprotected, armoured with
   * its CRC-24 line.
   */
  pgpSecret: (r) => {
    const mpi = (bytes) => {
      const b = Buffer.from(bytes);
      b[0] |= 0x80;
      const bits = Buffer.alloc(2);
      bits.writeUInt16BE(b.length * 8);
      return Buffer.concat([bits, b]);
    };
    const secret = Buffer.concat([r.bytes(256), r.bytes(128), r.bytes(128), r.bytes(128)].map(mpi));
    let sum = 0;
    for (const byte of secret) sum = (sum + byte) & 0xffff;
    const checksum = Buffer.alloc(2);
    checksum.writeUInt16BE(sum);
    const body = Buffer.concat([
      Buffer.from([4]),
      uint32(r.int(1767225600, 1798761600)),
      Buffer.from([1]),
      mpi(r.bytes(256)),
      Buffer.from([0, 17, 1, 0, 1, 0]),
      secret,
      checksum,
    ]);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length);
    const packet = Buffer.concat([Buffer.from([0x95]), length, body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc24(packet));
    return [
      '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      '',
      ...wrap(b64(packet), 64),
      `=${b64(crc.subarray(1))}`,
      '-----END PGP PRIVATE KEY BLOCK-----',
    ];
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

/** OpenPGP's armour checksum (RFC 4880, 6.1). */
function crc24(bytes) {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function opensshPem(pubBlob, priv) {
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(pubBlob),
    sshString(priv),
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
