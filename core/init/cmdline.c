/*
 * core/init/cmdline.c - splits the command line once at boot into key/value
 * pairs held in a static buffer; nothing here allocates.
 */
#include "init/cmdline.h"
#include "lib/string.h"
#include "uapi/errno.h"

struct cmdline_param {
	const char *key;
	const char *value;
};

static char raw[CMDLINE_MAX];
static char words[CMDLINE_MAX];
static struct cmdline_param params[CMDLINE_MAX_PARAMS];
static int nr_params;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Cut the word at @p in place: the first '=' splits key from value, quotes
 * group spaces and are dropped. Returns where the next word starts.
 */
static char *cut_word(char *p, const char **key, const char **value)
{
	char *out = p;
	bool quoted = false, have_value = false;

	*key = p;
	*value = "";
	for (; *p && (quoted || !is_space(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == '=' && !have_value) {
			*out++ = '\0';
			*value = out;
			have_value = true;
		} else {
			*out++ = *p;
		}
	}
	bool more = *p != '\0';
	*out = '\0';
	return more ? p + 1 : p;
}

int cmdline_parse(const char *cmdline)
{
	bool dropped = strlcpy(raw, cmdline, sizeof(raw)) >= sizeof(raw);
	char *p = words;

	strlcpy(words, raw, sizeof(words));
	nr_params = 0;
	while (*p) {
		const char *key, *value;

		if (is_space(*p)) {
			p++;
			continue;
		}
		p = cut_word(p, &key, &value);
		if (nr_params == CMDLINE_MAX_PARAMS) {
			dropped = true;
			break;
		}
		params[nr_params].key = key;
		params[nr_params].value = value;
		nr_params++;
	}
	return dropped ? -E2BIG : nr_params;
}

const char *cmdline_get(const char *key)
{
	for (int i = nr_params - 1; i >= 0; i--)
		if (strcmp(params[i].key, key) == 0)
			return params[i].value;
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

const char *cmdline_raw(void)
{
	return raw;
}
