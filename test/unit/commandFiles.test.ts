import * as assert from 'node:assert/strict';
import { filesRunBy } from '../../src/core/policy';

describe('the files a command line runs', () => {
  const cases: [string, string[]][] = [
    ['sh ./deploy.sh', ['deploy.sh']],
    ['bash -e scripts/release.sh --dry-run', ['scripts/release.sh']],
    ['./deploy.sh prod', ['deploy.sh']],
    ['/opt/tools/ship', ['/opt/tools/ship']],
    ['source ./env.sh && ./run', ['env.sh', 'run']],
    ['python3 -u tools/seed.py', ['tools/seed.py']],
    ['node --require ./hook.js server.js', ['server.js']],
    ['python -m http.server', []],
    ['node -e "console.log(1)"', []],
    ['npm run deploy', ['package.json']],
    ['npm test', ['package.json']],
    ['npm ci', ['package.json']],
    ['npm --prefix web run build', ['web/package.json']],
    ['npm view react', []],
    ['yarn deploy', ['package.json']],
    ['pnpm dlx cowsay hi', []],
    ['bun run scripts/x.ts', ['scripts/x.ts']],
    ['bun run deploy', ['package.json']],
    ['make deploy', ['GNUmakefile', 'makefile', 'Makefile']],
    ['make -C infra -f Deploy.mk up', ['infra/Deploy.mk']],
    ['just release', ['justfile', 'Justfile', '.justfile']],
    ['rake db:migrate', ['Rakefile', 'rakefile', 'Rakefile.rb']],
    ['task deploy', ['Taskfile.yml', 'Taskfile.yaml']],
    ['uv run python scripts/seed.py', ['pyproject.toml', 'scripts/seed.py']],
    ['poetry run ./deploy.sh', ['pyproject.toml', 'deploy.sh']],
    ['deno task start', ['deno.json', 'deno.jsonc']],
    ['go run ./cmd/main.go', ['cmd/main.go']],
    ['env STAGE=prod sh deploy.sh', ['deploy.sh']],
    ['npx tsx scripts/deploy.ts', ['scripts/deploy.ts']],
    ["sh -c 'cd app && sh ./deploy.sh'", ['app/deploy.sh']],
    ['cd web && npm run build; make', ['web/package.json', 'web/GNUmakefile', 'web/makefile', 'web/Makefile']],
    ['FOO=1 sudo -E ./deploy.sh | tee log', ['deploy.sh']],
    ['sh $SCRIPT', []],
    ['sh ./*.sh', []],
    ['echo hi', []],
    ['curl https://example.com', []],
  ];
  for (const [line, files] of cases) it(line, () => assert.deepEqual(filesRunBy(line), files));
});
