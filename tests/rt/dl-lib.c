/* tests/rt/dl-lib.c -- an instrumented library that is loaded, called
 * and unloaded again and again.  */
__attribute__ ((noinline)) static int
lib_leaf (int x)
{
  return x + 1;
}

int
lib_work (int x)
{
  return lib_leaf (x) * 2;
}
