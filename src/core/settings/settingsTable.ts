import { DEFAULT_MAX_FILE_SIZE_KB } from '../detect/content';
import { DEFAULT_WARN_DAYS } from '../exposure/expiry';
import { DEFAULT_RETIRED_MASK_DAYS } from '../exposure/retiredValues';
import { DEFAULT_TOOLS } from '../guard/guardTools';
import { DEFAULT_HOLD_MS, DEFAULT_MIN_LENGTH, DEFAULT_TOKEN } from '../mask/maskDefaults';

/**
 * Every `vaultify.*` setting with its one default, and how a read value is checked. Rules that
 * depend on where a value comes from (a floor, machine-only) attach to these entries. The extension
 * (`src/extension/config.ts`) and the CLI (`src/cli/protectedSettings.ts`) both read through it; a
 * unit test holds package.json's defaults to this table.
 */
export interface SettingSpec<T> {
  default: T;
  /** The value if it is usable, else undefined (the default applies). */
  accept(value: unknown): T | undefined;
  /**
   * For settings that protect the user: whether `candidate` protects less than `safe` (the user's
   * own value, or the default). Such a value from workspace or folder settings is ignored.
   */
  weakens?(candidate: T, safe: T): boolean;
  /** Read from workspace and folder settings alone: a user or application value does not apply. */
  workspaceOnly?: true;
}

const numberAtLeast =
  (min: number) =>
  (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isFinite(value) && value >= min ? value : undefined;
const boolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;

const spec = <T>(value: T, accept: (value: unknown) => T | undefined, weakens?: (candidate: T, safe: T) => boolean): SettingSpec<T> => ({
  default: value,
  accept,
  weakens,
});
const lower = (candidate: number, safe: number): boolean => candidate < safe;
const higher = (candidate: number, safe: number): boolean => candidate > safe;
const turnedOff = (candidate: boolean, safe: boolean): boolean => safe && !candidate;
// Any other token from a repository could pass for something else ("[redacted]", an empty string).
const changed = (candidate: string, safe: string): boolean => candidate !== safe;
/** A list whose entries switch protection off (globs never scanned): any entry the safe list lacks. */
const adds = (candidate: readonly string[], safe: readonly string[]): boolean => candidate.some((entry) => !safe.includes(entry));
/** A list whose entries switch protection on (tools guarded): any entry of the safe list it drops. */
const drops = (candidate: readonly string[], safe: readonly string[]): boolean => safe.some((entry) => !candidate.includes(entry));

export const SETTINGS = {
  'detection.maxFileSizeKB': spec(DEFAULT_MAX_FILE_SIZE_KB, numberAtLeast(1), lower),
  // `["**"]` from a repository would hide every credential in it, from the editor and from `vaultify scan`.
  'detection.exclude': spec<string[]>([], strings, adds),
  'detection.ignoredValues': spec<string[]>([], strings),
  'detection.ignoredValuesSalt': spec('', string),
  'detection.showLowConfidence': spec(true, boolean, turnedOff),
  cleanLocalHistory: spec(true, boolean, turnedOff),
  'mask.minLength': spec(DEFAULT_MIN_LENGTH, numberAtLeast(1), higher),
  'mask.token': spec(DEFAULT_TOKEN, string, changed),
  'terminal.holdMs': spec(DEFAULT_HOLD_MS, numberAtLeast(0), lower),
  'terminal.envFiles': spec<string[]>(['.env'], strings),
  'guard.tools': spec<readonly string[]>(DEFAULT_TOOLS, strings, drops),
  'guard.auto': spec(true, boolean, turnedOff),
  'guard.extraPatterns': spec<string[]>([], strings),
  'guard.offerGitignore': spec(true, boolean, turnedOff),
  'audit.maxSegmentMB': spec(8, numberAtLeast(1)),
  // A CA file from a repository could let anyone on the path read the values on the wire.
  'secretless.extraCaFiles': spec<string[]>([], strings, adds),
  // A workspace narrows its secrets' hosts for its own runs; what the user's settings say is no workspace's choice.
  'secretless.allowedHosts': { ...spec<string[]>([], strings), workspaceOnly: true },
  // A repository may not shorten how long a rotated-out value stays masked.
  'rotation.retiredMaskDays': spec(DEFAULT_RETIRED_MASK_DAYS, numberAtLeast(0), lower),
  'expiry.warnDays': spec(DEFAULT_WARN_DAYS, numberAtLeast(0)),
  'expiry.reminders': spec(true, boolean),
  'exposure.checkAfterStore': spec(true, boolean, turnedOff),
  'exposure.gitTimeLimitSeconds': spec(120, numberAtLeast(1)),
  'exposure.transcriptQuietSeconds': spec(60, numberAtLeast(0), lower),
  'team.files': spec<string[]>([], strings),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingSpec<infer T> ? T : never;

/** The table's entry for `key`, typed by its value. */
export function specOf<K extends SettingKey>(key: K): SettingSpec<SettingValue<K>> {
  return SETTINGS[key] as unknown as SettingSpec<SettingValue<K>>;
}

/** A raw value as the table accepts it: the value if usable, else the default. */
export function settingFrom<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const entry = specOf(key);
  return (raw === undefined ? undefined : entry.accept(raw)) ?? entry.default;
}

/** Reads one setting's value: its own value if usable, else the default. */
export type SettingReader = <K extends SettingKey>(key: K) => SettingValue<K>;

/** Every setting at its default: what applies before any settings were read. */
export const defaultSetting: SettingReader = (key) => specOf(key).default;
