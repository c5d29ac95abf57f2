# data.sh - sourced by run.sh and scale.sh: the generated repositories they
# share in $BENCH_DIR. Needs BENCH_DIR, SRC (tests/bench), die() and the
# gen-records binary built in $BENCH_DIR.

gen_sum=$(cksum <"$SRC/gen-records.c" | awk '{print $1 "-" $2}')

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
		sync # its write-back is not for the timed runs
	fi
	[ -n "$records" ] || die "no record count for $data"
}
