// Messages for a wrong command line. CLI11 rejects it and leaves the words it
// could not place in each app's remaining(); from those this file tells an
// unknown subcommand (with the nearest one and the list), an unknown flag
// (with the nearest flag of that subcommand) and a subcommand's flag written
// before the subcommand (with the command line in the right order) apart.
#include "Usage.h"

#include <algorithm>
#include <cstdio>

namespace resinc {

namespace {

/// The flag's name without its value: "--sampels=4" -> "--sampels",
/// "-O3" -> "-O". "" for a word that is not a flag ("x.graph", "-").
std::string flagName(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9') || arg[1] == '.')
    return "";
  if (arg[1] == '-')
    return std::string(arg.substr(0, arg.find('=')));
  return std::string(arg.substr(0, 2));
}

bool isFlag(std::string_view arg) {
  return !flagName(arg).empty();
}

/// The flag as written, without its value: "--sampels=4" -> "--sampels",
/// "-size" -> "-size" (CLI11 would look up "-s").
std::string flagWord(std::string_view arg) {
  return std::string(arg.substr(0, arg.find('=')));
}

/// Long spellings users reach for that resinc spells with one letter.
struct LongSpelling {
  std::string_view word;
  std::string_view flag;
};
constexpr LongSpelling kLongSpellings[] = {
    {"output", "-o"},   {"out", "-o"},          {"input", "-i"},     {"in", "-i"},    {"opt", "-O"},
    {"optimize", "-O"}, {"optimization", "-O"}, {"opt-level", "-O"}, {"level", "-O"},
};

std::string seeHelp(const CLI::App *sub) {
  return sub ? "(see 'resinc " + sub->get_name() + " --help')" : "(see 'resinc --help')";
}

void error(const std::string &message, const CLI::App *sub) {
  std::fprintf(stderr, "resinc: error: %s %s\n", message.c_str(), seeHelp(sub).c_str());
}

CLI::App *parsedSubcommand(CLI::App &resinc) {
  for (CLI::App *sub : resinc.get_subcommands({}))
    if (sub->parsed())
      return sub;
  return nullptr;
}

/// The subcommands that have a flag named like `arg`.
std::vector<std::string> subcommandsWithFlag(CLI::App &resinc, std::string_view arg) {
  std::vector<std::string> names;
  std::string name = flagName(arg);
  for (CLI::App *sub : resinc.get_subcommands({}))
    if (!sub->get_group().empty() && sub->get_option_no_throw(name))
      names.push_back(sub->get_name());
  return names;
}

std::string join(const std::vector<std::string> &words, std::string_view separator = ", ") {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : std::string(separator)) + w;
  return out;
}

/// A subcommand's flag given before the subcommand: `resinc -O3 run g.graph`.
/// Says where it goes, with the whole command line in that order.
int flagBeforeSubcommand(CLI::App &resinc, CLI::App *sub, const std::vector<std::string> &early,
                         int argc, char **argv) {
  std::string flag = early[0];
  if (!sub) {
    std::vector<std::string> owners = subcommandsWithFlag(resinc, flag);
    error("'" + flag + "' is a flag of the subcommands (" + join(owners) +
              "); write it after the subcommand: resinc SUBCOMMAND ... " + flag,
          nullptr);
    return kUsageError;
  }
  // The corrected line: every word but the early ones in order, then them.
  std::vector<std::string> rest, moved(early.begin(), early.end());
  std::vector<std::string> pending = moved;
  for (int i = 1; i < argc; ++i) {
    auto it = std::find(pending.begin(), pending.end(), std::string(argv[i]));
    if (it != pending.end()) {
      pending.erase(it);
      continue;
    }
    rest.push_back(argv[i]);
  }
  error("'" + flag + "' is a flag of 'resinc " + sub->get_name() +
            "' and goes after the subcommand: resinc " + join(rest, " ") + " " + join(moved, " "),
        sub);
  return kUsageError;
}

} // namespace

std::vector<std::string> subcommandNames(const CLI::App &resinc) {
  std::vector<std::string> names;
  for (const CLI::App *sub :
       resinc.get_subcommands([](const CLI::App *s) { return !s->get_group().empty(); }))
    names.push_back(sub->get_name());
  return names;
}

int unknownSubcommand(const CLI::App &resinc, std::string_view word) {
  std::vector<std::string> names = subcommandNames(resinc);
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string close = resin::closestMatch(word, views);
  error("unknown subcommand " + resin::quote(word) +
            (close.empty() ? "" : "; did you mean '" + close + "'?") +
            " Subcommands: " + join(names),
        nullptr);
  return kUsageError;
}

std::string suggestFlag(const CLI::App &app, std::string_view arg) {
  if (!isFlag(arg))
    return "";
  std::string name = flagWord(arg);
  std::string word = name.substr(name.find_first_not_of('-'));
  std::vector<std::string> longNames, shortNames;
  for (const CLI::Option *opt : app.get_options()) {
    if (opt->nonpositional()) {
      for (const std::string &l : opt->get_lnames())
        longNames.push_back(l);
      for (const std::string &s : opt->get_snames())
        shortNames.push_back(s);
    }
  }
  // The right name with the wrong number of dashes: "-seconds", "--o".
  for (const std::string &l : longNames)
    if (l == word)
      return "--" + l;
  for (const std::string &s : shortNames)
    if (s == word)
      return "-" + s;
  auto hasShort = [&](std::string_view flag) {
    for (const std::string &s : shortNames)
      if (flag.substr(1) == s)
        return true;
    return false;
  };
  for (const LongSpelling &spelling : kLongSpellings)
    if (spelling.word == word && hasShort(spelling.flag))
      return std::string(spelling.flag);
  std::vector<std::string_view> views(longNames.begin(), longNames.end());
  std::string close = resin::closestMatch(word, views);
  if (!close.empty())
    return "--" + close;
  // A flag cut short: "--samp" for "--samples".
  if (word.size() >= 3)
    for (const std::string &l : longNames)
      if (l.rfind(word, 0) == 0)
        return "--" + l;
  return "";
}

int reportUsageError(CLI::App &resinc, const CLI::ParseError &e, int argc, char **argv) {
  CLI::App *sub = parsedSubcommand(resinc);
  std::vector<std::string> top = resinc.remaining(false);
  if (!sub)
    for (const std::string &word : top)
      if (!isFlag(word))
        return unknownSubcommand(resinc, word);
  // Words before the subcommand: its own flags (or, without one, any
  // subcommand's) were put too early; anything else is unknown.
  std::vector<std::string> early, unknown;
  for (const std::string &word : top) {
    if (!isFlag(word))
      continue;
    bool known = sub ? sub->get_option_no_throw(flagName(word)) != nullptr
                     : !subcommandsWithFlag(resinc, word).empty();
    (known ? early : unknown).push_back(word);
  }
  if (!early.empty() && unknown.empty()) {
    // A value given as its own word (`-O 3 run`) moves with its flag.
    for (const std::string &word : top)
      if (!isFlag(word) && sub)
        early.push_back(word);
    return flagBeforeSubcommand(resinc, sub, early, argc, argv);
  }
  // An unknown flag before a subcommand is judged against that subcommand,
  // where it would have to go; after it, against the subcommand's flags.
  const CLI::App *owner = sub;
  if (unknown.empty() && sub)
    for (const std::string &word : sub->remaining(false))
      if (isFlag(word))
        unknown.push_back(word);
  if (!unknown.empty()) {
    const CLI::App &app = owner ? *owner : resinc;
    std::string close = suggestFlag(app, unknown[0]);
    std::string where = owner ? " for 'resinc " + owner->get_name() + "'" : "";
    error("unknown flag " + resin::quote(flagWord(unknown[0])) + where +
              (close.empty() ? "" : "; did you mean '" + close + "'?"),
          owner);
    return kUsageError;
  }
  error(e.what(), sub);
  return kUsageError;
}

} // namespace resinc
