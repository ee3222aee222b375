#pragma once
// A connection between two ports: an unbounded FIFO of bytes. Buffers, streams and cascades all
// move through channels; the granularity (a whole buffer, one vector, one accumulator) is the
// reader's business. Capacity is unbounded on purpose: the emulator checks what data arrives,
// not whether FIFO depths suffice (that is timing, the performance model's job).
#include <cstddef>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "aiem_emu/scheduler.hpp"

namespace aiem_emu {

class Channel {
 public:
  Channel(Scheduler& s, std::string name) : sched_(s), name_(std::move(name)) {}

  const std::string& name() const { return name_; }

  void write(const std::byte* p, std::size_t n) {
    std::unique_lock lock(sched_.mutex);
    if (sched_.aborted()) throw Aborted{};
    data_.insert(data_.end(), p, p + n);
    sched_.changed_locked();
  }

  // Blocks until n bytes are there (or the run fails / deadlocks).
  void read(std::byte* p, std::size_t n, const std::string& reader) {
    std::unique_lock lock(sched_.mutex);
    sched_.wait(lock, [&] { return data_.size() >= n; },
                reader + " waits for " + std::to_string(n) + " bytes on " + name_ + " (has " +
                    std::to_string(data_.size()) + ")");
    std::copy(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n), p);
    data_.erase(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n));
    sched_.changed_locked();
  }

  // Outside a run (no workers): take everything.
  std::vector<std::byte> drain() {
    std::unique_lock lock(sched_.mutex);
    std::vector<std::byte> out(data_.begin(), data_.end());
    data_.clear();
    return out;
  }
  std::size_t pending() {
    std::unique_lock lock(sched_.mutex);
    return data_.size();
  }

 private:
  Scheduler& sched_;
  std::string name_;
  std::deque<std::byte> data_;
};

}  // namespace aiem_emu
