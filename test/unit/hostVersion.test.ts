import * as assert from 'node:assert/strict';
import { hostAtLeast } from '../../src/core/agents/hostVersion';

describe('hostAtLeast', () => {
  it('compares major and minor, ignoring the patch', () => {
    assert.equal(hostAtLeast('1.95.0', '1.95'), true);
    assert.equal(hostAtLeast('1.94.2', '1.95'), false);
    assert.equal(hostAtLeast('1.100.3', '1.101'), false);
    assert.equal(hostAtLeast('1.139.1', '1.101'), true);
    assert.equal(hostAtLeast('2.0.0', '1.101'), true);
  });

  it('reads pre-release versions by their numbers', () => {
    assert.equal(hostAtLeast('1.101.0-insider', '1.101'), true);
    assert.equal(hostAtLeast('1.93.1-insider', '1.95'), false);
  });

  it('treats an unreadable version as older than any floor', () => {
    assert.equal(hostAtLeast('', '1.95'), false);
    assert.equal(hostAtLeast('unknown', '1.95'), false);
  });
});
