// omp-proxy.cc -- a small OpenMP C++ proxy application, written the way
// HPC codes are: kernels are `static inline` functions holding
// `#pragma omp parallel for` loops, the data sits behind one-line
// accessor methods (inline, as every method defined in its class is),
// and a time-step loop drives the kernels.  A 1-D chain of masses and
// springs, integrated with explicit Euler steps.
//
//   omp-proxy [N [STEPS]]     N masses (default 200000), STEPS steps (50)
//
// Used by tests/rt/inst-proxy.sh (what trun's default build shows) and
// bench/run.py (what it costs).  Prints a checksum that does not depend
// on instrumentation.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

class Field
{
  std::vector<double> v_;

public:
  explicit Field (int n) : v_ (n, 0.0) {}
  double &operator[] (int i) { return v_[i]; }
  double operator[] (int i) const { return v_[i]; }
  int size () const { return (int) v_.size (); }
};

struct Domain
{
  int n;
  double dt, k, damp;
  Field x, v, f, e;
  explicit Domain (int n_)
      : n (n_), dt (1e-3), k (4.0), damp (0.01), x (n_), v (n_), f (n_), e (n_)
  {
  }
  int size () const { return n; }
  double &pos (int i) { return x[i]; }
  double &vel (int i) { return v[i]; }
  double &force (int i) { return f[i]; }
  double &energy (int i) { return e[i]; }
  double stiffness () const { return k; }
  double timestep () const { return dt; }
  void set_timestep (double t) { dt = t; }
};

// A point function: called for every mass, no loop, a few statements.
static inline double
spring (double left, double mid, double right, double k)
{
  return k * (left - 2.0 * mid + right);
}

static inline int
wrap (int i, int n)
{
  return i < 0 ? i + n : i >= n ? i - n : i;
}

static inline void
init_domain (Domain &d)
{
  const int n = d.size ();
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++)
    {
      d.pos (i) = std::sin (6.283185307179586 * i / n);
      d.vel (i) = 0.0;
    }
}

static inline void
compute_forces (Domain &d)
{
  const int n = d.size ();
  const double k = d.stiffness ();
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++)
    d.force (i) = spring (d.pos (wrap (i - 1, n)), d.pos (i),
                          d.pos (wrap (i + 1, n)), k);
}

static inline void
apply_damping (Domain &d)
{
  const int n = d.size ();
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++)
    d.force (i) -= d.damp * d.vel (i);
}

static inline void
integrate (Domain &d)
{
  const int n = d.size ();
  const double dt = d.timestep ();
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++)
    {
      d.vel (i) += dt * d.force (i);
      d.pos (i) += dt * d.vel (i);
    }
}

// A parallel region with a worksharing loop inside, not combined.
static inline void
update_energy (Domain &d)
{
  const int n = d.size ();
#pragma omp parallel
  {
#pragma omp for schedule(static)
    for (int i = 0; i < n; i++)
      d.energy (i) = 0.5 * d.vel (i) * d.vel (i)
                     + 0.5 * d.stiffness () * d.pos (i) * d.pos (i);
  }
}

static inline double
total_energy (Domain &d)
{
  const int n = d.size ();
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) schedule(static)
  for (int i = 0; i < n; i++)
    sum += d.energy (i);
  return sum;
}

static inline double
time_constraint (Domain &d)
{
  const int n = d.size ();
  double vmax = 0.0;
#pragma omp parallel for reduction(max : vmax) schedule(static)
  for (int i = 0; i < n; i++)
    vmax = std::fmax (vmax, std::fabs (d.vel (i)));
  return vmax > 0.0 ? std::fmin (1e-3, 0.1 / vmax) : 1e-3;
}

// A driver with no loop: small, so skipped by default.
static inline void
step (Domain &d)
{
  compute_forces (d);
  apply_damping (d);
  integrate (d);
}

// The time-step loop.
static double
run (Domain &d, int steps)
{
  double energy = 0.0;
  for (int s = 0; s < steps; s++)
    {
      step (d);
      if (s % 10 == 0)
        {
          d.set_timestep (time_constraint (d));
          update_energy (d);
          energy = total_energy (d);
        }
    }
  return energy;
}

int
main (int argc, char **argv)
{
  int n = argc > 1 ? std::atoi (argv[1]) : 200000;
  int steps = argc > 2 ? std::atoi (argv[2]) : 50;
  Domain d (n);
  init_domain (d);
  double e = run (d, steps);
  std::printf ("energy %.12e dt %.12e\n", e, d.timestep ());
  return 0;
}
