#!/usr/bin/env bash
# Prototype: run a real control plane on 127.0.0.1 from the binaries that
# build.sh cached.
#
#   test/cluster/start.sh start WORKDIR [--controllers] [--kwok] [--event-ttl=DUR]
#                               [--limited-user=NAME:NAMESPACE] [--apiserver-arg=--flag=value ...]
#   test/cluster/start.sh stop  WORKDIR
#
# start: etcd + kube-apiserver (plus kube-scheduler and kube-controller-manager
#   with --controllers, plus kwok with --kwok), each on free loopback ports,
#   everything under WORKDIR. Waits for /readyz. Writes:
#     WORKDIR/admin.kubeconfig  admin (group system:masters, static token)
#     WORKDIR/tokens.csv        static tokens (add lines before start for more users)
#     WORKDIR/cluster.env       PIDs, ports, paths (shell-sourceable)
#     WORKDIR/logs/*.log        one log per component
#   --event-ttl=DUR: the apiserver's --event-ttl (default 10m), e.g. 20s to test expiry.
#   --limited-user=NAME:NS: a static-token user without groups, a Role allowing
#     get/list/watch on events (core and events.k8s.io) in NS only (NS is
#     created), and WORKDIR/limited.kubeconfig for it (context namespace NS).
#   --apiserver-arg=ARG: one more kube-apiserver flag (repeatable).
# stop: kills exactly the PIDs recorded in WORKDIR/cluster.env (TERM, then KILL).
# Env: KEVTUI_CLUSTER_BIN (default: the folder build.sh prints),
#      KEVTUI_CLUSTER_READY_TIMEOUT (seconds, default 120).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "start.sh: FAILED: $*" >&2; exit 1; }
say() { echo "start.sh: $*" >&2; }

usage() { die "usage: $0 start WORKDIR [--controllers] [--kwok] [--event-ttl=DUR] [--limited-user=NAME:NS] [--apiserver-arg=ARG]... | $0 stop WORKDIR"; }
[ $# -ge 2 ] || usage
CMD="$1" WORK="$2"; shift 2

# ---------------------------------------------------------------- stop
stop_all() {
  local env="$WORK/cluster.env"
  [ -f "$env" ] || { say "nothing to stop ($env missing)"; return 0; }
  local pids
  pids="$(sed -n 's/^[A-Z_]*_PID=\([0-9][0-9]*\)$/\1/p' "$env" | tac)"
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  say "stopped PIDs: $(echo $pids)"
  mv -f "$env" "$env.stopped"
}

if [ "$CMD" = stop ]; then stop_all; exit 0; fi
[ "$CMD" = start ] || usage

WITH_CONTROLLERS=0 WITH_KWOK=0 EVENT_TTL=10m LIMITED_USER="" LIMITED_NS=""
EXTRA_API_ARGS=()
for a in "$@"; do
  case "$a" in
    --controllers) WITH_CONTROLLERS=1 ;;
    --kwok) WITH_KWOK=1 ;;
    --event-ttl=*) EVENT_TTL="${a#--event-ttl=}" ;;
    --limited-user=*:*)
      LIMITED_USER="${a#--limited-user=}"; LIMITED_NS="${LIMITED_USER#*:}"; LIMITED_USER="${LIMITED_USER%%:*}"
      [[ "$LIMITED_USER" =~ ^[a-z0-9][-a-z0-9.]*$ && "$LIMITED_NS" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "bad --limited-user '$a' (want NAME:NAMESPACE)" ;;
    --apiserver-arg=*) EXTRA_API_ARGS+=("${a#--apiserver-arg=}") ;;
    *) usage ;;
  esac
done

BIN="${KEVTUI_CLUSTER_BIN:-}"
if [ -z "$BIN" ]; then BIN="$("$HERE/build.sh")" || die "build.sh failed"; fi
for b in etcd kube-apiserver; do [ -x "$BIN/$b" ] || die "$BIN/$b missing (run build.sh)"; done
command -v openssl >/dev/null || die "openssl not found"
command -v curl >/dev/null || die "curl not found"

mkdir -p "$WORK" && WORK="$(cd "$WORK" && pwd)"
[ -f "$WORK/cluster.env" ] && die "$WORK/cluster.env exists: a cluster may still run there (stop it first)"
mkdir -p "$WORK/logs" "$WORK/etcd" "$WORK/certs"
ENV="$WORK/cluster.env"
: > "$ENV"
record() { echo "$1=$2" >> "$ENV"; }

# If anything below fails, stop what was already started.
trap 'rc=$?; if [ $rc -ne 0 ]; then say "start failed, stopping what was started (logs: $WORK/logs)"; stop_all; fi' EXIT

# A loopback port nobody listens on and we have not handed out yet.
USED=" "
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    case "$USED" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED+="$p "; echo "$p"; return 0; fi
  done
  return 1
}

ETCD_PORT=$(free_port) ETCD_PEER_PORT=$(free_port) API_PORT=$(free_port)
SCHED_PORT=$(free_port) KCM_PORT=$(free_port)

# Credentials: service-account key pair and a static admin token.
openssl genrsa -out "$WORK/sa.key" 2048 2>/dev/null || die "openssl genrsa failed"
openssl rsa -in "$WORK/sa.key" -pubout -out "$WORK/sa.pub" 2>/dev/null || die "openssl rsa -pubout failed"
ADMIN_TOKEN="$(openssl rand -hex 24)"
[ -f "$WORK/tokens.csv" ] && grep -v '^[^,]*,admin,' "$WORK/tokens.csv" > "$WORK/tokens.extra" || : > "$WORK/tokens.extra"
if [ -n "$LIMITED_USER" ]; then
  LIMITED_TOKEN="$(openssl rand -hex 24)"
  grep -v "^[^,]*,${LIMITED_USER}," "$WORK/tokens.extra" > "$WORK/tokens.extra2" || true
  echo "${LIMITED_TOKEN},${LIMITED_USER},${LIMITED_USER}-uid" >> "$WORK/tokens.extra2"
  mv -f "$WORK/tokens.extra2" "$WORK/tokens.extra"
fi
{ echo "${ADMIN_TOKEN},admin,admin-uid,\"system:masters\""; cat "$WORK/tokens.extra"; } > "$WORK/tokens.csv"
rm -f "$WORK/tokens.extra"
chmod 600 "$WORK/tokens.csv" "$WORK/sa.key" "$ENV"

record WORK "$WORK"; record BIN "$BIN"
record ETCD_PORT "$ETCD_PORT"; record API_PORT "$API_PORT"
record API_URL "https://127.0.0.1:$API_PORT"
record KUBECONFIG "$WORK/admin.kubeconfig"

# ---------------------------------------------------------------- etcd
"$BIN/etcd" --name=kevtui --data-dir="$WORK/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="kevtui=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync --log-level=warn \
  > "$WORK/logs/etcd.log" 2>&1 &
record ETCD_PID $!

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"' && break
  kill -0 "$(sed -n 's/^ETCD_PID=//p' "$ENV")" 2>/dev/null || die "etcd exited (see $WORK/logs/etcd.log)"
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"' || die "etcd not healthy after 20s"

# ---------------------------------------------------------------- kube-apiserver
"$BIN/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --cert-dir="$WORK/certs" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$WORK/sa.pub" --service-account-signing-key-file="$WORK/sa.key" \
  --service-cluster-ip-range=10.0.0.0/24 \
  --authorization-mode=RBAC --token-auth-file="$WORK/tokens.csv" \
  --event-ttl="$EVENT_TTL" --endpoint-reconciler-type=none --profiling=false \
  ${EXTRA_API_ARGS[@]+"${EXTRA_API_ARGS[@]}"} \
  > "$WORK/logs/kube-apiserver.log" 2>&1 &
record APISERVER_PID $!
APISERVER_PID=$!

# The self-signed serving certificate (leaf + its CA) appears in --cert-dir.
for _ in $(seq 1 150); do
  [ -s "$WORK/certs/apiserver.crt" ] && break
  kill -0 "$APISERVER_PID" 2>/dev/null || die "kube-apiserver exited (see $WORK/logs/kube-apiserver.log)"
  sleep 0.2
done
[ -s "$WORK/certs/apiserver.crt" ] || die "kube-apiserver wrote no $WORK/certs/apiserver.crt"

cat > "$WORK/admin.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kevtui
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 < "$WORK/certs/apiserver.crt")
users:
- name: admin
  user:
    token: $ADMIN_TOKEN
contexts:
- name: kevtui
  context: {cluster: kevtui, user: admin}
current-context: kevtui
EOF
chmod 600 "$WORK/admin.kubeconfig"

TIMEOUT="${KEVTUI_CLUSTER_READY_TIMEOUT:-120}"
deadline=$(( $(date +%s) + TIMEOUT ))
until [ "$(curl -fsS --cacert "$WORK/certs/apiserver.crt" -H "Authorization: Bearer $ADMIN_TOKEN" \
            "https://127.0.0.1:$API_PORT/readyz" 2>/dev/null)" = ok ]; do
  kill -0 "$APISERVER_PID" 2>/dev/null || die "kube-apiserver exited (see $WORK/logs/kube-apiserver.log)"
  [ "$(date +%s)" -lt "$deadline" ] || die "kube-apiserver not ready after ${TIMEOUT}s (see $WORK/logs/kube-apiserver.log)"
  sleep 0.5
done
say "kube-apiserver ready on https://127.0.0.1:$API_PORT"
record EVENT_TTL "$EVENT_TTL"

# ---------------------------------------------------------------- limited user
# api_create PATH JSON: create an object as admin; one that already exists (409) is fine.
api_create() {
  local code
  code="$(curl -sS -o "$WORK/logs/last-create.json" -w '%{http_code}' --cacert "$WORK/certs/apiserver.crt" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -X POST --data "$2" \
    "https://127.0.0.1:$API_PORT$1")" || die "POST $1 failed (curl)"
  case "$code" in 201|409) ;; *) die "POST $1 answered $code: $(head -c 400 "$WORK/logs/last-create.json")" ;; esac
}
if [ -n "$LIMITED_USER" ]; then
  api_create /api/v1/namespaces \
    '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"'"$LIMITED_NS"'"}}'
  api_create "/apis/rbac.authorization.k8s.io/v1/namespaces/$LIMITED_NS/roles" \
    '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"events-reader","namespace":"'"$LIMITED_NS"'"},
      "rules":[{"apiGroups":["","events.k8s.io"],"resources":["events"],"verbs":["get","list","watch"]}]}'
  api_create "/apis/rbac.authorization.k8s.io/v1/namespaces/$LIMITED_NS/rolebindings" \
    '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"events-reader-'"$LIMITED_USER"'","namespace":"'"$LIMITED_NS"'"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"events-reader"},
      "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"'"$LIMITED_USER"'"}]}'
  rm -f "$WORK/logs/last-create.json"
  cat > "$WORK/limited.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kevtui
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 < "$WORK/certs/apiserver.crt")
users:
- name: $LIMITED_USER
  user:
    token: $LIMITED_TOKEN
contexts:
- name: kevtui-limited
  context: {cluster: kevtui, user: $LIMITED_USER, namespace: $LIMITED_NS}
current-context: kevtui-limited
EOF
  chmod 600 "$WORK/limited.kubeconfig"
  record LIMITED_USER "$LIMITED_USER"; record LIMITED_NAMESPACE "$LIMITED_NS"
  record LIMITED_KUBECONFIG "$WORK/limited.kubeconfig"
  say "limited user $LIMITED_USER may get/list/watch events in namespace $LIMITED_NS only"
fi

# ---------------------------------------------------------------- controllers
if [ $WITH_CONTROLLERS = 1 ]; then
  for b in kube-scheduler kube-controller-manager; do [ -x "$BIN/$b" ] || die "$BIN/$b missing"; done
  "$BIN/kube-scheduler" --kubeconfig="$WORK/admin.kubeconfig" \
    --authentication-kubeconfig="$WORK/admin.kubeconfig" --authorization-kubeconfig="$WORK/admin.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" \
    > "$WORK/logs/kube-scheduler.log" 2>&1 &
  record SCHEDULER_PID $!; record SCHEDULER_PORT "$SCHED_PORT"
  KCM_CONTROLLERS='*'
  [ $WITH_KWOK = 1 ] || KCM_CONTROLLERS='*,-node-lifecycle-controller'
  "$BIN/kube-controller-manager" --kubeconfig="$WORK/admin.kubeconfig" \
    --authentication-kubeconfig="$WORK/admin.kubeconfig" --authorization-kubeconfig="$WORK/admin.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
    --controllers="$KCM_CONTROLLERS" \
    --service-account-private-key-file="$WORK/sa.key" --root-ca-file="$WORK/certs/apiserver.crt" \
    > "$WORK/logs/kube-controller-manager.log" 2>&1 &
  record CONTROLLER_MANAGER_PID $!; record CONTROLLER_MANAGER_PORT "$KCM_PORT"
  for name in SCHEDULER CONTROLLER_MANAGER; do
    port="$(sed -n "s/^${name}_PORT=//p" "$ENV")" pid="$(sed -n "s/^${name}_PID=//p" "$ENV")"
    deadline=$(( $(date +%s) + TIMEOUT ))
    until [ "$(curl -ksS "https://127.0.0.1:$port/healthz" 2>/dev/null)" = ok ]; do
      kill -0 "$pid" 2>/dev/null || die "$name exited (see $WORK/logs)"
      [ "$(date +%s)" -lt "$deadline" ] || die "$name not healthy after ${TIMEOUT}s (see $WORK/logs)"
      sleep 0.5
    done
  done
  say "kube-scheduler and kube-controller-manager healthy"
fi

if [ $WITH_KWOK = 1 ]; then
  [ -x "$BIN/kwok" ] || die "$BIN/kwok missing"
  # Own config file, so nothing from ~/.kwok is read; listing no stages means
  # kwok's built-in default node and pod stages.
  printf '%s\n' 'kind: KwokConfiguration' 'apiVersion: config.kwok.x-k8s.io/v1alpha1' 'options: {}' > "$WORK/kwok.yaml"
  # Node and pod IPs below are only labels inside fake nodes; nothing is sent to them.
  "$BIN/kwok" --kubeconfig="$WORK/admin.kubeconfig" --config="$WORK/kwok.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr=10.244.0.1/24 --node-ip=10.245.0.1 --node-lease-duration-seconds=40 \
    > "$WORK/logs/kwok.log" 2>&1 &
  record KWOK_PID $!
  sleep 2
  kill -0 "$(sed -n 's/^KWOK_PID=//p' "$ENV")" 2>/dev/null || die "kwok exited (see $WORK/logs/kwok.log)"
  say "kwok running"
fi

trap - EXIT
say "up; PIDs and ports in $ENV; stop with: $0 stop $WORK"
cat "$ENV"
