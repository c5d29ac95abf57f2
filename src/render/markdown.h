/*
 * markdown.h - record bodies (GitHub-flavoured Markdown) to HTML, with
 * cmark-gfm: tables, task lists, strikethrough and autolinks (docs/site.md).
 *
 * What comes out is meant to sit inside a <div> of a page, and is valid
 * HTML there whatever the input:
 *   - Raw HTML is never passed through (no CMARK_OPT_UNSAFE): cmark writes
 *     "<!-- raw HTML omitted -->" in its place.
 *   - A link or image URL is kept when it is relative ("a/b.pdf", "#x",
 *     "//host/x") or its scheme is http, https, ftp (with a host HTML
 *     checkers take without IDNA tables: ASCII labels or IPv4, a port, no
 *     user name or password), mailto or tel. Anything else makes the
 *     element inert (a link becomes its text, an image its alt text):
 *     javascript:, vbscript:, data:, file: and every other scheme, any ':'
 *     before the first '/', '?' or '#', a leading space or control.
 *   - The site loads nothing from elsewhere, so an image with an absolute
 *     URL (a scheme, or "//host") becomes a link to it; an image with an
 *     empty URL becomes its alt text.
 *   - Invalid UTF-8, control characters (but tab, newline, CR and form
 *     feed) and non-characters become U+FFFD. In URLs a stray '%' becomes
 *     "%25" and a second '#' "%23".
 *   - Record text is only ever printed: "{{x}}" and "%s%n" stay as they are.
 *
 * Bounded time and memory. The cmark-gfm that Debian 12 ships (0.29.0.gfm.6)
 * has quadratic cases that later releases fixed (CVE-2023-22483, -22484,
 * -22486, -24824, -26485, -37463 and the like) and no limit on how often a
 * link reference definition is copied. Before parsing, a linear scan of the
 * text estimates the work of the known quadratic paths; past a budget the
 * costly extension is left out (tables or autolinks, whose text then stays
 * plain) or the whole body is shown as preformatted plain text. Every
 * allocation cmark makes is counted: a render that needs more than 32 MiB
 * + 256 bytes per input byte, or writes more than 1 MiB + 32 bytes of HTML
 * per input byte, is abandoned for plain text too, and so is a body over
 * 16 MiB. All of this depends on the input alone: the output stays
 * deterministic.
 *
 * Threads: markdown_render may run in several threads at once. cmark-gfm
 * keeps a global table of special characters that every parse edits, so the
 * inline phase of a parse (cmark_parser_finish) runs under a lock; block
 * parsing, the checks and HTML rendering run in parallel.
 */
#ifndef SVCGEN_MARKDOWN_H
#define SVCGEN_MARKDOWN_H

#include <stddef.h>

#include "base/util.h"

struct markdown_opts {
	/*
	 * Added to every heading level: with 1, "#" becomes <h2> (a record
	 * page has its own <h1>). The page's heading is taken to be at level
	 * heading_shift, and a heading is never more than one level below the
	 * one before it (HTML checkers reject skipped levels): "#" then "###"
	 * give <h2> then <h3>. Levels stay within 1..6.
	 */
	int heading_shift;
	/*
	 * When not NULL, a link or image URL that starts with "attachments/"
	 * or "./attachments/" gets that part replaced by this prefix, e.g.
	 * "../attachments/" for a page one folder down. Other URLs are kept.
	 */
	const char *attachments_prefix;
	/*
	 * When not NULL, what a task list's checkbox is called, done or not
	 * ("已完成", "未完成"), as its aria-label: a form control needs a
	 * name (WCAG 4.1.2).
	 */
	const char *task_done_label, *task_open_label;
	/*
	 * When not NULL (with attachments_prefix), called for each URL given
	 * that prefix with its path after "attachments/" up to any '?' or '#',
	 * as written (percent escapes kept): returns what to add after that
	 * path ("" for nothing, ".txt" for an attachment published as text;
	 * URL-safe characters, kept at least until markdown_render returns).
	 */
	const char *(*attachment_suffix)(void *arg, const char *path, size_t len);
	void *attachment_arg;
};
#define MARKDOWN_OPTS_INIT                                                                         \
	{                                                                                          \
		0, NULL, NULL, NULL, NULL, NULL                                                    \
	}

/* What markdown_render left out, as bits of its result (0: nothing). */
enum {
	/* URLs in the text were not turned into links (too costly to find). */
	MARKDOWN_NO_AUTOLINKS = 1 << 0,
	/* Tables were not recognised: their lines are plain paragraphs. */
	MARKDOWN_NO_TABLES = 1 << 1,
	/* The body is shown as escaped, preformatted plain text. */
	MARKDOWN_PLAIN = 1 << 2
};

/*
 * Registers cmark-gfm's extensions. Call it once at start-up, before any
 * thread starts (cmark_gfm_core_extensions_ensure_registered is not
 * thread-safe); markdown_render calls it too, through pthread_once, so a
 * forgotten call costs nothing but this guarantee.
 */
void markdown_init(void);

/*
 * Appends the HTML of text[0..len) to out. o may be NULL (MARKDOWN_OPTS_INIT).
 * Returns 0, or MARKDOWN_* bits saying what was left out to keep the time
 * bounded (the caller may report it); it never fails otherwise: running out
 * of memory ends the program (die()).
 */
int markdown_render(struct buf *out, const char *text, size_t len, const struct markdown_opts *o);

#endif
