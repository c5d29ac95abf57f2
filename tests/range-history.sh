#!/bin/sh
# range-history.sh OUT - a long git history (448 commits) over a small
# department (37 records), for tests/suites/range-long.sh: problems appear
# and disappear at known commits, with long runs of commits between them
# that change only an `x-note` or a body line of a clean record.
#
# The history is written as one `git fast-import` stream (a few hundred
# commits in well under a second) with fixed authors, dates and messages,
# so the hashes are the same on every machine and every run. Every commit
# that plants or fixes something gets a tag (lightweight, refs/tags/NAME):
#
#   base         the first commit: old problems the range must not report
#                (P-G05 `key: yes` [type], P-G04 `unit_cost: -5` [type])
#   type-in      P-K02 unit_cost 三千六 [type]
#   move-old     P-G05 moved parts/general/ → parts/key/ (its old problem)
#   move-new     P-K02 moved parts/key/ → parts/general/ (type-in's problem)
#   enum-in      EV200-0003 status: broken [enum]
#   enum-fix     EV200-0003 back to in_service
#   date-in      EV200-0005 warranty_until before delivered [date-order]
#   close        SR-0003 closed
#   edit-closed  SR-0003 edited after closure [post-closure-edit]
#   close2, reopen, open-edit, reclose
#                SR-0004 closed, reopened (status and closing fields taken
#                back), edited while open, closed again: no warning
#   pii-in       a phone number in SR-0007's body [pii-in-body] (warning)
#   pii-off      svcgen.yaml: pii-in-body: off
#   side-enum    on branch `side`: ST-003 role: boss [enum]
#   merge        main merges `side` (no conflict, nothing of its own)
#   pii-error    svcgen.yaml: pii-in-body: error (the problem is back, an
#                error now) and post-closure-edit: error (the problem of
#                edit-closed, not new: problems match by rule, record and
#                field, not severity)
#   attach-in    SR-0006 names attachments/service/SR-0006/photo.txt, which
#                is not there [attachment-missing]
#   attach-fix   the file added
#   limit-in     svcgen.yaml: limits.file_bytes 6000: TS-002, unchanged, is
#                over it [too-large]
#   limit-out    the limit taken out again
#   delete       P-G04 (with its old problem) deleted
#   readd        P-G04 added again, same bytes: its old problem is new
#                again [type] and the id is reused [id-reused]
#   enum-again   EV200-0003 status: broken again [enum]
#   staff-gone   ST-004 deleted: SR-0009, unchanged, names it [ref-missing]
#   staff-back   ST-004 added again [id-reused]
#   mid-from, mid-to
#                the bounds of a middle sub-range (about 100 commits, the
#                side branch and the merge inside)
#
# Usage: sh tests/range-history.sh OUT (OUT is replaced).
set -eu
out=${1:?usage: range-history.sh OUT}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES

wt=$out/.tree # the records as the branch being written has them
stream=$out/.stream
mkdir -p "$wt"
cd "$wt"
: >"$stream"

# ---- the stream

mark=0 main_tip=0 side_tip=0
when=1767578400 # 2026-01-05T10:00:00+08:00; one hour a commit
branch=main
touched= # paths changed since the last commit, space-separated
merge_from=

touch_() { touched="$touched $*"; }

# ci SUMMARY: a commit of the touched paths on $branch (a deletion when the
# path no longer exists)
ci() {
	mark=$((mark + 1))
	when=$((when + 3600))
	{
		printf 'commit refs/heads/%s\nmark :%d\n' "$branch" "$mark"
		printf 'author 王工 <wang@jnev.example.cn> %d +0800\n' "$when"
		printf 'committer 售后档案管理 <records@jnev.example.cn> %d +0800\n' "$when"
		printf 'data <<@@@\n%s\n@@@\n' "$1"
		if [ "$branch" = side ] && [ "$side_tip" = 0 ]; then
			printf 'from :%d\n' "$main_tip"
		fi
		[ -z "$merge_from" ] || printf 'merge :%d\n' "$merge_from"
		for p in $touched; do
			if [ -f "$p" ]; then
				printf 'M 100644 inline %s\ndata <<@@@\n' "$p"
				cat "$p"
				printf '@@@\n'
			else
				printf 'D %s\n' "$p"
			fi
		done
		printf '\n'
	} >>"$stream"
	touched='' merge_from=''
	if [ "$branch" = main ]; then main_tip=$mark; else side_tip=$mark; fi
}

tag() { printf 'reset refs/tags/%s\nfrom :%d\n\n' "$1" "$mark" >>"$stream"; }

set_line() { # FILE OLD NEW: the line OLD of FILE becomes NEW (may hold \n)
	awk -v old="$2" -v new="$3" '$0 == old { print new; found = 1; next } { print }
		END { if (!found) { print FILENAME ": no line " old > "/dev/stderr"; exit 1 } }' \
		"$1" >"$1.tmp"
	mv "$1.tmp" "$1"
	touch_ "$1"
}

# ---- the records

regions='华东 华南 华北 华中 西南 西北'

customer() { # N NOTE
	r=$(echo "$regions" | cut -d' ' -f"$1")
	cat >"customers/C-000$1.yaml" <<EOF
id: C-000$1
name: 第$1客户运输有限公司
region: $r
address: 某市某区工业大道$1号
contacts:
  - name: 联系人$1
    role: 设备主管
    phone: 1381234567$1
since: 2023-12-0$1
x-note: $2
EOF
	touch_ "customers/C-000$1.yaml"
}

staff() { # N NOTE [ROLE]
	r=$(echo "$regions" | cut -d' ' -f"$1")
	cat >"staff/ST-00$1.yaml" <<EOF
id: ST-00$1
name: 技师$1
role: ${3:-technician}
region: $r
active: true
joined: 2018-04-0$1
x-note: $2
EOF
	touch_ "staff/ST-00$1.yaml"
}

part() { # PATH ID NOTE [KEY [COST]]
	cat >"$1" <<EOF
id: $2
name: 配件$2
key: ${4:-false}
unit_cost: ${5:-45.00}
supplier: 某配件经销部
x-note: $3
EOF
	touch_ "$1"
}

unit() { # N NOTE
	cat >"equipment/EV200-000$1.yaml" <<EOF
id: EV200-000$1
model: EV-200
platform: 景区观光
customer: C-000$1
delivered: 2026-05-2$1
warranty_until: 2028-05-2$1
status: in_service
x-note: $2
EOF
	touch_ "equipment/EV200-000$1.yaml"
}

ticket() { # N (customer and unit N, or N - 6; the part P-K01)
	c=$(( ($1 - 1) % 6 + 1)) t=1
	[ "$1" != 9 ] || t=4
	cat >"service/SR-000$1.md" <<EOF
---
id: SR-000$1
type: return_repair
status: in_progress
customer: C-000$c
equipment: [EV200-000$c]
reported: 2026-11-1$1T10:30+08:00
technicians: [ST-00$t]
standards: [TS-001]
fault:
  component: P-K01
  category: wear
  description: 后桥主减速器异响
parts:
  - part: P-K01
    qty: 1
    warranty: true
    cost: 3650.00
labor_hours: 7.5
---

## 处理记录

- 经热线电话受理报修，建立工单。
EOF
	touch_ "service/SR-000$1.md"
}

standard() { # ID TITLE: an effective technical standard of EV-200, on stdout
	printf -- '---\nid: %s\ntitle: %s\ncategory: technical\ntopic: EV-200\nversion: "1.0"\nstatus: effective\neffective: 2025-11-01\nowner: 技术部\n---\n\n# %s\n' \
		"$1" "$2" "$2"
}

config() { # RULES [LINE]: svcgen.yaml with that `rules:` mapping (and LINE)
	cat >svcgen.yaml <<EOF
title: 长历史测试档案
lang: zh-CN
timezone: "+08:00"
regions: [华东, 华南, 华北, 华中, 西南, 西北, 东北]
models: [EV-100, EV-200, EV-300]
platforms: [城市配送, 环卫作业, 景区观光, 厂区转运]
follow_up_window_days: 7
rules: { $1 }
${2:-}
EOF
	touch_ svcgen.yaml
}

closing='labor_hours: 7.5
resolved: 2026-11-22T16:00+08:00
closed: 2026-11-22T17:00+08:00
acceptance:
  technical_state: pass
  appearance: pass
  workmanship: pass
  completeness: pass
  reliability: pass'

# fill K: K commits that each change one clean record and nothing with a
# problem: an x-note of a customer, staff member, part or unit, or a line of
# a ticket's body, in turn
nfill=0
fill() {
	k=$1
	while [ "$k" -gt 0 ]; do
		nfill=$((nfill + 1))
		i=$((nfill % 6 + 1))
		case $((nfill % 5)) in
		0) customer "$i" "回访 $nfill" && ci "C-000$i: 回访记录 $nfill" ;;
		1) staff $((nfill % 2 + 1)) "培训 $nfill" && ci "ST-00$((nfill % 2 + 1)): 培训记录 $nfill" ;;
		2) part parts/general/P-G0$((nfill % 3 + 1)).yaml P-G0$((nfill % 3 + 1)) "盘点 $nfill" &&
			ci "P-G0$((nfill % 3 + 1)): 盘点 $nfill" ;;
		3) unit $((nfill % 2 + 1)) "保养 $nfill" && ci "EV200-000$((nfill % 2 + 1)): 保养 $nfill" ;;
		4)
			printf -- '- 第 %d 次跟进，用户反馈正常。\n' "$nfill" >>service/SR-0001.md
			touch_ service/SR-0001.md
			ci "SR-0001: 跟进 $nfill"
			;;
		esac
		k=$((k - 1))
	done
}

# ---- base: 37 records, two old problems

mkdir -p customers staff parts/general parts/key equipment service standards attachments/service
config 'follow-up-overdue: off, complaint-stale: off'
for i in 1 2 3 4 5 6; do
	customer "$i" 建档
	unit "$i" 建档
	staff "$i" 建档
done
for i in 1 2 3; do part "parts/general/P-G0$i.yaml" "P-G0$i" 建档; done
part parts/general/P-G04.yaml P-G04 建档 false -5
part parts/general/P-G05.yaml P-G05 建档 yes
for i in 1 2 3; do part "parts/key/P-K0$i.yaml" "P-K0$i" 建档 true 3650.00; done
for i in 1 2 3 4 5 6 7 8 9; do ticket "$i"; done
standard TS-001 "EV-200 型电动车辆售后维修技术标准" >standards/TS-001.md
touch_ standards/TS-001.md
# a long standard that nothing cites (about 9 KB): too large under a limit of
# 6,000 bytes, which no other file reaches
{
	standard TS-002 "EV-200 型电动车辆维修工时定额"
	i=1
	while [ "$i" -le 100 ]; do
		printf '\n%d. 第 %d 项作业的工时按车间实测的平均值核定，每年复核一次。\n' "$i" "$i"
		i=$((i + 1))
	done
} >standards/TS-002.md
touch_ standards/TS-002.md
printf '# 长历史测试档案\n' >README.md
touch_ README.md
ci '导入基础档案'
tag base

# ---- the range

fill 19
set_line parts/key/P-K02.yaml 'unit_cost: 3650.00' 'unit_cost: 三千六'
ci 'P-K02: 价格'
tag type-in
fill 19
mv parts/general/P-G05.yaml parts/key/P-G05.yaml
touch_ parts/general/P-G05.yaml parts/key/P-G05.yaml
ci 'P-G05: 归入关键件'
tag move-old
fill 4
mv parts/key/P-K02.yaml parts/general/P-K02.yaml
touch_ parts/key/P-K02.yaml parts/general/P-K02.yaml
ci 'P-K02: 归入一般件'
tag move-new
fill 15
set_line equipment/EV200-0003.yaml 'status: in_service' 'status: broken'
ci 'EV200-0003: 故障'
tag enum-in
fill 19
set_line equipment/EV200-0003.yaml 'status: broken' 'status: in_service'
ci 'EV200-0003: 修复'
tag enum-fix
fill 19
set_line equipment/EV200-0005.yaml 'warranty_until: 2028-05-25' 'warranty_until: 2025-05-25'
ci 'EV200-0005: 保修期'
tag date-in
fill 19
set_line service/SR-0003.md 'status: in_progress' 'status: closed'
set_line service/SR-0003.md 'labor_hours: 7.5' "$closing"
ci 'SR-0003: 关闭工单'
tag close
fill 19
set_line service/SR-0003.md 'closed: 2026-11-22T17:00+08:00' 'closed: 2026-11-22T17:00+08:00
x-note: 补记'
ci 'SR-0003: 关闭后补记'
tag edit-closed
fill 19
set_line service/SR-0004.md 'status: in_progress' 'status: closed'
set_line service/SR-0004.md 'labor_hours: 7.5' "$closing"
ci 'SR-0004: 关闭工单'
tag close2
fill 4
ticket 4 # its open version again: status and closing fields taken back
ci 'SR-0004: 重新打开'
tag reopen
fill 4
set_line service/SR-0004.md 'labor_hours: 7.5' 'labor_hours: 8'
ci 'SR-0004: 工时 8'
tag open-edit
fill 4
set_line service/SR-0004.md 'status: in_progress' 'status: closed'
set_line service/SR-0004.md 'labor_hours: 8' "$(printf '%s\n' "$closing" | sed 's/^labor_hours: 7.5$/labor_hours: 8/')"
ci 'SR-0004: 再次关闭'
tag reclose
tag mid-from
fill 19
printf -- '- 用户电话 13812345678。\n' >>service/SR-0007.md
touch_ service/SR-0007.md
ci 'SR-0007: 处理记录'
tag pii-in
fill 28
config 'follow-up-overdue: off, complaint-stale: off, pii-in-body: off'
ci 'svcgen.yaml: pii-in-body off'
tag pii-off
fill 9
# a side branch: its own commits while main goes on, then merged
branch=side
part parts/general/P-G06.yaml P-G06 新建
ci 'P-G06: 新建（分支）'
staff 3 分支 boss
ci 'ST-003: 岗位（分支）'
tag side-enum
part parts/general/P-G06.yaml P-G06 分支二
ci 'P-G06: 盘点（分支）'
branch=main
fill 9
merge_from=$side_tip
touch_ parts/general/P-G06.yaml staff/ST-003.yaml
ci "Merge branch 'side'"
tag merge
fill 19
config 'follow-up-overdue: off, complaint-stale: off, pii-in-body: error, post-closure-edit: error'
ci 'svcgen.yaml: pii-in-body, post-closure-edit error'
tag pii-error
fill 9
tag mid-to
fill 10
set_line service/SR-0006.md 'labor_hours: 7.5' 'labor_hours: 7.5
attachments: [service/SR-0006/photo.txt]'
ci 'SR-0006: 附件'
tag attach-in
fill 19
mkdir -p attachments/service/SR-0006
printf '现场照片说明\n' >attachments/service/SR-0006/photo.txt
touch_ attachments/service/SR-0006/photo.txt
ci 'SR-0006: 附件文件'
tag attach-fix
fill 9
config 'follow-up-overdue: off, complaint-stale: off, pii-in-body: error, post-closure-edit: error' \
	'limits: { file_bytes: 6000 }'
ci 'svcgen.yaml: file_bytes 6000'
tag limit-in
fill 9
config 'follow-up-overdue: off, complaint-stale: off, pii-in-body: error, post-closure-edit: error'
ci 'svcgen.yaml: no file_bytes'
tag limit-out
fill 9
mv parts/general/P-G04.yaml "$out/.P-G04"
touch_ parts/general/P-G04.yaml
ci 'P-G04: 删除'
tag delete
fill 19
mv "$out/.P-G04" parts/general/P-G04.yaml
touch_ parts/general/P-G04.yaml
ci 'P-G04: 恢复'
tag readd
fill 19
set_line equipment/EV200-0003.yaml 'status: in_service' 'status: broken'
ci 'EV200-0003: 又故障'
tag enum-again
fill 19
mv staff/ST-004.yaml "$out/.ST-004"
touch_ staff/ST-004.yaml
ci 'ST-004: 离职删除'
tag staff-gone
fill 19
mv "$out/.ST-004" staff/ST-004.yaml
touch_ staff/ST-004.yaml
ci 'ST-004: 恢复'
tag staff-back
fill 30

# ---- the repository
cd "$out"
git -c init.defaultBranch=main init -q .
git fast-import --quiet <"$stream"
git -c core.autocrlf=false reset -q --hard main
rm -rf "$wt" "$stream"
