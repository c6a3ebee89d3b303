#!/usr/bin/env bash
# TradeApi benchmark: speed and memory, always beside nginx serving the same bytes in the same run.
# Run on purpose (not in CI), from anywhere:
#
#   bash bench/run.sh [--seconds N] [--big] [--legacy] [--rows N] [--src DIR | --app DIR] [--label NAME] [--keep]
#
#   --seconds N  length of each measured wrk run (default 10; every run is preceded by a 3 s warm-up, except c)
#   --big        also build and measure a 10,000,000-row database (besides the seed and 1,000,000 rows)
#   --rows N     the size of the middle database (default 1000000)
#   --legacy     generate the old synthetic shape (CN->RU and RU->CN, 1900-01..2100-12, many sources) that
#                the code before the Comtrade-shaped rewrite accepts; the queries change to match
#   --src DIR    publish TradeApi from another checkout (e.g. a git worktree of an older commit); default: this one
#   --app DIR    use an already published TradeApi (a directory holding TradeApi.dll) instead of publishing
#   --label NAME the results file becomes bench/results/NAME-<date>.md
#   --keep       keep the work directory (databases, generated files, wrk outputs, logs) and print its path
#
# What it does, and what each number means:
#   1. dotnet publish src/TradeApi -c Release; bench/Generator writes synthetic release files (never real data:
#      source synthetic-bench, publisher "TradeApi synthetic data generator (not real)").
#   2. Databases: the seed only (what a first start creates), and N rows (plus 10M with --big), each created
#      by the command line `TradeApi.dll import FILE --dataset trade` into a fresh file.
#      import rows/s, import peak MB   = rows / wall seconds, and peak resident memory (/usr/bin/time %e %M)
#      revision rows/s, revision peak MB = the same for a second release of 1M rows with the same keys and
#                                        every value changed (--seed 1)
#   3. For each database, TradeApi serves it on 127.0.0.1:5099, then nginx on 127.0.0.1:5098 serves, for any
#      path, the exact bytes TradeApi answered (same Content-Type), and the same wrk commands run against both:
#      cold start      launch of the process until the first 200 of the series URL (curl polled every 10 ms)
#      a. series       one URL over and over, 64 connections, wrk -t2: req/s, p50, p99 latency
#      b. distinct     every request a different query (bench/wrk/distinct.lua), 64 connections: req/s, p99
#      c. keyed        one series, one period, 1 connection, wrk -t1, with the answer cache off (Answers__Enabled=false), distinct through limit=1..10000 so no
#                      answer cache can serve it (c has no warm-up of its own: a and b warmed the server):
#                      p50, mean latency
#      d. openapi      /openapi/v1.json, 64 connections: req/s
#      RSS, peak RSS   VmRSS and VmHWM of the server process after a-d (nginx: master + workers summed)
#      The ratio column is TradeApi / nginx (below 1 for req/s, above 1 for latencies and memory).
#   4. Budget rows: the keyed p50 and mean on each synthetic database divided by the same on the seed database;
#      nginx's column shows the same quotient for nginx, i.e. the noise of the machine.
#   The table is printed and written to bench/results/<date>.md (git-ignored).
#
# Both servers share 2 cores with wrk: absolute numbers say little, ratios to nginx are the point.
set -euo pipefail
shopt -s extglob

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
seconds=10 big=0 legacy=0 rows=1000000 src=$repo app= label= keep=0
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --big) big=1; shift ;;
    --rows) rows=$2; shift 2 ;;
    --legacy) legacy=1; shift ;;
    --src) src=$(cd "$2" && pwd); shift 2 ;;
    --app) app=$(cd "$2" && pwd); shift 2 ;;
    --label) label=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
  esac
done

api_port=5099 nginx_port=5098 peer_port=5097
api=http://127.0.0.1:$api_port
ngx=http://127.0.0.1:$nginx_port
peer=http://127.0.0.1:$peer_port
warmup=3

say() { printf '%s  %s\n' "$(date +%T)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# --- tools -----------------------------------------------------------------------------------------------
missing=()
[[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null || { [[ " ${missing[*]} " == *" nginx-light "* ]] &&
    apt-get install -y -qq "${missing[@]/nginx-light/nginx}" >/dev/null; }
fi
for port in $api_port $nginx_port $peer_port; do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "something already listens on 127.0.0.1:$port"
done

# --- work directory; everything started is stopped on exit ----------------------------------------------
work=$(mktemp -d /tmp/tradeapi-bench.XXXXXX)
chmod 755 "$work"   # nginx workers run as an unprivileged user and read the answer files from here
mkdir -p "$work"/{data,db,wrk,logs,bodies,nginx/www,nginx/tmp}
server_pid= nginx_pid= peer_pid=
cleanup() {
  [[ -n $peer_pid ]] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $nginx_pid ]] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  if ((keep)); then say "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -----------------------------------------------------------------------------------------------
if [[ -z $app ]]; then
  say "publishing $src/src/TradeApi (Release)"
  dotnet publish "$src/src/TradeApi" -c Release -o "$work/app" -nologo -v quiet >"$work/logs/publish.log" 2>&1 ||
    { tail -30 "$work/logs/publish.log" >&2; die "publish failed"; }
  app=$work/app
fi
[[ -f $app/TradeApi.dll ]] || die "no TradeApi.dll in $app"
say "building bench/Generator"
dotnet build "$bench/Generator" -c Release -o "$work/gen" -nologo -v quiet >"$work/logs/generator.log" 2>&1 ||
  { tail -30 "$work/logs/generator.log" >&2; die "generator build failed"; }
generate() { dotnet "$work/gen/Generator.dll" "$@" $( ((legacy)) && echo --legacy); }
say "building bench/Peer and bench/RawWrite"
dotnet build "$bench/Peer" -c Release -o "$work/peer" -nologo -v quiet >"$work/logs/peer.log" 2>&1 ||
  { tail -30 "$work/logs/peer.log" >&2; die "peer build failed"; }
dotnet build "$bench/RawWrite" -c Release -o "$work/raw" -nologo -v quiet >"$work/logs/raw.log" 2>&1 ||
  { tail -30 "$work/logs/raw.log" >&2; die "raw-write build failed"; }

# --- the results: one tab-separated line per table row ---------------------------------------------------
table=$work/rows.tsv notes=$work/notes.txt
: >"$table"; : >"$notes"
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$table"; }   # what, database, TradeApi, nginx
note() { echo "$*" >>"$notes"; say "$*"; }

to_ms() {   # wrk duration (950.00us, 1.20ms, 2.01s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : 1; printf "%.3f", n * f }'
}
wrk_field() {   # file, field: rps | p50 | p99 | mean | requests (latencies n/a when none finished)
  [[ $2 == @(p50|p99|mean) && $(wrk_field "$1" requests) == 0 ]] && { echo n/a; return; }
  case $2 in
    rps) awk '/^Requests\/sec:/ { printf "%d", $2 }' "$1" ;;
    p50) to_ms "$(awk '$1 == "50%" { print $2 }' "$1")" ;;
    p99) to_ms "$(awk '$1 == "99%" { print $2 }' "$1")" ;;
    mean) to_ms "$(awk '$1 == "Latency" { print $2; exit }' "$1")" ;;
    requests) awk '/requests in/ { print $1 }' "$1" ;;
  esac
}
# The processes under test (set by start_server / start_nginx), and a wait until they are idle: wrk's
# stop abandons requests in flight, and a server that keeps computing them must not bill the next test.
busy_pids=()
cpu_ticks() { local p t=0; for p; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
settle() {   # NAME: waits until busy_pids use under 6% of a core for 0.5 s (at most 120 s)
  local start=$SECONDS prev now
  prev=$(cpu_ticks "${busy_pids[@]}")
  while sleep 0.5; do
    now=$(cpu_ticks "${busy_pids[@]}")
    ((now - prev < 3)) && break
    ((SECONDS - start < 120)) || { note "$1: the server was still busy 120 s after the previous test"; break; }
    prev=$now
  done
  ((SECONDS - start < 3)) || note "$1: waited $((SECONDS - start)) s for the server to finish the previous test's abandoned requests"
}
# run_wrk NAME BASE_URL THREADS CONNECTIONS SECONDS PATH [KEYS_FILE [START]]: one wrk run after settle,
# output in $work/wrk/NAME.txt. With KEYS_FILE, distinct.lua asks every request differently, from counter START.
run_wrk() {
  local name=$1 base=$2 threads=$3 conns=$4 secs=$5 path=$6 keys=${7:-} start=${8:-0} out=$work/wrk/$1.txt
  local cmd=(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency)
  [[ -z ${WRK_HEADER:-} ]] || cmd+=(-H "$WRK_HEADER")   # e.g. Accept-Encoding: gzip
  if [[ -n $keys ]]; then cmd+=(-s "$bench/wrk/distinct.lua" "$base/" -- "$keys" "$threads" "$start")
  else cmd+=("$base$path"); fi
  settle "$name"
  "${cmd[@]}" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed: ${cmd[*]}"; }
  local bad
  bad=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | paste -sd ';' -) || true
  [[ -z $bad ]] || note "$name: $bad (counted in req/s; see the wrk output)"
  (($(wrk_field "$out" requests) > 0)) || note "$name: no request finished within the run"
}
distinct_limit() {   # KEYS_FILE: how many requests distinct.lua can make from counter 0 before meeting the warm-up's
  local k; k=$(wc -l <"$1"); ((k == 1)) && echo 10000 || echo $((k * 5000))
}
# run_tests SERVER NAME BASE SERIES KEYS KEYED [TEST]: tests a-d (or one) in $work/wrk/NAME.SERVER.TEST.txt
run_tests() {
  local server=$1 name=$2 base=$3 series=$4 keys=$5 keyed=$6 p=$2.$1 t
  for t in ${7:-a b c d}; do
    case $t in
      a) run_wrk "$p.a-warmup" "$base" 2 64 $warmup "$series"
         run_wrk "$p.a" "$base" 2 64 "$seconds" "$series" ;;
      b) run_wrk "$p.b-warmup" "$base" 2 64 $warmup "" "$keys" "$(($(wc -l <"$keys") * 5000))"   # limits 5001..
         run_wrk "$p.b" "$base" 2 64 "$seconds" "" "$keys" 0 ;;
      c) run_wrk "$p.c" "$base" 1 1 "$seconds" "" "$keyed" 0 ;;
      d) run_wrk "$p.d-warmup" "$base" 2 64 $warmup /openapi/v1.json
         run_wrk "$p.d" "$base" 2 64 "$seconds" /openapi/v1.json ;;
    esac
    if [[ $server == TradeApi && $t == [bc] ]]; then
      local k=$keys; [[ $t == c ]] && k=$keyed
      (($(wrk_field "$work/wrk/$p.$t.txt" requests) <= $(distinct_limit "$k"))) ||
        note "$p.$t: more requests than distinct queries ($(distinct_limit "$k")): some were repeats"
    fi
  done
}

# --- processes -------------------------------------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_answer() {   # URL PID: polls every 10 ms until a 200; fails if the process died or after 5 minutes
  local deadline=$((SECONDS + 300))
  until curl -sf -o /dev/null "$1"; do
    kill -0 "$2" 2>/dev/null && ((SECONDS < deadline)) || return 1
    sleep 0.01
  done
}
start_server() {   # DB URL_TO_WAIT_FOR -> sets server_pid, cold_ms
  local t0; t0=$(now_ms)
  Database__Path=$1 Logging__LogLevel__Default=Warning RateLimits__Enabled=false \
    dotnet "$app/TradeApi.dll" --urls "$api" >>"$work/logs/server.log" 2>&1 &
  server_pid=$! busy_pids=("$server_pid")
  wait_answer "$api$2" "$server_pid" || { tail -30 "$work/logs/server.log" >&2; die "TradeApi did not answer $2"; }
  cold_ms=$(($(now_ms) - t0))
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }
start_nginx() {   # BODY_FILE CONTENT_TYPE [DIRECTIVE]: answers every path with BODY_FILE -> sets nginx_pid, cold_ms
  local n=$work/nginx t0
  cp "$1" "$n/www/body"; chmod 644 "$n/www/body"
  cat >"$n/nginx.conf" <<EOF
worker_processes auto;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  client_body_temp_path $n/tmp/body;
  proxy_temp_path $n/tmp/proxy;
  fastcgi_temp_path $n/tmp/fastcgi;
  uwsgi_temp_path $n/tmp/uwsgi;
  scgi_temp_path $n/tmp/scgi;
  types { }
  default_type "$2";
  server {
    listen 127.0.0.1:$nginx_port;
    root $n/www;
    location / { try_files /body =404; ${3:-} }
  }
}
EOF
  t0=$(now_ms)
  /usr/sbin/nginx -p "$n" -c "$n/nginx.conf" -g 'daemon off;' 2>>"$work/logs/nginx.log" &
  nginx_pid=$!
  wait_answer "$ngx/" "$nginx_pid" || { cat "$work/logs/nginx.log" "$n/error.log" >&2; die "nginx did not start"; }
  cold_ms=$(($(now_ms) - t0))
  busy_pids=("$nginx_pid" $(pgrep -P "$nginx_pid"))
}
stop_nginx() { kill -QUIT "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }   # PID FIELD
nginx_kib() {   # FIELD summed over master and workers
  local pid sum=0
  for pid in "$nginx_pid" $(pgrep -P "$nginx_pid"); do sum=$((sum + $(status_kib "$pid" "$1"))); done
  echo $sum
}
fetch() {   # URL FILE -> prints the Content-Type; fails unless 200
  curl -sf -o "$2" -w '%{content_type}' "$1" || die "no 200 from $1"
}

# --- one database: TradeApi, then nginx with the same bytes ------------------------------------------------
bench_db() {   # NAME DB SERIES_PATH KEYS_FILE KEYED_KEY
  local name=$1 db=$2 series=$3 keys=$4 keyed=$work/data/$1.keyed b=$work/bodies/$1 t
  echo "$5" >"$keyed"
  local -A path=([a]=$series [b]="/v1/trade?$(head -1 "$keys")&limit=1" [c]="/v1/trade?$5&limit=1" [d]=/openapi/v1.json)
  # (b: the first request distinct.lua makes; c: the keyed query with limit=1)

  say "$name: TradeApi"
  start_server "$db" "$series"
  local api_cold=$cold_ms
  for t in a b c d; do fetch "$api${path[$t]}" "$b.$t" >"$b.$t.type"; done
  run_tests TradeApi "$name" "$api" "$series" "$keys" "$keyed" "a b d"
  local api_rss api_hwm
  api_rss=$(status_kib "$server_pid" VmRSS) api_hwm=$(status_kib "$server_pid" VmHWM)
  # a, with Accept-Encoding: gzip: the answer's gzip bytes (nginx then serves those bytes, as gzip).
  curl -sf -H 'Accept-Encoding: gzip' -o "$b.agz" "$api$series" || die "no gzip answer for $series"
  WRK_HEADER='Accept-Encoding: gzip' run_wrk "$name.TradeApi.agz-warmup" "$api" 2 64 $warmup "$series"
  WRK_HEADER='Accept-Encoding: gzip' run_wrk "$name.TradeApi.agz" "$api" 2 64 "$seconds" "$series"
  stop_server
  # b against the no-cache peer (bench/Peer: one indexed query per request) on the same database file.
  say "$name: no-cache peer"
  Database=$db dotnet "$work/peer/Peer.dll" --urls "$peer" >>"$work/logs/peer.log" 2>&1 &
  peer_pid=$!
  busy_pids=("$peer_pid")
  wait_answer "$peer/v1/trade?limit=1" "$peer_pid" || { tail -30 "$work/logs/peer.log" >&2; die "the peer did not answer"; }
  run_wrk "$name.peer.b-warmup" "$peer" 2 64 $warmup "" "$keys" "$(($(wc -l <"$keys") * 5000))"
  run_wrk "$name.peer.b" "$peer" 2 64 "$seconds" "" "$keys" 0
  kill "$peer_pid"; wait "$peer_pid" 2>/dev/null || true; peer_pid=
  # c measures one uncached lookup: the server runs with its answer cache off, so every request is made
  # from the database however often the 10,000 distinct queries repeat (code without the cache ignores it).
  Answers__Enabled=false start_server "$db" "$series"
  run_wrk "$name.TradeApi.c-warmup" "$api" 1 1 $warmup "" "$keyed" 0
  run_tests TradeApi "$name" "$api" "$series" "$keys" "$keyed" c
  stop_server

  say "$name: nginx"
  local ngx_cold= ngx_rss ngx_hwm
  for t in a b c d; do
    start_nginx "$b.$t" "$(cat "$b.$t.type")"
    ngx_cold=${ngx_cold:-$cold_ms}
    run_tests nginx "$name" "$ngx" "$series" "$keys" "$keyed" $t
    [[ $t != d ]] || ngx_rss=$(nginx_kib VmRSS) ngx_hwm=$(nginx_kib VmHWM)
    # the answer nginx gave must be the bytes TradeApi gave
    curl -sf "$ngx${path[$t]}" | cmp -s - "$b.$t" || die "nginx did not serve the TradeApi bytes of $t"
    stop_nginx
  done
  start_nginx "$b.agz" "$(cat "$b.a.type")" "add_header Content-Encoding gzip; add_header Vary Accept-Encoding;"
  WRK_HEADER='Accept-Encoding: gzip' run_wrk "$name.nginx.agz-warmup" "$ngx" 2 64 $warmup "$series"
  WRK_HEADER='Accept-Encoding: gzip' run_wrk "$name.nginx.agz" "$ngx" 2 64 "$seconds" "$series"
  stop_nginx

  local w=$work/wrk/$name
  row "cold start, ms" "$name" "$api_cold" "$ngx_cold"
  row "a. series req/s ($(wc -c <"$b.a") B)" "$name" "$(wrk_field "$w.TradeApi.a.txt" rps)" "$(wrk_field "$w.nginx.a.txt" rps)"
  row "a. series p50 ms" "$name" "$(wrk_field "$w.TradeApi.a.txt" p50)" "$(wrk_field "$w.nginx.a.txt" p50)"
  row "a. series p99 ms" "$name" "$(wrk_field "$w.TradeApi.a.txt" p99)" "$(wrk_field "$w.nginx.a.txt" p99)"
  row "a. series req/s, gzip ($(wc -c <"$b.agz") B)" "$name" "$(wrk_field "$w.TradeApi.agz.txt" rps)" "$(wrk_field "$w.nginx.agz.txt" rps)"
  row "b. distinct req/s ($(wc -c <"$b.b") B)" "$name" "$(wrk_field "$w.TradeApi.b.txt" rps)" "$(wrk_field "$w.nginx.b.txt" rps)"
  row "b. distinct p99 ms" "$name" "$(wrk_field "$w.TradeApi.b.txt" p99)" "$(wrk_field "$w.nginx.b.txt" p99)"
  row "b. distinct req/s vs the no-cache peer (peer in the nginx column)" "$name" "$(wrk_field "$w.TradeApi.b.txt" rps)" "$(wrk_field "$w.peer.b.txt" rps)"
  row "b. distinct p50 ms vs the no-cache peer" "$name" "$(wrk_field "$w.TradeApi.b.txt" p50)" "$(wrk_field "$w.peer.b.txt" p50)"
  row "c. keyed p50 ms (1 conn)" "$name" "$(wrk_field "$w.TradeApi.c.txt" p50)" "$(wrk_field "$w.nginx.c.txt" p50)"
  row "c. keyed mean ms (1 conn)" "$name" "$(wrk_field "$w.TradeApi.c.txt" mean)" "$(wrk_field "$w.nginx.c.txt" mean)"
  row "d. openapi req/s ($(wc -c <"$b.d") B)" "$name" "$(wrk_field "$w.TradeApi.d.txt" rps)" "$(wrk_field "$w.nginx.d.txt" rps)"
  row "RSS after a-d, MB" "$name" "$((api_rss / 1024))" "$((ngx_rss / 1024))"
  row "peak RSS (VmHWM), MB" "$name" "$((api_hwm / 1024))" "$((ngx_hwm / 1024))"
}

import() {   # NAME DB FILE ROWS TITLE: one CLI import, timed -> rows "<NAME> rows/s" and "<NAME> peak MB"
  local log=$work/logs/import-$(basename "$3").log
  say "import $3 into $(basename "$2")"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" env Database__Path="$2" \
    dotnet "$app/TradeApi.dll" import "$3" --dataset trade --title "$5" >"$log" 2>&1 ||
    { tr '\r' '\n' <"$log" | tail -20 >&2; die "import of $3 failed"; }
  local secs kib; read -r secs kib <"$work/time.txt"
  import_rows=$(awk -v n="$4" -v s="$secs" 'BEGIN { printf "%d", n / s }') import_mb=$((kib / 1024)) import_secs=$secs
}

keys_from_csv() {   # CSV OUT: up to 20000 keys (reporter, partner, flow, period) that exist in CSV, shuffled
  local n step; n=$(($(wc -l <"$1") - 1)); step=$(((n + 19999) / 20000))
  awk -F, -v step="$step" 'NR > 1 && (NR - 2) % step == 0 {
      k = "reporter=" $1 "&partner=" $2 "&flow=" $3 "&period=" $4; if (!seen[k]++) print k }' "$1" |
    shuf --random-source=<(yes) >"$2"
}

# --- main ------------------------------------------------------------------------------------------------
sizes=("$rows"); ((big)) && sizes+=(10000000)
if ((legacy)); then
  syn_series="/v1/trade?reporter=CN&partner=RU&flow=export&freq=M"
  syn_keyed="reporter=CN&partner=RU&flow=export&period=1950-07"
else
  syn_series="/v1/trade?reporter=US&partner=CN&flow=export&freq=M"
  syn_keyed="reporter=US&partner=CN&flow=export&period=2003-07"
fi
seed_series="/v1/trade?reporter=CN&partner=RU&flow=total&freq=A"
seed_keyed="reporter=CN&partner=RU&flow=total&period=2024"
human() { awk -v n="$1" 'BEGIN { if (n >= 1e6 && n % 1e6 == 0) print n / 1e6 "M"; else print n }'; }

# The seed database: the first start creates, migrates and seeds it (timed apart), the measured start reopens it.
seed_db=$work/db/seed.db
say "seed: first start (creates the database)"
start_server "$seed_db" "$seed_series"
first_cold=$cold_ms
curl -sf -o "$work/data/seed.csv" "$api/v1/trade?format=csv&limit=10000" || die "no CSV listing from the seed"
stop_server
head -1 "$work/data/seed.csv" | grep -q '^reporter,partner,flow,[a-z]*,period' ||
  die "unexpected CSV columns: $(head -1 "$work/data/seed.csv")"
awk -F, 'NR > 1 { k = "reporter=" $1 "&partner=" $2 "&flow=" $3 "&period=" $5; if (!seen[k]++) print k }' \
  "$work/data/seed.csv" | shuf --random-source=<(yes) >"$work/data/seed.keys"
row "first start, creating and seeding the database, ms" seed "$first_cold"
bench_db seed "$seed_db" "$seed_series" "$work/data/seed.keys" "$seed_keyed"

revision_rows=$((rows < 1000000 ? rows : 1000000))
say "generating a revision of $(human $revision_rows) rows (--seed 1)"
generate --rows "$revision_rows" --seed 1 --out "$work/data/revision.csv"
for n in "${sizes[@]}"; do
  name=$(human "$n") db=$work/db/$(human "$n").db
  say "generating $name rows"
  generate --rows "$n" --out "$work/data/$name.csv"
  keys_from_csv "$work/data/$name.csv" "$work/data/$name.keys"
  import "$name" "$db" "$work/data/$name.csv" "$n" "synthetic bench $name (not real)"
  import_first=$import_rows
  row "import rows/s ($name rows in $import_secs s)" "$name" "$import_rows"
  row "import peak RSS, MB" "$name" "$import_mb"
  import "$name" "$db" "$work/data/revision.csv" "$revision_rows" "synthetic bench revision (not real)"
  row "revision rows/s ($(human $revision_rows) rows in $import_secs s)" "$name" "$import_rows"
  row "revision peak RSS, MB" "$name" "$import_mb"
  row "database file, MB" "$name" "$(du -cm "$db"* | awk 'END { print $1 }')"
  # The schema's own limit: the same number of rows written straight into a copy of the seed database
  # (bench/RawWrite: vintage + published row, every index, one transaction, prepared statements).
  for f in "$seed_db"*; do cp "$f" "$work/db/raw.db${f#"$seed_db"}"; done   # with its -wal, whatever state it is in
  raw_rows=$(dotnet "$work/raw/RawWrite.dll" "$work/db/raw.db" "$n" | awk '{ print $(NF - 1) }')
  rm -f "$work/db/raw.db"*
  row "import vs the raw-SQLite write limit of the schema, rows/s (limit in the nginx column)" "$name" "$import_first" "$raw_rows"
  bench_db "$name" "$db" "$syn_series" "$work/data/$name.keys" "$syn_keyed"
done

# Budget: the keyed query on each synthetic database over the same on the seed (nginx: the machine's noise).
for n in "${sizes[@]}"; do
  name=$(human "$n")
  for f in p50 mean; do
    q() { awk -v a="$(wrk_field "$work/wrk/$name.$1.c.txt" $f)" -v b="$(wrk_field "$work/wrk/seed.$1.c.txt" $f)" \
      'BEGIN { printf "%.2fx", a / b }'; }
    row "budget: keyed $f, $name / seed" "$name" "$(q TradeApi)" "$(q nginx)"
  done
done

# --- the table -------------------------------------------------------------------------------------------
mkdir -p "$bench/results"
out=$bench/results/${label:+$label-}$(date +%Y-%m-%d-%H%M).md
if [[ $app == "$work/app" ]] && git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  commit="$src at $(git -C "$src" log -1 --format='%h %s' | cut -c1-80)"
  [[ -z $(git -C "$src" status --porcelain -- src) ]] || commit+=" + uncommitted changes in src/"
fi
{
  echo "# TradeApi benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "- code: ${commit:-prebuilt app $app}"
  echo "- data: synthetic (not real), $( ((legacy)) && echo 'legacy shape: CN<->RU, 1900-01..2100-12, many sources' || echo '80 countries x 79 partners x 3 flows, monthly from 2000-01, one source')"
  echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), shared with wrk; $(dotnet --version) SDK; $(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- wrk: ${seconds} s per measured run after a ${warmup} s warm-up (c: none); a, b, d 64 connections -t2; c 1 connection -t1"
  echo "- series URL: seed \`$seed_series\`, synthetic \`$syn_series\`; keyed: seed \`$seed_keyed\`, synthetic \`$syn_keyed\` (+ \`&limit=1..10000\`)"
  echo
  echo "| what | database | TradeApi | nginx | ratio to nginx |"
  echo "|---|---|---:|---:|---:|"
  awk -F'\t' '{ r = "—"
    if ($4 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ && $4 + 0 > 0) r = sprintf("%.2f", $3 / $4)
    printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, ($4 == "" ? "—" : $4), r }' "$table"
  if [[ -s $notes ]]; then echo; echo "Notes:"; sed 's/^/- /' "$notes"; fi
} >"$out"
echo
cat "$out"
say "written to ${out#"$repo"/}"
