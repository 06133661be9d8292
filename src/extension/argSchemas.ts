import type * as zod from 'zod';

/** The zod module: loaded with the first command that receives arguments, not at activation. */
export type Zod = typeof zod;

/**
 * The shapes command arguments share, as zod validators built from the loaded module. No
 * `vscode` import: a Uri or Range object passes through unchanged, and its JSON shape (what a
 * keybinding or a task can send) is turned into one by `toUri` and `toRange`.
 */

/** A Uri's parts, which a `vscode.Uri` has too. */
export interface UriParts {
  scheme: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

export interface PositionLike {
  line: number;
  character: number;
}

/** A range as a caller may pass it: a vscode.Range, or its JSON shape. */
export interface RangeLike {
  start: PositionLike;
  end: PositionLike;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isPosition = (value: unknown): value is PositionLike =>
  isRecord(value) && Number.isInteger(value.line) && Number.isInteger(value.character);

/** The validators every command may use, made once zod has loaded. */
export function argSchemas(z: Zod) {
  const scope = z.enum(['workspace', 'team', 'global'], {
    error: (issue) => `unknown scope ${JSON.stringify(issue.input)}: use "workspace", "team" or "global"`,
  });
  const policy = z.enum(['ask-every-time', 'ask-once', 'person-only'], {
    error: (issue) => `unknown policy ${JSON.stringify(issue.input)}: use "ask-every-time", "ask-once" or "person-only"`,
  });
  const environment = z.string({ error: 'the environment is a label such as "dev", "staging" or "prod"' });
  return {
    uri: z.union([
      z.string(),
      z.custom<UriParts>((v) => isRecord(v) && typeof v.scheme === 'string' && typeof v.path === 'string', 'expected a URI or its string'),
    ]),
    range: z.custom<RangeLike>(
      (v) => isRecord(v) && isPosition(v.start) && isPosition(v.end),
      'expected a range: { start: { line, character }, end: { line, character } }',
    ),
    scope,
    policy,
    /** A secret named by a caller, and the scope to look in. */
    secret: z.object({ name: z.string().optional(), scope: scope.optional() }),
    /** The hosts a secret is bound to; each entry is checked where it is read, with every bad one named. */
    hosts: z.array(z.string(), { error: 'a list of hosts such as ["api.github.com", "localhost:8443"]' }),
    access: z.object({ policy: policy.optional(), environment: environment.optional() }),
    /** What a command without arguments of its own accepts: any object, read for nothing. */
    none: z.object({}),
  };
}

/** The first problem zod found, worded for the caller: which argument, and what is wrong with it. */
export function argumentProblem(error: zod.ZodError): string {
  const [issue] = error.issues;
  const name = issue.path.map(String).join('.');
  return name ? `The argument "${name}" is not valid: ${issue.message}.` : `The arguments are not valid: ${issue.message}.`;
}
