import * as assert from 'node:assert/strict';
import { createDetector } from '../../src/core/detect';
import { HEX, fakes, found, vendorCases } from './rulesFakeCredentials';

const f = fakes(7);

const positives = vendorCases(6);

describe('vendor token rules', () => {
  for (const [name, text, kind, value] of positives) {
    it(`finds a ${name} at the exact range of its value`, async () => {
      const hits = (await found(text, '.env')).filter((h) => h.kind === kind);
      assert.equal(hits.length, 1, `expected one ${kind} in:\n${text}\ngot ${JSON.stringify(await found(text, '.env'))}`);
      if (value) assert.equal(hits[0].value, value);
      assert.ok(!/[\s"']/.test(hits[0].value), 'the range holds the value only');
    });
  }

  it("says a pair's secret half rests on the public id beside it", async () => {
    const [, text, kind, value] = positives.find(([name]) => name.startsWith('Alibaba'))!;
    const { findings } = await createDetector().detect(text, { filePath: 'upload.py' });
    assert.deepEqual(
      findings.map((f) => [text.slice(f.start, f.end), f.kind, f.evidence]),
      [[value, kind, 'public id nearby']],
    );
  });

  it('checks GitHub and npm checksums: a wrong one is still reported, at medium confidence', async () => {
    const good = f.checksummed('ghp');
    const bad = f.badChecksum('ghp');
    const hits = await found(`A=${good}\nB=${bad}\n`, '.env');
    assert.deepEqual(
      hits.map((h) => [h.value, h.confidence]),
      [
        [good, 'high'],
        [bad, 'medium'],
      ],
    );
  });

  it('counts a value that test code marks as fake only when it passes its checksum', async () => {
    const good = f.checksummed('ghp');
    const bad = f.badChecksum('ghp');
    const stripe = 'sk_live_' + f.mixed(40);
    const text = `const fakeToken = "${good}";\nconst fake_token = "${bad}";\nconst FAKE_STRIPE_KEY = "${stripe}";\n`;
    assert.deepEqual(
      (await found(text, 'client.test.ts')).map((h) => h.value),
      [good],
    );
  });

  it("does not take Stripe's own sk_test_ prefix for a fake marker", async () => {
    const key = 'sk_test_' + f.mixed(40);
    assert.deepEqual(
      (await found(`STRIPE_KEY=${key}\n`, '.env')).map((h) => [h.kind, h.value]),
      [['stripe-secret-key', key]],
    );
  });

  it('rejects look-alikes: wrong length, wrong charset, no vendor context, failed decoding', async () => {
    const negatives = [
      `note: ghp_${f.mixed(35)}`,
      `SLACK_BOT_TOKEN=xoxb-your-bot-token`,
      `note: xoxb-${f.mixed(10)}-${f.mixed(10)}-${f.mixed(24)}`,
      `note: ${f.mixed(24)}.${f.mixed(6)}.${f.mixed(38)}`,
      `build_id=${f.chars(32, HEX)}`,
      `checksum=${f.mixed(40)}`,
      `AWS_REGION=eu-west-1\ncommit=${f.chars(40, HEX)}`,
      `STRIPE_PUBLISHABLE_KEY=pk_live_${f.mixed(99)}`,
      `GRAFANA=eyJrIjoi${f.mixed(60)}`,
    ];
    for (const text of negatives) assert.deepEqual(await found(text + '\n', 'notes.txt'), [], text);
  });

  it("ignores vendors' documented example keys", async () => {
    const text = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    assert.deepEqual(await found(text, 'credentials'), []);
  });
});
