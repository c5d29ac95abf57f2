#!/bin/sh
# Templates built in and looked up file by file (docs/site.md, "Templates"):
# svcgen builds from any folder with nothing beside it; a department's own
# templates/ overrides single files, --templates DIR before it; from git
# with --rev; a symbolic link there fails the build; the site never goes
# into the records folder by default (docs/site.md, "Where the site goes").
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - templates $1"; }
notok() { echo "not ok - templates $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
S="$SVCGEN"
case $S in /*) ;; *) S="$top/$S" ;; esac

cp -R "$top/records" "$tmp/dept"
(cd "$tmp" && "$S" build dept -o "$tmp/s0" --as-of 2026-11-27 >/dev/null 2>&1)
check "a build from a folder without templates uses the built-in ones, the project's" \
	'[ $? -eq 0 ] && cmp -s "$tmp/s0/assets/style.css" "$top/templates/assets/style.css" &&
	cmp -s "$tmp/s0/assets/app.js" "$top/templates/assets/app.js"'

# The department's own files, one at a time.
mkdir -p "$tmp/dept/templates/assets" "$tmp/dept/templates/labels"
printf 'body { color: teal }\n' >"$tmp/dept/templates/assets/style.css"
sed 's/^\(  *dashboard: \).*/\1本部门总览/' "$top/templates/labels/zh-CN.yaml" >"$tmp/dept/templates/labels/zh-CN.yaml"
"$S" build "$tmp/dept" -o "$tmp/s1" --as-of 2026-11-27 >/dev/null 2>&1
check "a department's templates/assets/style.css replaces that file alone" \
	'[ "$(cat "$tmp/s1/assets/style.css")" = "body { color: teal }" ] && cmp -s "$tmp/s1/assets/app.js" "$top/templates/assets/app.js"'
check "a department's labels file gives the pages its words" \
	'grep -q "本部门总览" "$tmp/s1/index.html" && ! grep -q "本部门总览" "$tmp/s0/index.html"'
check "the department's templates are not read as records (check is clean)" \
	'"$S" check "$tmp/dept" --as-of 2026-11-27 >/dev/null 2>&1'

# --templates DIR comes first, file by file too.
mkdir -p "$tmp/mine/assets"
printf 'body { color: plum }\n' >"$tmp/mine/assets/style.css"
"$S" build "$tmp/dept" -o "$tmp/s2" --as-of 2026-11-27 --templates "$tmp/mine" >/dev/null 2>&1
check "--templates DIR before the department's, which still gives the labels" \
	'[ "$(cat "$tmp/s2/assets/style.css")" = "body { color: plum }" ] && grep -q "本部门总览" "$tmp/s2/index.html"'

# A change to a department's template is a change of the site.
printf 'body { color: navy }\n' >"$tmp/dept/templates/assets/style.css"
"$S" build "$tmp/dept" -o "$tmp/s1" --as-of 2026-11-27 >/dev/null 2>"$tmp/rebuild.err"
check "changing a department's template rebuilds" \
	'[ "$(cat "$tmp/s1/assets/style.css")" = "body { color: navy }" ] && ! grep -q "up to date" "$tmp/rebuild.err"'

# A symbolic link among them fails the build, and the previous site stays.
rm "$tmp/dept/templates/assets/style.css"
ln -s /etc/passwd "$tmp/dept/templates/assets/style.css"
"$S" build "$tmp/dept" -o "$tmp/s1" --as-of 2026-11-27 >/dev/null 2>"$tmp/link.err"
rc=$?
check "a symbolic link in a department's templates fails the build (exit 3), the old site stays" \
	'[ $rc -eq 3 ] && grep -q "style.css" "$tmp/link.err" && [ "$(cat "$tmp/s1/assets/style.css")" = "body { color: navy }" ]'
rm "$tmp/dept/templates/assets/style.css"

# From git with --rev: the committed template, not the working tree's.
(cd "$tmp/dept" && git init -q && git add -A && git -c user.name=t -c user.email=t@e commit -qm init) >/dev/null 2>&1
printf 'body { color: olive }\n' >"$tmp/dept/templates/assets/style.css"
(cd "$tmp/dept" && git add -A && git -c user.name=t -c user.email=t@e commit -qm style) >/dev/null 2>&1
printf 'body { color: red }\n' >"$tmp/dept/templates/assets/style.css"
"$S" build "$tmp/dept" -o "$tmp/s3" --rev HEAD --as-of 2026-11-27 >/dev/null 2>&1
check "--rev reads the department's templates from git" \
	'[ "$(cat "$tmp/s3/assets/style.css")" = "body { color: olive }" ]'

# Run inside the records: the site goes beside them, not into them.
(cd "$tmp/dept" && "$S" build --as-of 2026-11-27 >/dev/null 2>"$tmp/inside.err")
check "build inside the records folder writes <folder>-site beside it" \
	'[ -f "$tmp/dept-site/index.html" ] && [ ! -e "$tmp/dept/site" ] && grep -q "dept-site" "$tmp/inside.err"'
(cd "$tmp" && "$S" build dept --as-of 2026-11-27 >/dev/null 2>&1)
check "build from outside still writes ./site" '[ -f "$tmp/site/index.html" ]'
"$S" build "$tmp/dept" -o "$tmp/dept/templates/out" --as-of 2026-11-27 >/dev/null 2>"$tmp/tpl-out.err"
check "an output folder in the department's templates/ is refused (exit 2)" \
	'[ $? -eq 2 ] && grep -q "templates" "$tmp/tpl-out.err" && [ ! -e "$tmp/dept/templates/out" ]'
