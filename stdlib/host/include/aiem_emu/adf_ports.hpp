#pragma once
// adf::port and adf::connect: the graph-side handles of ports and the connections between them.
// A port handle shares ownership of its node, so kernels, PLIOs and shared buffers live as long
// as the graph (or any copy of a handle) refers to them.
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "aiem_emu/design.hpp"

namespace adf {

struct input {};
struct output {};
struct inout {};

template <class Dir>
class port {
 public:
  // A graph-level port (an RTP entry or exit of a graph or subgraph).
  port() {
    auto& reg = aiem_emu::Registry::instance();
    auto n = reg.create<aiem_emu::GraphPortNode>(aiem_emu::Node::Kind::GraphPort, reg.next_name("port"));
    auto& list = std::is_same_v<Dir, output> ? n->in : n->out;
    auto& s = list.emplace_back();
    s.node = n.get();
    s.is_input = std::is_same_v<Dir, output>;
    s.kind = aiem_emu::PortKind::GraphRtp;
    s.name = n->name;
    node_ = n;
    state_ = &s;
  }
  port(std::shared_ptr<aiem_emu::Node> n, aiem_emu::PortState* s) : node_(std::move(n)), state_(s) {}

  aiem_emu::PortState& state() const { return *state_; }
  const std::shared_ptr<aiem_emu::Node>& node() const { return node_; }

 private:
  std::shared_ptr<aiem_emu::Node> node_;
  aiem_emu::PortState* state_;
};

using input_port = port<input>;
using output_port = port<output>;
using inout_port = port<inout>;

// Connection kinds for connect<Kind>. `parameter` (the RTP / global-data class) is declared in
// adf_nodes.hpp and also serves as a kind, as in ADF.
struct stream {};
struct cascade {};
class parameter;
class kernel;

namespace detail {
template <class K>
constexpr aiem_emu::ConnKind conn_kind() {
  if constexpr (std::is_same_v<K, stream>) return aiem_emu::ConnKind::Stream;
  else if constexpr (std::is_same_v<K, cascade>) return aiem_emu::ConnKind::Cascade;
  else if constexpr (std::is_same_v<K, parameter>) return aiem_emu::ConnKind::Parameter;
  else return aiem_emu::ConnKind::Auto;
}

void link(aiem_emu::PortState& src, aiem_emu::PortState& dst, aiem_emu::ConnKind kind);
void link_parameter(const parameter& p, const kernel& k);
}  // namespace detail

// connect<Kind> net(src, dst): a class, as in ADF, so that a net can be named for fifo_depth().
template <class Kind = void>
class connect {
 public:
  template <class S, class D>
  connect(const port<S>& src, const port<D>& dst) : depth_(std::make_shared<int>(0)) {
    detail::link(src.state(), dst.state(), detail::conn_kind<Kind>());
  }
  connect(const parameter& p, const kernel& k) : depth_(std::make_shared<int>(0)) {
    detail::link_parameter(p, k);
  }
  int& fifo_depth_ref() const { return *depth_; }

 private:
  std::shared_ptr<int> depth_;  // recorded; FIFO depth is timing, which the emulator ignores
};

template <class K>
int& fifo_depth(const connect<K>& c) {
  return c.fifo_depth_ref();
}

template <class D>
std::vector<std::uint32_t>& dimensions(const port<D>& p) {
  return p.state().dims;
}
template <class D>
adf::access_pattern& write_access(const port<D>& p) {
  p.state().access_set = true;
  return p.state().access;
}
template <class D>
adf::access_pattern& read_access(const port<D>& p) {
  p.state().access_set = true;
  return p.state().access;
}
template <class D>
void single_buffer(const port<D>& p) {
  p.state().single_buffer = true;
}
template <class D>
void async(const port<D>& p) {
  p.state().async = true;
}
template <class D>
void sync(const port<D>& p) {
  p.state().async = false;
}

}  // namespace adf
