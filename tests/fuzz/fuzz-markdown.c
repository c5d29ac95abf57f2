/*
 * fuzz-markdown.c - a libFuzzer target for the Markdown wrapper: any bytes,
 * rendered with options picked from the input's length, must give HTML
 * that markdown_html_ok() accepts, and the same HTML twice. A failure
 * aborts, so libFuzzer (or the replay driver, tests/fuzz/replay.c, under
 * the sanitizers) reports it. tests/markdown-test.c uses the checker too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/markdown.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int markdown_html_ok(const char *html, size_t n, const char **why);

/* The elements and attributes cmark-gfm's HTML renderer writes for us. */
static const char *const S_tags[] = {
    "a",      "blockquote", "br",    "code", "del", "em",    "h1", "h2", "h3",
    "h4",     "h5",         "h6",    "hr",   "img", "li",    "ol", "p",  "pre",
    "strong", "table",      "tbody", "td",   "th",  "thead", "tr", "ul", "input",
};
static const char *const S_void[] = {"br", "hr", "img", "input"};
static const char *const S_attrs[] = {"href",  "src",  "alt",      "title",   "class",
                                      "style", "type", "disabled", "checked", "start"};
#define S_OMITTED "<!-- raw HTML omitted -->"
#define S_MAX_DEPTH 100

static int
S_in(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 1;
	return 0;
}

/* A URL's scheme, lower-cased, when it has one; "" otherwise. */
static void
S_scheme(const char *v, size_t n, char *out, size_t cap)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && v[i] != ':'; i++)
		if (v[i] == '/' || v[i] == '?' || v[i] == '#')
			return;
	if (i == n || i >= cap)
		return;
	for (n = 0; n < i; n++)
		out[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] + 32 : v[n]);
	out[i] = '\0';
}

/* Entities: &name; &#123; &#x1F; */
static int
S_entity_ok(const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '#') {
		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X'))
			i++;
	}
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	                 (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i > 1 && i < n && s[i] == ';';
}

/*
 * The contract of markdown_render's output: valid UTF-8 without controls
 * (but tab, newline, CR, form feed) or non-characters; only the elements
 * and attributes above, properly nested, at most S_MAX_DEPTH deep; quoted
 * attribute values; every '&' an entity; link URLs relative or http(s),
 * ftp, mailto, tel; image URLs relative. 1 when so, else 0 and *why.
 */
int
markdown_html_ok(const char *html, size_t n, const char **why)
{
	const unsigned char *u = (const unsigned char *)html;
	size_t stack[S_MAX_DEPTH], depth = 0, i = 0, j, k, name, name_len, v, vlen;
	char scheme[16];
	int is_img;

	while (i < n) {
		if (u[i] == '&') {
			if (!S_entity_ok(html + i, n - i))
				return *why = "a bare '&'", 0;
			i++;
			continue;
		}
		if (u[i] == '>')
			return *why = "a bare '>'", 0;
		if (u[i] >= 0x80) {
			k = utf8_seq(u + i, n - i);
			if (!k)
				return *why = "invalid UTF-8", 0;
			if (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0)
				return *why = "a C1 control", 0;
			if (k == 3 && u[i] == 0xEF && u[i + 1] == 0xB7 && u[i + 2] >= 0x90 &&
			    u[i + 2] <= 0xAF)
				return *why = "a non-character", 0;
			/* U+FFFE, U+FFFF and their like in every plane */
			if (u[i + k - 2] == 0xBF &&
			    (u[i + k - 1] == 0xBE || u[i + k - 1] == 0xBF) &&
			    (k == 4 ? (u[i + 1] & 0x0F) == 0x0F : k == 3 && u[i] == 0xEF))
				return *why = "a non-character", 0;
			i += k;
			continue;
		}
		if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' && u[i] != '\f') ||
		    u[i] == 0x7F)
			return *why = "a control character", 0;
		if (u[i] != '<') {
			i++;
			continue;
		}
		if (!strncmp(html + i, "<!--", 4)) {
			if (n - i < strlen(S_OMITTED) ||
			    strncmp(html + i, S_OMITTED, strlen(S_OMITTED)))
				return *why = "a comment that is not cmark's", 0;
			i += strlen(S_OMITTED);
			continue;
		}
		if (i + 1 < n && html[i + 1] == '/') {
			for (j = i + 2; j < n && html[j] != '>'; j++)
				;
			if (j == n || !depth)
				return *why = "a stray end tag", 0;
			depth--;
			name = stack[depth];
			for (k = 0; html[name + k] != ' ' && html[name + k] != '>'; k++)
				;
			if (j - i - 2 != k || memcmp(html + i + 2, html + name, k))
				return *why = "an end tag that does not match", 0;
			i = j + 1;
			continue;
		}
		name = i + 1;
		for (j = name; j < n && html[j] >= 'a' && html[j] <= 'z'; j++)
			;
		if (j < n && html[j] >= '1' && html[j] <= '6')
			j++;
		name_len = j - name;
		if (!S_in(S_tags, ARRAY_LEN(S_tags), html + name, name_len))
			return *why = "an element not on the list", 0;
		is_img = name_len == 3 && !memcmp(html + name, "img", 3);
		/* Attributes: ( name="value")* then ">" or " />" */
		while (j < n && html[j] == ' ' && j + 1 < n && html[j + 1] != '/') {
			k = ++j;
			while (j < n && html[j] >= 'a' && html[j] <= 'z')
				j++;
			if (!S_in(S_attrs, ARRAY_LEN(S_attrs), html + k, j - k))
				return *why = "an attribute not on the list", 0;
			if (j + 1 >= n || html[j] != '=' || html[j + 1] != '"')
				return *why = "an unquoted attribute", 0;
			v = j + 2;
			for (j = v; j < n && html[j] != '"' && html[j] != '<' && html[j] != '>';
			     j++)
				;
			if (j == n || html[j] != '"')
				return *why = "an attribute value with < or >", 0;
			vlen = j - v;
			j++;
			if ((v - k == 6 && !memcmp(html + k, "href", 4)) ||
			    (v - k == 5 && !memcmp(html + k, "src", 3))) {
				size_t h, hashes = 0;

				/* not counting the '#' of an entity (cmark writes ' as &#x27;) */
				for (h = v; h < v + vlen; h++)
					hashes += html[h] == '#' && html[h - 1] != '&';
				if (hashes > 1)
					return *why = "a URL with two '#'", 0;
			}
			if (v - k == 6 && !memcmp(html + k, "href", 4)) {
				S_scheme(html + v, vlen, scheme, sizeof(scheme));
				if (scheme[0] && strcmp(scheme, "http") &&
				    strcmp(scheme, "https") && strcmp(scheme, "ftp") &&
				    strcmp(scheme, "mailto") && strcmp(scheme, "tel"))
					return *why = "a URL scheme not on the list", 0;
			} else if (v - k == 5 && !memcmp(html + k, "src", 3)) {
				S_scheme(html + v, vlen, scheme, sizeof(scheme));
				if (!vlen || scheme[0] || (vlen >= 2 && !memcmp(html + v, "//", 2)))
					return *why = "an image src empty or from elsewhere", 0;
			}
		}
		if (j + 2 < n && !memcmp(html + j, " />", 3)) {
			if (!S_in(S_void, ARRAY_LEN(S_void), html + name, name_len))
				return *why = "a self-closed element that is not void", 0;
			i = j + 3;
			continue;
		}
		if (j >= n || html[j] != '>')
			return *why = "a malformed tag", 0;
		if (S_in(S_void, ARRAY_LEN(S_void), html + name, name_len) || is_img)
			return *why = "a void element without />", 0;
		if (depth == S_MAX_DEPTH)
			return *why = "elements nested too deep", 0;
		stack[depth++] = name;
		i = j + 1;
	}
	if (depth)
		return *why = "an element left open", 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *why = NULL;

	markdown_init();
	/* Options from the length, so that every byte stays Markdown. */
	o.heading_shift = (int)(size % 3);
	o.attachments_prefix = size & 4 ? "../attachments/" : NULL;
	markdown_render(&a, (const char *)data, size, &o);
	markdown_render(&b, (const char *)data, size, &o);
	if (a.len != b.len || memcmp(buf_str(&a), buf_str(&b), a.len)) {
		fprintf(stderr, "fuzz-markdown: two renders differ\n");
		abort();
	}
	if (!markdown_html_ok(buf_str(&a), a.len, &why)) {
		fprintf(stderr, "fuzz-markdown: bad HTML: %s\n", why);
		abort();
	}
	buf_free(&a);
	buf_free(&b);
	return 0;
}
