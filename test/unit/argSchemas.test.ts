import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { argSchemas, argumentProblem } from '../../src/extension/argSchemas';

const shared = argSchemas(z);
const problem = (schema: z.ZodType, value: unknown): string | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : argumentProblem(parsed.error);
};

describe('command argument validators', () => {
  const target = z.object({ uri: shared.uri.optional(), range: shared.range.optional() });

  it('names the argument that is wrong, nested ones by their path', () => {
    assert.equal(
      problem(shared.secret, { name: 'svc/key', scope: 'nowhere' }),
      'The argument "scope" is not valid: unknown scope "nowhere": use "workspace", "team" or "global".',
    );
    assert.match(
      problem(z.object({ generate: z.object({ length: z.number() }) }), { generate: { length: 'long' } }) ?? '',
      /^The argument "generate\.length" is not valid: .*expected number/,
    );
    assert.match(problem(target, { range: { start: 1 } }) ?? '', /^The argument "range" is not valid: expected a range/);
  });

  it('passes a Uri or a range object through as it came, so the handler gets the very object', () => {
    const uri = { scheme: 'file', path: '/work/a.env', toString: () => 'file:///work/a.env' };
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
    const parsed = target.parse({ uri, range, person: 'a hover link token' });
    assert.equal(parsed.uri, uri);
    assert.equal(parsed.range, range);
    assert.ok(!('person' in parsed), 'what the command does not read is left out');
  });

  it('takes a Uri as its string, and refuses what is neither', () => {
    assert.equal(problem(target, { uri: 'file:///work/a.env' }), undefined);
    assert.match(problem(target, { uri: 42 }) ?? '', /^The argument "uri" is not valid/);
  });
});
