// A JSON document read with nlohmann::json, plus the source position of every
// value and key (by JSON pointer), so that errors in the JSON forms can name
// a line and column like the text forms do. nlohmann/json 3.11 does not keep
// positions itself; its SAX events arrive in document order, one per token,
// and a scan of the token start offsets gives each event its position.
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/support/SourceFile.h"

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>

namespace resin {

/// JSON nested deeper than Limit::JsonDepth (this is its default) is refused
/// before it can exhaust the stack.
inline constexpr size_t kMaxJsonDepth = size_t(kLimits[int(Limit::JsonDepth)].defaultValue);
/// Documents with more values than kJsonValuesPerNode times the node limit
/// are refused (each costs a DOM node and a position); this is the default.
/// A graph of that many nodes with params and edges fits well within it.
inline constexpr size_t kMaxJsonValues =
    size_t(kJsonValuesPerNode * kLimits[int(Limit::Nodes)].defaultValue);

class JsonDocument {
public:
  nlohmann::json root;

  /// Position of the value at a JSON pointer ("/nodes/2/params/freq").
  SourceLoc at(const std::string &pointer) const;
  /// Position of the key that names the value at a JSON pointer.
  SourceLoc keyAt(const std::string &pointer) const;
  const SourceFile &file() const { return *file_; }

  Diagnostic error(const std::string &pointer, std::string message) const {
    return file_->error(at(pointer), std::move(message));
  }
  Diagnostic keyError(const std::string &pointer, std::string message) const {
    return file_->error(keyAt(pointer), std::move(message));
  }

private:
  friend Result<JsonDocument> parseJson(const SourceFile &file);
  friend class LocatingSax;
  const SourceFile *file_ = nullptr;
  std::unordered_map<std::string, size_t> valueOffsets_;
  std::unordered_map<std::string, size_t> keyOffsets_;
};

/// Parses JSON text (rejecting duplicate keys, nesting deeper than
/// Limit::JsonDepth and more values than kJsonValuesPerNode per allowed node).
/// The document refers to `file`, which must outlive it.
Result<JsonDocument> parseJson(const SourceFile &file);

/// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string jsonPointer(const std::string &parent, const std::string &key);
std::string jsonPointer(const std::string &parent, size_t index);

} // namespace resin
