/* rt/report_json.h -- JSON writing helpers shared by report_json.c and
 * report_coverage.c.  They write with unlocked stdio: call them between
 * flockfile (out) and funlockfile (out).
 */
#ifndef TRUN_RT_REPORT_JSON_H
#define TRUN_RT_REPORT_JSON_H

#include <stdio.h>

#include "internal.h"

/* S escaped as a JSON string (NULL: null).  */
TRUN_HIDDEN void trun_json_string (FILE *out, const char *s);
/* V as a JSON number (non-finite: null).  */
TRUN_HIDDEN void trun_json_number (FILE *out, double v);
/* The "metadata" object of INFO (S may be NULL: no settings).  */
TRUN_HIDDEN void trun_json_metadata (FILE *out,
                                     const struct trun_run_info *info,
                                     const struct trun_settings *s);

#endif
