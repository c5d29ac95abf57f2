/*
 * escape.h - the one place that escapes text for output, one escaper a
 * language: HTML and XML, URL paths, JSON, the terminal. Every value that
 * reaches a page goes through here (the template engine calls it for every
 * {{name}}); nothing else writes user data into HTML, XML or a terminal.
 */
#ifndef SVCGEN_ESCAPE_H
#define SVCGEN_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "base/util.h"

/*
 * Appends s[0..n) to out with & < > " ' replaced by entities, so that the
 * result is safe both as element text and inside a quoted attribute value
 * (either quote), and with U+FFFD for each character XML 1.0 forbids or
 * HTML calls a parse error: the C0 controls but tab, LF and CR (NUL, ESC,
 * BEL, BS...), DEL, the C1 controls U+0080-U+009F and the noncharacters
 * U+FFFE and U+FFFF. The result is fit for an XML document (the Atom feed)
 * as well as a page. Other bytes, invalid UTF-8 included, are copied.
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
 * block, and so are the controls (C0, DEL, C1) and the bidi overrides that
 * term_escape escapes, so that JSON shown on a terminal is as safe as text,
 * and U+2028 and U+2029, which end a line in older JavaScript engines;
 * a byte that is not UTF-8 becomes U+FFFD, so the JSON stays valid whatever
 * a file name holds.
 */
void json_escape(struct buf *out, const char *s, size_t n);
/*
 * Appends s[0..n) as a YAML scalar that reads back as the same text: plain
 * when it can be (not in a flow list's syntax when flow), else as a JSON
 * string, which is a YAML double-quoted scalar.
 */
void yaml_scalar(struct buf *out, const char *s, size_t n, int flow);
/* Writes s as a JSON string literal (with the quotes), as json_escape has it. */
void json_write(FILE *out, const char *s);

/*
 * Writes s escaped for XML text and attribute values (SARIF, JUnit): the
 * five entities, tab, LF and CR as character references, and U+FFFD for
 * each character XML 1.0 forbids, DEL, the C1 controls and each byte that
 * is not UTF-8.
 */
void xml_write(FILE *out, const char *s);

/*
 * Appends s[0..n) to out for a terminal, on one line: newline, tab and CR
 * become \n, \t and \r; the other C0 controls (ESC...), DEL and each byte
 * that is not UTF-8 become \xNN (lower-case hex); the C1 controls
 * U+0080-U+009F and the bidi overrides and isolates U+202A-U+202E,
 * U+2066-U+2069 become \uNNNN. Everything else, a backslash included, is
 * copied. Every text output (diagnostics, excerpts, the log, the range
 * lines, the statistics table, error messages) goes through it, so that
 * nothing read from the records or from git can move the cursor, recolour
 * the terminal, reorder what is shown or forge a line of output.
 */
void term_escape(struct buf *out, const char *s, size_t n);
/* The same, written to out (it allocates nothing: die() uses it). */
void term_write(FILE *out, const char *s, size_t n);
/*
 * A failure that ends the program: "svcgen: ", the message as term_write
 * shows it and a newline on stderr, then exit 3. It allocates nothing.
 */
ATTR_NORETURN void die(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* Prints "svcgen: ", the message escaped by term_escape and a newline on stderr. */
void term_error(const char *fmt, ...) ATTR_PRINTF(1, 2);

/*
 * Appends s[0..n) to out with each byte that is not part of a valid UTF-8
 * sequence replaced by U+FFFD. For text from git (commit authors and
 * messages, file names) on its way into the Atom feed: an XML document
 * must be UTF-8 throughout, and html_escape, which is on every page's hot
 * path, copies such bytes (a browser shows them as U+FFFD).
 */
void utf8_repair(struct buf *out, const char *s, size_t n);

#endif
