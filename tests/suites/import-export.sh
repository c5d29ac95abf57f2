#!/bin/sh
# svcgen export and svcgen import (docs/import-export.md): every kind of the
# sample exported as CSV and NDJSON, read by a strict RFC 4180 reader; the
# tables imported into an empty department give the same records (the two
# exports compared byte for byte); hostile cells survive or are reported at
# their row and column; a bad row writes nothing, --partial the good rows;
# an existing id, a symbolic link on the way and a spreadsheet file refused.
set -u
SVCGEN=${SVCGEN:-./svcgen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - import-export $1"; }
notok() { echo "not ok - import-export $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
kinds="customers equipment service visits complaints standards staff parts shipments dealers"
# An empty department: the sample's settings and attachments, no records.
fresh() {
	rm -rf "$1"
	mkdir -p "$1"
	cp records/svcgen.yaml "$1/"
	cp -a records/attachments "$1/"
}
nfiles() { find "$1" -type f ! -path '*/attachments/*' | wc -l; }

# A strict RFC 4180 reader: quoted cells with doubled quotes, CRLF rows,
# every row as wide as the header, valid UTF-8. Prints rows and columns,
# or fails naming the first problem.
cat >"$tmp/csv.js" <<'EOS'
const fs = require("fs");
function parse(buf) {
	const text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
	const rows = [];
	let i = 0, row = [], cell = "";
	for (;;) {
		if (text[i] === '"') {
			i++;
			for (;;) {
				if (i >= text.length) throw new Error("quote never closed");
				if (text[i] === '"') {
					if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
					i++;
					break;
				}
				cell += text[i++];
			}
		} else {
			while (i < text.length && text[i] !== "," && text[i] !== "\r") {
				if (text[i] === '"' || text[i] === "\n") throw new Error("bare quote or LF at " + i);
				cell += text[i++];
			}
		}
		row.push(cell);
		cell = "";
		if (text[i] === ",") { i++; continue; }
		if (text.slice(i, i + 2) !== "\r\n") throw new Error("row not ended by CRLF at " + i);
		i += 2;
		rows.push(row);
		row = [];
		if (i === text.length) break;
	}
	for (const r of rows)
		if (r.length !== rows[0].length) throw new Error("a row of " + r.length + " cells, header " + rows[0].length);
	return rows;
}
module.exports = parse;
if (require.main === module) {
	const rows = parse(fs.readFileSync(process.argv[2]));
	console.log(rows.length - 1, rows[0].length);
}
EOS

# 1. Export: every kind as CSV, and NDJSON of every kind.
: >"$tmp/csv-bad"
for k in $kinds; do
	"$SVCGEN" export "$k" records --pii show >"$tmp/$k.csv" || echo "$k: exit $?" >>"$tmp/csv-bad"
	node "$tmp/csv.js" "$tmp/$k.csv" >"$tmp/$k.shape" 2>>"$tmp/csv-bad" || echo "$k: not RFC 4180" >>"$tmp/csv-bad"
	n=$(find records/"$k" -type f \( -name '*.yaml' -o -name '*.md' \) | wc -l)
	[ "$(cut -d' ' -f1 "$tmp/$k.shape")" = "$n" ] || echo "$k: $(cat "$tmp/$k.shape") rows, $n files" >>"$tmp/csv-bad"
done
check "CSV of every kind: strict RFC 4180, UTF-8, a row per record file" \
	'[ ! -s "$tmp/csv-bad" ] || { sed "s/^/# /" "$tmp/csv-bad"; false; }'
check "CSV: the header names the fields, nested objects flattened, body last" \
	'head -1 "$tmp/service.csv" | grep -q "^id,type,status,customer,equipment,reported,.*,fault.component,fault.category,.*,body.$"'
check "CSV: lists as JSON, numbers and booleans as JSON has them" \
	'grep -q "^SR-2026-0001,.*\"\[{\"\"part\"\":\"\"P-DCDC-01\"\",\"\"qty\"\":1,\"\"warranty\"\":true,\"\"cost\"\":620.00}\]\"" "$tmp/service.csv"'
"$SVCGEN" export records --pii show >"$tmp/all.ndjson"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
if (lines.pop() !== "") throw new Error("no final newline");
const kinds = {};
for (const l of lines) { const o = JSON.parse(l); kinds[o._kind] = (kinds[o._kind] || 0) + 1; if (!o.id || !o._path) throw new Error(l); }
console.log(lines.length, Object.keys(kinds).length);
' "$tmp/all.ndjson" >"$tmp/nd.shape" 2>&1
all=$(find records -type f \( -name '*.yaml' -o -name '*.md' \) ! -path 'records/svcgen.yaml' ! -name README.md ! -path '*/attachments/*' | wc -l)
check "NDJSON: every record a JSON line with _kind and _path, every kind" '[ "$(cat "$tmp/nd.shape")" = "$all 10" ] || { cat "$tmp/nd.shape"; false; }'
"$SVCGEN" export staff records >"$tmp/staff-masked.csv"
check "--pii mask is the default: phones and e-mails masked as on the site" \
	'grep -q "[0-9]\{3\}\*\*\*\*[0-9]\{4\}" "$tmp/staff-masked.csv" && ! grep -q "1[3-9][0-9]\{9\}" "$tmp/staff-masked.csv" && grep -q "1[3-9][0-9]\{9\}" "$tmp/staff.csv"'
"$SVCGEN" export records --format csv >/dev/null 2>"$tmp/nokind"
check "CSV without a KIND: a usage error (exit 2)" '[ $? -eq 2 ] && grep -q "needs a KIND" "$tmp/nokind"'
"$SVCGEN" export parts records --bom | head -c 3 | od -An -tx1 >"$tmp/bom"
check "--bom starts the CSV with a UTF-8 byte order mark" '[ "$(tr -d " \n" <"$tmp/bom")" = efbbbf ]'

# 2. The round trip: every table imported together into an empty department.
fresh "$tmp/dept"
args=
for k in $kinds; do args="$args $k $tmp/$k.csv"; done
"$SVCGEN" import $args "$tmp/dept" >"$tmp/imported" 2>"$tmp/import.err"
rc=$?
check "import of every kind's CSV: exit 0, a file per record written" \
	'[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/imported")" -eq "$all" ] && [ "$(nfiles "$tmp/dept")" -eq $((all + 1)) ] || { tail -3 "$tmp/import.err"; false; }'
"$SVCGEN" check "$tmp/dept" --as-of 2026-11-27 >"$tmp/check.out" 2>&1
check "svcgen check of the imported department: no error" '[ $? -eq 0 ] || { tail -3 "$tmp/check.out"; false; }'
: >"$tmp/rt-bad"
for k in $kinds; do
	"$SVCGEN" export "$k" "$tmp/dept" --pii show | cmp -s - "$tmp/$k.csv" || echo "$k" >>"$tmp/rt-bad"
done
check "export -> import -> export: the same CSV, byte for byte, for every kind" \
	'[ ! -s "$tmp/rt-bad" ] || { sed "s/^/# differs: /" "$tmp/rt-bad"; false; }'
"$SVCGEN" export "$tmp/dept" --pii show | sed 's/"_path":"[^"]*",//' >"$tmp/b.nd"
sed 's/"_path":"[^"]*",//' "$tmp/all.ndjson" >"$tmp/a.nd"
check "export -> import -> export: the same NDJSON but for the paths" 'cmp -s "$tmp/a.nd" "$tmp/b.nd"'
check "files where the sample keeps them: date-sharded tickets, Markdown bodies as .md" \
	'[ -f "$tmp/dept/service/2026/01/SR-2026-0001.md" ] && [ -f "$tmp/dept/parts/key/P-CTL-100.yaml" ] &&
	sed -n 1p "$tmp/dept/service/2026/01/SR-2026-0001.md" | grep -qx -- "---"'

# 3. Hostile cells: what survives does so exactly; the rest is reported at its cell.
long=$(head -c 30000 /dev/zero | tr '\0' 'x')
node -e '
const rows = [["id", "name", "supplier", "unit_cost", "body"]];
const v = [
	["P-1", "a: b", "- dash"],
	["P-2", "quote \" and \x27single\x27", "#hash"],
	["P-3", "=HYPERLINK(\"http://x\")", "@at"],
	["P-4", "+plus", "\x27apos"],
	["P-5", "null", "~"],
	["P-6", "中文：全角　空格，逗号", process.argv[1]],
	["P-7", "[flow], {x}", "*star &amp !tag %pct |bar >gt"],
	["P-8", "-12", "true"],
	["P-9", "<script>alert(1)</script>", "back\\slash"],
	["P-10", " lead and trail ", "u\u2028v"],
	["P-11", "key: [1, 2]", "a #b"],
];
for (const [id, n, s] of v) rows.push([id, n, s, "", ""]);
rows.push(["P-12", "body", "x", "", " # heading\n---\nfront: matter?\n...\nend"]);
const cell = (c) => /[",\r\n]/.test(c) ? "\"" + c.replace(/"/g, "\"\"") + "\"" : c;
// The guard export puts on: a leading quote doubled, so that import gives the text back.
const guard = (c) => /^[\x27]/.test(c) ? "\x27" + c : c;
require("fs").writeFileSync(process.argv[2], rows.map((r, i) => r.map((c) => cell(i ? guard(c) : c)).join(",")).join("\r\n") + "\r\n");
require("fs").writeFileSync(process.argv[3], JSON.stringify(rows.slice(1)));
' "$long" "$tmp/hostile.csv" "$tmp/hostile.json"
fresh "$tmp/h"
"$SVCGEN" import parts "$tmp/hostile.csv" "$tmp/h" >/dev/null 2>"$tmp/h.err"
check "hostile cells: imported (exit 0), the department checks clean" \
	'[ $? -eq 0 ] && "$SVCGEN" check "$tmp/h" >/dev/null 2>&1 || { cat "$tmp/h.err"; false; }'
"$SVCGEN" export parts "$tmp/h" --format ndjson >"$tmp/h.nd"
node -e '
const fs = require("fs");
const want = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const got = {};
for (const l of fs.readFileSync(process.argv[2], "utf8").trim().split("\n")) { const o = JSON.parse(l); got[o.id] = o; }
let bad = 0;
for (const [id, name, supplier, , body] of want) {
	const g = got[id];
	if (!g || g.name !== name || g.supplier !== supplier || (body ? g.body !== body : "body" in g)) {
		console.log("# " + id + ": " + JSON.stringify(g));
		bad++;
	}
}
process.exit(bad ? 1 : 0);
' "$tmp/hostile.json" "$tmp/h.nd" >"$tmp/h.cmp"
check "hostile cells: every value read back as the same text (quotes, : and #, - and [, null, CJK punctuation, U+2028, 30000 bytes, a body with ---)" \
	'[ $? -eq 0 ] || { cat "$tmp/h.cmp"; false; }'
"$SVCGEN" export parts "$tmp/h" --pii show >"$tmp/h.csv"
q="'"
check "formula guard: = + @ and a leading quote get a ', a number does not" \
	'grep -q "^P-3,\"$q=HYPERLINK" "$tmp/h.csv" && grep -q "^P-4,\"$q+plus\",,,\"$q${q}apos\"" "$tmp/h.csv" && grep -q "^P-8,-12,,,true," "$tmp/h.csv"'
fresh "$tmp/h2"
"$SVCGEN" import parts "$tmp/h.csv" "$tmp/h2" >/dev/null 2>&1
check "hostile cells: export -> import -> export is the same CSV" \
	'"$SVCGEN" export parts "$tmp/h2" --pii show | cmp -s - "$tmp/h.csv"'

# Cells that cannot be records' values: each at its row and column.
printf 'id,name,supplier\r\nP-1,ok,x\r\nP-2,"tab\there",x\r\nP-3,"two\nlines",x\r\nP-4,\377\376,x\r\nP-5,x,"[""a""]"\r\nbad id,x,y\r\n' >"$tmp/bad.csv"
fresh "$tmp/b"
"$SVCGEN" import parts "$tmp/bad.csv" "$tmp/b" >"$tmp/b.out" 2>"$tmp/b.err"
rc=$?
f=$tmp/bad.csv
check "bad rows: exit 1, each problem at FILE:row:col with its rule, nothing written" \
	'[ $rc -eq 1 ] && [ ! -s "$tmp/b.out" ] && [ "$(nfiles "$tmp/b")" -eq 1 ] &&
	grep -qx "$f:3:2: error: name: expected a single-line string without control characters, found U+0009 at character 4 of the value \[type\]" "$tmp/b.err" &&
	grep -q "^$f:4:2: error: name: .*\[type\]$" "$tmp/b.err" &&
	grep -qx "$f:6:2: error: invalid UTF-8 byte 0xFF; save the file as UTF-8 \[encoding\]" "$tmp/b.err" &&
	grep -qx "$f:8:1: error: .bad id. is not a valid record id \[id-format\]" "$tmp/b.err" &&
	tail -1 "$tmp/b.err" | grep -q "errors: nothing written" || { cat "$tmp/b.err"; false; }'
check "a JSON-looking text in a text field is that text, not a list" \
	'! grep -q "^$f:7:" "$tmp/b.err"'
"$SVCGEN" import parts "$tmp/bad.csv" "$tmp/b" --partial >"$tmp/p.out" 2>"$tmp/p.err"
rc=$?
check "--partial: the good rows written, the bad reported (exit 1)" \
	'[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/p.out")" -eq 2 ] && [ -f "$tmp/b/parts/general/P-1.yaml" ] && [ -f "$tmp/b/parts/general/P-5.yaml" ] &&
	[ "$(nfiles "$tmp/b")" -eq 3 ] && grep -q "2 records written, 4 rows with errors left out" "$tmp/p.err"'
printf 'id,name\nP-1,again\np-5,case\n' >"$tmp/dup.csv"
"$SVCGEN" import parts "$tmp/dup.csv" "$tmp/b" >/dev/null 2>"$tmp/dup.err"
check "an id that exists (ignoring case) is refused, naming the file; nothing overwritten" \
	'[ $? -eq 1 ] && grep -q "dup.csv:2:1: error: record P-1 exists: .*/parts/general/P-1.yaml \[id-dup\]" "$tmp/dup.err" &&
	grep -q "dup.csv:3:1: error: record P-5 exists" "$tmp/dup.err" && grep -q "^name: ok" "$tmp/b/parts/general/P-1.yaml"'
printf 'id,name,supplier\nP-1,a,b,c\nP-2,"never closed\n' >"$tmp/syntax.csv"
"$SVCGEN" import parts "$tmp/syntax.csv" "$tmp/b" --dry-run >/dev/null 2>"$tmp/syn.err"
check "CSV syntax: more cells than the header, a quote never closed" \
	'[ $? -eq 1 ] && grep -qx "$tmp/syntax.csv:2:4: error: 4 cells where the header has 3" "$tmp/syn.err" &&
	grep -qx "$tmp/syntax.csv:3:2: error: a quoted cell is never closed" "$tmp/syn.err"'
printf 'id,nmae\nP-9,x\n' >"$tmp/col.csv"
"$SVCGEN" import parts "$tmp/col.csv" "$tmp/b" >/dev/null 2>"$tmp/col.err"
check "an unknown column: at the header, with the field meant" \
	'[ $? -eq 1 ] && grep -qx "$tmp/col.csv:1:2: error: unknown column .nmae.; did you mean .name.? \[unknown-field\]" "$tmp/col.err"'

# A references check across rows and against the department.
printf 'id,kind,date,customer,channel,by,service\nV-9001,routine,2026-12-01T10:00,C-0006,phone,ST-012,SR-2026-0001\nV-9002,routine,2026-12-01T10:00,C-9999,phone,ST-012,\n' >"$tmp/v.csv"
rm -rf "$tmp/s" && cp -a records "$tmp/s"
"$SVCGEN" import visits "$tmp/v.csv" "$tmp/s" --dry-run >/dev/null 2>"$tmp/v.err"
check "every rule of check: a reference to no record, at its cell; --dry-run writes nothing" \
	'[ $? -eq 1 ] && grep -q "v.csv:3:4: error: customer: no record has id .C-9999. .*\[ref-missing\]" "$tmp/v.err" &&
	! grep -q "v.csv:2:" "$tmp/v.err" && [ ! -e "$tmp/s/visits/2026/12" ]'

# A symbolic link where a folder of the path would be: nothing written through it.
fresh "$tmp/l"
mkdir "$tmp/elsewhere"
ln -s ../elsewhere "$tmp/l/parts"
printf 'id,name\nP-1,x\n' >"$tmp/one.csv"
"$SVCGEN" import parts "$tmp/one.csv" "$tmp/l" >/dev/null 2>"$tmp/l.err"
check "a symbolic link on the way: refused (symlink), nothing written through it" \
	'[ $? -eq 1 ] && grep -q "one.csv:2:1: error: .*parts is a symbolic link or not a folder.*\[symlink\]" "$tmp/l.err" &&
	[ -z "$(ls -A "$tmp/elsewhere")" ]'

# A helpdesk's export with its own column names, through a mapping file.
cat >"$tmp/map.yaml" <<'EOS'
columns:
  工单号: id
  客户编号: customer
  设备: equipment
  报修时间: reported
  类型: type
  故障类别: fault.category
  故障描述: fault.description
  处理人: technicians
  备注: ~
values:
  status: open
EOS
printf '工单号,客户编号,设备,报修时间,类型,故障类别,故障描述,处理人,备注\r\nSR-2026-9001,C-0006,EV200-2401-0011,2026-12-01T09:30+08:00,onsite_repair,electrical,"无法上电: 仪表黑屏",ST-012; ST-001,内部\r\n' >"$tmp/helpdesk.csv"
rm -rf "$tmp/s" && cp -a records "$tmp/s"
"$SVCGEN" import service "$tmp/helpdesk.csv" "$tmp/s" --map "$tmp/map.yaml" >"$tmp/m.out" 2>"$tmp/m.err"
check "--map: Chinese column names to fields, a list as 'a; b', a fixed status, a column left out" \
	'[ $? -eq 0 ] && [ -f "$tmp/s/service/2026/12/SR-2026-9001.yaml" ] &&
	grep -qx "technicians: \[ST-012, ST-001\]" "$tmp/s/service/2026/12/SR-2026-9001.yaml" &&
	grep -qx "status: open" "$tmp/s/service/2026/12/SR-2026-9001.yaml" &&
	grep -qx "  description: \"无法上电: 仪表黑屏\"" "$tmp/s/service/2026/12/SR-2026-9001.yaml" &&
	! grep -q "内部" "$tmp/s/service/2026/12/SR-2026-9001.yaml" || cat "$tmp/m.err"'
printf 'columns:\n  工单号: idd\nvalues:\n  statsu: open\n' >"$tmp/map2.yaml"
"$SVCGEN" import service "$tmp/helpdesk.csv" "$tmp/s" --map "$tmp/map2.yaml" >/dev/null 2>"$tmp/m2.err"
check "--map: its own mistakes at its own line and column" \
	'[ $? -eq 1 ] && grep -qx "$tmp/map2.yaml:2:8: error: unknown column .idd.; did you mean .id.? \[unknown-field\]" "$tmp/m2.err" &&
	grep -qx "$tmp/map2.yaml:4:3: error: unknown column .statsu.; did you mean .status.? \[unknown-field\]" "$tmp/m2.err"'

"$SVCGEN" import service tickets.xlsx "$tmp/s" >/dev/null 2>"$tmp/xlsx.err"
check ".xlsx: says to save it as CSV UTF-8 (exit 2)" '[ $? -eq 2 ] && grep -q "CSV UTF-8" "$tmp/xlsx.err"'

# A mapping that swaps two names: each header mapped once, by the name the file has.
printf 'columns:\n  name: id\n  id: name\n' >"$tmp/swap.yaml"
printf 'name,id\nP-SWAP,Swapped part\n' >"$tmp/swap.csv"
fresh "$tmp/w"
"$SVCGEN" import parts "$tmp/swap.csv" "$tmp/w" --map "$tmp/swap.yaml" >/dev/null 2>"$tmp/w.err"
check "--map: names swapped, each mapped from the file's own header" \
	'[ $? -eq 0 ] && grep -qx "name: Swapped part" "$tmp/w/parts/general/P-SWAP.yaml" || cat "$tmp/w.err"'

# A multi-line text field: line breaks, indentation, YAML's own syntax, all kept.
rm -rf "$tmp/s" && cp -a records "$tmp/s"
node -e '
const fb = "第一行: 用户反馈\n- 不是列表\n  缩进 # 不是注释\n---\n\"引号\" \x27单引号\x27 \\\\ 反斜杠\n\n末行 ";
const rows = [["id", "kind", "date", "customer", "channel", "by", "feedback"],
	["V-9100", "routine", "2026-12-01T10:00", "C-0006", "phone", "ST-012", fb]];
const cell = (c) => /[",\r\n]/.test(c) ? "\"" + c.replace(/"/g, "\"\"") + "\"" : c;
require("fs").writeFileSync(process.argv[1], rows.map((r) => r.map(cell).join(",")).join("\n") + "\n");
require("fs").writeFileSync(process.argv[2], fb);
' "$tmp/fb.csv" "$tmp/fb.txt"
"$SVCGEN" import visits "$tmp/fb.csv" "$tmp/s" >/dev/null 2>"$tmp/fb.err"
rc=$?
"$SVCGEN" export visits "$tmp/s" --format ndjson | grep '"id":"V-9100"' >"$tmp/fb.nd"
check "a text field with line breaks, '- ', ': ', ' # ', '---', quotes and backslashes: read back the same" \
	'[ $rc -eq 0 ] && node -e "const o = JSON.parse(require(\"fs\").readFileSync(process.argv[1], \"utf8\")); process.exit(o.feedback === require(\"fs\").readFileSync(process.argv[2], \"utf8\") ? 0 : 1)" "$tmp/fb.nd" "$tmp/fb.txt" || cat "$tmp/fb.err"'

printf 'id,name\nP-1,a\000b\n' >"$tmp/nul.csv"
"$SVCGEN" import parts "$tmp/nul.csv" "$tmp/b" --dry-run >/dev/null 2>"$tmp/nul.err"
check "a NUL byte: an encoding error at its cell" \
	'[ $? -eq 1 ] && grep -qx "$tmp/nul.csv:2:2: error: a NUL byte in the cell \[encoding\]" "$tmp/nul.err"'
