// examples/cpp-jit: a C++ program that uses libresin's embedding API
// (resin/resin.h) to load a graph, optimize it, JIT-compile it and process
// a buffer, and to compile a field written in memory and evaluate it. Each
// result is checked against the reference interpreter, bit for bit.
//
//   resin_example_cpp_jit GRAPH      e.g. graphs/tremolo.graph
//
// Built in resin's tree (examples/) and, by test/aot's install test, as a
// separate project against an installed resin (find_package(resin CONFIG)).
#include <resin/resin.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

void printErrors(const resin::Diagnostics &errors) {
  for (const resin::Diagnostic &error : errors)
    std::fprintf(stderr, "cpp-jit: error: %s\n", error.str().c_str());
}

bool sameBits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

/// Runs `graph` through `engine` on one second of a 440 Hz sine per input.
std::vector<std::vector<float>> render(const resin::Graph &graph, const char *engine) {
  resin::CompileOptions options;
  options.engine = engine;
  auto processor = resin::compileAudio(graph, options);
  if (!processor) {
    printErrors(processor.errors());
    return {};
  }
  const int64_t length = 44100;
  std::vector<std::vector<float>> in((*processor)->numInputs(), std::vector<float>(length));
  std::vector<std::vector<float>> out((*processor)->numOutputs(), std::vector<float>(length));
  for (auto &channel : in)
    for (int64_t n = 0; n < length; ++n)
      channel[size_t(n)] = float(std::sin(2 * 3.14159265358979 * 440 * double(n) / 44100));
  std::vector<const float *> inPointers;
  std::vector<float *> outPointers;
  for (auto &channel : in)
    inPointers.push_back(channel.data());
  for (auto &channel : out)
    outPointers.push_back(channel.data());
  (*processor)->process(inPointers.data(), outPointers.data(), length);
  return out;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s GRAPH\n", argv[0]);
    return 2;
  }
  int failures = 0;

  // An audio graph from a file: the JIT against the interpreter.
  auto graph = resin::loadGraph(argv[1]);
  if (!graph) {
    printErrors(graph.errors());
    return 1;
  }
  auto jit = render(*graph, "jit");
  auto reference = render(*graph, "interp");
  if (jit.empty() || jit.size() != reference.size())
    return 1;
  size_t differing = 0;
  double energy = 0;
  for (size_t c = 0; c < jit.size(); ++c)
    for (size_t n = 0; n < jit[c].size(); ++n) {
      differing += !sameBits(jit[c][n], reference[c][n]);
      energy += double(jit[c][n]) * jit[c][n];
    }
  std::printf("%s: %zu output(s) x 44100 samples, %zu differ from interp, energy %.3f\n",
              graph->name.c_str(), jit.size(), differing, energy);
  failures += differing != 0 || !(energy > 0);

  // A field from text in memory: eval and row against the interpreter.
  auto field = resin::parseGraph("let v = sin(x * 10 + t) * cos(y * 10 - t * 2);\nv * 0.5 + 0.5\n",
                                 resin::SourceFormat::FieldText, "stripes.field");
  if (!field) {
    printErrors(field.errors());
    return 1;
  }
  resin::CompileOptions fieldOptions;
  auto fast = resin::compileField(*field, fieldOptions);
  fieldOptions.engine = "interp";
  auto slow = resin::compileField(*field, fieldOptions);
  if (!fast || !slow) {
    printErrors(fast ? slow.errors() : fast.errors());
    return 1;
  }
  std::vector<float> row(256), rowReference(256);
  (*fast)->row(0.0f, 1.0f / 256, 0.25f, 0.0f, 0.5f, row.data(), 256);
  (*slow)->row(0.0f, 1.0f / 256, 0.25f, 0.0f, 0.5f, rowReference.data(), 256);
  differing = 0;
  for (size_t i = 0; i < row.size(); ++i)
    differing += !sameBits(row[i], rowReference[i]);
  float at = (*fast)->eval(0.3f, 0.7f, 0.0f, 1.0f);
  differing += !sameBits(at, (*slow)->eval(0.3f, 0.7f, 0.0f, 1.0f));
  std::printf("stripes.field: a row of 256 and one point, %zu differ from interp; "
              "f(0.3, 0.7, 0, 1) = %.9g\n",
              differing, double(at));
  failures += differing != 0;

  std::printf("%s\n", failures ? "cpp-jit: FAILED" : "cpp-jit: all checks passed");
  return failures ? 1 : 0;
}
