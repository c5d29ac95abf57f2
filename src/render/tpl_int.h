/*
 * tpl_int.h - a compiled template as the compiler (compile.c) makes it and
 * the renderer (template.c) walks it; internal to src/render.
 */
#ifndef SVCGEN_TPL_INT_H
#define SVCGEN_TPL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct tpl_error;

enum op {
	OP_TEXT,     /* s[0..n) */
	OP_VAR,      /* name parts; escape */
	OP_SECTION,  /* name parts; body up to end */
	OP_INVERTED, /* name parts; body up to end */
	OP_PARTIAL,  /* s[0..n) names it; ind: its indentation when standalone */
	OP_PARENT,   /* s[0..n) names it; ind as partial; body: its block arguments */
	OP_BLOCK     /* s[0..n) names it; ind: its indentation when standalone; body: default */
};

struct ins {
	uint8_t op;
	uint8_t bol;            /* a line of the source starts here */
	uint8_t standalone;     /* partial, parent, block: its tag stood on a line of its own */
	uint8_t escape;         /* var: through html_escape */
	uint32_t end;           /* one past the last instruction of the body (i + 1 for leaves) */
	uint32_t line, col;     /* of the tag or text */
	uint32_t part0, nparts; /* var, sections: the name, split at dots; none for "." */
	const char *s;
	size_t n;
	const char *ind;
	size_t ind_n;
};

struct part {
	const char *s;
	uint32_t n, hash;
};

struct tpl {
	char *name;
	char *src; /* our copy of the text: instructions point into it */
	size_t src_n;
	struct ins *ins;
	size_t n, cap;
	struct part *parts;
	size_t nparts, parts_cap;
};

/* Fills err (when not NULL) with where and what went wrong. */
void tpl_set_error(struct tpl_error *err, const char *name, unsigned line, unsigned col,
                   const char *fmt, ...) ATTR_PRINTF(5, 6);

#endif
