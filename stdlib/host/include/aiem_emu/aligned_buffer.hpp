#pragma once
// Zero-initialised bytes at a 64-byte boundary: kernel buffers and RTP arrays, so that vector
// loads that are aligned on the hardware (buffers start at bank-aligned addresses) are aligned here.
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

namespace aiem_emu {

class AlignedBuffer {
 public:
  static constexpr std::size_t kAlign = 64;
  AlignedBuffer() = default;
  explicit AlignedBuffer(std::size_t n) : size_(n), p_(allocate(n)) {}
  AlignedBuffer(const AlignedBuffer& o) : AlignedBuffer(o.size_) {
    if (size_) std::memcpy(p_.get(), o.p_.get(), size_);
  }
  AlignedBuffer& operator=(const AlignedBuffer& o) {
    if (this != &o) *this = AlignedBuffer(o);
    return *this;
  }
  AlignedBuffer(AlignedBuffer&&) noexcept = default;
  AlignedBuffer& operator=(AlignedBuffer&&) noexcept = default;

  std::byte* data() { return p_.get(); }
  const std::byte* data() const { return p_.get(); }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t(kAlign)); }
  };
  static std::unique_ptr<std::byte[], Free> allocate(std::size_t n) {
    auto* p = static_cast<std::byte*>(::operator new[](n ? n : 1, std::align_val_t(kAlign)));
    std::memset(p, 0, n ? n : 1);
    return std::unique_ptr<std::byte[], Free>(p);
  }
  std::size_t size_ = 0;
  std::unique_ptr<std::byte[], Free> p_;
};

}  // namespace aiem_emu
