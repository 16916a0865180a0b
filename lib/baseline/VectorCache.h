// The baseline tier's register allocation: a register cache over asmjit's
// plain x86::Assembler, in the manner of single-pass baseline compilers
// (WebAssembly's Liftoff). Each value part ("piece") is immutable; handles
// count references, and a piece whose last handle goes away frees its
// register and stack slot at once. A piece lives in a vector register while
// there is room; when none is free the least recently used one is evicted to
// a 32-byte stack slot (constants are reloaded from the constant pool, never
// stored). At every label and branch the cache is flushed: all live pieces
// to memory, no register assumed, so control flow needs no merging.
//
// Compile cost is linear: one pass, constant work per instruction.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include <asmjit/x86.h>

namespace resin::baseline {

namespace x86 = asmjit::x86;

class VectorCache;

/// A counted reference to one piece (one register's worth of lanes).
class Piece {
public:
  Piece() = default;
  Piece(VectorCache *cache, uint32_t index);
  Piece(const Piece &other);
  Piece(Piece &&other) noexcept;
  Piece &operator=(Piece other) noexcept;
  ~Piece();

  bool valid() const { return cache_ != nullptr; }
  uint32_t index() const { return index_; }
  VectorCache *cache() const { return cache_; }

private:
  VectorCache *cache_ = nullptr;
  uint32_t index_ = 0;
};

class VectorCache {
public:
  static constexpr unsigned kRegisters = 16; // ymm0..ymm15 (AVX2)

  explicit VectorCache(x86::Assembler &a) : a_(a) {}

  x86::Assembler &assembler() { return a_; }

  /// A piece holding a constant of `bytes` (16 or 32): the pattern repeated.
  Piece constant(const void *pattern, unsigned patternBytes, unsigned bytes);
  /// A piece of `bytes` from memory.
  Piece load(const x86::Mem &from, unsigned bytes);
  /// A new piece of `bytes` in a register: `write(reg)` emits its value.
  template <class Write> Piece define(unsigned bytes, Write write) {
    unsigned reg = allocate();
    Piece p = newPiece(bytes);
    write(view(reg, bytes));
    bind(p.index(), reg);
    release();
    return p;
  }
  /// The register holding `p` (loading it if needed); it stays pinned, as
  /// do operands, until release() after the instruction that uses them.
  x86::Vec reg(const Piece &p);
  /// `p` as a source operand: its register if cached, else its memory.
  asmjit::Operand operand(const Piece &p);
  /// Unpins every register pinned since the last release().
  void release();
  void store(const x86::Mem &to, const Piece &p);
  unsigned bytesOf(const Piece &p) const { return pieces_[p.index()].bytes; }
  /// The first 32 bits of a constant piece; nullopt for any other piece.
  std::optional<uint32_t> constantBits(const Piece &p) const {
    int at = pieces_[p.index()].constant;
    if (at < 0)
      return std::nullopt;
    uint32_t bits;
    std::memcpy(&bits, constants_.data() + at, 4);
    return bits;
  }
  /// The same value: the same piece, or the same constant.
  bool same(const Piece &a, const Piece &b) const {
    if (!a.valid() || !b.valid())
      return false;
    if (a.index() == b.index())
      return true;
    int ca = pieces_[a.index()].constant, cb = pieces_[b.index()].constant;
    return ca >= 0 && ca == cb && pieces_[a.index()].bytes == pieces_[b.index()].bytes;
  }

  /// Every live piece to memory, no register assumed: before a label or a branch.
  void flush();
  /// The frame bytes the spill slots need (a multiple of 32).
  uint32_t frameBytes() const { return slotCount_ * 32; }
  /// Where the spill slots start, from rsp.
  void setSlotBase(int32_t offset) { slotBase_ = offset; }
  /// Emits the constant pool (after the last function of the code).
  void emitConstants();

  void addRef(uint32_t index) { ++pieces_[index].refs; }
  void dropRef(uint32_t index);

private:
  struct Entry {
    int reg = -1;      // the register holding it, or -1
    int slot = -1;     // its stack slot, or -1
    int constant = -1; // its offset in the constant pool, or -1
    unsigned bytes = 32;
    uint32_t refs = 0;
  };

  Piece newPiece(unsigned bytes);
  unsigned allocate();
  void bind(uint32_t piece, unsigned reg);
  void evict(unsigned reg);
  x86::Mem home(const Entry &e) const;
  static x86::Vec view(unsigned reg, unsigned bytes);

  x86::Assembler &a_;
  std::vector<Entry> pieces_;
  std::vector<uint32_t> freePieces_;
  std::array<int64_t, kRegisters> holder_{}; // piece index + 1, or 0 when free
  std::array<uint64_t, kRegisters> lastUse_{};
  uint32_t pinned_ = 0; // a bit per register
  uint64_t clock_ = 0;
  std::vector<int> freeSlots_;
  int slotCount_ = 0;
  int32_t slotBase_ = 0;
  asmjit::Label pool_;
  std::vector<uint8_t> constants_;
  std::map<std::array<uint8_t, 32>, int> constantAt_;
};

} // namespace resin::baseline
