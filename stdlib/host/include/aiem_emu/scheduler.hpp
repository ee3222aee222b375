#pragma once
// The emulator's scheduler: every kernel and memory-tile buffer runs on its own thread, like the
// cores and DMAs of the array, and blocks on its channels. Because the graph is a Kahn process
// network (blocking reads, deterministic kernels), the data every kernel sees does not depend on
// thread timing. One mutex guards all channel state; a state change bumps an epoch and wakes all
// waiters, so "every live thread is waiting and nothing changed since" is an exact deadlock test.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "aiem_emu/error.hpp"

namespace aiem_emu {

class Scheduler {
 public:
  std::mutex mutex;

  // Called by a worker thread (under `mutex`) until `ready()` holds. `what` says what it waits for,
  // for the deadlock report.
  template <class Ready>
  void wait(std::unique_lock<std::mutex>& lock, Ready ready, const std::string& what) {
    while (!ready()) {
      if (aborted_) throw Aborted{};
      ++blocked_;
      waits_[std::this_thread::get_id()] = what;
      if (blocked_ == active_) {
        fail_locked(deadlock_message());
        throw Aborted{};
      }
      std::uint64_t seen = epoch_;
      cv_.wait(lock, [&] { return epoch_ != seen || aborted_; });
    }
  }

  // Called (under `mutex`) after any change that may let a waiter proceed.
  void changed_locked() {
    ++epoch_;
    blocked_ = 0;
    waits_.clear();
    cv_.notify_all();
  }

  void thread_started_locked() { ++active_; }
  void thread_finished_locked() {
    --active_;
    changed_locked();
  }

  // Records the first failure and wakes everybody so that they unwind.
  void fail_locked(const std::string& message) {
    if (!aborted_) {
      aborted_ = true;
      message_ = message;
    }
    changed_locked();
  }
  void fail_locked(std::exception_ptr e) {
    if (!aborted_) {
      aborted_ = true;
      error_ = std::move(e);
    }
    changed_locked();
  }

  bool aborted() const { return aborted_; }

  // After all workers joined: rethrows the first failure, if any.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
    if (aborted_) throw EmulationError(message_);
  }

 private:
  std::string deadlock_message() const {
    std::map<std::string, int> lines;  // sorted, so the report is deterministic
    for (auto& [id, what] : waits_) ++lines[what];
    std::string m = "emulation deadlock: every kernel and memory tile is waiting:";
    for (auto& [what, n] : lines) m += "\n  " + what;
    m += "\n(a consumer expects more data than its producers send, or a cascade/stream is read "
         "more often than it is written)";
    return m;
  }

  std::condition_variable cv_;
  std::uint64_t epoch_ = 0;
  int active_ = 0;
  int blocked_ = 0;
  bool aborted_ = false;
  std::string message_;
  std::exception_ptr error_;
  std::map<std::thread::id, std::string> waits_;
};

}  // namespace aiem_emu
