// Reading any resin input: the kind comes from the file extension (.graph,
// .field) or the JSON "format" member (.json), never from content alone.
#pragma once

#include "resin/ir/Graph.h"
#include "resin/support/SourceFile.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace resin {

enum class SourceFormat { GraphText, FieldText, Json };

/// The format a path's extension names, if any.
std::optional<SourceFormat> formatFromPath(const std::string &path);
/// Parses "graph", "field" or "json" (the --format flag).
std::optional<SourceFormat> formatFromName(std::string_view name);

/// The format of a source whose path names none (standard input without
/// --format) for a reader that takes one kind only: JSON when its first
/// non-blank character is '{' (the JSON "format" member then names the kind,
/// checked as always), else the text form of `kind`. The kind is never
/// guessed: it is the reader's own, or the JSON's.
SourceFormat formatForKind(const SourceFile &file, GraphKind kind);

/// Parses and verifies a source in the given format.
Result<Graph> parseSource(const SourceFile &file, SourceFormat format);

/// Reads, parses and verifies a file ("-" is standard input and needs
/// `format`). A graph without a name takes the file's stem.
Result<Graph> loadFile(const std::string &path, std::optional<SourceFormat> format = std::nullopt);
/// The same for a reader of one kind: without `format`, standard input's
/// format comes from formatForKind.
Result<Graph> loadFileOfKind(const std::string &path, std::optional<SourceFormat> format,
                             GraphKind kind);

/// What bindVariables did: free variables without a value (now 0) and
/// given names that no free variable has, both sorted.
struct VariableBinding {
  std::vector<std::string> unbound;
  std::vector<std::string> unused;
};

/// Turns every free variable (op `var`, resin's Var) into a const holding
/// its value from `values`, or 0 when the name is not there (as resin's
/// `vars.get(name).unwrap_or(&0.0)`). Engines only ever see the consts.
VariableBinding bindVariables(Graph &graph, const std::map<std::string, double> &values);

/// The images to bind, by the names of the field's `image` declarations.
using ImageMap = std::map<std::string, std::shared_ptr<const Raster>>;

/// Binds a field's images (graph.images) by name. Every declaration must get
/// an image and every sample must read a channel its image has; the errors,
/// all of them, are located in `file` (the field's path) at the declaration
/// or the sample. Given names that no declaration has are returned, sorted.
Result<std::vector<std::string>> bindImages(Graph &graph, const ImageMap &images,
                                            const std::string &file);

} // namespace resin
