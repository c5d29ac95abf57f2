/* diag.h - diagnostics: collected as data, sorted, then printed by report.c. */
#ifndef SVCGEN_DIAG_H
#define SVCGEN_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

enum severity { SEV_OFF, SEV_WARNING, SEV_ERROR };

enum rule {
#define RULE(name, id, sev, summary) RULE_##name,
#include "model/rules.def"
#undef RULE
	RULE__COUNT
};

struct rule_info {
	const char *id;
	enum severity severity; /* the default */
	const char *summary;
};

extern const struct rule_info rule_table[RULE__COUNT];

/* Returns the rule whose id is `id`, or -1. */
int rule_lookup(const char *id);
const char *severity_name(enum severity sev);

struct diag {
	const char *path;   /* as shown to the user */
	uint32_t line, col; /* 1-based; col counts code points */
	enum severity severity;
	enum rule rule;
	const char *message;
	const char *key; /* optional: record id and field, for matching across revisions */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	enum severity severity[RULE__COUNT]; /* in force, after config */
	struct arena arena;                  /* messages and paths */
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
/* Adds a diagnostic unless its rule is off; path and message are copied. */
void diag_add(struct diags *d, enum rule rule, const char *path, uint32_t line, uint32_t col,
              const char *fmt, ...) ATTR_PRINTF(6, 7);
/* Moves copies of src's diagnostics into dst. */
void diags_merge(struct diags *dst, const struct diags *src);
/* Adds copies of v[0..n) to dst. */
void diags_add_array(struct diags *dst, const struct diag *v, size_t n);
/* Sorts by path (byte order), line, column, rule id, message. */
void diags_sort(struct diags *d);
size_t diags_count(const struct diags *d, enum severity sev);

#endif
