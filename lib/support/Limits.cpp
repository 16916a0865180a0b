// The limits in force: each default unless its environment variable sets
// another value, read once (reloadLimits() reads again for tests).
#include "resin/support/Limits.h"

#include "resin/support/Diagnostic.h"

#include <array>
#include <charconv>
#include <cstdlib>

namespace resin {

namespace {

struct Setting {
  int64_t value = 0;
  std::string problem; // non-empty: the variable is malformed; checks fail with this
};

Setting readSetting(const LimitInfo &info) {
  Setting s{info.defaultValue, {}};
  const char *text = std::getenv(std::string(info.variable).c_str());
  if (!text)
    return s;
  std::string_view view(text);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (view.empty() || ec != std::errc() || end != view.data() + view.size() || value < 1 ||
      value > info.ceiling) {
    s.problem = std::string(info.variable) + "=" + quote(view) +
                " is not a whole number from 1 to " + std::to_string(info.ceiling) +
                " (the default is " + std::to_string(info.defaultValue) + ")";
    return s;
  }
  s.value = value;
  return s;
}

std::array<Setting, kNumLimits> readAll() {
  std::array<Setting, kNumLimits> all;
  for (const LimitInfo &info : kLimits)
    all[size_t(info.limit)] = readSetting(info);
  return all;
}

std::array<Setting, kNumLimits> &settings() {
  static std::array<Setting, kNumLimits> all = readAll();
  return all;
}

const Setting &setting(Limit limit) {
  return settings()[size_t(limit)];
}

} // namespace

const LimitInfo &limitInfo(Limit limit) {
  return kLimits[size_t(limit)];
}

int64_t limitValue(Limit limit) {
  return setting(limit).value;
}

bool withinLimit(Limit limit, int64_t amount) {
  const Setting &s = setting(limit);
  return s.problem.empty() && amount <= s.value;
}

std::string limitIs(Limit limit) {
  const Setting &s = setting(limit);
  if (!s.problem.empty())
    return "the limit cannot be read: " + s.problem;
  return "the limit is " + std::to_string(s.value) + " " + std::string(limitInfo(limit).unit);
}

std::string raiseHint(Limit limit, int64_t needed) {
  const LimitInfo &info = limitInfo(limit);
  const Setting &s = setting(limit);
  if (!s.problem.empty())
    return "set " + std::string(info.variable) + " to a whole number or unset it";
  if (s.value >= info.ceiling || needed > info.ceiling)
    return "it cannot be raised that far: the largest value " + std::string(info.variable) +
           " may set is " + std::to_string(info.ceiling) + " (docs/reliability.md)";
  if (needed <= s.value) // how much is needed is not known
    return "raise it with " + std::string(info.variable) + " (at most " +
           std::to_string(info.ceiling) + "; docs/reliability.md)";
  return "raise it with " + std::string(info.variable) + "=" + std::to_string(needed) +
         " (docs/reliability.md)";
}

std::string limitMessage(Limit limit, std::string_view what, int64_t needed) {
  return std::string(what) + "; " + limitIs(limit) + "; " + raiseHint(limit, needed);
}

void reloadLimits() {
  settings() = readAll();
}

} // namespace resin
