#pragma once
// The generator behind `random(seed)` parameters. splitmix64 is fully specified by a few lines of
// integer arithmetic, so scripts (the numpy oracle) can reproduce the same parameters exactly;
// std::uniform_int_distribution cannot promise that across standard libraries.
#include <cstdint>

namespace aiem::sema {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

}  // namespace aiem::sema
