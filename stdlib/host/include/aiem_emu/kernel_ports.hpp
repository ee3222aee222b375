#pragma once
// What a kernel function sees of its ports: ADF buffer ports (input_buffer/output_buffer with
// extents and margin), streams and cascades. Buffer objects point into storage the executor owns;
// stream and cascade objects wrap the channel the port is connected to.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "aiem_emu/channel.hpp"
#include "aiem_emu/scalar_types.hpp"

namespace adf {

// Buffer size inferred from the graph (dimensions() or the connected peer).
inline constexpr unsigned inherited_extent = 0xFFFFFFFFu;
template <unsigned... Extents>
struct extents {};
template <unsigned Margin>
struct margin {};

enum class direction { in, out };

// Locking and addressing attributes carried by the buffer type, as in ADF.
struct linear_addressing {};
struct circular_addressing {};

template <class T, direction Dir, class Extents = extents<inherited_extent>,
          class Margin = margin<0>, class Addressing = linear_addressing>
class io_buffer {
 public:
  using value_type = T;
  static constexpr direction dir = Dir;

  io_buffer(T* data, std::size_t size) : data_(data), size_(size) {}

  T* data() { return data_; }
  const T* data() const { return data_; }
  // Elements including the margin, as the buffer's iterators see them.
  std::size_t size() const { return size_; }

 private:
  T* data_;
  std::size_t size_;
};

template <class T, class Extents = extents<inherited_extent>, class Margin = margin<0>>
using input_buffer = io_buffer<T, direction::in, Extents, Margin>;
template <class T, class Extents = extents<inherited_extent>>
using output_buffer = io_buffer<T, direction::out, Extents>;
template <class T, class Extents = extents<inherited_extent>, class Margin = margin<0>>
using input_circular_buffer = io_buffer<T, direction::in, Extents, Margin, circular_addressing>;
template <class T, class Extents = extents<inherited_extent>>
using output_circular_buffer = io_buffer<T, direction::out, Extents, margin<0>, circular_addressing>;

// A stream or cascade end. The element type says what one readincr/writeincr moves; cascades of
// accumulator tags move accumulator lanes (see aie_api/aie_adf.hpp).
template <class T, direction Dir, bool Cascade>
class stream_end {
 public:
  using value_type = T;
  // Inputs read the first channel; outputs write every channel (a stream may fan out).
  stream_end(std::vector<aiem_emu::Channel*> c, std::string owner)
      : channels_(std::move(c)), owner_(std::move(owner)) {}

  void write_bytes(const void* p, std::size_t n) {
    for (auto* c : channels_) c->write(static_cast<const std::byte*>(p), n);
  }
  void read_bytes(void* p, std::size_t n) {
    channels_.front()->read(static_cast<std::byte*>(p), n, owner_);
  }

 private:
  std::vector<aiem_emu::Channel*> channels_;
  std::string owner_;
};

template <class T>
using input_stream = stream_end<T, direction::in, false>;
template <class T>
using output_stream = stream_end<T, direction::out, false>;
template <class T>
using input_cascade = stream_end<T, direction::in, true>;
template <class T>
using output_cascade = stream_end<T, direction::out, true>;

// Scalar stream access (AIE intrinsics of the same names). Vector and accumulator overloads are
// in aie_api/aie_adf.hpp.
template <class T, class V, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
void writeincr(stream_end<T, direction::out, false>* s, V v) {
  T x = static_cast<T>(v);
  s->write_bytes(&x, sizeof(T));
}
template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
T readincr(stream_end<T, direction::in, false>* s) {
  T x;
  s->read_bytes(&x, sizeof(T));
  return x;
}

}  // namespace adf

// Kernel sources name these without adf:: (the real headers put them in the global namespace).
using adf::input_buffer;
using adf::output_buffer;
using adf::input_circular_buffer;
using adf::output_circular_buffer;
using adf::input_stream;
using adf::output_stream;
using adf::input_cascade;
using adf::output_cascade;
using adf::readincr;
using adf::writeincr;
