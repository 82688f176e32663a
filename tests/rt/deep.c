/* Recursion 100000 deep through the region API, and mismatched ends.  */
#include <stdio.h>
#include <string.h>
#include <trun/trun.h>

static int
down (int n)
{
  if (n == 0)
    return 0;
  trun_region_begin ("down");
  int r = down (n - 1) + 1;
  trun_region_end ("down");
  return r;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "mismatch") == 0)
    {
      trun_region_begin ("outer");
      trun_region_begin ("inner");
      trun_region_end ("outer"); /* repairs: closes inner and outer */
      trun_region_begin ("outer");
      trun_region_begin ("inner");
      trun_region_end ("outer"); /* same mismatch: no second warning */
      trun_region_end ("never-begun");
      trun_region_end ("never-begun");
      trun_region_begin ("left-open");
      return 0;
    }
  printf ("%d\n", down (100000));
  return 0;
}
