#!/usr/bin/env bash
# Whole-process comparison of `cogform build` with `cdk synth` of the same stack (bench/cdk,
# plain JavaScript, aws-cdk-lib pinned), and cogform's scaling with the project's size.
# Not run by CI (scripts/test.sh): it takes a few minutes and needs the machine quiet.
#
# usage: bench/run.sh [RUNS]          (default 10 runs after 1 warm-up, per command)
#
# Part 1 alternates three commands, one run of each per round, so that a change in the
# machine's load hits all three alike:
#   cogform      cogform build (release binary) on a copy of examples/photo-sharing
#   cdk          node app.js, CDK defaults (built-in template validation on)
#   cdk-noval    CDK_VALIDATION=false node app.js (aws-cdk-lib reads this variable in
#                core/lib/private/synthesis-validation.js; same as `cdk synth --no-validation`)
# Each run is timed with the wall clock around `/usr/bin/time -f %M` (peak RSS, KiB), which
# adds about a millisecond (one more fork and exec) to every command alike.
# Part 2 times `cogform build` on the scale project (bench: benches/support/scale.rs) for
# N = 1, 10, 100, 1000, the same way. Part 3 is hyperfine's view of cogform alone.
# Medians are printed as Markdown tables (BENCHMARKS.md holds the last ones).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
runs="${1:-10}"

need() { command -v "$1" >/dev/null 2>&1; }
if [[ ! -x /usr/bin/time ]] || ! need hyperfine; then
    echo "installing Debian's time and hyperfine…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time hyperfine >/dev/null
fi
if [[ ! -d bench/cdk/node_modules ]] || [[ bench/cdk/package-lock.json -nt bench/cdk/node_modules/.package-lock.json ]]; then
    echo "npm ci in bench/cdk…" >&2
    (cd bench/cdk && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "building cogform (release) and the scale generator…" >&2
cargo build --release --locked -q --bin cogform --example scale-project
cogform="$root/target/release/cogform"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run NAME DIR CMD… : one timed run; appends "ms rss_kib exit" to $work/NAME.
run() {
    local name="$1" dir="$2"
    shift 2
    local start end code=0
    cd "$dir"
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || code=$?
    end=$(date +%s%N)
    cd "$root"
    echo "$(( (end - start) / 1000 )) $(tail -n1 "$work/rss" | tr -dc 0-9) $code" >>"$work/times-$name"
}

# median COLUMN FILE
median() {
    sort -n -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

photos="$work/photo-sharing"
cp -r examples/photo-sharing "$photos"
rm -rf "$photos/build"
cdk="$root/bench/cdk"
export CDK_OUTDIR="$work/cdk.out"

echo "part 1: photo-sharing, 1 warm-up + $runs alternating rounds…" >&2
for round in $(seq 0 "$runs"); do
    run cogform "$photos" "$cogform" build
    run cdk "$cdk" node app.js
    run cdk-noval "$cdk" env CDK_VALIDATION=false node app.js
    if [[ "$round" == 0 ]]; then # the warm-up round is not counted
        for f in cogform cdk cdk-noval; do : >"$work/times-$f"; done
    fi
done

echo
echo "### photo-sharing: whole process, median of $runs alternating runs"
echo
echo "| command | median | peak RSS | exit |"
echo "|---|---:|---:|---:|"
for f in cogform cdk cdk-noval; do
    label="$f"
    [[ "$f" == cogform ]] && label='`cogform build`'
    [[ "$f" == cdk ]] && label='`node app.js` (CDK defaults: validation on)'
    [[ "$f" == cdk-noval ]] && label='`CDK_VALIDATION=false node app.js`'
    t="$work/times-$f"
    echo "| $label | $(ms "$(median 1 "$t")") ms | $(mib "$(median 2 "$t")") MiB | $(median 3 "$t") |"
done
c=$(median 1 "$work/times-cogform")
echo
echo "cogform is $(awk -v a="$(median 1 "$work/times-cdk")" -v b="$c" 'BEGIN { printf "%.0f", a / b }')× faster than CDK with its defaults and $(awk -v a="$(median 1 "$work/times-cdk-noval")" -v b="$c" 'BEGIN { printf "%.0f", a / b }')× faster with its validation off."

echo "part 2: scale project, N = 1 10 100 1000…" >&2
echo
echo "### scale project: \`cogform build\`, median of $runs runs"
echo
echo "| N | template (when written) | median | peak RSS | exit |"
echo "|---:|---:|---:|---:|---:|"
for n in 1 10 100 1000; do
    dir="$work/scale-$n"
    "$root/target/release/examples/scale-project" "$n" "$dir"
    r=$runs
    [[ "$n" == 1000 ]] && r=$(( runs < 5 ? runs : 5 ))
    for i in $(seq 0 "$r"); do
        run "scale-$n" "$dir" "$cogform" build
        [[ "$i" == 0 ]] && : >"$work/times-scale-$n"
    done
    size="—"
    [[ -f "$dir/build/dev.template.yaml" ]] && size="$(wc -c <"$dir/build/dev.template.yaml") B"
    t="$work/times-scale-$n"
    echo "| $n | $size | $(ms "$(median 1 "$t")") ms | $(mib "$(median 2 "$t")") MiB | $(median 3 "$t") |"
done
echo
echo "(exit 2: the project exceeds AWS quotas; cogform renders it fully, then refuses it.)"

echo "part 3: hyperfine…" >&2
echo
echo "### hyperfine: \`cogform build\` on photo-sharing (up to date after the first run)"
echo
hyperfine -N --warmup 1 --runs "$runs" --style none --export-markdown "$work/hf.md" \
    "$cogform -C $photos build" >/dev/null 2>&1 || true
sed "s|$cogform -C $photos build|cogform build|" "$work/hf.md"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
echo "versions: $("$cogform" --version), $(rustc --version), node $(node --version), aws-cdk-lib $(node -p "require('$cdk/node_modules/aws-cdk-lib/package.json').version"), $(hyperfine --version)"
