/**
 * Aho-Corasick over bytes, compiled to a dense DFA so that scanning costs one table load per
 * byte whatever the number of patterns.
 *
 * - Byte classes: every byte that occurs in no pattern shares class 0, so a row has as many
 *   columns as the patterns have distinct bytes, plus one.
 * - States are stored as row offsets (state index × class count), which saves a multiply per byte.
 * - A transition into a state where some pattern ends is stored bitwise-negated, so the scan
 *   loop tests a sign instead of loading a second table.
 */
export class PatternAutomaton {
  private readonly classOf = new Uint16Array(256);
  private readonly classCount: number;
  private readonly table: Int32Array;
  /** Per state: length of the state's string, the longest suffix of the input that begins a pattern. */
  private readonly depth: Int32Array;
  /** Per state: the longest pattern ending here (a suffix of the state's string), or -1. */
  private readonly longestMatch: Int32Array;
  private readonly maxLength: number;
  /**
   * Per state: a pattern of which some suffix of the state's string is a prefix longer than
   * that pattern's hold bound, or -1.
   */
  private readonly overPattern: Int32Array;
  private readonly laneFound = [new MatchList(), new MatchList()];

  /**
   * `bounds[i]` is how many bytes of pattern i a released hold may show; patterns without one
   * (the credential scanner's triggers) never force a token.
   */
  constructor(
    readonly patterns: readonly Uint8Array[],
    bounds: readonly number[] = [],
  ) {
    let classes = 1;
    let maxLength = 1;
    for (const pattern of patterns) {
      if (pattern.length === 0) throw new Error('mask patterns must not be empty');
      maxLength = Math.max(maxLength, pattern.length);
      for (const b of pattern) if (this.classOf[b] === 0) this.classOf[b] = classes++;
    }
    this.classCount = classes;
    this.maxLength = maxLength;
    const states = trieSize(patterns);
    const C = classes;
    // While building, entries are state indices and -1 marks a missing child.
    const table = new Int32Array(states * C).fill(-1);
    const depth = new Int32Array(states);
    const own = new Int32Array(states).fill(-1);
    const nodeBound = new Int32Array(states).fill(0x7fffffff);
    const nodePattern = new Int32Array(states).fill(-1);
    let used = 1;
    patterns.forEach((pattern, id) => {
      const bound = bounds[id] ?? 0x7fffffff;
      let s = 0;
      for (const b of pattern) {
        const at = s * C + this.classOf[b];
        if (table[at] === -1) {
          depth[used] = depth[s] + 1;
          table[at] = used++;
        }
        s = table[at];
        if (bound < nodeBound[s]) {
          nodeBound[s] = bound;
          nodePattern[s] = id;
        }
      }
      if (own[s] === -1) own[s] = id;
    });

    const fail = new Int32Array(states);
    const longest = new Int32Array(states).fill(-1);
    const queue = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < C; c++) {
      const child = table[c];
      if (child === -1) table[c] = 0;
      else {
        longest[child] = own[child];
        queue[tail++] = child;
      }
    }
    while (head < tail) {
      const u = queue[head++];
      const row = u * C;
      const failRow = fail[u] * C;
      for (let c = 0; c < C; c++) {
        const child = table[row + c];
        if (child === -1) {
          table[row + c] = table[failRow + c];
        } else {
          const f = table[failRow + c];
          fail[child] = f;
          longest[child] = own[child] !== -1 ? own[child] : longest[f];
          queue[tail++] = child;
        }
      }
    }
    const over = new Int32Array(states).fill(-1);
    for (let q = 0; q < tail; q++) {
      const u = queue[q];
      over[u] = depth[u] > nodeBound[u] ? nodePattern[u] : over[fail[u]];
    }
    for (let i = 0; i < table.length; i++) {
      const target = table[i];
      table[i] = longest[target] === -1 ? target * C : ~(target * C);
    }
    this.table = table;
    this.depth = depth;
    this.longestMatch = longest;
    this.overPattern = over;
  }

  get stateCount(): number {
    return this.depth.length;
  }

  /** Bytes of transition table, the automaton's memory cost. */
  get tableBytes(): number {
    return this.table.byteLength;
  }

  /** How many trailing bytes of the input scanned so far could still begin a match. */
  depthOf(state: number): number {
    return this.depth[state / this.classCount];
  }

  /**
   * A pattern of which the state's string ends with a prefix longer than its hold bound: the
   * held bytes that a released hold would show. -1 when none.
   */
  overBound(state: number): number {
    return this.overPattern[state / this.classCount];
  }

  /**
   * Runs the DFA over `bytes` from `state` (0 is the start) and returns the state after them.
   * For every position where a pattern ends, appends to `found` the end offset within `bytes`
   * (exclusive) and the longest pattern ending there; shorter ones ending there are its suffixes.
   * Ends are appended in increasing order.
   *
   * A long input is cut into three lanes scanned in one loop: each state depends on the one
   * before, so a single lane waits on every table load, while three overlap their loads. A
   * lane after the first starts from the root `maxLength` bytes early: the state at a position
   * depends only on that many bytes before it, so by the lane's first own byte its state is the
   * true one. Matches it sees while catching up are the previous lane's to report; the others
   * it keeps apart until the lanes before it have reported theirs.
   */
  scan(bytes: Uint8Array, state: number, found: MatchList): number {
    const n = bytes.length;
    const overlap = this.maxLength;
    if (n < 6 * overlap) return this.scanRange(bytes, 0, n, state, found);
    const table = this.table;
    const classOf = this.classOf;
    const lane = Math.floor((n + 2 * overlap) / 3);
    const secondFrom = lane;
    const thirdFrom = 2 * lane - overlap;
    const foundB = this.laneFound[0];
    const foundC = this.laneFound[1];
    foundB.count = foundC.count = 0;
    let a = state;
    let b = 0;
    let c = 0;
    for (let i = 0, j = lane - overlap, k = 2 * lane - 2 * overlap; i < lane; i++, j++, k++) {
      a = table[a + classOf[bytes[i]]];
      b = table[b + classOf[bytes[j]]];
      c = table[c + classOf[bytes[k]]];
      if ((a | b | c) < 0) {
        if (a < 0) {
          a = ~a;
          found.add(i + 1, this.longestMatch[a / this.classCount]);
        }
        if (b < 0) {
          b = ~b;
          if (j >= secondFrom) foundB.add(j + 1, this.longestMatch[b / this.classCount]);
        }
        if (c < 0) {
          c = ~c;
          if (k >= thirdFrom) foundC.add(k + 1, this.longestMatch[c / this.classCount]);
        }
      }
    }
    found.append(foundB);
    found.append(foundC);
    return this.scanRange(bytes, 3 * lane - 2 * overlap, n, c, found);
  }

  private scanRange(bytes: Uint8Array, from: number, to: number, state: number, found: MatchList): number {
    const table = this.table;
    const classOf = this.classOf;
    let s = state;
    for (let i = from; i < to; i++) {
      s = table[s + classOf[bytes[i]]];
      if (s < 0) {
        s = ~s;
        found.add(i + 1, this.longestMatch[s / this.classCount]);
      }
    }
    return s;
  }
}

/**
 * Where patterns ended in a scan: end offsets and pattern indices. Typed and reused between
 * scans, so that output where every byte ends a match makes no garbage.
 */
export class MatchList {
  ends = new Int32Array(64);
  patterns = new Int32Array(64);
  count = 0;

  add(end: number, pattern: number): void {
    if (this.count === this.ends.length) this.reserve(this.count + 1);
    this.ends[this.count] = end;
    this.patterns[this.count++] = pattern;
  }

  append(other: MatchList): void {
    this.reserve(this.count + other.count);
    this.ends.set(other.ends.subarray(0, other.count), this.count);
    this.patterns.set(other.patterns.subarray(0, other.count), this.count);
    this.count += other.count;
  }

  private reserve(size: number): void {
    if (size <= this.ends.length) return;
    const capacity = Math.max(size, 2 * this.ends.length);
    const ends = new Int32Array(capacity);
    const patterns = new Int32Array(capacity);
    ends.set(this.ends);
    patterns.set(this.patterns);
    this.ends = ends;
    this.patterns = patterns;
  }
}

/** Number of trie states, root included: sorted patterns share their common prefixes. */
function trieSize(patterns: readonly Uint8Array[]): number {
  const sorted = [...patterns].sort((a, b) => Buffer.compare(a, b));
  let size = 1;
  sorted.forEach((pattern, i) => {
    const previous = sorted[i - 1];
    let common = 0;
    if (previous) while (common < pattern.length && common < previous.length && pattern[common] === previous[common]) common++;
    size += pattern.length - common;
  });
  return size;
}
