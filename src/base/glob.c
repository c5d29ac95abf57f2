/* glob.c - the ignore globs of docs/config.md matched against paths. */
#include "base/glob.h"

#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* Is pat[i] the start of `**`? Returns where the pattern goes on after it (and a '/'). */
static size_t
S_globstar_end(const char *pat, size_t i)
{
	if (pat[i] != '*' || pat[i + 1] != '*')
		return 0;
	return i + 2 + (pat[i + 2] == '/');
}

/*
 * The pattern as a set of states, one per byte offset, stepped over the
 * path one byte at a time: O(pattern x path) whatever the pattern, where
 * backtracking over several stars is exponential (docs/config.md). A `**`
 * at offset i has two states: on[i], where the rest of the pattern may
 * begin, and skip[i], inside a component that `**` swallows; a '/' takes
 * skip back to on.
 */
int
glob_match(const char *pat, const char *path)
{
	size_t n = strlen(pat), i, end;
	unsigned char small[4 * 64], *mem, *on, *skip, *on2, *skip2, *t;
	int matched = 0;

	/*
	 * Up to its first '*' or '?' the pattern matches those bytes alone: a
	 * path that does not begin with them is out at once (most paths, for
	 * an ignore pattern such as drafts/(two stars), which every record's
	 * path meets).
	 */
	if (strncmp(pat, path, strcspn(pat, "*?")))
		return 0;
	mem = n < 64 ? small : xmalloc(4 * (n + 1));
	on = mem, skip = mem + (n + 1), on2 = skip + (n + 1), skip2 = on2 + (n + 1);
	memset(mem, 0, 4 * (n + 1));
	on[0] = 1;
	for (;; path++) {
		/* Empty moves go forward only, so one pass in order closes the set. */
		for (i = 0; i < n; i++) {
			if (!on[i] || pat[i] != '*')
				continue;
			if ((end = S_globstar_end(pat, i)) != 0) {
				if (end == n) {
					matched = 1; /* a trailing `**` takes whatever is left */
					goto done;
				}
				on[end] = 1;
			} else {
				on[i + 1] = 1;
			}
		}
		if (!*path) {
			matched = on[n];
			break;
		}
		memset(on2, 0, 2 * (n + 1));
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)*path;

			if (!on[i] && !skip[i])
				continue;
			if (S_globstar_end(pat, i)) {
				if (c == '/')
					on2[i] = 1;
				else
					skip2[i] = 1;
			} else if (!on[i]) {
				continue;
			} else if (pat[i] == '*') {
				if (c != '/')
					on2[i] = 1;
			} else if (pat[i] == '?' ? c != '/' : (unsigned char)pat[i] == c) {
				on2[i + 1] = 1;
			}
		}
		t = on, on = on2, on2 = t;
		t = skip, skip = skip2, skip2 = t;
	}
done:
	if (mem != small)
		free(mem);
	return matched;
}
