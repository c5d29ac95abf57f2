/*
 * attach.h - what an attachment becomes on the site, so that none can run
 * script when it is opened from there, over file:// or from a web server
 * (docs/site.md "Attachments"; docs/decisions.md):
 *
 *   - a file of a type no browser runs script in (the list of inert types
 *     in docs/site.md: txt, csv, pdf, png, jpg, mp4, zip, docx, ...) is
 *     published as it is, under its own name;
 *   - an SVG image (".svg") is published cleaned by an allow-list of
 *     elements and attributes (attach_svg_clean), under its own name;
 *   - anything else (HTML, XHTML, XML, JavaScript, a type not on the list,
 *     an SVG that cannot be checked) is published as text: its bytes as
 *     they are, under its name with ".txt" added, which browsers and web
 *     servers show as plain text.
 *
 * The rule attachment-active (validate.c) and the site (site/attachments.c: the copy,
 * the record page's list, links in Markdown bodies) decide through
 * attach_prepare, so the diagnostic says what the site does.
 *
 * Ownership: every struct buf passed in is the caller's, who frees it;
 * nothing here keeps a pointer after it returns. Safe to call from several
 * threads at once (no global state; the source's own operations are).
 */
#ifndef SVCGEN_ATTACH_H
#define SVCGEN_ATTACH_H

#include <stddef.h>

#include "load/source.h"
#include "base/util.h"

enum attach_how {
	ATTACH_AS_IS,   /* published as it is, under its own name */
	ATTACH_CLEANED, /* an SVG image, published cleaned, under its own name */
	ATTACH_AS_TEXT, /* published as it is, under its name with ".txt" added */
	ATTACH_NONE     /* not published: no name as text is free (see attach_prepare) */
};

/* The largest SVG image that is cleaned; a larger one is published as text. */
#define ATTACH_SVG_MAX ((size_t)4 << 20)

/*
 * What an attachment held that its published copy does not (the first of
 * them in the file, and how many more), or why it is published as text.
 */
struct attach_note {
	char what[112]; /* "<script>", "the attribute onload", ...; "" when nothing */
	unsigned line;  /* of the first, from 1; 0 when the note is not about a place */
	size_t more;    /* how many more parts were removed */
};

/*
 * How attachments/path is published by its name alone (the extension of
 * its last component, case ignored): ATTACH_AS_IS for the inert types,
 * ATTACH_CLEANED for ".svg" (whose content may still make it text, see
 * attach_prepare), ATTACH_AS_TEXT for anything else.
 */
enum attach_how attach_how_by_name(const char *path);

/*
 * Cleans the SVG image in[0..n) (any bytes): appends to out the image
 * written again with only the allowed elements and attributes, values and
 * text escaped anew, and returns 0; note says what was removed (what[0] is
 * 0 when nothing was). Returns -1, out as it was, when in cannot be checked:
 * it is not well-formed XML in UTF-8, has a DOCTYPE with an internal subset,
 * an entity other than XML's five or a character reference, a processing
 * instruction (the XML declaration aside), elements nested deeper than 256,
 * more than 256 attributes on one element, or a root element other than
 * <svg>; note says why. Time linear in n, memory O(n), no recursion.
 */
int attach_svg_clean(struct buf *out, const char *in, size_t n, struct attach_note *note);

/*
 * Decides how attachments/path, a regular file of src, is published: *how,
 * the published path under attachments/ in name (replacing what it held),
 * and, for ATTACH_CLEANED, the cleaned bytes in data (replaced). Only an
 * SVG is read (up to ATTACH_SVG_MAX bytes; a larger one is text). The name
 * as text is path + ".txt", or ".txt.txt" (up to four times) while that
 * names something in attachments/ already, and no longer than a file name
 * may be: ATTACH_NONE when none is free. note as for attach_svg_clean, or
 * why the file is text. Returns 0, or -1 when the SVG could not be read.
 */
int attach_prepare(struct source *src, const char *path, enum attach_how *how, struct buf *name,
                   struct buf *data, struct attach_note *note);

/*
 * The message of the rule attachment-active for attachments/path prepared
 * as above (without the path and rule id), appended to out: 1, or 0 with
 * nothing appended when the published copy is the file itself.
 */
int attach_message(struct buf *out, const char *path, enum attach_how how, const char *name,
                   const struct attach_note *note);

#endif
