#pragma once
// Placement constraints: location<kernel>(k) = tile(c, r), location<buffer>(k.in[0]) =
// {bank(c, r, b), ...}, location<stack>(k) = bank(...), location<buffer>(shared) = address(...),
// location<PLIO>(p) = shim(c). The emulator records them (graph::constraints() lists them, for
// tests comparing them with the placement plan); it does not enforce them.
#include <initializer_list>
#include <string>
#include <vector>

#include "aiem_emu/adf_nodes.hpp"

namespace adf {

struct location_constraint {
  std::string text;
};
inline location_constraint tile(int col, int row) {
  return {"tile(" + std::to_string(col) + "," + std::to_string(row) + ")"};
}
inline location_constraint bank(int col, int row, int b) {
  return {"bank(" + std::to_string(col) + "," + std::to_string(row) + "," + std::to_string(b) + ")"};
}
inline location_constraint address(int col, int row, int offset) {
  return {"address(" + std::to_string(col) + "," + std::to_string(row) + "," + std::to_string(offset) + ")"};
}
inline location_constraint offset(int off) { return {"offset(" + std::to_string(off) + ")"}; }
inline location_constraint shim(int col, int channel = -1) {
  return {"shim(" + std::to_string(col) + (channel >= 0 ? "," + std::to_string(channel) : "") + ")"};
}

// What the constraint is about, as in location<kernel>, location<buffer>, ...
struct buffer {};
struct stack {};
struct PLIO {};
// (kernel and parameter are the node classes themselves.)

// Appends "what = value" to a node's or port's constraint list; graph::constraints() prefixes
// the node or port name once names are final (after init()).
class location_ref {
 public:
  location_ref(std::vector<std::string>& sink, std::string what, std::string who)
      : sink_(&sink), what_(std::move(what)), who_(std::move(who)) {}
  location_ref(const location_ref&) = default;
  location_ref& operator=(const location_constraint& c) {
    sink_->push_back(what_ + " = " + c.text);
    return *this;
  }
  location_ref& operator=(std::initializer_list<location_constraint> cs) {
    std::string all;
    for (auto& c : cs) all += (all.empty() ? "" : ", ") + c.text;
    sink_->push_back(what_ + " = {" + all + "}");
    return *this;
  }
  // Relative constraint: location<kernel>(a) = location<kernel>(b).
  location_ref& operator=(const location_ref& other) {
    if (this != &other) sink_->push_back(what_ + " = " + other.what_ + " of " + other.who_);
    return *this;
  }

 private:
  std::vector<std::string>* sink_;
  std::string what_, who_;
};

namespace detail {
template <class What>
constexpr const char* location_kind() {
  if constexpr (std::is_same_v<What, kernel>) return "tile";
  else if constexpr (std::is_same_v<What, stack>) return "stack";
  else if constexpr (std::is_same_v<What, buffer>) return "buffer";
  else if constexpr (std::is_same_v<What, parameter>) return "parameter";
  else return "PLIO";
}
}  // namespace detail

template <class What>
location_ref location(const kernel& k) {
  static_assert(std::is_same_v<What, kernel> || std::is_same_v<What, stack>,
                "location<kernel>(k) or location<stack>(k)");
  return {k.node().constraints.location, detail::location_kind<What>(), k.node().name};
}
template <class What, class D>
location_ref location(const port<D>& p) {
  static_assert(std::is_same_v<What, buffer> || std::is_same_v<What, parameter>,
                "location<buffer>(port) or location<parameter>(port)");
  return {p.state().constraints.location, detail::location_kind<What>(), p.state().name};
}
template <class What, class T>
location_ref location(const shared_buffer<T>& b) {
  static_assert(std::is_same_v<What, buffer>, "location<buffer>(shared_buffer)");
  return {b.node().constraints.location, "buffer", b.node().name};
}
template <class What>
location_ref location(const parameter& p) {
  static_assert(std::is_same_v<What, parameter>, "location<parameter>(parameter)");
  return {p.node().constraints.location, "parameter", p.node().name};
}
template <class What>
location_ref location(const input_plio& p) {
  static_assert(std::is_same_v<What, PLIO>, "location<PLIO>(plio)");
  return {p.node().constraints.location, "PLIO", p.node().name};
}
template <class What>
location_ref location(const output_plio& p) {
  static_assert(std::is_same_v<What, PLIO>, "location<PLIO>(plio)");
  return {p.node().constraints.location, "PLIO", p.node().name};
}

}  // namespace adf
