// Helpers shared by the graph and field JSON readers: typed member access
// that throws located diagnostics, and number conversion for printing.
#pragma once

#include "resin/support/Diagnostic.h"
#include "resin/syntax/JsonDocument.h"

#include <cmath>
#include <initializer_list>
#include <string>

namespace resin {

/// Throws a diagnostic at the value `pointer` names.
[[noreturn]] inline void jsonFail(const JsonDocument &doc, const std::string &pointer,
                                  std::string message) {
  throw doc.error(pointer, std::move(message));
}

inline const char *jsonTypeName(const nlohmann::json &j) {
  if (j.is_object())
    return "an object";
  if (j.is_array())
    return "an array";
  if (j.is_string())
    return "a string";
  if (j.is_boolean())
    return "a boolean";
  if (j.is_number())
    return "a number";
  return "null";
}

/// Rejects members of `object` other than `allowed`, naming the closest one.
inline void jsonOnlyKeys(const JsonDocument &doc, const nlohmann::json &object,
                         const std::string &pointer,
                         std::initializer_list<std::string_view> allowed, std::string_view what) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view a : allowed)
      known |= it.key() == a;
    if (known)
      continue;
    std::string hint = closestMatch(it.key(), std::vector<std::string_view>(allowed));
    throw doc.keyError(jsonPointer(pointer, it.key()),
                       "unknown key " + quote(it.key()) + " in " + std::string(what) +
                           (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
}

inline double jsonNumber(const JsonDocument &doc, const nlohmann::json &j,
                         const std::string &pointer, std::string_view what) {
  if (!j.is_number())
    jsonFail(doc, pointer, std::string(what) + " must be a number, not " + jsonTypeName(j));
  return j.get<double>();
}

inline const std::string &jsonString(const JsonDocument &doc, const nlohmann::json &j,
                                     const std::string &pointer, std::string_view what) {
  if (!j.is_string())
    jsonFail(doc, pointer, std::string(what) + " must be a string, not " + jsonTypeName(j));
  return j.get_ref<const std::string &>();
}

/// The array member `key` of `object` at `pointer` (a located error when it
/// is not an array).
inline const nlohmann::json &jsonArray(const JsonDocument &doc, const nlohmann::json &object,
                                       const std::string &pointer, const char *key) {
  const nlohmann::json &array = object[key];
  if (!array.is_array())
    jsonFail(doc, pointer,
             "\"" + std::string(key) + "\" must be an array, not " + jsonTypeName(array));
  return array;
}

/// A number for printing: integral values as JSON integers ("44100", not "44100.0").
inline nlohmann::ordered_json jsonValue(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15 &&
      !(v == 0 && std::signbit(v)))
    return nlohmann::ordered_json(static_cast<int64_t>(v));
  return nlohmann::ordered_json(v);
}

} // namespace resin
