// Format detection and the one entry point that reads any input file.
#include "resin/syntax/Load.h"

#include "resin/syntax/FieldJson.h"
#include "resin/syntax/FieldText.h"
#include "resin/syntax/GraphJson.h"
#include "resin/syntax/GraphText.h"

#include <algorithm>
#include <filesystem>

namespace resin {

std::optional<SourceFormat> formatFromPath(const std::string &path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".graph")
    return SourceFormat::GraphText;
  if (ext == ".field")
    return SourceFormat::FieldText;
  if (ext == ".json")
    return SourceFormat::Json;
  return std::nullopt;
}

std::optional<SourceFormat> formatFromName(std::string_view name) {
  if (name == "graph")
    return SourceFormat::GraphText;
  if (name == "field")
    return SourceFormat::FieldText;
  if (name == "json")
    return SourceFormat::Json;
  return std::nullopt;
}

SourceFormat formatForKind(const SourceFile &file, GraphKind kind) {
  const std::string &text = file.text();
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{')
    return SourceFormat::Json;
  return kind == GraphKind::Field ? SourceFormat::FieldText : SourceFormat::GraphText;
}

Result<Graph> parseSource(const SourceFile &file, SourceFormat format) {
  switch (format) {
  case SourceFormat::GraphText:
    return parseGraphText(file);
  case SourceFormat::FieldText:
    return parseFieldText(file);
  case SourceFormat::Json: {
    auto doc = parseJson(file);
    if (!doc)
      return doc.takeErrors();
    auto kind = jsonFormat(*doc);
    if (!kind)
      return kind.takeErrors();
    return *kind == kGraphFormat ? parseGraphJson(*doc) : parseFieldJson(*doc);
  }
  }
  return Diagnostic{file.name(), {}, "unknown format"};
}

Result<Graph> loadFile(const std::string &path, std::optional<SourceFormat> format) {
  if (!format)
    format = formatFromPath(path);
  if (!format)
    return Diagnostic{path,
                      {},
                      path == "-" ? "reading standard input needs --format graph|field|json"
                                  : "cannot tell the kind of input from its extension; use .graph, "
                                    ".field or .json (or --format)"};
  auto file = readSourceFile(path);
  if (!file)
    return file.takeErrors();
  auto graph = parseSource(*file, *format);
  if (graph && graph->name.empty() && path != "-")
    graph->name = std::filesystem::path(path).stem().string();
  return graph;
}

Result<Graph> loadFileOfKind(const std::string &path, std::optional<SourceFormat> format,
                             GraphKind kind) {
  if (format || path != "-")
    return loadFile(path, format);
  auto file = readSourceFile(path);
  if (!file)
    return file.takeErrors();
  return parseSource(*file, formatForKind(*file, kind));
}

VariableBinding bindVariables(Graph &graph, const std::map<std::string, double> &values) {
  VariableBinding binding;
  std::map<std::string, bool> used;
  for (const auto &[name, value] : values)
    used[name] = false;
  for (Node &node : graph.nodes) {
    if (node.op != Op::Var)
      continue;
    auto it = values.find(node.name);
    double value = 0;
    if (it != values.end()) {
      value = it->second;
      used[node.name] = true;
    } else {
      binding.unbound.push_back(node.name);
    }
    node.op = Op::Const; // the same single slot, "value"
    node.values[0] = value;
  }
  for (const auto &[name, wasUsed] : used)
    if (!wasUsed)
      binding.unused.push_back(name);
  std::sort(binding.unbound.begin(), binding.unbound.end());
  return binding;
}

Result<std::vector<std::string>> bindImages(Graph &graph, const ImageMap &images,
                                            const std::string &file) {
  Diagnostics errors;
  std::map<std::string, bool> used;
  for (const auto &[name, image] : images)
    used[name] = false;
  for (const Node &node : graph.nodes) {
    if (node.op != Op::Image)
      continue;
    auto it = images.find(node.name);
    if (it == images.end()) {
      errors.push_back(
          Diagnostic{file, node.loc,
                     "image '" + node.name + "' is not bound (--image " + node.name + "=FILE)"});
      continue;
    }
    used[node.name] = true;
    graph.images[node.name] = it->second;
  }
  for (const Node &node : graph.nodes) {
    if ((node.op != Op::Sample && node.op != Op::SampleNearest) || !node.wired(0))
      continue;
    const std::string &name = graph[node.inputs[0]].name;
    auto it = graph.images.find(name);
    if (it == graph.images.end())
      continue;
    int64_t channel = int64_t(node.value("channel"));
    int64_t channels = it->second->channels;
    if (channel >= channels)
      errors.push_back(Diagnostic{
          file, node.loc,
          "'" + std::string(node.info().name) + "' reads channel " + std::to_string(channel) +
              " of image '" + name + "', which has " + std::to_string(channels) + " channel" +
              (channels == 1 ? "" : "s") + " (0 to " + std::to_string(channels - 1) + ")"});
  }
  if (!errors.empty())
    return errors;
  std::vector<std::string> unused;
  for (const auto &[name, wasUsed] : used)
    if (!wasUsed)
      unused.push_back(name);
  return unused;
}

} // namespace resin
