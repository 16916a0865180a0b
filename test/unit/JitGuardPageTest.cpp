// Issue 5's guard-page tests: no engine reads or writes a buffer outside
// [0, len). Every input and output buffer (and the arrays of channel
// pointers) is placed right against a PROT_NONE page, either with its last
// float just before the guard page (reads or writes at len and beyond) or
// with its first float just after one (reads or writes below index 0), for
// every length 0..257, with every engine the host runs (interp, native and
// every JIT width). An access outside the buffer raises SIGSEGV, which fails
// the test case (doctest reports the signal and the case); the message of
// the case being run is printed with it.
//
// Audio graphs: graphs/chorus.graph (one input, two outputs, vdelay),
// graphs/affine_chain.graph, a two-in, two-out graph with a filter and a
// delay, and a random graph. Fields: every field in graphs/, the row's out
// buffer against a guard page. The values are also compared with interp's.
#include "RandomGraph.h"
#include "TestUtil.h"

#include "resin/engine/Engine.h"
#include "resin/registry/EngineRegistry.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace resin::test {

namespace {

constexpr int64_t kMaxLen = 257;
constexpr uint32_t kSentinelBits = 0x7fa5a5a5u;

/// Three pages: PROT_NONE, read-write, PROT_NONE. A buffer is placed at the
/// end of the middle page (Guard::After: element len is the first byte of
/// the guard page) or at its start (Guard::Before: element -1 is the last
/// float of the guard page before it).
enum class Guard { After, Before };

std::string guardName(Guard g) {
  return g == Guard::After ? "guard page after the buffer" : "guard page before the buffer";
}

class GuardedPage {
public:
  GuardedPage() {
    page_ = size_t(sysconf(_SC_PAGESIZE));
    void *base =
        mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(base != MAP_FAILED);
    base_ = static_cast<char *>(base);
    REQUIRE(mprotect(base_, page_, PROT_NONE) == 0);
    REQUIRE(mprotect(base_ + 2 * page_, page_, PROT_NONE) == 0);
  }
  GuardedPage(const GuardedPage &) = delete;
  GuardedPage &operator=(const GuardedPage &) = delete;
  ~GuardedPage() { munmap(base_, 3 * page_); }

  /// Room for `count` objects of type T against the guard page.
  template <class T> T *place(size_t count, Guard guard) {
    REQUIRE(count * sizeof(T) <= page_);
    char *middle = base_ + page_;
    if (guard == Guard::Before)
      return reinterpret_cast<T *>(middle);
    return reinterpret_cast<T *>(middle + page_ - count * sizeof(T));
  }
  /// The whole middle page as floats (to preset it).
  float *page() { return reinterpret_cast<float *>(base_ + page_); }
  size_t pageFloats() const { return page_ / sizeof(float); }

private:
  size_t page_ = 0;
  char *base_ = nullptr;
};

/// While alive, a SIGSEGV or SIGBUS first prints the case being run (set
/// with note()) to stderr, then goes on to the handler installed before
/// (doctest's, which fails the test case): doctest cannot print INFO
/// contexts for a signal.
class CrashNote {
public:
  CrashNote() {
    struct sigaction action {};
    action.sa_handler = &CrashNote::handle;
    action.sa_flags = SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &oldSegv_);
    sigaction(SIGBUS, &action, &oldBus_);
  }
  CrashNote(const CrashNote &) = delete;
  CrashNote &operator=(const CrashNote &) = delete;
  ~CrashNote() {
    sigaction(SIGSEGV, &oldSegv_, nullptr);
    sigaction(SIGBUS, &oldBus_, nullptr);
  }
  template <class... Args> static void note(const char *format, Args... args) {
    std::snprintf(text_, sizeof text_, format, args...);
  }

private:
  static void handle(int signal) {
    const char head[] = "\nguard page test: out-of-bounds access while running: ";
    [[maybe_unused]] auto a = write(2, head, sizeof head - 1);
    [[maybe_unused]] auto b = write(2, text_, strnlen(text_, sizeof text_));
    [[maybe_unused]] auto c = write(2, "\n", 1);
    // Back to the previous handler; the faulting access runs again and
    // raises the signal there.
    sigaction(signal, signal == SIGSEGV ? &oldSegv_ : &oldBus_, nullptr);
  }
  static inline char text_[512] = {};
  static inline struct sigaction oldSegv_ {};
  static inline struct sigaction oldBus_ {};
};

float sentinel() {
  float f;
  std::memcpy(&f, &kSentinelBits, 4);
  return f;
}

bool sameValue(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  return std::memcmp(&a, &b, 4) == 0;
}

std::vector<std::filesystem::path> exampleFiles(std::string_view extension) {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(RESIN_GRAPHS_DIR))
    if (entry.path().extension() == extension)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

struct Subject {
  std::string name;
  Graph graph;
};

std::vector<Subject> audioSubjects() {
  std::vector<Subject> subjects;
  for (const char *file : {"chorus.graph", "affine_chain.graph"}) {
    auto graph = loadFile(std::string(RESIN_GRAPHS_DIR) + "/" + file);
    REQUIRE_MESSAGE(graph, file);
    subjects.push_back({file, std::move(*graph)});
  }
  subjects.push_back({"two-in two-out graph", parseOk(R"(name guard_io
input a, b
s = a * 0.5 + b -> gain(0.25)
f = s -> onepole(mode=lowpass, cutoff=2000)
d = b -> delay(3)
output f + a, d * a - b
)",
                                                      SourceFormat::GraphText)});
  // The first random graph with two inputs and two outputs, if any within
  // a few seeds (the generator draws 1..2 of each); else the first one.
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Graph g = randomAudioGraph(seed);
    if ((g.inputsByChannel().size() == 2 && g.outputsByChannel().size() == 2) || seed == 50) {
      subjects.push_back({"randomAudioGraph(" + std::to_string(seed) + ")", std::move(g)});
      break;
    }
  }
  return subjects;
}

} // namespace

TEST_CASE("guard page: no engine (interp, native, every JIT width) reads or writes outside an "
          "audio buffer") {
  CrashNote crashNote;
  for (const Subject &subject : audioSubjects()) {
    auto interp = makeAudioProcessor("interp", subject.graph);
    REQUIRE_MESSAGE(interp, subject.name);
    const size_t numIn = (*interp)->numInputs(), numOut = (*interp)->numOutputs();
    std::vector<std::unique_ptr<GuardedPage>> inPages, outPages;
    for (size_t c = 0; c < numIn; ++c)
      inPages.push_back(std::make_unique<GuardedPage>());
    for (size_t c = 0; c < numOut; ++c)
      outPages.push_back(std::make_unique<GuardedPage>());
    GuardedPage inPtrPage, outPtrPage;
    // Input samples, the same for every length (noise in [-1, 1)).
    std::vector<std::vector<float>> signal(numIn, std::vector<float>(kMaxLen));
    Rng rng(4242);
    for (auto &c : signal)
      for (float &v : c)
        v = float(rng.uniform(-1, 1));
    // interp's outputs for the whole signal: the reference for every prefix.
    std::vector<std::vector<float>> reference(numOut, std::vector<float>(kMaxLen));
    {
      std::vector<const float *> in;
      std::vector<float *> out;
      for (auto &c : signal)
        in.push_back(c.data());
      for (auto &c : reference)
        out.push_back(c.data());
      (*interp)->process(in.data(), out.data(), kMaxLen);
    }
    for (std::string_view engine : hostEngineNames()) {
      auto processor = makeAudioProcessor(engine, subject.graph);
      REQUIRE_MESSAGE(processor, subject.name << " " << engine);
      for (Guard guard : {Guard::After, Guard::Before}) {
        for (int64_t len = 0; len <= kMaxLen; ++len) {
          INFO(subject.name << ", engine " << engine << ", " << guardName(guard)
                            << ", len = " << len);
          CrashNote::note("%s, engine %s, %s, process() of len %lld", subject.name.c_str(),
                          std::string(engine).c_str(), guardName(guard).c_str(), (long long)len);
          const float **in = inPtrPage.place<const float *>(numIn, guard);
          float **out = outPtrPage.place<float *>(numOut, guard);
          for (size_t c = 0; c < numIn; ++c) {
            float *buffer = inPages[c]->place<float>(size_t(len), guard);
            std::copy(signal[c].begin(), signal[c].begin() + len, buffer);
            in[c] = buffer;
          }
          for (size_t c = 0; c < numOut; ++c) {
            GuardedPage &page = *outPages[c];
            std::fill(page.page(), page.page() + page.pageFloats(), sentinel());
            out[c] = page.place<float>(size_t(len), guard);
          }
          (*processor)->init();
          (*processor)->process(in, out, len);
          for (size_t c = 0; c < numOut; ++c) {
            for (int64_t i = 0; i < len; ++i)
              if (!sameValue(out[c][i], reference[c][size_t(i)])) {
                FAIL_CHECK("output " << c << " sample " << i << ": " << out[c][i]
                                     << ", interp: " << reference[c][size_t(i)]);
                break;
              }
            // Nothing written outside the buffer on the open side either.
            GuardedPage &page = *outPages[c];
            float *first = page.page(), *last = page.page() + page.pageFloats();
            bool untouched =
                std::all_of(first, out[c],
                            [](float v) { return std::memcmp(&v, &kSentinelBits, 4) == 0; }) &&
                std::all_of(out[c] + len, last,
                            [](float v) { return std::memcmp(&v, &kSentinelBits, 4) == 0; });
            CHECK_MESSAGE(untouched, "output " << c << ": written outside [0, len)");
          }
        }
      }
    }
  }
}

TEST_CASE("guard page: no engine (interp, native, every JIT width) writes outside a field row") {
  for (const auto &path : exampleFiles(".field")) {
    auto field = loadFile(path.string());
    REQUIRE_MESSAGE(field, path.string());
    const std::string name = path.filename().string();
    auto interp = makeFieldEvaluator("interp", *field);
    REQUIRE_MESSAGE(interp, name);
    std::vector<float> reference(kMaxLen);
    const float x0 = -1.75f, dx = 0.0173f, y = 0.37f, z = 0.5f, t = 1.25f;
    (*interp)->row(x0, dx, y, z, t, reference.data(), kMaxLen);
    GuardedPage page;
    CrashNote crashNote;
    for (std::string_view engine : hostEngineNames()) {
      auto evaluator = makeFieldEvaluator(engine, *field);
      REQUIRE_MESSAGE(evaluator, name << " " << engine);
      for (Guard guard : {Guard::After, Guard::Before}) {
        for (int64_t len = 0; len <= kMaxLen; ++len) {
          INFO(name << ", engine " << engine << ", " << guardName(guard) << ", len = " << len);
          CrashNote::note("%s, engine %s, %s, row() of len %lld", name.c_str(),
                          std::string(engine).c_str(), guardName(guard).c_str(), (long long)len);
          std::fill(page.page(), page.page() + page.pageFloats(), sentinel());
          float *out = page.place<float>(size_t(len), guard);
          (*evaluator)->row(x0, dx, y, z, t, out, len);
          for (int64_t i = 0; i < len; ++i)
            if (!sameValue(out[i], reference[size_t(i)])) {
              FAIL_CHECK("sample " << i << ": " << out[i] << ", interp: " << reference[size_t(i)]);
              break;
            }
          float *first = page.page(), *last = page.page() + page.pageFloats();
          bool untouched =
              std::all_of(first, out,
                          [](float v) { return std::memcmp(&v, &kSentinelBits, 4) == 0; }) &&
              std::all_of(out + len, last,
                          [](float v) { return std::memcmp(&v, &kSentinelBits, 4) == 0; });
          CHECK_MESSAGE(untouched, "written outside [0, len)");
        }
      }
    }
  }
}

} // namespace resin::test
