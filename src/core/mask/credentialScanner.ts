import type { DetectorRule } from '../detect/secretlintAdapter';
import { AI_PROVIDER_RULES } from '../detect/rules/aiProviders';
import { AWS_RULES } from '../detect/rules/aws';
import { AZURE_RULES } from '../detect/rules/azure';
import { CONNECTION_STRING_RULES } from '../detect/rules/connectionStrings';
import { GCP_RULES } from '../detect/rules/gcp';
import { GITHUB_RULES } from '../detect/rules/github';
import { GITLAB_RULES } from '../detect/rules/gitlab';
import { MESSAGING_RULES } from '../detect/rules/messaging';
import { PACKAGE_REGISTRY_RULES } from '../detect/rules/packageRegistries';
import { PAYMENT_RULES } from '../detect/rules/payments';
import { PRIVATE_KEY_RULES } from '../detect/rules/privateKeys';
import type { SecretReportData } from '../detect/rules/ruleDefinition';
import { SLACK_RULES } from '../detect/rules/slack';
import { suggestName } from '../reference/nameSuggestion';

/** A credential the output scanner caught, as the masker hands it to `onCredential`; the masker keeps nothing of it. */
export interface CaughtCredential {
  kind: string;
  /** The kind in words, for messages: "GitHub personal access token". */
  title: string;
  value: string;
  suggestedName: string;
}

/**
 * How a candidate ends: a run of token characters, a URL, a PEM block, or a property's value:
 * the trigger is a key name, and the candidate ends with the value after it (`"key": "value"`,
 * `key: value`, `key = value`, `--key value`, `--key=value`).
 */
type Closing = 'token' | 'url' | 'pem' | 'property';

interface Family {
  /** The kind shown while the candidate is unconfirmed (a released hold masks it). */
  kind: string;
  triggers: readonly string[];
  closing: Closing;
  /** Longest candidate, in bytes after its trigger: a candidate never holds output beyond it. */
  max: number;
  rules: readonly DetectorRule[];
}

/**
 * A key name as configs, environments and command lines spell it: `secret_access_key`,
 * `SECRET_ACCESS_KEY`, `secret-access-key`, `secretAccessKey`, `SecretAccessKey`, `secretaccesskey`.
 */
function spellings(...words: string[]): string[] {
  const title = words.map((w) => w[0].toUpperCase() + w.slice(1));
  return [
    words.join('_'),
    words.join('_').toUpperCase(),
    words.join('-'),
    words[0] + title.slice(1).join(''),
    title.join(''),
    words.join(''),
  ];
}

/**
 * High-confidence formats only, each found by a literal trigger that the masker's automaton
 * reports. Short or common prefixes (`sk-`, `EAAA`) are left out: a trigger holds output.
 * The secret halves of pairs (an AWS secret access key beside its key id, a client secret beside
 * its client id, an account key beside its account name) have no format of their own: their key
 * names are the triggers, and the detector's rules, which know what each value looks like and
 * which names go with it, decide on the value after the name.
 */
const FAMILIES: readonly Family[] = [
  {
    kind: 'github-token',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    closing: 'token',
    max: 120,
    rules: GITHUB_RULES,
  },
  { kind: 'gitlab-token', triggers: ['glpat-'], closing: 'token', max: 340, rules: GITLAB_RULES },
  {
    kind: 'slack-token',
    triggers: ['xoxb-', 'xoxp-', 'xoxs-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxe-', 'xoxe.', 'xapp-'],
    closing: 'token',
    max: 260,
    rules: SLACK_RULES,
  },
  {
    kind: 'stripe-key',
    triggers: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    closing: 'token',
    max: 260,
    rules: PAYMENT_RULES,
  },
  {
    kind: 'registry-token',
    triggers: ['npm_', 'pypi-', 'dckr_oat_', 'rubygems_'],
    closing: 'token',
    max: 1010,
    rules: PACKAGE_REGISTRY_RULES,
  },
  {
    kind: 'ai-provider-key',
    triggers: ['sk-ant-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    closing: 'token',
    max: 420,
    rules: AI_PROVIDER_RULES,
  },
  { kind: 'aws-access-key-id', triggers: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], closing: 'token', max: 20, rules: AWS_RULES },
  { kind: 'aws-secret-access-key', triggers: spellings('secret', 'access', 'key'), closing: 'property', max: 400, rules: AWS_RULES },
  { kind: 'aws-session-token', triggers: spellings('session', 'token'), closing: 'property', max: 2000, rules: AWS_RULES },
  // Entra ID, Google OAuth and PayPal client secrets; Google's also by its prefix.
  {
    kind: 'client-secret',
    triggers: spellings('client', 'secret'),
    closing: 'property',
    max: 400,
    rules: [...AZURE_RULES, ...GCP_RULES, ...PAYMENT_RULES],
  },
  { kind: 'google-oauth-client-secret', triggers: ['GOCSPX-'], closing: 'token', max: 40, rules: GCP_RULES },
  // Azure storage (AccountName / AccountKey, in a connection string or on its own) and Service Bus keys.
  {
    kind: 'azure-storage-account-key',
    triggers: [...spellings('account', 'key'), ...spellings('storage', 'key'), ...spellings('shared', 'access', 'key')],
    closing: 'property',
    max: 400,
    rules: AZURE_RULES,
  },
  // Twilio's account SID and auth token.
  { kind: 'twilio-auth-token', triggers: spellings('auth', 'token'), closing: 'property', max: 200, rules: MESSAGING_RULES },
  { kind: 'private-key', triggers: ['-----BEGIN '], closing: 'pem', max: 20_000, rules: PRIVATE_KEY_RULES },
  { kind: 'url-password', triggers: ['://'], closing: 'url', max: 600, rules: CONNECTION_STRING_RULES },
];

/** Every trigger with its family, in the order the automaton's trigger ids follow. */
export const TRIGGERS: readonly { bytes: Uint8Array; family: number }[] = FAMILIES.flatMap((f, family) =>
  f.triggers.map((t) => ({ bytes: Buffer.from(t, 'latin1'), family })),
);

/** Bytes of context before a trigger given to the rules: a URL's scheme, a token's left boundary. */
export const LOOKBEHIND = 40;

const TOKEN_CHAR = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.') table[c.charCodeAt(0)] = 1;
  return table;
})();
const URL_STOP = new Set([...' \t\r\n"\'`<>\\'].map((c) => c.charCodeAt(0)));

/** What may stand between a key name and its value: a closing quote, `:`, `=`, `:=` or `=>`, spaces, an opening quote. */
const PROPERTY_SEPARATOR = /^["']?[ \t]{0,16}(?:=>|:=|[:=])?[ \t]{0,16}["']?/;
/** Characters a property's value ends at: white space, quotes, and the punctuation around values in JSON, YAML, INI and connection strings. */
const VALUE_STOP = new Set([...' \t\r\n"\'`,;<>(){}[]\\'].map((c) => c.charCodeAt(0)));

/**
 * Where the value in `rest` (the text after a key name) ends, or -1 while it may go on. The
 * separator is optional, so any text parses: the first run of value characters after it is the
 * value, and "client_secret is not set" closes at once, after "is".
 */
function propertyValueEnd(rest: string): number {
  const separator = PROPERTY_SEPARATOR.exec(rest)![0].length;
  if (separator === rest.length) return -1;
  let k = separator;
  while (k < rest.length && !VALUE_STOP.has(rest.charCodeAt(k))) k++;
  return k < rest.length ? k : -1;
}

/** The view offsets before which the view removed a line break to join a wrapped line. */
export interface LineJoins {
  /** The first at or after `v`, or Infinity. */
  joinFrom(v: number): number;
  /** The last at or before `v`, or -Infinity. */
  joinUpTo(v: number): number;
}

/** A found credential in view offsets; `caught` when the rules confirmed it (not a masked-on-release candidate). */
export interface ViewCredential {
  start: number;
  end: number;
  kind: string;
  caught?: { value: string; title: string; suggestedName: string };
}

/** An open candidate: its trigger's family and view offsets, and the view bytes since LOOKBEHIND before it. */
interface Candidate {
  family: number;
  /** View offset of the trigger. */
  at: number;
  triggerLength: number;
  /** View offset of the first byte in `bytes`. */
  from: number;
  bytes: Uint8Array[];
  length: number;
  /** A released hold wrote this candidate's token: it is masked whatever it turns out to be. */
  masked: boolean;
}

/**
 * The output scanner ("reverse firewall"): recognises credentials nobody stored, with the
 * detector's own rules and checksums. The masker's automaton reports trigger literals; from each
 * one, a candidate is collected until it closes (the token ends, the line ends, the PEM block
 * ends, or its family's maximum length), then the family's rules decide. Only high-confidence,
 * non-generic findings count, so a GitHub token must pass its CRC-32.
 */
export class CredentialScanner {
  private open: Candidate | undefined;

  /** View offset from which output must be held for the open candidate, or Infinity. */
  get holdFrom(): number {
    return this.open ? this.open.at : Infinity;
  }

  /** The open candidate's kind and the view offset its secret part starts at, for a released hold's bound. */
  get openCandidate(): { kind: string; secretFrom: number; masked: boolean } | undefined {
    const c = this.open;
    if (!c) return undefined;
    const family = FAMILIES[c.family];
    let secretFrom = c.at + c.triggerLength;
    if (family.closing === 'token') secretFrom = c.at;
    if (family.closing === 'property') {
      // The key name and separator are not secret: the bound counts from the value.
      const rest = this.text(c).slice(c.at + c.triggerLength - c.from);
      secretFrom += PROPERTY_SEPARATOR.exec(rest)![0].length;
      if (secretFrom === c.from + c.length) secretFrom = Infinity;
    }
    if (family.closing === 'pem') {
      const text = this.text(c);
      const lineEnd = text.indexOf('\n', c.at - c.from);
      secretFrom = lineEnd < 0 ? Infinity : c.from + lineEnd + 1;
    }
    return { kind: family.kind, secretFrom, masked: c.masked };
  }

  /** A released hold wrote the open candidate's token. */
  markMasked(): void {
    if (this.open) this.open.masked = true;
  }

  /**
   * Takes the view bytes `view` at view offset `base`, the view bytes before them (`before`,
   * ending at `base`) and the triggers that ended in them (view end offsets and trigger ids, in
   * order), and returns the credentials that closed. Only a PEM block runs across a line break
   * the view joined (`joins`): a token, a URL or a property's value ends there.
   */
  scan(
    view: Uint8Array,
    base: number,
    before: Uint8Array,
    triggerEnds: readonly number[],
    triggerIds: readonly number[],
    joins: LineJoins,
    final: boolean,
  ): ViewCredential[] {
    const found: ViewCredential[] = [];
    let at = base;
    /** Triggers that start before this lie inside a closed candidate. */
    let after = -Infinity;
    let next = 0;
    const end = base + view.length;
    for (;;) {
      if (this.open) {
        const closedAt = this.extend(this.open, view, base, at, joins, final);
        if (closedAt === undefined) break;
        found.push(...this.close(this.open, closedAt));
        this.open = undefined;
        after = closedAt;
      }
      while (next < triggerEnds.length && triggerEnds[next] - TRIGGERS[triggerIds[next]].bytes.length < after) next++;
      if (next >= triggerEnds.length) break;
      const trigger = TRIGGERS[triggerIds[next++]];
      const triggerAt = triggerEnds[next - 1] - trigger.bytes.length;
      // The rules see the trigger's own line: a joined line break is one to them.
      const from = Math.max(triggerAt - LOOKBEHIND, base - before.length, joins.joinUpTo(triggerAt));
      const bytes: Uint8Array[] = [];
      if (from < base) bytes.push(before.subarray(before.length - (base - from)));
      at = Math.max(triggerAt, base);
      if (at > Math.max(from, base)) bytes.push(view.subarray(Math.max(from, base) - base, at - base));
      this.open = {
        family: trigger.family,
        at: triggerAt,
        triggerLength: trigger.bytes.length,
        from,
        bytes,
        length: at - from,
        masked: false,
      };
    }
    if (final && this.open) {
      found.push(...this.close(this.open, end));
      this.open = undefined;
    }
    return found;
  }

  /** Adds view bytes from `at` to the candidate; returns the view offset where it closes, if it does. */
  private extend(c: Candidate, view: Uint8Array, base: number, at: number, joins: LineJoins, final: boolean): number | undefined {
    const family = FAMILIES[c.family];
    const max = c.at + c.triggerLength + family.max;
    const limit = family.closing === 'pem' ? max : Math.min(max, joins.joinFrom(c.at + c.triggerLength));
    const end = base + view.length;
    let close: number | undefined;
    const scanFrom = Math.max(at, c.at + c.triggerLength);
    if (family.closing === 'property') {
      const available = Math.min(end, limit);
      if (available > at) {
        c.bytes.push(view.subarray(at - base, available - base));
        c.length += available - at;
      }
      const valueFrom = c.at + c.triggerLength;
      const valueEnd = propertyValueEnd(this.text(c).slice(valueFrom - c.from));
      if (valueEnd >= 0) close = valueFrom + valueEnd;
      else if (c.from + c.length >= limit) close = c.from + c.length;
      if (close !== undefined) this.trim(c, close);
      return close ?? (final ? end : undefined);
    }
    if (family.closing === 'pem') {
      c.bytes.push(view.subarray(at - base));
      c.length += end - at;
      const text = this.text(c);
      const endLine = /-----END [A-Z0-9 ]{1,40}-----/.exec(text);
      if (endLine) close = c.from + endLine.index + endLine[0].length;
      else if (c.from + c.length >= limit) close = c.from + c.length;
      if (close !== undefined) this.trim(c, close);
      return close ?? (final ? end : undefined);
    }
    for (let v = scanFrom; v < end && v < limit; v++) {
      const b = view[v - base];
      const stop = family.closing === 'token' ? !TOKEN_CHAR[b] : URL_STOP.has(b);
      if (stop) {
        close = v;
        break;
      }
    }
    if (close === undefined && end >= limit) close = limit;
    const to = close ?? end;
    if (to > at) {
      c.bytes.push(view.subarray(at - base, to - base));
      c.length += to - at;
    }
    return close ?? (final ? end : undefined);
  }

  private trim(c: Candidate, close: number): void {
    const whole = Buffer.concat(c.bytes);
    c.bytes = [whole.subarray(0, close - c.from)];
    c.length = close - c.from;
  }

  private text(c: Candidate): string {
    return Buffer.concat(c.bytes).toString('latin1');
  }

  private close(c: Candidate, closedAt: number): ViewCredential[] {
    const family = FAMILIES[c.family];
    const text = this.text(c);
    const out: ViewCredential[] = [];
    const triggerOffset = c.at - c.from;
    for (const m of runRules(family.rules, text)) {
      // Findings wholly in the context before the trigger were the previous candidate's to report;
      // two rules that know one value (a connection string's key, the same key on its own) report it once.
      if (m.start < triggerOffset || out.some((o) => o.start === c.from + m.start && o.end === c.from + m.end)) continue;
      const value = Buffer.from(text.slice(m.start, m.end), 'latin1').toString('utf8');
      const suggestedName = suggestName({ text: Buffer.from(text, 'latin1').toString('utf8'), start: m.start, end: m.end, kind: m.kind });
      out.push({ start: c.from + m.start, end: c.from + m.end, kind: m.kind, caught: { value, title: m.title, suggestedName } });
    }
    if (c.masked && !out.some((m) => m.start <= c.at && m.end >= closedAt)) {
      out.push({ start: c.at, end: Math.max(closedAt, c.at + 1), kind: family.kind });
    }
    return out.sort((a, b) => a.start - b.start);
  }
}

/** A secretlint context that collects what a rule reports, so the detector's rules run here unchanged. */
function runRules(rules: readonly DetectorRule[], text: string): { start: number; end: number; kind: string; title: string }[] {
  const reports: { start: number; end: number; kind: string; title: string }[] = [];
  for (const rule of rules) {
    const context = {
      createTranslator: () => (_id: string, data: SecretReportData) => ({ data }),
      report: ({ message, range }: { message: { data: SecretReportData }; range: [number, number] }) => {
        const data = message.data;
        if (data.confidence === 'high' && !data.generic)
          reports.push({ start: range[0], end: range[1], kind: data.kind, title: data.title });
      },
    };
    const handlers = rule.creator.create(context as never, {}) as { file?: (source: { content: string; filePath?: string }) => void };
    handlers.file?.({ content: text });
  }
  return reports;
}
