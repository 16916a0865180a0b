// The ending every reader of the four source forms shares (graph and field,
// text and JSON): run the reading, which throws a Diagnostic at its first
// error, then verify the graph it built with the IR verifier, so every form
// gets the same checks and messages.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/ir/Verifier.h"

#include <string>
#include <utility>

namespace resin {

template <class Read> Result<Graph> readVerified(Graph &graph, const std::string &file, Read read) {
  try {
    read();
  } catch (Diagnostic &d) {
    return d;
  }
  Diagnostics errors = verifyGraph(graph, file);
  if (!errors.empty())
    return errors;
  return std::move(graph);
}

} // namespace resin
