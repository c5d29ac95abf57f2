#!/bin/sh
# Benchmark of `svcgen check` on synthetic repositories (make bench).
#
# Builds the helpers (gen-records, measure, yaml-baseline) into build/bench/,
# generates repositories of about 50,000 and 200,000 records there (kept and
# reused while N and gen-records.c are unchanged), then times `svcgen check`
# on each: one warm-up run, then $BENCH_RUNS runs, best wall time reported,
# with peak RSS, and compares against the project's targets and against
# libyaml's event parser alone on the same files.
#
# Timing never fails: the exit status is 0 whatever the figures, non-zero
# only if something could not be built or run.
#
# Environment:
#   SVCGEN        svcgen binary            (default ./svcgen)
#   BENCH_SIZES   record counts            (default "50000 200000")
#   BENCH_RUNS    timed runs per command   (default 3)
#   BENCH_DIR     work folder              (default build/bench)
#   CC            C compiler               (default cc)
set -eu

cd "$(dirname "$0")/../.."

SVCGEN=${SVCGEN:-./svcgen}
BENCH_SIZES=${BENCH_SIZES:-"50000 200000"}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_DIR=${BENCH_DIR:-build/bench}
CC=${CC:-cc}
TARGET_RATE=100000 # records/s, svcgen check
TARGET_BYTES=3072  # bytes of peak RSS per record
WARN='-std=c11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wwrite-strings'
SRC=tests/bench
failed=0

die() {
	echo "bench: $*" >&2
	exit 1
}

mkdir -p "$BENCH_DIR"

# ---- helpers
# shellcheck disable=SC2086 # $WARN and $yaml_flags are word lists
$CC $WARN -o "$BENCH_DIR/gen-records" "$SRC/gen-records.c" ||
	die "cannot build gen-records"
# shellcheck disable=SC2086
$CC $WARN -o "$BENCH_DIR/measure" "$SRC/measure.c" ||
	die "cannot build measure"
if yaml_flags=$(pkg-config --cflags --libs yaml-0.1 2>/dev/null); then :; else
	yaml_flags=-lyaml
fi
# shellcheck disable=SC2086
if $CC $WARN -o "$BENCH_DIR/yaml-baseline" "$SRC/yaml-baseline.c" \
	$yaml_flags; then
	have_baseline=1
else
	echo "bench: cannot build yaml-baseline (libyaml missing?); no baseline" >&2
	have_baseline=0
	failed=1
fi

command -v "$SVCGEN" >/dev/null || die "no svcgen binary at $SVCGEN (run make first)"

MEASURE=$BENCH_DIR/measure
gen_sum=$(cksum <"$SRC/gen-records.c" | awk '{print $1 "-" $2}')

# best_of RUNS CMD...: one warm-up, RUNS timed runs; prints
# "wall maxrss_kb status cpu" of the fastest run (status: the worst seen;
# cpu: user + sys seconds).
best_of() {
	runs=$1
	shift
	"$MEASURE" "$@" >/dev/null || return 1
	i=0
	: >"$BENCH_DIR/.runs"
	while [ "$i" -lt "$runs" ]; do
		"$MEASURE" "$@" >>"$BENCH_DIR/.runs" || return 1
		i=$((i + 1))
	done
	awk '{
		for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
		if (best == "" || v["wall"] + 0 < best + 0) {
			best = v["wall"]; rss = v["maxrss_kb"]
			cpu = v["user"] + v["sys"]
		}
		if (v["status"] + 0 > st + 0) st = v["status"]
	} END { printf "%s %s %d %.3f\n", best, rss, st, cpu }' "$BENCH_DIR/.runs"
}

echo "svcgen check benchmark: $SVCGEN, best of $BENCH_RUNS runs after a warm-up"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
echo "targets: >= $TARGET_RATE records/s, <= $TARGET_BYTES bytes/record (peak RSS)"

for n in $BENCH_SIZES; do
	data=$BENCH_DIR/$n
	stamp=$BENCH_DIR/$n.stamp
	want="n=$n gen=$gen_sum"

	# ---- data, regenerated only when N or the generator changed
	if [ -f "$stamp" ] && [ -d "$data" ] &&
		[ "$(sed -n 1p "$stamp")" = "$want" ]; then
		records=$(sed -n 's/^records=//p' "$stamp")
	else
		echo
		echo "generating $n records into $data ..."
		rm -rf "$data" "$stamp" "$data.tmp"
		"$BENCH_DIR/gen-records" "$n" "$data.tmp" >"$BENCH_DIR/$n.gen" ||
			die "gen-records $n failed"
		mv "$data.tmp" "$data"
		records=$(sed -n 's/^records=//p' "$BENCH_DIR/$n.gen")
		printf '%s\nrecords=%s\n' "$want" "$records" >"$stamp"
	fi
	[ -n "$records" ] || die "no record count for $data"

	echo
	echo "N=$n: $records records in $data"

	# ---- is the data clean? (errors would mean a generator or svcgen bug)
	set +e
	"$SVCGEN" check "$data" >"$BENCH_DIR/$n.check" 2>&1
	st=$?
	set -e
	summary=$(tail -n 1 "$BENCH_DIR/$n.check")
	echo "  check says:        $summary (exit $st)"
	if [ "$st" -ne 0 ]; then
		echo "  WARNING: svcgen check is not clean on generated data;" \
			"see $BENCH_DIR/$n.check"
		[ "$st" -eq 1 ] || failed=1
	fi

	# ---- svcgen
	out=$(best_of "$BENCH_RUNS" "$SVCGEN" check "$data") ||
		die "cannot run $SVCGEN"
	# shellcheck disable=SC2086 # split "wall rss status"
	set -- $out
	wall=$1 rss=$2 st=$3 cpu=$4
	[ "$st" -le 1 ] || {
		echo "  svcgen check exited with status $st" >&2
		failed=1
	}
	awk -v r="$records" -v w="$wall" -v kb="$rss" -v cpu="$cpu" \
		-v tr="$TARGET_RATE" -v tb="$TARGET_BYTES" 'BEGIN {
		rate = w > 0 ? r / w : 0
		bpr = kb * 1024 / r
		f = "  svcgen check:   %7.3f s  %9.0f records/s    %5.2fx target >= %d records/s (%s)\n"
		printf f, w, rate, rate / tr, tr, (rate >= tr ? "met" : "MISSED")
		f = "  peak RSS:       %7.1f MiB %8.0f bytes/record %5.2fx target <= %d bytes/record (%s)\n"
		printf f, kb / 1024, bpr, bpr / tb, tb, (bpr <= tb ? "met" : "MISSED")
		printf "  cpu time:       %7.3f s (user + sys)\n", cpu
	}'

	# ---- libyaml baseline
	if [ "$have_baseline" -eq 1 ]; then
		out=$(best_of "$BENCH_RUNS" "$BENCH_DIR/yaml-baseline" "$data") ||
			die "cannot run yaml-baseline"
		# shellcheck disable=SC2086
		set -- $out
		bwall=$1 brss=$2 bcpu=$4
		awk -v r="$records" -v w="$wall" -v bw="$bwall" -v bkb="$brss" \
			-v bcpu="$bcpu" 'BEGIN {
			f = "  libyaml events: %7.3f s  %9.0f records/s    %.1f MiB, cpu %.3f s (event parse only)\n"
			printf f, bw, (bw > 0 ? r / bw : 0), bkb / 1024, bcpu
			f = "  svcgen vs libyaml: %.2fx the time of the event parse alone\n"
			printf f, (bw > 0 ? w / bw : 0)
		}'
	fi
done
rm -f "$BENCH_DIR/.runs"
exit "$failed"
