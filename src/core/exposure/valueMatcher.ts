import { DEFAULT_MIN_LENGTH } from '../mask';
import { MatchList, PatternAutomaton } from '../mask/patternAutomaton';

/** A vaulted value to look for. Retired values that are still masked belong here too. */
export interface VaultValue {
  name: string;
  value: string;
}

const utf8 = new TextEncoder();

/**
 * The forms a value takes in a transcript. Transcripts are JSON almost everywhere, so besides the
 * raw value: the inside of a JSON string literal (JSON.stringify's, ASCII-only with `\u` escapes
 * as Python writes, and with `\/` as PHP writes), and that escaped once more, for the tool
 * arguments that transcripts store as JSON inside a JSON string (Codex's `arguments`, Copilot's
 * tool inputs). For most values these forms coincide, and then there is one pattern.
 */
export function transcriptForms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const ascii = escaped.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const slashed = escaped.replace(/\//g, '\\/');
  const twice = JSON.stringify(escaped).slice(1, -1);
  return [...new Set([value, escaped, ascii, slashed, twice])];
}

/**
 * Finds every vaulted value in byte streams in one pass over the bytes, whatever the number of
 * values: the masker's Aho-Corasick DFA (`PatternAutomaton`) over each value's transcript forms.
 *
 * Why not the known-value fingerprints (`detect/knownValues`): they roll a hash over UTF-16 text
 * once per distinct value length, so 100 values of varied lengths cost up to 100 passes, and the
 * bytes would have to be decoded first. The DFA reads raw bytes once, carries its state across
 * chunks (so files stream), and its cost per byte is one table load.
 */
export class ValueMatcher {
  /** Names of values too short to look for without matching innocent text. */
  readonly tooShort: string[] = [];
  readonly names: string[] = [];
  private readonly automaton: PatternAutomaton;
  /**
   * Per pattern, the names whose forms end where it ends: its own and those of patterns that are
   * its suffixes. The DFA reports only the longest pattern ending at a position; every other
   * pattern ending there is a suffix of it, so this closure recovers them all.
   */
  private readonly namesEndingWith: Int32Array[];

  constructor(values: readonly VaultValue[], minLength = DEFAULT_MIN_LENGTH) {
    const patterns: Uint8Array[] = [];
    const owner: number[] = [];
    const seen = new Map<string, number>();
    const nameIndex = new Map<string, number>();
    for (const { name, value } of values) {
      if ([...value].length < minLength) {
        if (!this.tooShort.includes(name)) this.tooShort.push(name);
        continue;
      }
      let n = nameIndex.get(name);
      if (n === undefined) nameIndex.set(name, (n = this.names.push(name) - 1));
      for (const form of transcriptForms(value)) {
        const key = `${n}\0${form}`;
        if (seen.has(key)) continue;
        seen.set(key, patterns.length);
        patterns.push(utf8.encode(form));
        owner.push(n);
      }
    }
    this.automaton = new PatternAutomaton(patterns);
    this.namesEndingWith = patterns.map((p) => {
      const names = new Set<number>();
      patterns.forEach((q, j) => {
        if (q.length <= p.length && endsWith(p, q)) names.add(owner[j]);
      });
      return Int32Array.from(names);
    });
  }

  get patternCount(): number {
    return this.automaton.patterns.length;
  }

  /** A scan of one stream: push its bytes in order, then read the counts. */
  scan(): ValueScan {
    return new ValueScan(this.automaton, this.namesEndingWith, this.names);
  }
}

export class ValueScan {
  private state = 0;
  private readonly found = new MatchList();
  private readonly counts: Float64Array;

  constructor(
    private readonly automaton: PatternAutomaton,
    private readonly namesEndingWith: Int32Array[],
    private readonly names: readonly string[],
  ) {
    this.counts = new Float64Array(names.length);
  }

  push(bytes: Uint8Array): void {
    if (this.automaton.patterns.length === 0) return;
    const found = this.found;
    found.count = 0;
    this.state = this.automaton.scan(bytes, this.state, found);
    for (let i = 0; i < found.count; i++) {
      for (const n of this.namesEndingWith[found.patterns[i]]) this.counts[n]++;
    }
  }

  /** Occurrences so far per name, for the names found at least once. */
  results(): Map<string, number> {
    const out = new Map<string, number>();
    this.counts.forEach((count, n) => {
      if (count > 0) out.set(this.names[n], count);
    });
    return out;
  }
}

function endsWith(p: Uint8Array, q: Uint8Array): boolean {
  const offset = p.length - q.length;
  for (let i = 0; i < q.length; i++) if (p[offset + i] !== q[i]) return false;
  return true;
}
