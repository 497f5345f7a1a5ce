#!/bin/bash
# The search index's share of a rebuild: a clean build with search of a copy of a generated corpus, then
# rebuilds after adding one article and after editing one article's text, each with NEWSARCHIVE_TIMINGS=1
# (the "search index" line is the index's share), and optionally a merge of the recent part forced by a
# bound of 0.
# usage: bash benchmarks/search_rebuild.sh SRC N LABEL [merge]
#   SRC: the src/ folder of the newsarchive measured (compare two checkouts in one session)
#   N: the corpus in /tmp/bench/corpus-N (python benchmarks/gen_corpus.py N /tmp/bench/corpus-N)
set -e
SRC=$1; N=$2; LABEL=$3; MERGE=$4
SITE=/tmp/search-rebuild-site-$LABEL-$N; OUT=/tmp/search-rebuild-out-$LABEL-$N
export NEWSARCHIVE_TIMINGS=1
rm -rf "$SITE" "$OUT"; mkdir -p "$SITE"
cp -al "/tmp/bench/corpus-$N/content" "$SITE/content"   # hard links: edits below replace files, never write through
cp "/tmp/bench/corpus-$N/newsarchive.yaml" "$SITE/"
BOUND=
run() {
  echo "== $1"
  /usr/bin/time -f "$1: %e s wall, %M KiB peak of one process" env PYTHONPATH="$SRC" /tmp/venv/bin/python -c "
import sys
import newsarchive.search as search
if sys.argv[1]:
    search.BOUND = int(sys.argv[1])
from newsarchive.cli import main
sys.argv = ['newsarchive', 'build', sys.argv[2], '-o', sys.argv[3]]
main()" "$BOUND" "$SITE" "$OUT" 2>&1 | grep -v "warning"
}
run "$LABEL $N clean build with search"
printf -- '---\ntitle: "A new harbour article"\ndate: 2024-12-31T22:00:00+00:00\nsource: "The Capital Bulletin"\nlanguage: en\n---\n\nThe harbour dredging resumed.\n' \
  > "$SITE/content/2024/12/2024-12-31-zz-new.md"
run "$LABEL $N add one article"
edit() { cp "$1" "$1.tmp"; echo "One more sentence about the lighthouse." >> "$1.tmp"; mv "$1.tmp" "$1"; }
edit "$(ls "$SITE"/content/2021/02/*.md | head -1)"
run "$LABEL $N edit one article's text"
if [ -n "$MERGE" ]; then
  edit "$(ls "$SITE"/content/2018/03/*.md | head -1)"
  BOUND=0
  run "$LABEL $N merge (bound 0: the recent part's years indexed again)"
fi
du -sb "$OUT/pagefind" | sed "s/^/$LABEL $N index bytes: /"
