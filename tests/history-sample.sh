#!/bin/sh
# history-sample.sh OUT - the sample records/ as a git repository with a
# short history in OUT (created), for the suites that test the history
# pages of the site: a first commit of everything, then a post-closure edit
# with trailers, a contact's phone changed, a ticket moved, a visit deleted.
# Fixed authors and dates: the hashes are the same on every run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
n=0
commit() {
	n=$((n + 1))
	when="2026-0$n-01T10:00:00+08:00"
	git -C "$out" add -A . &&
		GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
			git -C "$out" -c user.name="$2" -c user.email=eng@example.com \
			commit -q -m "$1"
}
mkdir -p "$out"
cp -R "$top/records/." "$out/"
git -C "$out" init -q -b main .
commit "Sample records" 张工
sed -i 's/^labor_hours: .*/labor_hours: 9/' "$out/service/2026/01/SR-2026-0001.md"
commit "Correct the labor hours of SR-2026-0001

Reviewed-by: 王主管 <wang@example.com>
Approved-by: 李经理 <li@example.com>" 李工
sed -i 's/phone: 13329306760/phone: 13912345678/' "$out/customers/dongbei/C-0038.yaml"
commit "New phone for C-0038's contact" 王工
mkdir -p "$out/service/archive"
git -C "$out" mv service/2026/01/SR-2026-0002.md service/archive/SR-2026-0002.md
commit "Archive SR-2026-0002" 张工
git -C "$out" rm -q visits/2026/01/V-2026-0003.yaml
commit "Remove visit V-2026-0003 <duplicate>" 李工
