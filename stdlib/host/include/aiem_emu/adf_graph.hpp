#pragma once
// adf::graph: the base of every graph class. Its constructor marks the point from which the
// nodes a derived constructor creates belong to it; init() claims them and prepares execution;
// run/wait/end/update/read drive the executor.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "aiem_emu/adf_constraints.hpp"
#include "aiem_emu/elaborate.hpp"
#include "aiem_emu/executor.hpp"

namespace adf {

enum class return_code { ok = 0, user_error, aie_driver_error, xrt_error, internal_error, unsupported };

class graph {
 public:
  graph() : mark_(aiem_emu::Registry::instance().mark()) {}
  graph(const graph&) = delete;
  graph& operator=(const graph&) = delete;
  virtual ~graph() = default;

  return_code init() {
    if (executor_) throw aiem_emu::GraphError("graph::init() called twice");
    nodes_ = aiem_emu::Registry::instance().claim(mark_);
    aiem_emu::name_kernels(nodes_);
    aiem_emu::flatten_graph_ports(nodes_);
    executor_ = std::make_unique<aiem_emu::Executor>(nodes_);
    return return_code::ok;
  }
  return_code run(int iterations = -1) {
    executor().run(iterations);
    return return_code::ok;
  }
  return_code wait() {
    executor().wait();
    return return_code::ok;
  }
  return_code wait(unsigned long long /*cycle_timeout: timing is not emulated*/) { return wait(); }
  return_code end() {
    if (executor_) executor().end();
    return return_code::ok;
  }
  return_code end(unsigned long long /*cycle_timeout*/) { return end(); }

  template <class D, class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  return_code update(const port<D>& p, T value) {
    executor().update(p.state(), &value, sizeof(T));
    return return_code::ok;
  }
  template <class D, class T>
  return_code update(const port<D>& p, const T* data, std::size_t n) {
    executor().update(p.state(), data, sizeof(T) * n);
    return return_code::ok;
  }
  template <class D, class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  return_code read(const port<D>& p, T& value) {
    executor().read(p.state(), &value, sizeof(T));
    return return_code::ok;
  }
  template <class D, class T>
  return_code read(const port<D>& p, T* data, std::size_t n) {
    executor().read(p.state(), data, sizeof(T) * n);
    return return_code::ok;
  }

  // Emulator extension: every recorded location constraint as "<node or port>: <what> = <value>",
  // in creation order (after init()).
  std::vector<std::string> constraints() const {
    std::vector<std::string> out;
    for (auto& n : nodes_) {
      for (auto& c : n->constraints.location) out.push_back(n->name + ": " + c);
      for (auto* list : {&n->in, &n->out})
        for (auto& p : *list)
          for (auto& c : p.constraints.location) out.push_back(p.name + ": " + c);
    }
    return out;
  }

 private:
  aiem_emu::Executor& executor() {
    if (!executor_) throw aiem_emu::GraphError("graph used before init()");
    return *executor_;
  }

  std::size_t mark_;
  std::vector<std::shared_ptr<aiem_emu::Node>> nodes_;
  std::unique_ptr<aiem_emu::Executor> executor_;
};

}  // namespace adf

namespace aiem_emu::detail {
// An emulation error that escapes main() (host code rarely catches) ends the program with its
// message and exit status 1 instead of a bare std::terminate.
inline const bool terminate_handler_installed = [] {
  std::set_terminate([] {
    if (auto e = std::current_exception()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "aiem emulation error: %s\n", ex.what());
      } catch (...) {
        std::fprintf(stderr, "aiem emulation error: unknown exception\n");
      }
    }
    std::_Exit(1);
  });
  return true;
}();
}  // namespace aiem_emu::detail
