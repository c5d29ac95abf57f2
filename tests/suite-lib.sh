# shellcheck shell=sh disable=SC2154 # tmp is the suite's
# suite-lib.sh - helpers for the suites of tests/suites/, sourced after
# setting tmp (a private temporary folder): t, why, quote, sv, exits,
# has, lacks, count and same, for tests/suites/git.sh and range-long.sh.
#
#   t NAME CMD...     one test: "ok - NAME" when CMD succeeds, else
#                     "not ok - NAME" and what CMD said with why
#   sv NAME ARGS...   $SVCGEN ARGS: stdout in $tmp/NAME, stderr in
#                     $tmp/NAME.err, the exit status in $tmp/NAME.rc

t() {
	name=$1
	shift
	: >"$tmp/why"
	if "$@"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		sed 's/^/    /' "$tmp/why" | head -25
	fi
}
why() { printf '%s\n' "$@" >>"$tmp/why"; }
quote() { sed 's/^/| /' "$1" | head -"${2:-8}" >>"$tmp/why"; }

sv() {
	n=$1
	shift
	"$SVCGEN" "$@" >"$tmp/$n" 2>"$tmp/$n.err"
	echo $? >"$tmp/$n.rc"
}

exits() { # NAME WANT...: svcgen's run NAME ended with one of the statuses WANT
	got=$(cat "$tmp/$1.rc")
	n=$1
	shift
	for w; do [ "$got" = "$w" ] && return 0; done
	why "exit status $got, want $*"
	[ "$got" -lt 128 ] || why "(killed by signal $((got - 128)))"
	quote "$tmp/$n.err" 4
	return 1
}

has() { # FILE ERE: a line of FILE matches
	grep -Eq -- "$2" "$1" && return 0
	why "no line matching /$2/ in:"
	quote "$1" 12
	return 1
}

lacks() { # FILE ERE: no line of FILE matches
	grep -Eq -- "$2" "$1" || return 0
	why "a line matches /$2/:"
	grep -E -- "$2" "$1" | head -3 | sed 's/^/| /' >>"$tmp/why"
	return 1
}

count() { # FILE ERE N: N lines of FILE match
	got=$(grep -Ec -- "$2" "$1")
	[ "$got" -eq "$3" ] && return 0
	why "$got lines match /$2/, want $3:"
	quote "$1" 12
	return 1
}

same() { # WANT GOT: two files are equal
	cmp -s "$1" "$2" && return 0
	why "$(basename "$2") differs from $(basename "$1"):"
	diff "$1" "$2" | head -12 | sed 's/^/| /' >>"$tmp/why"
	return 1
}
