#!/bin/sh
# run.sh SVCGEN - runs every test suite against the binary SVCGEN.
# Each suite prints TAP-like lines ("ok - name", "not ok - name"); this
# script counts them and ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
svcgen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export SVCGEN="$svcgen"
top=$(cd "$here/.." && pwd)
# The suites check the records as files; the project's own git history
# (whose commits edit the sample and the golden cases) stays out of them.
# Suites that test git build their repositories outside the project.
export GIT_CEILING_DIRECTORIES="$top"
# svcgen check speaks the locale's language: the suites read its English,
# whatever the developer's locale (messages.sh sets its own).
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
out=$(mktemp)
wrap=$(mktemp -d)
trap 'rm -rf "$out" "$wrap"' EXIT

# make valgrind: every run of svcgen under memcheck; an error or a leak fails it.
if [ "${VALGRIND:-}" = 1 ]; then
	# Valgrind does not know openat2 and says so on stderr at every call:
	# svcgen takes its own component walk instead (docs/architecture.md).
	cat >"$wrap/svcgen" <<EOS
#!/bin/sh
SVCGEN_NO_OPENAT2=1
export SVCGEN_NO_OPENAT2
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$svcgen" "\$@"
EOS
	chmod +x "$wrap/svcgen"
	export SVCGEN="$wrap/svcgen"
fi

for suite in "$here"/suites/*.sh; do
	name=$(basename "$suite" .sh)
	echo "== $name"
	(cd "$top" && sh "$suite") 2>&1 | tee -a "$out" | grep -v '^ok ' || true
	echo "   $(grep -c "^ok " "$out" | tr -d ' ') ok so far"
done
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
grep '^not ok ' "$out" | sed 's/^/FAILED: /'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
