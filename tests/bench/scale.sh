#!/bin/sh
# Scale benchmark (make bench-scale; not part of CI): how each stage of
# svcgen grows with the size of the department.
#
# Builds gen-records and measure into build/bench/ (as run.sh does), generates
# departments of about 50,000, 200,000 and 1,000,000 records there (kept and
# reused while N and gen-records.c are unchanged; the stamps are run.sh's, so
# both scripts share the data), then for each size, one run each:
#
#   svcgen check, svcgen stats         wall time, CPU time, peak RSS
#   svcgen build into a fresh folder   the same (cold)
#   svcgen build again with nothing changed     the same
#   svcgen build again after appending a line to one ticket, then after
#     appending a second (the ticket is restored afterwards): the first
#     rebuild finds no previous site kept beside the output (the no-change
#     build kept none), the second starts from the one the first kept, as
#     every rebuild after the first does          the same
#   for each build, the phases SVCGEN_TIMINGS=1 reports (load+check+history,
#     reading the output folder, render, publish) with their cost per record
#   the site: pages, its size, the manifest, the largest index page
#     (*/index.html, */page-*.html), the largest other page, the largest
#     script an index loads (*/rows-*.js) and the largest search index file
#     (search-index*.js or anything under search/), size and name
#
# and prints them side by side, with the cost per record (µs/record, and
# peak RSS in KiB/record) so that growth beyond linear shows.  CPU time
# (user + sys) is given beside the wall time as the machine may be shared.
#
# Sites go to /dev/shm (tmpfs: the programs are measured, not the disk) when
# the site (estimated at SCALE_SITE_KB KiB per record) fits there and in half
# the available memory, and /dev/shm has free inodes for 2.3 a record (tmpfs
# counts one for each hard link; `mount -o remount,nr_inodes=8000000
# /dev/shm` gives a 10^6-record run room), else to $BENCH_DIR; the script
# says which for each size.  A site is removed once measured.
#
# Timing never fails: the exit status is 0 whatever the figures, non-zero
# only if something could not be built or run.
#
# Environment:
#   SVCGEN         svcgen binary                      (default ./svcgen)
#   SCALE_SIZES    record counts (default "50000 200000 1000000")
#   SCALE_SITE_KB  estimated site KiB per record      (default 12)
#   BENCH_DIR      work folder                        (default build/bench)
#   CC             C compiler                         (default cc)
set -eu

cd "$(dirname "$0")/../.."

SVCGEN=${SVCGEN:-./svcgen}
SCALE_SIZES=${SCALE_SIZES-"50000 200000 1000000"}
SCALE_SITE_KB=${SCALE_SITE_KB:-12}
BENCH_DIR=${BENCH_DIR:-build/bench}
CC=${CC:-cc}
AS_OF=2026-11-27
WARN='-std=c11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wwrite-strings'
SRC=tests/bench

die() {
	echo "bench-scale: $*" >&2
	exit 1
}

mkdir -p "$BENCH_DIR"
# shellcheck disable=SC2086 # $WARN is a word list
$CC $WARN -o "$BENCH_DIR/gen-records" "$SRC/gen-records.c" ||
	die "cannot build gen-records"
# shellcheck disable=SC2086
$CC $WARN -o "$BENCH_DIR/measure" "$SRC/measure.c" || die "cannot build measure"
command -v "$SVCGEN" >/dev/null || die "no svcgen binary at $SVCGEN (run make first)"
MEASURE=$BENCH_DIR/measure
RES=$BENCH_DIR/scale.results
: >"$RES"

# shellcheck source=tests/bench/data.sh
. "$SRC/data.sh"

# result N KEY LINE: appends "N KEY wall maxrss_kb status cpu" of measure's
# LINE to $RES; prints the status
result() {
	echo "$3" | awk -v n="$1" -v k="$2" '{
		for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
		print n, k, v["wall"], v["maxrss_kb"], v["status"], v["user"] + v["sys"]
	}' >>"$RES"
	tail -n 1 "$RES" | awk '{print $5}'
}

# run N KEY CMD...: one run of CMD under measure, its line into $RES
run() {
	rn=$1 key=$2
	shift 2
	line=$("$MEASURE" "$@") || die "cannot run $*"
	st=$(result "$rn" "$key" "$line")
	[ "$st" -le 1 ] || echo "  WARNING: $* exited with status $st" >&2
	echo "  $key: $line"
}

# build N KEY ARGS...: run N KEY svcgen build ARGS with SVCGEN_TIMINGS=1;
# appends "N KEY-phase load read-out render publish" to $RES from its timings line
build() {
	bn=$1 bkey=$2
	shift 2
	log=$BENCH_DIR/scale.$bkey.log
	line=$("$MEASURE" -v env SVCGEN_TIMINGS=1 "$SVCGEN" build "$@" 2>"$log" |
		grep '^wall=') || die "cannot run svcgen build $*"
	st=$(result "$bn" "$bkey" "$line")
	[ "$st" -le 1 ] || echo "  WARNING: svcgen build $* exited with status $st" >&2
	echo "  $bkey: $line"
	# Reading the output folder runs beside the load: what it added to the wall time.
	sed -n 's/^svcgen: timings: load+check+history \([0-9.]*\) s.*reading the output folder [0-9.]* s on a thread beside the load (added \([0-9.]*\) s).* render \([0-9.]*\) s.*, publish \([0-9.]*\) s.*/\1 \2 \3 \4/p' "$log" |
		awk -v n="$bn" -v k="$bkey" '{print n, k "-phase", $1, $2, $3, $4}' >>"$RES"
	sed -n 's/^svcgen: //p' "$log" | sed 's/^/    /'
}

# site_dir N: where the site of N records goes
site_dir() {
	need=$(($1 * SCALE_SITE_KB))
	shm=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')
	mem=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null)
	# tmpfs counts an inode for each hard link too: the site's files, then
	# as many links in the rebuild's temporary tree, about 1.1 a record each.
	inodes=$(df -Pi /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')
	if [ -n "$shm" ] && [ -n "$mem" ] && [ -w /dev/shm ] &&
		[ "$need" -lt "$shm" ] && [ "$need" -lt $((mem / 2)) ] &&
		{ [ "${inodes:-0}" = - ] || [ "${inodes:-0}" -gt $(($1 * 23 / 10)) ]; }; then
		echo /dev/shm
	else
		echo "$BENCH_DIR"
	fi
}

# largest DIR FIND-ARGS...: "bytes path" of the largest file matched
largest() {
	d=$1
	shift
	find "$d" -type f \( "$@" \) -printf '%s %P\n' | sort -n | tail -n 1
}

echo "svcgen scale benchmark: $SVCGEN, --as-of $AS_OF, one run of each command"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
cols=
for n in $SCALE_SIZES; do
	ensure_data "$n"
	where=$(site_dir "$n")
	case $where in
	/dev/shm) kind=tmpfs ;;
	*) kind=disk ;;
	esac
	site=$where/svcgen-scale-$n.site
	echo
	echo "N=$n: $records records in $data; site in $site ($kind)"
	echo "$n records $records" >>"$RES"
	echo "$n where $kind" >>"$RES"
	rm -rf "$site" "$where/.svcgen-scale-$n.site.prev"
	run "$n" check "$SVCGEN" check "$data" --as-of "$AS_OF"
	run "$n" stats "$SVCGEN" stats "$data" --as-of "$AS_OF"
	sync
	build "$n" cold "$data" -o "$site" --as-of "$AS_OF"
	build "$n" same "$data" -o "$site" --as-of "$AS_OF"
	ticket=$(find "$data/service" -name '*.md' | sort | tail -n 1)
	[ -n "$ticket" ] || die "no ticket in $data/service"
	cp -p "$ticket" "$BENCH_DIR/scale.ticket"
	trap 'cp -p "$BENCH_DIR/scale.ticket" "$ticket"' EXIT
	trap 'exit 130' INT TERM
	printf '\n- 用户来电确认设备运行正常。\n' >>"$ticket"
	sync
	build "$n" edit1 "$data" -o "$site" --as-of "$AS_OF"
	printf -- '- 已安排下次保养。\n' >>"$ticket"
	sync
	build "$n" edit "$data" -o "$site" --as-of "$AS_OF"
	cp -p "$BENCH_DIR/scale.ticket" "$ticket"
	trap - EXIT INT TERM
	rm -f "$BENCH_DIR/scale.ticket"
	pages=$(find "$site" -type f -name '*.html' | wc -l | tr -d ' ')
	size=$(du -sk "$site" | awk '{print $1}')
	{
		echo "$n pages $pages"
		echo "$n sitekb $size"
		echo "$n manifest $(wc -c <"$site/.svcgen-manifest" | tr -d ' ') .svcgen-manifest"
		echo "$n index $(largest "$site" -name 'index.html' -o -name 'page-*.html')"
		echo "$n page $(largest "$site" -name '*.html' ! -name 'index.html' ! -name 'page-*.html')"
		echo "$n rows $(largest "$site" -name 'rows-*.js')"
		echo "$n search $(largest "$site" -name 'search-index*' -o -path '*/search/*')"
	} >>"$RES"
	rm -rf "$site" "$where/.svcgen-scale-$n.site.prev"
	cols="$cols $n"
done

# ---- side by side
echo
awk -v cols="$cols" '
function mib(kb) { return sprintf("%.1f MiB", kb / 1024) }
function bytes(b) { return b < 1048576 ? sprintf("%d B", b) : sprintf("%.1f MiB", b / 1048576) }
{
	if ($2 == "check" || $2 == "stats" || $2 == "cold" || $2 == "same" || $2 == "edit1" || $2 == "edit") {
		wall[$1, $2] = $3; rss[$1, $2] = $4; cpu[$1, $2] = $6
	} else if ($2 ~ /-phase$/) {
		ph[$1, $2, 1] = $3; ph[$1, $2, 2] = $4; ph[$1, $2, 3] = $5; ph[$1, $2, 4] = $6
	} else if ($2 == "page" || $2 == "search" || $2 == "index" || $2 == "rows" || $2 == "manifest") {
		big[$1, $2] = ($3 == "" ? "-" : sprintf("%s %s", bytes($3), $4))
	} else v[$1, $2] = $3
}
END {
	nc = split(cols, c, " ")
	printf "%-30s", "records"
	for (i = 1; i <= nc; i++) printf "  %-34s", v[c[i], "records"]
	printf "\n%-30s", "site on"
	for (i = 1; i <= nc; i++) printf "  %-34s", v[c[i], "where"]
	printf "\n"
	split("check stats cold same edit1 edit", k, " ")
	name["check"] = "svcgen check"; name["stats"] = "svcgen stats"
	name["cold"] = "svcgen build, cold"; name["same"] = "build, nothing changed"
	name["edit1"] = "build, 1 ticket edited, 1st"
	name["edit"] = "build, 1 ticket edited again"
	split("load+check+history,reading the output folder (added),render (digests and pages),publish", phase, ",")
	for (j = 1; j <= 6; j++) {
		printf "%-30s", name[k[j]] ": time"
		for (i = 1; i <= nc; i++) {
			r = v[c[i], "records"]; w = wall[c[i], k[j]]
			printf "  %-34s", sprintf("%8.3f s %8.1f µs/record", w, w * 1e6 / r)
		}
		printf "\n%-30s", "  CPU (user + sys)"
		for (i = 1; i <= nc; i++) {
			r = v[c[i], "records"]; w = cpu[c[i], k[j]]
			printf "  %-34s", sprintf("%8.3f s %8.1f µs/record", w, w * 1e6 / r)
		}
		printf "\n%-30s", "  peak RSS"
		for (i = 1; i <= nc; i++) {
			r = v[c[i], "records"]; kb = rss[c[i], k[j]]
			printf "  %-34s", sprintf("%8s %7.2f KiB/record", mib(kb), kb / r)
		}
		printf "\n"
		for (p = 1; p <= 4; p++) {
			if (!((c[1], k[j] "-phase", p) in ph)) continue
			printf "%-30s", "  " phase[p]
			for (i = 1; i <= nc; i++) {
				r = v[c[i], "records"]; w = ph[c[i], k[j] "-phase", p]
				printf "  %-34s", sprintf("%8.3f s %8.1f µs/record", w, w * 1e6 / r)
			}
			printf "\n"
		}
	}
	printf "%-30s", "pages (*.html)"
	for (i = 1; i <= nc; i++) printf "  %-34s", v[c[i], "pages"]
	printf "\n%-30s", "site size"
	for (i = 1; i <= nc; i++) printf "  %-34s", mib(v[c[i], "sitekb"])
	printf "\n%-30s", "manifest"
	for (i = 1; i <= nc; i++) printf "  %-34s", big[c[i], "manifest"]
	printf "\n%-30s", "largest index page"
	for (i = 1; i <= nc; i++) printf "  %-34s", big[c[i], "index"]
	printf "\n%-30s", "largest other page"
	for (i = 1; i <= nc; i++) printf "  %-34s", big[c[i], "page"]
	printf "\n%-30s", "largest index script"
	for (i = 1; i <= nc; i++) printf "  %-34s", big[c[i], "rows"]
	printf "\n%-30s", "largest search index file"
	for (i = 1; i <= nc; i++) printf "  %-34s", big[c[i], "search"]
	printf "\n"
}' "$RES"
