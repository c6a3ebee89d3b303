#!/usr/bin/env bash
# 30 s of load across a release swap: wrk asks for the 2024 CN-RU total while the command line imports a revision
# of it; every answer must be a 200 whose value belongs to the release it names (bench/wrk/swap.lua).
# Run on purpose: bash bench/swap.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
port=5097
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
dotnet publish src/TradeApi -c Release -o "$work/app" -v quiet -nologo >/dev/null
export Database__Path=$work/swap.db RateLimits__Enabled=false Logging__LogLevel__Default=Warning
dotnet "$work/app/TradeApi.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/v1/datasets" && break; sleep 0.2; done
url="http://127.0.0.1:$port/v1/trade?reporter=CN&partner=RU&flow=total&period=2024&source=bne-eu-2025-01-13"
printf 'reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,sourceId\nCN,RU,total,2024,244819000000,USD,1.9,GACC (China customs),reported,bne-eu-2025-01-13\n' >"$work/revision.csv"
# The release the answer stands on before the swap (the seed's newest trade release), read rather than assumed.
old_release=$(curl -sf "$url" | grep -o '"release":[0-9]*,"releasedAt"' | grep -o '[0-9]*')
(sleep $((seconds / 2)); dotnet "$work/app/TradeApi.dll" import "$work/revision.csv" --dataset trade --title swap >"$work/import.log" 2>&1) &
importer=$!
wrk -t2 -c32 -d"${seconds}s" -s bench/wrk/swap.lua "$url" -- "$old_release" 244810000000 244819000000 | tee "$work/wrk.txt"
wait "$importer"   # not the server, which runs until the trap stops it
echo "import: $(tail -1 "$work/import.log")"

grep -E "Non-2xx|Socket errors" "$work/wrk.txt" || echo "wrk: no non-2xx answers, no socket errors"
