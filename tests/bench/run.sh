#!/bin/sh
# Benchmark of `svcgen check`, `svcgen build` and the history phase on
# synthetic repositories (make bench).
#
# Builds the helpers (gen-records, gen-history, measure, yaml-baseline,
# to-hugo) into build/bench/, generates repositories of about 50,000 and
# 200,000 records there (kept and reused while N and gen-records.c are
# unchanged), then:
#
# check: times `svcgen check` on each: one warm-up run, then $BENCH_RUNS runs,
#   best wall time reported, with peak RSS, and compares against the
#   project's targets and against libyaml's event parser alone on the same
#   files.
#
# build: on the $BENCH_BUILD_N repository, times `svcgen build` into a fresh
#   output folder (cold), then again with nothing changed, then Hugo building
#   the same records as pages (tests/bench/hugo/ is the site skeleton, to-hugo
#   makes its content/ tree; kept while the data and to-hugo.c are unchanged;
#   the conversion is not timed) into a fresh output folder with
#   `hugo --quiet --ignoreCache`.  Prints wall time, peak RSS, CPU time, the
#   page counts and the ratios against the targets.  Hugo is Debian's `hugo`:
#   installed when missing and running as root, else the comparison is
#   skipped.
#
# history: a git repository of 10,000 records and 20,000 commits (merges
#   included; gen-history turns gen-records' output into a fast-import
#   stream; kept in build/bench/history-10000-20000/ while both generators are
#   unchanged).  Times `git log --raw --no-renames --format=%H` and
#   `svcgen log --all` without the history cache (best of $BENCH_RUNS after a
#   warm-up), then on a copy of the repository: `svcgen log --all` writing the
#   cache afresh, with the cache and nothing new, and with the cache and one
#   commit more than it holds.  Prints the times, peak RSS and the ratios
#   against the targets (cold <= 1.5x git's time, warm + 1 commit <= 0.1 s).
#
# metrics: on the $BENCH_METRICS_N repository, one cold `svcgen build` with
#   SVCGEN_TIMINGS=1 (each phase's time on stderr): the statistics phase runs
#   on a thread beside the checks between records and the render's set-up;
#   what it adds to the build is how long the render then waits for it
#   (target: <= 10 % of the rest of the build); its own time is shown too,
#   with its share if run alone. Then
#   `svcgen stats` beside `svcgen check` on the same records.
#
# range: `svcgen check --range` over git histories of about 1,000
#   records (gen-records N=780, gen-history keeping 1,000) and
#   $BENCH_RANGE_COMMITS commits (merges included; each kept in
#   $BENCH_DIR/range-1000-<commits>/ with a stamp while both generators are
#   unchanged; how long gen-history and git fast-import took is printed when
#   one is made).  With the history cache written first (`svcgen log --all`)
#   and the pack file read once, times `svcgen check REPO --range
#   FIRST..HEAD --as-of 2026-11-27 --format json` (every commit but the
#   first), best of $BENCH_RANGE_RUNS runs without a warm-up, and prints
#   wall time, peak RSS, ms a commit and the ratios against the targets (a
#   6,000-commit range over 1,000 records in under 30 s, i.e. 5 ms a commit,
#   and under 100 MB = 10^6 bytes peak RSS), with what svcgen found and the
#   number of per-commit lines on stderr.  On the smallest history only, the
#   same with SVCGEN_NO_LOAD_CACHE=1, "full re-check per commit" (every
#   commit read and parsed in full), the baseline; its output must be the
#   same bytes.  Point BENCH_DIR at /dev/shm to leave the disk out; the
#   output says which folder was used.
#
# Sections: BENCH_SIZES= (empty) skips check, BENCH_BUILD_N=0 build,
# BENCH_HISTORY=0 history, BENCH_METRICS_N=0 metrics, BENCH_RANGE_COMMITS=
# (empty) range; `BENCH_SIZES= BENCH_BUILD_N=0 make bench` runs the history
# benchmark alone (with range and metrics unless they are switched off too),
# `BENCH_SIZES= BENCH_BUILD_N=0 BENCH_HISTORY=0 BENCH_METRICS_N=0 make bench`
# the range benchmark alone.
#
# Timing never fails: the exit status is 0 whatever the figures, non-zero
# only if something could not be built or run.
#
# Environment:
#   SVCGEN           svcgen binary                 (default ./svcgen)
#   BENCH_SIZES      record counts, check; "" skips (default "50000 200000")
#   BENCH_RUNS       timed runs per check command  (default 3)
#   BENCH_BUILD_N    record count, build; 0 skips  (default 50000)
#   BENCH_BUILD_RUNS timed runs per build command  (default 3)
#   BENCH_DIR        work folder                   (default build/bench)
#   BENCH_SITE_DIR   where the built sites go      (default $BENCH_DIR;
#                    e.g. /dev/shm to leave the disk out of the timings)
#   BENCH_HISTORY    history benchmark; 0 skips    (default 1)
#   BENCH_METRICS_N  record count, metrics; 0 skips (default 200000)
#   BENCH_RANGE_COMMITS  commit counts (>= 1000), range; "" skips
#                    (default "1000 10000 100000")
#   BENCH_RANGE_RUNS timed runs per range command  (default 1)
#   HUGO             hugo binary                   (default hugo)
#   CC               C compiler                    (default cc)
set -eu

cd "$(dirname "$0")/../.."

SVCGEN=${SVCGEN:-./svcgen}
BENCH_SIZES=${BENCH_SIZES-"50000 200000"}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_BUILD_N=${BENCH_BUILD_N:-50000}
BENCH_BUILD_RUNS=${BENCH_BUILD_RUNS:-3}
BENCH_HISTORY=${BENCH_HISTORY:-1}
BENCH_METRICS_N=${BENCH_METRICS_N:-200000}
TARGET_METRICS=10 # %: the statistics phase's share added to a build
HUGO=${HUGO:-hugo}
BENCH_DIR=${BENCH_DIR:-build/bench}
BENCH_SITE_DIR=${BENCH_SITE_DIR:-$BENCH_DIR}
CC=${CC:-cc}
TARGET_RATE=100000 # records/s, svcgen check
TARGET_BYTES=3072  # bytes of peak RSS per record
TARGET_COLD=8      # svcgen build cold: at least this many times faster than Hugo
TARGET_NOCHANGE=1  # seconds, svcgen build with nothing changed
TARGET_RSS=10      # svcgen build peak RSS: at most 1/this of Hugo's
AS_OF=2026-11-27   # --as-of of the timed builds
TARGET_HIST_COLD=1.5 # svcgen log --all without cache: at most this times git log --raw
TARGET_HIST_WARM=0.1 # seconds, svcgen log --all, cache warm, one new commit
HIST_RECORDS=10000   # records the history adds
HIST_COMMITS=20000   # commits in it, merges included
HIST_GEN_N=9650      # gen-records N giving a little over HIST_RECORDS records
BENCH_RANGE_COMMITS=${BENCH_RANGE_COMMITS-"1000 10000 100000"}
BENCH_RANGE_RUNS=${BENCH_RANGE_RUNS:-1}
RANGE_RECORDS=1000  # records the range histories hold (routine visits left out)
RANGE_GEN_N=780     # gen-records N giving a little over RANGE_RECORDS records
TARGET_RANGE_MS=5   # ms a commit, check --range: 6,000 commits in 30 s
TARGET_RANGE_MB=100 # MB (10^6 bytes), check --range's peak RSS
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
$CC $WARN -o "$BENCH_DIR/gen-history" "$SRC/gen-history.c" ||
	die "cannot build gen-history"
# shellcheck disable=SC2086
$CC $WARN -o "$BENCH_DIR/measure" "$SRC/measure.c" ||
	die "cannot build measure"
# shellcheck disable=SC2086
$CC $WARN -o "$BENCH_DIR/to-hugo" "$SRC/to-hugo.c" ||
	die "cannot build to-hugo"
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

# best_of RUNS CMD...: one warm-up, RUNS timed runs; prints
# "wall maxrss_kb status cpu" of the fastest run (status: the worst seen;
# cpu: user + sys seconds).  The shell function named by $each_run runs
# before each of them (default: none).
each_run=:
best_of() {
	runs=$1
	shift
	"$each_run"
	"$MEASURE" "$@" >/dev/null || return 1
	i=0
	: >"$BENCH_DIR/.runs"
	while [ "$i" -lt "$runs" ]; do
		"$each_run"
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

# best_run: of the runs in $BENCH_DIR/.runs ("wall rss status cpu" a line),
# "wall rss status cpu walls": the fastest's wall and cpu, the largest
# RSS, the worst status, and every wall
best_run() {
	awk '{
		if (best == "" || $1 + 0 < best + 0) { best = $1; cpu = $4 }
		if ($2 + 0 > rss + 0) rss = $2
		if ($3 + 0 > st + 0) st = $3
		all = all (NR > 1 ? "," : "") $1
	} END { printf "%s %s %d %s %s\n", best, rss, st, cpu, all }' "$BENCH_DIR/.runs"
}

# make_history SRC RECORDS COMMITS REPO WANT: gen-history's history of the
# records SRC (RECORDS of them, COMMITS commits) made the git repository
# REPO, its stamp REPO.stamp the line WANT then gen-history's summary; sets
# gen_secs, import_secs and stream_mib
make_history() {
	t0=$(date +%s)
	"$BENCH_DIR/gen-history" "$1" "$2" "$3" >"$4.fi" 2>"$4.gen" ||
		die "gen-history failed; see $4.gen"
	t1=$(date +%s)
	rm -rf "$4.tmp"
	{ git init -q "$4.tmp" &&
		git -C "$4.tmp" symbolic-ref HEAD refs/heads/main &&
		git -C "$4.tmp" fast-import --quiet <"$4.fi" &&
		git -C "$4.tmp" reset -q --hard; } || die "git fast-import failed"
	t2=$(date +%s)
	gen_secs=$((t1 - t0)) import_secs=$((t2 - t1))
	stream_mib=$(du -sk "$4.fi" | awk '{printf "%.0f", $1 / 1024}')
	rm -f "$4.fi"
	mv "$4.tmp" "$4"
	{
		echo "$5"
		cat "$4.gen"
	} >"$4.stamp"
	rm -f "$4.gen"
	sync # its write-back is not for the timed runs
}

# check_history REPO: REPO holds the commits its stamp says
check_history() {
	[ "$(git -C "$1" rev-list --count HEAD)" = "$(sed -n 's/^commits=//p' "$1.stamp")" ] ||
		die "$1 does not hold the commits its stamp says"
}

# shellcheck source=tests/bench/data.sh
. "$SRC/data.sh"

# row LABEL "wall rss status cpu walls" PAGES
row() {
	# shellcheck disable=SC2086 # split the figures
	set -- "$1" $2 "$3"
	awk -v l="$1" -v w="$2" -v kb="$3" -v cpu="$5" -v all="$6" -v p="$7" 'BEGIN {
		printf "  %-24s %7.3f s  %7.1f MiB  cpu %7.3f s", l, w, kb / 1024, cpu
		if (p != "") printf "  %6d pages (*.html)", p
		if (index(all, ",")) { gsub(/,/, " ", all); printf "  (runs: %s s)", all }
		printf "\n"
	}'
}

[ -z "$BENCH_SIZES" ] ||
	echo "svcgen check benchmark: $SVCGEN, best of $BENCH_RUNS runs after a warm-up"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
[ -z "$BENCH_SIZES" ] ||
	echo "targets: >= $TARGET_RATE records/s, <= $TARGET_BYTES bytes/record (peak RSS)"

for n in $BENCH_SIZES; do
	ensure_data "$n"

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

# ============================================== history: svcgen log --all beside git log
if [ "$BENCH_HISTORY" != 0 ] && ! command -v git >/dev/null 2>&1; then
	echo
	echo "git is missing: no history benchmark"
	BENCH_HISTORY=0
fi
if [ "$BENCH_HISTORY" != 0 ]; then
	hist=$BENCH_DIR/history-$HIST_RECORDS-$HIST_COMMITS
	hwant="history records=$HIST_RECORDS commits=$HIST_COMMITS n=$HIST_GEN_N gen=$gen_sum"
	hwant="$hwant history=$(cksum <"$SRC/gen-history.c" | awk '{print $1 "-" $2}')"
	if [ -f "$hist.stamp" ] && [ -d "$hist/.git" ] &&
		[ "$(sed -n 1p "$hist.stamp")" = "$hwant" ]; then :; else
		echo
		echo "generating $HIST_RECORDS records over $HIST_COMMITS commits into $hist ..."
		rm -rf "$hist" "$hist.stamp" "$hist.tmp" "$hist.src"
		"$BENCH_DIR/gen-records" "$HIST_GEN_N" "$hist.src" >/dev/null ||
			die "gen-records $HIST_GEN_N failed"
		make_history "$hist.src" "$HIST_RECORDS" "$HIST_COMMITS" "$hist" "$hwant"
		rm -rf "$hist.src"
	fi
	hval() { sed -n "s/^$1=//p" "$hist.stamp"; }
	check_history "$hist"

	echo
	echo "svcgen history benchmark: $SVCGEN, best of $BENCH_RUNS runs after a warm-up"
	echo "targets: svcgen log --all without cache <= ${TARGET_HIST_COLD}x git log --raw," \
		"with the cache and one new commit <= $TARGET_HIST_WARM s"
	echo "$(hval commits) commits ($(hval merges) merges) in $hist:"
	echo "  $(hval added) records added, $(hval edits) edits, $(hval moves) moves," \
		"$(hval deletes) deletes; $(hval records) records at HEAD"

	# ---- is the data clean? (svcgen check walks the history too)
	set +e
	SVCGEN_NO_HISTORY_CACHE=1 "$SVCGEN" check "$hist" >"$hist.check" 2>&1
	st=$?
	set -e
	echo "  check says:              $(tail -n 1 "$hist.check") (exit $st)"
	[ "$st" -eq 0 ] || echo "  WARNING: svcgen check is not clean; see $hist.check"

	# ---- git, then svcgen without its cache, on the kept repository
	hgit=$(best_of "$BENCH_RUNS" git -C "$hist" log --raw --no-renames --format=%H) ||
		die "cannot run git"
	hcold=$(best_of "$BENCH_RUNS" env SVCGEN_NO_HISTORY_CACHE=1 "$SVCGEN" log --all "$hist") ||
		die "cannot run $SVCGEN"

	# ---- the cache, on a copy: written afresh, warm, warm with one new commit
	hwork=$BENCH_DIR/history-work
	hcache=$hwork/.git/svcgen
	rm -rf "$hwork" "$hwork.cache"
	cp -Rp "$hist" "$hwork"
	# shellcheck disable=SC2317 # called by best_of
	no_cache() { rm -rf "$hcache"; }
	# shellcheck disable=SC2317 # called by best_of
	old_cache() {
		rm -rf "$hcache"
		cp -Rp "$hwork.cache" "$hcache"
	}
	hwrite=$(each_run=no_cache best_of "$BENCH_RUNS" "$SVCGEN" log --all "$hwork") ||
		die "cannot run $SVCGEN"
	[ -d "$hcache" ] || echo "  WARNING: svcgen log --all wrote no cache into $hcache"
	cp -Rp "$hcache" "$hwork.cache"
	hwarm=$(best_of "$BENCH_RUNS" "$SVCGEN" log --all "$hwork") || die "cannot run $SVCGEN"
	hfile=$(git -C "$hwork" ls-files 'service/*.md' | tail -n 1)
	hid=${hfile##*/}
	printf '\n- 用户来电确认车辆运行正常。\n' >>"$hwork/$hfile"
	GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@service.example.cn \
		GIT_AUTHOR_DATE='2026-11-27T10:00:00+08:00' GIT_COMMITTER_NAME=bench \
		GIT_COMMITTER_EMAIL=bench@service.example.cn \
		GIT_COMMITTER_DATE='2026-11-27T10:00:00+08:00' \
		git -C "$hwork" -c gc.auto=0 -c commit.gpgsign=false commit -q --no-verify \
		-m "${hid%.md} 补充跟进记录" -- "$hfile" || die "cannot commit in $hwork"
	hwarm1=$(each_run=old_cache best_of "$BENCH_RUNS" "$SVCGEN" log --all "$hwork") ||
		die "cannot run $SVCGEN"

	# ---- the cache must not change the output
	old_cache
	"$SVCGEN" log --all "$hwork" >"$hwork.warm.log" 2>&1 || :
	SVCGEN_NO_HISTORY_CACHE=1 "$SVCGEN" log --all "$hwork" >"$hwork.cold.log" 2>&1 || :
	if ! cmp -s "$hwork.warm.log" "$hwork.cold.log"; then
		echo "  WARNING: svcgen log --all prints other things with the cache than without;" \
			"see $hwork.warm.log, $hwork.cold.log"
		failed=1
	elif ! head -n 1 "$hwork.warm.log" | grep -q '补充跟进记录$'; then
		echo "  WARNING: the new commit is not first in svcgen log --all; see $hwork.warm.log"
		failed=1
	else
		rm -rf "$hwork" "$hwork.cache" "$hwork.warm.log" "$hwork.cold.log"
	fi

	# shellcheck disable=SC2086 # split "wall rss status cpu"
	set -- $hgit $hcold $hwrite $hwarm $hwarm1
	for st in $3 $7 ${11} ${15} ${19}; do
		[ "$st" -eq 0 ] || {
			echo "  a timed command exited with status $st" >&2
			failed=1
		}
	done
	row "git log --raw" "$hgit -" ""
	row "svcgen log, no cache" "$hcold -" ""
	row "svcgen log, new cache" "$hwrite -" ""
	row "svcgen log, cache warm" "$hwarm -" ""
	row "svcgen log, warm + 1" "$hwarm1 -" ""
	awk -v gw="$1" -v gkb="$2" -v cw="$5" -v ckb="$6" -v ww="${17}" -v wkb="${18}" \
		-v tc="$TARGET_HIST_COLD" -v tw="$TARGET_HIST_WARM" 'BEGIN {
		x = gw > 0 ? cw / gw : 0
		printf "  cold: svcgen %.3f s vs git %.3f s = %.2f× (target ≤ %.1f×: %s)\n",
			cw, gw, x, tc, (x <= tc ? "met" : "MISSED")
		printf "  warm cache + 1 commit: %.3f s (target ≤ %.1f s: %s)\n",
			ww, tw, (ww <= tw ? "met" : "MISSED")
		printf "  peak RSS: svcgen %.1f MiB cold, %.1f MiB warm + 1; git %.1f MiB\n",
			ckb / 1024, wkb / 1024, gkb / 1024
	}'
	rm -f "$BENCH_DIR/.runs"
fi

# ============================================== svcgen build, side by side with Hugo
# ============================================== metrics: the statistics phase in a build
if [ "$BENCH_METRICS_N" != 0 ]; then
	ensure_data "$BENCH_METRICS_N"
	echo
	echo "svcgen statistics benchmark: N=$BENCH_METRICS_N, --as-of $AS_OF, site in $BENCH_SITE_DIR"
	echo "target: the statistics phase adds <= $TARGET_METRICS % to a cold build"
	mkdir -p "$BENCH_SITE_DIR"
	msite=$BENCH_SITE_DIR/metrics-$BENCH_METRICS_N.site
	rm -rf "$msite"
	if SVCGEN_TIMINGS=1 "$SVCGEN" build "$data" -o "$msite" --as-of "$AS_OF" \
		>/dev/null 2>"$BENCH_DIR/metrics.err"; then :; else
		[ $? -le 1 ] || failed=1
	fi
	rm -rf "$msite"
	timings=$(grep '^svcgen: timings:' "$BENCH_DIR/metrics.err" || true)
	if [ -z "$timings" ]; then
		echo "  no timings from svcgen build (see $BENCH_DIR/metrics.err)"
		failed=1
	else
		echo "  $timings"
		echo "$timings" | awk -v t="$TARGET_METRICS" '{
			for (i = 1; i <= NF; i++) {
				if ($i == "stats") st = $(i + 1)
				if ($i == "(added") add = $(i + 1)
				if ($i == "total") tot = $(i + 1)
			}
			rest = tot - add
			pct = rest > 0 ? 100 * add / rest : 0
			alone = tot - st > 0 ? 100 * st / (tot - st) : 0
			printf "  statistics phase: %.3f s on its thread (%.1f %% of the rest if run alone)\n", st, alone
			printf "  added to the build: %.3f s of %.3f s: %.1f %% (target <= %d %%: %s)\n",
				add, rest, pct, t, (pct <= t ? "met" : "MISSED")
		}'
	fi
	for cmd in check stats; do
		out=$(best_of "$BENCH_RUNS" "$SVCGEN" "$cmd" "$data" --as-of "$AS_OF") ||
			die "cannot run $SVCGEN $cmd"
		# shellcheck disable=SC2086
		set -- $out
		printf "  svcgen %-6s %7.3f s  %7.1f MiB\n" "$cmd" "$1" "$(echo "$2" | awk '{print $1 / 1024}')"
	done
	rm -f "$BENCH_DIR/.runs"
fi

# ============================================== range: svcgen check --range over long histories
if [ -n "$BENCH_RANGE_COMMITS" ] && ! command -v git >/dev/null 2>&1; then
	echo
	echo "git is missing: no range benchmark"
	BENCH_RANGE_COMMITS=
fi
for rc in $BENCH_RANGE_COMMITS; do
	case $rc in
	*[!0-9]* | '') die "BENCH_RANGE_COMMITS: '$rc' is not a number" ;;
	esac
	[ "$rc" -ge 1000 ] || die "BENCH_RANGE_COMMITS: $rc: gen-history makes 1000 commits or more"
done
if [ -n "$BENCH_RANGE_COMMITS" ]; then
	echo
	echo "svcgen check --range benchmark: $SVCGEN, $BENCH_RANGE_RUNS run(s) each" \
		"(best), history cache warm, repositories in $BENCH_DIR"
	echo "targets: 6,000 commits over 1,000 records in < 30 s" \
		"(<= $TARGET_RANGE_MS ms a commit), peak RSS < $TARGET_RANGE_MB MB (10^6 bytes)"
	rsrc=$BENCH_DIR/range-src-$RANGE_GEN_N
	rm -rf "$rsrc"
	# the full re-check, the baseline, on the smallest history only
	rmin=$(for rc in $BENCH_RANGE_COMMITS; do echo "$rc"; done | sort -n | head -n 1)
fi
# range_runs LOG CMD...: BENCH_RANGE_RUNS runs of CMD under measure, the last
# one's stdout and stderr in LOG.out and LOG.err; prints "wall maxrss_kb
# status cpu walls" (the fastest wall and its cpu, the highest RSS, the worst
# status, every wall comma-separated).  No warm-up run: a run over 100,000
# commits is long enough, and range_warm has read what the disk holds.
range_runs() {
	rlog=$1
	shift
	i=0
	: >"$BENCH_DIR/.runs"
	while [ "$i" -lt "$BENCH_RANGE_RUNS" ]; do
		"$MEASURE" -v "$@" >"$rlog.out" 2>"$rlog.err" || return 1
		tail -n 1 "$rlog.out" | awk '{
			for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
			printf "%s %s %d %.3f\n", v["wall"], v["maxrss_kb"], v["status"], v["user"] + v["sys"]
		}' >>"$BENCH_DIR/.runs"
		i=$((i + 1))
	done
	best_run
}
# range_report LABEL "wall rss status cpu walls" COMMITS LOG: the row, then
# the figures against the targets and what svcgen found
range_report() {
	row "$1" "$2" ""
	# shellcheck disable=SC2086 # split the figures
	set -- "$1" $2 "$3" "$4"
	awk -v w="$2" -v kb="$3" -v c="$7" -v tm="$TARGET_RANGE_MS" -v tb="$TARGET_RANGE_MB" 'BEGIN {
		ms = c > 0 ? 1000 * w / c : 0
		mb = kb * 1024 / 1e6
		printf "    per commit: %.2f ms = %.2f× target ≤ %d ms (%s); 6,000 commits: %.1f s\n",
			ms, ms / tm, tm, (ms <= tm ? "met" : "MISSED"), ms * 6
		printf "    peak RSS:   %.1f MB = %.2f× target < %d MB (%s)\n",
			mb, mb / tb, tb, (mb < tb ? "met" : "MISSED")
	}'
	lines=$(grep -c '^svcgen: [0-9a-f]\{7\} .*: [0-9]* new errors, [0-9]* new warnings$' "$8.err")
	found=$(sed -n 's/.*"errors":\([0-9]*\),"warnings":\([0-9]*\)}.*/\1 errors, \2 warnings/p' "$8.out" |
		tail -n 1)
	echo "    svcgen says: ${found:-no summary} introduced, $lines commit lines on stderr" \
		"(want $7), exit $4"
	if [ "$4" -gt 1 ] || [ "$lines" != "$7" ]; then
		echo "    WARNING: svcgen check --range did not check every commit; see $8.err"
		failed=1
	fi
}
for rc in $BENCH_RANGE_COMMITS; do
	rrepo=$BENCH_DIR/range-$RANGE_RECORDS-$rc
	rwant="range records=$RANGE_RECORDS commits=$rc n=$RANGE_GEN_N gen=$gen_sum"
	rwant="$rwant history=$(cksum <"$SRC/gen-history.c" | awk '{print $1 "-" $2}')"
	if [ -f "$rrepo.stamp" ] && [ -d "$rrepo/.git" ] &&
		[ "$(sed -n 1p "$rrepo.stamp")" = "$rwant" ]; then :; else
		echo
		echo "generating about $RANGE_RECORDS records over $rc commits into $rrepo ..."
		rm -rf "$rrepo" "$rrepo.stamp" "$rrepo.tmp"
		if [ ! -d "$rsrc" ]; then
			"$BENCH_DIR/gen-records" "$RANGE_GEN_N" "$rsrc.tmp" >/dev/null ||
				die "gen-records $RANGE_GEN_N failed"
			mv "$rsrc.tmp" "$rsrc"
		fi
		make_history "$rsrc" "$RANGE_RECORDS" "$rc" "$rrepo" "$rwant"
		echo "  gen-history $gen_secs s, git fast-import and checkout $import_secs s" \
			"($stream_mib MiB stream)"
	fi
	rval() { sed -n "s/^$1=//p" "$rrepo.stamp"; }
	check_history "$rrepo"
	rfirst=$(git -C "$rrepo" rev-list --max-parents=0 HEAD)
	rn=$(git -C "$rrepo" rev-list --count "$rfirst..HEAD")
	echo
	echo "$(rval commits) commits ($(rval merges) merges), $(rval records) records at HEAD," \
		"in $rrepo: --range ${rfirst%"${rfirst#???????}"}..HEAD, $rn commits"
	# the history cache written (svcgen log --all), the pack read once
	"$SVCGEN" log --all "$rrepo" >/dev/null 2>&1 || echo "  WARNING: svcgen log --all failed"
	cat "$rrepo"/.git/objects/pack/* >/dev/null 2>&1 || :
	rlog=$BENCH_DIR/range-$rc
	out=$(range_runs "$rlog" "$SVCGEN" check "$rrepo" --range "$rfirst..HEAD" \
		--as-of "$AS_OF" --format json) || die "cannot run $SVCGEN"
	range_report "svcgen check --range" "$out" "$rn" "$rlog"
	rcached=${out%% *}
	if [ "$rc" = "$rmin" ]; then
		out=$(range_runs "$rlog-full" env SVCGEN_NO_LOAD_CACHE=1 "$SVCGEN" check "$rrepo" \
			--range "$rfirst..HEAD" --as-of "$AS_OF" --format json) || die "cannot run $SVCGEN"
		range_report "full re-check per commit" "$out" "$rn" "$rlog-full"
		awk -v c="$rcached" -v f="${out%% *}" 'BEGIN {
			printf "    (SVCGEN_NO_LOAD_CACHE=1: every commit read and parsed in full;" \
				" with the reuse: %.2f× faster)\n", (c > 0 ? f / c : 0)
		}'
		# the measure line last in .out differs; the rest must not
		if cmp -s "$rlog.err" "$rlog-full.err" &&
			[ "$(sed '$d' "$rlog.out" | cksum)" = "$(sed '$d' "$rlog-full.out" | cksum)" ]; then
			echo "    the same output with and without SVCGEN_NO_LOAD_CACHE=1"
		else
			echo "  WARNING: svcgen check --range prints other things with SVCGEN_NO_LOAD_CACHE=1;" \
				"see $rlog.out, $rlog-full.out"
			failed=1
		fi
	fi
	rm -f "$BENCH_DIR/.runs"
done
[ -z "$BENCH_RANGE_COMMITS" ] || rm -rf "$rsrc"

[ "$BENCH_BUILD_N" != 0 ] || exit "$failed"

# timed LOG CMD...: runs CMD under measure, its output in LOG.out and LOG.err;
# prints "wall maxrss_kb status cpu".
timed() {
	log=$1
	shift
	"$MEASURE" -v "$@" >"$log.out" 2>"$log.err" || return 1
	sed -n 's/.*\(wall=[^ ]* user=[^ ]* sys=[^ ]* maxrss_kb=[^ ]* status=[0-9]*\)$/\1/p' \
		"$log.out" | tail -n 1 | awk '{
		for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
		printf "%s %s %d %.3f\n", v["wall"], v["maxrss_kb"], v["status"], v["user"] + v["sys"]
	}'
}

# best_build PREP LOG CMD...: BENCH_BUILD_RUNS runs of CMD, each after the
# shell function PREP and a sync (so that writing back what PREP removed
# does not fall into the timed run); prints "wall maxrss_kb status cpu
# walls": the fastest run's wall and cpu, the highest peak RSS, the worst
# status seen and the wall times of all runs (comma-separated).
best_build() {
	prep=$1 blog=$2
	shift 2
	i=0
	: >"$BENCH_DIR/.runs"
	while [ "$i" -lt "$BENCH_BUILD_RUNS" ]; do
		"$prep"
		sync
		timed "$blog" "$@" >>"$BENCH_DIR/.runs" || return 1
		i=$((i + 1))
	done
	best_run
}

# pages DIR: number of *.html files under DIR
pages() {
	find "$1" -type f -name '*.html' | wc -l | tr -d ' '
}

n=$BENCH_BUILD_N
echo
echo "svcgen build benchmark: N=$n, --as-of $AS_OF, best of $BENCH_BUILD_RUNS run(s) each," \
	"sites in $BENCH_SITE_DIR"
echo "targets: cold >= ${TARGET_COLD}x faster than Hugo, no-change rebuild <= $TARGET_NOCHANGE s," \
	"peak RSS <= 1/$TARGET_RSS of Hugo's"
ensure_data "$n"
echo "N=$n: $records records in $data"
mkdir -p "$BENCH_SITE_DIR"
site=$BENCH_SITE_DIR/$n.site
blog=$BENCH_DIR/$n.build
hout=$BENCH_SITE_DIR/$n.hugo-out

# finish: the exit of the build part; sites outside the work folder (a tmpfs,
# say) are not kept
finish() {
	[ "$BENCH_SITE_DIR" = "$BENCH_DIR" ] || rm -rf "$site" "$hout"
	rm -f "$BENCH_DIR/.runs"
	exit "$failed"
}

# ---- svcgen: cold (fresh output folder), then nothing changed
# shellcheck disable=SC2317 # called by best_build
prep_svcgen() { rm -rf "$site"; }
# shellcheck disable=SC2317 # called by best_build
prep_none() { :; }
# summary LOG: svcgen's closing line, or its last lines of stderr
summary() {
	sum=$(grep '^svcgen: .* pages of ' "$1.err" | tail -n 1)
	if [ -n "$sum" ]; then echo "$sum"; else tail -n 5 "$1.err"; fi
}
sv_ok=0
out=$(best_build prep_svcgen "$blog-cold" "$SVCGEN" build "$data" -o "$site" --as-of "$AS_OF") ||
	die "cannot run $SVCGEN"
cold=$out
# shellcheck disable=SC2086
set -- $cold
echo "  svcgen build says:     $(summary "$blog-cold") (exit $3)"
case $3 in
0) sv_ok=1 ;;
1)
	sv_ok=1
	echo "  WARNING: svcgen build reports errors on generated data; see $blog-cold.err"
	;;
*)
	echo "  svcgen build failed (exit $3); its last words ($blog-cold.err):"
	tail -n 20 "$blog-cold.err" | sed 's/^/    /'
	failed=1
	;;
esac
if [ "$sv_ok" -eq 1 ]; then
	sv_pages=$(pages "$site")
	out=$(best_build prep_none "$blog-nochange" "$SVCGEN" build "$data" -o "$site" \
		--as-of "$AS_OF") || die "cannot run $SVCGEN"
	nochange=$out
	# shellcheck disable=SC2086
	set -- $nochange
	echo "  rebuild says:          $(summary "$blog-nochange") (exit $3)"
	[ "$3" -le 1 ] || {
		echo "  svcgen build (no change) failed (exit $3); see $blog-nochange.err"
		failed=1
	}
	row "svcgen build, cold" "$cold" "$sv_pages"
	row "svcgen build, no change" "$nochange" ""
fi

# ---- Hugo: the same records as content/<kind>/<id>.md, cold
if ! command -v "$HUGO" >/dev/null 2>&1 && [ "$HUGO" = hugo ] &&
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "  installing the Debian package hugo ..."
	if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
		! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends hugo >/dev/null; then
		echo "  bench: cannot install hugo" >&2
	fi
fi
if ! command -v "$HUGO" >/dev/null 2>&1; then
	echo "  Hugo is missing (apt-get install hugo as root, or set HUGO=...):" \
		"no comparison with Hugo"
	finish
fi
hsite=$BENCH_DIR/$n.hugo
case $hout in
/*) habs=$hout ;;
*) habs=$PWD/$hout ;;
esac
hwant="$(sed -n 1p "$BENCH_DIR/$n.stamp") to-hugo=$(cksum <"$SRC/to-hugo.c" | awk '{print $1 "-" $2}')"
if [ -f "$hsite.stamp" ] && [ -d "$hsite/content" ] &&
	[ "$(cat "$hsite.stamp")" = "$hwant" ]; then :; else
	echo "  converting the records into a Hugo content tree in $hsite (not timed) ..."
	rm -rf "$hsite" "$hsite.stamp" "$hsite.tmp"
	mkdir -p "$hsite.tmp"
	"$BENCH_DIR/to-hugo" "$data" "$hsite.tmp/content" >"$hsite.conv" ||
		die "to-hugo failed"
	mv "$hsite.tmp" "$hsite"
	printf '%s\n' "$hwant" >"$hsite.stamp"
fi
# the skeleton (config, layouts, static) is copied afresh every run
rm -rf "$hsite/config.toml" "$hsite/layouts" "$hsite/static" "$hsite/resources"
cp -R "$SRC/hugo/." "$hsite/"
hver=$("$HUGO" version 2>/dev/null | head -n 1)
echo "  hugo: $hver"
# shellcheck disable=SC2317 # called by best_build
prep_hugo() { rm -rf "$hout" "$hsite/resources" "$hsite/.hugo_build.lock"; }
out=$(best_build prep_hugo "$blog-hugo" "$HUGO" --source "$hsite" --destination "$habs" \
	--quiet --ignoreCache) || die "cannot run $HUGO"
hugo=$out
# shellcheck disable=SC2086
set -- $hugo
if [ "$3" -ne 0 ]; then
	echo "  hugo failed (exit $3); its last words ($blog-hugo.err):"
	tail -n 20 "$blog-hugo.err" | sed 's/^/    /'
	failed=1
	finish
fi
row "hugo, cold" "$hugo" "$(pages "$hout")"

# ---- the ratios
if [ "$sv_ok" -eq 1 ]; then
	# shellcheck disable=SC2086
	set -- $cold $nochange $hugo
	awk -v cw="$1" -v ckb="$2" -v nw="$6" -v nkb="$7" -v hw="${11}" -v hkb="${12}" \
		-v tc="$TARGET_COLD" -v tn="$TARGET_NOCHANGE" -v tr="$TARGET_RSS" 'BEGIN {
		x = cw > 0 ? hw / cw : 0
		printf "  cold: svcgen %.3f s vs Hugo %.3f s = %.2f× (target ≥ %d×: %s)\n",
			cw, hw, x, tc, (x >= tc ? "met" : "MISSED")
		printf "  no-change rebuild: %.3f s (target ≤ %d s: %s)\n",
			nw, tn, (nw <= tn ? "met" : "MISSED")
		kb = ckb > nkb ? ckb : nkb
		c = kb > 0 ? hkb / kb : 0
		printf "  peak RSS: svcgen %.1f MiB vs Hugo %.1f MiB = 1/%.2f (target ≤ 1/%d: %s)\n",
			kb / 1024, hkb / 1024, c, tr, (c >= tr ? "met" : "MISSED")
	}'
fi
finish
