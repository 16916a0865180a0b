// Reading any resin input: the kind comes from the file extension (.graph,
// .field) or the JSON "format" member (.json), never from content alone.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/SourceFile.h"

#include <optional>
#include <string>

namespace resin {

enum class SourceFormat { GraphText, FieldText, Json };

/// The format a path's extension names, if any.
std::optional<SourceFormat> formatFromPath(const std::string &path);
/// Parses "graph", "field" or "json" (the --format flag).
std::optional<SourceFormat> formatFromName(std::string_view name);

/// Parses and verifies a source in the given format.
Result<Graph> parseSource(const SourceFile &file, SourceFormat format);

/// Reads, parses and verifies a file ("-" is standard input and needs
/// `format`). A graph without a name takes the file's stem.
Result<Graph> loadFile(const std::string &path, std::optional<SourceFormat> format = std::nullopt);

} // namespace resin
