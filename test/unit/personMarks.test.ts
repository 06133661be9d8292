import * as assert from 'node:assert/strict';
import { PersonMarks } from '../../src/extension/personMarks';

describe('person marks', () => {
  it('knows the argument objects Vaultify handed out, not lookalikes', () => {
    const marks = new PersonMarks();
    const handed = marks.mark({ name: 'github/token', scope: 'workspace' });
    assert.equal(marks.isPerson(handed), true);
    assert.equal(marks.isPerson({ name: 'github/token', scope: 'workspace' }), false);
  });

  it('takes a hover link token once, within its lifetime', () => {
    const marks = new PersonMarks();
    const token = marks.linkToken(0);
    assert.equal(marks.isPerson({ name: 'a', person: 'forged' }, 1), false);
    assert.equal(marks.isPerson({ name: 'a', person: token }, 1), true);
    assert.equal(marks.isPerson({ name: 'a', person: token }, 2), false, 'used up');
    const late = marks.linkToken(0);
    assert.equal(marks.isPerson({ name: 'a', person: late }, 11 * 60_000), false, 'expired');
  });
});
