#!/usr/bin/env bash
# HTTP baseline: requests per second and latency of one /v1/trade query, with wrk on loopback.
# Run on purpose (not in CI): bash bench/http/run.sh [seconds] [url-path]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
path=${2:-"/v1/trade?reporter=CN&partner=RU&flow=total&freq=A"}
port=5099

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
dotnet publish src/TradeApi -c Release -o "$work/app" -v quiet -nologo >/dev/null
Database__Path="$work/bench.db" Logging__LogLevel__Default=Warning \
  dotnet "$work/app/TradeApi.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/v1/datasets" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port$path" >/dev/null
wrk -t2 -c10 -d5s "http://127.0.0.1:$port$path" >/dev/null   # warm-up
echo "wrk -t2 -c10 -d${seconds}s $path"
wrk -t2 -c10 -d"${seconds}s" --latency "http://127.0.0.1:$port$path"
