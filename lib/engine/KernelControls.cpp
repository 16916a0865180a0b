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

namespace {

/// Calls visit(offset, member) for every member of a node's control record:
/// reading and writing the record share this one list.
template <class Constants, class Visit> void visitRecord(Op op, Constants &k, Visit visit) {
  using namespace control;
  switch (op) {
  case Op::Const:
    visit(kValue, k.value);
    break;
  case Op::Osc:
    visit(kPhase, k.phase);
    visit(kIncrement, k.increment);
    visit(kPhaseOrigin, k.phaseOrigin);
    visit(kDuty, k.duty);
    break;
  case Op::Onepole:
    visit(kOnepoleGain, k.onepoleGain);
    visit(kOnepolePole, k.onepolePole);
    break;
  case Op::Biquad:
    visit(kB0, k.b0);
    visit(kB1, k.b1);
    visit(kB2, k.b2);
    visit(kA1, k.a1);
    visit(kA2, k.a2);
    break;
  case Op::Allpass1:
    visit(kCoeff, k.coeff);
    break;
  case Op::Envelope:
    visit(kAttackC, k.attackC);
    visit(kAttackOneMinusC, k.attackOneMinusC);
    visit(kReleaseC, k.releaseC);
    visit(kReleaseOneMinusC, k.releaseOneMinusC);
    break;
  case Op::Fbm2:
  case Op::Fbm3:
    visit(kLacunarity, k.fbm.lacunarity);
    visit(kGain, k.fbm.gain);
    break;
  default:
    break;
  }
}

} // namespace

void KernelControls::readRecord(size_t node, std::span<const std::byte> state) {
  uint64_t at = layout_.control[node];
  if (at == 0)
    return;
  visitRecord(schedule_.order[node].op, constants_[node],
              [&](uint64_t offset, auto &member) { get(state, at + offset, member); });
}

void KernelControls::writeRecord(size_t node, std::span<std::byte> state) const {
  uint64_t at = layout_.control[node];
  if (at == 0)
    return;
  visitRecord(schedule_.order[node].op, constants_[node],
              [&](uint64_t offset, const auto &member) { put(state, at + offset, member); });
}

} // namespace resin
