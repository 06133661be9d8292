import * as assert from 'node:assert/strict';
import { parseSopsConfig } from '../../src/core/sops';
import { withRecipientChange } from '../../src/extension/team/sopsConfigRecipients';

const A = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const B = 'age1ggm9gwyqtldppuyqczyeng3fq35k97mcqtalfty6wnf0uslgj3zskatths';

const recipients = (text: string): string[][] => parseSopsConfig(text).map((r) => r.recipients);

describe('.sops.yaml follows team membership', () => {
  it('adds to and removes from a comma-separated age field, keeping comments', () => {
    const text = `# who can read\ncreation_rules:\n  - path_regex: secrets/.*\n    age: ${A}\n`;
    const added = withRecipientChange(text, { add: B })!;
    assert.deepEqual(recipients(added), [[A, B]]);
    assert.ok(added.startsWith('# who can read\n'));
    assert.deepEqual(recipients(withRecipientChange(added, { remove: A })!), [[B]]);
  });

  it('edits a list and the single key group, and leaves rules without age recipients alone', () => {
    const text = `creation_rules:\n  - path_regex: a\n    age:\n      - ${A}\n  - path_regex: b\n    key_groups:\n      - age: [${A}]\n  - path_regex: c\n    pgp: ABCD\n`;
    const added = withRecipientChange(text, { add: B })!;
    assert.deepEqual(recipients(added), [[A, B], [A, B], []]);
    assert.deepEqual(recipients(withRecipientChange(added, { remove: B })!), [[A], [A], []]);
  });

  it('changes nothing when the recipient is already there, absent, or the last one', () => {
    const text = `creation_rules:\n  - age: ${A}\n`;
    assert.equal(withRecipientChange(text, { add: A }), undefined);
    assert.equal(withRecipientChange(text, { remove: B }), undefined);
    assert.equal(withRecipientChange(text, { remove: A }), undefined);
    assert.equal(withRecipientChange('other: 1\n', { add: A }), undefined);
  });
});
