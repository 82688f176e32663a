// A C++ program in the style of timemory's tutorials, written against
// timemory/library.h only: std::cout, std::thread, std::vector and
// std::mutex come through that header, as they do with timemory.
// Regions it makes (4 threads, 8 values):
//
//   main
//   |_generation-region
//   |_thread-region
//     |_thread-parallel-region   8 (scoped records, one per value)
//       |_fibonacci              8 (record of the current set)
//   |_mpi-region                 with USE_MPI: an MPI_Allreduce of the sums
//   typed                        3, only cpu_clock (its own list)
//   |_enums                      wall_clock and cpu_util (enumerators)
//   |_counted                    3 nested records begun with _enum,
//                                ended by id
#if defined(USE_MPI)
#include <mpi.h>
#endif
#include <timemory/library.h>

namespace
{
long
fibonacci (long n)
{
  uint64_t id = timemory_get_begin_record ("fibonacci");
  long r = 0, a = 0, b = 1;
  for (long i = 0; i < n; ++i)
    {
      r = a + b;
      a = b;
      b = r;
    }
  timemory_end_record (id);
  return a;
}

std::mutex print_lock;
}

int
main (int argc, char **argv)
{
#if defined(USE_MPI)
  MPI_Init (&argc, &argv);
#endif
  timemory_init_library (argc, argv);
  timemory_set_default ("wall_clock, peak_rss");
  timemory_push_region ("main");

  std::vector<long> values;
  {
    timemory_scoped_record r ("generation-region");
    for (long i = 1; i <= 8; ++i)
      values.push_back (i * 5);
  }

  timemory_push_region ("thread-region");
  std::vector<std::thread> threads;
  std::atomic<long> sum{ 0 };
  for (int t = 0; t < 4; ++t)
    threads.emplace_back ([&values, &sum, t] () {
      for (size_t i = static_cast<size_t> (t); i < values.size (); i += 4)
        {
          timemory_scoped_record r ("thread-parallel-region");
          sum += fibonacci (values[i]);
        }
    });
  for (auto &th : threads)
    th.join ();
  timemory_pop_region ("thread-region");
#if defined(USE_MPI)
  {
    timemory_scoped_record r ("mpi-region");
    long mine = sum.load (), all = 0;
    MPI_Allreduce (&mine, &all, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    sum = all;
  }
#endif

  for (int i = 0; i < 3; ++i)
    timemory_scoped_record typed ("typed", "cpu_clock, current_peak_rss");
  {
    timemory_scoped_record enums ("enums", WALL_CLOCK, CPU_UTIL, PAPI_ARRAY);
  }
  uint64_t ids[3];
  for (auto &id : ids)
    timemory_begin_record_enum ("counted", &id, WALL_CLOCK,
                                TIMEMORY_COMPONENTS_END);
  for (int i = 2; i >= 0; --i)
    timemory_end_record (ids[i]);

  timemory_pop_region ("main");
  {
    std::lock_guard<std::mutex> lk (print_lock);
    std::cout << "sum " << sum.load () << std::endl;
  }
  timemory_finalize_library ();
#if defined(USE_MPI)
  MPI_Finalize ();
#endif
  return 0;
}
