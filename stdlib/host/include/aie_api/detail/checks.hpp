// Error reporting shared by the emulation headers. Hardware never traps on these conditions (it masks
// address bits or indices), so the emulator reports them loudly instead of silently diverging.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace aie::detail {

[[noreturn]] inline void fail(const std::string &what) { throw std::logic_error("aie emulation: " + what); }

inline void check_index(unsigned idx, unsigned limit, const char *what)
{
    if (idx >= limit)
        fail(std::string(what) + ": index " + std::to_string(idx) + " out of range [0, " + std::to_string(limit) + ")");
}

inline void check_alignment(const void *p, unsigned align, const char *what, unsigned bytes)
{
    if (align > 1 && reinterpret_cast<std::uintptr_t>(p) % align != 0)
        fail(std::string(what) + ": pointer " + std::to_string(reinterpret_cast<std::uintptr_t>(p)) + " is not " +
             std::to_string(align) + "-byte aligned for a " + std::to_string(bytes) +
             "-byte vector access (hardware would silently ignore the low address bits)");
}

}  // namespace aie::detail
