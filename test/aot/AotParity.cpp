// AOT parity: ahead-of-time objects of every graph and field in graphs/,
// linked into this program and called through their C ABI (the generated
// headers, exactly as a C program calls them), against `interp` on the same
// optimized graph, bit for bit (NaN equals NaN), on verify's inputs: every
// buffer length of docs/reference/cli.md after a fresh init, sines, noise, edge values and
// noise with sparse edge values, and random block splits of a whole second.
//
// Why a C++ harness rather than a pure C program with reference files: the
// kernels are called through the same extern "C" declarations a C program
// uses, and having interp in the same process lets every input of
// verify (subnormals, infinities, NaN) be compared without a file format in
// between. The C-only path is covered by examples/c-aot and the header test.
//
// The objects set the float environment themselves, so the caller's MXCSR
// is made hostile on purpose: FTZ/DAZ cleared for kernels that must flush,
// set for kernels that must not (fields, --no-ftz). After every call MXCSR
// must be what the caller had.
//
//   resin_aot_parity SOURCE     checks every kernel compiled from SOURCE
#include "resin/engine/Engine.h"
#include "resin/parity/Parity.h"
#include "resin/passes/PassManager.h"
#include "resin/registry/EngineRegistry.h"
#include "resin/syntax/Load.h"

#include <xmmintrin.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using ProcessFn = void (*)(void *, const float *const *, float *const *, int64_t);

struct AudioKernel {
  const char *name;
  const char *source;
  const char *cpu; // --target-cpu of the object ("": the host)
  bool ftz;
  size_t (*stateSize)(void);
  void (*init)(void *);
  ProcessFn process;
};

struct FieldKernel {
  const char *name;
  const char *source;
  const char *cpu;
  float (*eval)(float, float, float, float);
  void (*row)(float, float, float, float, float, float *, int64_t);
};

} // namespace

// The generated table: #includes of every kernel header, then kAudioKernels
// and kFieldKernels (test/aot/CMakeLists.txt writes it).
#include "aot_kernels.inc"

namespace {

constexpr unsigned kFtzDaz = 0x8040;
constexpr int64_t kSignal = 44100;

int failures = 0;

/// Whether this host runs code for `cpu` (an object for a wider ISA than
/// the host's is skipped with a note, not run into SIGILL).
bool hostRuns(const std::string &cpu) {
  __builtin_cpu_init();
  if (cpu == "x86-64-v2")
    return __builtin_cpu_supports("x86-64-v2");
  if (cpu == "x86-64-v3")
    return __builtin_cpu_supports("x86-64-v3");
  if (cpu == "x86-64-v4")
    return __builtin_cpu_supports("x86-64-v4");
  return cpu.empty();
}

void fail(const std::string &message) {
  if (++failures <= 20)
    std::printf("FAIL %s\n", message.c_str());
}

/// Calls `call` with the caller's MXCSR set to `callerMode` and checks that
/// the kernel restored it.
template <class Call> void withCallerMode(unsigned callerMode, const char *name, Call call) {
  unsigned saved = _mm_getcsr();
  _mm_setcsr((saved & ~kFtzDaz) | callerMode);
  call();
  unsigned after = _mm_getcsr();
  _mm_setcsr(saved);
  if (after != ((saved & ~kFtzDaz) | callerMode))
    fail(std::string(name) + ": MXCSR not restored");
}

std::vector<float> signal(const std::string &kind, size_t channel, uint64_t seed) {
  std::mt19937_64 rng(seed * 31 + channel);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const std::vector<float> &edges = resin::parity::edgeValues();
  std::vector<float> s(static_cast<size_t>(kSignal));
  for (size_t n = 0; n < s.size(); ++n) {
    if (kind == "sine")
      s[n] =
          float(0.8 * std::sin(2 * M_PI * (220.0 + 110.0 * double(channel)) * double(n) / 44100));
    else if (kind == "noise")
      s[n] = uniform(rng);
    else if (kind == "edges")
      s[n] = edges[(n + 3 * channel) % edges.size()];
    else // sparse edges in noise
      s[n] = n % 13 == 7 ? edges[(n / 13) % edges.size()] : uniform(rng);
  }
  return s;
}

/// Channel pointers at sample `at` (float ** converts to const float *const *).
std::vector<float *> pointers(std::vector<std::vector<float>> &channels, int64_t at) {
  std::vector<float *> p;
  for (auto &c : channels)
    p.push_back(c.data() + at);
  return p;
}

/// Compares out[0..length) of every channel with the reference prefix.
void compare(const char *name, const std::string &what, const std::vector<std::vector<float>> &got,
             const std::vector<std::vector<float>> &want, int64_t length) {
  for (size_t c = 0; c < got.size(); ++c)
    for (int64_t n = 0; n < length; ++n)
      if (!resin::parity::sameValue(got[c][size_t(n)], want[c][size_t(n)])) {
        fail(std::string(name) + ": " + what + ": output " + std::to_string(c) + " sample " +
             std::to_string(n) + ": aot " + resin::parity::showFloat(got[c][size_t(n)]) +
             ", interp " + resin::parity::showFloat(want[c][size_t(n)]));
        return;
      }
}

void checkAudio(const resin::Graph &graph, const AudioKernel &kernel, int64_t &cases) {
  auto interp = resin::makeAudioProcessor("interp", graph, {resin::MathMode::Precise, kernel.ftz});
  if (!interp) {
    fail(std::string(kernel.name) + ": interp: " + interp.errors()[0].str());
    return;
  }
  size_t inputs = (*interp)->numInputs(), outputs = (*interp)->numOutputs();
  std::vector<uint64_t> state((kernel.stateSize() + 7) / 8 + 1);
  unsigned callerMode = kernel.ftz ? 0 : kFtzDaz; // the opposite of what the kernel needs
  std::mt19937_64 splits(7);
  for (const char *kind : {"sine", "noise", "edges", "sparse-edges"}) {
    std::vector<std::vector<float>> in;
    for (size_t c = 0; c < inputs; ++c)
      in.push_back(signal(kind, c, 1));
    // interp is causal: its whole-signal output gives every prefix.
    std::vector<std::vector<float>> want(outputs, std::vector<float>(size_t(kSignal)));
    (*interp)->init();
    (*interp)->process(pointers(in, 0).data(), pointers(want, 0).data(), kSignal);
    std::vector<std::vector<float>> got(outputs, std::vector<float>(size_t(kSignal)));
    for (int64_t length : resin::parity::bufferLengths()) {
      kernel.init(state.data());
      withCallerMode(callerMode, kernel.name, [&] {
        kernel.process(state.data(), pointers(in, 0).data(), pointers(got, 0).data(), length);
      });
      compare(kernel.name, std::string(kind) + ", one process() of " + std::to_string(length), got,
              want, length);
      ++cases;
    }
    kernel.init(state.data());
    for (int64_t at = 0; at < kSignal;) {
      int64_t length = std::min<int64_t>(kSignal - at, int64_t(splits() % 700) + 1);
      withCallerMode(callerMode, kernel.name, [&] {
        kernel.process(state.data(), pointers(in, at).data(), pointers(got, at).data(), length);
      });
      at += length;
    }
    compare(kernel.name, std::string(kind) + ", random blocks", got, want, kSignal);
    ++cases;
  }
}

void checkField(const resin::Graph &field, const FieldKernel &kernel, int64_t &cases) {
  auto interp = resin::makeFieldEvaluator("interp", field, {resin::MathMode::Precise, false});
  if (!interp) {
    fail(std::string(kernel.name) + ": interp: " + interp.errors()[0].str());
    return;
  }
  auto checkRow = [&](float x0, float dx, float y, float z, float t, int64_t length) {
    std::vector<float> got(size_t(length) + 1), want(size_t(length) + 1);
    withCallerMode(kFtzDaz, kernel.name, [&] { kernel.row(x0, dx, y, z, t, got.data(), length); });
    (*interp)->row(x0, dx, y, z, t, want.data(), length);
    compare(kernel.name,
            "row(" + resin::parity::showFloat(x0) + ", " + resin::parity::showFloat(dx) + ", " +
                resin::parity::showFloat(y) + ", " + resin::parity::showFloat(z) + ", " +
                resin::parity::showFloat(t) + ")",
            {got}, {want}, length);
    ++cases;
  };
  auto checkPoint = [&](float x, float y, float z, float t) {
    float got = 0;
    withCallerMode(kFtzDaz, kernel.name, [&] { got = kernel.eval(x, y, z, t); });
    compare(kernel.name,
            "eval(" + resin::parity::showFloat(x) + ", " + resin::parity::showFloat(y) + ", " +
                resin::parity::showFloat(z) + ", " + resin::parity::showFloat(t) + ")",
            {{got}}, {{(*interp)->eval(x, y, z, t)}}, 1);
    ++cases;
  };
  // A grid over the unit square and one over [-4, 4]^2, at two times.
  for (float t : {0.0f, 1.5f})
    for (int j = 0; j < 64; ++j) {
      checkRow(0.5f / 64, 1.0f / 64, (float(j) + 0.5f) / 64, 0.0f, t, 64);
      checkRow(-4.0f + 4.0f / 64, 8.0f / 64, -4.0f + (float(j) + 0.5f) * 8.0f / 64, 0.25f, t, 64);
    }
  // Random points and rows of every length the buffer list names.
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> coordinate(-10.0f, 10.0f);
  for (int i = 0; i < 2000; ++i)
    checkPoint(coordinate(rng), coordinate(rng), coordinate(rng), coordinate(rng));
  for (int64_t length : resin::parity::bufferLengths())
    checkRow(coordinate(rng), coordinate(rng) / 100, coordinate(rng), coordinate(rng),
             coordinate(rng), length);
  // Edge values in every coordinate pair, and as a row's start and step.
  const std::vector<float> &edges = resin::parity::edgeValues();
  for (float a : edges)
    for (float b : edges) {
      checkPoint(a, b, 0.0f, 0.0f);
      checkPoint(0.5f, 0.5f, a, b);
      checkRow(a, b, 0.5f, 0.0f, 0.0f, 9);
    }
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SOURCE\n", argv[0]);
    return 2;
  }
  std::string source = argv[1];
  auto graph = resin::loadFile(source);
  if (!graph) {
    std::printf("FAIL %s\n", graph.errors()[0].str().c_str());
    return 1;
  }
  // What `resinc compile` does before lowering: the -O2 pipeline.
  resin::PipelineOptions options;
  auto optimized = resin::runPipeline(*graph, resin::pipelineForLevel(2), options);
  if (!optimized) {
    std::printf("FAIL %s\n", optimized.errors()[0].str().c_str());
    return 1;
  }
  int kernels = 0;
  int skipped = 0;
  auto runs = [&](const char *name, const char *cpu) {
    if (hostRuns(cpu))
      return true;
    std::printf("%-24s skipped: this host cannot run %s code\n", name, cpu);
    ++skipped;
    return false;
  };
  for (const AudioKernel &kernel : kAudioKernels)
    if (source == kernel.source && runs(kernel.name, kernel.cpu)) {
      int64_t cases = 0;
      checkAudio(*graph, kernel, cases);
      std::printf("%-24s %lld cases\n", kernel.name, static_cast<long long>(cases));
      ++kernels;
    }
  for (const FieldKernel &kernel : kFieldKernels)
    if (source == kernel.source && runs(kernel.name, kernel.cpu)) {
      int64_t cases = 0;
      checkField(*graph, kernel, cases);
      std::printf("%-24s %lld cases\n", kernel.name, static_cast<long long>(cases));
      ++kernels;
    }
  if (kernels == 0)
    fail("no AOT kernel was compiled from " + source);
  std::printf("%s: %d kernels, %d skipped, %d failures\n", source.c_str(), kernels, skipped,
              failures);
  return failures ? 1 : 0;
}
