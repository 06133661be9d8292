import * as assert from 'node:assert/strict';
import { createDetector } from '../../src/core/detect';
import { IgnoredValues, fingerprint, ignoredValueEntry, newIgnoreSalt, saltedHash } from '../../src/core/detect/fingerprint';
import { fakes } from './rulesFakeCredentials';

const f = fakes(47);

describe('ignored-value fingerprints', () => {
  it('are salted per repository, hold neither the value nor its fast fingerprint, and keep the length only', () => {
    const value = 'Summer24-' + f.mixed(12);
    const [a, b] = [newIgnoreSalt(), newIgnoreSalt()];
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    const entry = ignoredValueEntry(value, a);
    assert.match(entry, new RegExp(`^scrypt1:${value.length}:[0-9a-f]{64}$`));
    assert.notEqual(entry, ignoredValueEntry(value, b), 'another salt gives another entry');
    assert.equal(entry, ignoredValueEntry(value, a), 'the same salt gives the same entry');
    assert.ok(!entry.includes(value) && !entry.includes(fingerprint(value).slice(7)));
  });

  it('match salted entries and older unsalted ones, and nothing else', () => {
    const salt = newIgnoreSalt();
    const [salted, legacy, other] = ['pw-' + f.mixed(16), 'pw-' + f.mixed(16), 'pw-' + f.mixed(16)];
    const ignored = new IgnoredValues([ignoredValueEntry(salted, salt), fingerprint(legacy)], salt);
    assert.equal(ignored.size, 2);
    assert.ok(ignored.has(fingerprint(salted), salted.length));
    assert.ok(ignored.has(fingerprint(legacy), legacy.length));
    assert.ok(!ignored.has(fingerprint(other), other.length));
    assert.ok(
      !new IgnoredValues([ignoredValueEntry(salted, salt)], newIgnoreSalt()).has(fingerprint(salted), salted.length),
      'a changed salt matches nothing',
    );
  });

  it('hash each distinct candidate once, and only candidates of a length some entry has', () => {
    const salt = newIgnoreSalt();
    const value = f.mixed(24);
    let hashes = 0;
    const ignored = new IgnoredValues([ignoredValueEntry(value, salt)], salt, (print, s) => (hashes++, saltedHash(print, s)));
    for (let i = 0; i < 5; i++) assert.ok(ignored.has(fingerprint(value), value.length));
    const sameLength = f.mixed(24);
    for (let i = 0; i < 5; i++) assert.ok(!ignored.has(fingerprint(sameLength), sameLength.length));
    assert.ok(!ignored.has(fingerprint(f.mixed(30)), 30));
    assert.equal(hashes, 2);
  });

  it('are what the detector skips findings by', async () => {
    const token = f.checksummed('ghp');
    const text = `GITHUB_TOKEN=${token}\n`;
    const salt = newIgnoreSalt();
    const detector = createDetector();
    assert.equal((await detector.detect(text)).findings.length, 1);
    const ignoredFingerprints = new IgnoredValues([ignoredValueEntry(token, salt)], salt);
    assert.equal((await detector.detect(text, { ignoredFingerprints })).findings.length, 0);
  });
});
