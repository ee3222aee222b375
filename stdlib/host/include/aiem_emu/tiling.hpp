#pragma once
// ADF tiling parameters (the DMA access patterns of tile and memory-tile buffers) and their
// meaning: the order in which a DMA visits buffer elements. Reading (MM2S) gathers elements in
// that order into a stream, zero for positions outside the buffer (memory-tile zero padding);
// writing (S2MM) scatters a stream in that order and drops padding positions.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "aiem_emu/error.hpp"

namespace adf {

struct traversing_parameters {
  std::uint32_t dimension = 0;  // which buffer dimension this loop walks
  std::int32_t stride = 0;      // elements between consecutive tiles along that dimension
  std::uint32_t wrap = 1;       // number of tiles visited by this loop
};

// Field order follows the ADF header so that designated initialisers written for Vitis compile.
struct tiling_parameters {
  std::vector<std::uint32_t> buffer_dimension;  // [0] is contiguous; empty = the port's dimensions
  std::vector<std::uint32_t> tiling_dimension;  // empty = the whole buffer as one tile
  std::vector<std::int32_t> offset;             // first tile's origin; may be negative (padding)
  std::vector<traversing_parameters> tile_traversal;  // [0] is the innermost loop
  int packet_port_id = -1;
  std::uint32_t repetition = 1;
  std::uint32_t phase = 0;
  std::vector<std::uint32_t> boundary_dimension;  // real data extent; beyond it reads give zero
};

// What `write_access(...) = tiling(...)` stores: one or more patterns run one after the other.
struct access_pattern {
  std::vector<tiling_parameters> patterns;
};
inline access_pattern tiling(const tiling_parameters& p) { return access_pattern{{p}}; }
inline access_pattern tiling(const std::vector<tiling_parameters>& ps) { return access_pattern{ps}; }

}  // namespace adf

namespace aiem_emu {

// One pattern, with defaults filled in from the buffer's dimensions and checked.
class AccessWalk {
 public:
  AccessWalk(const adf::tiling_parameters& p, const std::vector<std::uint32_t>& port_dims,
             const std::string& where)
      : p_(p) {
    if (p_.buffer_dimension.empty()) p_.buffer_dimension = port_dims;
    std::size_t rank = p_.buffer_dimension.size();
    if (rank == 0 || rank > 4)
      throw GraphError(where + ": tiling buffer_dimension must have 1 to 4 dimensions");
    if (p_.tiling_dimension.empty()) p_.tiling_dimension = p_.buffer_dimension;
    if (p_.offset.empty()) p_.offset.assign(rank, 0);
    if (p_.boundary_dimension.empty()) p_.boundary_dimension = p_.buffer_dimension;
    if (p_.tiling_dimension.size() != rank || p_.offset.size() != rank ||
        p_.boundary_dimension.size() != rank)
      throw GraphError(where + ": tiling_dimension, offset and boundary_dimension must have " +
                       std::to_string(rank) + " entries like buffer_dimension");
    for (auto& t : p_.tile_traversal) {
      if (t.dimension >= rank)
        throw GraphError(where + ": tile_traversal dimension " + std::to_string(t.dimension) +
                         " is not below the rank " + std::to_string(rank));
      if (t.wrap == 0) throw GraphError(where + ": tile_traversal wrap must be at least 1");
    }
    for (std::size_t d = 0; d < rank; ++d) {
      if (p_.tiling_dimension[d] == 0) throw GraphError(where + ": tiling_dimension of 0");
      if (p_.boundary_dimension[d] > p_.buffer_dimension[d])
        throw GraphError(where + ": boundary_dimension exceeds buffer_dimension");
    }
    if (p_.repetition == 0) throw GraphError(where + ": tiling repetition must be at least 1");
  }

  std::size_t buffer_elems() const {
    std::size_t n = 1;
    for (auto d : p_.buffer_dimension) n *= d;
    return n;
  }
  std::size_t elems() const {
    std::size_t n = p_.repetition;
    for (auto d : p_.tiling_dimension) n *= d;
    for (auto& t : p_.tile_traversal) n *= t.wrap;
    return n;
  }

  // Calls f(linear_index_or_-1) for every element in DMA order; -1 marks padding.
  template <class F>
  void for_each(F&& f) const {
    const std::size_t rank = p_.buffer_dimension.size();
    const std::size_t loops = p_.tile_traversal.size();
    std::vector<std::uint32_t> idx(loops, 0);
    std::vector<std::int64_t> origin(rank), coord(rank), e(rank);
    for (std::uint32_t r = 0; r < p_.repetition; ++r) {
      std::fill(idx.begin(), idx.end(), 0);
      for (;;) {
        for (std::size_t d = 0; d < rank; ++d) origin[d] = p_.offset[d];
        for (std::size_t l = 0; l < loops; ++l)
          origin[p_.tile_traversal[l].dimension] +=
              std::int64_t{p_.tile_traversal[l].stride} * idx[l];
        visit_tile(origin, coord, e, f);
        std::size_t l = 0;  // advance the traversal odometer, innermost loop first
        while (l < loops && ++idx[l] == p_.tile_traversal[l].wrap) idx[l++] = 0;
        if (l == loops) break;
      }
    }
  }

 private:
  template <class F>
  void visit_tile(const std::vector<std::int64_t>& origin, std::vector<std::int64_t>& coord,
                  std::vector<std::int64_t>& e, F& f) const {
    const std::size_t rank = origin.size();
    std::fill(e.begin(), e.end(), 0);
    for (;;) {
      bool inside = true;
      std::int64_t linear = 0, scale = 1;
      for (std::size_t d = 0; d < rank; ++d) {
        coord[d] = origin[d] + e[d];
        if (coord[d] < 0 || coord[d] >= std::int64_t{p_.boundary_dimension[d]}) inside = false;
        linear += coord[d] * scale;
        scale *= p_.buffer_dimension[d];
      }
      f(inside ? linear : std::int64_t{-1});
      std::size_t d = 0;
      while (d < rank && ++e[d] == std::int64_t{p_.tiling_dimension[d]}) e[d++] = 0;
      if (d == rank) break;
    }
  }

  adf::tiling_parameters p_;
};

// The access of one port: its patterns (linear over the whole buffer when none were given).
class PortAccess {
 public:
  PortAccess() = default;
  PortAccess(const adf::access_pattern& a, const std::vector<std::uint32_t>& dims,
             const std::string& where) {
    if (a.patterns.empty()) {
      walks_.emplace_back(adf::tiling_parameters{}, dims, where);
    } else {
      for (auto& p : a.patterns) walks_.emplace_back(p, dims, where);
    }
    for (auto& w : walks_)
      if (w.buffer_elems() > buffer_elems_)
        buffer_elems_ = w.buffer_elems();
  }

  std::size_t elems() const {
    std::size_t n = 0;
    for (auto& w : walks_) n += w.elems();
    return n;
  }
  std::size_t buffer_elems() const { return buffer_elems_; }

  // buffer -> stream
  void gather(const std::byte* buffer, std::size_t buffer_bytes, std::size_t elem,
              std::byte* out) const {
    for (auto& w : walks_)
      w.for_each([&](std::int64_t i) {
        if (i < 0 || std::size_t(i) * elem >= buffer_bytes)
          std::memset(out, 0, elem);
        else
          std::memcpy(out, buffer + std::size_t(i) * elem, elem);
        out += elem;
      });
  }
  // stream -> buffer
  void scatter(const std::byte* in, std::byte* buffer, std::size_t buffer_bytes,
               std::size_t elem) const {
    for (auto& w : walks_)
      w.for_each([&](std::int64_t i) {
        if (i >= 0 && std::size_t(i) * elem < buffer_bytes)
          std::memcpy(buffer + std::size_t(i) * elem, in, elem);
        in += elem;
      });
  }

 private:
  std::vector<AccessWalk> walks_;
  std::size_t buffer_elems_ = 0;
};

}  // namespace aiem_emu
