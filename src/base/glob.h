/* glob.h - the ignore globs of docs/config.md matched against paths. */
#ifndef SVCGEN_GLOB_H
#define SVCGEN_GLOB_H

/* Glob match: `*` and `?` stay within a path component, `**` spans components. */
int glob_match(const char *pat, const char *path);

#endif
