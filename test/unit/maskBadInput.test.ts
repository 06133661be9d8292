import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type MaskSecret, MaskStream, StreamMasker, maskText } from '../../src/core/mask';

function maskChunks(masker: StreamMasker, input: Buffer, chunk: number): Buffer {
  const out: Uint8Array[] = [];
  const write = (b: Uint8Array): void => void out.push(Buffer.from(b));
  for (let at = 0; at < input.length; at += chunk) masker.push(input.subarray(at, at + chunk), write);
  masker.flush(write);
  return Buffer.concat(out);
}

const token = (name: string): Buffer => Buffer.from(`[masked vault:${name}]`);
const VALUE = 'Hq4fakeValueForBadInput-0123456789';

describe('masking bad input', function () {
  // Megabytes of input on a loaded machine; generous, never a speed check.
  this.timeout(120_000);

  it('masks inside binary output and invalid UTF-8, losing no byte', () => {
    const secrets = [{ name: 'bin', value: VALUE }];
    const noise = (n: number): Buffer => Buffer.from(randomBytes(n).map((b) => (b === 0x48 ? 0xff : b)));
    const before = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x00, 0x1b]), noise(4000)]);
    const after = Buffer.concat([noise(4000), Buffer.from([0xe2, 0x82, 0x1b, 0x5b])]);
    const input = Buffer.concat([before, Buffer.from(VALUE), after]);
    for (const chunk of [1, 7, 4096, input.length]) {
      const out = maskChunks(new StreamMasker(secrets), input, chunk);
      // Every byte around the token is there, colour codes and line breaks in the noise included.
      assert.ok(out.equals(Buffer.concat([before, token('bin'), after])), `chunk ${chunk}`);
    }
  });

  it('passes invalid UTF-8 through the mask stream as replacement characters, masking the rest', () => {
    const out: string[] = [];
    const text = new MaskStream([{ name: 'bin', value: VALUE }], { text: (d) => out.push(d) });
    text.write(`a\ud800b ${VALUE} \udfff`);
    text.end();
    text.dispose();
    assert.equal(out.join(''), 'a\ufffdb [masked vault:bin] \ufffd');
  });

  it('masks a 10 MB line, plain and base64, in chunks, with nothing lost', () => {
    const secrets = [{ name: 'long', value: VALUE }];
    const filler = 'x'.repeat(5 * 1024 * 1024);
    const plain = Buffer.from(`${filler}${VALUE}${filler}${VALUE}`);
    const out = maskChunks(new StreamMasker(secrets), plain, 64 * 1024);
    assert.equal(out.length, plain.length - 2 * VALUE.length + 2 * token('long').length);
    assert.ok(out.subarray(0, filler.length).equals(plain.subarray(0, filler.length)));
    assert.ok(!out.includes(VALUE));
    const encoded = Buffer.from(
      Buffer.concat([randomBytes(5 * 1024 * 1024), Buffer.from(VALUE), randomBytes(2 * 1024 * 1024)]).toString('base64'),
    );
    const masked = maskChunks(new StreamMasker(secrets), encoded, 64 * 1024);
    assert.ok(masked.includes(token('long')));
    assert.ok(masked.length > encoded.length - 64);
  });

  it('masks a value that itself holds an ANSI sequence or a line break', () => {
    const coloured = 'abc\x1b[31mdefghijkl\x1b[0m';
    const multi = 'first-line-abc\nsecond-line-def';
    const secrets: MaskSecret[] = [
      { name: 'coloured', value: coloured },
      { name: 'multi', value: multi },
    ];
    assert.equal(maskText(`> ${coloured} <`, secrets).text, '> [masked vault:coloured]\x1b[31m\x1b[0m <');
    assert.equal(maskText('> abcdefghijkl <', secrets).text, '> [masked vault:coloured] <');
    assert.equal(maskText(`> ${multi} <`, secrets).text, '> [masked vault:multi]\n <');
    assert.equal(maskText(`> ${multi.replace('\n', '\r\n')} <`, secrets).text, '> [masked vault:multi]\r\n <');
  });

  it('masks each of 1,000 stored secrets in one stream', () => {
    const secrets = Array.from({ length: 1000 }, (_, i) => ({ name: `s/${i}`, value: `${randomBytes(16).toString('hex')}-${i}` }));
    const masker = new StreamMasker(secrets);
    const input = Buffer.from(secrets.map((s, i) => `line ${i}: ${s.value} (${Buffer.from(s.value).toString('base64')})\n`).join(''));
    const out = maskChunks(masker, input, 4096).toString();
    const expected = secrets.map((s, i) => `line ${i}: [masked vault:${s.name}] ([masked vault:${s.name}])\n`).join('');
    assert.equal(out, expected);
    assert.equal(masker.maskedCount, 2000);
  });

  it('does not mask a value shorter than the minimum, and names it in skipped', () => {
    const masker = new StreamMasker([
      { name: 'pin', value: '1234' },
      { name: 'api', value: VALUE },
    ]);
    assert.deepEqual(masker.skipped, ['pin']);
    assert.equal(maskChunks(masker, Buffer.from(`pin 1234 api ${VALUE}`), 3).toString(), 'pin 1234 api [masked vault:api]');
    assert.equal(maskText('pin 1234', [{ name: 'pin', value: '1234' }], { minLength: 4 }).text, 'pin [masked vault:pin]');
  });
});
