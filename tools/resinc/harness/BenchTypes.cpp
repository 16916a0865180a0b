// resinc bench: benchmark names and medians (BenchTypes.h).
#include "BenchTypes.h"

#include <algorithm>

namespace resinc::bench {

std::string BenchId::name() const {
  switch (variant) {
  case Variant::OneThread:
    return stem + "/" + engine;
  case Variant::AllThreads:
    // No thread count in the name: a baseline taken on a machine with another
    // number of cores must still match (the count is the render_threads counter).
    return stem + "/" + engine + "/all-threads";
  case Variant::Compile:
    return stem + "/compile-" + engine;
  }
  return stem + "/" + engine;
}

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2)
    return upper;
  double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

} // namespace resinc::bench
