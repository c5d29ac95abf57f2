/*
 * attachments.h - tickets' attachments on the site (docs/site.md,
 * "Attachments"): how each is published (attach.h: as it is, cleaned, as
 * text under another name, or not at all), decided before any page links
 * one, so that links and files agree; then the files themselves.
 */
#ifndef SVCGEN_SITE_ATTACHMENTS_H
#define SVCGEN_SITE_ATTACHMENTS_H

#include <stddef.h>

#include "render/markdown.h"
#include "site/page.h"

/* An attachment the site does not publish as it is (attach.h). */
struct site_attachment {
	const char *path; /* the `attachments` entry */
	char *name;       /* published as attachments/name; NULL: not published */
	int cleaned;      /* an SVG image, published cleaned by site_attachments_first */
};

/*
 * Before any page links an attachment: how each is published, into
 * s->attach; SVG images are cleaned and published here.
 */
void site_attachments_first(struct site *s);
/*
 * The name attachments/p is published under (p itself, or p with ".txt"
 * added), or NULL when it is not published; *cleaned (if given) set when
 * site_attachments_first published it already.
 */
const char *site_attachment_name(const struct site *s, const char *p, int *cleaned);
/* Markdown's attachment_suffix (markdown.h); arg is the struct site. */
const char *site_attachment_suffix(void *arg, const char *path, size_t len);
/*
 * How a record's Markdown body renders on its page (a live or a deleted
 * record's): under an h2, its links into attachments/ one folder up and
 * named as published, task items labelled in the site's language.
 */
void site_body_opts(struct site *s, struct markdown_opts *mo);
/* Every attachment that validation accepted, published once under its name on the site. */
void site_attachments_publish(struct site *s);
/* Frees s->attach. */
void site_attachments_free(struct site *s);

#endif
