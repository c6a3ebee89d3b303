#!/usr/bin/env bash
# Import throughput: a generated (synthetic, never real) one-million-row trade release imported with the
# command line into a fresh database, then the same keys again with every value changed (one million
# revisions). Run on purpose (not in CI): bash bench/import/run.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run -c Release --project bench/import/Generator -- "$rows" "$work/release.csv" 0 >/dev/null
dotnet run -c Release --project bench/import/Generator -- "$rows" "$work/revision.csv" 1 >/dev/null
dotnet publish src/TradeApi -c Release -o "$work/app" -v quiet -nologo >/dev/null
echo "file: $rows rows, $(du -h "$work/release.csv" | cut -f1)"

export Database__Path="$work/bench.db"
dotnet "$work/app/TradeApi.dll" hash-key warm-up >/dev/null   # creates, migrates and seeds the database first
for file in release revision; do
  echo "== import $file"
  /usr/bin/time -f "wall %e s, max RSS %M KiB" dotnet "$work/app/TradeApi.dll" import "$work/$file.csv" --dataset trade --title "bench $file" 2>&1 \
    | tr '\r' '\n' | grep -v -F '[' || true
done
echo "database: $(du -h "$work/bench.db" | cut -f1)"
