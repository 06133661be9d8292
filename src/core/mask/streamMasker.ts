import { MatchList, PatternAutomaton } from './patternAutomaton';
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
  /**
   * Matches not yet written, because a longer or earlier one may still begin before them:
   * start, end and secret at [i] for head <= i < count, in writing order (start, then longest
   * first). Typed arrays, so that output where every byte matches does not slow to a crawl.
   */
  private starts = new Float64Array(64);
  private ends = new Float64Array(64);
  private owners = new Int32Array(64);
  private head = 0;
  private count = 0;
  /** Secrets with a token in the masked span that ends at `next`; the last of them, to skip the set lookup. */
  private readonly spanNames = new Set<number>();
  private spanLast = -1;
  private readonly found = new MatchList();

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
    this.found.count = 0;
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
    this.found.count = 0;
    this.state = this.automaton.scan(chunk, this.state, this.found);
    this.pos += chunk.length;
    if (this.found.count) this.recordFound(base);
    this.decide(this.pos - this.automaton.depthOf(this.state), chunk, base, write);
  }

  /** Writes out every held byte, masking the matches among them: at end of input, or when the hold times out. */
  flush(write: MaskSink): void {
    this.decide(this.pos, EMPTY, this.pos, write);
  }

  /**
   * Matches arrive by end, so by start they are almost in order: one that starts earlier than the
   * last steps back past fewer than the longest pattern's length of entries (those end later).
   */
  private recordFound(base: number): void {
    const found = this.found;
    this.reserve(found.count);
    const { starts, ends, owners } = this;
    for (let k = 0; k < found.count; k++) {
      const end = base + found.ends[k];
      const pattern = found.patterns[k];
      const start = end - this.patterns[pattern].length;
      const owner = this.patternName[pattern];
      let i = this.count++;
      while (i > this.head && (starts[i - 1] > start || (starts[i - 1] === start && ends[i - 1] < end))) {
        starts[i] = starts[i - 1];
        ends[i] = ends[i - 1];
        owners[i] = owners[i - 1];
        i--;
      }
      starts[i] = start;
      ends[i] = end;
      owners[i] = owner;
    }
  }

  /** Room for `more` pending matches, dropping the written ones first. */
  private reserve(more: number): void {
    const live = this.count - this.head;
    if (this.head) {
      this.starts.copyWithin(0, this.head, this.count);
      this.ends.copyWithin(0, this.head, this.count);
      this.owners.copyWithin(0, this.head, this.count);
      this.head = 0;
      this.count = live;
    }
    if (live + more <= this.starts.length) return;
    const capacity = Math.max(live + more, 2 * this.starts.length);
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => (to.set(from.subarray(0, live)), to);
    this.starts = grow(this.starts, new Float64Array(capacity));
    this.ends = grow(this.ends, new Float64Array(capacity));
    this.owners = grow(this.owners, new Int32Array(capacity));
  }

  /** Writes out bytes and tokens for every position before `cut`, where all matches are known. */
  private decide(cut: number, chunk: Uint8Array, base: number, write: MaskSink): void {
    const copy = (from: number, to: number): void => {
      if (from < base) write(this.kept.subarray(from - this.keptFrom, Math.min(to, base) - this.keptFrom));
      if (to > base) write(chunk.subarray(Math.max(from, base) - base, to - base));
    };
    let p = this.next;
    const { starts, ends, owners } = this;
    let k = this.head;
    for (; k < this.count && starts[k] < cut; k++) {
      const start = starts[k];
      const end = ends[k];
      if (end <= p) continue;
      const owner = owners[k];
      if (start >= p) {
        if (start > p) copy(p, start);
        this.spanNames.clear();
      } else if (owner === this.spanLast || this.spanNames.has(owner)) {
        p = end;
        continue;
      }
      write(this.tokens[owner]);
      this.spanNames.add(owner);
      this.spanLast = owner;
      p = end;
    }
    this.head = k;
    if (p < cut) {
      copy(p, cut);
      p = cut;
      this.spanNames.clear();
      this.spanLast = -1;
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
