/* SPDX-License-Identifier: Apache-2.0 */
/* The evp_test stanza reader and value decoder (grammar in evp_data.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "evp_data.h"
#include "vectors.h"

struct ed_reader {
	char *text, *pos;	/* the whole file, cut into lines as it is read */
	int line;
	const char *name;
};

struct ed_reader *ed_open(const char *path)
{
	struct ed_reader *r = calloc(1, sizeof(*r));

	if (r)
		r->text = tv_slurp(path);
	if (!r || !r->text) {
		fprintf(stderr, "evp_data: cannot read %s\n", path);
		ed_close(r);
		return NULL;
	}
	r->pos = r->text;
	r->name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	return r;
}

void ed_close(struct ed_reader *r)
{
	if (r)
		free(r->text);
	free(r);
}

static char *next_line(struct ed_reader *r)
{
	char *l = tv_cut_line(&r->pos);
	size_t n;

	if (!l)
		return NULL;
	r->line++;
	n = strlen(l);
	if (n && l[n - 1] == '\r')	/* CRLF files */
		l[n - 1] = '\0';
	return l;
}

static char *strip(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

void ed_stanza_free(struct ed_stanza *s)
{
	free(s->p);
	memset(s, 0, sizeof(*s));
}

static int add_pair(struct ed_stanza *s, char *key, char *value, int line)
{
	if (s->n == s->cap) {
		int cap = s->cap ? 2 * s->cap : 16;
		struct ed_pair *p = realloc(s->p, (size_t)cap * sizeof(*p));

		if (!p)
			return -1;
		s->p = p;
		s->cap = cap;
	}
	s->p[s->n].key = key;
	s->p[s->n].value = value;
	s->p[s->n++].line = line;
	return 0;
}

int ed_next(struct ed_reader *r, struct ed_stanza *s)
{
	char *l, *eq, *key;

	s->n = 0;
	s->file = r->name;
	while ((l = next_line(r))) {
		if (!*strip(l)) {
			if (s->n)
				return 1;
			continue;	/* blank lines between stanzas */
		}
		if (*l == '#')
			continue;
		eq = strchr(l, '=');
		if (!eq) {
			fprintf(stderr, "evp_data: %s:%d: a line without '='\n", r->name, r->line);
			return -1;
		}
		*eq = '\0';
		key = strip(l);
		if (!*key) {
			fprintf(stderr, "evp_data: %s:%d: an empty key\n", r->name, r->line);
			return -1;
		}
		if (!strcmp(key, "Title"))
			continue;
		if (!s->n)
			s->line = r->line;
		if (add_pair(s, key, strip(eq + 1), r->line))
			return -1;
		/* a key's PEM block follows its line: not ours, skipped whole */
		if (!strcmp(key, "PrivateKey") || !strcmp(key, "PublicKey")) {
			while ((l = next_line(r)) && strncmp(l, "-----END", 8))
				;
			if (!l) {
				fprintf(stderr, "evp_data: %s: a PEM block without its end\n", r->name);
				return -1;
			}
		}
	}
	return s->n ? 1 : 0;
}

void ed_stanza_print(FILE *out, const struct ed_stanza *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		const char *v = s->p[i].value;
		size_t len = strlen(v);

		if (len > 160)
			fprintf(out, "    %s = %.150s... (%zu characters)\n", s->p[i].key, v, len);
		else
			fprintf(out, "    %s = %s\n", s->p[i].key, v);
	}
}

void ed_buf_free(struct ed_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool ed_bin(const char *value, struct ed_buf *b)
{
	size_t len = strlen(value), i, n = 0;

	ed_buf_free(b);
	if (!strcmp(value, "NULL"))
		return true;
	/* one spare byte: an empty value is a real (non-NULL) buffer */
	b->p = malloc(len + 1);
	if (!b->p)
		return false;
	if (value[0] == '"') {
		if (len < 2 || value[len - 1] != '"')
			goto bad;
		for (i = 1; i < len - 1; i++) {
			if (value[i] != '\\') {
				b->p[n++] = (unsigned char)value[i];
				continue;
			}
			/* the grammar knows one escape: \n */
			if (i + 1 >= len - 1 || value[i + 1] != 'n')
				goto bad;
			b->p[n++] = '\n';
			i++;
		}
		b->n = n;
		return true;
	}
	/* hex, as OPENSSL_hexstr2buf reads it: pairs of digits, ':' between */
	for (i = 0; i < len;) {
		int hi, lo;

		if (value[i] == ':') {
			i++;
			continue;
		}
		if (i + 1 >= len)
			goto bad;
		hi = nibble(value[i]);
		lo = nibble(value[i + 1]);
		if (hi < 0 || lo < 0)
			goto bad;
		b->p[n++] = (unsigned char)(hi << 4 | lo);
		i += 2;
	}
	b->n = n;
	return true;
bad:
	ed_buf_free(b);
	return false;
}

void ed_fail(struct ed_outcome *o, const char *fmt, ...)
{
	va_list ap;

	if (o->st == ED_FAIL)
		return;
	o->st = ED_FAIL;
	va_start(ap, fmt);
	vsnprintf(o->why, sizeof(o->why), fmt, ap);
	va_end(ap);
}

void ed_skip(struct ed_outcome *o, const char *fmt, ...)
{
	va_list ap;

	o->st = ED_SKIP;
	va_start(ap, fmt);
	vsnprintf(o->why, sizeof(o->why), fmt, ap);
	va_end(ap);
}

bool ed_expect(struct ed_outcome *o, const char *way, const char *err, const char *detail,
	       const char *expect)
{
	bool has = detail && *detail;

	if (!err && !expect)
		return true;
	if (err && expect && !strcmp(err, expect))
		return true;
	if (!err)
		ed_fail(o, "%s: succeeded, but the stanza expects %s", way, expect);
	else if (!expect)
		ed_fail(o, "%s: %s%s%s", way, err, has ? ": " : "", has ? detail : "");
	else
		ed_fail(o, "%s: %s%s%s%s, but the stanza expects %s", way, err, has ? " (" : "",
			has ? detail : "", has ? ")" : "", expect);
	return false;
}
