#!/usr/bin/env bash
# Starts, stops or lists the servers the integration tests publish charts to, all on 127.0.0.1:
#   registry       docker-registry, plain-HTTP OCI registry           127.0.0.1:15000
#   registry-auth  docker-registry with htpasswd basic auth            127.0.0.1:15001
#   webdav         nginx WebDAV (PUT) chart repository                 127.0.0.1:18080
#                  and the same behind basic auth                      127.0.0.1:18081
# Test-only credentials: user matrixmon, password s3cr3t-Pa55word.
# Usage: scripts/test-servers.sh start|stop|status [STATE_DIR]   (default target/test-servers)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
action="${1:-status}"
state="$(mkdir -p "${2:-$root/target/test-servers}" && cd "${2:-$root/target/test-servers}" && pwd)"
user=matrixmon
password=s3cr3t-Pa55word

alive() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for() { # name url [curl options]
  local name=$1 url=$2; shift 2
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.1
  done
  echo "test-servers: $name did not answer at $url; its log ends with:" >&2
  tail -n 20 "$state/$name.log" >&2 || true
  return 1
}

start_registry() { # name port [auth]
  local name=$1 port=$2 auth=${3:-}
  if alive "$name"; then return 0; fi
  port_free "$port" || { echo "test-servers: 127.0.0.1:$port is taken by another process" >&2; exit 1; }
  mkdir -p "$state/$name-data"
  {
    echo "version: 0.1"
    echo "log: {level: info}"
    echo "storage: {filesystem: {rootdirectory: $state/$name-data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$port, secret: matrixmon-test-secret}"
    if [ -n "$auth" ]; then
      htpasswd -Bbn "$user" "$password" > "$state/$name.htpasswd"
      echo "auth: {htpasswd: {realm: matrixmon-test, path: $state/$name.htpasswd}}"
    fi
  } > "$state/$name.yml"
  docker-registry serve "$state/$name.yml" > "$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
  wait_for "$name" "http://127.0.0.1:$port/v2/"
}

start_webdav() {
  if alive webdav; then return 0; fi
  for port in 18080 18081; do
    port_free "$port" || { echo "test-servers: 127.0.0.1:$port is taken by another process" >&2; exit 1; }
  done
  mkdir -p "$state/webdav/charts" "$state/webdav/tmp"
  htpasswd -bcm "$state/webdav.htpasswd" "$user" "$password" 2>/dev/null
  cat > "$state/webdav.conf" <<CONF
daemon off;
user root;
worker_processes 1;
pid $state/webdav.nginx.pid;
error_log $state/webdav.log info;
events { worker_connections 64; }
http {
  access_log $state/webdav.access.log;
  client_body_temp_path $state/webdav/tmp/body;
  proxy_temp_path $state/webdav/tmp/proxy;
  fastcgi_temp_path $state/webdav/tmp/fastcgi;
  uwsgi_temp_path $state/webdav/tmp/uwsgi;
  scgi_temp_path $state/webdav/tmp/scgi;
  types { application/gzip tgz; application/yaml yaml; }
  server {
    listen 127.0.0.1:18080;
    root $state/webdav;
    client_max_body_size 50m;
    location / { dav_methods PUT DELETE MKCOL; create_full_put_path on; dav_access user:rw group:r all:r; autoindex on; }
  }
  server {
    listen 127.0.0.1:18081;
    root $state/webdav;
    client_max_body_size 50m;
    location / {
      limit_except GET HEAD { auth_basic "matrixmon-test"; auth_basic_user_file $state/webdav.htpasswd; }
      dav_methods PUT DELETE MKCOL; create_full_put_path on; dav_access user:rw group:r all:r; autoindex on;
    }
  }
}
CONF
  nginx -p "$state" -c "$state/webdav.conf" -e "$state/webdav.log" > "$state/webdav.out" 2>&1 &
  echo $! > "$state/webdav.pid"
  wait_for webdav http://127.0.0.1:18080/ && wait_for webdav http://127.0.0.1:18081/
}

stop_one() {
  local name=$1 pid
  [ -f "$state/$name.pid" ] || return 0
  pid=$(cat "$state/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$state/$name.pid"
}

case "$action" in
  start)
    start_registry registry 15000
    start_registry registry-auth 15001 auth
    start_webdav
    "$0" status "$state"
    ;;
  stop)
    for name in webdav registry-auth registry; do stop_one "$name"; done
    ;;
  status)
    for entry in "registry http://127.0.0.1:15000" "registry-auth http://127.0.0.1:15001" \
                 "webdav http://127.0.0.1:18080+18081"; do
      set -- $entry
      if alive "$1"; then echo "$1 $2 pid $(cat "$state/$1.pid")"; else echo "$1 $2 stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status [STATE_DIR]" >&2; exit 2 ;;
esac
