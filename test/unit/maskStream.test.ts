import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type MaskSecret, StreamMasker, maskVariants } from '../../src/core/mask';

const TOKEN = (name: string): string => `\u0000<${name}>\u0000`;
const enc = (text: string): Buffer => Buffer.from(text, 'utf8');

/** What one push writes, in one buffer. */
function pushed(masker: StreamMasker, chunk: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  masker.push(chunk, (bytes) => parts.push(bytes));
  return Buffer.concat(parts);
}

function flushed(masker: StreamMasker): Buffer {
  const parts: Uint8Array[] = [];
  masker.flush((bytes) => parts.push(bytes));
  return Buffer.concat(parts);
}

function maskChunks(masker: StreamMasker, chunks: Uint8Array[]): Buffer {
  const out = chunks.map((c) => pushed(masker, c));
  out.push(flushed(masker));
  return Buffer.concat(out);
}

function maskOnce(secrets: MaskSecret[], input: Uint8Array, minLength = 6, token = TOKEN): Buffer {
  return maskChunks(new StreamMasker(secrets, { minLength, token }), [input]);
}

function maskText(secrets: MaskSecret[], input: string, options: { minLength?: number } = {}): string {
  return maskChunks(new StreamMasker(secrets, options), [enc(input)]).toString('utf8');
}

function split(input: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, input.length]) {
    chunks.push(input.subarray(at, p));
    at = p;
  }
  return chunks;
}

/** The masked patterns, as the masker builds them: variants long enough, first secret wins a shared one. */
function patternsOf(secrets: MaskSecret[], minLength: number): { bytes: Buffer; name: string }[] {
  const seen = new Set<string>();
  const patterns: { bytes: Buffer; name: string }[] = [];
  for (const { name, value } of secrets) {
    const length = typeof value === 'string' ? [...value].length : value.length;
    if (length < minLength) continue;
    const add = (bytes: Buffer): void => {
      if (bytes.length < minLength || seen.has(bytes.toString('latin1'))) return;
      seen.add(bytes.toString('latin1'));
      patterns.push({ bytes, name });
    };
    for (const v of maskVariants(value)) add(Buffer.from(v));
    // Every run of 9 raw bytes (or minLength, if longer) of each line of the value is masked too.
    const run = Math.max(9, minLength);
    for (const line of Buffer.from(value)
      .toString('latin1')
      .split(/[\r\n]+/)
      .filter((l) => !/^\s*-----(?:BEGIN|END) [A-Z0-9 ]+-----\s*$/.test(l))) {
      const bytes = Buffer.from(line, 'latin1');
      if (bytes.length > run) for (let at = 0; at + run <= bytes.length; at++) add(bytes.subarray(at, at + run));
    }
  }
  return patterns;
}

/**
 * Whether the masker's normalised view of the input is the input itself, and the patterns are
 * the variants: no line break (wrapped runs, dump lines) and no escape (CSI sequences). The
 * oracle below models matching on the raw bytes; the views have their own tests.
 */
function rawViewOnly(secrets: MaskSecret[], input: Buffer): boolean {
  const plain = (b: Uint8Array): boolean => !b.includes(0x0a) && !b.includes(0x1b);
  return plain(input) && secrets.every((s) => plain(Buffer.from(s.value)));
}

/**
 * The masking rule, the slow obvious way: every occurrence of every pattern by indexOf, taken
 * by start then longest; a match past the masked span extends it and adds its token unless its
 * secret already has one there.
 */
function oracle(secrets: MaskSecret[], input: Buffer, minLength: number): Buffer {
  const matches: { start: number; end: number; name: string }[] = [];
  for (const { bytes, name } of patternsOf(secrets, minLength)) {
    for (let at = input.indexOf(bytes); at !== -1; at = input.indexOf(bytes, at + 1)) {
      matches.push({ start: at, end: at + bytes.length, name });
    }
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Buffer[] = [];
  let p = 0;
  let span = new Set<string>();
  for (const m of matches) {
    if (m.end <= p) continue;
    if (m.start >= p) {
      out.push(input.subarray(p, m.start));
      span = new Set();
    } else if (span.has(m.name)) {
      p = m.end;
      continue;
    }
    out.push(enc(TOKEN(m.name)));
    span.add(m.name);
    p = m.end;
  }
  out.push(input.subarray(p));
  return Buffer.concat(out);
}

const metaChars = [...'.*+?()[]{}|\\^$/=%"\'\r\n\t '];
const valueArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
  fc.string({ unit: fc.constantFrom(...metaChars, 'a', 'b', 'é', '€', '😀'), minLength: 1, maxLength: 16 }),
  fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 12 }),
  fc.uint8Array({ minLength: 1, maxLength: 16 }),
);
const secretsArb = fc
  .array(valueArb, { minLength: 1, maxLength: 4 })
  .map((values) => values.map((value, i): MaskSecret => ({ name: `S${i}`, value })));

/** A stream that mixes noise with the secrets' variants, so that matches and near-misses both occur. */
function streamArb(secrets: MaskSecret[], maxPieces = 12): fc.Arbitrary<Buffer> {
  const variants = secrets.flatMap((s) => maskVariants(s.value)).map((v) => Buffer.from(v));
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)),
    fc.string({ unit: fc.constantFrom(...metaChars, 'a', 'b', 'c', 'é'), maxLength: 8 }).map(enc),
    fc.constantFrom(...variants),
    fc.constantFrom(...variants).chain((v) => fc.nat(v.length).map((n) => v.subarray(0, n))),
  );
  return fc.array(piece, { maxLength: maxPieces }).map((pieces) => Buffer.concat(pieces));
}

const caseArb = secretsArb.chain((secrets) =>
  fc.record({
    secrets: fc.constant(secrets),
    input: streamArb(secrets),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
    minLength: fc.integer({ min: 1, max: 8 }),
  }),
);

describe('stream masker', () => {
  describe('properties', function () {
    // Hundreds of generated cases each; generous on a loaded machine, never a speed check.
    this.timeout(120_000);

    it('gives the same output for any split of the input into chunks', () => {
      fc.assert(
        fc.property(caseArb, ({ secrets, input, cuts, minLength }) => {
          const once = maskOnce(secrets, input, minLength);
          const chunked = maskChunks(new StreamMasker(secrets, { minLength, token: TOKEN }), split(input, cuts));
          assert.deepEqual(chunked, once);
        }),
        { numRuns: 300, seed: 101 },
      );
    });

    it('matches the obvious indexOf masking', () => {
      fc.assert(
        fc.property(caseArb, ({ secrets, input, minLength }) => {
          fc.pre(rawViewOnly(secrets, input));
          assert.deepEqual(maskOnce(secrets, input, minLength), oracle(secrets, input, minLength));
        }),
        { numRuns: 300, seed: 102 },
      );
    });

    it('matches the obvious indexOf masking on inputs long enough to be scanned in lanes', () => {
      const longCase = secretsArb.chain((secrets) => fc.record({ secrets: fc.constant(secrets), input: streamArb(secrets, 300) }));
      fc.assert(
        fc.property(longCase, ({ secrets, input }) => {
          fc.pre(rawViewOnly(secrets, input));
          assert.deepEqual(maskOnce(secrets, input, 3), oracle(secrets, input, 3));
        }),
        { numRuns: 100, seed: 103 },
      );
    });

    it('leaves no masked variant in the output', () => {
      fc.assert(
        fc.property(caseArb, ({ secrets, input, cuts, minLength }) => {
          const out = maskChunks(new StreamMasker(secrets, { minLength, token: TOKEN }), split(input, cuts)).toString('latin1');
          let plain = [out];
          for (const s of secrets) plain = plain.flatMap((piece) => piece.split(Buffer.from(TOKEN(s.name)).toString('latin1')));
          // The line breaks inside a masked span are written after its token, so a form made of line breaks alone stays.
          for (const { bytes } of patternsOf(secrets, minLength).filter(({ bytes }) => !/^[\r\n]+$/.test(bytes.toString('latin1')))) {
            for (const piece of plain)
              assert.ok(!piece.includes(bytes.toString('latin1')), `a variant survived in ${JSON.stringify(piece)}`);
          }
        }),
        { numRuns: 300, seed: 104 },
      );
    });

    it('passes text without secrets through byte for byte', () => {
      fc.assert(
        fc.property(secretsArb, fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 8 }), (secrets, raw, cuts) => {
          const input = Buffer.from(raw);
          fc.pre(patternsOf(secrets, 6).every(({ bytes }) => !input.includes(bytes)));
          assert.deepEqual(maskChunks(new StreamMasker(secrets, { token: TOKEN }), split(input, cuts)), input);
        }),
        { numRuns: 300, seed: 105 },
      );
    });
  });

  it('masks the same with one-byte chunks as in one piece', () => {
    const secrets = [
      { name: 'github/token', value: 'ghp_0123456789abcdefTEST' },
      { name: 'db/password', value: 'pä$$wörd+/=?' },
    ];
    const input = enc(
      `login ghp_0123456789abcdefTEST ok\n${Buffer.from('user:pä$$wörd+/=?').toString('base64')}\n` +
        `url=https://x.test/?p=${encodeURIComponent('pä$$wörd+/=?')}&q=ghp_0123\n`,
    );
    const bytes = [...input].map((b) => Uint8Array.of(b));
    const out = maskChunks(new StreamMasker(secrets), bytes);
    assert.deepEqual(out, maskChunks(new StreamMasker(secrets), [input]));
    assert.equal(
      out.toString(),
      'login [masked vault:github/token] ok\n' +
        `${Buffer.from('user:pä$$wörd+/=?').toString('base64').slice(0, 7)}[masked vault:db/password]\n` +
        'url=https://x.test/?p=[masked vault:db/password]&q=ghp_0123\n',
    );
  });

  it('holds only the bytes that could begin a secret', () => {
    const masker = new StreamMasker([{ name: 'tok', value: 'secret-value-1' }]);
    assert.equal(pushed(masker, enc('plain text, then secr')).toString(), 'plain text, then ');
    assert.equal(masker.heldLength, 4);
    assert.equal(pushed(masker, enc('eted')).toString(), 'secreted');
    assert.equal(masker.heldLength, 0);
  });

  it('lets the longest match win when one secret is a prefix of another', () => {
    const secrets = [
      { name: 'short', value: 'abcdef' },
      { name: 'long', value: 'abcdef-ghijkl' },
    ];
    assert.equal(maskText(secrets, 'x abcdef-ghijkl y abcdef-gx z'), 'x [masked vault:long] y [masked vault:short]-gx z');
    for (let cut = 0; cut <= 13; cut++) {
      const masker = new StreamMasker(secrets);
      const out = maskChunks(masker, [enc('abcdef-ghijkl'.slice(0, cut)), enc('abcdef-ghijkl'.slice(cut))]);
      assert.equal(out.toString(), '[masked vault:long]');
    }
  });

  it('masks a secret that lies inside a longer one as the longer one', () => {
    const secrets = [
      { name: 'inner', value: 'middle' },
      { name: 'outer', value: 'the-middle-part' },
    ];
    assert.equal(maskText(secrets, '<the-middle-part> <middle>'), '<[masked vault:outer]> <[masked vault:inner]>');
  });

  it('masks overlapping secrets entirely, naming both', () => {
    const secrets = [
      { name: 'A', value: 'abcdefgh' },
      { name: 'B', value: 'efghijkl' },
    ];
    assert.equal(maskText(secrets, '-abcdefghijkl-'), '-[masked vault:A][masked vault:B]-');
  });

  it('shows a back-to-back repeated secret once per occurrence, and a self-overlapping run once', () => {
    assert.equal(maskText([{ name: 'T', value: 'token1' }], 'token1token1'), '[masked vault:T][masked vault:T]');
    assert.equal(maskText([{ name: 'A', value: 'aaaaaa' }], 'a'.repeat(1000)), '[masked vault:A]');
  });

  it('does not mask values shorter than minLength, and reports their names', () => {
    const masker = new StreamMasker([
      { name: 'pin', value: '1234' },
      { name: 'emoji', value: '😀😀😀😀😀' },
      { name: 'ok', value: '123456' },
    ]);
    assert.deepEqual(masker.skipped, ['pin', 'emoji']);
    assert.equal(maskChunks(masker, [enc('1234 😀😀😀😀😀 123456')]).toString(), '1234 😀😀😀😀😀 [masked vault:ok]');
    assert.equal(maskText([{ name: 'pin', value: '1234' }], 'pin 1234', { minLength: 4 }), 'pin [masked vault:pin]');
  });

  it('takes the mask token as a template or a function', () => {
    const value = 'sk_test_0000aaaa';
    assert.equal(maskChunks(new StreamMasker([{ name: 'x', value }], { token: '<<{name}>>' }), [enc(value)]).toString(), '<<x>>');
    assert.equal(
      maskChunks(new StreamMasker([{ name: 'x', value }], { token: (n) => `#${n.toUpperCase()}` }), [enc(value)]).toString(),
      '#X',
    );
  });

  it('masks a secret split mid-codepoint across chunks', () => {
    const value = 'ключ-€-😀-секрет';
    const input = enc(`«${value}»`);
    for (let cut = 0; cut <= input.length; cut++) {
      const out = maskChunks(new StreamMasker([{ name: 'k', value }]), [input.subarray(0, cut), input.subarray(cut)]);
      assert.equal(out.toString(), '«[masked vault:k]»', `cut at byte ${cut}`);
    }
  });

  it('masks a multi-line value printed with CRLF line breaks, and each of its lines alone', () => {
    const value = 'first-line-xyz\nsecond-line-xyz\n';
    const secrets = [{ name: 'multi', value }];
    // Its line breaks are written after the token: the output keeps its lines.
    assert.equal(maskText(secrets, `>${value.replace(/\n/g, '\r\n')}<`), '>[masked vault:multi]\r\n\r\n<');
    assert.equal(
      maskText(secrets, 'a: first-line-xyz\r\nb: second-line-xyz\r\n'),
      'a: [masked vault:multi]\r\nb: [masked vault:multi]\r\n',
    );
  });

  it('masks a PEM block whole, with CRLF, indented line by line, and in base64, but not its armour', () => {
    const body = Array.from({ length: 5 }, (_, i) => `MIIEFAKEKEY${i}${'QUJD'.repeat(14)}`);
    const pem = `-----BEGIN PRIVATE KEY-----\n${body.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const secrets = [{ name: 'deploy/key', value: pem }];
    // The line breaks inside the block are written after the token: the output keeps its lines.
    assert.equal(maskText(secrets, `key:\n${pem}done`), 'key:\n[masked vault:deploy/key]\n\n\n\n\n\n\ndone');
    assert.equal(maskText(secrets, pem.replace(/\n/g, '\r\n')), '[masked vault:deploy/key]' + '\r\n'.repeat(7));
    const yaml = `key: |\n${pem
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`;
    const masked = maskText(secrets, yaml);
    assert.equal(masked.split('[masked vault:deploy/key]').length - 1, 5);
    assert.ok(masked.includes('    -----BEGIN PRIVATE KEY-----\n'));
    for (const line of body) assert.ok(!masked.includes(line));
    assert.equal(maskText(secrets, `"${Buffer.from(pem).toString('base64')}"`), '"[masked vault:deploy/key]"');
  });

  it('masks the base64 of a value embedded in JSON, at every alignment', () => {
    const value = 'Zr9-fake-credential';
    for (const prefix of ['', 'u', 'us', 'user:']) {
      const encoded = Buffer.from(prefix + value).toString('base64');
      const json = JSON.stringify({ headers: { authorization: `Basic ${encoded}` }, n: 1 });
      const masked = maskText([{ name: 'api', value }], json);
      assert.ok(masked.includes('[masked vault:api]'), masked);
      assert.ok(!masked.includes(encoded.slice(4, -4)), masked);
      assert.ok(masked.endsWith('","n":1}}') || masked.endsWith('"},"n":1}'), masked);
    }
  });

  it('masks every encoding of a value', () => {
    const value = 'p@ss wörd/+"\\1';
    const bytes = Buffer.from(value);
    const forms = [
      value,
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
      JSON.stringify(value).slice(1, -1).replace('ö', '\\u00f6'),
    ];
    for (const form of forms) assert.equal(maskText([{ name: 'pw', value }], `[${form}]`), '[[masked vault:pw]]', form);
  });

  it('masks the hex dump that xxd -p wraps at 60 columns, keeping its lines', () => {
    const value = 'ghp_FAKE000000000000000000000000000000000';
    const hex = Buffer.from(value).toString('hex');
    const dump = `${hex.slice(0, 60)}\n${hex.slice(60)}\n`;
    assert.equal(maskText([{ name: 'TOKEN', value }], dump), '[masked vault:TOKEN]\n\n');
  });

  it('keeps masking old values after new ones are added, and catches a new secret begun in held bytes', () => {
    const masker = new StreamMasker([{ name: 'api', value: 'old-value-123' }]);
    const out = [pushed(masker, enc('a old-value-1'))];
    masker.addSecrets([{ name: 'api', value: 'old-value-1NEW' }]);
    out.push(pushed(masker, enc('NEW b old-value-123 c')), flushed(masker));
    assert.equal(Buffer.concat(out).toString(), 'a [masked vault:api] b [masked vault:api] c');
    assert.equal(masker.heldLength, 0);
  });

  it('shows only the held prefix when released early, and masks the rest once the secret completes', () => {
    const masker = new StreamMasker([{ name: 'tok', value: 'secret-value-1' }]);
    const out = [pushed(masker, enc('> secret-')), flushed(masker)];
    assert.equal(Buffer.concat(out).toString(), '> secret-');
    assert.equal(masker.heldLength, 0);
    assert.equal(pushed(masker, enc('value-1 <')).toString(), '[masked vault:tok] <');
  });

  it('keeps its memory flat on a long stream', () => {
    const masker = new StreamMasker([{ name: 'tok', value: 'aaaaaaab' }]);
    const chunk = enc('a'.repeat(4096));
    let written = 0;
    const count = (bytes: Uint8Array): void => void (written += bytes.length);
    for (let i = 0; i < 256; i++) masker.push(chunk, count);
    assert.ok(masker.heldLength <= 7);
    masker.flush(count);
    assert.equal(written, 256 * 4096);
  });
});
