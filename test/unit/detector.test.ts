import * as assert from 'node:assert/strict';
import { createDetector } from '../../src/core/detect';

const TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

describe('detector', () => {
  const detector = createDetector();

  it('finds a GitHub token at its exact range, with a redacted preview', async () => {
    const text = `# deploy\nGITHUB_TOKEN=${TOKEN}\n`;
    const { findings } = await detector.detect(text, { filePath: '.env' });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(text.slice(f.start, f.end), TOKEN);
    assert.equal(f.kind, 'github-token');
    assert.equal(f.preview, 'ghp_…(40 chars)');
    assert.ok(!JSON.stringify(f).includes(TOKEN.slice(4)));
  });
});
