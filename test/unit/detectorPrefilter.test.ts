import * as assert from 'node:assert/strict';
import { Detector, type DetectorRule } from '../../src/core/detect';
import { PRESET_RULES } from '../../src/core/detect/secretlintAdapter';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { B62, BASE32, DIGITS, HEX, URLSAFE, fakes, structuredCases, vendorCases } from './rulesFakeCredentials';

const f = fakes(3);
const pem = (type: string) => `-----BEGIN ${type}PRIVATE KEY-----\n${f.pemBody(220)}\n-----END ${type}PRIVATE KEY-----`;
const ops =
  'ops_' +
  Buffer.from(
    JSON.stringify({ signInAddress: 'my.1password.com', email: 'ci@example.org', secretKey: f.mixed(40), srpX: f.chars(64, HEX) }),
  )
    .toString('base64')
    .replace(/=+$/, '');

/** One sample per preset rule and per Vaultify rule family, in the casings texts really use. */
const SAMPLES: [filePath: string, text: string][] = [
  ['credentials', `[default]\nAWS_SECRET_ACCESS_KEY = ${f.mixed(40, B62 + '/+')}\naws_access_key_id = AKIA${f.chars(16, BASE32)}\n`],
  [
    'sa.json',
    JSON.stringify(
      {
        type: 'service_account',
        private_key_id: f.chars(40, HEX),
        private_key: pem('') + '\n',
        client_email: 'ci@proj.iam.gserviceaccount.com',
      },
      null,
      2,
    ),
  ],
  ['.npmrc', `//registry.npmjs.org/:_authToken=${f.checksummed('npm')}\n`],
  ['package.json', `{"dependencies": {"lib": "git+https://${f.mixed(40)}:x-oauth-basic@github.com/acme/lib.git"}}\n`],
  [
    '.env',
    `SLACK=xoxb-${f.chars(12, DIGITS)}-${f.chars(12, DIGITS)}-${f.mixed(24)}\nSLACK_APP=xapp-1-A${f.chars(10, BASE32)}-${f.chars(13, DIGITS)}-${f.chars(64, HEX)}\nHOOK=HTTPS://HOOKS.SLACK.COM/services/T${f.chars(10, BASE32)}/B${f.chars(10, BASE32)}/${f.mixed(24)}\n`,
  ],
  [
    'urls.txt',
    `https://deploy:${f.mixed(16)}@git.acme.com/x\nHTTPS://Deploy:${f.mixed(16)}@Git.Acme.COM/x\nMONGODB+SRV://app:${f.mixed(16)}@cluster0.acme.net/db\nJDBC:MYSQL://app:${f.mixed(16)}@db:3306/x\nPostgreSQL://app:${f.mixed(16)}@db/x\n`,
  ],
  [
    '.env',
    `OPENAI=sk-proj-${f.mixed(74, URLSAFE)}T3BlbkFJ${f.mixed(74, URLSAFE)}\nANTHROPIC=sk-ant-api03-${f.mixed(93, URLSAFE)}AA\nGROQ=gsk_${f.mixed(52)}\nHF=hf_${f.chars(34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}\n`,
  ],
  [
    '.env',
    `LINEAR=lin_api_${f.mixed(40)}\nNOTION=ntn_${f.chars(11, DIGITS)}${f.mixed(35)}\nSENDGRID=SG.${f.mixed(22, URLSAFE)}.${f.mixed(43, URLSAFE)}\nSHOPIFY=shpat_${f.chars(32, HEX)}\n`,
  ],
  [
    'key.pem',
    `${pem('RSA ')}\n${pem('EC ')}\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${f.pemBody(300, 'lQ')}\n=${f.mixed(4)}\n-----END PGP PRIVATE KEY BLOCK-----\n`,
  ],
  [
    '.env',
    `GH=${f.checksummed('ghp')}\nGHF=github_pat_${f.mixed(22)}_${f.mixed(59)}\nGL=glpat-${f.mixed(20, URLSAFE)}\nGRAFANA=glc_${f.mixed(60)}\nGSA=glsa_${f.mixed(32)}_${f.chars(8, HEX)}\n`,
  ],
  [
    '.env',
    `OP=${ops}\nVAULT=hvs.${f.mixed(95, URLSAFE)}\nVERCEL=vcp_${f.mixed(24)}\nDATABRICKS=dapi${f.chars(32, HEX)}\nDOCKER=dckr_pat_${f.mixed(27, URLSAFE)}\nFIGMA=figd_${f.mixed(40, URLSAFE)}\n`,
  ],
  [
    'app.yaml',
    `db:\n  password: "${f.mixed(20)}"\nDiscord: ${Buffer.from('81234567890123456').toString('base64').replace(/=+$/, '')}.${f.mixed(6)}.${f.mixed(38)}\nbot: ${f.chars(10, DIGITS)}:AA${f.mixed(33, URLSAFE)}\n`,
  ],
  [
    '.env',
    `GITHUB_TOKEN=${f.checksummed('ghp')} # secretlint-disable-line\nJWT=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.${f.mixed(43, URLSAFE)}\n`,
  ],
  ...[...vendorCases(4), ...structuredCases(4)].map(([name, text]): [string, string] => [
    name.includes('.pgpass') ? '.pgpass' : '.env',
    text,
  ]),
  ['deploy.sh', `sshpass -p '${f.mixed(16)}' ssh ops@host\ncurl -u ci:${f.mixed(16)} https://api.acme.net\n`],
  ['secrets.yaml', `api_key: ${f.mixed(32)}\n`],
  ['jwks.json', `{"keys": [{"kty": "EC", "crv": "P-256", "x": "${f.mixed(43, URLSAFE)}", "d": "${f.mixed(43, URLSAFE)}"}]}\n`],
  ['handover.md', `Admin console ID:admin/PW:${f.mixed(16)}\nSecret Key: ${f.mixed(24)}\n`],
  [
    '.env',
    `OP_SERVICE_ACCOUNT_TOKEN=ops_${Buffer.from(JSON.stringify({ signInAddress: 'my.1password.com', srpX: f.chars(64, HEX) })).toString('base64url')}\n`,
  ],
  ['upload.py', `auth = oss2.Auth("LTAI${f.mixed(20)}", "${f.mixed(30)}")\n`],
  ['install.sh', `echo '${Buffer.from(pem('RSA ') + '\n').toString('base64')}' | base64 -d > /etc/ssl/private/app.key\n`],
  ['settings.py', `DB_PASSWORD = os.getenv("DB_PASSWORD", "${f.mixed(20)}")\n`],
  ['social.yml', `Facebook:\n  app_access: "${f.chars(15, '123456789')}|${f.mixed(27, URLSAFE)}"\n`],
];

function withoutPrefilter(rules: readonly DetectorRule[]): DetectorRule[] {
  return rules.map(({ anchors: _anchors, fileNames: _fileNames, ...rule }) => ({ ...rule, keywords: rule.keywords ? [''] : undefined }));
}

describe('detector keyword prefilter', () => {
  for (const [name, rules] of [
    ['the recommended preset', PRESET_RULES],
    ['the default rule set', DEFAULT_RULES],
  ] as const) {
    it(`drops no finding of ${name}: with and without it, the findings are identical`, async () => {
      const filtered = new Detector(rules);
      const unfiltered = new Detector(withoutPrefilter(rules));
      const reporting = new Set<string>();
      for (const [filePath, text] of SAMPLES) {
        const a = await filtered.detect(text, { filePath });
        const b = await unfiltered.detect(text, { filePath });
        assert.deepEqual(a, b, `${filePath}:\n${text}`);
        for (const finding of a.findings) reporting.add(finding.ruleId);
      }
      // Every scanner (not the comment filter, which reports nothing) must have reported on some
      // sample, or the comparison proves nothing for it.
      // The GCP rule's whole-file finding always loses to the narrower private-key one it contains;
      // the netrc rule needs a file named .netrc or a `machine ... login` line, which a sample has.
      const silent = rules
        .filter(
          (r) =>
            r.keywords &&
            r.creator.meta.id !== '@secretlint/secretlint-rule-filter-comments' &&
            !reporting.has(r.creator.meta.id) &&
            r.creator.meta.id !== '@secretlint/secretlint-rule-gcp',
        )
        .map((r) => r.creator.meta.id);
      assert.deepEqual(silent, []);
    });
  }

  it('finds Slack app-level tokens through the preset, whose pattern starts `xapp-`', async () => {
    const slack = PRESET_RULES.filter((r) =>
      ['@secretlint/secretlint-rule-slack', '@secretlint/secretlint-rule-filter-comments'].includes(r.creator.meta.id),
    );
    const text = `SLACK_APP_TOKEN=xapp-1-A${f.chars(10, BASE32)}-${f.chars(13, DIGITS)}-${f.chars(64, HEX)}\n`;
    assert.equal((await new Detector(slack).detect(text)).findings.length, 1);
  });
});
