// The register cache of the baseline tier (VectorCache.h).
#include "VectorCache.h"

#include <cstring>
#include <utility>

namespace resin::baseline {

// ---- Piece: a counted handle ---------------------------------------------------

Piece::Piece(VectorCache *cache, uint32_t index) : cache_(cache), index_(index) {
  cache_->addRef(index_);
}
Piece::Piece(const Piece &other) : cache_(other.cache_), index_(other.index_) {
  if (cache_)
    cache_->addRef(index_);
}
Piece::Piece(Piece &&other) noexcept : cache_(other.cache_), index_(other.index_) {
  other.cache_ = nullptr;
}
Piece &Piece::operator=(Piece other) noexcept {
  std::swap(cache_, other.cache_);
  std::swap(index_, other.index_);
  return *this;
}
Piece::~Piece() {
  if (cache_)
    cache_->dropRef(index_);
}

// ---- VectorCache ------------------------------------------------------------------

x86::Vec VectorCache::view(unsigned reg, unsigned bytes) {
  if (bytes == 16)
    return x86::xmm(reg);
  return x86::ymm(reg);
}

Piece VectorCache::newPiece(unsigned bytes) {
  uint32_t index;
  if (!freePieces_.empty()) {
    index = freePieces_.back();
    freePieces_.pop_back();
    pieces_[index] = Entry{};
  } else {
    index = uint32_t(pieces_.size());
    pieces_.push_back(Entry{});
  }
  pieces_[index].bytes = bytes;
  return Piece(this, index);
}

void VectorCache::dropRef(uint32_t index) {
  Entry &e = pieces_[index];
  if (--e.refs > 0)
    return;
  if (e.reg >= 0)
    holder_[size_t(e.reg)] = 0;
  if (e.slot >= 0)
    freeSlots_.push_back(e.slot);
  e = Entry{};
  freePieces_.push_back(index);
}

x86::Mem VectorCache::home(const Entry &e) const {
  if (e.constant >= 0) {
    if (!pool_.isValid())
      const_cast<VectorCache *>(this)->pool_ = a_.newLabel();
    return x86::ptr(pool_, e.constant, e.bytes);
  }
  return x86::ptr(x86::rsp, slotBase_ + e.slot * 32, e.bytes);
}

void VectorCache::evict(unsigned reg) {
  int64_t held = holder_[reg];
  if (held == 0)
    return;
  Entry &e = pieces_[size_t(held - 1)];
  if (e.slot < 0 && e.constant < 0) {
    if (!freeSlots_.empty()) {
      e.slot = freeSlots_.back();
      freeSlots_.pop_back();
    } else {
      e.slot = slotCount_++;
    }
    a_.vmovups(home(e), view(reg, e.bytes));
  }
  e.reg = -1;
  holder_[reg] = 0;
}

unsigned VectorCache::allocate() {
  int best = -1;
  for (unsigned r = 0; r < kRegisters; ++r) {
    if (pinned_ & (1u << r))
      continue;
    if (holder_[r] == 0) {
      best = int(r);
      break;
    }
    if (best < 0 || lastUse_[r] < lastUse_[size_t(best)])
      best = int(r);
  }
  evict(unsigned(best));
  pinned_ |= 1u << best;
  lastUse_[size_t(best)] = ++clock_;
  return unsigned(best);
}

void VectorCache::bind(uint32_t piece, unsigned reg) {
  pieces_[piece].reg = int(reg);
  holder_[reg] = int64_t(piece) + 1;
  lastUse_[reg] = ++clock_;
}

Piece VectorCache::constant(const void *pattern, unsigned patternBytes, unsigned bytes) {
  std::array<uint8_t, 32> data{};
  for (unsigned at = 0; at < 32; at += patternBytes)
    std::memcpy(data.data() + at, pattern, patternBytes);
  auto found = constantAt_.find(data);
  int offset;
  if (found != constantAt_.end()) {
    offset = found->second;
  } else {
    offset = int(constants_.size());
    constants_.insert(constants_.end(), data.begin(), data.end());
    constantAt_.emplace(data, offset);
  }
  Piece p = newPiece(bytes);
  pieces_[p.index()].constant = offset;
  return p;
}

Piece VectorCache::load(const x86::Mem &from, unsigned bytes) {
  return define(bytes, [&](x86::Vec d) {
    if (bytes == 16)
      a_.vmovups(d, from);
    else
      a_.vmovups(d, from);
  });
}

x86::Vec VectorCache::reg(const Piece &p) {
  Entry &e = pieces_[p.index()];
  if (e.reg >= 0) {
    pinned_ |= 1u << e.reg;
    lastUse_[size_t(e.reg)] = ++clock_;
    return view(unsigned(e.reg), e.bytes);
  }
  unsigned r = allocate();
  Entry &again = pieces_[p.index()]; // allocate() never grows pieces_, but be explicit
  a_.vmovups(view(r, again.bytes), home(again));
  bind(p.index(), r);
  return view(r, again.bytes);
}

asmjit::Operand VectorCache::operand(const Piece &p) {
  const Entry &e = pieces_[p.index()];
  if (e.reg >= 0)
    return reg(p);
  return home(e);
}

void VectorCache::release() {
  pinned_ = 0;
}

void VectorCache::store(const x86::Mem &to, const Piece &p) {
  a_.vmovups(to, reg(p));
  release();
}

void VectorCache::flush() {
  for (unsigned r = 0; r < kRegisters; ++r)
    evict(r);
  pinned_ = 0;
}

void VectorCache::emitConstants() {
  if (!pool_.isValid())
    return;
  a_.align(asmjit::AlignMode::kData, 32);
  a_.bind(pool_);
  a_.embed(constants_.data(), constants_.size());
}

} // namespace resin::baseline
