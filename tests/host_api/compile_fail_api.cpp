// Compiled (not run) by CTest, once per AIEM_CASE: every case > 0 uses a form the real AIE API does
// not offer and must be rejected at compile time, as aiecompiler would reject it; case 0 is the
// positive control that uses the accepted forms of the same constructs (so a failure is the rule's,
// not the build setup's). docs/host-emulation-api.md lists each rule with the real header line.
#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

alignas(aie::vector_decl_align) int8 buf[64];

void kernel_under_test(adf::input_circular_buffer<int8, adf::extents<64>>& circ) {
  aie::vector<int8, 16> v8 = aie::load_v<16>(buf);
  aie::vector<int16, 16> v16;
  aie::vector<int16, 8> v16s;
  aie::accum<acc32, 16> a16;
  aie::accum<acc32, 8> a8;
  aie::mask<16> m = aie::lt(v8, int8(0));
  aie::mmul<4, 8, 8, int8, int8> mm;
  aie::vector<int8, 32> A;
  aie::vector<int8, 64> B;
  (void)circ;
#if AIEM_CASE == 0
  v8 = aie::bit_and(int8(15), v8);                 // scalar first, exact element type
  v8 = aie::add(v8, int8(1));
  a16 = aie::mul(v16, int16(3));                   // int16 x int16 into acc32
  m = m | m;
  a16 = a8.grow<16>();
  a16.insert(1, a8);
  v16s = v16.extract<8>(1);                        // 128-bit subvector
  mm.mac(A, B);
  v8 = aie::select(v8, int8(1), m);
  aie::store_unaligned_v<16>(buf, v8);
  v8.load_unaligned(buf, 16);
  (void)aie::tile::current().get_rounding();
  (void)mm;
#elif AIEM_CASE == 1
  v8 = aie::bit_and(v8, int8(15));                 // bit operations take the scalar first only
#elif AIEM_CASE == 2
  v8 = aie::add(v8, 1);                            // an int literal is not an int8 scalar
#elif AIEM_CASE == 3
  auto p = aie::mul(v8, 3);                        // int32 x int8 is not a valid multiplication
  (void)p;
#elif AIEM_CASE == 4
  m = m ^ m;                                       // aie::mask has no operator^
#elif AIEM_CASE == 5
  aie::accum<acc32> no_size;                       // accum has no default size
  (void)no_size;
#elif AIEM_CASE == 6
  a16 = a8.grow<16>(1);                            // accum::grow takes no index
#elif AIEM_CASE == 7
  a16.insert<acc32>(1, a8);                        // insert's template parameters are <ElemsIn, Tag>
#elif AIEM_CASE == 8
  auto q = v16.extract<4>(1);                      // 64-bit subvectors are below the 128-bit minimum
  (void)q;
#elif AIEM_CASE == 9
  mm.mac(A, B).mac(A, B);                          // mac returns void (aie_api 2025.1)
#elif AIEM_CASE == 10
  constexpr unsigned bits = decltype(mm)::accum_bits;  // only in the 2026.1 headers
  (void)bits;
#elif AIEM_CASE == 11
  aie::tile t;                                     // only tile::current() makes one
  (void)t;
#elif AIEM_CASE == 12
  aie::vector<int64, 8> wide;                      // no 64-bit vector elements
  (void)wide;
#elif AIEM_CASE == 13
  auto w = aie::mul<acc64>(v8, v8);                // int8 x int8 has no 64-bit accumulation
  (void)w;
#elif AIEM_CASE == 14
  auto mm16 = aie::mask<16>::from_uint64(3);       // 64-bit words need 64 lanes (2025.1)
  (void)mm16;
#elif AIEM_CASE == 15
  aie::store_unaligned_v<aie_dm_resource::a>(buf, v8);  // Elems comes first, then Resource
#elif AIEM_CASE == 16
  mm.mac(aie::vector<uint8, 32>(), B);             // mmul operands have exactly the shape's types
#elif AIEM_CASE == 17
  auto it = aie::begin_vector<16>(circ);           // vector iterators need a linear buffer
  (void)it;
#elif AIEM_CASE == 18
  v8.load_unaligned(buf);                          // vector::load_unaligned has no default alignment
#elif AIEM_CASE == 19
  v16 = aie::select(v16, 1, aie::lt(v16, int16(0)));  // an int literal is not an int16 scalar
#elif AIEM_CASE == 20
  auto acc_default = accauto{};                    // accauto is only declared
  (void)acc_default;
#elif AIEM_CASE == 21
  mm.mul(A, B);
  auto vv = aie::mmul<4, 8, 8, int8, int8>::value_type{};  // mmul has no value_type
  (void)vv;
#elif AIEM_CASE == 22
  aie::vector<int8, 4> tiny;                       // vectors are powers of two of at least 128 bits
  (void)tiny;
#elif AIEM_CASE == 23
  aie::accum<acc32, 4> tiny_acc;                   // accumulators are at least 256 bits
  (void)tiny_acc;
#elif AIEM_CASE == 24
  aie::vector<char, 16> chars;                     // char is not an AIE element type (int8 is)
  (void)chars;
#elif AIEM_CASE == 25
  aie::accum<acc64, 16> a64;
  a64 = aie::mac(a64, v8, v8);                     // int8 x int8 has no 64-bit accumulation
#elif AIEM_CASE == 26
  auto wide = v16.unpack();                        // int16 does not unpack (to int32)
  (void)wide;
#endif
}

int main() { return 0; }
