#!/usr/bin/env bash
# TradeApi scaled out on one machine (a benchmark, not a test): deploy/run.sh's topology (the writer, two
# read-only instances on one SQLite file, nginx with deploy/nginx.conf in front), all on 127.0.0.1. With
# --engine postgresql: the writer on a PostgreSQL primary and both readers on a hot standby of it
# (deploy/postgres.sh: pg_basebackup -R, streaming replication), on loopback ports 55532 and 55533.
#
#   bash bench/scale.sh [--seconds N] [--chaos N] [--app DIR] [--engine sqlite|postgresql]
#
#   1. Throughput, wrk -t2 -c64 for N s (default 10) each, one series URL, all in the same run:
#        nginx, cache on     through deploy/nginx.conf
#        nginx, cache off    the same file with proxy_cache off (every request reaches an instance)
#        one instance        a read-only instance directly
#        nginx, same bytes   nginx serving the exact bytes of that answer from a file (the reference)
#   2. Chaos, wrk -t2 -c32 for N s (default 30) through nginx (bench/wrk/scale.lua: repeated and new queries):
#        at 1/4 a release is posted through nginx (to the writer); at 2/5 reader 1 is killed -9; at 3/5 it is
#        restarted. Printed: status codes (anything but 200 is an error returned to a client), socket errors,
#        the releases the answers named (each must be the old or the new one), nginx's hit ratio, and how long
#        after the release's 201 each instance answered with it (polled every 50 ms, directly).
#      The readers run with Answers:LatestMaxAge=5, so nginx's copies of latest answers follow within 5 s.
# Results go to bench/results/scale-<date>.md (git-ignored).
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
seconds=10 chaos=30 app= engine=sqlite
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --chaos) chaos=$2; shift 2 ;;
    --app) app=$(cd "$2" && pwd); shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    *) sed -n '2,22p' "$0" >&2; exit 2 ;;
  esac
done
for tool in wrk /usr/sbin/nginx curl; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk nginx-light curl)" >&2; exit 1; }; done

work=$(mktemp -d /tmp/tradeapi-scale.XXXX)
chmod 755 "$work"
state=$repo/deploy/.run
cleanup() {
  for prefix in "$work"/ngx-*; do [[ -f $prefix/nginx.pid ]] && { /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" -s quit 2>/dev/null || true; }; done
  bash "$repo/deploy/run.sh" stop >/dev/null 2>&1 || true
  [[ $engine == postgresql ]] && { bash "$repo/deploy/postgres.sh" stop --dir "$work/pg" >/dev/null 2>&1 || true; }
}
trap cleanup EXIT
if [[ -z $app ]]; then
  app=$work/app
  dotnet publish "$repo/src/TradeApi" -c Release -o "$app" --nologo -v quiet >/dev/null
fi
# The writer takes the bench's release with this key (configured, as always, as its SHA-256).
key=scale-bench-key-not-a-secret
export Ingestion__ApiKeys__bench__Hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
# One client (wrk) through one proxy: the per-client rate limit would measure itself.
export RateLimits__Enabled=false
store=(--db "$work/tradeapi.db")
reader_store=(Database__Path="$work/tradeapi.db")
if [[ $engine == postgresql ]]; then
  bash "$repo/deploy/postgres.sh" start --dir "$work/pg" --port 55532 --standby-port 55533 --standby >/dev/null
  psql "host=127.0.0.1 port=55532 user=postgres" -qc "CREATE DATABASE tradeapi" >/dev/null
  primary='Host=127.0.0.1;Port=55532;Username=postgres;Database=tradeapi'
  standby='Host=127.0.0.1;Port=55533;Username=postgres;Database=tradeapi'
  store+=(--primary "$primary" --standby "$standby")
  reader_store+=(Database__Engine=PostgreSql "Database__ConnectionString=$standby")
fi
bash "$repo/deploy/run.sh" start --app "$app" "${store[@]}" --max-age 5

series='/v1/trade?reporter=CN&partner=RU&flow=total&freq=A'
curl -fs "http://127.0.0.1:5081$series" -o "$work/series.json"

nginx_variant() {   # NAME PORT SED-EXPRESSION: deploy/nginx.conf with a change, on PORT
  local prefix=$work/ngx-$1
  mkdir -p "$prefix" && chmod 777 "$prefix"
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@LISTEN@|127.0.0.1:$2|" \
      -e "s|@READERS@|server 127.0.0.1:5081 max_fails=1 fail_timeout=5s; server 127.0.0.1:5082 max_fails=1 fail_timeout=5s;|" \
      -e "s|@WRITER@|127.0.0.1:5080|" -e "$3" "$repo/deploy/nginx.conf" >"$prefix/nginx.conf"
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf"
}
nginx_variant nocache 8091 's|proxy_cache tradeapi;|proxy_cache off;|'
# The reference: nginx answering every path with the answer's bytes, as JSON.
mkdir -p "$work/ngx-static/www" && chmod -R 777 "$work/ngx-static" && cp "$work/series.json" "$work/ngx-static/www/answer.json"
cat >"$work/ngx-static/nginx.conf" <<CONF
worker_processes 1;
pid $work/ngx-static/nginx.pid;
error_log $work/ngx-static/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/ngx-static/tmp; proxy_temp_path $work/ngx-static/tmp; fastcgi_temp_path $work/ngx-static/tmp;
  uwsgi_temp_path $work/ngx-static/tmp; scgi_temp_path $work/ngx-static/tmp;
  server { listen 127.0.0.1:8092; root $work/ngx-static/www; default_type application/json; location / { try_files /answer.json =404; } }
}
CONF
/usr/sbin/nginx -p "$work/ngx-static" -c "$work/ngx-static/nginx.conf"
sleep 0.5

reqs() {   # URL -> req/s of wrk -t2 -c64 for $seconds (after a 2 s warm-up)
  wrk -t2 -c64 -d2s "$1" >/dev/null
  wrk -t2 -c64 -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'
}
on=$(reqs "http://127.0.0.1:8080$series")
off=$(reqs "http://127.0.0.1:8091$series")
direct=$(reqs "http://127.0.0.1:5081$series")
static=$(reqs "http://127.0.0.1:8092/v1/trade")

# Chaos: wrk in the background while a release is posted and an instance is killed and restarted.
old=$(grep -o '"count":[0-9]*,"release":[0-9]*' "$work/series.json" | head -1 | cut -d: -f3)
wrk -t2 -c32 -d"${chaos}s" -s "$bench/wrk/scale.lua" http://127.0.0.1:8080 >"$work/chaos.txt" 2>&1 &
wrk_pid=$!
sleep "$(awk "BEGIN {print $chaos / 4}")"
posted=$(date +%s%3N)
release=$(curl -fs -X POST 'http://127.0.0.1:8080/v1/releases?dataset=trade&title=scale%20bench%20release' \
  -H "X-Api-Key: $key" -H 'Content-Type: text/csv' \
  --data-binary $'reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind\nCN,RU,total,2031,1,USD,synthetic,reported,synthetic-scale-bench,TradeApi synthetic data generator (not real),scale bench,https://example.org/synthetic,2026-01-01,analysis\n' \
  | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 || true)
seen=()
for port in 5081 5082; do
  for _ in $(seq 1 200); do
    r=$(curl -fs "http://127.0.0.1:$port/v1/releases?limit=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 || true)
    [[ -n $release && $r == "$release" ]] && break
    sleep 0.05
  done
  if [[ -n $release && $r == "$release" ]]; then seen+=("$port: $(( $(date +%s%3N) - posted )) ms"); else seen+=("$port: not seen within 10 s"); fi
done
sleep "$(awk "BEGIN {print $chaos * 2 / 5 - $chaos / 4}")"
kill -9 "$(cat "$state/reader1.pid")"
sleep "$(awk "BEGIN {print $chaos / 5}")"
env "${reader_store[@]}" Database__ReadOnly=true Answers__LatestMaxAge=5 Proxies__Trusted__0=127.0.0.1 Proxies__PublicBaseUrl=http://127.0.0.1:8080 \
  dotnet "$app/TradeApi.dll" --contentRoot "$app" --urls http://127.0.0.1:5081 >"$work/reader1-restarted.log" 2>&1 &
echo $! >"$state/reader1.pid"
wait "$wrk_pid" || true

mkdir -p "$bench/results"
out=$bench/results/scale-$(date +%Y%m%d-%H%M%S).md
{
  echo "# bench/scale.sh --engine $engine, $(date -u +%FT%TZ), $(nproc) cores, ${seconds} s per throughput run, ${chaos} s chaos run"
  echo
  echo "| series URL, wrk -t2 -c64 | req/s | ÷ nginx same bytes |"
  echo "|---|---:|---:|"
  for row in "nginx, cache on:$on" "nginx, cache off:$off" "one instance direct:$direct" "nginx, same bytes:$static"; do
    name=${row%%:*} value=${row##*:}
    echo "| $name | $value | $(awk "BEGIN {printf \"%.2f\", $value / $static}") |"
  done
  echo
  echo "Chaos run (release $old -> ${release:-none posted}; reader 1 killed -9 at 2/5 and restarted at 3/5):"
  echo
  echo '```'
  grep -E '^(statuses|cache|releases|socket_errors|requests) ' "$work/chaos.txt"
  echo "new release answered by each instance after its 201: ${seen[*]}"
  echo '```'
  awk '/^cache / { for (i = 2; i <= NF; i++) { split($i, kv, "="); total += kv[2]; if (kv[1] == "HIT") hit = kv[2] } }
       END { if (total) printf "nginx hit ratio: %.1f%%\n", 100 * hit / total }' "$work/chaos.txt"
} | tee "$out"
