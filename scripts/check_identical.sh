#!/bin/sh
# Byte-identity check for behaviour-preserving restructures.
#
#   sh scripts/check_identical.sh ref /tmp/ref     # build reference outputs with the current code
#   sh scripts/check_identical.sh now /tmp/now     # build again after a change
#   sh scripts/check_identical.sh diff /tmp/ref /tmp/now
#
# Builds JSON, GraphML, GEXF, HTML and CSV from data/, ../shared/devset, ../shared/devset2 and a 300-article
# generated corpus, plus `kgraph evaluate --json` on both dev sets. Run from the repository root (the code in
# the current directory is the code that runs; build the reference from `git archive REF | tar -x -C DIR`).
# Build logs (with timings) are kept next to the outputs but not compared.
set -eu
# A fixed hash seed: some outputs depend on set iteration order (a kind vote between equally-voted kinds), so
# two runs of the same code can differ without one (see the i13 report); compare like with like.
export PYTHONHASHSEED=${PYTHONHASHSEED:-0}
mode=$1
out=$2
# An absolute path: article paths reach the outputs.
shared=$(cd "${SHARED:-../shared}" 2>/dev/null && pwd || echo /work/shared)

build() {
    name=$1
    input=$2
    nice python -m kgraph build "$input" -o "$out/$name.json" -o "$out/$name.graphml" -o "$out/$name.gexf" \
        -o "$out/$name.html" -o "$out/$name.csv" >"$out/$name.log" 2>&1
}

case $mode in
ref | now)
    rm -rf "$out"
    mkdir -p "$out"
    # A fixed place: the same input path in every run (paths may reach the outputs).
    corpus=${CORPUS:-/tmp/kgraph-check-corpus-300}
    [ -d "$corpus" ] || nice python benchmarks/corpus.py --articles 300 --seed 1 "$corpus" >/dev/null
    build data data
    build devset "$shared/devset/articles"
    build devset2 "$shared/devset2/articles"
    build corpus "$corpus"
    for d in devset devset2; do
        nice python -m kgraph evaluate --json "$shared/$d/gold.jsonl" "$shared/$d/articles" >"$out/$d-eval.json"
    done
    ;;
diff)
    diff -r -x "*.log" "$out" "$3" && echo "identical: $out $3"
    ;;
*)
    echo "usage: check_identical.sh ref|now OUT | diff REF NOW" >&2
    exit 2
    ;;
esac
