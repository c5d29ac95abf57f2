#!/bin/sh
# install-deps.sh build|test [DEBIAN-PACKAGES...] - installs what is missing.
# On a fresh Debian 12 machine as root this is all the set-up there is.
set -eu
mode=$1
shift
here=$(cd "$(dirname "$0")" && pwd)

if [ "$mode" = test ]; then
	set -- git gettext groff-base zsh libxml2-utils nodejs npm valgrind clang-format default-jre-headless chromium
fi
missing=
for p in "$@"; do
	# nodejs may come from another repository than Debian's; a working command counts.
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	git) command -v git >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "svcgen: missing Debian packages:$missing (run as root, or apt-get install them)" >&2
		exit 1
	fi
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ "$mode" = test ] && [ -f "$here/package.json" ]; then
	if [ ! -d "$here/node_modules" ] || [ "$here/package.json" -nt "$here/node_modules" ]; then
		(cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
		touch "$here/node_modules"
	fi
fi
