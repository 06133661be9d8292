import * as assert from 'node:assert/strict';
import { AWS_SESSION_MAX_MS, classifyExpiry, expiryFromValue, jwtExpiry, reminderDue } from '../../src/core/exposure';

const DAY = 86_400_000;
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

describe('exposure: expiry', () => {
  const stored = Date.UTC(2026, 10, 1);

  it("reads the expiry from a JWT's exp", () => {
    const exp = Math.floor(Date.UTC(2026, 11, 24) / 1000);
    assert.equal(jwtExpiry(jwt({ sub: 'svc', exp })), exp * 1000);
    assert.deepEqual(expiryFromValue(jwt({ exp }), stored), { expiresAt: exp * 1000, source: 'jwt', estimated: false });
    assert.equal(jwtExpiry(jwt({ sub: 'no exp' })), undefined);
    assert.equal(jwtExpiry('not.a.jwt'), undefined);
  });

  it('treats an AWS session credential as short-lived by kind', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ' + 'A'.repeat(120);
    assert.deepEqual(expiryFromValue(token, stored), { expiresAt: stored + AWS_SESSION_MAX_MS, source: 'aws-session', estimated: true });
    assert.equal(expiryFromValue('opaque-value-0123456789', stored, 'aws-session-token')?.source, 'aws-session');
    assert.equal(expiryFromValue('opaque-value-0123456789', stored), undefined);
  });

  it('classifies ok, expiring and expired against the clock, taking the earliest date', () => {
    const policy = { setAt: stored, rotationDays: 90, enteredExpiry: stored + 30 * DAY };
    assert.equal(classifyExpiry(policy, stored + 10 * DAY).state, 'ok');
    const soon = classifyExpiry(policy, stored + 25 * DAY);
    assert.equal(soon.state, 'expiring');
    assert.equal(soon.daysLeft, 5);
    assert.equal(soon.expiry?.source, 'entered');
    assert.equal(classifyExpiry(policy, stored + 30 * DAY).state, 'expired');
    assert.equal(classifyExpiry({ setAt: stored, rotationDays: 90 }, stored + 85 * DAY).expiry?.source, 'rotation');
    assert.equal(classifyExpiry({ setAt: stored }, stored).state, 'none');
  });

  it('warns a short-lived credential for the last quarter of its life', () => {
    const valueExpiry = expiryFromValue('opaque-value-0123456789', stored, 'aws-session-token')!;
    assert.equal(classifyExpiry({ setAt: stored, valueExpiry }, stored + AWS_SESSION_MAX_MS / 2).state, 'ok');
    assert.equal(classifyExpiry({ setAt: stored, valueExpiry }, stored + AWS_SESSION_MAX_MS * 0.8).state, 'expiring');
  });

  it('reminds at most once a day, and never while reminders are off', () => {
    const expiring = [{ state: 'expiring' as const }];
    assert.equal(reminderDue(expiring, undefined, stored, true), true);
    assert.equal(reminderDue(expiring, stored, stored + DAY - 1, true), false);
    assert.equal(reminderDue(expiring, stored, stored + DAY, true), true);
    assert.equal(reminderDue(expiring, undefined, stored, false), false);
    assert.equal(reminderDue([{ state: 'ok' }], undefined, stored, true), false);
  });
});
