/*
 * record_page.h - a record's page, KIND/ID.html (docs/site.md): its
 * fields, its Markdown body, its attachments, the records that refer to
 * it (all of them on pages of their own when many), a customer's
 * satisfaction over time and the record's audit trail; kept from the old
 * site when what it is made from did not change.
 */
#ifndef SVCGEN_SITE_RECORD_PAGE_H
#define SVCGEN_SITE_RECORD_PAGE_H

#include "site/page.h"

/* Renders the page of rec (it has one: site_has_page), or keeps the old one. */
void site_record_page(struct site *s, const struct record *rec);

#endif
