/*
 * audit.h - what the history means for auditors (docs/history.md): the field-level
 * difference of each change to a record, and the audit findings
 * (post-closure edits, ids reused after deletion, standards edited while
 * effective without a version change).
 */
#ifndef SVCGEN_AUDIT_H
#define SVCGEN_AUDIT_H

#include <stddef.h>

#include "model/diag.h"
#include "history/history.h"
#include "load/load.h"
#include "model/node.h"

/* One field that changed: `parts[1].qty: 2 → 3`. NULL: absent on that side. */
struct field_change {
	const char *field;
	const char *old, *new;
};

struct record_diff {
	struct field_change *v;
	size_t n, cap;
	size_t body_added, body_removed; /* lines */
	int unreadable;                  /* a side is not a readable record: fields unknown */
};

/* One side of a change, parsed. */
struct record_version {
	const struct node *root; /* NULL when absent or unreadable */
	const char *body;        /* .md body, else NULL */
	size_t body_len;
	int present, readable;
};

/*
 * Reads the blob oid (of a file named path; zero oid: absent) into v, with
 * nodes and text in a; a blob over max bytes is not read (unreadable).
 * Returns -1 with the failure recorded (base/error.h) when the object
 * cannot be read.
 */
int audit_read_version(git_repository *repo, const git_oid *oid, const char *path, size_t max,
                       struct arena *a, struct record_version *v);

/*
 * The difference of one event of a record of kind, values of personal data
 * masked unless show_pii; strings in a.
 */
void audit_diff(const struct record_version *old, const struct record_version *new, int kind,
                int show_pii, struct arena *a, struct record_diff *out);
void audit_diff_free(struct record_diff *d);

/* A finding: the rule, the trail (index in history.trails) and its event. */
struct finding {
	enum rule rule;
	size_t trail, event;
};

/*
 * Whether a change d of a record of kind is a reopening: a ticket or
 * complaint moved from `closed` back to another status, changing nothing
 * else but the fields its closing gave it (closed, resolved, acceptance;
 * a complaint's resolution, resolved, confirmation) and not its body.
 * Not an edit after closure (docs/rules/post-closure-edit.md).
 */
int audit_is_reopening(const struct record_diff *d, int kind);

struct findings {
	struct finding *v;
	size_t n, cap;
};

/*
 * Every finding in the history, in trail order then event order, read on
 * every core (each thread opens the repository at gitdir); versions over max
 * bytes are not read. -1 with the failure recorded when an object cannot
 * be read.
 */
int audit_findings(const char *gitdir, const struct history *h, size_t max, struct findings *out);
void audit_findings_free(struct findings *f);

/*
 * Adds a diagnostic for each finding whose record is in r (pointing at its
 * id), with the commit that made it.
 */
void audit_report(const struct history *h, const struct findings *f, const struct records *r,
                  struct diags *d);

/* "abc1234": the first 7 hex digits of oid, in out[8]. */
void audit_short_hash(const git_oid *oid, char out[8]);

#endif
