import { type CaughtCredential, CredentialScanner, LOOKBEHIND, TRIGGERS, type ViewCredential } from './credentialScanner';
import { MatchList, PatternAutomaton } from './patternAutomaton';
import { StreamView } from './streamView';
import { maskVariants, normalisedForms, valueLength } from './variants';
import { DEFAULT_MIN_LENGTH, DEFAULT_TOKEN } from './maskDefaults';

export interface MaskSecret {
  readonly name: string;
  readonly value: string | Uint8Array;
  /** This secret's own mask token, instead of the masker's template (`[masked env:PORT]`). */
  readonly token?: string;
}

export interface MaskerOptions {
  /** Values shorter than this (characters, or bytes for binary values) are not masked. Default 6. */
  minLength?: number;
  /** What replaces a match: a function of the secret's name, or a template where `{name}` stands for it. */
  token?: string | ((name: string) => string);
  /** Also mask credentials nobody stored, recognised by the detector's rules, as `[masked secret:KIND]`. */
  detectCredentials?: boolean;
  /** Receives each credential the scanner masked; called synchronously, before its token is written. */
  onCredential?: (credential: CaughtCredential) => void;
  /**
   * Also mask every run of RUN_LIMIT + 1 bytes of a value (default true): right for live output,
   * where a fragment is part of a leak. False for rewriting text at rest, where only whole values
   * and their renderings are replaced and a fragment shared with innocent text must survive.
   */
  partialRuns?: boolean;
}

/** How many bytes of a pattern a released hold may show: `min(8, a quarter of it)`. */
export function holdBound(patternLength: number): number {
  return Math.min(8, Math.floor(patternLength / 4));
}

/** Receives masked output in order. A part may share memory with the pushed chunk; do not modify it. */
export type MaskSink = (bytes: Uint8Array) => void;

const EMPTY = new Uint8Array(0);
const NO_BOUND = 0x7fffffff;
const PIECE_BYTES = 1 << 16;
const LF = Uint8Array.of(0x0a);
const CRLF = Uint8Array.of(0x0d, 0x0a);
/** View bytes kept for `addSecrets` to rescan and for the credential scanner's context. */
const TAIL_BYTES = 256 + LOOKBEHIND;
/**
 * The longest run of a stored value's raw bytes that is ever shown: every run of RUN_LIMIT + 1
 * consecutive bytes of the value is a pattern too, so a value cut short (`head -c` in the
 * middle of a token), a substring of it, or a prefix that stops matching is masked as well.
 */
const RUN_LIMIT = 8;
const utf8 = new TextEncoder();

/**
 * Masks every variant of every secret in a byte stream, matched against its normalised view
 * (see StreamView: colours removed, wrapped encodings joined, dumps decoded).
 *
 * Output for a run of overlapping matches: taken in order of start, longest first, a match
 * contained in the masked span adds nothing, and one that reaches past it extends the span
 * and adds its token unless its secret already has one in the span. So a secret that is the
 * prefix of another shows as the longer one, overlapping secrets show both tokens, and a
 * secret repeated back to back shows once per occurrence. The CSI sequences and line breaks
 * that the view dropped inside a span are written after its token.
 *
 * Streaming: the automaton's depth says how many trailing view bytes could still begin a
 * match; those, bytes the view has not decided yet, and an open credential candidate are held.
 * Every byte before them is final, so the output of any split of the input into chunks equals
 * one-shot masking. `release()` writes held bytes early (the hold timer) without showing more
 * of any secret than `holdBound`; `flush()` ends the input.
 *
 * Positions are absolute byte offsets in the stream, or in the view where named so.
 */
export class StreamMasker {
  private readonly minLength: number;
  private readonly partialRuns: boolean;
  private readonly tokenFor: (name: string) => string;
  private readonly nameIndex = new Map<string, number>();
  private readonly tokens: Uint8Array[] = [];
  private readonly patterns: Uint8Array[] = [];
  /** Owner of each pattern: a token index, or -1 - i for credential trigger i. */
  private readonly patternName: number[] = [];
  private readonly bounds: number[] = [];
  private readonly seenPatterns = new Set<string>();
  private readonly skippedNames = new Set<string>();
  private readonly credentialTokens = new Map<string, number>();
  private readonly credentialOwners = new Set<number>();
  private readonly scanner: CredentialScanner | undefined;
  private readonly onCredential: ((credential: CaughtCredential) => void) | undefined;
  private readonly view = new StreamView();
  private automaton: PatternAutomaton;
  private state = 0;
  /** Bytes pushed so far. */
  private pos = 0;
  /** First byte neither written out nor covered by a token: held bytes are [next, pos). */
  private next = 0;
  /** Kept bytes [keptFrom, pos): the held ones. */
  private keptFrom = 0;
  private kept: Uint8Array = EMPTY;
  /** The last view bytes, for a new automaton to rescan and for credential context. */
  private viewTail: Uint8Array = EMPTY;
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
  private readonly triggerEnds: number[] = [];
  private readonly triggerIds: number[] = [];
  private tokensWritten = 0;
  /** The stored secret's name of each token id (undefined for caught credentials), and how often each token was written. */
  private readonly tokenNames: (string | undefined)[] = [];
  private readonly tokenCounts: number[] = [];
  /** The stored value that a released hold wrote at an open candidate's start: the candidate is that value when it closes. */
  private releasedStored = { start: -1, end: -1 };

  constructor(secrets: readonly MaskSecret[] = [], options: MaskerOptions = {}) {
    this.minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
    this.partialRuns = options.partialRuns ?? true;
    const token = options.token ?? DEFAULT_TOKEN;
    this.tokenFor = typeof token === 'function' ? token : (name) => token.split('{name}').join(name);
    if (options.detectCredentials) {
      this.scanner = new CredentialScanner();
      this.onCredential = options.onCredential;
      TRIGGERS.forEach((trigger, i) => {
        this.patterns.push(trigger.bytes);
        this.patternName.push(-1 - i);
        this.bounds.push(NO_BOUND);
      });
    }
    this.automaton = new PatternAutomaton(this.patterns, this.bounds);
    this.addSecrets(secrets);
  }

  /** Names whose values are too short to mask, for a one-time warning. */
  get skipped(): readonly string[] {
    return [...this.skippedNames];
  }

  /** Mask tokens written so far (secrets and caught credentials). */
  get maskedCount(): number {
    return this.tokensWritten;
  }

  /** How many tokens were written per stored secret's name (caught credentials not included). */
  get maskedNames(): Map<string, number> {
    const counts = new Map<string, number>();
    this.tokenNames.forEach((name, id) => {
      if (name !== undefined && this.tokenCounts[id]) counts.set(name, (counts.get(name) ?? 0) + this.tokenCounts[id]);
    });
    return counts;
  }

  /** Bytes held back because they could begin a secret or a credential. */
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
   * The view bytes still held are scanned again by the new automaton, so a new secret that
   * began in them is caught too; bytes already written cannot be.
   */
  addSecrets(secrets: readonly MaskSecret[]): void {
    let added = false;
    for (const secret of secrets) {
      const { name, value } = secret;
      if (valueLength(value) < this.minLength) {
        this.skippedNames.add(name);
        continue;
      }
      const token = secret.token ?? this.tokenFor(name);
      const key = `${name}\u0000${token}`;
      let id = this.nameIndex.get(key);
      if (id === undefined) {
        id = this.tokens.push(utf8.encode(token)) - 1;
        this.tokenNames[id] = name;
        this.nameIndex.set(key, id);
      }
      const add = (form: Uint8Array, bound: number): void => {
        if (form.length < this.minLength) return;
        const seen = Buffer.from(form.buffer, form.byteOffset, form.length).toString('latin1');
        if (this.seenPatterns.has(seen)) return;
        this.seenPatterns.add(seen);
        this.patterns.push(form);
        this.patternName.push(id);
        this.bounds.push(bound);
        added = true;
      };
      for (const variant of maskVariants(value)) {
        for (const form of normalisedForms(variant)) add(form, holdBound(form.length));
      }
      // Runs never end a hold early: a held run shorter than a whole form is the hold bound's to judge.
      const run = Math.max(RUN_LIMIT + 1, this.minLength);
      for (const line of this.partialRuns ? rawLines(value) : []) {
        for (let at = 0; at + run <= line.length && line.length > run; at++) add(line.subarray(at, at + run), NO_BOUND);
      }
    }
    if (!added) return;
    this.automaton = new PatternAutomaton(this.patterns, this.bounds);
    this.found.count = 0;
    const tailBase = this.view.length - this.viewTail.length;
    this.state = this.automaton.scan(this.viewTail, 0, this.found);
    if (this.scanner) this.found.count = this.dropTriggers(tailBase);
    this.recordFound(tailBase);
  }

  /**
   * Masks the next chunk and gives `write` what can be written now, in parts: the output is
   * never copied into one buffer, so that throughput stays that of the scan.
   */
  push(chunk: Uint8Array, write: MaskSink): void {
    // Pending matches and caught credentials are kept in order per piece: bounded pieces keep
    // that work linear however large a chunk a caller hands over at once.
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) this.pushPiece(chunk.subarray(at, at + PIECE_BYTES), write);
  }

  private pushPiece(chunk: Uint8Array, write: MaskSink): void {
    const base = this.pos;
    this.pos += chunk.length;
    this.currentChunk = chunk;
    this.currentBase = base;
    this.scanView(this.view.feed(chunk, base), false);
    this.decide(this.holdPoint(), chunk, base, write);
  }

  /**
   * The hold timer expired: writes out the held bytes, masking the matches among them. Where
   * the held run is a prefix of a secret longer than that secret's bound (counting what earlier
   * releases showed), it writes the secret's token instead and treats the span as masked, so
   * that the rest of the secret adds nothing when it arrives. An open credential candidate is
   * treated alike. A line that began like a dump line is text from then on, unless what arrived
   * of it already reads as one: then it stays held until its end (at most 120 bytes).
   */
  release(write: MaskSink): void {
    const abandoned = this.view.abandonDumpLine();
    if (abandoned.length) this.scanView(abandoned, false);
    const limit = Math.min(this.pos, this.view.releasableTo);
    const depth = this.automaton.depthOf(this.state);
    const over = this.automaton.overBound(this.state);
    let prefixFrom = Infinity;
    let owner = -1;
    if (over >= 0 && this.patternName[over] >= 0) {
      prefixFrom = this.view.streamStart(this.view.length - depth);
      owner = this.patternName[over];
    }
    const candidate = this.scanner?.openCandidate;
    if (candidate) {
      const start = this.view.streamStart(this.scanner.holdFrom);
      // A candidate that begins as a stored value's match is that value: it shows as the value's
      // token, and only what it holds past the match is unknown.
      const from = this.pastStoredMatches(start);
      const unknown = from > start ? this.pos - from : candidate.secretFrom === Infinity ? 0 : this.view.length - candidate.secretFrom;
      if (from > start) this.releasedStored = { start, end: from };
      // A candidate masked by an earlier release goes on being swallowed until it closes.
      if (candidate.masked || unknown > 8) {
        if (from < prefixFrom) {
          prefixFrom = from;
          owner = this.credentialOwner(candidate.kind);
        }
        this.scanner.markMasked();
      }
    }
    if (owner < 0 || prefixFrom >= limit) return this.decide(limit, EMPTY, this.pos, write);
    // Held bytes that begin after everything written begin a span of their own, as a match that
    // begins there does: a span an earlier release wrote ended with that release.
    const newSpan = prefixFrom >= this.next;
    this.decide(prefixFrom, EMPTY, this.pos, write);
    const from = this.next;
    if (from >= limit) return;
    if (newSpan) this.spanNames.clear();
    if (!this.spanNames.has(owner)) this.writeToken(owner, write);
    this.spanNames.add(owner);
    this.spanLast = owner;
    this.writeGaps(from, limit, write);
    this.next = limit;
    this.keep(this.keepFrom(limit), EMPTY, this.pos);
  }

  /** Bytes from `next` on are kept, and an open credential candidate's, whose value may be handed over. */
  private keepFrom(next: number): number {
    const candidate = this.scanner?.holdFrom ?? Infinity;
    return candidate === Infinity ? next : Math.min(next, Math.max(this.keptFrom, this.view.streamStart(candidate)));
  }

  /** Writes out every held byte, masking the matches among them: at end of input. */
  flush(write: MaskSink): void {
    this.scanView(this.view.finish(), true);
    this.decide(this.pos, EMPTY, this.pos, write);
  }

  /** Scans new view bytes: records matches in stream offsets, runs the credential scanner. */
  private scanView(view: Uint8Array, final: boolean): void {
    const viewBase = this.view.length - view.length;
    this.found.count = 0;
    this.triggerEnds.length = this.triggerIds.length = 0;
    if (view.length) this.state = this.automaton.scan(view, this.state, this.found);
    if (this.found.count) {
      if (this.scanner) this.found.count = this.dropTriggers(viewBase);
      this.recordFound(viewBase);
    }
    if (this.scanner && (this.triggerEnds.length || this.scanner.holdFrom !== Infinity || final)) {
      const caught = this.scanner.scan(view, viewBase, this.viewTail, this.triggerEnds, this.triggerIds, this.view, final);
      for (const c of caught) this.recordCredential(c);
    }
    this.updateTail(view);
    const depthFrom = this.view.length - this.automaton.depthOf(this.state);
    this.view.prune(Math.min(depthFrom, this.view.length - this.viewTail.length, this.scanner?.holdFrom ?? Infinity), this.next);
  }

  /** Moves trigger hits out of `found` into the trigger lists; returns how many matches stay. */
  private dropTriggers(viewBase: number): number {
    const found = this.found;
    let kept = 0;
    for (let k = 0; k < found.count; k++) {
      const owner = this.patternName[found.patterns[k]];
      if (owner < 0) {
        this.triggerEnds.push(viewBase + found.ends[k]);
        this.triggerIds.push(-1 - owner);
      } else {
        found.ends[kept] = found.ends[k];
        found.patterns[kept++] = found.patterns[k];
      }
    }
    return kept;
  }

  /** Keeps the last view bytes: the credential scanner's context, and what a new automaton rescans. */
  private updateTail(view: Uint8Array): void {
    const want = TAIL_BYTES;
    if (view.length >= want) this.viewTail = view.slice(view.length - want);
    else if (view.length) {
      const keep = Math.min(this.viewTail.length, want - view.length);
      const tail = new Uint8Array(keep + view.length);
      tail.set(this.viewTail.subarray(this.viewTail.length - keep));
      tail.set(view, keep);
      this.viewTail = tail;
    }
  }

  /** The first byte that must stay held: where a match could still begin. */
  private holdPoint(): number {
    const depth = this.automaton.depthOf(this.state);
    let cut = this.view.undecidedFrom;
    if (depth > 0) cut = Math.min(cut, this.view.streamStart(this.view.length - depth));
    const candidate = this.scanner?.holdFrom ?? Infinity;
    if (candidate !== Infinity) cut = Math.min(cut, this.view.streamStart(candidate));
    return cut;
  }

  private credentialOwner(kind: string): number {
    let id = this.credentialTokens.get(kind);
    if (id === undefined) {
      id = this.tokens.push(utf8.encode(`[masked secret:${kind}]`)) - 1;
      this.credentialTokens.set(kind, id);
      this.credentialOwners.add(id);
    }
    return id;
  }

  /**
   * Stored values win: a credential that lies within a stored value's match is that value. It
   * shows as the stored value's token and is never handed over as a credential nobody stored.
   */
  private recordCredential(c: ViewCredential): void {
    const start = this.view.streamStart(c.start);
    const end = this.view.streamEnd(c.end);
    if (this.storedMatchCovers(start, end)) return;
    // A candidate that a released hold masked already shows its (provisional) token: one is enough.
    const shownAs = start < this.next && this.credentialOwners.has(this.spanLast) ? this.spanLast : -1;
    this.insert(start, end, shownAs >= 0 ? shownAs : this.credentialOwner(c.kind));
    if (c.caught && this.onCredential)
      this.onCredential({
        kind: c.kind,
        title: c.caught.title,
        value: this.shownValue(start, end, c.caught.value),
        suggestedName: c.caught.suggestedName,
      });
  }

  /**
   * Whether a match of a stored value (not a caught credential) spans [start, end). Such a match
   * is still pending when the credential closes (the automaton's depth holds a stored value until
   * the byte after it, and the open candidate holds output from its trigger on), unless a
   * released hold wrote it.
   */
  private storedMatchCovers(start: number, end: number): boolean {
    if (this.releasedStored.start <= start && this.releasedStored.end >= end) return true;
    for (let k = this.head; k < this.count && this.starts[k] <= start; k++) {
      if (this.ends[k] >= end && !this.credentialOwners.has(this.owners[k])) return true;
    }
    return false;
  }

  /** The end of the pending stored-value matches that cover stream offset `at` and those that follow on, or `at`. */
  private pastStoredMatches(at: number): number {
    for (let k = this.head; k < this.count && this.starts[k] <= at; k++) {
      if (this.ends[k] > at && !this.credentialOwners.has(this.owners[k])) at = this.ends[k];
    }
    return at;
  }

  /**
   * The caught value as the output wrote it, line breaks included, without the colour codes the
   * view dropped; the view's text where the output was a dump (its stream text is not the value).
   */
  private shownValue(start: number, end: number, viewValue: string): string {
    if (start < this.keptFrom) return viewValue;
    const parts: Uint8Array[] = [];
    let at = start;
    this.view.gapsIn(start, end, (gapStart, gapEnd) => {
      const gap = Buffer.concat(this.bytesOf(gapStart, gapEnd));
      if (gap[0] !== 0x1b) return;
      parts.push(...this.bytesOf(at, gapStart));
      at = gapEnd;
    });
    parts.push(...this.bytesOf(at, end));
    const shown = Buffer.concat(parts).toString('utf8');
    return shown.replace(/\r?\n/g, '') === viewValue.replace(/\r?\n/g, '') ? shown : viewValue;
  }

  /**
   * Matches arrive by end, so by start they are almost in order: one that starts earlier than the
   * last steps back past fewer than the longest pattern's length of entries (those end later).
   */
  private recordFound(viewBase: number): void {
    const found = this.found;
    this.reserve(found.count);
    for (let k = 0; k < found.count; k++) {
      const viewEnd = viewBase + found.ends[k];
      const pattern = found.patterns[k];
      const start = this.view.streamStart(viewEnd - this.patterns[pattern].length);
      this.insert(start, this.view.streamEnd(viewEnd), this.patternName[pattern]);
    }
  }

  private insert(start: number, end: number, owner: number): void {
    this.reserve(1);
    const { starts, ends, owners } = this;
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

  /** Room for `more` pending matches, dropping the written ones first. */
  private reserve(more: number): void {
    const live = this.count - this.head;
    if (this.head && live + more > this.starts.length - this.head) {
      this.starts.copyWithin(0, this.head, this.count);
      this.ends.copyWithin(0, this.head, this.count);
      this.owners.copyWithin(0, this.head, this.count);
      this.head = 0;
      this.count = live;
    }
    if (this.count + more <= this.starts.length) return;
    const capacity = Math.max(live + more, 2 * this.starts.length);
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => (to.set(from.subarray(0, this.count)), to);
    this.starts = grow(this.starts, new Float64Array(capacity));
    this.ends = grow(this.ends, new Float64Array(capacity));
    this.owners = grow(this.owners, new Int32Array(capacity));
  }

  private writeToken(owner: number, write: MaskSink): void {
    write(this.tokens[owner]);
    this.tokensWritten++;
    this.tokenCounts[owner] = (this.tokenCounts[owner] ?? 0) + 1;
  }

  /**
   * Writes after a token what [from, to) held besides the secret: the CSI sequences the view
   * dropped, and every line break, so that colours and line structure survive.
   */
  private writeGaps(from: number, to: number, write: MaskSink): void {
    if (!this.view.hasGapBefore(to)) return this.writeBreaks(from, to, write);
    let at = from;
    this.view.gapsIn(from, to, (start, end) => {
      this.writeBreaks(at, start, write);
      this.copyOut(start, end, this.currentChunk, this.currentBase, write);
      at = end;
    });
    this.writeBreaks(at, to, write);
  }

  private writeBreaks(from: number, to: number, write: MaskSink): void {
    // Spans are short and, in the worst case, one per byte: index the bytes, allocate nothing.
    const base = this.currentBase;
    const chunk = this.currentChunk;
    const kept = this.kept;
    let previous = -1;
    for (let at = from; at < to; at++) {
      const b = at < base ? kept[at - this.keptFrom] : chunk[at - base];
      if (b === 0x0a) write(previous === 0x0d ? CRLF : LF);
      previous = b;
    }
  }

  /** The stream bytes [from, to), from the kept bytes and the current chunk. */
  private bytesOf(from: number, to: number): Uint8Array[] {
    const parts: Uint8Array[] = [];
    const base = this.currentBase;
    if (from < base) parts.push(this.kept.subarray(from - this.keptFrom, Math.min(to, base) - this.keptFrom));
    if (to > base) parts.push(this.currentChunk.subarray(Math.max(from, base) - base, to - base));
    return parts;
  }

  private currentChunk: Uint8Array = EMPTY;
  private currentBase = 0;

  private copyOut(from: number, to: number, chunk: Uint8Array, base: number, write: MaskSink): void {
    if (from < base) write(this.kept.subarray(from - this.keptFrom, Math.min(to, base) - this.keptFrom));
    if (to > base) write(chunk.subarray(Math.max(from, base) - base, to - base));
  }

  /** Writes out bytes and tokens for every position before `cut`, where all matches are known. */
  private decide(cut: number, chunk: Uint8Array, base: number, write: MaskSink): void {
    this.currentChunk = chunk;
    this.currentBase = base;
    let p = this.next;
    const { starts, ends, owners } = this;
    let k = this.head;
    for (; k < this.count && starts[k] < cut; k++) {
      const start = starts[k];
      const end = ends[k];
      if (end <= p) continue;
      const owner = owners[k];
      if (start >= p) {
        if (start > p) this.copyOut(p, start, chunk, base, write);
        this.spanNames.clear();
        p = start;
      } else if (owner === this.spanLast || this.spanNames.has(owner)) {
        this.writeGaps(p, end, write);
        p = end;
        continue;
      }
      this.writeToken(owner, write);
      this.spanNames.add(owner);
      this.spanLast = owner;
      this.writeGaps(p, end, write);
      p = end;
    }
    this.head = k;
    if (p < cut) {
      this.copyOut(p, cut, chunk, base, write);
      p = cut;
      this.spanNames.clear();
      this.spanLast = -1;
    }
    this.next = p;
    this.keep(this.keepFrom(p), chunk, base);
    this.currentChunk = EMPTY;
    this.currentBase = this.pos;
  }

  /** Keeps the stream bytes from `from` on, which later tokens, gaps or copies may need. */
  private keep(from: number, chunk: Uint8Array, base: number): void {
    const kept = new Uint8Array(this.pos - from);
    if (kept.length) {
      const fromKept = Math.max(0, base - from);
      if (fromKept) kept.set(this.kept.subarray(from - this.keptFrom, base - this.keptFrom));
      kept.set(chunk.subarray(Math.max(from, base) - base), fromKept);
    }
    this.kept = kept;
    this.keptFrom = from;
  }
}

/** PEM armour is boilerplate shared by every key: its runs would mask innocent text. */
const PEM_ARMOUR = /^\s*-----(?:BEGIN|END) [A-Z0-9 ]+-----\s*$/;

/** The value's bytes line by line, without the line breaks or PEM armour: the runs that `RUN_LIMIT` covers. */
function rawLines(value: string | Uint8Array): Uint8Array[] {
  const bytes = typeof value === 'string' ? utf8.encode(value) : value;
  const lines: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    const line = bytes.subarray(from, i);
    if (line.length && !PEM_ARMOUR.test(Buffer.from(line).toString('latin1'))) lines.push(line);
    from = i + 1;
  }
  return lines;
}
