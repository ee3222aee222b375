// Host emulation of <aie_api/aie_adf.hpp>: AIE API access to ADF kernel ports. Vector iterators
// over buffer ports, and vector / accumulator reads and writes on streams and cascades. A cascade
// word carries accumulator lanes (each lane as a 64-bit value, already wrapped to the lane width)
// or vector elements, in lane order, exactly as the 512-bit cascade moves them west to east.
#pragma once

// A graph translation unit gets nothing from this header (aie_adf.hpp:19-40 of both versions).
#if defined(__AIENGINE__) && __cplusplus >= 202002L
#include <type_traits>

#include "aie_api/aie.hpp"
#include "aiem_emu/kernel_ports.hpp"

namespace aie {

// Vector iterators over linear buffers only (adf/io_buffer.hpp:242-246 static_asserts the
// addressing mode): a circular buffer wraps, which a plain vector iterator cannot follow.
template <unsigned Elems, class T, adf::direction D, class E, class M, class A>
auto begin_vector(adf::io_buffer<T, D, E, M, A>& b) {
  static_assert(std::is_same_v<A, adf::linear_addressing>, "begin_vector: the buffer must use linear addressing");
  return begin_vector<Elems>(b.data());
}
template <unsigned Elems, class T, adf::direction D, class E, class M, class A>
auto begin_restrict_vector(adf::io_buffer<T, D, E, M, A>& b) {
  static_assert(std::is_same_v<A, adf::linear_addressing>, "begin_restrict_vector: the buffer must use linear addressing");
  return begin_restrict_vector<Elems>(b.data());
}
template <unsigned Elems, class T, adf::direction D, class E, class M, class A>
auto cbegin_vector(const adf::io_buffer<T, D, E, M, A>& b) {
  static_assert(std::is_same_v<A, adf::linear_addressing>, "cbegin_vector: the buffer must use linear addressing");
  return cbegin_vector<Elems>(b.data());
}
template <unsigned Elems, class T, adf::direction D, class E, class M, class A>
auto cbegin_restrict_vector(const adf::io_buffer<T, D, E, M, A>& b) {
  static_assert(std::is_same_v<A, adf::linear_addressing>, "cbegin_restrict_vector: the buffer must use linear addressing");
  return cbegin_restrict_vector<Elems>(b.data());
}

}  // namespace aie

namespace adf {

// Vectors over streams and cascades of element type T.
template <unsigned N, class T, direction D, bool C>
  requires(std::is_arithmetic_v<T> && D == direction::in)
aie::vector<T, N> readincr_v(stream_end<T, D, C>* s) {
  aie::vector<T, N> v;
  for (unsigned i = 0; i < N; ++i) {
    T x;
    s->read_bytes(&x, sizeof(T));
    aie::emu::set_lane(v, i, std::int64_t(x));
  }
  return v;
}
template <class T, unsigned N, direction D, bool C>
  requires(std::is_arithmetic_v<T> && D == direction::out)
void writeincr(stream_end<T, D, C>* s, const aie::vector<T, N>& v) {
  for (unsigned i = 0; i < N; ++i) {
    T x = static_cast<T>(aie::emu::lane(v, i));
    s->write_bytes(&x, sizeof(T));
  }
}

// Accumulators over cascades of an accumulator tag (acc32, acc64, ...). The cascade moves whole
// 512-bit words (UG1603 "Stream and Cascade Data Types"): a narrower accumulator is written as a
// padded word and read by consuming a whole word, so writer and reader of different widths see
// what the hardware gives them, not each other's lanes.
namespace detail {
template <class Tag>
constexpr unsigned cascade_word_lanes() { return 512 / unsigned(aie::emu::acc_bits<Tag>()); }
template <unsigned N, class Tag>
constexpr unsigned cascade_lanes_moved() {
  constexpr unsigned w = cascade_word_lanes<Tag>();
  return (N + w - 1) / w * w;
}
}  // namespace detail
template <unsigned N, class Tag, direction D>
  requires(!std::is_arithmetic_v<Tag> && D == direction::in)
aie::accum<Tag, N> readincr_v(stream_end<Tag, D, true>* s) {
  aie::accum<Tag, N> a;
  for (unsigned i = 0; i < detail::cascade_lanes_moved<N, Tag>(); ++i) {
    std::int64_t x;
    s->read_bytes(&x, sizeof x);
    if (i < N) aie::emu::set_lane(a, i, x);
  }
  return a;
}
template <class Tag, unsigned N, direction D>
  requires(!std::is_arithmetic_v<Tag> && D == direction::out)
void writeincr(stream_end<Tag, D, true>* s, const aie::accum<Tag, N>& a) {
  for (unsigned i = 0; i < detail::cascade_lanes_moved<N, Tag>(); ++i) {
    std::int64_t x = i < N ? aie::emu::lane(a, i) : 0;
    s->write_bytes(&x, sizeof x);
  }
}

}  // namespace adf

using adf::readincr_v;
#endif  // __AIENGINE__ && C++20
