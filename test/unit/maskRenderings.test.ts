import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { type MaskSecret, MaskStream, StreamMasker, maskText } from '../../src/core/mask';

/** Real tool output, where Debian ships the tool; the test builds the layout otherwise. */
const run = (command: string, args: string[], input: Buffer | string): string => execFileSync(command, args, { input }).toString('latin1');

const VALUE = 'Zq7fakeCredentialValue0123456789abcdXY';
const SECRETS: MaskSecret[] = [{ name: 'api', value: VALUE }];
const TOKEN = '[masked vault:api]';
const ESC = /\x1b\[[0-9;]*[A-Za-z]/g;

const mask = (text: string, secrets = SECRETS): string => maskText(text, secrets).text;

/** No run of `size` characters of `form` survives in `text` (whitespace and colours ignored when `squeeze`). */
function assertNoPiece(text: string, form: string, size: number, label: string, squeeze = false): void {
  const seen = squeeze ? text.replace(ESC, '').replace(/\s+/g, '') : text;
  const pieces = new Set(Array.from({ length: Math.max(0, form.length - size + 1) }, (_, i) => form.slice(i, i + size)));
  // One pass over the text: the tests below check thousands of outputs.
  for (let i = 0; i + size <= seen.length; i++) {
    const piece = seen.slice(i, i + size);
    if (pieces.has(piece)) assert.fail(`${label}: "${piece}" shows in ${JSON.stringify(text)}`);
  }
}

const lines = (text: string): number => text.split('\n').length;

/** The value at every offset of a 16-byte dump line, indented by spaces. */
const EVERY_OFFSET = Array.from({ length: 16 }, (_, i) => `${' '.repeat(i)}${VALUE}\n`).join('');

/** Files with the value at every offset of a line of `width` bytes, after `offset` bytes of `lead`. */
function files(width: number, lead = '#'): Buffer[] {
  return Array.from({ length: width + 1 }, (_, offset) => Buffer.from(`${lead.repeat(offset)}${VALUE} and the rest of the file\n`));
}

describe('masking renderings and encodings', function () {
  // Spawns a few hundred short tool processes; generous on a loaded machine, never a speed check.
  this.timeout(120_000);

  it('masks `base64` output (76 columns) and `base64 -w 64` with the value at every offset of a line', () => {
    for (const args of [[], ['-w', '64']]) {
      for (const file of files(57)) {
        const out = run('base64', args, file);
        const masked = mask(out);
        const offset = file.indexOf(VALUE);
        const whole = file.toString('base64');
        const interior = whole.slice(Math.ceil((4 * offset) / 3) + 1, Math.floor((4 * (offset + VALUE.length)) / 3) - 1);
        assert.ok(masked.includes(TOKEN), `base64 ${args.join(' ')} offset ${offset}`);
        assertNoPiece(masked, interior, 8, `base64 ${args.join(' ')} offset ${offset}`, true);
        assert.equal(lines(masked), lines(out), 'keeps the line structure');
      }
    }
  });

  it('masks `xxd -p` (60 columns of hex) with the value at every offset of a line', () => {
    for (const file of files(30)) {
      const out = run('xxd', ['-p'], file);
      const masked = mask(out);
      assert.ok(masked.includes(TOKEN));
      assertNoPiece(masked, Buffer.from(VALUE).toString('hex'), 12, 'xxd -p', true);
      assert.equal(lines(masked), lines(out));
    }
  });

  for (const [tool, args] of [
    ['xxd', []],
    ['hexdump', ['-C']],
    ['od', ['-c']],
    ['od', ['-An', '-c']],
    ['od', ['-An', '-tx1']],
    ['od', ['-tx1']],
  ] as const) {
    it(`masks \`${tool} ${args.join(' ')}\` in its hex cells and its character column, at every offset of a line`, () => {
      // After spaces too, which begin the character column as spaces.
      for (const file of [...files(16), ...files(16, ' ')]) {
        const out = run(tool, [...args], file);
        const masked = mask(out);
        assert.ok(masked.includes(TOKEN), `${tool} offset ${file.indexOf(VALUE)}:\n${out}`);
        // The value's characters, in the ASCII column or in od's cells (joined once spaces go).
        assertNoPiece(masked, VALUE, 5, `${tool} ${args.join(' ')} text`);
        assertNoPiece(masked, VALUE, 5, `${tool} ${args.join(' ')} cells`, true);
        assertNoPiece(masked, Buffer.from(VALUE).toString('hex'), 10, `${tool} ${args.join(' ')} hex`, true);
        assert.equal(lines(masked), lines(out), 'keeps the line structure');
        if (!args.includes('-An' as never)) assert.ok(masked.startsWith(out.slice(0, 7)), 'keeps the first offset');
      }
    });
  }

  it("masks every rendering as a PTY delivers it: after the shell's lead-in, with CRLF line ends, in any chunking", () => {
    const file = Buffer.from(`#####${VALUE} and the rest of the file\n`);
    const renderings = [
      ...[
        ['xxd'],
        ['xxd', '-p'],
        ['hexdump', '-C'],
        ['od', '-c'],
        ['od', '-An', '-c'],
        ['od', '-tx1'],
        ['od', '-An', '-tx1'],
        ['base64'],
        ['base64', '-w', '20'],
      ].map(([tool, ...args]) => run(tool, args, file)),
      run('grep', ['--color=always', VALUE.slice(4, 20)], file),
    ];
    // What readline, shell integration and a prompt theme write before a command's output.
    const leadIns = ['\x1b[?2004l\r', '\x1b]633;C\x07\x1b[?2004l\r', '\x1b[?2004l\r\x1b[0m\x1b[K', '\r\x1b[K'];
    for (const rendering of renderings) {
      const expected = mask(rendering);
      assert.ok(expected.includes(TOKEN), rendering);
      for (const leadIn of leadIns) {
        const pty = Buffer.from(`${leadIn}${rendering.replace(/\n/g, '\r\n')}\x1b[?2004h$ `, 'latin1');
        for (const size of [1, 3, 7, 64, pty.length]) {
          let out = '';
          const stream = new MaskStream(SECRETS, { text: (text) => (out += text) });
          for (let at = 0; at < pty.length; at += size) stream.write(pty.subarray(at, at + size));
          stream.end();
          assert.equal(
            out,
            `${leadIn}${expected.replace(/\n/g, '\r\n')}\x1b[?2004h$ `,
            `${JSON.stringify(leadIn)} ${rendering.slice(0, 30)} in chunks of ${size}`,
          );
        }
      }
    }
  });

  it('shows no more than 8 bytes of a value in a dump that a released hold cut anywhere', () => {
    for (const [tool, args] of [
      ['xxd', []],
      ['hexdump', ['-C']],
      ['od', ['-c']],
      ['od', ['-An', '-tx1']],
    ] as const) {
      const out = run(tool, [...args], EVERY_OFFSET).replace(/\n/g, '\r\n');
      // A hold runs out mid-line before the line reads as a dump line: within its first cells.
      const cuts = [...out.matchAll(/^/gm)].flatMap((line) => Array.from({ length: 24 }, (_, k) => line.index + k + 1));
      for (const cut of cuts.filter((c) => c < out.length)) {
        const parts: Uint8Array[] = [];
        const masker = new StreamMasker(SECRETS);
        const write = (bytes: Uint8Array): void => void parts.push(Buffer.from(bytes));
        masker.push(Buffer.from(out.slice(0, cut), 'latin1'), write);
        masker.release(write);
        masker.push(Buffer.from(out.slice(cut), 'latin1'), write);
        masker.flush(write);
        const masked = Buffer.concat(parts).toString('latin1');
        const label = `${tool} ${args.join(' ')} released at ${cut}`;
        assertNoPiece(masked, VALUE, 9, label);
        assertNoPiece(masked, VALUE, 9, label, true);
        assertNoPiece(masked, Buffer.from(VALUE).toString('hex'), 18, label, true);
      }
    }
  });

  it('shows no more than 8 bytes of a value in dumps and wrapped base64, for any chunking and any released holds', () => {
    const outputs = [['xxd'], ['hexdump', '-C'], ['od', '-c'], ['base64', '-w', '20']].map(([tool, ...args]) =>
      Buffer.from(run(tool, args, EVERY_OFFSET).replace(/\n/g, '\r\n'), 'latin1'),
    );
    const hex = Buffer.from(VALUE).toString('hex');
    fc.assert(
      fc.property(
        fc.constantFrom(...outputs),
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 12 }), release: fc.boolean() }), { maxLength: 400 }),
        (out, steps) => {
          const masker = new StreamMasker(SECRETS, { detectCredentials: true });
          const parts: Uint8Array[] = [];
          const write = (bytes: Uint8Array): void => void parts.push(Buffer.from(bytes));
          let at = 0;
          for (const { size, release } of steps) {
            masker.push(out.subarray(at, at + size), write);
            at += size;
            if (release) masker.release(write);
          }
          masker.push(out.subarray(at), write);
          masker.flush(write);
          const masked = Buffer.concat(parts).toString('latin1');
          assertNoPiece(masked, VALUE, 9, 'text');
          assertNoPiece(masked, VALUE, 9, 'cells', true);
          assertNoPiece(masked, hex, 18, 'hex', true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('masks a value that `grep --color=always` coloured in part, wherever the colour falls, keeping the colours', () => {
    for (let from = 0; from < VALUE.length - 2; from += 3) {
      for (const to of [from + 2, VALUE.length]) {
        const out = run('grep', ['--color=always', VALUE.slice(from, to)], `line: ${VALUE} end\n`);
        assert.ok(out.includes('\x1b['), 'grep coloured its match');
        const masked = mask(out);
        assert.ok(masked.includes(TOKEN), JSON.stringify(out));
        assertNoPiece(masked.replace(ESC, ''), VALUE, 6, 'grep');
        assert.deepEqual(masked.match(ESC), out.match(ESC), 'every colour code survives, in order');
        assert.ok(masked.startsWith('line: ') && masked.endsWith(' end\n'));
      }
    }
  });

  it('masks a value that a highlighter split into one colour per character', () => {
    const painted = [...VALUE].map((c, i) => `\x1b[3${i % 8}m${c}`).join('') + '\x1b[0m';
    const masked = mask(`> ${painted} <`);
    assert.equal(masked.replace(ESC, ''), `> ${TOKEN} <`);
    assert.equal(masked.match(ESC)!.length, VALUE.length + 1);
  });

  it('masks percent-encodings that keep some reserved characters: Python quote(), encodeURI, quote_plus', () => {
    const value = 'p@ss/w0rd+=&?x y!*(1)';
    const secrets = [{ name: 'pw', value }];
    const hex = (c: string): string => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    const pythonQuote = encodeURIComponent(value)
      .replace(/[!'()*]/g, hex)
      .replace(/%2F/g, '/');
    const quotePlus = encodeURIComponent(value)
      .replace(/[!'()*]/g, hex)
      .replace(/%20/g, '+');
    for (const form of [
      pythonQuote,
      pythonQuote.toLowerCase().replace(/%[0-9a-f]{2}/g, (e) => e),
      encodeURI(value),
      quotePlus,
      encodeURIComponent(value),
    ]) {
      assert.equal(mask(`url?q=${form}&n=1`, secrets), 'url?q=[masked vault:pw]&n=1', form);
    }
  });

  it('masks JSON escapes: \\/, \\u00XX for any character (upper-case hex for the non-alphanumerics), and the HTML-safe \\u003c \\u003e \\u0026', () => {
    const value = 'a<b>&c/d"e\\f-ghij';
    const secrets = [{ name: 'js', value }];
    const u = (c: string, upper = false): string => {
      const h = c.charCodeAt(0).toString(16).padStart(4, '0');
      return '\\u' + (upper ? h.toUpperCase() : h);
    };
    const plain = JSON.stringify(value).slice(1, -1);
    const forms = [
      plain,
      plain.replace(/\//g, '\\/'),
      plain.replace(/[<>&]/g, (c) => u(c)),
      plain.replace(/[<>&]/g, (c) => u(c)).replace(/\//g, '\\/'),
      [...value].map((c) => u(c)).join(''),
      value.replace(/[^A-Za-z0-9]/g, (c) => u(c, true)),
      value.replace(/[^A-Za-z0-9]/g, (c) => u(c)),
    ];
    for (const form of forms) assert.equal(mask(`{"v":"${form}"}`, secrets), `{"v":"[masked vault:js]"}`, form);
  });

  it("masks shell-quoted forms: printf %q, ${x@Q} and a quote written as '\\''", () => {
    for (const value of ["it's a p@ss;w0rd&(x)", 'plain-value-1234', '~home#hash value']) {
      const secrets = [{ name: 'sh', value }];
      const q = run('bash', ['-c', 'printf "%q\\n" "$1"', 'bash', value], '').trimEnd();
      const at = run('bash', ['-c', 'x="$1"; echo "${x@Q}"', 'bash', value], '').trimEnd();
      assert.equal(mask(`cmd ${q}\n`, secrets), 'cmd [masked vault:sh]\n', q);
      assert.ok(mask(`cmd ${at}\n`, secrets).includes('[masked vault:sh]'), at);
      assertNoPiece(mask(`cmd ${at}\n`, secrets), value, 6, '@Q');
    }
  });

  it('masks the command line a shell reports in OSC 633 E, and an OSC 0/2 title', () => {
    const value = 'abc;def\\ghi-12345';
    const secrets = [{ name: 'osc', value }];
    const escaped = value.replace(/\\/g, '\\\\').replace(/;/g, '\\x3b');
    assert.equal(mask(`\x1b]633;E;echo ${escaped}\x07`, secrets), '\x1b]633;E;echo [masked vault:osc]\x07');
    for (const code of ['0', '2']) {
      assert.equal(mask(`\x1b]${code};curl -H ${value}\x07$ `, secrets), `\x1b]${code};curl -H [masked vault:osc]\x07$ `);
    }
  });

  it('uses the token a secret carries, and the template for the others', () => {
    const secrets = [
      { name: 'SLACK_BOT_TOKEN', value: 'xoxb-not-a-real-one-123', token: '[masked env:SLACK_BOT_TOKEN]' },
      { name: 'api', value: VALUE },
    ];
    assert.deepEqual(maskText(`a xoxb-not-a-real-one-123 b ${VALUE}`, secrets), {
      text: `a [masked env:SLACK_BOT_TOKEN] b ${TOKEN}`,
      maskedCount: 2,
    });
  });
});
