/*
 * yaml-baseline: the floor under `svcgen check` — read every record and run
 * libyaml's event parser over it, doing nothing else.
 *
 *   yaml-baseline DIR
 *
 * Walks DIR (hidden entries skipped, symbolic links not followed), reads each
 * .yaml/.yml file whole and each .md file's front matter (first line `---`,
 * up to a line `---` or `...`), and pulls every event from libyaml's parser.
 * No tree, no validation, no sorting.  Prints
 * `files=N events=M errors=E` and exits 0 (1 if DIR cannot be read).
 *
 * Build: cc -std=c11 -O2 yaml-baseline.c -lyaml
 */
#define _DEFAULT_SOURCE /* d_type, DT_* */

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static unsigned long S_files, S_events, S_errors;
static unsigned char *S_buf;
static size_t S_cap;

static int
S_has_suffix(const char *s, const char *suf)
{
	size_t ls = strlen(s), lf = strlen(suf);

	return ls >= lf && memcmp(s + ls - lf, suf, lf) == 0;
}

static void
S_parse(const unsigned char *p, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0;

	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "yaml-baseline: out of memory\n");
		exit(1);
	}
	yaml_parser_set_input_string(&parser, p, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			S_errors++;
			break;
		}
		S_events++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
}

/* length of the line starting at p (without its newline) */
static size_t
S_line(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = memchr(p, '\n', (size_t)(end - p));

	return (size_t)((q ? q : end) - p);
}

static int
S_is_fence(const unsigned char *p, size_t len, int close)
{
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\r' || p[len - 1] == '\t'))
		len--;
	return len == 3 && (memcmp(p, "---", 3) == 0 || (close && memcmp(p, "...", 3) == 0));
}

static void
S_front_matter(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len, *start;
	size_t l;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	l = S_line(p, end);
	if (!S_is_fence(p, l, 0))
		return; /* no front matter: nothing to parse */
	p += l + (p + l < end);
	start = p;
	while (p < end) {
		l = S_line(p, end);
		if (S_is_fence(p, l, 1)) {
			S_parse(start, (size_t)(p - start));
			return;
		}
		p += l + (p + l < end);
	}
	S_errors++; /* unclosed */
}

static void
S_file(const char *path, int md)
{
	struct stat st;
	size_t len = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0) {
		S_errors++;
		if (fd >= 0)
			close(fd);
		return;
	}
	if ((size_t)st.st_size + 1 > S_cap) {
		S_cap = (size_t)st.st_size + 1 + 65536;
		free(S_buf);
		S_buf = malloc(S_cap);
		if (!S_buf) {
			fprintf(stderr, "yaml-baseline: out of memory\n");
			exit(1);
		}
	}
	while ((got = read(fd, S_buf + len, S_cap - 1 - len)) > 0)
		len += (size_t)got;
	close(fd);
	S_files++;
	if (md)
		S_front_matter(S_buf, len);
	else
		S_parse(S_buf, len);
}

static int
S_walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		int is_dir, is_reg;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		is_dir = de->d_type == DT_DIR;
		is_reg = de->d_type == DT_REG;
		if (de->d_type == DT_UNKNOWN) {
			struct stat st;

			if (lstat(path, &st) != 0)
				continue;
			is_dir = S_ISDIR(st.st_mode);
			is_reg = S_ISREG(st.st_mode);
		}
		if (is_dir)
			S_walk(path);
		else if (is_reg && S_has_suffix(de->d_name, ".md"))
			S_file(path, 1);
		else if (is_reg &&
		         (S_has_suffix(de->d_name, ".yaml") || S_has_suffix(de->d_name, ".yml")))
			S_file(path, 0);
	}
	closedir(d);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml-baseline DIR\n");
		return 2;
	}
	if (S_walk(argv[1]) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("files=%lu events=%lu errors=%lu\n", S_files, S_events, S_errors);
	free(S_buf);
	return 0;
}
