/**
 * When a secret stops working, or should be replaced. Pure: every function takes the clock.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where an expiry date came from. */
export type ExpirySource = 'entered' | 'jwt' | 'aws-session' | 'rotation';

export interface ValueExpiry {
  /** Epoch milliseconds. */
  expiresAt: number;
  source: ExpirySource;
  /** True when the date is the longest the kind allows, not a date written in the value. */
  estimated: boolean;
}

/**
 * AWS temporary credentials (STS) last at most 36 hours (GetSessionToken; AssumeRole at most
 * 12). The token does not say when it ends, so a stored one counts as expiring this long after
 * it was stored.
 */
export const AWS_SESSION_MAX_MS = 36 * HOUR;

/** Session tokens begin with these base64 forms of their binary header; key ids of temporary credentials with ASIA. */
const AWS_SESSION_PREFIXES = ['FwoGZXIvYXdzE', 'IQoJb3JpZ2luX2Vj', 'IQoGb3JpZ2luX2Vj', 'FQoGZXIvYXdzE'];

/** The `exp` of a JWT (`header.payload.signature`, base64url JSON), in epoch milliseconds. */
export function jwtExpiry(value: string): number | undefined {
  const parts = value.trim().split('.');
  if (parts.length !== 3 || !/^eyJ/.test(parts[0])) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function isAwsSession(value: string, kind: string | undefined): boolean {
  if (kind === 'aws-session-token') return true;
  const v = value.trim();
  return AWS_SESSION_PREFIXES.some((p) => v.startsWith(p)) || /^ASIA[A-Z2-7]{16}$/.test(v);
}

/**
 * The expiry a value carries itself: a JWT's `exp`, or an AWS session credential's longest life
 * counted from `storedAt`. `kind` is the detector's kind for the value, when it was detected.
 */
export function expiryFromValue(value: string, storedAt: number, kind?: string): ValueExpiry | undefined {
  const exp = jwtExpiry(value);
  if (exp !== undefined) return { expiresAt: exp, source: 'jwt', estimated: false };
  if (isAwsSession(value, kind)) return { expiresAt: storedAt + AWS_SESSION_MAX_MS, source: 'aws-session', estimated: true };
  return undefined;
}

export interface ExpiryPolicy {
  /** A date the user entered, epoch milliseconds. It wins over every other source. */
  enteredExpiry?: number;
  /** What the value itself says (`expiryFromValue`). */
  valueExpiry?: ValueExpiry;
  /** Replace the value this many days after it was last set. */
  rotationDays?: number;
  /** When the current value was stored (or last rotated), epoch milliseconds. */
  setAt: number;
}

/** The date that applies: the earliest of the entered date, the value's own and the rotation due date. */
export function effectiveExpiry(policy: ExpiryPolicy): ValueExpiry | undefined {
  const candidates: ValueExpiry[] = [];
  if (policy.enteredExpiry !== undefined) candidates.push({ expiresAt: policy.enteredExpiry, source: 'entered', estimated: false });
  if (policy.valueExpiry) candidates.push(policy.valueExpiry);
  if (policy.rotationDays && policy.rotationDays > 0)
    candidates.push({ expiresAt: policy.setAt + policy.rotationDays * DAY, source: 'rotation', estimated: false });
  return candidates.sort((a, b) => a.expiresAt - b.expiresAt)[0];
}

export type ExpiryState = 'none' | 'ok' | 'expiring' | 'expired';

export interface ExpiryStatus {
  state: ExpiryState;
  expiry?: ValueExpiry;
  /** Whole days left (negative once expired). */
  daysLeft?: number;
}

/** Default warning window: a secret is "expiring" within this many days of its date. */
export const DEFAULT_WARN_DAYS = 7;

/** Classifies a secret at `now`: expired on or after its date, expiring within `warnDays` of it. */
export function classifyExpiry(policy: ExpiryPolicy, now: number, warnDays = DEFAULT_WARN_DAYS): ExpiryStatus {
  const expiry = effectiveExpiry(policy);
  if (!expiry) return { state: 'none' };
  const left = expiry.expiresAt - now;
  const daysLeft = Math.floor(left / DAY);
  // A short-lived credential warns for its last quarter, not a whole week it never had.
  const window = Math.min(warnDays * DAY, Math.max(0, expiry.expiresAt - policy.setAt) / 4);
  const state: ExpiryState = left <= 0 ? 'expired' : left <= window ? 'expiring' : 'ok';
  return { state, expiry, daysLeft };
}

/**
 * Whether a daily reminder is due: at most one a day, none while reminders are off, and only
 * when some secret is expiring or expired.
 */
export function reminderDue(
  statuses: readonly ExpiryStatus[],
  lastShownAt: number | undefined,
  now: number,
  remindersOn: boolean,
): boolean {
  if (!remindersOn) return false;
  if (!statuses.some((s) => s.state === 'expiring' || s.state === 'expired')) return false;
  return lastShownAt === undefined || now - lastShownAt >= DAY;
}
