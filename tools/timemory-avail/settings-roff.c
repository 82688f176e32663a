/* tools/timemory-avail/settings-roff.c -- the settings table
 * (rt/config/settings-table.c) as roff, for the SETTINGS section of
 * trun(7): the build runs it and puts its output into doc/man/trun.7.in.
 * Not installed.
 */
#include <stdio.h>
#include <string.h>

#include "config/settings.h"

/* S with roff's special characters escaped.  */
static void
put (const char *s)
{
  for (; *s; s++)
    if (*s == '\\')
      fputs ("\\e", stdout);
    else if (*s == '-')
      fputs ("\\-", stdout);
    else
      putchar (*s);
}

int
main (void)
{
  int first = 1;
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      const struct trun_setting *t = &trun_setting_table[i];
      if (t->type == TRUN_SETTING_UNIMPLEMENTED)
        continue;
      fputs (".TP\n.B TRUN_", stdout);
      put (t->name);
      fputs ("\n", stdout);
      put (trun_setting_type_name (t->type));
      if (*t->dflt)
        {
          fputs (", default \\fB", stdout);
          put (t->dflt);
          fputs ("\\fR", stdout);
        }
      fputs (": ", stdout);
      put (t->description);
      fputs (".\n", stdout);
    }
  fputs (".PP\ntimemory's settings trun recognises but does not implement "
         "(one warning each when set):\n", stdout);
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      const struct trun_setting *t = &trun_setting_table[i];
      if (t->type != TRUN_SETTING_UNIMPLEMENTED)
        continue;
      fputs (first ? "\\fB" : ",\n\\fB", stdout);
      fputs ("TIMEMORY_", stdout);
      put (t->name);
      fputs ("\\fR", stdout);
      first = 0;
    }
  fputs (".\n", stdout);
  return ferror (stdout) != 0;
}
