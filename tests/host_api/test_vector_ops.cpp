// Vectors, element-wise operations, mul/mac, loads/stores/iterators and their alignment checks.
#include <catch2/catch.hpp>

#include <aie_api/aie.hpp>
#include <aie_api/operators.hpp>

#include <random>

#include "reference.hpp"

TEST_CASE("host_api: element typedefs and tags are the AIE ones")
{
    STATIC_REQUIRE(std::is_same_v<int8, std::int8_t> && std::is_same_v<uint16, std::uint16_t> &&
                   std::is_same_v<int32, std::int32_t>);
    STATIC_REQUIRE(aie::vector<int8>::size() == 64);  // native 512-bit length
    STATIC_REQUIRE(aie::vector<int16>::size() == 32);
    STATIC_REQUIRE(std::is_same_v<decltype(aie::mul(aie::vector<int8, 16>(), aie::vector<int8, 16>())), aie::accum<acc32, 16>>);
    STATIC_REQUIRE(std::is_same_v<decltype(aie::mul(aie::vector<int16, 16>(), aie::vector<int16, 16>())), aie::accum<acc32, 16>>);
    STATIC_REQUIRE(std::is_same_v<decltype(aie::mul<acc64>(aie::vector<int16, 16>(), aie::vector<int16, 16>())), aie::accum<acc64, 16>>);
}

TEST_CASE("host_api: vector element access, grow, extract, insert, push, concat, cast")
{
    aie::vector<int16, 8> v(int16(1), int16(2), int16(3));
    CHECK(v[0] == 1);
    CHECK(v.get(2) == 3);
    CHECK(v[7] == 0);
    v.set(-5, 7);
    v[6] = 9;
    CHECK(v.get(7) == -5);
    CHECK(v[6] == 9);
    CHECK_THROWS_AS(v.get(8), std::logic_error);
    const auto g = v.grow<16>(1);
    CHECK(g[8] == 1);
    CHECK(g[0] == 0);
    CHECK(g.extract<8>(1)[7] == -5);
    aie::vector<int16, 16> w;
    w.insert(1, v);  // subvectors are at least 128 bits: 8 x int16
    CHECK(w[0] == 0);
    CHECK(w[14] == 9);  // v[6]
    CHECK(w.extract<8>(1)[7] == -5);
    v.push(42);
    CHECK(v[0] == 42);
    CHECK(v[1] == 1);
    const auto c = aie::concat(v, v, v, v);  // vectors are power-of-two sizes: 4 x 128 bits
    STATIC_REQUIRE(decltype(c)::size() == 32);
    CHECK(c[16] == 42);
    const auto bytes = v.cast_to<int8>();
    STATIC_REQUIRE(decltype(bytes)::size() == 16);
    CHECK(bytes[0] == 42);
    CHECK(bytes[1] == 0);
    CHECK(aie::vector_cast<uint16>(aie::broadcast<int16, 8>(int16(-1)))[3] == 0xFFFF);
    const auto u = aie::broadcast<int8, 16>(-3).unpack();
    STATIC_REQUIRE(std::is_same_v<decltype(u), const aie::vector<int16, 16>>);
    CHECK(u[2] == -3);
}

TEST_CASE("host_api: max, min, add/sub wrap, saturating_add, neg, select, compare, reduce")
{
    ref::mode_guard guard;
    std::mt19937_64 g(7);
    aie::vector<int8, 32> a, b;
    for (unsigned i = 0; i < 32; ++i) {
        a[i] = ref::random_elem<int8>(g);
        b[i] = ref::random_elem<int8>(g);
    }
    a[0] = 127, b[0] = 1;  // add wraps
    const auto mx = aie::max(a, b), mn = aie::min(a, b), relu = aie::max(a, aie::zeros<int8, 32>()),
               relu2 = aie::max(int8(0), a), s = aie::add(a, b), d = aie::sub(a, b);
    aie::set_saturation(aie::saturation_mode::saturate);
    const auto sat = aie::saturating_add(a, b);
    const auto sel = aie::select(a, b, aie::lt(a, b));
    const auto n = aie::neg(a);
    int sum = 0, best = -1000;
    for (unsigned i = 0; i < 32; ++i) {
        CHECK(mx[i] == std::max(a[i], b[i]));
        CHECK(mn[i] == std::min(a[i], b[i]));
        CHECK(relu[i] == std::max<int>(a[i], 0));
        CHECK(relu2[i] == relu[i]);
        CHECK(s[i] == ref::wrap(a[i] + b[i], 8, true));
        CHECK(d[i] == ref::wrap(a[i] - b[i], 8, true));
        CHECK(sat[i] == std::clamp(a[i] + b[i], -128, 127));
        CHECK(sel[i] == (a[i] < b[i] ? b[i] : a[i]));
        CHECK(n[i] == ref::wrap(-a[i], 8, true));
        sum += a[i];
        best = std::max<int>(best, a[i]);
    }
    CHECK(s[0] == -128);
    CHECK(aie::reduce_add(a) == ref::wrap(sum, 8, true));
    CHECK(aie::reduce_max(a) == best);
    CHECK(aie::eq(a, a).full());
    CHECK(aie::gt(a, a).empty());
    using namespace aie::operators;
    CHECK(aie::equal(a + b, s));
    CHECK(aie::equal(a - b, d));
    CHECK((a < b) == aie::lt(a, b));
}

TEST_CASE("host_api: transpose reads a row-major Row x Col matrix and returns its Col x Row transpose")
{
    aie::vector<int8, 64> v;
    for (unsigned i = 0; i < 64; ++i) v[i] = int8(i);
    const auto t = aie::transpose(v, 8, 8);
    for (unsigned r = 0; r < 8; ++r)
        for (unsigned c = 0; c < 8; ++c) CHECK(t[c * 8 + r] == v[r * 8 + c]);
    aie::vector<int16, 16> w;
    for (unsigned i = 0; i < 16; ++i) w[i] = int16(100 * i - 700);
    const auto tw = aie::transpose(w, 2, 8);  // 2 rows of 8 -> 8 rows of 2
    for (unsigned r = 0; r < 2; ++r)
        for (unsigned c = 0; c < 8; ++c) CHECK(tw[c * 2 + r] == w[r * 8 + c]);
    CHECK(aie::transpose(w, 1, 16)[5] == w[5]);  // one row: unchanged
    aie::vector<uint8, 32> u;
    for (unsigned i = 0; i < 32; ++i) u[i] = uint8(255 - i);
    const auto tu = aie::transpose(u, 8, 4);
    CHECK(tu[1] == u[4]);
    CHECK(tu[8] == u[1]);
    CHECK_THROWS_AS(aie::transpose(v, 8, 4), std::logic_error);   // 32 != 64 elements
    CHECK_THROWS_AS(aie::transpose(w, 0, 16), std::logic_error);
    CHECK_THROWS_AS(aie::transpose(aie::vector<int16, 32>(), 3, 8), std::logic_error);  // 24 != 32
}

TEST_CASE("host_api: filter_even and filter_odd keep every other chunk of a power-of-two size, in order")
{
    aie::vector<int8, 32> v;
    for (unsigned i = 0; i < 32; ++i) v[i] = int8(i - 16);
    const aie::vector<int8, 16> e8 = aie::filter_even(v, 8), o8 = aie::filter_odd(v, 8);
    for (unsigned i = 0; i < 8; ++i) {
        CHECK(e8[i] == v[i]);           // chunk 0
        CHECK(e8[8 + i] == v[16 + i]);  // chunk 2
        CHECK(o8[i] == v[8 + i]);       // chunk 1
        CHECK(o8[8 + i] == v[24 + i]);  // chunk 3
    }
    const auto e1 = aie::filter_even(v);  // chunk_size 1: the even elements
    const auto o2 = aie::filter_odd(v, 2);
    CHECK(e1[3] == v[6]);
    CHECK(o2[0] == v[2]);
    CHECK(o2[1] == v[3]);
    CHECK(o2[2] == v[6]);
    aie::vector<int16, 16> w;
    for (unsigned i = 0; i < 16; ++i) w[i] = int16(1000 * i);
    CHECK(aie::filter_odd(w, 4)[4] == w[12]);
    CHECK_THROWS_AS(aie::filter_even(v, 3), std::logic_error);   // not a power of two
    CHECK_THROWS_AS(aie::filter_odd(v, 64), std::logic_error);   // longer than the vector
    CHECK_THROWS_AS(aie::filter_even(v, 0), std::logic_error);
}

TEST_CASE("host_api: broadcast and zeros for vectors and accumulators")
{
    const auto v = aie::broadcast<int16, 32>(-7);
    const auto v_native = aie::broadcast<int8>(5);
    STATIC_REQUIRE(decltype(v_native)::size() == 64);
    const auto z = aie::zeros<acc32, 16>();
    const auto z64 = aie::zeros<acc64, 8>();
    for (unsigned i = 0; i < 32; ++i) CHECK(v[i] == -7);
    for (unsigned i = 0; i < 16; ++i) CHECK(aie::emu::lane(z, i) == 0);
    CHECK(aie::emu::lane(z64, 7) == 0);
    CHECK(aie::zeros<uint8, 16>()[15] == 0);
}

TEST_CASE("host_api: mul, mac, msc and accumulator add/sub against scalar products")
{
    std::mt19937_64 g(11);
    aie::vector<int16, 16> a, b;
    for (unsigned i = 0; i < 16; ++i) {
        a[i] = ref::random_elem<int16>(g);
        b[i] = ref::random_elem<int16>(g);
    }
    a[0] = b[0] = -32768;  // 2^30 per product: three of them overflow acc32
    auto acc = aie::mul(a, b);
    acc = aie::mac(acc, a, b);
    acc = aie::mac(acc, a, b);
    auto acc64v = aie::mul<acc64>(a, b);
    acc64v = aie::mac(acc64v, a, b);
    acc64v = aie::mac(acc64v, a, b);
    const auto ms = aie::msc(acc, a, int16(3));
    const auto sc = aie::mul(int16(-2), a);
    const auto sum = aie::add(acc, acc), diff = aie::sub(acc, sc);
    for (unsigned i = 0; i < 16; ++i) {
        const ref::i128 p = ref::i128(a[i]) * b[i];
        CHECK(aie::emu::lane(acc, i) == ref::wrap(3 * p, 32, true));
        CHECK(aie::emu::lane(acc64v, i) == std::int64_t(3 * p));
        CHECK(aie::emu::lane(ms, i) == ref::wrap(3 * p - 3 * ref::i128(a[i]), 32, true));
        CHECK(aie::emu::lane(sc, i) == -2 * a[i]);
        CHECK(aie::emu::lane(sum, i) == ref::wrap(6 * p, 32, true));
        CHECK(aie::emu::lane(diff, i) == ref::wrap(3 * p + 2 * a[i], 32, true));
    }
}

TEST_CASE("host_api: accumulator extract, insert, grow, concat and vector_cast round trip")
{
    aie::accum<acc32, 16> a;
    for (unsigned i = 0; i < 16; ++i) aie::emu::set_lane(a, i, std::int64_t(i) * -1000);
    const auto lo = a.extract<8>(0), hi = a.extract<8>(1);
    CHECK(aie::emu::lane(hi, 0) == -8000);
    const auto back = aie::concat(lo, hi);
    const auto grown = hi.grow<16>();  // accum::grow takes no index: the low lanes
    aie::accum<acc32, 16> ins;
    ins.insert(1, lo);
    const auto bits = aie::vector_cast<int32>(a);
    const auto again = aie::vector_cast<acc32>(bits);
    for (unsigned i = 0; i < 16; ++i) {
        CHECK(aie::emu::lane(back, i) == aie::emu::lane(a, i));
        CHECK(aie::emu::lane(again, i) == aie::emu::lane(a, i));
        CHECK(bits[i] == std::int32_t(i) * -1000);
    }
    CHECK(aie::emu::lane(grown, 7) == -15000);
    CHECK(aie::emu::lane(grown, 15) == 0);
    CHECK(aie::emu::lane(ins, 8) == 0);
    CHECK(aie::emu::lane(ins, 9) == -1000);
}

TEST_CASE("host_api: load_v/store_v check the hardware alignment")
{
    alignas(64) int8 buf[256] = {};
    for (int i = 0; i < 256; ++i) buf[i] = int8(i);
    const auto v = aie::load_v<32>(buf + 32);  // 256-bit, 32-byte aligned: fine
    CHECK(v[0] == 32);
    CHECK(v[31] == 63);
    CHECK_THROWS_AS(aie::load_v<32>(buf + 16), std::logic_error);  // 256-bit access needs 32 B
    CHECK_NOTHROW(aie::load_v<16>(buf + 16));                      // 128-bit access needs 16 B
    CHECK_THROWS_AS(aie::load_v<16>(buf + 8), std::logic_error);
    CHECK_THROWS_AS(aie::store_v(buf + 1, v), std::logic_error);
    CHECK(aie::store_v(buf + 64, v) == buf + 64);
    CHECK(buf[64] == 32);
#if __AIE_ARCH__ == 20
    CHECK_NOTHROW(aie::load_v<64>(buf + 32));  // 512-bit on AIE-ML = two 256-bit accesses
#else
    CHECK_THROWS_AS(aie::load_v<64>(buf + 32), std::logic_error);  // AIE-MLv2 512-bit access needs 64 B
    CHECK_NOTHROW(aie::load_v<64>(buf + 64));
#endif
    const auto u = aie::load_unaligned_v<32>(buf + 3);
    CHECK(u[0] == 3);
    aie::store_unaligned_v(buf + 129, u);
    CHECK(buf[129] == 3);
    CHECK_THROWS_AS(aie::load_unaligned_v<32>(buf + 3, 4), std::logic_error);  // claims 4-element alignment
    CHECK(aie::load_floor_v<16>(buf + 37)[0] == 32);
    // The floored pointer must still be aligned for the vector: flooring to 4 elements is not enough.
    CHECK_THROWS_AS(aie::load_floor_v<16>(buf + 37, 4), std::logic_error);
    try {
        (void)aie::load_v<32>(buf + 4);
        FAIL("no exception");
    } catch (const std::logic_error &e) {
        CHECK(std::string(e.what()).find("32-byte aligned") != std::string::npos);
    }
}

TEST_CASE("host_api: upshift saturates and downshift rounds, as they go through an accumulator")
{
    ref::mode_guard guard;
    aie::vector<int16, 16> v;
    for (unsigned i = 0; i < 16; ++i) v[i] = int16(int(i) * 2500 - 20000);
    aie::set_saturation(aie::saturation_mode::saturate);
    aie::set_rounding(aie::rounding_mode::conv_even);
    const auto up = aie::upshift(v, 3), down = aie::downshift(v, 3);
    for (unsigned i = 0; i < 16; ++i) {
        const std::int64_t x = std::int64_t(v[i]);
        CHECK(up[i] == ref::saturate(ref::i128(x) * 8, 16, true, aie::saturation_mode::saturate));
        CHECK(down[i] == ref::srs(x, 3, aie::rounding_mode::conv_even, aie::saturation_mode::saturate, 16, true));
    }
    aie::set_saturation(aie::saturation_mode::none);
    CHECK(aie::upshift(v, 3)[0] == int16(-20000 * 8));  // wraps without saturation
}

TEST_CASE("host_api: vector iterators read and write aligned vectors")
{
    alignas(aie::vector_decl_align) int16 in[64], out[64] = {};
    for (int i = 0; i < 64; ++i) in[i] = int16(i * 3 - 90);
    auto pin = aie::begin_vector<16>(in);
    auto cin = aie::cbegin_vector<16>(static_cast<const int16 *>(in));
    auto pout = aie::begin_restrict_vector<16>(out);
    for (int i = 0; i < 4; ++i) {
        aie::vector<int16, 16> x = *pin++;
        aie::vector<int16, 16> y = *cin++;
        CHECK(aie::equal(x, y));
        *pout++ = aie::add(x, x);
    }
    for (int i = 0; i < 64; ++i) CHECK(out[i] == int16(2 * in[i]));
    auto bad = aie::begin_vector<16>(in + 1);
    using V16 = aie::vector<int16, 16>;
    CHECK_THROWS_AS((void)V16(*bad), std::logic_error);
}

TEST_CASE("host_api: dense-layer style kernel compiles and matches a scalar reference")
{
    // y = relu(srs(W x + b)) with mmul<4,8,8>: A = 4 batch rows x 8 inputs, B = 8 x 8 weights.
    ref::mode_guard guard;
    aie::set_rounding(aie::rounding_mode::conv_even);
    aie::set_saturation(aie::saturation_mode::saturate);
    alignas(aie::vector_decl_align) int8 x[4 * 16], w[16 * 8], y[4 * 8];
    alignas(aie::vector_decl_align) int32 bias[4 * 8];
    std::mt19937_64 g(5);
    for (auto &e : x) e = ref::random_elem<int8>(g);
    for (auto &e : w) e = ref::random_elem<int8>(g);
    for (auto &e : bias) e = std::int32_t(g() % 2000) - 1000;
    // Pre-tiled blocks: x as two 4x8 blocks (k = 0..7, 8..15), w as two 8x8 blocks.
    alignas(aie::vector_decl_align) int8 xt[2][32], wt[2][64];
    for (int kb = 0; kb < 2; ++kb)
        for (int m = 0; m < 4; ++m)
            for (int k = 0; k < 8; ++k) xt[kb][m * 8 + k] = x[m * 16 + kb * 8 + k];
    for (int kb = 0; kb < 2; ++kb)
        for (int k = 0; k < 8; ++k)
            for (int n = 0; n < 8; ++n) wt[kb][k * 8 + n] = w[(kb * 8 + k) * 8 + n];
    using MM = aie::mmul<4, 8, 8, int8, int8, acc32>;
    MM c(aie::load_v<32>(bias));
    for (int kb = 0; kb < 2; ++kb) chess_prepare_for_pipelining chess_loop_range(2, ) {
            c.mac(aie::load_v<32>(xt[kb]), aie::load_v<64>(wt[kb]));
        }
    aie::store_v(y, aie::max(c.to_vector<int8>(5), aie::zeros<int8, 32>()));
    for (int m = 0; m < 4; ++m)
        for (int n = 0; n < 8; ++n) {
            ref::i128 s = bias[m * 8 + n];
            for (int k = 0; k < 16; ++k) s += x[m * 16 + k] * w[k * 8 + n];
            const auto want = std::max<std::int64_t>(
                0, ref::srs(s, 5, aie::rounding_mode::conv_even, aie::saturation_mode::saturate, 8, true));
            CHECK(y[m * 8 + n] == want);
        }
}
