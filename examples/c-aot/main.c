/* examples/c-aot: a C program that runs tremolo.graph (this folder's copy
 * of graphs/tremolo.graph) with no resinc and no LLVM at run time. The
 * build compiled the graph ahead of time:
 *
 *   resinc compile tremolo.graph -o tremolo.o      (the ELF object)
 *   resinc compile tremolo.graph -o tremolo.h      (its C header)
 *   cc -std=c99 main.c tremolo.o -lm -o c-aot
 *
 * It processes one second (44100 samples) of a constant input of 1.0, so
 * the output is the tremolo's gain itself, 0.75 + 0.25 sin(2 pi 5 n / 44100),
 * and checks it: finite, the exact first samples, within 1e-5 of that
 * formula everywhere, swinging between 0.5 and 1.0, and continuing
 * seamlessly when the next second is processed in blocks of 512 samples.
 * It also checks that the kernel left the caller's MXCSR as it was.
 * Exit status 0 when every check holds. */
#include "tremolo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <xmmintrin.h>

#define LENGTH 44100

static int failures = 0;

static void check(int ok, const char *what) {
  printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok)
    failures++;
}

/* The tremolo's gain at sample n, in double. */
static double expected(long n) {
  const double pi = 3.14159265358979323846;
  return 0.75 + 0.25 * sin(2.0 * pi * 5.0 * (double)n / tremolo_SAMPLE_RATE);
}

int main(void) {
  float *in = malloc(sizeof(float) * LENGTH);
  float *out = malloc(sizeof(float) * LENGTH);
  void *state = malloc(tremolo_state_size()); /* malloc's alignment is enough */
  const float *ins[tremolo_NUM_INPUTS];
  float *outs[tremolo_NUM_OUTPUTS];
  double worst = 0, lowest = 2, highest = 0, energy = 0;
  int finite = 1;
  long n;
  unsigned csr;

  if (!in || !out || !state)
    return 2;
  for (n = 0; n < LENGTH; ++n)
    in[n] = 1.0f;
  ins[0] = in;
  outs[0] = out;

  tremolo_init(state);
  csr = _mm_getcsr();
  tremolo_process(state, ins, outs, LENGTH);
  check(_mm_getcsr() == csr, "MXCSR restored after tremolo_process");

  for (n = 0; n < LENGTH; ++n) {
    double error = fabs(out[n] - expected(n));
    finite = finite && isfinite(out[n]);
    worst = error > worst ? error : worst;
    lowest = out[n] < lowest ? out[n] : lowest;
    highest = out[n] > highest ? out[n] : highest;
    energy += (double)out[n] * out[n];
  }
  check(finite, "every sample is finite");
  check(out[0] == 0.75f, "out[0] == 0.75 (sin 0 = 0)");
  check(fabs(out[2205] - 1.0) < 1e-6, "out[2205] == 1.0 (a quarter LFO period, peak gain)");
  printf("      max |out[n] - (0.75 + 0.25 sin(2 pi 5 n / 44100))| = %.3g\n", worst);
  check(worst < 1e-5, "output follows the tremolo formula within 1e-5");
  check(lowest < 0.5001 && highest > 0.9999, "gain swings between 0.5 and 1.0");
  check(sqrt(energy / LENGTH) > 0.5, "not silent (RMS > 0.5)");

  /* The next second in blocks of 512: the sample index lives in the state. */
  worst = 0;
  for (n = 0; n < LENGTH; n += 512) {
    long len = LENGTH - n < 512 ? LENGTH - n : 512, k;
    ins[0] = in + n;
    outs[0] = out + n;
    tremolo_process(state, ins, outs, len);
    for (k = 0; k < len; ++k) {
      double error = fabs(out[n + k] - expected(LENGTH + n + k));
      worst = error > worst ? error : worst;
    }
  }
  check(worst < 1e-5, "the second second, in blocks of 512, continues the LFO");

  free(state);
  free(out);
  free(in);
  printf("%s\n", failures ? "c-aot: FAILED" : "c-aot: all checks passed");
  return failures ? 1 : 0;
}
