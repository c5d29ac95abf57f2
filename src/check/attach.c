/*
 * attach.c - attachments made inert (attach.h): types by name, and SVG
 * images cleaned by an allow-list.
 *
 * The cleaner is a strict XML tokenizer in one pass over the input. It
 * never builds a tree: each start tag is written at once if its element is
 * allowed, with its allowed attributes; an element that is not allowed is
 * left out with everything inside it. Only a <style> element waits for its
 * end tag, to check its whole text, and is taken back out of the output if
 * that text could load or run anything.
 */
#include "check/attach.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"

#define S_SVG_NS "http://www.w3.org/2000/svg"
#define S_XLINK_NS "http://www.w3.org/1999/xlink"
#define S_MAX_DEPTH 256
#define S_MAX_ATTRS 256
#define S_NAME_MAX 255 /* bytes in one file name (Linux NAME_MAX) */

/* ---- Types by name ----------------------------------------------------- */

/* Types no browser runs script in: published as they are (docs/site.md). Byte order. */
static const char *const S_inert[] = {
    "7z",  "aac",  "avi",  "avif", "bmp",  "bz2",  "csv",  "doc",  "docx", "flac",
    "gif", "gz",   "heic", "jpeg", "jpg",  "json", "log",  "m4a",  "md",   "mov",
    "mp3", "mp4",  "odp",  "ods",  "odt",  "oga",  "ogg",  "ogv",  "pdf",  "png",
    "ppt", "pptx", "rar",  "rtf",  "tar",  "tgz",  "tif",  "tiff", "tsv",  "txt",
    "wav", "webm", "webp", "xls",  "xlsx", "xz",   "yaml", "yml",  "zip",  "zst"};

/* Types browsers render actively, named as such in the message. Byte order. */
static const char *const S_active[] = {"htm", "html", "js",  "mht",   "mhtml", "mjs", "shtml",
                                       "svg", "svgz", "xht", "xhtml", "xml",   "xsl", "xslt"};

static int
S_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Is tab[0..n) (sorted in byte order) holding s[0..len)? */
static int
S_in(const char *const *tab, size_t n, const char *s, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(tab[mid], s, len);

		if (c == 0)
			c = tab[mid][len] ? 1 : 0;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The extension of path's last component in lower case, in e (size 8); 0 when none or longer. */
static int
S_ext(const char *path, char e[8])
{
	const char *base = strrchr(path, '/'), *dot;
	size_t i, n;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || !dot[1] || (n = strlen(dot + 1)) >= 8)
		return 0;
	for (i = 0; i < n; i++)
		e[i] = (char)S_lower((unsigned char)dot[1 + i]);
	e[n] = '\0';
	return 1;
}

enum attach_how
attach_how_by_name(const char *path)
{
	char e[8];

	if (!S_ext(path, e))
		return ATTACH_AS_TEXT;
	if (!strcmp(e, "svg"))
		return ATTACH_CLEANED;
	return S_in(S_inert, ARRAY_LEN(S_inert), e, strlen(e)) ? ATTACH_AS_IS : ATTACH_AS_TEXT;
}

/* ---- The SVG allow-list ------------------------------------------------ */

/* Elements kept (with their allowed content). Byte order. */
/* clang-format off */
static const char *const S_elements[] = {
	"circle", "clipPath", "defs", "desc", "ellipse", "feBlend", "feColorMatrix",
	"feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
	"feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
	"feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
	"feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
	"feTurbulence", "filter", "g", "line", "linearGradient", "marker", "mask", "path",
	"pattern", "polygon", "polyline", "radialGradient", "rect", "stop", "style", "svg",
	"switch", "symbol", "text", "textPath", "title", "tspan", "use"};
/* clang-format on */

/* Attributes kept on any kept element (values checked, href only to '#'). Byte order. */
/* clang-format off */
static const char *const S_attributes[] = {
	"alignment-baseline", "amplitude", "azimuth", "baseFrequency", "baseline-shift", "bias",
	"class", "clip", "clip-path", "clip-rule", "clipPathUnits", "color",
	"color-interpolation", "color-interpolation-filters", "color-rendering", "cursor", "cx",
	"cy", "d", "diffuseConstant", "direction", "display", "divisor", "dominant-baseline",
	"dx", "dy", "edgeMode", "elevation", "exponent", "fill", "fill-opacity", "fill-rule",
	"filter", "filterUnits", "flood-color", "flood-opacity", "font", "font-family",
	"font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
	"font-weight", "fr", "fx", "fy", "gradientTransform", "gradientUnits", "height", "href",
	"id", "image-rendering", "in", "in2", "intercept", "isolation", "k1", "k2", "k3", "k4",
	"kernelMatrix", "kernelUnitLength", "lang", "lengthAdjust", "letter-spacing",
	"lighting-color", "limitingConeAngle", "marker", "marker-end", "marker-mid",
	"marker-start", "markerHeight", "markerUnits", "markerWidth", "mask", "mask-type",
	"maskContentUnits", "maskUnits", "media", "method", "mix-blend-mode", "mode",
	"numOctaves", "offset", "opacity", "operator", "order", "orient", "overflow",
	"paint-order", "pathLength", "patternContentUnits", "patternTransform", "patternUnits",
	"pointer-events", "points", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha",
	"preserveAspectRatio", "primitiveUnits", "r", "radius", "refX", "refY",
	"requiredExtensions", "requiredFeatures", "result", "rotate", "rx", "ry", "scale",
	"seed", "shape-rendering", "side", "slope", "spacing", "specularConstant",
	"specularExponent", "spreadMethod", "startOffset", "stdDeviation", "stitchTiles",
	"stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
	"stroke-width", "style", "surfaceScale", "systemLanguage", "tableValues", "targetX",
	"targetY", "text-anchor", "text-decoration", "text-rendering", "textLength", "transform",
	"transform-origin", "type", "unicode-bidi", "values", "vector-effect", "version",
	"viewBox", "visibility", "width", "word-spacing", "writing-mode", "x", "x1", "x2",
	"xChannelSelector", "xlink:href", "xml:lang", "xml:space", "xmlns", "xmlns:xlink", "y",
	"y1", "y2", "yChannelSelector", "z"};
/* clang-format on */

/*
 * Local names (compared ignoring case) of elements whose removal the note
 * reports even with a prefix: what runs script, loads or links elsewhere,
 * or animates. Other prefixed elements (an editor's own, such as
 * sodipodi:namedview) and <metadata> go without a word. Byte order.
 */
/* clang-format off */
static const char *const S_loud[] = {
	"a", "animate", "animatecolor", "animatemotion", "animatetransform", "base", "discard",
	"embed", "feimage", "foreignobject", "form", "frame", "frameset", "handler", "iframe",
	"image", "link", "listener", "meta", "object", "script", "set", "style", "use"};
/* clang-format on */

/* ---- The cleaner --------------------------------------------------------- */

struct S_attr {
	const char *name, *val;
	size_t nlen, vlen, pos;
};

struct S_frame {
	const char *name;
	size_t len, pos;
	size_t mark; /* out's length before the start tag */
	unsigned char keep, style;
};

struct S_svg {
	const char *in;
	size_t n, i;
	struct buf *out;
	struct attach_note *note;
	size_t note_pos; /* where the first part removed starts; SIZE_MAX: none yet */
	const char *why; /* why the image cannot be checked, NULL while it can */
	size_t why_pos;
	char why_text[sizeof(((struct attach_note *)0)->what)];
	struct buf val, css, tmp;
	struct S_frame stack[S_MAX_DEPTH];
	size_t depth;
	size_t skip;  /* depth of the element left out whose content is skipped; 0: none */
	size_t xlink; /* depth of the kept element that declared the xlink prefix; 0: none */
	int root, done, doctype;
	struct S_attr attr[S_MAX_ATTRS];
	size_t nattr;
	/* Duplicate attributes: an open-addressing table stamped per tag. */
	uint32_t stamp[2 * S_MAX_ATTRS], tag;
	uint16_t slot[2 * S_MAX_ATTRS];
};

/* The first k-byte lit (k of 2 or 3) in s[0..n), or NULL. */
static const char *
S_find(const char *s, size_t n, const char *lit, size_t k)
{
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= k &&
	       (p = memchr(p, lit[0], (size_t)(end - p) - k + 1)) != NULL) {
		if (!memcmp(p, lit, k))
			return p;
		p++;
	}
	return NULL;
}

/* A name from the input cut to 40 bytes for a message, never inside a UTF-8 sequence. */
static size_t
S_cut(const char *s, size_t len)
{
	if (len <= 40)
		return len;
	len = 40;
	while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

static int
S_fail(struct S_svg *c, size_t pos, const char *why)
{
	if (!c->why) {
		c->why = tr(why);
		c->why_pos = pos;
	}
	return -1;
}

/* As S_fail, with a name from the input in the reason ("%.*s" once in fmt). */
static int
S_fail_name(struct S_svg *c, size_t pos, const char *fmt, const char *name, size_t len)
{
	if (!c->why) {
		snprintf(c->why_text, sizeof(c->why_text), tr(fmt), (int)S_cut(name, len), name);
		c->why = c->why_text;
		c->why_pos = pos;
	}
	return -1;
}

/* Notes a part left out at pos: the first in the file is named, the others counted. */
static void
S_removed(struct S_svg *c, size_t pos, const char *fmt, const char *name, size_t len,
          const char *detail)
{
	if (c->note_pos != SIZE_MAX && pos >= c->note_pos) {
		c->note->more++;
		return;
	}
	if (c->note_pos != SIZE_MAX)
		c->note->more++;
	snprintf(c->note->what, sizeof(c->note->what), tr(fmt), (int)S_cut(name, len), name,
	         detail ? detail : "");
	c->note_pos = pos;
}

static int
S_ws(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\n' || b == '\r';
}

static int
S_name_start(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':' ||
	       b >= 0x80;
}

static int
S_name_char(unsigned char b)
{
	return S_name_start(b) || (b >= '0' && b <= '9') || b == '-' || b == '.';
}

/* Skips a name at c->i; its length (0: none). */
static size_t
S_name(struct S_svg *c)
{
	size_t s = c->i;

	if (c->i < c->n && S_name_start((unsigned char)c->in[c->i]))
		for (c->i++; c->i < c->n && S_name_char((unsigned char)c->in[c->i]); c->i++)
			;
	return c->i - s;
}

static int
S_skip_ws(struct S_svg *c)
{
	size_t s = c->i;

	while (c->i < c->n && S_ws((unsigned char)c->in[c->i]))
		c->i++;
	return c->i > s;
}

static int
S_starts(const struct S_svg *c, const char *s)
{
	size_t k = strlen(s);

	return c->n - c->i >= k && !memcmp(c->in + c->i, s, k);
}

/* Every byte is UTF-8 and an XML character (no C0 control but tab, LF, CR; no U+FFFE, U+FFFF). */
static int
S_chars(struct S_svg *c)
{
	const unsigned char *s = (const unsigned char *)c->in;
	size_t i = 0, k;

	while (i < c->n) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
				return S_fail(c, i, "a control character");
			i++;
			continue;
		}
		k = utf8_seq(s + i, c->n - i);
		if (k == 0)
			return S_fail(c, i, "bytes that are not UTF-8");
		if (k == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE)
			return S_fail(c, i, "the non-character U+FFFE or U+FFFF");
		i += k;
	}
	return 0;
}

static void
S_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 4);
	}
}

/*
 * The reference at in[at] ('&'), up to end: its character appended to b,
 * *next past its ';'. Only XML's five entities and character references.
 */
static int
S_ref(struct S_svg *c, size_t at, size_t end, struct buf *b, size_t *next)
{
	static const struct {
		const char *name;
		char ch;
	} five[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
	const char *s = c->in;
	size_t j = at + 1, k, start;
	uint32_t cp = 0;

	if (j < end && s[j] == '#') {
		int hex = ++j < end && s[j] == 'x';

		j += hex;
		start = j;
		while (j < end && s[j] == '0')
			j++;
		for (k = 0; j < end && k < 8; j++, k++) {
			int d = s[j] >= '0' && s[j] <= '9' ? s[j] - '0'
			        : hex && S_lower((unsigned char)s[j]) >= 'a' &&
			                S_lower((unsigned char)s[j]) <= 'f'
			            ? S_lower((unsigned char)s[j]) - 'a' + 10
			            : -1;
			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (j == start || j >= end || s[j] != ';')
			return S_fail(c, at, "a malformed character reference");
		if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
		      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)))
			return S_fail(c, at,
			              "a character reference to a character XML does not allow");
		S_utf8(b, cp);
		*next = j + 1;
		return 0;
	}
	start = j;
	while (j < end && S_name_char((unsigned char)s[j]))
		j++;
	if (j < end && s[j] == ';')
		for (k = 0; k < ARRAY_LEN(five); k++)
			if (strlen(five[k].name) == j - start &&
			    !memcmp(s + start, five[k].name, j - start)) {
				buf_addc(b, five[k].ch);
				*next = j + 1;
				return 0;
			}
	if (j == start || j >= end || s[j] != ';')
		return S_fail(c, at, "a '&' that starts no reference");
	return S_fail_name(c, at, "the entity &%.*s;", s + start, j - start);
}

/* An attribute's value, references replaced and white space normalised as XML does, into b. */
static int
S_value(struct S_svg *c, const struct S_attr *a, struct buf *b)
{
	size_t j = (size_t)(a->val - c->in), end = j + a->vlen, run;

	buf_reset(b);
	while (j < end) {
		for (run = j; run < end && c->in[run] != '&' && !S_ws((unsigned char)c->in[run]);
		     run++)
			;
		buf_add(b, c->in + j, run - j);
		j = run;
		if (j == end)
			break;
		if (c->in[j] == '&') {
			if (S_ref(c, j, end, b, &j) < 0)
				return -1;
			continue;
		}
		/* CR LF is one line end, and each becomes a space. */
		if (c->in[j] == '\r' && j + 1 < end && c->in[j + 1] == '\n')
			j++;
		buf_addc(b, ' ');
		j++;
	}
	return 0;
}

/* s[0..n) escaped for XML text, or for a double-quoted attribute value. */
static void
S_escape(struct buf *out, const char *s, size_t n, int attr)
{
	size_t i = 0, run;

	while (i < n) {
		for (run = i; run < n; run++) {
			char ch = s[run];

			if (ch == '&' || ch == '<' || ch == '>' || ch == '\r' ||
			    (attr && (ch == '"' || ch == '\t' || ch == '\n')))
				break;
		}
		buf_add(out, s + i, run - i);
		if (run == n)
			break;
		switch (s[run]) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		default:
			buf_addf(out, "&#%d;", s[run]);
			break;
		}
		i = run + 1;
	}
}

static int
S_css_ws(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
}

static int
S_hex(unsigned char b)
{
	return (b >= '0' && b <= '9') || (S_lower(b) >= 'a' && S_lower(b) <= 'f');
}

/*
 * Why the CSS s[0..n) (a <style>'s text or an attribute's value, which
 * browsers read as CSS) could load or run anything, or NULL. The text is
 * read with its escapes undone ("\75 rl(" is "url(") and ASCII letters in
 * lower case, so no spelling slips through; a url() must point inside the
 * image ('#').
 */
static const char *
S_css_unsafe(struct buf *tmp, const char *s, size_t n)
{
	static const char *const bad[] = {"@import",    "javascript:",  "expression(",
	                                  "image-set(", "image(",       "src(",
	                                  "attr(",      "-moz-binding", "behavior:"};
	size_t i = 0, k, j;
	const char *t;

	buf_reset(tmp);
	while (i < n) {
		unsigned char ch = (unsigned char)s[i++];

		if (ch == '\\' && i < n) {
			if (S_hex((unsigned char)s[i])) {
				uint32_t cp = 0;

				for (k = 0; k < 6 && i < n && S_hex((unsigned char)s[i]); k++, i++)
					cp = cp * 16 +
					     (uint32_t)(s[i] <= '9' ? s[i] - '0'
					                            : S_lower((unsigned char)s[i]) -
					                                  'a' + 10);
				if (i < n && S_css_ws((unsigned char)s[i]))
					i++;
				ch = cp > 0 && cp < 0x80 ? (unsigned char)cp : 0x80;
			} else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
				i++;
				continue;
			} else {
				ch = (unsigned char)s[i++];
			}
		}
		buf_addc(tmp, (char)S_lower(ch));
	}
	t = buf_str(tmp);
	for (j = 0; j < tmp->len; j++) {
		if (tmp->len - j >= 4 && !memcmp(t + j, "url(", 4)) {
			for (k = j + 4; k < tmp->len && S_css_ws((unsigned char)t[k]); k++)
				;
			if (k < tmp->len && (t[k] == '"' || t[k] == '\''))
				k++;
			if (k >= tmp->len || t[k] != '#')
				return tr("url() to elsewhere");
		}
		for (k = 0; k < ARRAY_LEN(bad); k++)
			if (t[j] == bad[k][0] && tmp->len - j >= strlen(bad[k]) &&
			    !memcmp(t + j, bad[k], strlen(bad[k])))
				return bad[k];
	}
	return NULL;
}

/* The name's part after its prefix. */
static const char *
S_local(const char *name, size_t len, size_t *llen)
{
	const char *colon = memchr(name, ':', len);

	*llen = colon ? len - (size_t)(colon + 1 - name) : len;
	return colon ? colon + 1 : name;
}

static int
S_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && !memcmp(s, lit, len);
}

/* Is the attribute a duplicate of one before it in this tag? */
static int
S_dup(struct S_svg *c, const struct S_attr *a)
{
	uint64_t h = hash_bytes(a->name, a->nlen);
	size_t k = (size_t)h % ARRAY_LEN(c->slot);

	while (c->stamp[k] == c->tag) {
		const struct S_attr *b = &c->attr[c->slot[k]];

		if (b->nlen == a->nlen && !memcmp(b->name, a->name, a->nlen))
			return 1;
		k = (k + 1) % ARRAY_LEN(c->slot);
	}
	c->stamp[k] = c->tag;
	c->slot[k] = (uint16_t)c->nattr;
	return 0;
}

/*
 * Writes the start tag of a kept element with its allowed attributes;
 * *xlink set when it declares the xlink prefix. -1 when a namespace makes
 * the image one that cannot be checked.
 */
static int
S_write_start(struct S_svg *c, const char *name, size_t nl, int empty, int *xlink)
{
	size_t k, ll;
	const char *local;

	*xlink = 0;
	for (k = 0; k < c->nattr; k++) {
		const struct S_attr *a = &c->attr[k];
		int def = S_eq(a->name, a->nlen, "xmlns"),
		    xl = S_eq(a->name, a->nlen, "xmlns:xlink");

		if (!def && !xl)
			continue;
		if (S_value(c, a, &c->val) < 0)
			return -1;
		if (def && strcmp(buf_str(&c->val), S_SVG_NS))
			return S_fail(c, a->pos, "a namespace other than SVG's");
		if (xl && strcmp(buf_str(&c->val), S_XLINK_NS))
			return S_fail(c, a->pos, "the prefix xlink bound to another namespace");
		*xlink |= xl;
	}
	buf_addc(c->out, '<');
	buf_add(c->out, name, nl);
	for (k = 0; k < c->nattr; k++) {
		const struct S_attr *a = &c->attr[k];
		const char *why;

		if (S_value(c, a, &c->val) < 0)
			return -1;
		local = S_local(a->name, a->nlen, &ll);
		if (ll >= 2 && S_lower((unsigned char)local[0]) == 'o' &&
		    S_lower((unsigned char)local[1]) == 'n') {
			S_removed(c, a->pos, "the attribute %.*s%s", a->name, a->nlen, NULL);
			continue;
		}
		if (ll == 4 && !strncmp(local, "href", 4) && buf_str(&c->val)[0] != '#') {
			S_removed(c, a->pos, "a link elsewhere (%.*s)%s", a->name, a->nlen, NULL);
			continue;
		}
		if (!S_in(S_attributes, ARRAY_LEN(S_attributes), a->name, a->nlen))
			continue;
		if (S_eq(a->name, a->nlen, "xlink:href") && !*xlink && !c->xlink)
			return S_fail(c, a->pos, "the prefix xlink used but not declared");
		if ((why = S_css_unsafe(&c->tmp, buf_str(&c->val), c->val.len)) != NULL) {
			S_removed(c, a->pos, "the attribute %.*s with %s", a->name, a->nlen, why);
			continue;
		}
		buf_addc(c->out, ' ');
		buf_add(c->out, a->name, a->nlen);
		buf_adds(c->out, "=\"");
		S_escape(c->out, buf_str(&c->val), c->val.len, 1);
		buf_addc(c->out, '"');
	}
	buf_adds(c->out, empty ? "/>" : ">");
	return 0;
}

/*
 * Reads one attribute of the start tag that began at s into c->attr, its
 * value checked: 1; the tag's end ('>', or "/>" with *empty set): 0; a
 * failure (S_fail): -1.
 */
static int
S_attribute(struct S_svg *c, size_t s, int *empty)
{
	struct S_attr a;
	int ws = S_skip_ws(c);
	const char *end;
	char q;

	if (c->i >= c->n)
		return S_fail(c, s, "a tag that never ends");
	if (c->in[c->i] == '>') {
		c->i++;
		return 0;
	}
	if (c->in[c->i] == '/' && c->i + 1 < c->n && c->in[c->i + 1] == '>') {
		c->i += 2;
		*empty = 1;
		return 0;
	}
	a.pos = c->i;
	a.name = c->in + c->i;
	if (!ws || !(a.nlen = S_name(c)))
		return S_fail(c, a.pos, "a malformed attribute");
	S_skip_ws(c);
	if (c->i >= c->n || c->in[c->i] != '=')
		return S_fail(c, a.pos, "an attribute without a value");
	c->i++;
	S_skip_ws(c);
	q = c->i < c->n ? c->in[c->i] : 0;
	if (q != '"' && q != '\'')
		return S_fail(c, a.pos, "an attribute value without quotes");
	a.val = c->in + c->i + 1;
	end = memchr(a.val, q, c->n - c->i - 1);
	if (!end)
		return S_fail(c, a.pos, "an attribute value that never ends");
	a.vlen = (size_t)(end - a.val);
	c->i = (size_t)(end + 1 - c->in);
	if (memchr(a.val, '<', a.vlen))
		return S_fail(c, a.pos, "a '<' in an attribute value");
	if (c->nattr == S_MAX_ATTRS)
		return S_fail(c, s, "more than 256 attributes on one element");
	if (S_dup(c, &a))
		return S_fail(c, a.pos, "an attribute given twice");
	/* Every value is checked, also those of elements left out. */
	if (S_value(c, &a, &c->val) < 0)
		return -1;
	c->attr[c->nattr++] = a;
	return 1;
}

static int
S_start_tag(struct S_svg *c)
{
	size_t s = c->i, nl, ll;
	const char *name, *local;
	struct S_frame *top = c->depth ? &c->stack[c->depth - 1] : NULL;
	int empty = 0, keep, xlink = 0, rc;
	size_t mark = c->out->len;

	c->i++;
	name = c->in + c->i;
	if (!(nl = S_name(c)))
		return S_fail(c, s, "a '<' that starts no tag");
	c->nattr = 0;
	c->tag++;
	while ((rc = S_attribute(c, s, &empty)) > 0)
		;
	if (rc < 0)
		return -1;
	if (c->depth == S_MAX_DEPTH)
		return S_fail(c, s, "elements nested deeper than 256");
	if (c->depth == 0) {
		if (c->done)
			return S_fail(c, s, "a second root element");
		if (!S_eq(name, nl, "svg"))
			return S_fail_name(c, s, "the root element <%.*s>, not <svg>", name, nl);
		c->root = 1;
	}
	keep =
	    !c->skip && S_in(S_elements, ARRAY_LEN(S_elements), name, nl) && !(top && top->style);
	if (!c->skip && !keep) {
		/* Said in the note: an element without a prefix, or one that runs or loads. */
		char l[24];
		size_t k;

		local = S_local(name, nl, &ll);
		for (k = 0; k < ll && k < sizeof(l); k++)
			l[k] = (char)S_lower((unsigned char)local[k]);
		if (ll == nl ? !S_eq(name, nl, "metadata")
		             : ll < sizeof(l) && S_in(S_loud, ARRAY_LEN(S_loud), l, ll))
			S_removed(c, s, "<%.*s>%s", name, nl, NULL);
	}
	if (keep && S_write_start(c, name, nl, empty, &xlink) < 0)
		return -1;
	if (empty) {
		c->done = c->depth == 0;
		return 0;
	}
	c->stack[c->depth] = (struct S_frame){name,
	                                      nl,
	                                      s,
	                                      mark,
	                                      (unsigned char)keep,
	                                      (unsigned char)(keep && S_eq(name, nl, "style"))};
	c->depth++;
	if (!keep && !c->skip)
		c->skip = c->depth;
	if (xlink && !c->xlink)
		c->xlink = c->depth;
	if (keep && c->stack[c->depth - 1].style)
		buf_reset(&c->css);
	return 0;
}

static int
S_end_tag(struct S_svg *c)
{
	size_t s = c->i, nl;
	const char *name;
	struct S_frame *f;
	const char *why;

	c->i += 2;
	name = c->in + c->i;
	nl = S_name(c);
	S_skip_ws(c);
	if (!nl || c->i >= c->n || c->in[c->i] != '>')
		return S_fail(c, s, "a malformed end tag");
	c->i++;
	if (c->depth == 0)
		return S_fail_name(c, s, "the end tag </%.*s> of no element", name, nl);
	f = &c->stack[c->depth - 1];
	if (f->len != nl || memcmp(f->name, name, nl))
		return S_fail_name(c, s, "the end tag </%.*s> closing another element", name, nl);
	if (f->keep && f->style &&
	    (why = S_css_unsafe(&c->tmp, buf_str(&c->css), c->css.len)) != NULL) {
		/* The whole <style> is taken back out. */
		c->out->len = f->mark;
		c->out->buf[c->out->len] = '\0';
		S_removed(c, f->pos, "<%.*s> with %s", f->name, f->len, why);
	} else if (f->keep) {
		buf_adds(c->out, "</");
		buf_add(c->out, name, nl);
		buf_addc(c->out, '>');
	}
	if (c->xlink == c->depth)
		c->xlink = 0;
	if (c->skip == c->depth)
		c->skip = 0;
	c->depth--;
	c->done = c->depth == 0;
	return 0;
}

/* Text (or a CDATA section's, cdata) from c->i up to end, its references replaced. */
static int
S_text(struct S_svg *c, size_t end, int cdata)
{
	size_t s = c->i, j = c->i, run;
	struct buf *b = &c->val;

	buf_reset(b);
	while (j < end) {
		for (run = j; run < end && c->in[run] != '\r' && (cdata || c->in[run] != '&');
		     run++)
			;
		buf_add(b, c->in + j, run - j);
		j = run;
		if (j == end)
			break;
		if (c->in[j] == '&') {
			if (S_ref(c, j, end, b, &j) < 0)
				return -1;
			continue;
		}
		/* CR LF and a lone CR are one line end, LF. */
		buf_addc(b, '\n');
		j += j + 1 < end && c->in[j + 1] == '\n' ? 2 : 1;
	}
	if (!cdata && S_find(c->in + s, end - s, "]]>", 3))
		return S_fail(c, s, "']]>' in text");
	if (c->depth == 0) {
		/* Only white space, as written (no reference), outside the root. */
		for (j = s; j < end; j++)
			if (!S_ws((unsigned char)c->in[j]))
				return S_fail(c, j, "text outside the root element");
		buf_add(c->out, buf_str(b), b->len);
	} else if (!c->skip) {
		S_escape(c->out, buf_str(b), b->len, 0);
		if (c->stack[c->depth - 1].style)
			buf_add(&c->css, buf_str(b), b->len);
	}
	return 0;
}

/* The XML declaration at c->i: version 1.0, UTF-8 if it names an encoding. */
static int
S_xml_decl(struct S_svg *c)
{
	size_t s = c->i;
	int seen = 0;

	c->i += 5;
	for (;;) {
		int ws = S_skip_ws(c);
		size_t np = c->i, nl, vl;
		const char *v, *end;
		char q;

		if (S_starts(c, "?>")) {
			c->i += 2;
			break;
		}
		if (!ws || !(nl = S_name(c)))
			return S_fail(c, s, "a malformed XML declaration");
		S_skip_ws(c);
		if (c->i >= c->n || c->in[c->i] != '=')
			return S_fail(c, s, "a malformed XML declaration");
		c->i++;
		S_skip_ws(c);
		q = c->i < c->n ? c->in[c->i] : 0;
		if ((q != '"' && q != '\'') ||
		    !(end = memchr(c->in + c->i + 1, q, c->n - c->i - 1)))
			return S_fail(c, s, "a malformed XML declaration");
		v = c->in + c->i + 1;
		vl = (size_t)(end - v);
		c->i = (size_t)(end + 1 - c->in);
		if (seen == 0 && S_eq(c->in + np, nl, "version") && S_eq(v, vl, "1.0"))
			seen = 1;
		else if (seen == 1 && S_eq(c->in + np, nl, "encoding") && vl == 5 &&
		         S_lower((unsigned char)v[0]) == 'u' &&
		         S_lower((unsigned char)v[1]) == 't' &&
		         S_lower((unsigned char)v[2]) == 'f' && !memcmp(v + 3, "-8", 2))
			seen = 2;
		else if (seen >= 1 && seen < 3 && S_eq(c->in + np, nl, "standalone") &&
		         (S_eq(v, vl, "yes") || S_eq(v, vl, "no")))
			seen = 3;
		else
			return S_fail(c, s, "an XML declaration other than version 1.0 in UTF-8");
	}
	if (!seen)
		return S_fail(c, s, "a malformed XML declaration");
	buf_adds(c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	return 0;
}

/* A DOCTYPE without an internal subset (not written out). */
static int
S_doctype(struct S_svg *c)
{
	size_t s = c->i;

	if (c->root || c->doctype)
		return S_fail(c, s, "a DOCTYPE out of place");
	c->doctype = 1;
	c->i += 9;
	if (!S_skip_ws(c) || !S_name(c))
		return S_fail(c, s, "a malformed DOCTYPE");
	for (;;) {
		const char *end;

		S_skip_ws(c);
		if (c->i >= c->n)
			return S_fail(c, s, "a DOCTYPE that never ends");
		if (c->in[c->i] == '>') {
			c->i++;
			return 0;
		}
		if (c->in[c->i] == '[')
			return S_fail(c, s, "a DOCTYPE with an internal subset");
		if (c->in[c->i] == '"' || c->in[c->i] == '\'') {
			end = memchr(c->in + c->i + 1, c->in[c->i], c->n - c->i - 1);
			if (!end)
				return S_fail(c, s, "a DOCTYPE that never ends");
			c->i = (size_t)(end + 1 - c->in);
		} else if (!S_name(c)) {
			return S_fail(c, s, "a malformed DOCTYPE");
		}
	}
}

static int
S_markup(struct S_svg *c)
{
	const char *end;

	if (S_starts(c, "<!--")) {
		end = S_find(c->in + c->i + 4, c->n - c->i - 4, "--", 2);
		if (!end || end + 2 >= c->in + c->n || end[2] != '>')
			return S_fail(c, c->i,
			              end ? N_("'--' inside a comment")
			                  : N_("a comment that never ends"));
		c->i = (size_t)(end + 3 - c->in);
		return 0;
	}
	if (S_starts(c, "<![CDATA[")) {
		size_t s = c->i + 9;

		if (c->depth == 0)
			return S_fail(c, c->i, "a CDATA section outside the root element");
		end = S_find(c->in + s, c->n - s, "]]>", 3);
		if (!end)
			return S_fail(c, c->i, "a CDATA section that never ends");
		c->i = s;
		if (S_text(c, (size_t)(end - c->in), 1) < 0)
			return -1;
		c->i = (size_t)(end + 3 - c->in);
		return 0;
	}
	if (S_starts(c, "<!DOCTYPE"))
		return S_doctype(c);
	if (S_starts(c, "<!"))
		return S_fail(c, c->i, "a malformed declaration");
	if (S_starts(c, "<?"))
		return S_fail(c, c->i, "a processing instruction");
	if (S_starts(c, "</"))
		return S_end_tag(c);
	return S_start_tag(c);
}

static unsigned
S_line(const char *s, size_t pos)
{
	unsigned line = 1;
	const char *p = s, *end = s + pos;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

int
attach_svg_clean(struct buf *out, const char *in, size_t n, struct attach_note *note)
{
	struct S_svg *c = xcalloc(1, sizeof(*c));
	size_t start = out->len;
	int rc = 0;

	memset(note, 0, sizeof(*note));
	c->in = in;
	c->n = n;
	c->out = out;
	c->note = note;
	c->note_pos = SIZE_MAX;
	if (S_chars(c) < 0)
		rc = -1;
	if (rc == 0 && S_starts(c, "\xEF\xBB\xBF"))
		c->i += 3;
	if (rc == 0 && S_starts(c, "<?xml") && c->i + 5 < n && S_ws((unsigned char)in[c->i + 5]))
		rc = S_xml_decl(c);
	while (rc == 0 && c->i < n) {
		if (in[c->i] == '<') {
			rc = S_markup(c);
		} else {
			const char *lt = memchr(in + c->i, '<', n - c->i);

			rc = S_text(c, lt ? (size_t)(lt - in) : n, 0);
			c->i = lt ? (size_t)(lt - in) : n;
		}
	}
	if (rc == 0 && !c->done)
		rc = S_fail(c, n,
		            c->depth ? N_("an element that is never closed")
		                     : N_("no <svg> element"));
	if (rc < 0) {
		memset(note, 0, sizeof(*note));
		snprintf(note->what, sizeof(note->what), "%s",
		         c->why ? c->why : tr("malformed XML"));
		note->line = S_line(in, c->why_pos < n ? c->why_pos : n);
		buf_setlen(out, start);
	} else if (c->note_pos != SIZE_MAX) {
		note->line = S_line(in, c->note_pos);
	}
	buf_free(&c->val);
	buf_free(&c->css);
	buf_free(&c->tmp);
	free(c);
	return rc;
}

/* ---- Publishing -------------------------------------------------------- */

/* path + ".txt" (up to four times) naming nothing in attachments/, within NAME_MAX. */
static int
S_text_name(struct source *src, const char *path, struct buf *name)
{
	const char *base = strrchr(path, '/');
	size_t blen = strlen(base ? base + 1 : path);
	struct buf p = BUF_INIT;
	enum entry_type t;
	int k, rc = -1;

	buf_reset(name);
	buf_adds(name, path);
	for (k = 1; k <= 4 && blen + 4 * (size_t)k <= S_NAME_MAX; k++) {
		buf_adds(name, ".txt");
		buf_reset(&p);
		buf_addf(&p, "attachments/%s", name->buf);
		if (src->ops->stat(src, p.buf, &t) < 0) {
			rc = 0;
			break;
		}
	}
	buf_free(&p);
	return rc;
}

int
attach_prepare(struct source *src, const char *path, enum attach_how *how, struct buf *name,
               struct buf *data, struct attach_note *note)
{
	struct buf file = BUF_INIT, clean = BUF_INIT, swap;
	int too_large = 0, rc = 0;

	memset(note, 0, sizeof(*note));
	buf_reset(name);
	buf_adds(name, path);
	*how = attach_how_by_name(path);
	if (*how == ATTACH_CLEANED) {
		buf_addf(&file, "attachments/%s", path);
		if (src->ops->read(src, file.buf, ATTACH_SVG_MAX, data, &too_large) < 0) {
			rc = too_large ? 0 : -1;
			snprintf(note->what, sizeof(note->what), tr("larger than %u MiB"),
			         (unsigned)(ATTACH_SVG_MAX >> 20));
			*how = too_large ? ATTACH_AS_TEXT : ATTACH_NONE;
		} else if (attach_svg_clean(&clean, buf_str(data), data->len, note) == 0) {
			swap = *data;
			*data = clean;
			clean = swap;
		} else {
			*how = ATTACH_AS_TEXT;
		}
		if (*how != ATTACH_CLEANED)
			buf_reset(data);
	}
	if (rc == 0 && *how == ATTACH_AS_TEXT && S_text_name(src, path, name) < 0)
		*how = ATTACH_NONE;
	buf_free(&file);
	buf_free(&clean);
	return rc;
}

int
attach_message(struct buf *out, const char *path, enum attach_how how, const char *name,
               const struct attach_note *note)
{
	char e[8];
	int has_ext = S_ext(path, e);

	if (how == ATTACH_AS_IS || (how == ATTACH_CLEANED && !note->what[0]))
		return 0;
	if (how == ATTACH_CLEANED) {
		if (note->more == 1)
			buf_addf(out,
			         tr("attachment '%.80s' holds %s at line %u and 1 more part not "
			            "allowed in an SVG image; published with them removed"),
			         path, note->what, note->line);
		else if (note->more)
			buf_addf(out,
			         tr("attachment '%.80s' holds %s at line %u and %zu more parts not "
			            "allowed in an SVG image; published with them removed"),
			         path, note->what, note->line, note->more);
		else
			buf_addf(
			    out,
			    tr("attachment '%.80s' holds %s at line %u; published with it removed"),
			    path, note->what, note->line);
		return 1;
	}
	if (has_ext && !strcmp(e, "svg") && note->line)
		buf_addf(out,
		         tr("attachment '%.80s' cannot be checked as an SVG image (%s at line %u)"),
		         path, note->what, note->line);
	else if (has_ext && !strcmp(e, "svg"))
		buf_addf(out, tr("attachment '%.80s' cannot be checked as an SVG image (%s)"), path,
		         note->what);
	else if (has_ext && S_in(S_active, ARRAY_LEN(S_active), e, strlen(e)))
		buf_addf(out, tr("attachment '%.80s' is of a type browsers run script in (.%s)"),
		         path, e);
	else if (has_ext)
		buf_addf(out, tr("attachment '%.80s' is not of a type known to be inert (.%s)"),
		         path, e);
	else
		buf_addf(out, tr("attachment '%.80s' is not of a type known to be inert"), path);
	if (how == ATTACH_AS_TEXT)
		buf_addf(out, tr("; published as '%s', as text"), name);
	else
		buf_adds(out, tr("; not published: as text, its name would be taken or too long"));
	return 1;
}
