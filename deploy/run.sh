#!/usr/bin/env bash
# TradeApi on one machine as it runs on many: the writer apart, read-only instances behind nginx with a shared
# HTTP cache (deploy/nginx.conf). Every server binds to 127.0.0.1.
#
#   bash deploy/run.sh start [--readers N] [--port P] [--db FILE] [--app DIR] [--max-age S]
#                            [--primary CONNECTION --standby CONNECTION]
#                                       build (unless --app), start, print the URLs; --max-age: the readers' max-age
#                                       for latest answers (Answers:LatestMaxAge, 300 s by default); --primary: the
#                                       writer on PostgreSQL (an Npgsql connection string), --standby: the readers on
#                                       a hot standby of it (the primary when not given); --db is then only where
#                                       download files are kept
#   bash deploy/run.sh stop                                                      stop everything it started
#
#   writer   127.0.0.1:5080  migrates and seeds the database, takes releases (POST /v1/releases), backups
#   readers  127.0.0.1:5081.. Database:ReadOnly=true on the same file (or the standby): serve every GET, refuse writes (405)
#   nginx    127.0.0.1:P (8080) load-balances the readers (proxy_next_upstream), caches their answers
#            (proxy_cache_lock, proxy_cache_revalidate), and sends writes to the writer
#
# State (pids, logs, the nginx prefix and cache) lives in deploy/.run (git-ignored).
set -euo pipefail
deploy=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$deploy")
state=$deploy/.run
cmd=${1:-}; shift || true
readers=2 port=8080 db=$state/tradeapi.db app= max_age= primary= standby=
while (($#)); do
  case $1 in
    --readers) readers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --db) db=$(realpath -m "$2"); shift 2 ;;
    --app) app=$(cd "$2" && pwd); shift 2 ;;
    --max-age) max_age=$2; shift 2 ;;
    --primary) primary=$2; shift 2 ;;
    --standby) standby=$2; shift 2 ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done

stop() {
  [[ -f $state/nginx/nginx.pid ]] && { /usr/sbin/nginx -p "$state/nginx" -c "$state/nginx/nginx.conf" -s quit 2>/dev/null || true; }
  for pid in "$state"/*.pid; do [[ -f $pid ]] && { kill "$(cat "$pid")" 2>/dev/null || true; }; rm -f "$pid"; done
  echo "stopped"
}

wait_ready() {   # URL
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$1/health/ready" && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; return 1
}

store() {   # writer|reader: the settings that choose the instance's database
  if [[ -z $primary ]]; then echo "Database__Path=$db"; return; fi
  local connection=$primary
  [[ $1 == reader && -n $standby ]] && connection=$standby
  echo "Database__Path=$db"; echo "Database__Engine=PostgreSql"; echo "Database__ConnectionString=$connection"
}

instance() {   # NAME PORT [SETTINGS...]: one TradeApi process, its pid in $state/NAME.pid
  local name=$1 listen=$2; shift 2
  local role=reader; [[ $name == writer ]] && role=writer
  mapfile -t database < <(store "$role")
  env "${database[@]}" Proxies__Trusted__0=127.0.0.1 Proxies__PublicBaseUrl="http://127.0.0.1:$port" "$@" \
    dotnet "$app/TradeApi.dll" --contentRoot "$app" --urls "http://127.0.0.1:$listen" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
  wait_ready "http://127.0.0.1:$listen"
}

start() {
  mkdir -p "$state"
  if [[ -z $app ]]; then
    app=$state/app
    dotnet publish "$repo/src/TradeApi" -c Release -o "$app" --nologo -v quiet >/dev/null
  fi
  instance writer 5080
  local servers=""
  for i in $(seq 1 "$readers"); do
    instance "reader$i" $((5080 + i)) Database__ReadOnly=true ${max_age:+Answers__LatestMaxAge=$max_age}
    servers+="server 127.0.0.1:$((5080 + i)) max_fails=1 fail_timeout=5s; "
  done
  mkdir -p "$state/nginx"
  chmod 777 "$state/nginx"   # nginx's workers (nobody, when started as root) write the cache here
  sed -e "s|@PREFIX@|$state/nginx|g" -e "s|@LISTEN@|127.0.0.1:$port|" -e "s|@READERS@|$servers|" -e "s|@WRITER@|127.0.0.1:5080|" \
    "$deploy/nginx.conf" >"$state/nginx/nginx.conf"
  /usr/sbin/nginx -p "$state/nginx" -c "$state/nginx/nginx.conf"
  wait_ready "http://127.0.0.1:$port"
  echo "serving http://127.0.0.1:$port (nginx) -> readers 127.0.0.1:5081..$((5080 + readers)); writer 127.0.0.1:5080; database $db"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
