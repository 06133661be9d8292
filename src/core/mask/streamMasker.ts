import { PatternAutomaton } from './patternAutomaton';
import { maskVariants, valueLength } from './variants';

export interface MaskSecret {
  readonly name: string;
  readonly value: string | Uint8Array;
}

export interface MaskerOptions {
  /** Values shorter than this (characters, or bytes for binary values) are not masked. Default 6. */
  minLength?: number;
  /** What replaces a match: a function of the secret's name, or a template where `{name}` stands for it. */
  token?: string | ((name: string) => string);
}

export const DEFAULT_MIN_LENGTH = 6;
export const DEFAULT_TOKEN = '[masked vault:{name}]';

interface Match {
  start: number;
  end: number;
  name: number;
}

/** Receives masked output in order. A part may share memory with the pushed chunk; do not modify it. */
export type MaskSink = (bytes: Uint8Array) => void;

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();

/**
 * Masks every variant of every secret in a byte stream.
 *
 * Output for a run of overlapping matches: taken in order of start, longest first, a match
 * contained in the masked span adds nothing, and one that reaches past it extends the span
 * and adds its token unless its secret already has one in the span. So a secret that is the
 * prefix of another shows as the longer one, overlapping secrets show both tokens, and a
 * secret repeated back to back shows once per occurrence.
 *
 * Streaming: the automaton's depth says how many trailing bytes could still begin a match;
 * those, and only those, are held. Every byte before them is final, since no later match can
 * start there, so the output of any split of the input into chunks equals one-shot masking.
 * `flush()` releases the held bytes early (the hold timeout, or end of input); the automaton
 * keeps its state, so a match completed afterwards still masks the rest of the secret.
 *
 * Positions are absolute byte offsets in the stream.
 */
export class StreamMasker {
  private readonly minLength: number;
  private readonly tokenFor: (name: string) => string;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly tokens: Uint8Array[] = [];
  private readonly patterns: Uint8Array[] = [];
  private readonly patternName: number[] = [];
  private readonly seenPatterns = new Set<string>();
  private readonly skippedNames = new Set<string>();
  private automaton: PatternAutomaton;
  private state = 0;
  /** Bytes pushed so far. */
  private pos = 0;
  /** First byte neither written out nor covered by a token: held bytes are [next, pos). */
  private next = 0;
  /** Kept bytes [keptFrom, pos): the held ones and the automaton's current string. */
  private keptFrom = 0;
  private kept: Uint8Array = EMPTY;
  /** Matches not yet written, because a longer or earlier one may still begin before them. */
  private pending: Match[] = [];
  /** Secrets with a token in the masked span that ends at `next`. */
  private readonly spanNames = new Set<number>();
  private readonly found: number[] = [];

  constructor(secrets: readonly MaskSecret[] = [], options: MaskerOptions = {}) {
    this.minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
    const token = options.token ?? DEFAULT_TOKEN;
    this.tokenFor = typeof token === 'function' ? token : (name) => token.split('{name}').join(name);
    this.automaton = new PatternAutomaton([]);
    this.addSecrets(secrets);
  }

  /** Names whose values are too short to mask, for a one-time warning. */
  get skipped(): readonly string[] {
    return [...this.skippedNames];
  }

  /** Bytes held back because they could begin a secret. */
  get heldLength(): number {
    return this.pos - this.next;
  }

  /** Stream offset of the first held byte; it changes when the held bytes are a new prefix. */
  get heldFrom(): number {
    return this.next;
  }

  get patternCount(): number {
    return this.patterns.length;
  }

  get automatonBytes(): number {
    return this.automaton.tableBytes;
  }

  /**
   * Adds secrets to a running masker: rotation keeps the old value masked alongside the new.
   * The held bytes are scanned again by the new automaton, so a new secret that began in them
   * is caught too; bytes already written cannot be.
   */
  addSecrets(secrets: readonly MaskSecret[]): void {
    let added = false;
    for (const { name, value } of secrets) {
      if (valueLength(value) < this.minLength) {
        this.skippedNames.add(name);
        continue;
      }
      let id = this.nameIndex.get(name);
      if (id === undefined) {
        id = this.names.push(name) - 1;
        this.nameIndex.set(name, id);
        this.tokens.push(utf8.encode(this.tokenFor(name)));
      }
      for (const variant of maskVariants(value)) {
        if (variant.length < this.minLength) continue;
        const key = Buffer.from(variant.buffer, variant.byteOffset, variant.length).toString('latin1');
        if (this.seenPatterns.has(key)) continue;
        this.seenPatterns.add(key);
        this.patterns.push(variant);
        this.patternName.push(id);
        added = true;
      }
    }
    if (!added) return;
    this.automaton = new PatternAutomaton(this.patterns);
    this.found.length = 0;
    this.state = this.automaton.scan(this.kept, 0, this.found);
    this.recordFound(this.keptFrom);
  }

  /**
   * Masks the next chunk and gives `write` what can be written now, in parts: the output is
   * never copied into one buffer, so that throughput stays that of the scan.
   */
  push(chunk: Uint8Array, write: MaskSink): void {
    if (chunk.length === 0) return;
    const base = this.pos;
    this.found.length = 0;
    this.state = this.automaton.scan(chunk, this.state, this.found);
    this.pos += chunk.length;
    if (this.found.length) this.recordFound(base);
    this.decide(this.pos - this.automaton.depthOf(this.state), chunk, base, write);
  }

  /** Writes out every held byte, masking the matches among them: at end of input, or when the hold times out. */
  flush(write: MaskSink): void {
    this.decide(this.pos, EMPTY, this.pos, write);
  }

  private recordFound(base: number): void {
    const found = this.found;
    for (let k = 0; k < found.length; k += 2) {
      const end = base + found[k];
      const pattern = found[k + 1];
      this.pending.push({ start: end - this.patterns[pattern].length, end, name: this.patternName[pattern] });
    }
  }

  /** Writes out bytes and tokens for every position before `cut`, where all matches are known. */
  private decide(cut: number, chunk: Uint8Array, base: number, write: MaskSink): void {
    const copy = (from: number, to: number): void => {
      if (from < base) write(this.kept.subarray(from - this.keptFrom, Math.min(to, base) - this.keptFrom));
      if (to > base) write(chunk.subarray(Math.max(from, base) - base, to - base));
    };
    let p = this.next;
    if (this.pending.length) {
      const pending = this.pending;
      pending.sort((a, b) => a.start - b.start || b.end - a.end);
      let k = 0;
      for (; k < pending.length && pending[k].start < cut; k++) {
        const m = pending[k];
        if (m.end <= p) continue;
        if (m.start >= p) {
          if (m.start > p) copy(p, m.start);
          this.spanNames.clear();
        } else if (this.spanNames.has(m.name)) {
          p = m.end;
          continue;
        }
        write(this.tokens[m.name]);
        this.spanNames.add(m.name);
        p = m.end;
      }
      if (k) pending.splice(0, k);
    }
    if (p < cut) {
      copy(p, cut);
      p = cut;
      this.spanNames.clear();
    }
    this.next = p;

    const keepFrom = Math.min(p, this.pos - this.automaton.depthOf(this.state));
    const kept = new Uint8Array(this.pos - keepFrom);
    if (kept.length) {
      const fromKept = Math.max(0, base - keepFrom);
      if (fromKept) kept.set(this.kept.subarray(keepFrom - this.keptFrom, base - this.keptFrom));
      kept.set(chunk.subarray(Math.max(keepFrom, base) - base), fromKept);
    }
    this.kept = kept;
    this.keptFrom = keepFrom;
  }
}
