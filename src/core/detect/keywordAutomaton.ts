import wasm from './keywordAutomaton.wat';

/**
 * Which keywords occur in a text, in one pass however many rules and keywords there are: an
 * Aho-Corasick automaton over ASCII, letters folded to lower case. Folding ASCII only matches
 * the rules' own patterns: without the `u` flag, `i` never equates a non-ASCII character with
 * an ASCII one. Its alphabet is compressed: each character the keywords have is a class of its
 * own, every other character one class that leads back to the root, so that the transition table
 * (a row per state, a column per class) is a few hundred kilobytes rather than megabytes and stays
 * in the processor's cache while the scan reads every byte. Keywords with other characters are
 * looked up one by one.
 *
 * The byte loop is WebAssembly (keywordAutomaton.wat): the table, `classOf` and `quiet` live in
 * its memory, an ASCII text's bytes are copied in after them, and the loop stops at every state
 * that may end a keyword to note (offset, state) in a hit buffer, which JS reads when it fills or
 * the text ends. A text with other characters is written in as UTF-16 code units, which a loop
 * of its own reads. JIT-compiled JS ran the same loops slower, and each isolate (every scan
 * worker) paid for its compiles and deoptimizations again; the module compiles in well under a
 * millisecond.
 */
/** Texts this long or longer are scanned as two parts at once (shorter ones gain nothing). */
const TWO_STREAMS_FROM = 512;
/** The little of the WebAssembly API used here, which Node has and its types do not declare. */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
/** Compiled once per isolate, on first use: a few hundred bytes. */
let compiled: object | undefined;

/** The module's exports: its functions typed as properties, not methods, since they need no `this`. */
interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  at: { readonly value: number };
  s0: { readonly value: number };
  s1: { readonly value: number };
  setup: (shift: number, classOf: number, quiet: number, hits: number, capacity: number) => void;
  scan1: (p: number, end: number, base: number, s: number) => number;
  scan2: (p: number, end: number, base: number, d: number, all: number, s0: number, s1: number) => number;
  wide1: (p: number, end: number, base: number, s: number) => number;
  wide2: (p: number, end: number, base: number, d: number, all: number, s0: number, s1: number) => number;
}

export interface KeywordAutomatonOptions {
  /** Hits the buffer holds before the loop returns to JS (at least 4); tests make it tiny. */
  hits?: number;
  /** Bytes of text the memory holds before it grows; tests make it tiny. */
  textBytes?: number;
  /** Streams a long text is scanned as: 2, or 1 (tests check the one-stream loops on long texts too). */
  streams?: 1 | 2;
}

export class KeywordAutomaton {
  private readonly exports: Exports;
  /**
   * The module's memory holds, from address 0: the table, `next[(state << shift) | classOf[c]]`
   * the state after reading character `c` (two bytes a state keep it small enough to stay in the
   * processor's second-level cache between files, while reading a file evicts part of it); each
   * character's class, 0 for every character no keyword has (and above 127, folded or not);
   * `quiet`; the hit buffer; the text. Its views are made again whenever it grows.
   */
  private memory!: Buffer;
  private hitList!: Int32Array;
  /** Where `classOf`, `quiet`, the hit buffer and the text start in the memory. */
  private readonly classAt: number;
  private readonly quietAt: number;
  private readonly hitsAt: number;
  private readonly textAt: number;
  private readonly streams: 1 | 2;
  private readonly outputs: number[][];
  private readonly others: [id: number, keyword: string][] = [];
  private readonly count: number;
  /** Per state: 0 no keyword ends here, 1 only keywords whose positions are not needed, 2 some whose are. */
  private readonly ending: Uint8Array;
  /**
   * A scan's working copies, shared by every scan (a scan runs start to end without yielding) and
   * back to their resting values when it returns: the keywords it found so far, `quiet` (in the
   * module's memory) as `ending` with the states it quieted set to 0, the states it quieted, and
   * its result. A scan of a small file allocates next to nothing.
   */
  private readonly seen: Uint8Array;
  private quiet!: Uint8Array;
  private readonly quieted: number[] = [];
  private found: number[] = [];
  private positions: Map<number, number[]> | undefined;
  /**
   * Offsets from this one on belong to the second stream, whose hits arrive interleaved with the
   * first's: their (id, offset) pairs wait in `deferred` until the loop is done.
   */
  private deferFrom = Infinity;
  private deferred = new Int32Array(256);
  private deferCount = 0;
  private readonly located: boolean[];
  /** The empty keyword, which occurs in every text, kept out of the automaton. */
  private readonly empty: number[] = [];
  /** The length of the longest keyword in the automaton. */
  private readonly longest: number;

  constructor(keywords: readonly string[], located: ReadonlySet<number>, options: KeywordAutomatonOptions = {}) {
    this.count = keywords.length;
    this.located = keywords.map((_, id) => located.has(id));
    this.longest = Math.max(1, ...keywords.map((k) => k.length));
    this.streams = options.streams ?? 2;
    const children: number[][] = [[]];
    const own: number[][] = [[]];
    keywords.forEach((keyword, id) => {
      if (!keyword) {
        this.empty.push(id);
        return;
      }
      if (/[^\x00-\x7f]/.test(keyword)) {
        this.others.push([id, keyword]);
        return;
      }
      let node = 0;
      for (const ch of keyword) {
        const c = ch.charCodeAt(0);
        if (children[node][c] === undefined) {
          children[node][c] = children.length;
          children.push([]);
          own.push([]);
        }
        node = children[node][c];
      }
      own[node].push(id);
    });
    // Classes: one per (lower-case) character the keywords have; upper-case letters share their
    // lower-case letter's class, so the scan loop folds nothing.
    const classOf = new Uint8Array(256);
    let classes = 1;
    for (const node of children)
      node.forEach((_, c) => {
        if (classOf[c] === 0) classOf[c] = classes++;
      });
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32];
    const shift = Math.max(1, Math.ceil(Math.log2(classes)));
    const width = 1 << shift;
    // Breadth first: each node's failure link and missing transitions come from shorter suffixes.
    // Class 0 always leads back to the root (its column stays 0).
    if (children.length > 0x10000)
      throw new RangeError(`keyword automaton: ${children.length} states, more than a table of two-byte states holds`);
    const next = new Uint16Array(children.length * width);
    this.outputs = own.map((ids) => [...ids]);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const child = children[0][c];
      if (child === undefined || (c >= 65 && c <= 90)) continue;
      next[classOf[c]] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.outputs[node].push(...this.outputs[fail[node]].filter((id) => !this.outputs[node].includes(id)));
      for (let c = 0; c < 128; c++) {
        const k = classOf[c];
        if (k === 0 || (c >= 65 && c <= 90)) continue;
        const child = children[node][c];
        const viaFailure = next[(fail[node] << shift) | k];
        if (child === undefined) {
          next[(node << shift) | k] = viaFailure;
        } else {
          next[(node << shift) | k] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    this.ending = Uint8Array.from(this.outputs, (ids) => (ids.some((id) => this.located[id]) ? 2 : ids.length ? 1 : 0));
    this.seen = new Uint8Array(this.count);
    // The memory: table, classOf, quiet, hit buffer (8 bytes a hit), text.
    const capacity = Math.max(4, options.hits ?? 4096);
    this.classAt = next.byteLength;
    this.quietAt = this.classAt + 256;
    this.hitsAt = (this.quietAt + children.length + 7) & ~7;
    this.textAt = this.hitsAt + capacity * 8;
    this.exports = new WebAssembly.Instance((compiled ??= new WebAssembly.Module(wasm))).exports as Exports;
    this.reserve(options.textBytes ?? 1 << 20);
    this.views();
    new Uint16Array(this.exports.memory.buffer, 0, next.length).set(next);
    this.memory.set(classOf, this.classAt);
    this.memory.set(this.ending, this.quietAt);
    this.exports.setup(shift, this.classAt, this.quietAt, this.hitsAt, capacity);
  }

  /** Grows the memory to hold a text of `length` bytes after the hit buffer. */
  private reserve(length: number): void {
    const { memory } = this.exports;
    const short = this.textAt + length - memory.buffer.byteLength;
    if (short <= 0) return;
    memory.grow(Math.ceil(short / 65536));
    this.views();
  }

  /** The views of the memory: a grown memory has a new buffer, and the old views are empty. */
  private views(): void {
    const { buffer } = this.exports.memory;
    this.memory = Buffer.from(buffer);
    this.quiet = this.memory.subarray(this.quietAt, this.quietAt + this.ending.length);
    this.hitList = new Int32Array(buffer, this.hitsAt, (this.textAt - this.hitsAt) >> 2);
  }

  /**
   * `found`: the ids of the keywords that occur in the text, each once, in no particular order;
   * `positions.get(id)`, for the keywords located that occur, the ascending offsets where it ends
   * (otherwise undefined). `ascii`, when given, is the text as bytes, one per character: the
   * WebAssembly loop reads those.
   */
  scan(text: string, ascii?: Uint8Array): { found: number[]; positions: ReadonlyMap<number, number[]> } {
    const found: number[] = [];
    this.found = found;
    const { located, seen, quieted } = this;
    try {
      let lowered: string | undefined;
      for (const [id, keyword] of this.others) {
        lowered ??= text.toLowerCase();
        if (!lowered.includes(keyword)) continue;
        this.add(id);
        if (located[id])
          for (let at = lowered.indexOf(keyword); at >= 0; at = lowered.indexOf(keyword, at + 1)) this.locate(id, at + keyword.length - 1);
      }
      // The empty keyword occurs in every text.
      for (const id of this.empty) this.add(id);
      if (ascii) {
        this.reserve(ascii.length);
        this.memory.set(ascii, this.textAt);
        this.scanMemory(ascii.length, 1);
      } else {
        this.reserve(text.length * 2);
        this.memory.write(text, this.textAt, 'utf16le');
        this.scanMemory(text.length, 2);
      }
      return { found, positions: this.positions ?? NONE };
    } finally {
      for (const id of found) seen[id] = 0;
      const { quiet, ending } = this;
      for (const state of quieted) quiet[state] = ending[state];
      quieted.length = 0;
      this.positions = undefined;
      this.deferFrom = Infinity;
      this.deferCount = 0;
    }
  }

  private add(id: number): void {
    if (this.seen[id] === 0) {
      this.seen[id] = 1;
      this.found.push(id);
    }
  }

  private locate(id: number, at: number): void {
    if (at >= this.deferFrom) {
      if (this.deferCount === this.deferred.length) {
        const grown = new Int32Array(this.deferred.length * 2);
        grown.set(this.deferred);
        this.deferred = grown;
      }
      this.deferred[this.deferCount++] = id;
      this.deferred[this.deferCount++] = at;
      return;
    }
    const positions = (this.positions ??= new Map<number, number[]>());
    const list = positions.get(id);
    if (list) list.push(at);
    else positions.set(id, [at]);
  }

  /** Records the keywords that end at offset `at` in `state`, which may end some. */
  private ended(state: number, at: number): void {
    const end = this.quiet[state];
    // Quieted since the loop recorded the hit.
    if (end === 0) return;
    const out = this.outputs[state];
    for (let k = 0; k < out.length; k++) {
      const id = out[k];
      this.add(id);
      if (end === 2 && this.located[id]) this.locate(id, at);
    }
    // A state whose keywords are all found and none located is quiet from then on (a `:` in
    // every other line of code costs one visit, not one per occurrence).
    if (end === 1) {
      this.quiet[state] = 0;
      this.quieted.push(state);
    }
  }

  /** The hits a call of the loop recorded. */
  private drain(hits: number): void {
    const list = this.hitList;
    for (let h = 0; h < hits * 2; h += 2) this.ended(list[h + 1], list[h]);
  }

  /**
   * Scans the text written after the hit buffer: `length` characters of `unit` bytes each, ASCII
   * bytes or UTF-16 code units (a text with other characters, which JS writes as fast as it copies).
   */
  private scanMemory(length: number, unit: 1 | 2): void {
    const { exports, textAt: base } = this;
    // Streams need parts longer than the longest keyword. Four streams measured no faster than two.
    const streams = length < TWO_STREAMS_FROM || length < 4 * this.longest ? 1 : this.streams;
    if (streams === 1) {
      const end = base + length * unit;
      const scan1 = unit === 1 ? exports.scan1 : exports.wide1;
      for (let p = base, s = 0; p < end; p = exports.at.value, s = exports.s0.value) this.drain(scan1(p, end, base, s));
      return;
    }
    // Each step waits on the table load of the step before: streams over parts of the text, in
    // one loop, overlap those waits. Stream j reads `span` characters from `j * d`, from the root,
    // and reports only its last `d`: the `overlap` characters before them bring it to the state
    // one pass would have there (a state stands for at most the last `longest` characters).
    // Stream 0 reports all it reads, so together they report every offset once.
    const overlap = this.longest - 1;
    const d = Math.floor((length - overlap) / streams);
    const span = length - (streams - 1) * d;
    const warm = base + (span - d) * unit;
    const end = base + span * unit;
    const scan2 = unit === 1 ? exports.scan2 : exports.wide2;
    this.deferFrom = span;
    let s0 = 0;
    let s1 = 0;
    for (let p = base; p < end;) {
      const stop = p < warm ? warm : end;
      const all = p < warm ? 0 : -1;
      this.drain(scan2(p, stop, base, d * unit, all, s0, s1));
      p = exports.at.value;
      s0 = exports.s0.value;
      s1 = exports.s1.value;
    }
    // The second stream's positions, in the order it found them, after the first's: each list ascending.
    const { deferred, deferCount } = this;
    this.deferFrom = Infinity;
    for (let k = 0; k < deferCount; k += 2) this.locate(deferred[k], deferred[k + 1]);
  }
}

const NONE: ReadonlyMap<number, number[]> = new Map();
