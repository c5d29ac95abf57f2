# svcgen(1) completion for bash: commands, their options and values, and
# for `svcgen log` the ids of the records below the folder given (or the
# current one), from the record files' names. Installed by `make install`
# into bash-completion's folder; or `source` it from ~/.bashrc.
# The options follow `svcgen help COMMAND` (tests/suites/cli-help.sh).

_svcgen_kinds="customers equipment service visits complaints standards staff parts shipments dealers"

# The ids of DIR's records: the names of the .yaml and .md files of the
# kind folders, without their extension.
_svcgen_ids() {
	local dir=$1 k
	# The words written out: zsh does not split a variable's value.
	for k in customers equipment service visits complaints standards staff parts \
		shipments dealers; do
		[ -d "$dir/$k" ] || continue
		find "$dir/$k" -maxdepth 8 -type f \( -name '*.yaml' -o -name '*.md' \) \
			-printf '%f\n' 2>/dev/null
	done | sed 's/\.\(yaml\|md\)$//'
}

# Called as bash calls it (and zsh's bashcompinit): $2 the word being
# completed, $3 the one before it; COMP_CWORD counts the words before it.
# The words are only ever walked in order, as both shells index them
# from different ends.
_svcgen_complete() {
	local cur=$2 prev=$3 n=$COMP_CWORD cmd= dir=. opts w i=0
	for w in "${COMP_WORDS[@]}"; do
		[ "$i" -eq 1 ] && cmd=$w
		# For `log ID DIR`: a folder typed after the word being completed.
		[ "$i" -gt "$n" ] && [ "${w#-}" = "$w" ] && [ -d "$w" ] && dir=$w
		i=$((i + 1))
	done
	COMPREPLY=()
	if [ "$n" -eq 1 ]; then
		COMPREPLY=($(compgen -W "init check build log stats new import export schema help --help --version" -- "$cur"))
		return
	fi
	case $prev in
	--format)
		case $cmd in
		check) opts="text json github sarif junit" ;;
		log) opts="text json" ;;
		stats) opts="table csv json" ;;
		export) opts="csv ndjson" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return ;;
	--lang) COMPREPLY=($(compgen -W "zh-CN en" -- "$cur")); return ;;
	--pii) COMPREPLY=($(compgen -W "mask show" -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "month week region model type staff" -- "$cur")); return ;;
	--period) COMPREPLY=($(compgen -W "all" -- "$cur")); return ;;
	-o | --output | --templates) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--kind) COMPREPLY=($(compgen -W "$_svcgen_kinds config" -- "$cur")); return ;;
	--map) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--rev | --range | --new-since | --as-of) return ;;
	esac
	case $cmd in
	init) opts="--force --help" ;;
	check) opts="--rev --range --new-since --as-of --format --werror --lang --color --help" ;;
	build) opts="-o --output --rev --as-of --lang --pii --templates --help" ;;
	log) opts="--all --rev --format --pii --lang --help" ;;
	stats) opts="--rev --as-of --period --by --format --lang --help" ;;
	schema) opts="--json-schema --kind --help" ;;
	import) opts="--map --partial --dry-run --help" ;;
	export) opts="--format --pii --bom --help" ;;
	new)
		if [ "$n" -eq 2 ]; then
			COMPREPLY=($(compgen -W "$_svcgen_kinds" -- "$cur"))
		elif [ "${cur#-}" != "$cur" ]; then
			COMPREPLY=($(compgen -W "-e --edit --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -d -- "$cur"))
		fi
		return ;;
	help)
		if [ "${cur#-}" != "$cur" ]; then
			COMPREPLY=($(compgen -W "--lang --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "init check build log stats new import export schema help" -- "$cur"))
		fi
		return ;;
	*) return ;;
	esac
	if [ "${cur#-}" != "$cur" ]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [ "$cmd" = log ] && [ "$n" -eq 2 ]; then
		COMPREPLY=($(compgen -W "$(_svcgen_ids "$dir")" -- "$cur"))
	elif { [ "$cmd" = import ] || [ "$cmd" = export ]; } && [ "$n" -eq 2 ]; then
		COMPREPLY=($(compgen -W "customers equipment service visits complaints standards staff parts shipments dealers" -- "$cur"))
	elif [ "$cmd" = import ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -d -- "$cur"))
	fi
}
complete -F _svcgen_complete svcgen
