/**
 * Which keywords occur in a text, in one pass however many rules and keywords there are: an
 * Aho-Corasick automaton over ASCII, letters folded to lower case. Folding ASCII only matches
 * the rules' own patterns: without the `u` flag, `i` never equates a non-ASCII character with
 * an ASCII one. Its alphabet is compressed: each character the keywords have is a class of its
 * own, every other character one class that leads back to the root, so that the transition table
 * (a row per state, a column per class) is a few hundred kilobytes rather than megabytes and stays
 * in the processor's cache while the scan reads every byte. Keywords with other characters are
 * looked up one by one.
 */
/** Texts this long or longer are scanned as two halves at once (shorter ones gain nothing). */
const TWO_STREAMS_FROM = 512;

export class KeywordAutomaton {
  /**
   * `next[(state << shift) | classOf[c]]`: the state after reading character `c`. Two bytes a
   * state keep the table small enough to stay in the processor's second-level cache between files,
   * while reading a file evicts part of it.
   */
  private readonly next: Uint16Array;
  private readonly shift: number;
  /** Each character's class: 0 for every character no keyword has (and above 127, folded or not). */
  private readonly classOf: Uint8Array;
  private readonly outputs: number[][];
  private readonly others: [id: number, keyword: string][] = [];
  private readonly count: number;
  /** Per state: 0 no keyword ends here, 1 only keywords whose positions are not needed, 2 some whose are. */
  private readonly ending: Uint8Array;
  /**
   * A scan's working copies, shared by every scan (a scan runs start to end without yielding) and
   * back to their resting values when it returns: the keywords it found so far, and `ending`
   * with the states it quieted set to 0. A scan of a small file allocates next to nothing.
   */
  private readonly seen: Uint8Array;
  private readonly quiet: Uint8Array;
  private readonly located: boolean[];
  /** The empty keyword, which occurs in every text, kept out of the automaton. */
  private readonly empty: number[] = [];
  /** The length of the longest keyword in the automaton. */
  private readonly longest: number;

  constructor(keywords: readonly string[], located: ReadonlySet<number>) {
    this.count = keywords.length;
    this.located = keywords.map((_, id) => located.has(id));
    this.longest = Math.max(1, ...keywords.map((k) => k.length));
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
    this.classOf = new Uint8Array(256);
    let classes = 1;
    for (const node of children)
      node.forEach((_, c) => {
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      });
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32];
    this.shift = Math.max(1, Math.ceil(Math.log2(classes)));
    const width = 1 << this.shift;
    // Breadth first: each node's failure link and missing transitions come from shorter suffixes.
    // Class 0 always leads back to the root (its column stays 0).
    if (children.length > 0x10000)
      throw new RangeError(`keyword automaton: ${children.length} states, more than a table of two-byte states holds`);
    this.next = new Uint16Array(children.length * width);
    this.outputs = own.map((ids) => [...ids]);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const child = children[0][c];
      if (child === undefined || (c >= 65 && c <= 90)) continue;
      this.next[this.classOf[c]] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.outputs[node].push(...this.outputs[fail[node]].filter((id) => !this.outputs[node].includes(id)));
      for (let c = 0; c < 128; c++) {
        const k = this.classOf[c];
        if (k === 0 || (c >= 65 && c <= 90)) continue;
        const child = children[node][c];
        const viaFailure = this.next[(fail[node] << this.shift) | k];
        if (child === undefined) {
          this.next[(node << this.shift) | k] = viaFailure;
        } else {
          this.next[(node << this.shift) | k] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    this.ending = Uint8Array.from(this.outputs, (ids) => (ids.some((id) => this.located[id]) ? 2 : ids.length ? 1 : 0));
    this.quiet = this.ending.slice();
    this.seen = new Uint8Array(this.count);
  }

  /**
   * `found`: the ids of the keywords that occur in the text, each once, in no particular order;
   * `positions[id]`, for the keywords located that occur, the ascending offsets where it ends
   * (otherwise undefined). `ascii`, when given, is the text as bytes, one per character: reading a
   * byte array is faster than a string.
   */
  scan(text: string, ascii?: Uint8Array): { found: number[]; positions: (number[] | undefined)[] } {
    const found: number[] = [];
    // Lists are made at a keyword's first occurrence: most of the keywords never occur in a file.
    const positions = new Array<number[] | undefined>(this.count);
    const { located, seen, quiet, ending } = this;
    /** States quieted in this scan, restored in `quiet` at its end. */
    const quieted: number[] = [];
    const add = (id: number): void => {
      if (seen[id] === 0) {
        seen[id] = 1;
        found.push(id);
      }
    };
    try {
      let lowered: string | undefined;
      for (const [id, keyword] of this.others) {
        lowered ??= text.toLowerCase();
        if (!lowered.includes(keyword)) continue;
        add(id);
        if (located[id])
          for (let at = lowered.indexOf(keyword); at >= 0; at = lowered.indexOf(keyword, at + 1))
            (positions[id] ??= []).push(at + keyword.length - 1);
      }
      // The empty keyword occurs in every text.
      for (const id of this.empty) add(id);
      const { next, outputs, shift, classOf } = this;
      /** Records the keywords that end at `i` in `row` (a state's row offset), which ends some, with their positions in `into`. */
      const ended = (state: number, i: number, into: (number[] | undefined)[]): void => {
        const end = quiet[state];
        const out = outputs[state];
        for (let k = 0; k < out.length; k++) {
          const id = out[k];
          add(id);
          if (end === 2 && located[id]) (into[id] ??= []).push(i);
        }
        // A state whose keywords are all found and none located is quiet from then on (a `:` in
        // every other line of code costs one visit, not one per occurrence).
        if (end === 1) {
          quiet[state] = 0;
          quieted.push(state);
        }
      };
      if (ascii && ascii.length >= TWO_STREAMS_FROM) {
        // Each step waits on the table load of the step before: two halves of the text scanned in
        // one loop overlap those waits, nearly twice as fast. The second half starts `overlap`
        // characters early (from the root), so that by the first offset it reports its state is
        // what one pass would have: a state stands for at most the last `longest` characters.
        const overlap = this.longest - 1;
        const half = (ascii.length + overlap + 1) >> 1;
        const from = ascii.length - half;
        let later: (number[] | undefined)[] | undefined;
        let first = 0;
        let second = 0;
        for (let i = 0; i < half; i++) {
          first = next[(first << shift) | classOf[ascii[i]]];
          second = next[(second << shift) | classOf[ascii[from + i]]];
          if (quiet[first] !== 0) ended(first, i, positions);
          if (quiet[second] !== 0 && from + i >= half) ended(second, from + i, (later ??= new Array<number[] | undefined>(this.count)));
        }
        // Every offset the first half found lies before every one the second found.
        if (later)
          for (let id = 0; id < later.length; id++) {
            const list = later[id];
            const before = positions[id];
            if (list) positions[id] = before ? before.concat(list) : list;
          }
      } else if (ascii) {
        let state = 0;
        for (let i = 0; i < ascii.length; i++) {
          state = next[(state << shift) | classOf[ascii[i]]];
          if (quiet[state] !== 0) ended(state, i, positions);
        }
      } else {
        let state = 0;
        for (let i = 0; i < text.length; i++) {
          // Above 127 every character is class 0, which leads back to the root.
          const c = text.charCodeAt(i);
          state = next[(state << shift) | (c < 128 ? classOf[c] : 0)];
          if (quiet[state] !== 0) ended(state, i, positions);
        }
      }
      return { found, positions };
    } finally {
      for (const id of found) seen[id] = 0;
      for (const state of quieted) quiet[state] = ending[state];
    }
  }
}
