// Diagnostics as values: every parser and validator returns them instead of
// printing or exiting. Only tools/ turns them into messages and exit codes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace resin {

/// A 1-based position in a source file; line 0 means "no position".
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;

  bool known() const { return line != 0; }
  friend bool operator==(const SourceLoc &, const SourceLoc &) = default;
};

/// One error, located in a file.
struct Diagnostic {
  std::string file;
  SourceLoc loc;
  std::string message;

  /// `FILE:LINE:COL: message` (or `FILE: message` without a position).
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

/// A value or the diagnostics that explain why there is none.
template <class T> class Result {
public:
  Result(T value) : state_(std::move(value)) {}
  Result(Diagnostics errors) : state_(std::move(errors)) {}
  Result(Diagnostic error) : state_(Diagnostics{std::move(error)}) {}

  explicit operator bool() const { return state_.index() == 0; }
  T &operator*() { return std::get<0>(state_); }
  const T &operator*() const { return std::get<0>(state_); }
  T *operator->() { return &std::get<0>(state_); }
  const T *operator->() const { return &std::get<0>(state_); }
  const Diagnostics &errors() const { return std::get<1>(state_); }
  Diagnostics takeErrors() { return std::move(std::get<1>(state_)); }

private:
  std::variant<T, Diagnostics> state_;
};

/// Quotes a piece of user input for a message, escaping control characters
/// and bytes outside printable ASCII as \xNN so binary input prints safely.
std::string quote(std::string_view text);

/// The candidate closest to `word` by edit distance (a swap of neighbouring
/// letters is one edit), or else one that has every `_`-separated part of
/// `word` plus more ("sdf_union": "sdf_smooth_union"); "" when none is close.
std::string closestMatch(std::string_view word, const std::vector<std::string_view> &candidates);

} // namespace resin
