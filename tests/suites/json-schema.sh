#!/bin/sh
# `svcgen schema --json-schema` (docs/editors.md): the JSON Schema compiles
# under ajv's strict mode, and ajv, reading the .yaml records as an editor
# does (the `yaml` package, YAML 1.2), agrees with `svcgen check` on type,
# enum, missing-field, unknown-field and id-format problems, place by place:
# on the sample, on broken copies of it and on the golden cases.
# tests/json-schema-compare.js does the comparing. Needs
# `sh tests/install-deps.sh test` (node_modules).
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
res=$tmp/results
mkdir "$res"

ok() { echo "ok - $1"; }
not_ok() { # name [file...]: fails, showing the start of each file
	echo "not ok - $1"
	shift
	for f in "$@"; do sed 's/^/    /' "$f" | head -30; done
}

if [ ! -d tests/node_modules/ajv ] || [ ! -d tests/node_modules/yaml ] ||
	[ ! -d tests/node_modules/yaml-language-server ]; then
	echo "not ok - json-schema: ajv, yaml or yaml-language-server missing; run sh tests/install-deps.sh test"
	exit 1
fi

# compare NAME PARENT DIR [SCHEMA]: DIR (below PARENT) checked and compared;
# the lines to $res/NAME (the schema: DIR's own unless given).
compare() {
	name=$1 parent=$2 dir=$3 schema=${4:-}
	if [ -z "$schema" ]; then
		schema=$res/$name.schema.json
		(cd "$parent" && "$SVCGEN" schema --json-schema "$dir") >"$schema"
	fi
	(cd "$parent" && "$SVCGEN" check "$dir" --as-of 2026-11-27 --format json) >"$res/$name.check.json"
	(cd "$parent" && node "$top/tests/json-schema-compare.js" "$schema" "$dir" \
		"$res/$name.check.json") >"$res/$name" 2>&1
}
# same NAME EXPECTED-FILE WHAT: the comparison's lines are exactly those expected.
same() {
	if diff -u "$2" "$res/$1" >"$res/$1.diff"; then ok "$3"; else not_ok "$3" "$res/$1.diff"; fi
}

# --- The command line.
"$SVCGEN" schema --json-schema records >"$tmp/all.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && node -e '
	const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	if (s.$schema !== "https://json-schema.org/draft/2020-12/schema") throw "draft";
	for (const k of ["customers", "equipment", "service", "visits", "complaints", "standards",
		"staff", "parts", "shipments", "dealers", "contact", "shipment_line", "config"])
		if (!s.$defs[k] || s.$defs[k].additionalProperties !== false) throw "no closed $defs/" + k;
	if (s.$ref || s.allOf) throw "a root schema without --kind";
	if (JSON.stringify(s.$defs["config-regions"].enum) !==
		JSON.stringify(["华东", "华南", "华北", "华中", "西南", "西北", "东北"])) throw "regions";
' "$tmp/all.json" 2>"$tmp/err"; then
	ok "schema --json-schema: draft 2020-12, a closed \$defs entry per kind and object, the configured regions"
else
	not_ok "schema --json-schema: draft 2020-12, a closed \$defs entry per kind and object (exit $rc)" "$tmp/err"
fi

"$SVCGEN" schema --json-schema records --kind service >"$tmp/service.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && node -e '
	const Ajv = require(process.argv[2] + "/ajv/dist/2020");
	const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	if (JSON.stringify(s.allOf) !== JSON.stringify([{ $ref: "#/$defs/service" }]))
		throw "no $ref to the kind";
	const v = new Ajv({ strict: true, multipleOfPrecision: 9 }).compile(s);
	if (v({ id: "SR-1" })) throw "a service without its required fields passed";
	if (!v({ id: "SR-1", type: "maintenance", status: "open", customer: "C-1",
		reported: "2026-03-02T09:10", "x-any": [1] })) throw JSON.stringify(v.errors);
' "$tmp/service.json" "$top/tests/node_modules" 2>"$tmp/err"; then
	ok "schema --json-schema --kind service: that kind's schema alone, compiled by ajv strict"
else
	not_ok "schema --json-schema --kind service (exit $rc)" "$tmp/err"
fi

"$SVCGEN" schema --json-schema records >"$tmp/again.json"
if cmp -s "$tmp/all.json" "$tmp/again.json"; then
	ok "schema --json-schema: the same bytes twice"
else
	not_ok "schema --json-schema: the same bytes twice"
fi

mkdir "$tmp/noconfig"
"$SVCGEN" schema --json-schema "$tmp/noconfig" --kind customers >"$tmp/noconfig.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q '"华东"' "$tmp/noconfig.json"; then
	ok "schema --json-schema DIR without svcgen.yaml: the default regions"
else
	not_ok "schema --json-schema DIR without svcgen.yaml (exit $rc)" "$tmp/err"
fi

for args in "--json-schema --kind nokind" "--kind service" "extra" "--json-schema a b" \
	"--json-schema --bogus"; do
	# shellcheck disable=SC2086
	"$SVCGEN" schema $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "usage:" "$tmp/err"; then
		ok "schema $args: a usage error (exit 2)"
	else
		not_ok "schema $args: a usage error (exit $rc, not 2)" "$tmp/out" "$tmp/err"
	fi
done

mkdir "$tmp/badcfg"
printf 'regions: 3\n' >"$tmp/badcfg/svcgen.yaml"
"$SVCGEN" schema --json-schema "$tmp/badcfg" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && [ ! -s "$tmp/out" ] && grep -q "svcgen check" "$tmp/err"; then
	ok "schema --json-schema: a svcgen.yaml with problems is refused (exit 3), check named"
else
	not_ok "schema --json-schema with a broken svcgen.yaml (exit $rc, not 3)" "$tmp/out" "$tmp/err"
fi

# --- The sample: every .yaml record clean to both.
compare sample "$top" records
n=$(find records -name '*.yaml' | wc -l | tr -d ' ')
echo "files $n" >"$tmp/sample.expected"
same sample "$tmp/sample.expected" "the sample: all $n .yaml records clean to ajv as to svcgen check"

# --- Broken copies of the sample: each problem flagged by both at one place.
cp -a records "$tmp/broken"
b=$tmp/broken
sed -i 's/^delivered: 2023-04-13$/delivered: 13\/04\/2023/' "$b/equipment/EV-100/EV100-2304-0011.yaml"
sed -i 's/^    batch: MT100-2303A$/&\n    colour: red/' "$b/equipment/EV-100/EV100-2304-0011.yaml"
sed -i '0,/^    qty: 2$/s//    qty: two/' "$b/shipments/2026/03/SH-2026-0019.yaml"
sed -i 's/^kind: .*/kind: follow-up/' "$b/visits/2026/01/V-2026-0001.yaml"
sed -i 's/^region: 东北$/region: 火星/' "$b/customers/dongbei/C-0038.yaml"
printf 'x-crm-id: 42\n' >>"$b/customers/dongbei/C-0038.yaml"
sed -i 's/^    role: 设备主管$/&\n    x-note: an extension/' "$b/customers/dongbei/C-0038.yaml"
sed -i '/^name: /d' "$b/parts/general/P-BAT-72.yaml"
printf 'colour: red\n' >>"$b/parts/general/P-BAT-72.yaml"
cat >"$tmp/broken.expected" <<EOF
agree customers/dongbei/C-0038.yaml /region
agree equipment/EV-100/EV100-2304-0011.yaml /components/0/colour
agree equipment/EV-100/EV100-2304-0011.yaml /delivered
agree parts/general/P-BAT-72.yaml /colour
agree parts/general/P-BAT-72.yaml /name
agree shipments/2026/03/SH-2026-0019.yaml /lines/0/qty
agree visits/2026/01/V-2026-0001.yaml /kind
files $n
EOF
compare broken "$tmp" broken
same broken "$tmp/broken.expected" \
	"broken copies: a wrong type, an enum, an unconfigured region, a missing and an unknown field each flagged by both at one place; x- keys pass both"

# The same copy with 火星 configured: the region passes both, and only with
# the schema made from this svcgen.yaml.
cp "$res/broken.schema.json" "$tmp/old-regions.json"
sed -i 's/^regions: \[/&火星, /' "$b/svcgen.yaml"
compare configured "$tmp" broken
grep -v '/region$' "$tmp/broken.expected" >"$tmp/configured.expected"
same configured "$tmp/configured.expected" "a region configured in svcgen.yaml passes both"
compare configured-old "$tmp" broken "$tmp/old-regions.json"
sed 's|^agree \(customers/dongbei/C-0038.yaml /region\)$|ajv-only \1 enum|' \
	"$tmp/broken.expected" >"$tmp/configured-old.expected"
same configured-old "$tmp/configured-old.expected" \
	"the schema made before the region was configured still refuses it (the enum comes from svcgen.yaml)"

# --- The YAML language server itself (VS Code's YAML extension), set up as
# docs/editors.md says: one schema a kind. Compared line by line.
kinds="customers equipment service visits complaints standards staff parts shipments dealers config"
editor() { # NAME PARENT DIR: as compare, with json-schema-editor.js
	name=$1 parent=$2 dir=$3
	mkdir "$res/$name.schemas"
	for k in $kinds; do
		(cd "$parent" && "$SVCGEN" schema --json-schema "$dir" --kind "$k") >"$res/$name.schemas/$k.json"
	done
	(cd "$parent" && "$SVCGEN" check "$dir" --as-of 2026-11-27 --format json) >"$res/$name.check.json"
	(cd "$parent" && node "$top/tests/json-schema-editor.js" "$res/$name.schemas" "$dir" \
		"$res/$name.check.json") >"$res/$name" 2>&1
}
editor editor-sample "$top" records
same editor-sample "$tmp/sample.expected" \
	"the YAML language server: all $n .yaml records of the sample clean, as to svcgen check"
sed -i 's/^regions: \[火星, /regions: [/' "$b/svcgen.yaml"
editor editor-broken "$tmp" broken
cat >"$tmp/editor-broken.expected" <<EOF
agree customers/dongbei/C-0038.yaml 3
agree equipment/EV-100/EV100-2304-0011.yaml 5
agree equipment/EV-100/EV100-2304-0011.yaml 12
agree parts/general/P-BAT-72.yaml 1
agree parts/general/P-BAT-72.yaml 5
agree shipments/2026/03/SH-2026-0019.yaml 7
agree visits/2026/01/V-2026-0001.yaml 2
files $n
EOF
same editor-broken "$tmp/editor-broken.expected" \
	"the YAML language server flags each broken copy's problem on the line svcgen check does; x- keys pass"

# --- The golden cases, field by field. Where they differ, a YAML 1.2 reader
# gave a value whose written form is gone (docs/editors.md, "What only
# svcgen check sees"): the differences are listed, so that each one stays
# known.
for g in rule-type rule-enum rule-missing-field rule-unknown-field type-values \
	yaml11-guessing x-keys null-vs-empty valid-all-kinds; do
	compare "golden-$g" "$top/tests/golden/$g" records
	grep -v '^agree ' "$res/golden-$g" >"$res/golden-$g.rest"
	case $g in
	yaml11-guessing)
		cat >"$tmp/expected" <<EOF
ajv-only customers/C-0001.yaml /tags/8 type
check-only parts/P-1.yaml /alert_threshold type
check-only staff/ST-004.yaml /active type
EOF
		;;
	*) : >"$tmp/expected" ;;
	esac
	grep '^files ' "$res/golden-$g" >>"$tmp/expected"
	if ! diff -u "$tmp/expected" "$res/golden-$g.rest" >"$tmp/diff"; then
		not_ok "golden $g: ajv and svcgen check differ" "$tmp/diff"
	else
		# The problems check reports at places the comparison saw.
		want=$(grep -cE '\[(type|enum|missing-field|unknown-field|id-format)\]$' \
			"$top/tests/golden/$g/expected" | tr -d ' ')
		got=$(grep -c '^agree ' "$res/golden-$g" | tr -d ' ')
		ok "golden $g: ajv agrees with svcgen check ($got places of the golden's $want problems)"
	fi
done
# Agreement is not vacuous: the four rules' cases have problems, found by both.
for g in rule-type rule-enum rule-missing-field rule-unknown-field; do
	if grep -q '^agree ' "$res/golden-$g"; then
		ok "golden $g: problems found by both"
	else
		not_ok "golden $g: no problem found by both" "$res/golden-$g"
	fi
done
