/*
 * yaml_block.h - a fast reader for the plain block YAML that records are
 * written in: block mappings and sequences, one-line plain and quoted
 * scalars, one-line [flow, lists], comments.
 *
 * It gives the events libyaml would give for such a text, with the same
 * positions, or declines: anything else (an empty value, a multi-line
 * scalar, an escape, a tab, an anchor, a flow mapping, a syntax error...)
 * is left to libyaml, which reads every text the same way and explains
 * errors. Declining costs only the scan; nothing is reported.
 */
#ifndef SVCGEN_YAML_BLOCK_H
#define SVCGEN_YAML_BLOCK_H

#include <stddef.h>
#include <stdint.h>

enum yb_type { YB_MAP, YB_SEQ, YB_END, YB_SCALAR };

struct yb_event {
	uint8_t type;  /* enum yb_type */
	uint8_t plain; /* a scalar: plain, not quoted */
	uint32_t line; /* 0-based, as libyaml's marks */
	uint32_t col;  /* 0-based, in code points */
	uint32_t n;    /* a scalar's length */
	const char *s; /* a scalar's bytes, inside the text */
};

struct yb_events {
	struct yb_event *v;
	size_t n, cap;
};

/*
 * Reads text[0..len) (no byte order mark) into ev, reused across calls.
 * Returns 0 when the text is all of the form above, nested at most
 * max_depth collections deep; -1 to leave the text to libyaml.
 */
int yaml_block_scan(const char *text, size_t len, unsigned max_depth, struct yb_events *ev);
void yaml_block_free(struct yb_events *ev);

#endif
