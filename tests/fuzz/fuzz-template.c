/*
 * fuzz-template.c - a libFuzzer target for the template engine: the input
 * is compiled as a template and rendered against a fixed tree of values,
 * with partials and parents that include the input itself and each other
 * (recursion limits, inheritance, set delimiters, standalone lines).
 * Templates are the department's own, read from a folder it controls, so
 * a broken one must give an error, never a crash or a hang.
 */
#include <stdint.h>
#include <string.h>

#include "render/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const char *text;
	size_t n;
};

/* "self" is the input; "p" and "layout" small partials that use blocks and names. */
static int
S_load(void *arg, const char *name, struct buf *text)
{
	const struct input *in = arg;

	if (!strcmp(name, "self"))
		buf_add(text, in->text, in->n);
	else if (!strcmp(name, "p"))
		buf_adds(text, "  {{#items}}[{{name}}{{>self}}]{{/items}}\n{{$b}}dflt{{/b}}\n");
	else if (!strcmp(name, "layout"))
		buf_adds(text,
		         "<{{$title}}t{{/title}}>{{$body}}{{/body}}{{<p}}{{$b}}x{{/b}}{{/p}}\n");
	else if (!strcmp(name, "big"))
		return TPL_LOAD_ERROR;
	else
		return -1;
	return 0;
}

static const struct tv *
S_data(struct arena *a)
{
	struct tv *root = tv_map(a), *items = tv_list(a), *item, *nested = tv_map(a);
	int i;

	for (i = 0; i < 3; i++) {
		item = tv_map(a);
		tv_map_set_num(item, "n", i);
		tv_map_set_str(item, "name", i == 1 ? "<b>&\"'" : "x");
		tv_map_set_bool(item, "ok", i != 2);
		tv_list_push(items, item);
	}
	tv_map_set_str(nested, "deep", "{{x}}");
	tv_map_set(nested, "items", items);
	tv_map_set(root, "items", items);
	tv_map_set(root, "a", nested);
	tv_map_set_str(root, "s", "text");
	tv_map_set_str(root, "empty", "");
	tv_map_set_num(root, "pi", 3.25);
	tv_map_set_bool(root, "t", 1);
	tv_map_set(root, "nil", tv_null());
	return root;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {(const char *)data, size};
	struct tpl_env *env = tpl_env_new(S_load, &in);
	struct tpl_error err;
	struct buf out = BUF_INIT;
	struct arena a;
	struct tpl *t;

	arena_init(&a);
	t = tpl_compile("fuzz", in.text, in.n, &err);
	if (t)
		(void)tpl_render(&out, t, S_data(&a), env, &err);
	tpl_free(t);
	tpl_env_free(env);
	buf_free(&out);
	arena_free(&a);
	return 0;
}
