#!/bin/sh
# run.sh [SECONDS] - runs every libFuzzer target (make fuzz) for SECONDS each
# (default 600), all at once, each over a scratch copy of its corpus so the
# corpus in git changes only by hand. Crashes are left in build/fuzz/out-<t>/
# as crash-*, leak-*, timeout-* files; the last lines of each log are shown.
set -u
secs=${1:-600}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
for t in record markdown template config svg; do
	case $t in record) corpus=tests/fuzz/corpus ;; *) corpus=tests/fuzz/corpus-$t ;; esac
	out=build/fuzz/out-$t
	rm -rf "$out" && mkdir -p "$out/corpus" && cp "$corpus"/* "$out/corpus/"
	(cd "$out" && ../fuzz-$t -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 corpus >log 2>&1) &
done
wait
status=0
for t in record markdown template config svg; do
	out=build/fuzz/out-$t
	echo "== fuzz-$t"
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$out/log" | tail -3
	found=$(ls "$out" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
	if [ -n "$found" ]; then
		echo "found: $found"
		status=1
	fi
done
exit $status
