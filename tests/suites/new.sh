#!/bin/sh
# svcgen new (docs/records.md, "New records"): the next free id in the
# department's format, the folder the kind is kept in, the fields given
# checked (a name suggests its record's id), the rest marked; department
# templates/new/; never written through a symbolic link or over a file.
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - new $1"; }
notok() { echo "not ok - new $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
export SOURCE_DATE_EPOCH=1795950000 # 2026-11-29T19:00+08:00
cp -R records "$tmp/d"
newer() { find "$tmp/d" -newer "$tmp/stamp" -type f | sed "s|$tmp/d/||"; }
touch "$tmp/stamp"
sleep 1

# The highest ticket number of 2026, plus one, in the sample's width.
last=$(find records/service -name 'SR-2026-*' | sed 's/.*SR-2026-0*\([0-9]*\)\..*/\1/' | sort -n | tail -1)
want=$(printf 'service/2026/11/SR-2026-%04d.md' $((last + 1)))
out=$("$SVCGEN" new service "$tmp/d" customer=C-0001 type=maintenance status=assigned technicians=ST-026 2>"$tmp/err")
check "a ticket: the next id of this year, in this month's folder, its path printed" \
	'[ "$out" = "$tmp/d/$want" ] && [ -f "$tmp/d/$want" ]'
check "its fields: those given, the date now in the configured zone, a new ticket's status" \
	'grep -q "^reported: 2026-11-29T19:00$" "$tmp/d/$want" && grep -q "^status: assigned$" "$tmp/d/$want" &&
	grep -q "^technicians: \[ST-026\]$" "$tmp/d/$want" && head -1 "$tmp/d/$want" | grep -q "^---$"'
"$SVCGEN" check "$tmp/d" --as-of 2026-11-29 --format json >"$tmp/check.json" 2>/dev/null
check "svcgen check finds nothing in it" '! grep -q "$(basename "$want")" "$tmp/check.json"'
out=$("$SVCGEN" new service "$tmp/d" customer=C-0001 type=onsite_repair 2>"$tmp/err")
check "the fields a repair requires are left empty with what they take, and named" \
	'grep -q "^equipment: # required: equipment$" "$out" && grep -q "^fault: # required: component, category, description$" "$out" &&
	grep -q "fill in: equipment, fault" "$tmp/err" && [ "$(sed -n "\$p" "$out")" = "" ] && grep -q "^---$" "$out"'

out=$("$SVCGEN" new customers "$tmp/d" region=华东 name=测试装备有限公司 2>/dev/null)
check "a customer of 华东 goes where the department keeps them (customers/huadong)" \
	'echo "$out" | grep -q "/customers/huadong/C-[0-9]*\.yaml$" && [ -f "$out" ]'
out=$("$SVCGEN" new customers "$tmp/d" region=华东 'name=null' 'tags=a: b,[x],~' 2>/dev/null)
check "values YAML would misread are quoted: they read back as written (check clean)" \
	'grep -q "^name: \"null\"$" "$out" && "$SVCGEN" check "$tmp/d" --as-of 2026-11-29 --format json | node -e "
const d = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\")).diagnostics;
process.exit(d.some((x) => x.path.endsWith(\"$(basename "$out")\")) ? 1 : 0);"'
out=$("$SVCGEN" new parts "$tmp/d" key=true name=测试部件 2>/dev/null)
check "a key part goes to parts/key" 'echo "$out" | grep -q "/parts/key/" && [ -f "$out" ]'

out=$("$SVCGEN" new staff "$tmp/d" name=新同事 2>"$tmp/err")
check "required fields not given are left empty with what they take, and named" \
	'grep -q "^role: # required: technician | engineer | hotline | supervisor | manager$" "$out" &&
	grep -q "fill in: role" "$tmp/err"'
LANG=zh_CN.UTF-8 "$SVCGEN" new staff "$tmp/d" name=新同事二 >/dev/null 2>"$tmp/err-zh"
check "... in the locale's language" 'grep -q "还需填写：role" "$tmp/err-zh"'

touch "$tmp/stamp"
sleep 1
"$SVCGEN" new service "$tmp/d" customer=C-0001 type=onsite_repair technicians=周秀英 >/dev/null 2>"$tmp/err"
rc=$?
check "a name where an id goes: refused (exit 1) with the id it names, nothing written" \
	'[ $rc -eq 1 ] && grep -q "no record has id .周秀英.; did you mean .ST-026., whose name it is" "$tmp/err" && [ -z "$(newer)" ]'
"$SVCGEN" new service "$tmp/d" customer=C-0001 type=onsit_repair >/dev/null 2>"$tmp/err"
check "a value outside an enum: refused as check would (enum)" '[ $? -eq 1 ] && grep -q "\[enum\]" "$tmp/err" && [ -z "$(newer)" ]'
"$SVCGEN" new servce "$tmp/d" >/dev/null 2>"$tmp/err"
check "an unknown kind: exit 2, did you mean" '[ $? -eq 2 ] && grep -q "did you mean .service." "$tmp/err"'
"$SVCGEN" new service "$tmp/d" colour=red >/dev/null 2>"$tmp/err"
check "an unknown field: exit 2" '[ $? -eq 2 ] && grep -q "service has no field .colour." "$tmp/err"'
"$SVCGEN" new customers "$tmp/d" id=C-0001 name=x region=华东 >/dev/null 2>"$tmp/err"
check "an id in use: refused, naming its file" '[ $? -eq 1 ] && grep -q "already used by .*C-0001.yaml" "$tmp/err" && [ -z "$(newer)" ]'
"$SVCGEN" new equipment "$tmp/d" model=EV-200 >/dev/null 2>"$tmp/err"
check "a unit needs its serial number as its id (exit 2)" '[ $? -eq 2 ] && grep -q "id=SERIAL" "$tmp/err"'

# The department's own start of a record.
mkdir -p "$tmp/d/templates/new"
printf -- '---\nid: {{id}}\ntype: emergency\nstatus: open\ncustomer: C-0001\nreported: {{now}}\n---\n\n## 现场情况\n' \
	>"$tmp/d/templates/new/service-emergency.md"
out=$("$SVCGEN" new service "$tmp/d" type=emergency customer=C-0002 2>/dev/null)
check "templates/new/service-emergency.md starts an emergency ticket, the fields given set on their lines" \
	'grep -q "^## 现场情况" "$out" && grep -q "^customer: C-0002$" "$out" && grep -q "^reported: 2026-11-29T19:00$" "$out" &&
	[ "$(grep -c "^customer:" "$out")" = 1 ]'

# A new department; a symbolic link where the kind's folder is.
mkdir -p "$tmp/e"
out=$("$SVCGEN" new service "$tmp/e" 2>/dev/null)
check "the first ticket of a new department" 'echo "$out" | grep -q "/service/SR-2026-0001\.md$" && [ -f "$out" ]'
mkdir -p "$tmp/f" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$tmp/f/visits"
"$SVCGEN" new visits "$tmp/f" >/dev/null 2>"$tmp/err"
check "a symbolic link for the kind's folder is not written through (exit 3)" \
	'[ $? -eq 3 ] && [ -z "$(ls -A "$tmp/elsewhere")" ]'

# -e: the editor on the new file.
printf '#!/bin/sh\necho "$1" >"%s/edited"\n' "$tmp" >"$tmp/ed"
chmod +x "$tmp/ed"
out=$(VISUAL="$tmp/ed" "$SVCGEN" new dealers "$tmp/d" name=测试经销商 region=华东 -e 2>/dev/null)
check "-e opens \$VISUAL on the new file" '[ "$(cat "$tmp/edited" 2>/dev/null)" = "$out" ]'

# The everyday loop from nothing: init, new of several kinds, check clean, build.
"$SVCGEN" init "$tmp/loop" >/dev/null 2>&1
(
	cd "$tmp/loop" &&
		"$SVCGEN" new customers name=成都通衢物流有限公司 region=西南 &&
		"$SVCGEN" new staff name=周秀英 role=engineer region=西南 &&
		"$SVCGEN" new parts name=控制器 key=true &&
		"$SVCGEN" new service customer=C-0001 type=maintenance status=assigned technicians=周秀英
) >"$tmp/loop.out" 2>"$tmp/loop.err"
check "init, then new refuses a name where an id goes even in a new department" \
	'grep -q "did you mean .ST-001., whose name it is" "$tmp/loop.err"'
(cd "$tmp/loop" && "$SVCGEN" new service customer=C-0001 type=maintenance status=assigned technicians=ST-001 &&
	"$SVCGEN" new visits kind=routine customer=C-0001 channel=phone by=ST-001) \
	>>"$tmp/loop.out" 2>>"$tmp/loop.err"
"$SVCGEN" check "$tmp/loop" --as-of 2026-11-30 >"$tmp/loop.check" 2>&1
rc=$?
check "init → new customers, staff, parts, service, visits → check clean" \
	'[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/loop.out")" -eq 5 ] && grep -q "0 errors, 0 warnings in 5 files" "$tmp/loop.check"'
"$SVCGEN" build "$tmp/loop" -o "$tmp/loop-site" --as-of 2026-11-30 >/dev/null 2>&1
check "... and builds" '[ $? -eq 0 ] && [ -f "$tmp/loop-site/service/SR-2026-0001.html" ] && [ -f "$tmp/loop-site/visits/V-2026-0001.html" ]'
