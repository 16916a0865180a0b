// A compiled kernel's params and its control area (KernelControls.h).
#include "resin/engine/KernelControls.h"

#include <cstring>

namespace resin {

namespace {

template <class T> void put(std::span<std::byte> state, uint64_t at, T value) {
  std::memcpy(state.data() + at, &value, sizeof value);
}
template <class T> void get(std::span<const std::byte> state, uint64_t at, T &value) {
  std::memcpy(&value, state.data() + at, sizeof value);
}

} // namespace

KernelControls::KernelControls(const Graph &graph, const Schedule &schedule)
    : schedule_(schedule), layout_(schedule), bank_(graph, schedule) {
  for (const ScheduledNode &sn : schedule.order)
    constants_.push_back(sn.constants);
}

void KernelControls::reset(std::span<std::byte> state) {
  bank_.reset(constants_);
  for (uint32_t p = 0; p < bank_.size(); ++p)
    put(state, layout_.paramsOffset + 4 * p, bank_.value(p));
  for (size_t i = 0; i < schedule_.order.size(); ++i)
    writeRecord(i, state);
}

bool KernelControls::set(uint32_t index, float value, std::span<std::byte> state) {
  int64_t n;
  std::memcpy(&n, state.data(), sizeof n);
  if (!bank_.set(index, value, n, constants_))
    return false;
  put(state, layout_.paramsOffset + 4 * index, bank_.value(index));
  for (uint32_t i : bank_.dependents(index))
    writeRecord(i, state);
  return true;
}

void KernelControls::adopt(std::span<const std::byte> state) {
  int64_t n;
  get(state, 0, n);
  for (uint32_t p = 0; p < bank_.size(); ++p) {
    float value;
    get(state, layout_.paramsOffset + 4 * p, value);
    bank_.set(p, value, n, constants_);
  }
  for (size_t i = 0; i < schedule_.order.size(); ++i)
    readRecord(i, state);
}

void KernelControls::readRecord(size_t node, std::span<const std::byte> state) {
  uint64_t at = layout_.control[node];
  if (at == 0)
    return;
  OpConstants &k = constants_[node];
  using namespace control;
  switch (schedule_.order[node].op) {
  case Op::Const:
    get(state, at + kValue, k.value);
    break;
  case Op::Osc:
    get(state, at + kPhase, k.phase);
    get(state, at + kIncrement, k.increment);
    get(state, at + kPhaseOrigin, k.phaseOrigin);
    get(state, at + kDuty, k.duty);
    break;
  case Op::Onepole:
    get(state, at + kOnepoleGain, k.onepoleGain);
    get(state, at + kOnepolePole, k.onepolePole);
    break;
  case Op::Biquad:
    get(state, at + kB0, k.b0);
    get(state, at + kB1, k.b1);
    get(state, at + kB2, k.b2);
    get(state, at + kA1, k.a1);
    get(state, at + kA2, k.a2);
    break;
  case Op::Allpass1:
    get(state, at + kCoeff, k.coeff);
    break;
  case Op::Envelope:
    get(state, at + kAttackC, k.attackC);
    get(state, at + kAttackOneMinusC, k.attackOneMinusC);
    get(state, at + kReleaseC, k.releaseC);
    get(state, at + kReleaseOneMinusC, k.releaseOneMinusC);
    break;
  case Op::Fbm2:
  case Op::Fbm3:
    get(state, at + kLacunarity, k.fbm.lacunarity);
    get(state, at + kGain, k.fbm.gain);
    break;
  default:
    break;
  }
}

void KernelControls::writeRecord(size_t node, std::span<std::byte> state) const {
  uint64_t at = layout_.control[node];
  if (at == 0)
    return;
  const OpConstants &k = constants_[node];
  using namespace control;
  switch (schedule_.order[node].op) {
  case Op::Const:
    put(state, at + kValue, k.value);
    break;
  case Op::Osc:
    put(state, at + kPhase, k.phase);
    put(state, at + kIncrement, k.increment);
    put(state, at + kPhaseOrigin, k.phaseOrigin);
    put(state, at + kDuty, k.duty);
    break;
  case Op::Onepole:
    put(state, at + kOnepoleGain, k.onepoleGain);
    put(state, at + kOnepolePole, k.onepolePole);
    break;
  case Op::Biquad:
    put(state, at + kB0, k.b0);
    put(state, at + kB1, k.b1);
    put(state, at + kB2, k.b2);
    put(state, at + kA1, k.a1);
    put(state, at + kA2, k.a2);
    break;
  case Op::Allpass1:
    put(state, at + kCoeff, k.coeff);
    break;
  case Op::Envelope:
    put(state, at + kAttackC, k.attackC);
    put(state, at + kAttackOneMinusC, k.attackOneMinusC);
    put(state, at + kReleaseC, k.releaseC);
    put(state, at + kReleaseOneMinusC, k.releaseOneMinusC);
    break;
  case Op::Fbm2:
  case Op::Fbm3:
    put(state, at + kLacunarity, k.fbm.lacunarity);
    put(state, at + kGain, k.fbm.gain);
    break;
  default:
    break;
  }
}

} // namespace resin
