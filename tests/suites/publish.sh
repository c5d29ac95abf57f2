#!/bin/sh
# The publish stage (src/publish/publish.c), driven by tests/publish-test.c: where a
# site may go, atomic replacement, unchanged files kept, failures and
# interruptions leaving the previous site as it was.
set -u
pt=$(dirname "$SVCGEN")/publish-test
[ -x "$pt" ] || pt=$(pwd)/build/release/publish-test
if [ ! -x "$pt" ]; then
	echo "not ok - publish-test binary missing ($pt)"
	exit 1
fi
tmp=$(mktemp -d)
mnt=
# Every mount under $tmp, deepest first, wherever a build may have carried it.
mounts_under() {
	awk -v t="$1/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
cleanup() {
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	for m in $(mounts_under "$tmp"); do umount -l "$m" 2>/dev/null; done
	chattr -i "$tmp/w/ro" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
w=$tmp/w
mkdir "$w"

pass() { echo "ok - $*"; }
fail() {
	echo "not ok - $*"
	[ -s "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -5
	return 0
}
check() { # name cmd... : passes when cmd succeeds
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# Runs the driver; its status in $st, its stdout in $tmp/out, stderr in $tmp/err.
run() {
	"$pt" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
}
# Every entry with its type, inode, mtime, mode and size; and every file's checksum.
snap() {
	(cd "$1" && find . -printf '%p %y %i %T@ %m %s\n' | LC_ALL=C sort &&
		find . -type f -exec md5sum {} + | LC_ALL=C sort)
}
# Paths and checksums only (what a reader of the site sees).
content() {
	(cd "$1" && find . -printf '%p %y %m\n' | LC_ALL=C sort &&
		find . -type f -exec md5sum {} + | LC_ALL=C sort)
}
no_leftovers() { # dir name
	[ -z "$(ls -A "$1" | grep "^\.$2\.\(tmp\|old\)-")" ]
}
# Refused: exit 3, the message, and nothing created.
refused() { # name pattern args...
	name=$1 pat=$2
	shift 2
	run "$@"
	if [ "$st" = 3 ] && grep -q "$pat" "$tmp/err" && [ "$(wc -l <"$tmp/err")" = 1 ]; then
		pass "$name: $(cat "$tmp/err")"
	else
		fail "$name: exit $st, want 3 and '$pat'"
	fi
}

# ---- Where a site may go ----
mkdir -p "$w/real" "$w/recs/customers" "$w/foreign"
echo keep >"$w/foreign/notes.txt"
ln -s real "$w/link"
refused "a symbolic link as the output folder" "symbolic link" --gen 3 "$w/link"
check "... and the folder it points to is untouched" test -z "$(ls -A "$w/real")"
refused "the records folder itself" "is the records folder" --records "$w/recs" --gen 3 "$w/recs"
refused "a folder inside a kind's folder of the records folder" "could be read back as records" \
	--records "$w/recs" --gen 3 "$w/recs/customers/site"
check "... and it is not created" test ! -e "$w/recs/customers/site"
check "a folder of its own directly in the records folder is accepted" \
	"$pt" --records "$w/recs" --gen 3 "$w/recs/site"
rm -rf "$w/recs/site"
# Whether a folder in the records folder could be read back goes by the first
# name below it, whether the folders exist yet or not.
for o in dealers dealers/x Customer customers/new/x attachments/2026 Attachment svcgen.yaml \
	VISITS/x nope/../dealers; do
	run --records "$w/recs" --gen 3 "$w/recs/$o"
	if [ "$st" = 3 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && [ ! -e "$w/recs/$o" ] &&
		{ grep -q "could be read back as records" "$tmp/err" || { [ "$o" = nope/../dealers ] &&
			grep -q "No such file" "$tmp/err"; }; }; then
		pass "RECORDS/$o refused: $(cat "$tmp/err")"
	else
		fail "RECORDS/$o: exit $st, want 3 and refused"
	fi
done
mkdir -p "$w/recs/docs/www" "$w/recs/.cache"
for o in .site .cache/site docs/site docs/www/site servicing; do
	run --records "$w/recs" --gen 3 "$w/recs/$o"
	if [ "$st" = 0 ] && [ -f "$w/recs/$o/p000/page-00001.html" ]; then
		pass "RECORDS/$o is accepted"
	else
		fail "RECORDS/$o: exit $st, want 0"
	fi
	rm -rf "$w/recs/$o"
done
rm -rf "$w/recs/docs" "$w/recs/.cache"
refused "a folder holding the records folder" "contains the records folder" \
	--records "$w/recs" --gen 3 "$w"
refused "the records folder by another path" "is the records folder" \
	--records "$w/recs" --gen 3 "$w/recs/customers/.."
refused "/" "refusing / as the output folder" --gen 3 /
refused "/ spelled //" "refusing / as the output folder" --gen 3 //
refused "a non-empty folder svcgen did not make" "not a site svcgen built" --gen 3 "$w/foreign"
check "... and what it holds is untouched" grep -q keep "$w/foreign/notes.txt"
echo x >"$w/afile"
refused "a file" "not a folder" --gen 3 "$w/afile"
refused "a missing parent" "the folder to hold it" --gen 3 "$w/nope/site"
mkdir -p "$w/cwd/inner"
(cd "$w/cwd/inner" && "$pt" --gen 3 "$w/cwd" >"$tmp/out" 2>"$tmp/err")
st=$?
if [ "$st" = 3 ] && grep -q "contains the current folder" "$tmp/err"; then
	pass "a folder holding the current folder"
else
	fail "a folder holding the current folder: exit $st"
fi

# ---- First build, modes, determinism ----
s=$w/site
run --gen 300 --threads 3 "$s"
if [ "$st" = 0 ] && grep -q '^written=300 unchanged=0 removed=0 noop=0' "$tmp/out" &&
	[ "$(find "$s" -type f | wc -l)" = 301 ]; then
	pass "first build writes every file, and the manifest"
else
	fail "first build: exit $st, $(cat "$tmp/out")"
fi
check "files are 0644 and folders 0755" \
	test -z "$(find "$s" \( -type f ! -perm 0644 \) -o \( -type d ! -perm 0755 \))"
check "no temporary folder is left" no_leftovers "$w" site
(umask 077 && "$pt" --gen 300 "$w/site2" >/dev/null 2>"$tmp/err")
check "the same under umask 077 and one thread: byte-identical, same modes" \
	diff -r "$s" "$w/site2"
check "... modes included" test "$(content "$s")" = "$(content "$w/site2")"
rm -rf "$w/site2"
mkdir "$w/kept"
: >"$w/kept/.gitkeep"
run --gen 5 "$w/kept"
check "an empty folder holding only .gitkeep is accepted" test "$st" = 0

# Pages handed over in pieces (publish_parts) are the same files, same manifest.
"$pt" --gen 300 --parts --threads 2 "$w/parts" >/dev/null 2>&1
"$pt" --gen 300 "$w/whole" >/dev/null 2>&1
check "pages in pieces: the same files and manifest as whole pages" diff -r "$w/parts" "$w/whole"
run --gen 300 "$w/parts"
check "... and a rebuild from whole pages finds nothing to write" \
	grep -q '^written=0 unchanged=300 removed=0 noop=1' "$tmp/out"
rm -rf "$w/parts" "$w/whole"

# ---- Rebuilds ----
snap "$s" >"$tmp/before"
run --gen 300 --threads 2 "$s"
snap "$s" >"$tmp/after"
if [ "$st" = 0 ] && grep -q '^written=0 unchanged=300 removed=0 noop=1' "$tmp/out" &&
	cmp -s "$tmp/before" "$tmp/after"; then
	pass "no-change rebuild writes nothing: every inode and mtime kept"
else
	fail "no-change rebuild: $(cat "$tmp/out")"
fi

run --gen 300 --vary 7 "$s"
snap "$s" >"$tmp/after"
changed=$(diff "$tmp/before" "$tmp/after" | awk '$1 == ">" && $3 == "f" { print $2 }')
if [ "$st" = 0 ] && grep -q '^written=1 unchanged=299 removed=0' "$tmp/out" &&
	[ "$changed" = "$(printf './.svcgen-manifest\n./p000/page-00007.html')" ] &&
	grep -q 'This page changed' "$s/p000/page-00007.html"; then
	pass "a changed file is rewritten; the 299 others keep inode and mtime"
else
	fail "changed file: $(cat "$tmp/out"); changed: $changed"
fi

run --gen 300 --vary 7 --skip 250 "$s"
if [ "$st" = 0 ] && grep -q '^written=0 unchanged=299 removed=1' "$tmp/out" &&
	[ ! -e "$s/p000/page-00250.html" ] && ! grep -q page-00250 "$s/.svcgen-manifest"; then
	pass "a file no longer published disappears"
else
	fail "removed file: $(cat "$tmp/out")"
fi
run --gen 300 --vary 7 "$s"

# Edits made to the output by hand are noticed and undone.
snap "$s" >"$tmp/before"
echo tampered >>"$s/p000/page-00001.html"
touch -d '2001-01-01' "$s/p000/page-00001.html"
chmod 600 "$s/p000/page-00002.html"
printf 'Page 3 tampered, same size.....' | dd of="$s/p000/page-00003.html" conv=notrunc 2>/dev/null
echo stray >"$s/p000/stray.html"
mkdir "$s/emptydir"
run --gen 300 --vary 7 "$s"
if [ "$st" = 0 ] && grep -q '^written=3 unchanged=297 removed=1' "$tmp/out" &&
	! grep -q tampered "$s/p000/page-00001.html" "$s/p000/page-00003.html" &&
	[ ! -e "$s/p000/stray.html" ] && [ ! -e "$s/emptydir" ] &&
	[ "$(stat -c %a "$s/p000/page-00002.html")" = 644 ]; then
	pass "hand edits (content, size, mode, stray files, empty folders) are undone"
else
	fail "hand edits: exit $st, $(cat "$tmp/out")"
fi
"$pt" --gen 300 --vary 7 "$w/ref" >/dev/null 2>&1
check "... and the site equals a fresh build" diff -r "$s" "$w/ref"
rm -rf "$w/ref"

# Links planted in the output are removed; their targets are not touched.
"$pt" --gen 600 --vary 7 "$s" >/dev/null 2>&1
mkdir -p "$w/victim/p001"
echo secret >"$w/victim/file"
echo old >"$w/victim/p001/page-00500.html"
snap "$w/victim" >"$tmp/victim"
ln -s "$w/victim/file" "$s/p000/evil.html"
ln -s "$w/victim" "$s/evildir"
mv "$s/p001" "$w/moved-p001"
ln -s "$w/victim/p001" "$s/p001"
run --gen 600 --vary 7 "$s"
if [ "$st" = 0 ] && [ ! -L "$s/p000/evil.html" ] && [ ! -e "$s/evildir" ] &&
	[ -d "$s/p001" ] && [ ! -L "$s/p001" ] && [ -f "$s/p001/page-00500.html" ] &&
	[ "$(snap "$w/victim")" = "$(cat "$tmp/victim")" ]; then
	pass "links planted in the output are removed, their targets untouched"
else
	fail "planted links: exit $st, $(cat "$tmp/out")"
fi
rm -rf "$w/moved-p001"

# A manifest that does not parse trusts nothing.
"$pt" --gen 300 --vary 7 "$s" >/dev/null 2>&1
echo garbage >"$s/.svcgen-manifest"
run --gen 300 --vary 7 "$s"
check "a damaged manifest: every file written again" grep -q '^written=300 unchanged=0' "$tmp/out"

# Paths that try to leave the output.
snap "$s" >"$tmp/before"
for bad in ../x /etc/svcgen-x a/../../x a/../x ./a a//b a/ '' .svcgen-manifest \
	"$(printf 'a\tb')" 'a\b' .. .; do
	run --gen 300 --vary 7 --rel "$bad" "$s"
	if [ "$st" = 3 ] && grep -q "refusing the output path" "$tmp/err" &&
		[ "$(snap "$s")" = "$(cat "$tmp/before")" ] && no_leftovers "$w" site &&
		[ ! -e "$w/x" ] && [ ! -e /etc/svcgen-x ]; then
		pass "output path '$bad' refused, the site as it was"
	else
		fail "output path '$bad': exit $st"
	fi
done
run --gen 3 --rel a --rel a/b "$w/conflict"
check "a path both file and folder is refused" \
	sh -c "[ $st = 3 ] && grep -q 'both a file and a folder' '$tmp/err' && [ ! -e '$w/conflict' ]"
run --gen 3 --rel a --rel a "$w/conflict"
check "a path published twice is refused" \
	sh -c "[ $st = 3 ] && grep -q 'published twice' '$tmp/err' && [ ! -e '$w/conflict' ]"

# publish_copy
mkdir -p "$w/att/sub"
echo "report" >"$w/att/r.pdf"
head -c 200000 /dev/urandom >"$w/att/sub/photo.jpg"
ln -s "$w/victim/file" "$w/att/link.pdf"
run --gen 3 --from "$w/att" --copy "$w/c"
if [ "$st" = 0 ] && cmp -s "$w/att/sub/photo.jpg" "$w/c/sub/photo.jpg" &&
	cmp -s "$w/att/r.pdf" "$w/c/r.pdf" && [ ! -e "$w/c/link.pdf" ]; then
	pass "attachments are copied"
else
	fail "publish_copy: exit $st"
fi
run --gen 3 --from "$w/att" --copy "$w/c"
check "... and not again when unchanged" grep -q 'written=0 unchanged=5 removed=0 noop=1' "$tmp/out"
echo "report v2" >"$w/att/r.pdf"
run --gen 3 --from "$w/att" --copy "$w/c"
check "... and again when changed" \
	sh -c "grep -q 'written=1 unchanged=4' '$tmp/out' && cmp -s '$w/att/r.pdf' '$w/c/r.pdf'"
run --gen 3 --copy-file folder.pdf "$w/att/sub" "$w/c"
check "a folder given to publish_copy is refused" \
	sh -c "[ $st = 3 ] && grep -q 'not a regular file' '$tmp/err' && [ ! -e '$w/c/folder.pdf' ]"
run --gen 3 --copy-max 199999 --copy-file big.jpg "$w/att/sub/photo.jpg" "$w/c"
check "a file over publish_copy's limit is refused" \
	sh -c "[ $st = 3 ] && grep -q 'larger than 199999 bytes' '$tmp/err' && [ ! -e '$w/c/big.jpg' ]"
run --gen 3 --copy-max 200000 --copy-file big.jpg "$w/att/sub/photo.jpg" "$w/c"
check "... and one of exactly the limit is copied" \
	sh -c "[ $st = 0 ] && cmp -s '$w/att/sub/photo.jpg' '$w/c/big.jpg'"

# The content hash is xxHash64 under seeds 0 and 0x9E3779B97F4A7C15.
if python3 -c 'import ctypes; ctypes.CDLL("libxxhash.so.0")' 2>/dev/null; then
	printf 'abc' >"$w/att/abc"
	head -c 1000 /dev/urandom >"$w/att/rand"
	"$pt" --from "$w/att" "$w/h" >/dev/null 2>&1
	python3 - "$w/h" >"$tmp/err" 2>&1 <<'EOF'
import ctypes, sys
x = ctypes.CDLL("libxxhash.so.0")
x.XXH64.restype = ctypes.c_uint64
x.XXH64.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
lines = open(sys.argv[1] + "/.svcgen-manifest").read().splitlines()[1:]
for line in lines:
    if line.startswith("input "):
        continue
    h, size, _input, path = line.split(" ", 3)
    data = open(sys.argv[1] + "/" + path, "rb").read()
    want = "%016x%016x" % (x.XXH64(data, len(data), 0), x.XXH64(data, len(data), 0x9E3779B97F4A7C15))
    if h != want or int(size) != len(data):
        print("mismatch", path, h, want)
        sys.exit(1)
EOF
	check "the manifest's hashes are xxHash64's (checked against libxxhash)" test $? = 0
else
	pass "# SKIP hash check: no python3 with libxxhash"
fi

# ---- The previous site, kept as the next build's start ----
k=$w/keep
rm -rf "$k" "$w/.keep.prev"
"$pt" --gen 300 "$k" >/dev/null 2>&1
check "a first build keeps no previous site" test ! -e "$w/.keep.prev"
content "$k" >"$tmp/v1"
run --gen 300 --vary 7 "$k"
# The previous site: the first build's files, the unchanged ones shared with OUT.
(cd "$w/.keep.prev" && find . -path ./.svcgen-prev -prune -o -printf '%p %y %m\n' | LC_ALL=C sort &&
	find . -type f ! -name .svcgen-prev -exec md5sum {} + | LC_ALL=C sort) >"$tmp/prev"
shared=$(cd "$k" && find . -type f -links 2 | wc -l)
if [ "$st" = 0 ] && cmp -s "$tmp/v1" "$tmp/prev" && [ "$shared" = 299 ] &&
	[ "$(sed 1d "$w/.keep.prev/.svcgen-prev")" = "p000/page-00007.html" ]; then
	pass "after a rebuild the old site is kept beside OUT, 299 files shared, one path listed"
else
	fail "kept site: exit $st, shared $shared, list: $(cat "$w/.keep.prev/.svcgen-prev" 2>&1)"
fi
# Sequences from the kept site; each ends equal to a fresh build of the same files.
ok=1
for step in "--vary 9" "--vary 9 --skip 20" "--vary 9 --skip 20 --rel p000/page-00020.html/x" \
	"--vary 3 --rel p000 --gen 0" "--gen 300 --vary 3" "--gen 600 --vary 500 --rel new/deep/x" \
	"--gen 600 --vary 500" "--gen 300"; do
	case $step in *--gen*) args=$step ;; *) args="--gen 300 $step" ;; esac
	# shellcheck disable=SC2086
	run $args "$k"
	rm -rf "$w/fresh"
	# shellcheck disable=SC2086
	"$pt" $args "$w/fresh" >/dev/null 2>&1
	if [ "$st" != 0 ] || ! diff -r "$k" "$w/fresh" >/dev/null ||
		[ "$(content "$k")" != "$(content "$w/fresh")" ] || ! no_leftovers "$w" keep; then
		ok=0
		fail "from the kept site, $args: exit $st, $(cat "$tmp/out")"
	fi
done
[ $ok = 1 ] && pass "8 builds begun from the kept site (files becoming folders and back, removals, growth) equal fresh builds"
rm -rf "$w/fresh"
# A list that does not describe OUT as it is: not used, and replaced.
for how in garbage inode deleted; do
	case $how in
	garbage) echo garbage >"$w/.keep.prev/.svcgen-prev" ;;
	inode) sed -i '1s/^svcgen-prev 1 [0-9]*/svcgen-prev 1 1/' "$w/.keep.prev/.svcgen-prev" ;;
	deleted) rm -rf "$w/.keep.prev" ;;
	esac
	{ echo planted >"$w/.keep.prev/p000/page-00011.html"; } 2>/dev/null
	run --gen 300 --vary 11 "$k"
	run --gen 300 --vary 12 "$k"
	"$pt" --gen 300 --vary 12 "$w/fresh" >/dev/null 2>&1
	check "a kept site whose list is $how: not used; the next builds are right" \
		diff -r "$k" "$w/fresh"
	rm -rf "$w/fresh"
done
# OUT replaced by a copy: the kept site is another OUT's.
rm -rf "$w/copy"
cp -a "$k" "$w/copy"
rm -rf "$k"
mv "$w/copy" "$k"
run --gen 300 --vary 13 "$k"
"$pt" --gen 300 --vary 13 "$w/fresh" >/dev/null 2>&1
check "OUT replaced by a copy: the kept site is not used" diff -r "$k" "$w/fresh"
rm -rf "$w/fresh" "$k"
run --gen 5 "$k"
check "OUT removed: the next build removes the kept site too" test ! -e "$w/.keep.prev"
rm -rf "$k"

# ---- Reuse: files kept by their input digest, never made again ----
r=$w/reuse
run --reuse --gen 300 --threads 2 "$r"
check "reuse: a first build makes every file" grep -q '^written=300 unchanged=0 removed=0 noop=0 reused=0' "$tmp/out"
check "reuse: the manifest lists each file's input digest" \
	grep -q '^[0-9a-f]\{32\} [0-9]* 00000000000000080000000000000002 p000/page-00007.html$' \
	"$r/.svcgen-manifest"
snap "$r" >"$tmp/before"
run --reuse --gen 300 --vary 7 --threads 2 "$r"
snap "$r" >"$tmp/after"
changed=$(diff "$tmp/before" "$tmp/after" | awk '$1 == ">" && $3 == "f" { print $2 }')
if grep -q '^written=1 unchanged=299 removed=0 noop=0 reused=299' "$tmp/out" &&
	[ "$changed" = "$(printf './.svcgen-manifest\n./p000/page-00007.html')" ]; then
	pass "reuse: one new digest, one file made; the 299 others kept, inode and mtime"
else
	fail "reuse: $(cat "$tmp/out"); changed: $changed"
fi
echo tampered >>"$r/p000/page-00001.html"
run --reuse --gen 300 --vary 7 "$r"
if grep -q '^written=1 unchanged=299 removed=0 noop=0 reused=299' "$tmp/out" &&
	! grep -q tampered "$r/p000/page-00001.html"; then
	pass "reuse: a file edited by hand is not trusted: made again"
else
	fail "reuse of an edited file: $(cat "$tmp/out")"
fi
"$pt" --reuse --gen 300 --group 10 "$r" >/dev/null 2>&1
echo tampered >>"$r/p000/page-00013.html"
run --reuse --gen 300 --group 10 "$r"
"$pt" --gen 300 "$w/ref" >/dev/null 2>&1
if grep -q '^written=1 unchanged=299 removed=0 noop=0 reused=290' "$tmp/out" &&
	diff -r -x .svcgen-manifest "$r" "$w/ref" >/dev/null; then
	pass "reuse: a group of files is kept all or none (one of ten edited: ten made)"
else
	fail "reuse of a group: $(cat "$tmp/out")"
fi
rm -rf "$w/ref"
rm "$r/p000/page-00021.html"
run --reuse --gen 300 --group 10 "$r"
check "reuse: a file missing from the output: its group made again" \
	grep -q '^written=1 unchanged=299 removed=0 noop=0 reused=290' "$tmp/out"
sed -i '1s/.*/svcgen-manifest 1/; s/^\([0-9a-f]* [0-9]*\) [-0-9a-f]* /\1 /' "$r/.svcgen-manifest"
touch -d '+1 hour' "$r/.svcgen-manifest"
run --reuse --gen 300 --group 10 "$r"
check "reuse: a version 1 manifest has no digests: nothing reused, nothing written" \
	grep -q '^written=0 unchanged=300 removed=0 noop=0 reused=0' "$tmp/out"
check "... but the manifest, now of version 2 with the digests" \
	grep -q '^[0-9a-f]* [0-9]* 00000000000000010000000000000014 p000/page-00000.html$' "$r/.svcgen-manifest"
rm -rf "$r"

# ---- Interruptions ----
"$pt" --gen 300 "$s" >/dev/null 2>&1
snap "$s" >"$tmp/before"
for sig in INT TERM; do
	"$pt" --gen 300 --vary 9 --delay-us 10000 "$s" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep 0.5
	kill -$sig $pid
	wait $pid
	st=$?
	want=130
	[ $sig = TERM ] && want=143
	if [ "$st" = $want ] && grep -q "interrupted by signal.*previous site is left" "$tmp/err" &&
		[ "$(snap "$s")" = "$(cat "$tmp/before")" ] && no_leftovers "$w" site; then
		pass "SIG$sig mid-build: exit $st, the previous site byte-identical, no temporary folder"
	else
		fail "SIG$sig mid-build: exit $st"
	fi
done

# Killed outright: the temporary folder stays, the site too; the next build tidies up.
"$pt" --gen 300 --vary 9 --delay-us 10000 "$s" >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -KILL $pid
wait $pid 2>/dev/null
if [ "$(snap "$s")" = "$(cat "$tmp/before")" ] && ! no_leftovers "$w" site; then
	run --gen 300 "$s"
	if [ "$st" = 0 ] && no_leftovers "$w" site && [ "$(snap "$s")" = "$(cat "$tmp/before")" ]; then
		pass "SIGKILL mid-build: site intact; the next build removes the leftover"
	else
		fail "after SIGKILL: exit $st"
	fi
else
	fail "SIGKILL mid-build: the site changed, or no temporary folder to tidy"
fi

# SIGKILL at any moment of a commit: OUT is always the old site or the new one.
"$pt" --gen 3000 "$s" >/dev/null 2>&1
content "$s" >"$tmp/old"
"$pt" --gen 3000 --vary 1 --skip 2 "$w/new" >/dev/null 2>&1
content "$w/new" >"$tmp/new"
rm -rf "$w/new"
bad=0
for d in 0 0.01 0.02 0.03 0.04 0.05 0.06 0.07 0.08 0.1 0.12 0.15 0.2; do
	"$pt" --gen 3000 --vary 1 --skip 2 "$s" >/dev/null 2>&1 &
	pid=$!
	sleep $d
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	now=$(content "$s")
	if [ "$now" = "$(cat "$tmp/new")" ]; then
		:
	elif [ "$now" = "$(cat "$tmp/old")" ]; then
		:
	else
		bad=1
		echo "    # after a kill at ${d}s the site is neither old nor new"
	fi
	"$pt" --gen 3000 "$s" >/dev/null 2>&1 # back to old, tidying up
done
check "SIGKILL at 13 moments of a 3000-file build: the site is always old or new, never mixed" \
	test $bad = 0
check "... and the next builds leave nothing behind" no_leftovers "$w" site

# A build killed while the old site was set aside (no RENAME_EXCHANGE) is undone.
"$pt" --gen 300 "$s" >/dev/null 2>&1
snap "$s" >"$tmp/before"
mv "$s" "$w/.site.old-Ab12Cd"
run --gen 300 --abort "$s"
if [ "$st" = 0 ] && grep -q "put back the previous site" "$tmp/err" &&
	[ "$(snap "$s")" = "$(cat "$tmp/before")" ] && no_leftovers "$w" site; then
	pass "an old site left aside by a killed build is put back"
else
	fail "put back: exit $st"
fi

# Where the file system has no RENAME_EXCHANGE: the old site goes aside, the new one in.
SVCGEN_NO_RENAME_EXCHANGE=1 "$pt" --gen 300 "$w/fb" >/dev/null 2>"$tmp/err"
SVCGEN_NO_RENAME_EXCHANGE=1 "$pt" --gen 300 --vary 5 --skip 6 "$w/fb" >"$tmp/out" 2>"$tmp/err"
"$pt" --gen 300 --vary 5 --skip 6 "$w/ref" >/dev/null 2>&1
if grep -q 'written=1 unchanged=298 removed=1' "$tmp/out" && diff -r "$w/fb" "$w/ref" >/dev/null &&
	no_leftovers "$w" fb; then
	pass "without RENAME_EXCHANGE: the same site, nothing left beside it"
else
	fail "without RENAME_EXCHANGE: $(cat "$tmp/out")"
fi
rm -rf "$w/fb" "$w/ref"

# Two builds into one folder: the second is refused, the first's temporary folder spared.
"$pt" --gen 300 --vary 5 --delay-us 5000 "$s" >/dev/null 2>&1 &
pid=$!
sleep 0.3
run --gen 300 "$s"
if [ "$st" = 3 ] && grep -q "another svcgen build" "$tmp/err" && ! no_leftovers "$w" site; then
	pass "a second build into the same folder is refused, the first one's work left alone"
else
	fail "concurrent builds: exit $st"
fi
wait $pid
check "... and the first one completes" grep -q 'This page changed' "$s/p000/page-00005.html"
mkdir "$w/.site.tmp-Zz99Zz"
flock "$w/.site.tmp-Zz99Zz" sleep 2 &
pid=$!
sleep 0.2
run --gen 300 "$s"
check "a locked temporary folder (a live build's) is not removed" test -d "$w/.site.tmp-Zz99Zz"
wait $pid
run --gen 300 "$s"
check "... an unlocked one is" no_leftovers "$w" site

# ---- Disk full ----
"$pt" --gen 300 "$s" >/dev/null 2>&1
snap "$s" >"$tmp/before"
(
	ulimit -f 1000
	"$pt" --gen 300 --vary 4 --big 2000000 "$s" >"$tmp/out" 2>"$tmp/err"
)
st=$?
if [ "$st" = 3 ] && grep -q "big.bin: File too large; the previous site is left as it was" "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" = 1 ] && [ "$(snap "$s")" = "$(cat "$tmp/before")" ] &&
	no_leftovers "$w" site; then
	pass "a file size limit (EFBIG): exit 3, one line, the previous site as it was"
else
	fail "EFBIG: exit $st"
fi

# A parent folder where nothing can be created (immutable, which binds root too).
mkdir -p "$w/ro"
"$pt" --gen 30 "$w/ro/site" >/dev/null 2>&1
snap "$w/ro" >"$tmp/before"
if chattr +i "$w/ro" 2>/dev/null; then
	run --gen 30 --vary 3 "$w/ro/site"
	chattr -i "$w/ro"
	if [ "$st" = 3 ] && grep -q "cannot make a temporary folder beside it" "$tmp/err" &&
		[ "$(snap "$w/ro")" = "$(cat "$tmp/before")" ]; then
		pass "an unwritable parent folder: exit 3, the previous site as it was"
	else
		fail "unwritable parent: exit $st"
	fi
else
	pass "# SKIP unwritable parent: chattr +i not available here"
fi

# A real full file system: a 2 MB tmpfs, when this machine lets us mount one.
mkdir "$w/small"
if mount -t tmpfs -o size=2m tmpfs "$w/small" 2>/dev/null; then
	mnt=$w/small
	run --gen 300 "$mnt/site"
	snap "$mnt/site" >"$tmp/before"
	run --gen 300 --vary 4 --big 3000000 "$mnt/site"
	if [ "$st" = 3 ] && grep -q "No space left on device; the previous site is left" "$tmp/err" &&
		[ "$(snap "$mnt/site")" = "$(cat "$tmp/before")" ] && no_leftovers "$mnt" site; then
		pass "disk full (ENOSPC on a 2 MB tmpfs): the previous site as it was, space freed"
	else
		fail "ENOSPC: exit $st"
	fi
	run --gen 300 --vary 4 "$mnt/site"
	check "... and the next build with room succeeds" test "$st" = 0
	refused "a mount point as the output folder" "is a mount point" --gen 3 "$mnt"
	umount "$mnt" && mnt=
else
	pass "# SKIP disk full on a tmpfs: cannot mount one here"
fi

# ---- Mounts inside the output ----
# A bind mount of a folder of the same file system has the same st_dev: only
# its mount id tells it apart. The build is refused before anything is made.
m=$w/bm
mkdir -p "$w/precious/deep"
echo gold >"$w/precious/file"
echo gold >"$w/precious/deep/file"
"$pt" --gen 30 "$m" >/dev/null 2>&1
mkdir "$m/p000/mnt"
if mount --bind "$w/precious" "$m/p000/mnt" 2>/dev/null; then
	snap "$m" >"$tmp/before"
	for how in statx name_to_handle_at; do
		[ $how = statx ] || export SVCGEN_NO_STATX_MNT_ID=1
		run --gen 30 --vary 3 "$m"
		unset SVCGEN_NO_STATX_MNT_ID
		if [ "$st" = 3 ] && grep -q "p000/mnt: a mount point inside the output folder" "$tmp/err" &&
			[ "$(wc -l <"$tmp/err")" = 1 ] && [ "$(cat "$w/precious/file" "$w/precious/deep/file")" = "$(printf 'gold\ngold')" ] &&
			[ "$(snap "$m")" = "$(cat "$tmp/before")" ] && no_leftovers "$w" bm &&
			[ "$(mounts_under "$w")" = "$m/p000/mnt" ]; then
			pass "a bind mount inside the output (mount id by $how): refused, exit 3, what it holds kept, no temporary folder"
		else
			fail "a bind mount inside the output (mount id by $how): exit $st; precious: $(ls -A "$w/precious" | tr '\n' ' '); mounts: $(mounts_under "$w" | tr '\n' ' ')"
		fi
	done
	for x in $(mounts_under "$w"); do umount "$x"; done
	run --gen 30 --vary 3 "$m"
	if [ "$st" = 0 ] && [ ! -e "$m/p000/mnt" ] && no_leftovers "$w" bm; then
		pass "... and once unmounted, the build goes on and removes the empty folder"
	else
		fail "after unmounting: exit $st"
	fi
	# A folder beside OUT named as a killed build's leftover, with a mount on it.
	mkdir "$w/.bm.tmp-Ab12Cd"
	mount --bind "$w/precious" "$w/.bm.tmp-Ab12Cd"
	run --gen 30 "$m"
	if [ "$st" = 0 ] && [ -f "$w/precious/file" ] && [ -f "$w/precious/deep/file" ] &&
		grep -q "could not remove all of it" "$tmp/err"; then
		pass "a mount on a leftover's name beside the output: not entered, a warning"
	else
		fail "a mount on a leftover's name: exit $st; precious: $(ls -A "$w/precious" | tr '\n' ' ')"
	fi
	umount "$w/.bm.tmp-Ab12Cd"
	run --gen 30 "$m"
	check "... and once unmounted, the next build removes it" no_leftovers "$w" bm
	# OUT itself a bind mount: the exchange cannot move it.
	mkdir "$w/bm2" "$w/bm2src"
	mount --bind "$w/bm2src" "$w/bm2"
	refused "a bind mount as the output folder" "is a mount point" --gen 3 "$w/bm2"
	umount "$w/bm2"
else
	pass "# SKIP mounts inside the output: mount --bind is not permitted here"
fi

# ---- Scale ----
n=${PUBLISH_FILES:-50000}
b=$w/big
run --gen "$n" --threads 2 "$b"
if [ "$st" = 0 ]; then
	snap_big() { (cd "$b" && find . -printf '%p %i %T@\n' | LC_ALL=C sort); }
	snap_big >"$tmp/before"
	run --gen "$n" --threads 2 "$b"
	ms=$(sed -n 's/.*ms=//p' "$tmp/out")
	if grep -q "noop=1" "$tmp/out" && [ "$(snap_big)" = "$(cat "$tmp/before")" ]; then
		pass "no-change rebuild of $n files: nothing written, ${ms} ms (timing is not checked)"
	else
		fail "no-change rebuild of $n files: $(cat "$tmp/out")"
	fi
	run --gen "$n" --threads 2 --vary 10 "$b"
	ms=$(sed -n 's/.*ms=//p' "$tmp/out")
	check "one changed file among $n: ${ms} ms (timing is not checked)" \
		grep -q "written=1 unchanged=$((n - 1)) removed=0" "$tmp/out"
else
	fail "first build of $n files: exit $st"
fi
