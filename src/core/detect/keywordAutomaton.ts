/**
 * Which keywords occur in a text, in one pass however many rules and keywords there are: an
 * Aho-Corasick automaton over ASCII, letters folded to lower case. Folding ASCII only matches
 * the rules' own patterns: without the `u` flag, `i` never equates a non-ASCII character with
 * an ASCII one. Keywords with other characters are looked up one by one.
 */
export class KeywordAutomaton {
  private readonly next: Int32Array;
  private readonly outputs: number[][];
  private readonly others: [id: number, keyword: string][] = [];
  private readonly count: number;
  /** Per state: 0 no keyword ends here, 1 only keywords whose positions are not needed, 2 some whose are. */
  private readonly ending: Uint8Array;
  private readonly located: boolean[];
  /** The empty keyword, which occurs in every text, kept out of the automaton. */
  private readonly empty: number[] = [];

  constructor(keywords: readonly string[], located: ReadonlySet<number>) {
    this.count = keywords.length;
    this.located = keywords.map((_, id) => located.has(id));
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
    // Breadth first: each node's failure link and missing transitions come from shorter suffixes.
    // Rows are 256 wide so that the scan loop needs no branch for a code unit above 127: columns
    // 128-255 go back to the root (as every character outside ASCII does, tested before the lookup).
    this.next = new Int32Array(children.length * 256);
    this.outputs = own.map((ids) => [...ids]);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const child = children[0][c];
      this.next[c] = child ?? 0;
      if (child !== undefined) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.outputs[node].push(...this.outputs[fail[node]].filter((id) => !this.outputs[node].includes(id)));
      for (let c = 0; c < 128; c++) {
        const child = children[node][c];
        const viaFailure = this.next[fail[node] * 256 + c];
        if (child === undefined) {
          this.next[node * 256 + c] = viaFailure;
        } else {
          this.next[node * 256 + c] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    this.ending = Uint8Array.from(this.outputs, (ids) => (ids.some((id) => this.located[id]) ? 2 : ids.length ? 1 : 0));
    // Upper-case letters move as their lower-case ones do: the scan loop then folds nothing.
    for (let node = 0; node < children.length; node++) {
      for (let c = 65; c <= 90; c++) this.next[node * 256 + c] = this.next[node * 256 + c + 32];
    }
  }

  /**
   * `present[id]`: whether keyword `id` occurs in the text; `positions[id]`, for the keywords
   * located that occur, the ascending offsets where it ends (otherwise undefined). `ascii`, when
   * given, is the text as bytes, one per character: reading a byte array is faster than a string.
   */
  scan(text: string, ascii?: Uint8Array): { present: boolean[]; positions: (number[] | undefined)[] } {
    const found = new Array<boolean>(this.count).fill(false);
    // Lists are made at a keyword's first occurrence: most of the keywords never occur in a file.
    const positions = new Array<number[] | undefined>(this.count);
    const { located } = this;
    let lowered: string | undefined;
    for (const [id, keyword] of this.others) {
      lowered ??= text.toLowerCase();
      found[id] = lowered.includes(keyword);
      if (located[id])
        for (let at = lowered.indexOf(keyword); at >= 0; at = lowered.indexOf(keyword, at + 1))
          (positions[id] ??= []).push(at + keyword.length - 1);
    }
    // The empty keyword occurs in every text.
    for (const id of this.empty) found[id] = true;
    const { next, outputs } = this;
    // This scan's copy: a state whose keywords are all found and none located is quiet from then on
    // (a `:` or `key` in every other line of code costs one visit, not one per occurrence).
    const ending = this.ending.slice();
    /** Records the keywords that end at `i` in `state`, which ends some. */
    const ended = (state: number, i: number): void => {
      const end = ending[state];
      const out = outputs[state];
      for (let k = 0; k < out.length; k++) {
        const id = out[k];
        found[id] = true;
        if (end === 2 && located[id]) (positions[id] ??= []).push(i);
      }
      if (end === 1) ending[state] = 0;
    };
    let state = 0;
    if (ascii) {
      for (let i = 0; i < ascii.length; i++) {
        state = next[(state << 8) | ascii[i]];
        if (ending[state] !== 0) ended(state, i);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        // Above 255 the low byte would alias an ASCII column: clamp it to a root-bound one.
        const c = text.charCodeAt(i);
        state = next[(state << 8) | (c < 256 ? c : 255)];
        if (ending[state] !== 0) ended(state, i);
      }
    }
    return { present: found, positions };
  }
}
