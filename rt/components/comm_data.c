/* rt/components/comm_data.c -- comm_data: bytes sent plus received by the
 * MPI calls made between begin and end.  The MPI wrappers (rt/mpi.c) add
 * to the per-thread counter defined here.
 */
#include "components/family.h"

__thread uint64_t trun_comm_bytes;

void
trun_sample_comm_data (double *out)
{
  out[0] = (double) trun_comm_bytes;
}
