#!/bin/sh
# paging-records.sh DIR N - writes into DIR (created) a records folder with
# N customers C-1 .. C-N (ids in natural order: C-9 before C-10) and one
# dealer, for the index pages' tests (tests/suites/paging.sh and the
# browser test). Customer i has, so that a test can work out any figure:
#   name    客户 and the five digits of (i * 7919) mod 100003 (all different)
#   region  regions[(i * 31) mod 7] of svcgen.yaml below
#   dealer  D-1, but none when i mod 3 = 0
#   since   (2000 + (i * 13) mod 26)-((i * 7) mod 12 + 1)-((i * 11) mod 28 + 1),
#           none when i mod 5 = 0 (the same date again every 1092 customers)
set -eu
r=$1
n=$2
mkdir -p "$r/customers" "$r/dealers"
cat >"$r/svcgen.yaml" <<'EOR'
title: 分页测试
timezone: "+08:00"
regions: [华东, 华南, 华北, 华中, 西南, 西北, 东北]
EOR
# A name that would end a script or a string, were it not escaped.
cat >"$r/dealers/D-1.yaml" <<'EOR'
id: D-1
name: '经销商 "一" \ </script><!-- ''x'''
region: 华东
EOR
awk -v dir="$r/customers" -v n="$n" 'BEGIN {
	split("华东 华南 华北 华中 西南 西北 东北", reg, " ")
	for (i = 1; i <= n; i++) {
		f = dir "/C-" i ".yaml"
		printf "id: C-%d\nname: 客户%05d\nregion: %s\n", i, (i * 7919) % 100003, reg[(i * 31) % 7 + 1] >f
		if (i % 3)
			printf "dealer: D-1\n" >f
		if (i % 5)
			printf "since: %04d-%02d-%02d\n", 2000 + (i * 13) % 26, (i * 7) % 12 + 1, (i * 11) % 28 + 1 >f
		close(f)
	}
}'
