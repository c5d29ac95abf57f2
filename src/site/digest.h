/*
 * digest.h - input digests (docs/site.md, "Publishing" and "Incremental
 * rebuilds"): the bytes of what a page is made from, hashed, so that a
 * page whose digest did not change is kept from the old site instead of
 * rendered again; the digests many pages share (struct site_inputs); and
 * the digest of everything the whole site is made from (site_input_digest,
 * declared in site.h).
 */
#ifndef SVCGEN_SITE_DIGEST_H
#define SVCGEN_SITE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "site/page.h"

/*
 * A page's input digest (docs/site.md, "Publishing"): site_dig_begin starts
 * it with the global digest and the name of the page (its path) or group of
 * files; what the page reads is added; then site_reuse either keeps the
 * files the old site made from the same digest (returns 1: nothing to
 * render) or returns 0, and what the thread publishes until the page or
 * piece is done carries the digest. A page that never calls site_reuse is
 * rendered every time.
 */
void site_dig_begin(struct site *s, const char *name);
void site_dig(struct site *s, const void *p, size_t n);
void site_dig_str(struct site *s, const char *str); /* NULL too */
void site_dig_u64(struct site *s, uint64_t v);
/* What site_item shows of rec (id, kind, title, date, status). */
void site_dig_item(struct site *s, const struct record *rec);
int site_reuse(struct site *s);
/*
 * For the pages of the whole department, which read the records' fields,
 * the diagnostics and the as-of date and nothing else: site_reuse of
 * site_inputs.fields and the page's path.
 */
int site_reuse_whole(struct site *s, const char *path);
/* What a record's references show: for each, whether a record has that id, of which kind. */
void site_dig_refs(struct site *s, const struct rec_info *in);

/* The digests many pages share, once site_prepare and site_attachments_first ran. */
void site_inputs_make(const struct site *s, struct site_inputs *in);

#endif
