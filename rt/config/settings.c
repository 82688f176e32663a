/* rt/config/settings.c -- the environment, read row by row from the
 * settings table (config/settings-table.c): each setting is TRUN_X, else
 * TIMEMORY_X (so timemory job scripts keep working); both component sets
 * fall back last to TIMEMORY_GLOBAL_COMPONENTS.  A bad value gives one
 * warning and the default.  Also the diagnostics helpers.
 */
#include "config/settings.h"

#include <stdio.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct trun_settings trun_settings;
struct trun_filters trun_filters;

/* ---- parsers (0: ok) ---- */

static const char *
skip_space (const char *s)
{
  while (isspace ((unsigned char) *s))
    s++;
  return s;
}

/* Compare S (trimmed) with WORD, ignoring case.  */
static int
word_is (const char *s, const char *word)
{
  s = skip_space (s);
  size_t n = strlen (word);
  if (strncasecmp (s, word, n) != 0)
    return 0;
  return *skip_space (s + n) == '\0';
}

int
trun_parse_bool (const char *s, int *out)
{
  static const char *yes[] = { "1", "true", "on", "yes", "y", "t" };
  static const char *no[] = { "0", "false", "off", "no", "n", "f" };
  if (!s)
    return -1;
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    {
      if (word_is (s, yes[i]))
        {
          *out = 1;
          return 0;
        }
      if (word_is (s, no[i]))
        {
          *out = 0;
          return 0;
        }
    }
  return -1;
}

int
trun_parse_int (const char *s, long lo, long hi, long *out)
{
  if (!s)
    return -1;
  char *end;
  errno = 0;
  long v = strtol (s, &end, 10);
  if (errno || end == s || *skip_space (end) != '\0' || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

int
trun_parse_double (const char *s, double *out)
{
  if (!s)
    return -1;
  char *end;
  errno = 0;
  double v = strtod (s, &end);
  if (errno || end == s || *skip_space (end) != '\0' || !isfinite (v))
    return -1;
  *out = v;
  return 0;
}

struct unit
{
  const char *name;
  double scale;
};

static int
parse_unit (const char *s, const struct unit *u, size_t n, double *scale)
{
  if (!s)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (word_is (s, u[i].name))
      {
        *scale = u[i].scale;
        return 0;
      }
  return -1;
}

static const struct unit memory_units[] = {
  { "B", 1.0 },        { "byte", 1.0 },         { "bytes", 1.0 },
  { "KB", 1024.0 },    { "KiB", 1024.0 },       { "kilobyte", 1024.0 },
  { "MB", 1048576.0 }, { "MiB", 1048576.0 },    { "megabyte", 1048576.0 },
  { "GB", 1073741824.0 }, { "GiB", 1073741824.0 },
  { "gigabyte", 1073741824.0 }, { "TB", 1099511627776.0 },
  { "TiB", 1099511627776.0 },
};

static const struct unit timing_units[] = {
  { "sec", 1.0 },    { "s", 1.0 },      { "second", 1.0 },  { "seconds", 1.0 },
  { "msec", 1e-3 },  { "ms", 1e-3 },    { "millisecond", 1e-3 },
  { "usec", 1e-6 },  { "us", 1e-6 },    { "microsecond", 1e-6 },
  { "nsec", 1e-9 },  { "ns", 1e-9 },    { "nanosecond", 1e-9 },
  { "min", 60.0 },   { "minute", 60.0 }, { "hr", 3600.0 },  { "hour", 3600.0 },
};

int
trun_parse_memory_units (const char *s, double *scale)
{
  return parse_unit (s, memory_units, sizeof memory_units / sizeof *memory_units,
                     scale);
}

int
trun_parse_timing_units (const char *s, double *scale)
{
  return parse_unit (s, timing_units, sizeof timing_units / sizeof *timing_units,
                     scale);
}

/* Display name for a scale (the canonical short form).  */
static const char *
memory_name (double scale)
{
  return scale == 1.0 ? "B" : scale == 1024.0 ? "KB"
         : scale == 1048576.0 ? "MB" : scale == 1073741824.0 ? "GB" : "TB";
}

static const char *
timing_name (double scale)
{
  return scale == 1.0 ? "sec" : scale == 1e-3 ? "msec" : scale == 1e-6 ? "usec"
         : scale == 1e-9 ? "nsec" : scale == 60.0 ? "min" : "hr";
}

/* A bare number is nanoseconds, as timemory's throttle value.  */
int
trun_parse_duration (const char *s, double *seconds)
{
  if (!s)
    return -1;
  char *end;
  errno = 0;
  double v = strtod (s, &end);
  if (errno || end == s || !isfinite (v) || v < 0)
    return -1;
  const char *rest = skip_space (end);
  if (*rest == '\0')
    {
      *seconds = v * 1e-9;
      return 0;
    }
  double scale;
  if (trun_parse_timing_units (rest, &scale) != 0)
    return -1;
  *seconds = v * scale;
  return 0;
}

/* ---- lookup: TRUN_X, then TIMEMORY_X ---- */

#define lookup trun_setting_lookup

/* While trun_settings_load runs: the environment's TRUN_ and TIMEMORY_
   variables, in the environment's order, found in one pass.  Each of
   the table's rows is looked up under two names, and getenv would scan
   the whole environment for each: that was most of the start-up's own
   instructions.  */
extern char **environ;
static char **prefixed;
static size_t nprefixed;
/* Of each: how long its prefix is (5 or 9) and its name after it.  */
static unsigned char *prefix_len;
static size_t *suffix_len;

static void
scan_environment (void)
{
  free (prefixed);
  free (prefix_len);
  free (suffix_len);
  prefixed = NULL;
  nprefixed = 0;
  size_t n = 0;
  while (environ && environ[n])
    n++;
  char **v = malloc ((n + 1) * sizeof *v);
  prefix_len = malloc (n + 1);
  suffix_len = malloc ((n + 1) * sizeof *suffix_len);
  if (!v || !prefix_len || !suffix_len)
    {
      free (v);
      free (prefix_len);
      free (suffix_len);
      prefix_len = NULL;
      suffix_len = NULL;
      return; /* getenv then */
    }
  for (size_t i = 0; i < n; i++)
    {
      size_t p = strncmp (environ[i], "TRUN_", 5) == 0       ? 5
                 : strncmp (environ[i], "TIMEMORY_", 9) == 0 ? 9
                                                             : 0;
      const char *eq = p ? strchr (environ[i] + p, '=') : NULL;
      if (!eq)
        continue;
      prefix_len[nprefixed] = (unsigned char) p;
      suffix_len[nprefixed] = (size_t) (eq - environ[i]) - p;
      v[nprefixed++] = environ[i];
    }
  prefixed = v;
}

/* getenv (VAR), from the scan while there is one.  */
static const char *
env_get (const char *var)
{
  if (!prefixed)
    return getenv (var);
  size_t n = strlen (var);
  for (size_t i = 0; i < nprefixed; i++)
    if (strncmp (prefixed[i], var, n) == 0 && prefixed[i][n] == '=')
      return prefixed[i] + n + 1;
  return NULL;
}

/* The scan's value of the prefix PLEN long and NAME (LEN bytes), or
   NULL: compared in place, without making the variable's name (a row
   is looked up under two names, most of them unset).  */
static const char *
scanned (size_t plen, const char *name, size_t len)
{
  for (size_t i = 0; i < nprefixed; i++)
    if (prefix_len[i] == plen && suffix_len[i] == len
        && memcmp (prefixed[i] + plen, name, len) == 0)
      return prefixed[i] + plen + len + 1;
  return NULL;
}

const char *
trun_setting_lookup (const char *name, char *which, unsigned n)
{
  static const char *const prefixes[] = { "TRUN_", "TIMEMORY_" };
  size_t len = strlen (name);
  for (int i = 0; i < 2; i++)
    {
      /* The name by hand: snprintf was most of the start-up's own cost.  */
      size_t plen = i ? 9 : 5;
      if (plen + len >= n)
        return NULL;
      const char *v = prefixed ? scanned (plen, name, len) : NULL;
      if (prefixed && (!v || !*v) && i == 0)
        continue; /* WHICH is the last name tried */
      memcpy (which, prefixes[i], plen);
      memcpy (which + plen, name, len + 1);
      if (!prefixed)
        v = getenv (which);
      if (v && *v)
        return v;
    }
  return NULL;
}

static void
bad (const char *var, const char *value, const char *expected)
{
  trun_warn ("%s=\"%s\" is not %s: using the default", var, value, expected);
}

static void
get_bool (const char *name, int *out, int def)
{
  char var[128];
  const char *v = lookup (name, var, sizeof var);
  *out = def;
  if (v && trun_parse_bool (v, out) != 0)
    {
      *out = def;
      bad (var, v, "a boolean (true/false, on/off, yes/no, 1/0)");
    }
}

static void
get_int (const char *name, int *out, long lo, long hi, int def)
{
  char var[128];
  const char *v = lookup (name, var, sizeof var);
  long x;
  *out = def;
  if (v)
    {
      if (trun_parse_int (v, lo, hi, &x) == 0)
        *out = (int) x;
      else
        {
          char what[96];
          snprintf (what, sizeof what, "an integer in %ld..%ld", lo, hi);
          bad (var, v, what);
        }
    }
}

/* A percentage 0..100, "0.1" or "0.1%".  */
static void
get_percent (const char *name, double *out, double def)
{
  char var[128];
  const char *v = lookup (name, var, sizeof var);
  *out = def;
  if (!v)
    return;
  char num[64];
  size_t n = strlen (v);
  while (n && isspace ((unsigned char) v[n - 1]))
    n--;
  if (n && v[n - 1] == '%')
    n--;
  double x;
  if (n < sizeof num)
    {
      memcpy (num, v, n);
      num[n] = '\0';
      if (trun_parse_double (num, &x) == 0 && x >= 0 && x <= 100)
        {
          *out = x;
          return;
        }
    }
  bad (var, v, "a percentage in 0..100 (0.1 or 0.1%)");
}

/* A boolean timemory names otherwise: TRUN_NAME, else TIMEMORY_NAME, else
   TIMEMORY_TM_NAME.  */
static void
get_bool_timemory (const char *name, const char *tm_name, int *out, int def)
{
  char var[128], tm[128];
  snprintf (tm, sizeof tm, "TIMEMORY_%s", tm_name);
  if (lookup (name, var, sizeof var) || !env_get (tm))
    get_bool (name, out, def);
  else
    get_bool (tm_name, out, def);
}

/* The setting's text, whole (the environment's own string), or DEF.  */
static const char *
get_string (const char *name, const char *def)
{
  char var[128];
  const char *v = lookup (name, var, sizeof var);
  return v ? v : def;
}

/* The raw list of a component set: NAME, else TRUN_GLOBAL_COMPONENTS,
   else TIMEMORY_GLOBAL_COMPONENTS.  */
static void
get_component_list (const char *name, const char **list, const char **from)
{
  static char vars[2][128];
  char *var = vars[strcmp (name, "COMPONENTS") == 0 ? 0 : 1];
  const char *v = lookup (name, var, sizeof vars[0]);
  const char *globals[] = { "TRUN_GLOBAL_COMPONENTS",
                            "TIMEMORY_GLOBAL_COMPONENTS" };
  for (int i = 0; !v && i < 2; i++)
    {
      v = env_get (globals[i]);
      if (v && !*v)
        v = NULL;
      if (v)
        snprintf (var, sizeof vars[0], "%s", globals[i]);
    }
  *list = v;
  *from = v ? var : NULL;
}

int
trun_setting_bool (const char *name, int dflt)
{
  int on;
  get_bool (name, &on, dflt);
  return on;
}

static void
load_units (void)
{
  char var[128];
  const char *v = lookup ("MEMORY_UNITS", var, sizeof var);
  trun_settings.memory_scale = 1048576.0;
  if (v && trun_parse_memory_units (v, &trun_settings.memory_scale) != 0)
    {
      trun_settings.memory_scale = 1048576.0;
      bad (var, v, "a memory unit (B, KB, MB, GB, TB)");
    }
  snprintf (trun_settings.memory_units, sizeof trun_settings.memory_units,
            "%s", memory_name (trun_settings.memory_scale));
  v = lookup ("TIMING_UNITS", var, sizeof var);
  trun_settings.timing_scale = 1.0;
  if (v && trun_parse_timing_units (v, &trun_settings.timing_scale) != 0)
    {
      trun_settings.timing_scale = 1.0;
      bad (var, v, "a time unit (sec, msec, usec, nsec, min, hr)");
    }
  snprintf (trun_settings.timing_units, sizeof trun_settings.timing_units,
            "%s", timing_name (trun_settings.timing_scale));
}

static void
load_throttle (void)
{
  char var[128];
  const char *v = lookup ("THROTTLE_COUNT", var, sizeof var);
  long x;
  trun_settings.throttle_count = 10000;
  if (v)
    {
      if (trun_parse_int (v, 0, LONG_MAX, &x) == 0)
        trun_settings.throttle_count = (uint64_t) x;
      else
        bad (var, v, "a count (0 turns throttling off)");
    }
  v = lookup ("THROTTLE_VALUE", var, sizeof var);
  trun_settings.throttle_value = 10e-6;
  if (v && trun_parse_duration (v, &trun_settings.throttle_value) != 0)
    {
      trun_settings.throttle_value = 10e-6;
      bad (var, v, "a duration (nanoseconds, or a number with a unit: 10us)");
    }
}

/* timemory's settings trun knows but does not implement (the table's
   TRUN_SETTING_UNIMPLEMENTED rows): one warning each when set.  */
static void
warn_unimplemented (void)
{
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      char var[128];
      const struct trun_setting *t = &trun_setting_table[i];
      if (t->type == TRUN_SETTING_UNIMPLEMENTED && lookup (t->name, var, sizeof var))
        trun_warn ("%s is a timemory setting trun does not implement: ignored", var);
    }
}

/* " KEY = VALUE " of a config file line: KEY and VALUE trimmed in place;
   0 when the line holds none.  */
static int
split_config_line (char *line, char **key, char **value)
{
  char *hash = strchr (line, '#');
  if (hash)
    *hash = 0;
  char *eq = strchr (line, '=');
  if (!eq)
    return 0;
  *eq = 0;
  char *k = line, *v = eq + 1;
  while (*k == ' ' || *k == '\t')
    k++;
  while (*v == ' ' || *v == '\t')
    v++;
  for (char *e = k + strlen (k); e > k && (e[-1] == ' ' || e[-1] == '\t'); )
    *--e = 0;
  for (char *e = v + strlen (v);
       e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'); )
    *--e = 0;
  *key = k, *value = v;
  return *k != 0;
}

/* timemory's config-file variables: "$name = value" lines, used as
   "$name" in later values.  */
#define CONFIG_VARS 32
#define CONFIG_VALUE_MAX 1024
struct config_vars
{
  unsigned n;
  char name[CONFIG_VARS][64];
  char value[CONFIG_VARS][CONFIG_VALUE_MAX];
};

/* VALUE with each $name of VARS replaced by its value, into OUT; an
   unknown $name stays as it is (the component parser then names it).  */
static void
expand_config_vars (const struct config_vars *vars, const char *value, char *out, size_t n)
{
  size_t o = 0;
  for (const char *p = value; *p && o + 1 < n;)
    {
      unsigned k = vars->n;
      size_t len = 0;
      if (*p == '$')
        for (k = 0; k < vars->n; k++)
          {
            len = strlen (vars->name[k]);
            char after = p[1 + len];
            int word = (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z')
                       || (after >= '0' && after <= '9') || after == '_';
            if (strncmp (p + 1, vars->name[k], len) == 0 && !word)
              break;
          }
      if (k < vars->n)
        {
          for (const char *v = vars->value[k]; *v && o + 1 < n; v++)
            out[o++] = *v;
          p += 1 + len;
        }
      else
        out[o++] = *p++;
    }
  out[o] = 0;
}

static int
is_setting_name (const char *base)
{
  for (unsigned i = 0; i < trun_setting_count; i++)
    if (strcmp (trun_setting_table[i].name, base) == 0)
      return 1;
  return 0;
}

int
trun_settings_load_file (const char *path)
{
  FILE *f = fopen (path, "r");
  if (!f)
    return -1;
  static struct config_vars vars; /* once, at start-up: off the stack */
  vars.n = 0;
  char line[4096], value[CONFIG_VALUE_MAX];
  while (fgets (line, sizeof line, f))
    {
      char *key, *raw, name[256];
      if (!split_config_line (line, &key, &raw))
        continue;
      expand_config_vars (&vars, raw, value, sizeof value);
      if (key[0] == '$')
        {
          if (vars.n < CONFIG_VARS && strlen (key + 1) < sizeof vars.name[0])
            {
              strcpy (vars.name[vars.n], key + 1);
              snprintf (vars.value[vars.n], sizeof vars.value[0], "%s", value);
              vars.n++;
            }
          continue;
        }
      /* Keys in any case, with or without a prefix.  */
      for (char *p = key; *p; p++)
        *p = (char) (*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
      int has_prefix = strncmp (key, "TIMEMORY_", 9) == 0 || strncmp (key, "TRUN_", 5) == 0;
      snprintf (name, sizeof name, "%s%s", has_prefix ? "" : "TIMEMORY_", key);
      const char *base = strncmp (name, "TRUN_", 5) == 0 ? name + 5 : name + 9;
      if (!is_setting_name (base))
        {
          trun_warn ("%s: unknown setting %s ignored", path, key);
          continue;
        }
      /* The environment wins, under either prefix.  */
      char var[128];
      if (!lookup (base, var, sizeof var))
        setenv (name, value, 0);
    }
  fclose (f);
  if (prefixed)
    scan_environment (); /* what setenv added */
  return 0;
}

/* A format override of a class: its value + 1, or 0 (unset or bad:
   the general setting applies).  */
static void
get_override (const char *name, int *out, long lo, long hi, int is_bool)
{
  char var[128];
  *out = 0;
  if (!lookup (name, var, sizeof var))
    return;
  if (is_bool)
    get_bool (name, out, 0);
  else
    get_int (name, out, lo, hi, -1);
  *out += 1;
}

/* The generic rows: a boolean, an integer or a string field of
   trun_settings, its default the table's.  */
static void
load_field (struct trun_settings *s, const struct trun_setting *t)
{
  char *field = (char *) s + t->offset;
  switch (t->type)
    {
    case TRUN_SETTING_BOOL:
      {
        int dflt = 0;
        trun_parse_bool (t->dflt, &dflt);
        get_bool (t->name, (int *) field, dflt);
        break;
      }
    case TRUN_SETTING_INT:
      get_int (t->name, (int *) field, t->lo, t->hi, (int) strtol (t->dflt, NULL, 10));
      break;
    case TRUN_SETTING_STRING:
      *(const char **) field = get_string (t->name, t->dflt);
      break;
    default:
      break;
    }
}

/* TIME_OUTPUT: timemory's layout, OUTPUT_PATH/TIME_FORMAT (default
   "%F_%I.%M_%p") of the time the settings were read.  */
static void
load_time_output (struct trun_settings *s)
{
  get_bool ("TIME_OUTPUT", &s->time_output, 0);
  if (!s->time_output)
    return;
  static char stamped[4096];
  char stamp[256];
  time_t now = time (NULL);
  struct tm tm;
  const char *format = get_string ("TIME_FORMAT", "%F_%I.%M_%p");
  if (localtime_r (&now, &tm) && strftime (stamp, sizeof stamp, format, &tm) > 0
      && !strchr (stamp, '/'))
    {
      snprintf (stamped, sizeof stamped, "%s/%s", s->output_path, stamp);
      s->output_path = stamped;
    }
  else
    trun_warn ("TIME_FORMAT \"%s\" gives no directory name: TIME_OUTPUT ignored", format);
}

/* timemory names this one ENABLE_SIGNAL_HANDLER.  */
static void
load_signal_handlers (struct trun_settings *s)
{
  char var[128];
  if (lookup ("SIGNAL_HANDLERS", var, sizeof var)
      || !env_get ("TIMEMORY_ENABLE_SIGNAL_HANDLER"))
    get_bool ("SIGNAL_HANDLERS", &s->signal_handlers, 1);
  else
    get_bool ("ENABLE_SIGNAL_HANDLER", &s->signal_handlers, 1);
}

/* sysfs, hwloc, or off (any false boolean).  */
static void
load_topology_source (struct trun_settings *s)
{
  char var[128];
  const char *v = lookup ("TOPOLOGY", var, sizeof var);
  int on;
  s->topology = TRUN_TOPOLOGY_SYSFS;
  if (!v || word_is (v, "sysfs"))
    return;
  if (word_is (v, "hwloc"))
    s->topology = TRUN_TOPOLOGY_HWLOC;
  else if (trun_parse_bool (v, &on) == 0 && !on)
    s->topology = TRUN_TOPOLOGY_OFF;
  else
    bad (var, v, "sysfs, hwloc or off");
}

int
trun_parse_size (const char *s, long *bytes)
{
  char *end;
  errno = 0;
  long long v = strtoll (s, &end, 10);
  if (end == s || errno || v < 0)
    return -1;
  long long mult = 1;
  if (*end == 'k' || *end == 'K')
    mult = 1ll << 10, end++;
  else if (*end == 'm' || *end == 'M')
    mult = 1ll << 20, end++;
  else if (*end == 'g' || *end == 'G')
    mult = 1ll << 30, end++;
  if (mult > 1 && (*end == 'b' || *end == 'B'))
    end++;
  if (*end || v > LONG_MAX / mult)
    return -1;
  *bytes = (long) (v * mult);
  return 0;
}

/* The timeline's settings.  timemory names the switch
   TIMELINE_PROFILE.  */
static void
load_timeline (void)
{
  struct trun_settings *s = &trun_settings;
  char var[128];
  get_bool_timemory ("TIMELINE", "TIMELINE_PROFILE", &s->timeline, 0);
  const char *v = lookup ("TIMELINE_BUFFER", var, sizeof var);
  s->timeline_buffer = 4l << 20;
  long x;
  if (v)
    {
      if (trun_parse_size (v, &x) == 0 && x >= 4096 && x <= (1l << 40))
        s->timeline_buffer = x;
      else
        bad (var, v, "a size from 4KB to 1TB (bytes, or with K, M, G)");
    }
  int mb;
  get_int ("TIMELINE_MAX_MB", &mb, 0, INT_MAX, 1024);
  s->timeline_max_mb = mb;
  get_bool ("TIMELINE_COMPRESS", &s->timeline_compress, 0);
  s->timeline_format = TRUN_TIMELINE_CHROME;
  v = lookup ("TIMELINE_FORMAT", var, sizeof var);
  if (v && strcasecmp (v, "otf2") == 0)
    s->timeline_format = TRUN_TIMELINE_OTF2;
  else if (v && strcasecmp (v, "both") == 0)
    s->timeline_format = TRUN_TIMELINE_CHROME | TRUN_TIMELINE_OTF2;
  else if (v && strcasecmp (v, "chrome") != 0)
    bad (var, v, "chrome, otf2 or both");
  trun_filters.timeline_include = get_string ("TIMELINE_INCLUDE", "");
  trun_filters.timeline_exclude = get_string ("TIMELINE_EXCLUDE", "");
}

/* The rows with their own code, by name (each name once).  */
static void
load_special (struct trun_settings *s, const char *name, int *debug)
{
  if (strcmp (name, "CONFIG_FILE") == 0)
    {
      const char *config = get_string ("CONFIG_FILE", NULL);
      if (config && trun_settings_load_file (config) != 0)
        trun_warn ("cannot read the config file %s: %s", config, strerror (errno));
    }
  else if (strcmp (name, "DEBUG") == 0)
    /* timemory's TIMEMORY_DEBUG: as verbose as TRUN_VERBOSE=2.  */
    get_bool ("DEBUG", debug, 0);
  else if (strcmp (name, "TIME_OUTPUT") == 0)
    load_time_output (s);
  else if (strcmp (name, "COLLAPSE_THREADS") == 0)
    {
      get_bool ("COLLAPSE_THREADS", &s->collapse_threads, 1);
      /* timemory's per-thread results: trun's per-thread rows.  */
      if (!s->collapse_threads)
        s->per_thread = 1;
    }
  else if (strcmp (name, "MEMORY_UNITS") == 0)
    load_units (); /* TIMING_UNITS with it */
  else if (strcmp (name, "TREE_MAX_NODES") == 0)
    {
      int tree_max_nodes;
      get_int ("TREE_MAX_NODES", &tree_max_nodes, 0, INT_MAX, 250000);
      s->tree_max_nodes = tree_max_nodes;
    }
  else if (strcmp (name, "TIMELINE") == 0)
    load_timeline (); /* TIMELINE_BUFFER ... _EXCLUDE with it */
  else if (strcmp (name, "FLAMEGRAPH_MIN_WIDTH") == 0)
    get_percent ("FLAMEGRAPH_MIN_WIDTH", &s->flamegraph_min_width, 0.1);
  else if (strcmp (name, "MAX_NODES") == 0)
    {
      int max_nodes;
      get_int ("MAX_NODES", &max_nodes, 0, INT_MAX, 200000);
      s->max_nodes = max_nodes;
    }
  else if (strcmp (name, "VERBOSE") == 0)
    {
      get_int ("VERBOSE", &s->verbose, INT_MIN, INT_MAX, 0);
      if (*debug && s->verbose < 2)
        s->verbose = 2;
    }
  else if (strcmp (name, "SIGNAL_HANDLERS") == 0)
    load_signal_handlers (s);
  else if (strcmp (name, "TOPOLOGY") == 0)
    load_topology_source (s);
  else if (strcmp (name, "THROTTLE_COUNT") == 0)
    load_throttle (); /* THROTTLE_VALUE with it */
  else if (strcmp (name, "REGION_INCLUDE") == 0)
    trun_filters.region_include = get_string ("REGION_INCLUDE", "");
  else if (strcmp (name, "REGION_EXCLUDE") == 0)
    trun_filters.region_exclude = get_string ("REGION_EXCLUDE", "");
  /* components/ parses these (its warnings may depend on verbosity).  */
  else if (strcmp (name, "COMPONENTS") == 0)
    get_component_list ("COMPONENTS", &s->components_list, &s->components_var);
  else if (strcmp (name, "TRACE_COMPONENTS") == 0)
    get_component_list ("TRACE_COMPONENTS", &s->trace_components_list,
                        &s->trace_components_var);
  else if (strcmp (name, "TIMING_UNITS") == 0 || strcmp (name, "THROTTLE_VALUE") == 0)
    ; /* read with MEMORY_UNITS, THROTTLE_COUNT */
  else /* a row nobody reads: a bug */
    trun_warn ("internal: setting %s has no loader", name);
}

/* Every row of the table, in its order: the warnings come in the same
   order as the variables in the table.  */

void
trun_settings_load (void)
{
  static int loaded;
  if (loaded)
    return;
  loaded = 1;
  scan_environment ();
  struct trun_settings *s = &trun_settings;
  int debug = 0;
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      const struct trun_setting *t = &trun_setting_table[i];
      if (t->type == TRUN_SETTING_UNIMPLEMENTED)
        continue;
      switch (t->load)
        {
        case TRUN_LOAD_FIELD:
          load_field (s, t);
          break;
        case TRUN_LOAD_OVERRIDE:
          get_override (t->name, (int *) ((char *) s + t->offset), t->lo, t->hi,
                        t->type == TRUN_SETTING_BOOL);
          break;
        case TRUN_LOAD_SPECIAL:
          load_special (s, t->name, &debug);
          break;
        case TRUN_LOAD_WITH:
        case TRUN_LOAD_ELSEWHERE:
          break;
        }
    }
  warn_unimplemented ();
  free (prefixed);
  free (prefix_len);
  free (suffix_len);
  prefixed = NULL;
  prefix_len = NULL;
  suffix_len = NULL;
}
