/* pii.h - masking of personal data (docs/site.md: `138****5678`), the one place it is done. */
#ifndef SVCGEN_PII_H
#define SVCGEN_PII_H

#include <stddef.h>

#include "model/schema.h"
#include "base/util.h"

/*
 * Appends the masked form of s[0..n), a value of a PII field of type t:
 * phones keep the digits pii_phone_keep says (first 3 and last 4 from 11
 * digits on, fewer below), e-mails their first letter and domain, other
 * text its first code point (names) or first 6 (longer text such as
 * addresses).
 */
void pii_mask(struct buf *out, enum field_type t, const char *s, size_t n);

/*
 * The digits a masked phone number of n digits shows: its first *head and
 * last *tail; every other digit is hidden (docs/site.md, "Personal data").
 */
void pii_phone_keep(size_t n, size_t *head, size_t *tail);

#endif
