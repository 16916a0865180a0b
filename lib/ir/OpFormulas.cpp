// Each op's exact formula (OpFormulas.def, Markdown), for `resinc ops NAME`
// and docs/ops.md. The table is internal to ir: callers ask by op.
#include "resin/ir/Op.h"

namespace resin {

namespace {

struct Formula {
  Op op;
  std::string_view text;
};

const Formula kFormulas[] = {
#define FORMULA(Id, Text) {Op::Id, Text},
#include "OpFormulas.def"
};

} // namespace

std::string_view opFormula(Op op) {
  for (const Formula &f : kFormulas)
    if (f.op == op) {
      std::string_view text = f.text;
      while (!text.empty() && text.front() == '\n')
        text.remove_prefix(1);
      while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.remove_suffix(1);
      return text;
    }
  return {};
}

} // namespace resin
