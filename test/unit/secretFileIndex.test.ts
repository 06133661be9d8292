import * as assert from 'node:assert/strict';
import {
  SecretFileIndex,
  computeSensitiveSet,
  filesToScanForSecrets,
  guardedSecretFiles,
  listedSecretFiles,
  planIgnoreFile,
} from '../../src/core/guard';

/** The guard's view of one folder: which files the scan found, and what the lists keep. */
describe('secret file index', () => {
  const FILES = ['config/settings.json', 'scripts/notify.sh', 'src/app.ts', 'README.md'];

  it('treats every file as undecided until a first pass completes, then as clean unless found', () => {
    const index = new SecretFileIndex();
    assert.equal(index.verdict('src/app.ts'), 'undecided');
    index.beginPass();
    assert.equal(index.running, true);
    assert.equal(index.passFound('config/settings.json', 'secret'), true, 'a file found mid-pass is a change');
    assert.equal(index.verdict('config/settings.json'), 'secret');
    assert.equal(index.verdict('src/app.ts'), 'undecided', 'not reached yet');
    index.completePass(['config/settings.json', 'scripts/notify.sh'], ['locked.txt']);
    assert.equal(index.complete, true);
    assert.deepEqual(index.secretFiles(), ['config/settings.json', 'scripts/notify.sh']);
    assert.equal(index.verdict('src/app.ts'), 'clean');
    assert.equal(index.verdict('locked.txt'), 'undecided', 'an unreadable file is never clean');
  });

  it('keeps a listed entry while its file is undecided, and drops it once scanned clean or gone', () => {
    const index = new SecretFileIndex();
    const listed = ['config/settings.json', 'scripts/notify.sh'];
    const guarded = (files = FILES): string[] => guardedSecretFiles({ files, index, live: [], listed });
    assert.deepEqual(guarded(), listed, 'before any scan, nothing listed leaves');
    index.beginPass();
    assert.deepEqual(guarded(), listed, 'nor while the first pass runs');
    index.abortPass();
    assert.deepEqual(guarded(), listed, 'nor after a stopped pass');
    assert.equal(index.record('scripts/notify.sh', 'clean'), true);
    assert.deepEqual(guarded(), ['config/settings.json'], 'a file rescanned clean leaves, even before a first pass completes');
    index.beginPass();
    index.completePass(['config/settings.json'], []);
    assert.deepEqual(guarded(), ['config/settings.json']);
    assert.deepEqual(guarded(FILES.filter((f) => f !== 'config/settings.json')), [], 'a file that is gone leaves');
  });

  it('lists an open editor’s live finding and a scanned one whether or not the lists had them', () => {
    const index = new SecretFileIndex();
    index.beginPass();
    index.completePass(['scripts/notify.sh'], []);
    assert.deepEqual(guardedSecretFiles({ files: FILES, index, live: ['src/app.ts'], listed: [] }), ['scripts/notify.sh', 'src/app.ts']);
    assert.deepEqual(
      guardedSecretFiles({ files: FILES, index, live: [], listed: ['src/app.ts'] }),
      ['scripts/notify.sh'],
      'a listed file scanned clean leaves once its editor shows nothing',
    );
  });

  it('lets a rescan during a pass win over the pass’s older result', () => {
    const index = new SecretFileIndex();
    index.beginPass();
    index.record('config/settings.json', 'clean');
    index.record('src/app.ts', 'secret');
    assert.equal(index.passFound('config/settings.json', 'secret'), false, 'the pass read it before it changed');
    index.completePass(['config/settings.json'], []);
    assert.equal(index.verdict('config/settings.json'), 'clean');
    assert.equal(index.verdict('src/app.ts'), 'secret', 'the pass saw the file before the credential was written');
  });

  it('forgets a deleted folder with everything under it, and a second pass replaces the first', () => {
    const index = new SecretFileIndex();
    index.beginPass();
    index.completePass(['config/settings.json', 'config/old.json', 'configs.json'], []);
    assert.equal(index.forget('config'), true);
    assert.deepEqual(index.secretFiles(), ['configs.json']);
    assert.equal(index.forget('config'), false, 'nothing left to forget');
    index.beginPass();
    assert.deepEqual(index.secretFiles(), ['configs.json'], 'old verdicts hold while the new pass runs');
    assert.equal(index.completePass([], []), true);
    assert.deepEqual(index.secretFiles(), []);
  });

  it('reads back the files a managed block lists, special characters included, and never the user’s lines', () => {
    const secretFiles = ['config/settings.json', 'odd [1]*?.json', 'trailing space '];
    const files = [...secretFiles, 'src/app.ts'];
    const edit = planIgnoreFile('# team\n/config/settings.json.bak\n', computeSensitiveSet({ files, secretFiles }), false);
    assert.ok(edit.ok);
    assert.deepEqual(listedSecretFiles(edit.text).sort(), [...secretFiles].sort());
    assert.deepEqual(listedSecretFiles(edit.text.replace(/\n/g, '\r\n')).sort(), [...secretFiles].sort(), 'CRLF files too');
    assert.deepEqual(listedSecretFiles('/config/settings.json\n'), [], 'no managed block: nothing listed by Vaultify');
  });

  it('scans only the files the patterns do not hide already', () => {
    assert.deepEqual(filesToScanForSecrets(['.env', '.env.example', 'config.json', 'keys/server.pem', 'local.txt'], ['local.txt']), [
      '.env.example',
      'config.json',
    ]);
  });
});
