/*
 * escape.h - the one place that escapes text for HTML output. Every value
 * that reaches a page goes through here (the template engine calls it for
 * every {{name}}); nothing else writes user data into HTML.
 */
#ifndef SVCGEN_ESCAPE_H
#define SVCGEN_ESCAPE_H

#include <stddef.h>

#include "util.h"

/*
 * Appends s[0..n) to out with & < > " ' replaced by entities, so that the
 * result is safe both as element text and inside a quoted attribute value
 * (either quote). Other bytes, including invalid UTF-8 and NUL, are copied.
 */
void html_escape(struct buf *out, const char *s, size_t n);

/*
 * Appends s[0..n) to out percent-encoded for a path in an href: A-Z a-z
 * 0-9 - . _ ~ and / are kept, every other byte becomes %XX (upper-case
 * hex). The result contains no character that needs HTML escaping. It does
 * not stop ".." segments: the caller builds paths from checked names.
 */
void url_path_escape(struct buf *out, const char *s, size_t n);

/*
 * Appends s[0..n) as a JSON string literal, quotes included. '<', '>' and
 * '&' are written as \u escapes so the JSON is safe inside a <script>
 * block; a byte that is not UTF-8 becomes U+FFFD, so the JSON stays valid
 * whatever a file name holds.
 */
void json_escape(struct buf *out, const char *s, size_t n);

#endif
