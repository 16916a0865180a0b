// Helpers shared by the libFuzzer targets in fuzz/ (docs/reliability.md,
// "Fuzzing"): turning fuzz bytes into a source file, the round-trip property
// every successfully read input must have, and a loud failure that libFuzzer
// records as a crash (abort) together with the input that caused it.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/syntax/FieldJson.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/Load.h"
#include "resin/syntax/TextPrinter.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace resin::fuzz {

/// Inputs longer than this are ignored: the readers are linear, and long
/// inputs only slow the search down (scripts/fuzz also passes -max_len).
inline constexpr size_t kMaxFuzzBytes = 64 * 1024;

inline SourceFile sourceFrom(const uint8_t *data, size_t size, const char *name) {
  return SourceFile(name, std::string(reinterpret_cast<const char *>(data), size));
}

/// Reports a broken property and aborts, which libFuzzer saves as a crash.
[[noreturn]] inline void fail(const std::string &what, const std::string &detail) {
  std::fprintf(stderr, "fuzz: %s\n%s\n", what.c_str(), detail.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Every graph that reads without error prints, in both forms, to a source
/// that reads back as the same IR (the printers' contract, docs/formats.md).
inline void checkRoundTrip(const Graph &graph) {
  bool field = graph.isField();
  std::string text = field ? printFieldText(graph) : printGraphText(graph);
  std::string json = field ? printFieldJson(graph) : printGraphJson(graph);
  struct Printed {
    const char *name;
    const std::string &source;
    SourceFormat format;
  } forms[] = {{"text", text, field ? SourceFormat::FieldText : SourceFormat::GraphText},
               {"JSON", json, SourceFormat::Json}};
  for (const Printed &form : forms) {
    auto again = parseSource(SourceFile("printed", form.source), form.format);
    if (!again)
      fail(std::string("the printed ") + form.name +
               " form does not read back: " + again.errors()[0].str(),
           form.source);
    std::string why;
    if (!sameIR(graph, *again, &why))
      fail(std::string("the printed ") + form.name + " form reads back as other IR: " + why,
           form.source);
  }
}

/// An error must say something (docs/reference/cli.md: `FILE:LINE:COL: message`).
inline void checkErrors(const Diagnostics &errors) {
  if (errors.empty())
    fail("a failed read returned no diagnostic", "");
  for (const Diagnostic &d : errors)
    if (d.message.empty())
      fail("a diagnostic without a message", d.str());
}

/// The shared body of the four reader targets: read, then check the errors
/// or the round trip.
template <class Read> int readAndCheck(const uint8_t *data, size_t size, Read read) {
  if (size > kMaxFuzzBytes)
    return -1; // not added to the corpus
  Result<Graph> graph = read(data, size);
  if (!graph)
    checkErrors(graph.errors());
  else
    checkRoundTrip(*graph);
  return 0;
}

/// The JSON reader targets: the located JSON document, then `readDocument`
/// (the graph or field reader) over it.
template <class ReadDocument>
int readJsonAndCheck(const uint8_t *data, size_t size, ReadDocument readDocument) {
  return readAndCheck(data, size, [&](const uint8_t *bytes, size_t n) -> Result<Graph> {
    SourceFile file = sourceFrom(bytes, n, "fuzz.json");
    auto doc = parseJson(file);
    if (!doc)
      return doc.takeErrors();
    return readDocument(*doc);
  });
}

} // namespace resin::fuzz
