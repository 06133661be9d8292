import type { Detector } from '../detect';
import { DEFAULT_TOKEN, StreamMasker } from '../mask';
import type { VaultValue } from './valueMatcher';

export interface RedactorOptions {
  /** Finds credentials nobody stored; its high-confidence findings become `[masked secret:KIND]`. */
  detector?: Detector;
  /** The mask token template, `{name}` standing for the secret's name. Default `[masked vault:{name}]`. */
  token?: string;
  minLength?: number;
}

/** How many replacements were made, by secret name and by detected kind. */
export interface RedactionCounts {
  vault: Map<string, number>;
  secret: Map<string, number>;
}

/** A JSON string literal. JSON text has no `"` outside literals, and no raw line break inside one. */
const LITERAL = /"(?:[^"\\\n]|\\.)*"/g;

/** Where each decoded UTF-16 unit of a JSON string literal starts in the literal's text, and where it ends. */
function literalOffsets(literal: string): number[] {
  const offsets: number[] = [];
  for (let at = 1; at < literal.length - 1;) {
    offsets.push(at);
    at += literal[at] !== '\\' ? 1 : literal[at + 1] === 'u' ? 6 : 2;
  }
  offsets.push(literal.length - 1);
  return offsets;
}

/**
 * The literal with only the part that redaction changed written anew: the escapes before and after
 * it (`\u00e9`, `\/`) keep their bytes, where re-encoding the whole string would rewrite them.
 */
function respliced(literal: string, before: string, after: string): string {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  )
    suffix++;
  const offsets = literalOffsets(literal);
  const middle = JSON.stringify(after.slice(prefix, after.length - suffix)).slice(1, -1);
  return literal.slice(0, offsets[prefix]) + middle + literal.slice(offsets[before.length - suffix]);
}

/** Decoded text the detector reads in one call: its rule engine has a cost per call, not only per byte. */
const DETECT_BATCH = 1 << 20;

const NUL = new Uint8Array([0]);
const utf8 = new TextDecoder();

/**
 * Rewrites transcript text so that no vaulted value and no high-confidence credential remains.
 *
 * Vaulted values go through the masker (`StreamMasker`), so a transcript is cleaned of exactly
 * what every masked surface hides: the raw value and its encodings, in one automaton pass. JSON
 * is rewritten inside its string literals only: each literal is decoded, masked, and encoded
 * again, and everything between literals stays byte for byte, so valid JSON stays valid.
 */
export class TranscriptRedactor {
  private counts: RedactionCounts = { vault: new Map(), secret: new Map() };
  private readonly masker: StreamMasker;
  private readonly tokenPattern: RegExp;

  constructor(
    values: readonly VaultValue[],
    private readonly options: RedactorOptions = {},
  ) {
    const token = options.token ?? DEFAULT_TOKEN;
    // Whole values and their renderings only: a file at rest keeps text that merely shares a fragment with a value.
    this.masker = new StreamMasker(values, { token, minLength: options.minLength, partialRuns: false });
    const [before, after] = token.split('{name}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.tokenPattern = new RegExp(`${before}([A-Za-z0-9][A-Za-z0-9_.\\-/]{0,127})${after ?? ''}`, 'g');
  }

  /**
   * Redacts JSON text (a document, or one JSONL line): returns it unchanged when nothing matched,
   * so untouched lines keep their exact bytes.
   */
  async redactJson(texts: readonly string[]): Promise<string[]> {
    const literals: { text: number; start: number; end: number }[] = [];
    const decoded: string[] = [];
    texts.forEach((text, t) => {
      for (const m of text.matchAll(LITERAL)) {
        let value: string;
        try {
          value = JSON.parse(m[0]) as string;
        } catch {
          continue;
        }
        literals.push({ text: t, start: m.index, end: m.index + m[0].length });
        decoded.push(value);
      }
    });
    const redacted = await this.redactStrings(decoded);
    const out = [...texts];
    // Splice from the last literal back, so earlier offsets stay valid.
    for (let i = literals.length - 1; i >= 0; i--) {
      if (redacted[i] === decoded[i]) continue;
      const { text, start, end } = literals[i];
      out[text] = out[text].slice(0, start) + respliced(out[text].slice(start, end), decoded[i], redacted[i]) + out[text].slice(end);
    }
    return out;
  }

  /**
   * Redacts plain text or markdown, in pieces of about a detector batch cut at line breaks, so
   * that a finding over several lines (a PEM key) is seen whole.
   */
  async redactText(text: string): Promise<string> {
    const pieces: string[] = [];
    for (let from = 0; from < text.length;) {
      const cut = text.indexOf('\n', Math.min(text.length, from + DETECT_BATCH));
      const to = cut < 0 ? text.length : cut + 1;
      pieces.push(text.slice(from, to));
      from = to;
    }
    return (await this.redactStrings(pieces)).join('');
  }

  /** The replacements made since the last call: one redactor serves many files, its automaton built once. */
  takeCounts(): RedactionCounts {
    const counts = this.counts;
    this.counts = { vault: new Map(), secret: new Map() };
    return counts;
  }

  /** Masks each string on its own, then runs the detector over them in batches. */
  async redactStrings(strings: readonly string[]): Promise<string[]> {
    const masked = strings.map((s) => this.maskVaulted(s));
    const { detector } = this.options;
    if (!detector) return masked;
    let from = 0;
    while (from < masked.length) {
      let to = from;
      let size = 0;
      while (to < masked.length && (to === from || size + masked[to].length <= DETECT_BATCH)) size += masked[to++].length + 1;
      await this.replaceDetected(detector, masked, from, to);
      from = to;
    }
    return masked;
  }

  private maskVaulted(text: string): string {
    if (this.masker.patternCount === 0 || text.length === 0) return text;
    const parts: Uint8Array[] = [];
    const sink = (bytes: Uint8Array) => parts.push(bytes.slice());
    this.masker.push(Buffer.from(text, 'utf8'), sink);
    // A byte in no pattern returns the automaton to its start, so the next string begins afresh;
    // the masker then holds nothing back and the NUL comes out last, to be dropped.
    this.masker.push(NUL, sink);
    this.masker.flush(sink);
    const out = utf8.decode(Buffer.concat(parts)).slice(0, -1);
    if (out !== text) this.countTokens(out, text);
    return out;
  }

  private countTokens(after: string, before: string): void {
    const tally = (text: string, sign: number) => {
      for (const m of text.matchAll(this.tokenPattern)) this.counts.vault.set(m[1], (this.counts.vault.get(m[1]) ?? 0) + sign);
    };
    tally(after, 1);
    tally(before, -1);
    for (const [name, count] of this.counts.vault) if (count <= 0) this.counts.vault.delete(name);
  }

  /** Detects over strings [from, to) joined by newlines, and masks each high-confidence finding inside its string. */
  private async replaceDetected(detector: Detector, strings: string[], from: number, to: number): Promise<void> {
    const starts: number[] = [];
    let offset = 0;
    for (let i = from; i < to; i++) {
      starts.push(offset);
      offset += strings[i].length + 1;
    }
    const text = strings.slice(from, to).join('\n');
    const { findings } = await detector.detect(text);
    const edits = new Map<number, { start: number; end: number; kind: string }[]>();
    for (const f of findings) {
      if (f.confidence !== 'high') continue;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= f.start) lo = mid;
        else hi = mid - 1;
      }
      const base = starts[lo];
      const end = Math.min(f.end - base, strings[from + lo].length);
      const list = edits.get(from + lo) ?? [];
      list.push({ start: f.start - base, end, kind: f.kind });
      edits.set(from + lo, list);
    }
    for (const [index, list] of edits) {
      let s = strings[index];
      let last = Infinity;
      for (const e of list.sort((a, b) => b.start - a.start)) {
        if (e.end > last) continue; // overlaps a later finding already masked
        s = s.slice(0, e.start) + `[masked secret:${e.kind}]` + s.slice(e.end);
        last = e.start;
        this.counts.secret.set(e.kind, (this.counts.secret.get(e.kind) ?? 0) + 1);
      }
      strings[index] = s;
    }
  }
}
