/* SPDX-License-Identifier: Apache-2.0 */
/* Reader for NIST-style test-vector files (see vectors.h for the format). */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "vectors.h"

#define TV_DEFAULT_DIR	"/usr/lib/python3/dist-packages/cryptography_vectors"
#define TV_MAX_STANDING	64

struct tv_file {
	char *text;		/* the whole file, cut into strings as it is read */
	char *pos;
	int line;
	const char *name;
	int nstand;
	struct tv_field stand[TV_MAX_STANDING];	/* values in force for later records */
};

const char *tv_dir(void)
{
	const char *d = getenv("WD_TEST_VECTORS");

	return d && *d ? d : TV_DEFAULT_DIR;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tv_list(const char *rel, const char *prefix, const char *suffix, char **names, int max)
{
	char path[4096];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", tv_dir(), rel);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < max) {
		size_t len = strlen(de->d_name), sl = strlen(suffix);

		if (strncmp(de->d_name, prefix, strlen(prefix)) || len < sl ||
		    strcmp(de->d_name + len - sl, suffix))
			continue;
		names[n] = malloc(strlen(rel) + len + 2);
		if (!names[n])
			break;
		sprintf(names[n++], "%s/%s", rel, de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_names);
	return n;
}

void tv_free_names(char **names, int n)
{
	while (n > 0)
		free(names[--n]);
}

char *tv_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *text = NULL;
	long size = -1;

	if (fp && !fseek(fp, 0, SEEK_END))
		size = ftell(fp);
	if (size >= 0 && !fseek(fp, 0, SEEK_SET))
		text = malloc((size_t)size + 1);
	if (text && fread(text, 1, (size_t)size, fp) != (size_t)size) {
		free(text);
		text = NULL;
	}
	if (fp)
		fclose(fp);
	if (text)
		text[size] = '\0';
	return text;
}

char *tv_cut_line(char **pos)
{
	char *l = *pos, *nl;

	if (!*l)
		return NULL;
	nl = strchr(l, '\n');
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = l + strlen(l);
	}
	return l;
}

struct tv_file *tv_open(const char *rel)
{
	char path[4096];
	struct tv_file *f;

	snprintf(path, sizeof(path), "%s/%s", tv_dir(), rel);
	if (access(path, R_OK)) {
		fprintf(stderr, "vectors: cannot open %s (install python3-cryptography-vectors: "
			"scripts/deps.sh test, or set WD_TEST_VECTORS)\n", path);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (f)
		f->text = tv_slurp(path);
	if (!f || !f->text) {
		fprintf(stderr, "vectors: cannot read %s\n", path);
		tv_close(f);
		return NULL;
	}
	f->pos = f->text;
	f->name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	return f;
}

void tv_close(struct tv_file *f)
{
	if (f)
		free(f->text);
	free(f);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Cut the next line out of the text; NULL at the end. */
static char *next_line(struct tv_file *f)
{
	char *l = tv_cut_line(&f->pos);

	if (l)
		f->line++;
	return l;
}

static void stand(struct tv_file *f, const char *name, const char *value)
{
	int i;

	for (i = 0; i < f->nstand; i++)
		if (!strcasecmp(f->stand[i].name, name))
			break;
	if (i == f->nstand) {
		if (f->nstand == TV_MAX_STANDING)
			return;
		f->nstand++;
	}
	f->stand[i].name = name;
	f->stand[i].value = value;
}

/* "[a = b, c = d]" or "[ENCRYPT]": values for the records that follow. */
static void bracket(struct tv_file *f, char *l)
{
	char *end = strchr(l, ']'), *piece, *save = NULL, *eq;

	if (end)
		*end = '\0';
	for (piece = strtok_r(l + 1, ",", &save); piece; piece = strtok_r(NULL, ",", &save)) {
		eq = strchr(piece, '=');
		if (eq) {
			*eq = '\0';
			stand(f, trim(piece), trim(eq + 1));
		} else {
			stand(f, "section", trim(piece));
		}
	}
}

static int block_count(const struct tv_rec *r, const char *key)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		n += !strcasecmp(r->f[i].name, key);
	return n;
}

bool tv_next(struct tv_file *f, const char *key, struct tv_rec *r)
{
	char *l, *eq;
	int i, j;

	for (;;) {
		memset(r, 0, sizeof(*r));
		r->file = f->name;
		/* one block: up to a blank line */
		while ((l = next_line(f))) {
			l = trim(l);
			if (!*l) {
				if (r->n)
					break;
				continue;
			}
			if (*l == '#')
				continue;
			if (!r->n)
				r->line = f->line;
			if (*l == '[') {
				bracket(f, l);
				continue;
			}
			if (r->n == TV_MAX_FIELDS) {
				fprintf(stderr, "vectors: %s:%d: block too long\n", f->name, f->line);
				abort();
			}
			eq = strchr(l, '=');
			if (eq) {
				*eq = '\0';
				r->f[r->n].name = trim(l);
				r->f[r->n++].value = trim(eq + 1);
			} else {
				r->f[r->n].name = l;
				r->f[r->n++].value = "";
			}
		}
		if (!r->n)
			return false;	/* the end of the file */
		switch (block_count(r, key)) {
		case 0:
			for (i = 0; i < r->n; i++)
				stand(f, r->f[i].name, r->f[i].value);
			continue;
		case 1:
			break;
		default:
			fprintf(stderr, "vectors: %s:%d: two '%s' in one block: format not understood\n",
				f->name, r->line, key);
			abort();
		}
		for (j = 0; j < f->nstand && r->n < TV_MAX_FIELDS; j++) {
			for (i = 0; i < r->n && strcasecmp(r->f[i].name, f->stand[j].name); i++)
				;
			if (i == r->n)
				r->f[r->n++] = f->stand[j];
		}
		return true;
	}
}

const char *tv_get(const struct tv_rec *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcasecmp(r->f[i].name, name))
			return r->f[i].value;
	return NULL;
}

bool tv_has(const struct tv_rec *r, const char *name)
{
	return tv_get(r, name) != NULL;
}

long tv_int(const struct tv_rec *r, const char *name)
{
	const char *v = tv_get(r, name);
	char *end;
	long n;

	if (!v || !*v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 0 ? -1 : n;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

long tv_unhex(const char *hex, uint8_t *buf, size_t cap)
{
	size_t len = strlen(hex), i;

	if (len & 1 || len / 2 > cap)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

long tv_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap)
{
	const char *v = tv_get(r, name);

	return v ? tv_unhex(v, buf, cap) : -1;
}
