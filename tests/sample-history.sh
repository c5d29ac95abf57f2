#!/bin/sh
# sample-history.sh OUT - the sample department (records/) as its staff
# would have committed it through 2026, in a git repository OUT (made
# afresh) whose records folder is OUT/records: `make site` builds the site
# from it, so that the audit trails, the change log, the feed and the audit
# findings have something to show (docs/site.md, "The sample").
#
# The archive is set up on 2025-12-31; then, month by month, the hotline
# enters the tickets, the follow-up desk the visits, the supervisor the
# complaints and the parts desk the shipments, each at the month's end; new
# standards come when they take effect. A few edits a real department makes
# are replayed too, and leave the findings an auditor looks for: a closed
# ticket's hours corrected (post-closure-edit), a duplicate visit entered and
# deleted, a contact's new phone, an effective standard reworded without a
# new version (standard-edited). The last commit leaves OUT/records the same
# bytes as records/. Fixed authors, dates and messages: the same hashes on
# every run and every machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/records
out=$1
rec=$out/records
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C

# Who commits: the sample's own staff (records/staff).
manager="萧海燕 <xiao.haiyan@jnev.com.cn>"
supervisor="胡宏伟 <hu.hongwei@jnev.com.cn>"
hotline="郭超 <guo.chao@jnev.com.cn>"
desk="林敏 <lin.min@jnev.com.cn>"
parts="周宏伟 <zhou.hongwei@jnev.com.cn>"
engineer="张杰 <zhang.jie@jnev.com.cn>"
tech="宋春生 <song.chunsheng@jnev.com.cn>"

# commit WHO WHEN MESSAGE: commits what is staged, as WHO at WHEN.
commit() {
	name=${1% <*}
	mail=${1##*<}
	mail=${mail%>}
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$mail GIT_AUTHOR_DATE=$2 \
		GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$mail GIT_COMMITTER_DATE=$2 \
		git -C "$out" commit -q --allow-empty-message -m "$3"
}
# put PATH...: copies each path (a file, or a folder's files) from records/.
put() {
	for p in "$@"; do
		mkdir -p "$rec/$(dirname "$p")"
		cp -R "$src/$p" "$rec/$(dirname "$p")/"
		git -C "$out" add "records/$p"
	done
}
# count FOLDER: the number of files under records/FOLDER.
count() { find "$src/$1" -type f | wc -l | tr -d ' '; }

rm -rf "$out"
mkdir -p "$rec"
git -C "$out" init -q -b main .

# 2025-12-31: the archive, with the standards in force then. Two values
# differ from today's: they are corrected later in the year.
for p in README.md svcgen.yaml customers equipment staff parts dealers; do put "$p"; done
for f in "$src"/standards/*/*.md; do
	grep -q '^effective: 2026' "$f" || put "standards/${f#"$src"/standards/}"
done
sed -i 's/^status: superseded$/status: effective/' "$rec/standards/work/WS-FUP-01.md"
sed -i 's/phone: 13329306760/phone: 13304512876/' "$rec/customers/dongbei/C-0038.yaml"
sed -i 's/^- 用户车辆在运营中发生故障导致停运、存在安全隐患的紧急情况；$/- 用户车辆运营中发生故障停运或有安全隐患的紧急情况；/' \
	"$rec/standards/management/MS-EMG-01.md"
git -C "$out" add -A
commit "$manager" "2025-12-31T17:30:00+08:00" "建立售后服务档案库：客户、车辆、人员、配件、经销商与现行标准

按部门档案管理办法，将原台账整理为 YAML/Markdown 记录，由 svcgen 校验。

Reviewed-by: $supervisor"

for m in 01 02 03 04 05 06 07 08 09 10 11; do
	n=${m#0}
	case $m in
	02) end=28 ;; 04 | 06 | 09) end=30 ;; 11) end=27 ;; *) end=31 ;;
	esac
	day=2026-$m-$end

	# New standards take effect on the first of their month.
	for f in "$src"/standards/*/*.md; do
		grep -q "^effective: 2026-$m" "$f" || continue
		rel=standards/${f#"$src"/standards/}
		id=$(basename "$f" .md)
		put "$rel"
		old=$(sed -n 's/^supersedes: //p' "$f")
		if [ -n "$old" ]; then
			put "$(cd "$src" && ls standards/*/"$old".md)"
			msg="发布 $id，替代 $old"
		else
			msg="发布 $id"
		fi
		commit "$engineer" "2026-$m-01T09:00:00+08:00" "$msg

经部门评审通过，自 2026-$m-01 起执行。

Approved-by: $manager"
	done

	put "service/2026/$m"
	for t in "$src"/service/2026/$m/*.md; do
		for a in "$src"/attachments/service/"$(basename "$t" .md)"-*; do
			[ -e "$a" ] && put "attachments/service/$(basename "$a")"
		done
	done
	[ $m = 01 ] && sed -i 's/^labor_hours: 5$/labor_hours: 4/' "$rec/service/2026/01/SR-2026-0001.md" &&
		git -C "$out" add -A
	commit "$hotline" "${day}T17:00:00+08:00" "录入 2026 年 $n 月服务工单（$(count "service/2026/$m") 张）

Reviewed-by: $supervisor"

	put "visits/2026/$m"
	if [ $m = 03 ]; then
		# The same call entered twice, under a new number.
		first=$(ls "$rec/visits/2026/03" | head -1)
		sed "s/^id: .*/id: V-2026-0999/" "$rec/visits/2026/03/$first" >"$rec/visits/2026/03/V-2026-0999.yaml"
		git -C "$out" add -A
	fi
	commit "$desk" "${day}T17:20:00+08:00" "录入 2026 年 $n 月回访记录（$(count "visits/2026/$m") 条）"

	if [ -d "$src/complaints/2026/$m" ]; then
		put "complaints/2026/$m"
		commit "$supervisor" "${day}T17:40:00+08:00" "登记 2026 年 $n 月客户投诉（$(count "complaints/2026/$m") 件）

Approved-by: $manager"
	fi

	put "shipments/2026/$m"
	commit "$parts" "${day}T18:00:00+08:00" "录入 2026 年 $n 月配件发货单（$(count "shipments/2026/$m") 单）"

	# The edits of the month after.
	case $m in
	01)
		put service/2026/01/SR-2026-0001.md
		commit "$tech" "2026-02-03T10:15:00+08:00" "更正 SR-2026-0001 工时：4 → 5 小时

按派工单与现场签到记录核对，原录入少计 1 小时（工单已关闭）。

Reviewed-by: $supervisor"
		;;
	03)
		git -C "$out" rm -q records/visits/2026/03/V-2026-0999.yaml
		commit "$desk" "2026-04-02T09:30:00+08:00" "删除重复录入的回访记录 V-2026-0999

与 $(basename "$first" .yaml) 为同一次回访。

Reviewed-by: $supervisor"
		;;
	06)
		put customers/dongbei/C-0038.yaml
		commit "$hotline" "2026-07-15T14:05:00+08:00" "更新客户 C-0038 联系人电话

客户来电告知联系人手机号变更。"
		;;
	09)
		put standards/management/MS-EMG-01.md
		commit "$engineer" "2026-10-12T16:20:00+08:00" "MS-EMG-01：统一适用情形的措辞

Reviewed-by: $manager"
		;;
	esac
done

# The commits leave records/ as it is.
if ! diff -r "$src" "$rec" >/dev/null; then
	echo "sample-history.sh: $rec differs from records/" >&2
	diff -r "$src" "$rec" | head -5 >&2
	exit 1
fi
