#!/bin/sh
# git-fixtures.sh OUT - builds the git repositories that tests/suites/git.sh
# runs svcgen against, into the folder OUT (created; existing fixtures in it
# are replaced). Every author, committer, date and trailer is fixed and the
# machine's git configuration is not read, so the commit hashes are the same
# on every machine and every run.
#
#   linear    one branch: a list-of-objects change, a contact phone change,
#             closing a ticket with trailers, an edit after closure, an
#             effective standard edited with and without a new version, a
#             deleted record, a deleted and re-created id, an unreadable
#             version, an edit reverted, a file outside the kind folders, a
#             mode-only change, a "Key: value" paragraph that is not the
#             trailers, an author name with quotes and a backslash
#   merges    a conflict resolved to a third value, a clean merge that joins
#             two edits of one file, an octopus merge with an edit of its own,
#             twin edits on two branches, a modify/delete conflict resolved
#             by the delete; branch `next` is one commit ahead (re-creating
#             the deleted id)
#   moves     renames, a move with an edit, .yaml becoming .md, a move that
#             rewrites the whole file, a closed ticket moved and edited
#   subdir    the records in data/records/ of a larger repository, and a
#             copy of one in archive/customers/ (a second records folder)
#   rev       tags clean, broken, early, late (author and committer dates
#             differ) and links (a file and a kind folder that are symbolic
#             links, a submodule entry), and an uncommitted working-tree error
#   range     tag A with an old error, then a commit that only moves lines,
#             one with two new errors, one with a new warning (tag B); in
#             the working tree the record with errors moved to another folder
#   hostile   an author and commit messages holding terminal controls
#             (ESC sequences, BEL, BS, CR), a C1 control, a bidi override:
#             an edit after closure (tag A before it), a record file whose
#             name holds ESC, and a commit in ISO-8859-1 (not UTF-8)
#   shallow   a --depth 2 clone of linear
#   detached  a clone of linear with HEAD detached three commits back
#   empty     git init, nothing else
#   unborn    records in the working tree, no commit
set -eu
out=${1:?usage: git-fixtures.sh OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_COMMITTER_NAME='售后档案管理' GIT_COMMITTER_EMAIL='records@jnev.example.cn'
author() { # NAME EMAIL: the author of the commits that follow
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
}
wang() { author '王工' 'wang@jnev.example.cn'; }
li() { author '李工' 'li@jnev.example.cn'; }

REVIEWED='Reviewed-by: 李审 <li.shen@jnev.example.cn>'
APPROVED='Approved-by: 赵主管 <zhao@jnev.example.cn>'

g() { git -c init.defaultBranch=main -c core.autocrlf=false -c commit.gpgsign=false "$@"; }

new_repo() { # NAME: an empty repository $out/NAME, made the current folder
	rm -rf "${out:?}/$1"
	g init -q "$out/$1"
	cd "$out/$1"
}

msg() { # SUMMARY [TRAILER...]: a commit message
	printf '%s\n' "$1"
	shift
	[ $# -eq 0 ] || printf '\n'
	for t in "$@"; do printf '%s\n' "$t"; done
}

# commit_at AUTHOR-DATE COMMITTER-DATE SUMMARY [TRAILER...]: commits the index.
commit_at() {
	adate=$1 cdate=$2
	shift 2
	msg "$@" | GIT_AUTHOR_DATE=$adate GIT_COMMITTER_DATE=$cdate g commit -q --allow-empty -F -
}

ci() { # DATE SUMMARY [TRAILER...]: commits every change of the working tree at DATE
	g add -A
	commit_at "$1" "$@"
}

resolve() { # FILE TEXT: the conflict in FILE resolved to TEXT
	awk -v text="$2" '/^<<<<<<< / { print text; skip = 1; next }
		/^>>>>>>> / { skip = 0; next }
		!skip' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

# merge DATE SUMMARY BRANCH...: a merge commit at DATE; a conflict is left for
# the caller to resolve and commit with ci.
merge() {
	d=$1 s=$2
	shift 2
	GIT_AUTHOR_DATE=$d GIT_COMMITTER_DATE=$d g merge -q --no-ff -m "$s" "$@"
}

set_line() { # FILE OLD NEW: replaces the line OLD of FILE by NEW (may hold \n)
	awk -v old="$2" -v new="$3" '$0 == old { print new; found = 1; next } { print }
		END { if (!found) { print FILENAME ": no line " old > "/dev/stderr"; exit 1 } }' \
		"$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

# ---- the base records, trimmed from the sample in records/

base_records() { # DIR
	mkdir -p "$1/customers" "$1/equipment" "$1/staff" "$1/parts" "$1/standards" "$1/service"
	cat >"$1/svcgen.yaml" <<'EOF'
# 江南电驱车辆有限公司 售后服务部 —— svcgen 配置
title: 江南电驱售后服务档案
lang: zh-CN
timezone: "+08:00"
regions: [华东, 华南, 华北, 华中, 西南, 西北, 东北]
models: [EV-100, EV-200, EV-300]
platforms: [城市配送, 环卫作业, 景区观光, 厂区转运]
follow_up_window_days: 7
satisfied_at: 4
targets:
  follow_up_rate: 100
  satisfaction_rate: 98
  complaint_close_days: 7
pii: mask
EOF
	cat >"$1/customers/C-0001.yaml" <<'EOF'
id: C-0001
name: 成都青山旅游景区管理有限公司
region: 西南
address: 成都市双流区西航港大道986号
contacts:
  - name: 董洋
    role: 设备主管
    phone: 13812345678
since: 2023-12-04
tags: [景区]
EOF
	cat >"$1/equipment/EV200-0001.yaml" <<'EOF'
id: EV200-0001
model: EV-200
platform: 景区观光
customer: C-0001
delivered: 2026-05-27
warranty_until: 2028-05-26
status: under_repair
EOF
	cat >"$1/staff/ST-001.yaml" <<'EOF'
id: ST-001
name: 郭建华
role: technician
region: 西南
active: true
joined: 2018-04-08
EOF
	cat >"$1/parts/P-RAX-01.yaml" <<'EOF'
id: P-RAX-01
name: 后桥总成（轻型）
key: true
unit_cost: 3650.00
supplier: 山东汇通车桥有限公司
EOF
	cat >"$1/parts/P-OIL-01.yaml" <<'EOF'
id: P-OIL-01
name: 后桥齿轮油（1 L）
key: false
unit_cost: 45.00
supplier: 长城润滑油经销部
EOF
	cat >"$1/standards/TS-001.md" <<'EOF'
---
id: TS-001
title: EV-200 型电动车辆售后维修技术标准
category: technical
topic: EV-200
version: "1.0"
status: effective
effective: 2025-11-01
owner: 技术部
---

# EV-200 型电动车辆售后维修技术标准

## 1 范围

本标准规定了 EV-200 型轻型电动货车的检查、维护、故障诊断与维修要求。
EOF
	cat >"$1/service/SR-0001.md" <<'EOF'
---
id: SR-0001
type: return_repair
status: in_progress
customer: C-0001
equipment: [EV200-0001]
reported: 2026-11-20T10:30+08:00
technicians: [ST-001]
standards: [TS-001]
fault:
  component: P-RAX-01
  category: wear
  description: 后桥主减速器异响
parts:
  - part: P-RAX-01
    qty: 1
    warranty: true
    cost: 3650.00
  - part: P-OIL-01
    qty: 2
    warranty: true
    cost: 90.00
labor_hours: 7.5
---

## 故障现象

满载行驶时后桥部位发出嗡嗡声，随车速升高而增大。

## 处理记录

- 11月20日 10:30 经热线电话受理报修，建立工单。
- 现场无法修复，整车运回工厂维修车间。
EOF
}

standard() { # FILE ID VERSION: an effective management standard
	cat >"$1" <<EOF
---
id: $2
title: 返厂产品管理标准
category: management
topic: returned_products
version: "$3"
status: effective
effective: 2025-08-01
owner: 售后服务部
---

# 返厂产品管理标准

适用于现场无法修复、需返回工厂维修的整车及总成。
EOF
}

part() { # FILE ID NAME: a general part
	printf 'id: %s\nname: %s\nkey: false\nunit_cost: 12.50\n' "$2" "$3" >"$1"
}

close_ticket() { # FILE: SR-0001 closed, with its acceptance
	set_line "$1" 'status: in_progress' 'status: closed'
	set_line "$1" 'labor_hours: 7.5' 'labor_hours: 7.5
resolved: 2026-11-22T16:00+08:00
closed: 2026-11-22T17:00+08:00
acceptance:
  technical_state: pass
  appearance: pass
  workmanship: pass
  completeness: pass
  reliability: pass'
}

# ---- linear

wang
new_repo linear
base_records .
standard standards/MS-RET-01.md MS-RET-01 1.0
part parts/P-TMP-01.yaml P-TMP-01 临时配件
part parts/P-SEAL-01.yaml P-SEAL-01 密封圈
cat >customers/C-0002.yaml <<'EOF'
id: C-0002
name: 杭州城西环卫服务有限公司
region: 华东
EOF
ci 2026-11-20T09:00:00+08:00 '导入基础档案'
set_line service/SR-0001.md '    qty: 2' '    qty: 3'
ci 2026-11-20T15:10:00+08:00 'SR-0001: 齿轮油用量改为 3' "$REVIEWED"
set_line customers/C-0001.yaml '    phone: 13812345678' '    phone: 13987654321'
ci 2026-11-21T09:30:00+08:00 'C-0001: 设备主管换了手机号'
mkdir notes
printf '# SR-0001 会议纪要\n\n返厂维修安排。\n' >notes/SR-0001.md
printf '# 售后档案\n' >README.md
ci 2026-11-21T11:00:00+08:00 '会议纪要'
close_ticket service/SR-0001.md
set_line service/SR-0001.md '- 现场无法修复，整车运回工厂维修车间。' '- 现场无法修复，按返厂产品管理标准办理返厂。
- 更换后桥总成及齿轮油，试车正常。
- 用户签字确认。'
ci 2026-11-22T17:30:00+08:00 'SR-0001: 维修完成，关闭工单' "$REVIEWED" "$APPROVED"
set_line service/SR-0001.md '- 用户签字确认。' '- 用户签字确认，车辆已发运回用户。'
li
ci 2026-11-23T10:00:00+08:00 'SR-0001: 补充发运信息'
wang
set_line standards/TS-001.md '本标准规定了 EV-200 型轻型电动货车的检查、维护、故障诊断与维修要求。' '本标准规定了 EV-200 型轻型电动货车在保修期内外的检查、维护、故障诊断与维修要求。'
ci 2026-11-23T14:00:00+08:00 'TS-001: 明确适用范围' "$APPROVED"
set_line standards/MS-RET-01.md 'version: "1.0"' 'version: "1.1"'
set_line standards/MS-RET-01.md '适用于现场无法修复、需返回工厂维修的整车及总成。' '适用于现场无法修复、需返回工厂维修的整车、总成及关键零部件。'
ci 2026-11-23T15:00:00+08:00 'MS-RET-01: 第 1.1 版' "$APPROVED"
printf 'id: P-SEAL-01\nname: [密封圈\n' >parts/P-SEAL-01.yaml
ci 2026-11-24T09:00:00+08:00 'P-SEAL-01: 改名称'
part parts/P-SEAL-01.yaml P-SEAL-01 密封圈（油封）
ci 2026-11-24T09:20:00+08:00 'P-SEAL-01: 修正 YAML'
set_line staff/ST-001.yaml 'active: true' 'active: false'
ci 2026-11-24T10:00:00+08:00 'ST-001: 停用'
set_line staff/ST-001.yaml 'active: false' 'active: true'
ci 2026-11-24T10:05:00+08:00 'Revert "ST-001: 停用"'
chmod 755 parts/P-RAX-01.yaml
ci 2026-11-24T10:30:00+08:00 'P-RAX-01: 只改文件权限'
author 'Zhang "Z" 张\三' 'zhang@jnev.example.cn'
set_line parts/P-RAX-01.yaml 'unit_cost: 3650.00' 'unit_cost: 3700.00'
ci 2026-11-24T11:00:00+08:00 'P-RAX-01: 调价

说明: 这一段不是 trailer，
因为它不是最后一段。' "$REVIEWED" 'Signed-off-by: 王工 <wang@jnev.example.cn>'
li
g rm -q customers/C-0002.yaml parts/P-TMP-01.yaml
ci 2026-11-25T09:00:00+08:00 '删除 C-0002 和 P-TMP-01'
part parts/P-TMP-01.yaml P-TMP-01 临时配件（新）
ci 2026-11-26T09:00:00+08:00 'P-TMP-01: 重新建档'
wang

# ---- merges

new_repo merges
base_records .
part parts/P-OLD-01.yaml P-OLD-01 旧配件
ci 2026-11-20T09:00:00+08:00 '导入基础档案'
g checkout -q -b feature
li
set_line service/SR-0001.md 'labor_hours: 7.5' 'labor_hours: 8'
ci 2026-11-21T10:00:00+08:00 'SR-0001: 工时 8'
g checkout -q main
wang
set_line service/SR-0001.md 'labor_hours: 7.5' 'labor_hours: 9'
ci 2026-11-21T11:00:00+08:00 'SR-0001: 工时 9'
merge 2026-11-22T09:00:00+08:00 "Merge branch 'feature'" feature >/dev/null 2>&1 || true
resolve service/SR-0001.md 'labor_hours: 10'
ci 2026-11-22T09:00:00+08:00 "Merge branch 'feature': 工时核定为 10" "$REVIEWED"
g checkout -q -b clean
li
set_line equipment/EV200-0001.yaml 'platform: 景区观光' 'platform: 厂区转运'
set_line customers/C-0001.yaml 'since: 2023-12-04' 'since: 2023-12-05'
ci 2026-11-23T10:00:00+08:00 '更正平台和建档日期'
g checkout -q main
wang
set_line customers/C-0001.yaml 'name: 成都青山旅游景区管理有限公司' 'name: 成都青山旅游景区管理有限责任公司'
set_line parts/P-RAX-01.yaml 'unit_cost: 3650.00' 'unit_cost: 3700.00'
ci 2026-11-23T11:00:00+08:00 '更正客户名称和后桥价格'
merge 2026-11-24T09:00:00+08:00 "Merge branch 'clean'" clean >/dev/null
g checkout -q -b oct1
set_line parts/P-OIL-01.yaml 'unit_cost: 45.00' 'unit_cost: 46.00'
ci 2026-11-24T10:00:00+08:00 'P-OIL-01: 调价'
g checkout -q main
g checkout -q -b oct2
part parts/P-NEW-01.yaml P-NEW-01 新配件
ci 2026-11-24T10:30:00+08:00 'P-NEW-01: 新建'
g checkout -q main
set_line parts/P-RAX-01.yaml 'supplier: 山东汇通车桥有限公司' 'supplier: 山东汇通车桥股份有限公司'
ci 2026-11-24T11:00:00+08:00 'P-RAX-01: 供应商更名'
GIT_AUTHOR_DATE=2026-11-25T09:00:00+08:00 GIT_COMMITTER_DATE=2026-11-25T09:00:00+08:00 \
	g merge -q --no-ff --no-commit oct1 oct2 >/dev/null 2>&1
set_line staff/ST-001.yaml 'joined: 2018-04-08' 'joined: 2018-04-09'
ci 2026-11-25T09:00:00+08:00 "Merge branches 'oct1' and 'oct2'"
g checkout -q -b twin
set_line parts/P-OIL-01.yaml 'supplier: 长城润滑油经销部' 'supplier: 长城润滑油华西经销部'
ci 2026-11-25T10:00:00+08:00 'P-OIL-01: 供应商（分支）'
g checkout -q main
set_line parts/P-OIL-01.yaml 'supplier: 长城润滑油经销部' 'supplier: 长城润滑油华西经销部'
ci 2026-11-25T10:30:00+08:00 'P-OIL-01: 供应商'
merge 2026-11-25T11:00:00+08:00 "Merge branch 'twin'" twin >/dev/null
g checkout -q -b gone
li
g rm -q parts/P-OLD-01.yaml
ci 2026-11-25T12:00:00+08:00 'P-OLD-01: 停用删除'
g checkout -q main
wang
set_line parts/P-OLD-01.yaml 'name: 旧配件' 'name: 旧配件（停产）'
ci 2026-11-25T13:00:00+08:00 'P-OLD-01: 停产'
merge 2026-11-25T14:00:00+08:00 "Merge branch 'gone'" gone >/dev/null 2>&1 || true
g rm -q parts/P-OLD-01.yaml
ci 2026-11-25T14:00:00+08:00 "Merge branch 'gone': P-OLD-01 删除"
g checkout -q -b next
set_line parts/P-NEW-01.yaml 'unit_cost: 12.50' 'unit_cost: 13.00'
part parts/P-OLD-01.yaml P-OLD-01 旧配件（恢复）
ci 2026-11-26T09:00:00+08:00 'P-NEW-01: 调价，P-OLD-01 恢复'
g checkout -q main

# ---- moves

new_repo moves
base_records .
ci 2026-11-20T09:00:00+08:00 '导入基础档案'
mkdir customers/xinan
g mv customers/C-0001.yaml customers/xinan/C-0001.yaml
ci 2026-11-21T09:00:00+08:00 '客户按区域归档'
set_line customers/xinan/C-0001.yaml 'address: 成都市双流区西航港大道986号' 'address: 成都市双流区西航港大道988号'
ci 2026-11-21T10:00:00+08:00 'C-0001: 新地址'
mkdir -p service/2026/11
g mv service/SR-0001.md service/2026/11/SR-0001.md
set_line service/2026/11/SR-0001.md 'labor_hours: 7.5' 'labor_hours: 8'
ci 2026-11-21T11:00:00+08:00 'SR-0001: 归档到 2026/11，工时 8'
mkdir parts/general
g rm -q parts/P-OIL-01.yaml
printf -- '---\nid: P-OIL-01\nname: 后桥齿轮油（1 L）\nkey: false\nunit_cost: 45.00\n---\n\n夏季用 85W-90。\n' >parts/general/P-OIL-01.md
ci 2026-11-21T12:00:00+08:00 'P-OIL-01: 改为 Markdown，加说明'
mkdir equipment/EV-200
g rm -q equipment/EV200-0001.yaml
cat >equipment/EV-200/EV200-0001.yaml <<'EOF'
# 景区观光车，2026 年 5 月交付
status: in_service
warranty_until: 2028-05-26
delivered: 2026-05-27
customer: C-0001
platform: 厂区转运
model: EV-200
id: EV200-0001
EOF
ci 2026-11-22T09:00:00+08:00 'EV200-0001: 按型号归档，整理字段'
set_line service/2026/11/SR-0001.md 'labor_hours: 8' 'labor_hours: 7.5'
close_ticket service/2026/11/SR-0001.md
ci 2026-11-22T17:30:00+08:00 'SR-0001: 关闭' "$APPROVED"
mkdir -p service/closed
g mv service/2026/11/SR-0001.md service/closed/SR-0001.md
set_line service/closed/SR-0001.md 'labor_hours: 7.5' 'labor_hours: 7'
ci 2026-11-23T09:00:00+08:00 'SR-0001: 移入已关闭，工时 7'

# ---- subdir

new_repo subdir
mkdir -p data/records
base_records data/records
printf '# 售后服务部资料库\n' >README.md
ci 2026-11-20T09:00:00+08:00 '资料库'
set_line data/records/customers/C-0001.yaml '    phone: 13812345678' '    phone: 13987654321'
ci 2026-11-21T09:00:00+08:00 'C-0001: 新手机号'
printf '# 售后服务部资料库\n\n档案在 data/records。\n' >README.md
ci 2026-11-21T10:00:00+08:00 'README'
mkdir -p archive/customers
cp data/records/customers/C-0001.yaml archive/customers/C-0001.yaml
ci 2026-11-21T11:00:00+08:00 '档案备份（不在 data/records 里）'
set_line data/records/service/SR-0001.md '    qty: 2' '    qty: 3'
ci 2026-11-22T09:00:00+08:00 'SR-0001: 齿轮油 3'
set_line archive/customers/C-0001.yaml 'region: 西南' 'region: 华东'
ci 2026-11-22T10:00:00+08:00 '备份改动'

# ---- rev

new_repo rev
base_records .
mkdir complaints
cat >complaints/CP-0001.md <<'EOF'
---
id: CP-0001
received: 2026-11-20T09:00+08:00
customer: C-0001
service: SR-0001
channel: hotline
category: response_time
severity: medium
owner: ST-001
status: investigating
---

用户反映返厂维修周期过长。
EOF
ci 2026-11-20T09:30:00+08:00 '导入基础档案'
g tag clean
set_line service/SR-0001.md 'status: in_progress' 'status: finished'
ci 2026-11-21T09:00:00+08:00 'SR-0001: 状态'
g tag broken
set_line service/SR-0001.md 'status: finished' 'status: in_progress'
g add -A
commit_at 2026-12-15T09:00:00+08:00 2026-11-23T09:00:00+08:00 'SR-0001: 状态改回（作者日期晚）'
g tag early
commit_at 2026-11-23T10:00:00+08:00 2026-12-15T09:00:00+08:00 '年终复核（提交日期晚）'
g tag late
g checkout -q --detach
ln -s C-0001.yaml customers/C-LINK.yaml
ln -s customers dealers
g add customers/C-LINK.yaml dealers
g update-index --add --cacheinfo "160000,$(g rev-parse clean),customers/sub"
commit_at 2026-11-24T09:00:00+08:00 2026-11-24T09:00:00+08:00 '链接和子模块'
g tag links
g checkout -q main
set_line customers/C-0001.yaml 'region: 西南' 'region: 火星'

# ---- range

new_repo range
base_records .
set_line parts/P-RAX-01.yaml 'key: true' 'key: yes'
ci 2026-11-20T09:00:00+08:00 '导入基础档案（P-RAX-01 有旧错误）'
g tag A
{
	printf '# 后桥总成\n\n# 供应商见采购目录\n\n'
	cat parts/P-RAX-01.yaml
} >parts/P-RAX-01.yaml.tmp
mv parts/P-RAX-01.yaml.tmp parts/P-RAX-01.yaml
ci 2026-11-21T09:00:00+08:00 'P-RAX-01: 加注释'
set_line equipment/EV200-0001.yaml 'status: under_repair' 'status: broken'
set_line parts/P-RAX-01.yaml 'unit_cost: 3650.00' 'unit_cost: 三千六'
ci 2026-11-22T09:00:00+08:00 'EV200-0001 状态，P-RAX-01 价格'
set_line service/SR-0001.md '- 现场无法修复，整车运回工厂维修车间。' '- 现场无法修复，整车运回工厂维修车间。用户电话 13812345678。'
ci 2026-11-23T09:00:00+08:00 'SR-0001: 处理记录'
g tag B
mkdir parts/key
mv parts/P-RAX-01.yaml parts/key/P-RAX-01.yaml

# ---- hostile

wang
new_repo hostile
base_records .
close_ticket service/SR-0001.md
ci 2026-11-22T17:30:00+08:00 'SR-0001: 维修完成，关闭工单'
g tag A
author "$(printf 'Mal\033[2J\033]0;owned\007lory\010\010 \342\200\256gpj.exe \302\233\377')" 'mallory@example.cn'
set_line service/SR-0001.md 'labor_hours: 7.5' 'labor_hours: 9'
ci 2026-11-23T10:00:00+08:00 "$(printf 'SR-0001: \033[31m改工时\033[0m\007\010\rFORGED \302\205 \342\201\246x')"
cp parts/P-RAX-01.yaml "parts/$(printf 'P-\033[1mX')".yaml
ci 2026-11-23T11:00:00+08:00 "$(printf 'parts: \033[32m复制\033[0m')"
# A message and an author in ISO-8859-1, as git writes them with an encoding
# header: bytes that are not UTF-8.
author "$(printf 'Jos\351')" 'jose@example.cn'
set_line service/SR-0001.md 'labor_hours: 9' 'labor_hours: 9.5'
g add -A
msg "$(printf 'SR-0001: caf\351 \377')" | GIT_AUTHOR_DATE=2026-11-23T12:00:00+08:00 \
	GIT_COMMITTER_DATE=2026-11-23T12:00:00+08:00 g -c i18n.commitEncoding=ISO-8859-1 commit -q -F -
wang

# ---- shallow, detached, empty, unborn

rm -rf "$out/shallow" "$out/detached"
g clone -q --depth 2 "file://$out/linear" "$out/shallow"
g clone -q "$out/linear" "$out/detached"
g -C "$out/detached" checkout -q --detach HEAD~3
new_repo empty
new_repo unborn
base_records .
