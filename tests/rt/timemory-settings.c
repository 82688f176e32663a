/* A function with a long name, for TIMEMORY_MAX_WIDTH, and a short one. */
#include <stdio.h>

long
a_function_whose_name_is_far_longer_than_any_table_should_show_it_because_it_goes_on_and_on_and_on_x (long n)
{
  long s = 0;
  for (long i = 0; i < n; i++)
    s += i;
  return s;
}

int
main (void)
{
  printf ("%ld\n",
          a_function_whose_name_is_far_longer_than_any_table_should_show_it_because_it_goes_on_and_on_and_on_x (100));
  return 0;
}
