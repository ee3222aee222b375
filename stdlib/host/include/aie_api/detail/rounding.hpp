// Rounding / saturation modes and the per-tile control state (crRnd / crSat on hardware).
// The state is thread_local: the ADF emulation runs each tile's kernels on its own thread, and a
// fresh thread starts from the hardware reset values (floor, none).
#pragma once

namespace aie {

enum class saturation_mode : unsigned {
    none = 0,       // wrap: keep the low bits
    saturate = 1,   // clamp to [min, max] of the destination type
    truncate [[deprecated("Use saturate instead")]] = 1,
    symmetric = 3,  // clamp to [-max, max] (signed); same as saturate for unsigned destinations
};

// Enumerator values are the AIE-ML crRnd encodings (UG1583); AIE1 uses different ones.
enum class rounding_mode : unsigned {
    floor = 0,            // toward -inf
    ceil = 1,             // toward +inf
    symmetric_floor = 2,  // toward zero
    symmetric_ceil = 3,   // away from zero
    negative_inf = 8,     // nearest, ties toward -inf
    positive_inf = 9,     // nearest, ties toward +inf
    symmetric_zero = 10,  // nearest, ties toward zero
    symmetric_inf = 11,   // nearest, ties away from zero
    conv_even = 12,       // nearest, ties to even
    conv_odd = 13,        // nearest, ties to odd
};

namespace detail {
struct tile_state {
    rounding_mode rnd = rounding_mode::floor;
    saturation_mode sat = saturation_mode::none;
};
inline tile_state &current_tile_state()
{
    thread_local tile_state s;
    return s;
}
}  // namespace detail

// Minimal aie::tile: only the rounding/saturation control is emulated (no cycle counter or ids).
class tile {
    constexpr tile() {}  // private, as in detail/aie2/tile.hpp: only tile::current() makes one

public:
    static tile current() { return tile(); }
    void set_rounding(rounding_mode m) { detail::current_tile_state().rnd = m; }
    rounding_mode get_rounding() const { return detail::current_tile_state().rnd; }
    void set_saturation(saturation_mode m) { detail::current_tile_state().sat = m; }
    saturation_mode get_saturation() const { return detail::current_tile_state().sat; }
};

static inline void set_rounding(rounding_mode m) { tile::current().set_rounding(m); }
static inline rounding_mode get_rounding() { return tile::current().get_rounding(); }
static inline void set_saturation(saturation_mode m) { tile::current().set_saturation(m); }
static inline saturation_mode get_saturation() { return tile::current().get_saturation(); }

static inline rounding_mode swap_rounding(rounding_mode m)
{
    rounding_mode old = get_rounding();
    set_rounding(m);
    return old;
}
static inline saturation_mode swap_saturation(saturation_mode m)
{
    saturation_mode old = get_saturation();
    set_saturation(m);
    return old;
}

namespace emu {
// Back to the hardware reset state (floor, none); for an emulator that reuses a thread for a new tile.
inline void reset_tile_state() { detail::current_tile_state() = detail::tile_state{}; }
}  // namespace emu

}  // namespace aie
