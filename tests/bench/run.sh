#!/bin/sh
# Benchmark of `svcgen check` and `svcgen build` on synthetic repositories
# (make bench).
#
# Builds the helpers (gen-records, measure, yaml-baseline, to-hugo) into
# build/bench/, generates repositories of about 50,000 and 200,000 records
# there (kept and reused while N and gen-records.c are unchanged), then:
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
# Timing never fails: the exit status is 0 whatever the figures, non-zero
# only if something could not be built or run.
#
# Environment:
#   SVCGEN           svcgen binary                 (default ./svcgen)
#   BENCH_SIZES      record counts, check          (default "50000 200000")
#   BENCH_RUNS       timed runs per check command  (default 3)
#   BENCH_BUILD_N    record count, build; 0 skips  (default 50000)
#   BENCH_BUILD_RUNS timed runs per build command  (default 3)
#   BENCH_DIR        work folder                   (default build/bench)
#   BENCH_SITE_DIR   where the built sites go      (default $BENCH_DIR;
#                    e.g. /dev/shm to leave the disk out of the timings)
#   HUGO             hugo binary                   (default hugo)
#   CC               C compiler                    (default cc)
set -eu

cd "$(dirname "$0")/../.."

SVCGEN=${SVCGEN:-./svcgen}
BENCH_SIZES=${BENCH_SIZES:-"50000 200000"}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_BUILD_N=${BENCH_BUILD_N:-50000}
BENCH_BUILD_RUNS=${BENCH_BUILD_RUNS:-3}
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

# ensure_data N: sets data= and records= for the N repository, regenerated
# only when N or the generator changed.
ensure_data() {
	data=$BENCH_DIR/$1
	stamp=$BENCH_DIR/$1.stamp
	want="n=$1 gen=$gen_sum"
	if [ -f "$stamp" ] && [ -d "$data" ] &&
		[ "$(sed -n 1p "$stamp")" = "$want" ]; then
		records=$(sed -n 's/^records=//p' "$stamp")
	else
		echo
		echo "generating $1 records into $data ..."
		rm -rf "$data" "$stamp" "$data.tmp"
		"$BENCH_DIR/gen-records" "$1" "$data.tmp" >"$BENCH_DIR/$1.gen" ||
			die "gen-records $1 failed"
		mv "$data.tmp" "$data"
		records=$(sed -n 's/^records=//p' "$BENCH_DIR/$1.gen")
		printf '%s\nrecords=%s\n' "$want" "$records" >"$stamp"
	fi
	[ -n "$records" ] || die "no record count for $data"
}

echo "svcgen check benchmark: $SVCGEN, best of $BENCH_RUNS runs after a warm-up"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
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

# ============================================== svcgen build, side by side with Hugo
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
	awk '{
		if (best == "" || $1 + 0 < best + 0) { best = $1; cpu = $4 }
		if ($2 + 0 > rss + 0) rss = $2
		if ($3 + 0 > st + 0) st = $3
		all = all (NR > 1 ? "," : "") $1
	} END { printf "%s %s %d %s %s\n", best, rss, st, cpu, all }' "$BENCH_DIR/.runs"
}

# pages DIR: number of *.html files under DIR
pages() {
	find "$1" -type f -name '*.html' | wc -l | tr -d ' '
}

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
