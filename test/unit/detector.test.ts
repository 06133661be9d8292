import * as assert from 'node:assert/strict';
import type { SecretLintRuleCreator } from '@secretlint/types';
import { Detector, createDetector, fingerprint } from '../../src/core/detect';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { fakes } from './rulesFakeCredentials';

const TOKEN = fakes(1).checksummed('ghp');

describe('detector', () => {
  const detector = createDetector();

  it('finds a GitHub token at its exact range, with its kind and a redacted preview', async () => {
    const text = `# deploy\nGITHUB_TOKEN=${TOKEN}\n`;
    const { findings } = await detector.detect(text, { filePath: '.env' });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(text.slice(f.start, f.end), TOKEN);
    assert.equal(f.kind, 'github-pat');
    assert.equal(f.confidence, 'high');
    assert.equal(f.preview, 'ghp_…(40 chars)');
    assert.equal(f.evidence, 'vendor prefix ghp_ + checksum');
    assert.ok(!JSON.stringify(f).includes(TOKEN.slice(4)));
  });

  it("says a service-anchored finding's evidence: the service named in the key or within a line", async () => {
    const uuid = '3f6c2a9e-8b1d-4e7a-9c52-d04b7e1f6a38';
    const key = 'q8Zr2Lw5Tn0Vx7Yb3Kd6Hm1Pj4Gs9Fc2';
    const text = `HUBSPOT_ACCESS_TOKEN=${uuid}\nconst tableau = new TableauClient({ apiKey: "${key}" });\n\nconst other = { apiKey: "${uuid}" };\n`;
    const { findings } = await detector.detect(text, { filePath: 'src/clients.ts' });
    assert.deepEqual(
      findings.map((f) => [text.slice(f.start, f.end), f.kind, f.evidence]),
      [
        [uuid, 'hubspot-credential', 'service name in the key (Hubspot) + entropy'],
        [key, 'tableau-credential', 'service name nearby (Tableau) + entropy'],
      ],
      'a UUID with no service named is an id, not a key',
    );
  });

  it('reads a placeholder word in a long value only when it is written in one case', async () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${fakes(2).pemBody(400)}\n-----END RSA PRIVATE KEY-----\n`;
    const body = Buffer.from(pem).toString('base64');
    // Random base64 spells `SEtMe` (read as "set me") by chance; a stand-in says `placeholder`.
    const chance = body.slice(0, 200) + 'q4SEtMe' + body.slice(207);
    const standIn = body.slice(0, 200) + 'placeholder' + body.slice(211);
    const text = `tls.key: ${chance}\nbackup.key: ${standIn}\n`;
    const { findings } = await detector.detect(text, { filePath: 'values.yaml' });
    assert.deepEqual(
      findings.map((f) => [text.slice(f.start, f.end), f.kind, f.evidence]),
      [[chance, 'private-key', 'vendor format']],
    );
  });

  it('keeps the most specific finding where a vendor rule and the generic rule overlap', async () => {
    const text = `API_TOKEN=${TOKEN}\n`;
    const { findings } = await detector.detect(text, { filePath: '.env' });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.kind]),
      [['vaultify/github', 'github-pat']],
    );
  });

  it('honours secretlint-disable comments for its own rules too', async () => {
    const text = `GITHUB_TOKEN=${TOKEN} # secretlint-disable-line\n`;
    assert.deepEqual((await detector.detect(text, { filePath: '.env' })).findings, []);
  });

  it('skips values whose fingerprint the user marked as not secret', async () => {
    const text = `GITHUB_TOKEN=${TOKEN}\n`;
    const { findings } = await detector.detect(text, { filePath: '.env', ignoredFingerprints: new Set([fingerprint(TOKEN)]) });
    assert.deepEqual(findings, []);
  });

  it('disables a rule that throws for that text alone, records why, and runs the others', async () => {
    const throwing: SecretLintRuleCreator = {
      messages: {},
      meta: { id: 'test/throws', recommended: true, type: 'scanner', supportedContentTypes: ['text'] },
      create: () => ({
        file(source) {
          // JSON.parse quotes the text it fails on: a message that must never reach a log.
          JSON.parse(source.content);
        },
      }),
    };
    const withThrowing = new Detector([{ creator: throwing, keywords: [''] }, ...DEFAULT_RULES]);
    const text = `GITHUB_TOKEN=${TOKEN}\n`;
    const { findings, failures } = await withThrowing.detect(text, { filePath: '.env' });
    assert.deepEqual(failures, [{ ruleId: 'test/throws', reason: 'SyntaxError (message withheld: it may quote the scanned text)' }]);
    assert.deepEqual(
      findings.map((f) => text.slice(f.start, f.end)),
      [TOKEN],
    );
    assert.ok(!failures.some((f) => f.reason.includes(TOKEN.slice(0, 8))));
  });
});
