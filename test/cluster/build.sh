#!/usr/bin/env bash
# Build a real Kubernetes control plane (etcd, kube-apiserver, kube-scheduler,
# kube-controller-manager) and kwok from Go modules, into a cache folder keyed
# by the Kubernetes version, and print that folder (the only line on stdout).
#
#   bin="$(test/cluster/build.sh)"            # e.g. ~/.cache/kevtui-cluster/v1.33.13/bin
#   nice -n 19 test/cluster/build.sh          # kinder to a busy 2-core machine
#
# Idempotent: a binary already in the cache whose embedded module version is
# the wanted one is not rebuilt. Versions come from go.mod (Kubernetes, etcd)
# and KWOK_VERSION below; to move Kubernetes, run update-gomod.sh.
# Env: KEVTUI_CLUSTER_CACHE (cache root, default ~/.cache/kevtui-cluster),
#      KWOK_VERSION (default below), KEVTUI_CLUSTER_SKIP_KWOK=1 to skip kwok.
# On failure: exits non-zero, last stderr line "build.sh: FAILED: <reason>".
set -euo pipefail

KWOK_VERSION="${KWOK_VERSION:-v0.7.0}" # v0.7.0 is built on k8s.io/* v0.33; v0.8.0 on v0.36 (go 1.26)

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG=""
fail() {
  if [ -n "$LOG" ] && [ -s "$LOG" ]; then
    echo "---- last lines of $LOG ----" >&2
    tail -n 25 "$LOG" >&2
    echo "----" >&2
  fi
  echo "build.sh: FAILED: $*" >&2
  exit 1
}
say() { echo "build.sh: $*" >&2; }

command -v go >/dev/null 2>&1 || fail "go is not in PATH (need Go >= the go line of $HERE/go.mod)"
cd "$HERE"
[ -f go.mod ] && [ -f go.sum ] || fail "missing $HERE/go.mod or go.sum (run update-gomod.sh vX.Y.Z)"

# Never let a workspace or a caller's GOFLAGS move the pinned module graph.
export GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0

K8S_VERSION="$(go list -m -f '{{.Version}}' k8s.io/kubernetes 2>/dev/null)" \
  || fail "cannot read the k8s.io/kubernetes version from go.mod (go $(go env GOVERSION))"
ETCD_VERSION="$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3 2>/dev/null)" \
  || fail "cannot read the go.etcd.io/etcd/server/v3 version from go.mod"
[[ "$K8S_VERSION" =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || fail "unexpected k8s.io/kubernetes version '$K8S_VERSION'"
K8S_MAJOR="${BASH_REMATCH[1]}" K8S_MINOR="${BASH_REMATCH[2]}"

CACHE_ROOT="${KEVTUI_CLUSTER_CACHE:-${HOME}/.cache/kevtui-cluster}"
BIN="${CACHE_ROOT}/${K8S_VERSION}/bin"
mkdir -p "$BIN" || fail "cannot create $BIN"
LOG="${CACHE_ROOT}/${K8S_VERSION}/build.log"
: > "$LOG"

# Reproducible version stamp: the release's own publication time, not "now",
# so that rebuilding gives the same binary.
BUILD_DATE="$(go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "k8s.io/kubernetes@${K8S_VERSION}" 2>>"$LOG")" || BUILD_DATE=""
[ -n "$BUILD_DATE" ] || BUILD_DATE="1970-01-01T00:00:00Z"
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDFLAGS+=" -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=${K8S_MAJOR} -X ${pkg}.gitMinor=${K8S_MINOR}"
  LDFLAGS+=" -X ${pkg}.gitTreeState=archive -X ${pkg}.buildDate=${BUILD_DATE} -X ${pkg}.gitCommit="
done

# has NAME MODULE VERSION: the cached binary exists and embeds MODULE at VERSION.
has() {
  local f="$BIN/$1"
  [ -x "$f" ] || return 1
  go version -m "$f" 2>/dev/null | awk -v m="$2" -v v="$3" '($1=="mod"||$1=="dep") && $2==m && $3==v {ok=1} END {exit !ok}'
}

# Build into a temp folder, then move into place, so an interrupted build
# never leaves a half-written binary that looks cached.
TMP="$(mktemp -d "${CACHE_ROOT}/${K8S_VERSION}/tmp.XXXXXX")" || fail "cannot create a temp folder in ${CACHE_ROOT}/${K8S_VERSION}"
trap 'rm -rf "$TMP"' EXIT

declare -A PKG=(
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
)
missing=()
for name in kube-apiserver kube-controller-manager kube-scheduler; do
  has "$name" k8s.io/kubernetes "$K8S_VERSION" || missing+=("$name")
done

if ! has etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"; then
  say "building etcd ${ETCD_VERSION} (go $(go env GOVERSION), log: $LOG)"
  go build -trimpath -ldflags "-s -w" -o "$TMP/etcd" go.etcd.io/etcd/server/v3 >>"$LOG" 2>&1 \
    || fail "go build go.etcd.io/etcd/server/v3@${ETCD_VERSION} (etcd) failed; full log: $LOG"
  mv -f "$TMP/etcd" "$BIN/etcd"
else
  say "etcd ${ETCD_VERSION}: cached"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  pkgs=()
  for name in "${missing[@]}"; do pkgs+=("${PKG[$name]}"); done
  say "building ${missing[*]} ${K8S_VERSION} (log: $LOG)"
  # One go build for all of them: the shared packages compile once.
  go build -trimpath -ldflags "$LDFLAGS" -o "$TMP/" "${pkgs[@]}" >>"$LOG" 2>&1 \
    || fail "go build k8s.io/kubernetes@${K8S_VERSION} (${missing[*]}) failed; full log: $LOG"
  for name in "${missing[@]}"; do
    [ -x "$TMP/$name" ] || fail "go build reported success but $name was not written"
    mv -f "$TMP/$name" "$BIN/$name"
  done
else
  say "kube-apiserver, kube-controller-manager, kube-scheduler ${K8S_VERSION}: cached"
fi

if [ "${KEVTUI_CLUSTER_SKIP_KWOK:-0}" != 1 ]; then
  if ! has kwok sigs.k8s.io/kwok "$KWOK_VERSION"; then
    say "building kwok ${KWOK_VERSION} (its own module, not this go.mod's graph)"
    # go install pkg@version ignores the current module, so kwok's own
    # requirements are used and cannot move the Kubernetes build.
    (cd "$TMP" && GOFLAGS=-buildvcs=false GOBIN="$TMP" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}") >>"$LOG" 2>&1 \
      || fail "go install sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION} failed; full log: $LOG"
    mv -f "$TMP/kwok" "$BIN/kwok"
  else
    say "kwok ${KWOK_VERSION}: cached"
  fi
fi

for name in etcd kube-apiserver kube-controller-manager kube-scheduler; do
  [ -x "$BIN/$name" ] || fail "$BIN/$name missing after build"
done
echo "$BIN"
