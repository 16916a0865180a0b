// Located JSON: nlohmann/json's SAX parser building the document while the
// position of each event is taken from a scan of token starts.
#include "resin/syntax/JsonDocument.h"

#include <algorithm>

namespace resin {

std::string jsonPointer(const std::string &parent, const std::string &key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string jsonPointer(const std::string &parent, size_t index) {
  return parent + "/" + std::to_string(index);
}

SourceLoc JsonDocument::at(const std::string &pointer) const {
  auto it = valueOffsets_.find(pointer);
  return it == valueOffsets_.end() ? SourceLoc{1, 1} : file_->locate(it->second);
}

SourceLoc JsonDocument::keyAt(const std::string &pointer) const {
  auto it = keyOffsets_.find(pointer);
  return it == keyOffsets_.end() ? at(pointer) : file_->locate(it->second);
}

namespace {

/// Walks the start offsets of the tokens that produce SAX events, in order:
/// braces, brackets, strings, numbers and literals (not ':' or ','). Only
/// positions are found here; nlohmann/json does the parsing and reports
/// syntax errors. Lazy, so a huge document costs no memory here.
class EventTokenStarts {
public:
  explicit EventTokenStarts(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") // nlohmann/json skips a UTF-8 byte-order mark
      pos_ = 3;
  }

  /// Start of the next event token (the end of the text when there is none).
  size_t peek() {
    skipSeparators();
    return pos_;
  }

  size_t next() {
    size_t start = peek();
    if (pos_ >= text_.size())
      return start;
    char c = text_[pos_];
    if (c == '{' || c == '}' || c == '[' || c == ']') {
      ++pos_;
    } else if (c == '"') {
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"')
        pos_ += text_[pos_] == '\\' ? 2 : 1;
      ++pos_;
    } else {
      while (pos_ < text_.size() &&
             std::string_view(" \t\n\r:,{}[]\"").find(text_[pos_]) == text_.npos)
        ++pos_;
    }
    return start;
  }

private:
  void skipSeparators() {
    while (pos_ < text_.size() && std::string_view(" \t\n\r:,").find(text_[pos_]) != text_.npos)
      ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

} // namespace

class LocatingSax {
public:
  using json = nlohmann::json;
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  LocatingSax(JsonDocument &doc, const SourceFile &file)
      : doc_(doc), file_(file), starts_(file.text()) {}

  std::optional<Diagnostic> error;

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(number_integer_t v) { return value(v); }
  bool number_unsigned(number_unsigned_t v) { return value(v); }
  bool number_float(number_float_t v, const string_t &) { return value(v); }
  bool string(string_t &v) { return value(v); }
  bool binary(binary_t &) { return fail("binary values are not JSON"); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t &k) {
    size_t offset = nextOffset();
    Frame &f = stack_.back();
    if (f.container->contains(k)) {
      error = file_.errorAt(offset, "duplicate key " + quote(k));
      return false;
    }
    f.key = k;
    doc_.keyOffsets_[jsonPointer(f.pointer, k)] = offset;
    return true;
  }

  bool parse_error(std::size_t position, const std::string &,
                   const nlohmann::detail::exception &ex) {
    if (error)
      return false;
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line L, column C: why"
    size_t offset = position > 0 ? position - 1 : 0;
    if (ex.id == 406) { // number overflow: point at the number, say what is wrong
      size_t start = starts_.peek();
      std::string_view text = file_.text();
      size_t end = text.find_first_of(" \t\r\n,]}", start);
      error = file_.errorAt(start, "number " + quote(text.substr(start, end - start)) +
                                       " is out of range for a float");
      return false;
    }
    std::string why = ex.what();
    if (size_t colon = why.find(": "); colon != std::string::npos)
      why = why.substr(colon + 2);
    std::string clean;
    for (unsigned char c : why)
      clean += (c >= 0x20 && c < 0x7f) ? std::string(1, char(c)) : quote(std::string(1, char(c)));
    error = file_.errorAt(offset, "invalid JSON: " + clean);
    return false;
  }

private:
  struct Frame {
    json *container;
    std::string pointer;
    std::string key;
  };

  size_t nextOffset() { return starts_.next(); }

  /// The value limit follows the node limit (kJsonValuesPerNode per node).
  bool countValue(size_t offset) {
    ++values_;
    int64_t perNode = kJsonValuesPerNode;
    if (withinLimit(Limit::Nodes, int64_t((values_ + perNode - 1) / perNode)))
      return true;
    int64_t allowed = perNode * limitValue(Limit::Nodes);
    error =
        file_.errorAt(offset, "JSON document has more than " + std::to_string(allowed) +
                                  " values (" + std::to_string(perNode) + " per node allowed); " +
                                  limitIs(Limit::Nodes) + "; " + raiseHint(Limit::Nodes, 0));
    return false;
  }

  bool fail(std::string message) {
    error = file_.errorAt(starts_.peek(), std::move(message));
    return false;
  }

  /// Places a value in the current container and returns it with its pointer.
  std::pair<json *, std::string> place(json v, size_t offset) {
    if (stack_.empty()) {
      doc_.root = std::move(v);
      doc_.valueOffsets_[""] = offset;
      return {&doc_.root, ""};
    }
    Frame &f = stack_.back();
    std::string pointer;
    json *slot;
    if (f.container->is_array()) {
      pointer = jsonPointer(f.pointer, f.container->size());
      f.container->push_back(std::move(v));
      slot = &f.container->back();
    } else {
      pointer = jsonPointer(f.pointer, f.key);
      slot = &((*f.container)[f.key] = std::move(v));
    }
    doc_.valueOffsets_[pointer] = offset;
    return {slot, pointer};
  }

  bool value(json v) {
    size_t offset = nextOffset();
    if (!countValue(offset))
      return false;
    place(std::move(v), offset);
    return true;
  }

  bool open(json container) {
    size_t offset = nextOffset();
    if (!countValue(offset))
      return false;
    if (!withinLimit(Limit::JsonDepth, int64_t(stack_.size()) + 1)) {
      error = file_.errorAt(offset, "JSON nested too deeply (" + limitIs(Limit::JsonDepth) + "); " +
                                        raiseHint(Limit::JsonDepth, 0));
      return false;
    }
    auto [slot, pointer] = place(std::move(container), offset);
    stack_.push_back(Frame{slot, pointer, {}});
    return true;
  }

  bool close() {
    nextOffset();
    stack_.pop_back();
    return true;
  }

  JsonDocument &doc_;
  const SourceFile &file_;
  EventTokenStarts starts_;
  size_t values_ = 0;
  std::vector<Frame> stack_;
};

Result<JsonDocument> parseJson(const SourceFile &file) {
  JsonDocument doc;
  doc.file_ = &file;
  const std::string &text = file.text();
  // Every value after the first follows a ',' or an opening bracket: room
  // for that many offsets up front spares the maps their rehashes (a
  // million-value document spent an eighth of its load rehashing).
  // Keys likewise: each is followed by a ':'. (Colons inside strings only
  // make the estimate generous.)
  size_t values = 1, keys = 0;
  for (char c : text) {
    values += c == ',' || c == '[' || c == '{';
    keys += c == ':';
  }
  doc.valueOffsets_.reserve(values);
  doc.keyOffsets_.reserve(keys);
  LocatingSax sax(doc, file);
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok || sax.error)
    return sax.error ? *sax.error : file.errorAt(0, "invalid JSON");
  return doc;
}

} // namespace resin
