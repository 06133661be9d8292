/**
 * A secret's access policy:
 * - `ask-every-time`: every driven or agent release asks, and no session grant covers it;
 * - `ask-once`: a grant, once given, covers later releases until it expires (the default);
 * - `person-only`: never released to a driven command or an agent, grant or not.
 */
export type AccessPolicy = 'ask-every-time' | 'ask-once' | 'person-only';

export const ACCESS_POLICIES: readonly AccessPolicy[] = ['ask-every-time', 'ask-once', 'person-only'];
export const DEFAULT_POLICY: AccessPolicy = 'ask-once';

/** Environment labels offered when a secret is stored; any other text is allowed too. */
export const ENVIRONMENTS: readonly string[] = ['dev', 'staging', 'prod'];

export const POLICY_TITLES: Record<AccessPolicy, string> = {
  'ask-every-time': 'Ask every time',
  'ask-once': 'Ask once per grant',
  'person-only': 'Person only',
};

export function isAccessPolicy(value: unknown): value is AccessPolicy {
  return typeof value === 'string' && (ACCESS_POLICIES as readonly string[]).includes(value);
}

/** The policy a secret's default follows from its environment: `prod` asks every time. */
export function defaultPolicyFor(environment: string | undefined): AccessPolicy {
  return environment?.trim().toLowerCase() === 'prod' ? 'ask-every-time' : DEFAULT_POLICY;
}

/** The policy in force: the one chosen, else the environment's default. */
export function effectivePolicy(policy: AccessPolicy | undefined, environment: string | undefined): AccessPolicy {
  return policy ?? defaultPolicyFor(environment);
}

/** An environment label as stored: trimmed, at most 32 characters, none when empty. */
export function normalizeEnvironment(label: string | undefined): string | undefined {
  const trimmed = label?.trim().slice(0, 32);
  return trimmed ? trimmed : undefined;
}
