#!/usr/bin/env bash
# Idempotent offline installer of code-server 4.100.3 (= VS Code 1.100.3 workbench + extension host)
# and playwright-core into <repo>/.cache/code-server/, following /work/shared/notes/code-server.md.
#
#   scripts/codeServer/setup.sh            # install (cold: ~2.5 min on 2 cores incl. apt; warm: ~0.3 s)
#   DIRLINT_CS_CACHE=/some/dir setup.sh    # other cache folder
#   DIRLINT_CS_FORCE=1 setup.sh            # ignore stamps, redo every step
#
# Needs: root (or passwordless apt) for the Debian packages, the npm registry, Debian apt. Nothing else:
# no step downloads a browser, a VS Code build or a prebuilt binary (npm_config_build_from_source=true,
# ripgrep comes from Debian, Chromium from Debian).
#
# Output: prints "CODE_SERVER_BIN=<path>" and "PLAYWRIGHT_CORE=<path>" as its last lines.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
PLAYWRIGHT_CORE_VERSION="${DIRLINT_PLAYWRIGHT_CORE_VERSION:-1.65.1}"
# The first six are what code-server's native modules and search need, chromium drives the workbench;
# fonts-wqy-microhei (1.6 MB) is a CJK font: without one, zh-cn text in screenshots renders as boxes.
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium fonts-wqy-microhei)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="${DIRLINT_CS_CACHE:-$REPO/.cache/code-server}"
STAMPS="$CACHE/.stamps"
STAMP_KEY="cs-${CODE_SERVER_VERSION}_pw-${PLAYWRIGHT_CORE_VERSION}_node-$(node -p 'process.versions.modules')"

T0=$(date +%s.%N)
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[setup] $*" >&2; }

mkdir -p "$CACHE" "$STAMPS"

# One installer at a time per cache folder (parallel CI jobs / parallel runs).
exec 9>"$CACHE/.lock"
flock 9

# step NAME CMD...: runs CMD once; a stamp file records success.
step() {
  local name="$1"; shift
  local stamp="$STAMPS/$STAMP_KEY.$name"
  if [[ -f "$stamp" && -z "${DIRLINT_CS_FORCE:-}" ]]; then
    return 0
  fi
  local t; t=$(now)
  log "step $name ..."
  "$@"
  touch "$stamp"
  log "step $name done in $(elapsed "$t") s"
}

# ---------------------------------------------------------------- Debian packages
apt_step() {
  local missing=()
  # node-gyp (native module rebuilds below) needs a C++ toolchain and python3; images usually have them.
  command -v g++ >/dev/null && command -v make >/dev/null || APT_PACKAGES+=(build-essential)
  command -v python3 >/dev/null || APT_PACKAGES+=(python3)
  for p in "${APT_PACKAGES[@]}"; do
    # Status must be "install ok installed"; a removed package with leftover config also passes dpkg -s.
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$p")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  local t; t=$(now)
  log "apt: installing ${missing[*]}"
  local SUDO=()
  if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  # Fresh CI images have empty package lists: update when a candidate is unknown, or when install fails.
  local need_update=0
  for p in "${missing[@]}"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then need_update=1; fi
  done
  if [[ $need_update -eq 1 ]]; then
    log "apt: package lists lack a candidate, running apt-get update"
    "${SUDO[@]}" apt-get update -q
  fi
  if ! "${SUDO[@]}" apt-get install -y -q "${missing[@]}"; then
    log "apt: install failed, retrying after apt-get update"
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" apt-get install -y -q "${missing[@]}"
  fi
  log "apt done in $(elapsed "$t") s"
}
apt_step

# ---------------------------------------------------------------- npm packages
# Everything below must neither download prebuilt binaries nor browsers.
export npm_config_build_from_source=true
export npm_config_nodedir=/usr
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PLAYWRIGHT_BROWSERS_PATH=0
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export VSCODE_SKIP_NODE_VERSION_CHECK=1

CS="$CACHE/node_modules/code-server"

npm_top() {
  cd "$CACHE"
  if [[ ! -f package.json ]]; then
    printf '{\n  "name": "dirlint-code-server-cache",\n  "private": true\n}\n' > package.json
  fi
  npm install --ignore-scripts --save-exact --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
  echo "code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION" > installed.txt
}
step npm-top npm_top

vscode_deps() {
  cd "$CS/lib/vscode"
  npm install --omit=dev --ignore-scripts --loglevel=error
}
step vscode-deps vscode_deps

vscode_rebuild() {
  cd "$CS/lib/vscode"
  npm_config_yes=true npm rebuild --loglevel=error \
    kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog
}
step vscode-rebuild vscode_rebuild

vscode_links() {
  cd "$CS/lib/vscode"
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
}
step vscode-links vscode_links

vscode_extensions() {
  cd "$CS/lib/vscode/extensions"
  npm install --omit=dev --ignore-scripts --loglevel=error
}
step vscode-extensions vscode_extensions

argon2_rebuild() {
  # "the top folder" = the folder that holds node_modules/argon2: npm hoists it to $CACHE/node_modules.
  cd "$CACHE"
  npm rebuild --loglevel=error argon2
  node -e 'require("argon2")' >/dev/null
}
step argon2 argon2_rebuild

verify() {
  local out
  # Own XDG dirs: code-server writes ~/.config/code-server/config.yaml on first start otherwise.
  out="$(XDG_CONFIG_HOME="$CACHE/.xdg/config" XDG_DATA_HOME="$CACHE/.xdg/data" \
    "$CACHE/node_modules/.bin/code-server" --version 2>&1)"
  log "code-server --version: $(echo "$out" | tr '\n' ' ')"
  if ! grep -q "$CODE_SERVER_VERSION" <<<"$out" || ! grep -q "Code 1.100" <<<"$out"; then
    log "unexpected code-server version output"
    return 1
  fi
}
step verify verify

# Cheap sanity checks every run (a half-deleted cache must not pass on stamps alone).
for f in "$CACHE/node_modules/.bin/code-server" "$CACHE/node_modules/playwright-core/package.json" \
         "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" /usr/bin/chromium; do
  if [[ ! -e "$f" ]]; then
    log "missing $f although stamps say installed; rerun with DIRLINT_CS_FORCE=1 or delete $STAMPS"
    exit 1
  fi
done

log "ready in $(elapsed "$T0") s (cache $CACHE)"
echo "CODE_SERVER_BIN=$CACHE/node_modules/.bin/code-server"
echo "PLAYWRIGHT_CORE=$CACHE/node_modules/playwright-core"
