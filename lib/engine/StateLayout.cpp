// The kernel state layout (StateLayout.h).
#include "resin/engine/StateLayout.h"

namespace resin {

unsigned carriedFloats(Op op) {
  switch (op) {
  case Op::Onepole:
  case Op::Biquad:
  case Op::Allpass1:
    return 2;
  case Op::Envelope:
    return 1;
  default:
    return 0;
  }
}

uint64_t controlRecordSize(Op op) {
  switch (op) {
  case Op::Const:
  case Op::Allpass1:
    return 4;
  case Op::Osc:
    return 32;
  case Op::Onepole:
  case Op::Fbm2:
  case Op::Fbm3:
    return 8;
  case Op::Biquad:
    return 20;
  case Op::Envelope:
    return 16;
  default:
    return 0;
  }
}

int64_t ringLength(const ScheduledNode &sn) {
  return sn.op == Op::Delay ? sn.constants.delaySamples : sn.constants.delaySamples + 1;
}

StateLayout::StateLayout(const Schedule &schedule) {
  offset.assign(schedule.order.size(), 0);
  for (size_t i = 0; i < schedule.order.size(); ++i) {
    const ScheduledNode &sn = schedule.order[i];
    uint64_t bytes = 0;
    if (carriedFloats(sn.op))
      bytes = 8;
    else if (sn.op == Op::Delay)
      bytes = sn.constants.delaySamples == 0 ? 0 : 8 + 4 * uint64_t(sn.constants.delaySamples);
    else if (sn.op == Op::Vdelay)
      bytes = 8 + 4 * uint64_t(ringLength(sn));
    if (bytes == 0)
      continue;
    offset[i] = size;
    size += (bytes + 7) & ~uint64_t(7);
  }
  control.assign(schedule.order.size(), 0);
  if (schedule.numParams > 0) {
    paramsOffset = size;
    size += (4 * uint64_t(schedule.numParams) + 7) & ~uint64_t(7);
  }
  for (size_t i = 0; i < schedule.order.size(); ++i) {
    const ScheduledNode &sn = schedule.order[i];
    uint64_t bytes = sn.boundToParams ? controlRecordSize(sn.op) : 0;
    if (bytes == 0)
      continue;
    control[i] = size;
    size += (bytes + 7) & ~uint64_t(7);
  }
}

} // namespace resin
