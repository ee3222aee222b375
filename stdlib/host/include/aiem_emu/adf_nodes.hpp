#pragma once
// The nodes a graph constructor creates: kernels (from a kernel function, whose signature
// defines the ports), PLIOs with their data files, memory-tile shared buffers, and parameters
// (a kernel's global data, e.g. weights compiled into the kernel's data memory).
#include <filesystem>
#include <string>
#include <vector>

#include "aiem_emu/adf_ports.hpp"
#include "aiem_emu/kernel_signature.hpp"

namespace adf {

class kernel {
 public:
  std::vector<port<input>> in;
  std::vector<port<output>> out;

  template <class... Args>
  static kernel create(void (*fn)(Args...)) {
    auto& reg = aiem_emu::Registry::instance();
    auto n = reg.create<aiem_emu::KernelNode>(aiem_emu::Node::Kind::Kernel, reg.next_name("kernel"));
    aiem_emu::bind_kernel(*n, fn);
    kernel k;
    k.node_ = n;
    for (auto& p : n->in) k.in.emplace_back(n, &p);
    for (auto& p : n->out) k.out.emplace_back(n, &p);
    return k;
  }

  aiem_emu::KernelNode& node() const {
    if (!node_) throw aiem_emu::GraphError("adf::kernel used before kernel::create()");
    return *node_;
  }

 private:
  std::shared_ptr<aiem_emu::KernelNode> node_;
};

inline std::string& source(const kernel& k) { return k.node().source; }
inline std::vector<std::string>& headers(const kernel& k) { return k.node().headers; }
inline int& repetition_count(const kernel& k) { return k.node().repetition; }
inline std::size_t& stack_size(const kernel& k) { return k.node().stack_size; }
inline std::size_t& heap_size(const kernel& k) { return k.node().heap_size; }
struct ratio {};
template <class T = ratio>
double& runtime(const kernel& k) {
  return k.node().runtime_ratio;
}
// Recorded only: the emulator cannot call a function named by a string.
inline std::string& initialization_function(const kernel& k) {
  static thread_local std::string ignored;
  (void)k.node();
  return ignored;
}

enum plio_type { plio_32_bits = 32, plio_64_bits = 64, plio_128_bits = 128 };

namespace detail {
inline std::shared_ptr<aiem_emu::PlioNode> make_plio(aiem_emu::Node::Kind kind, const std::string& name,
                                                      plio_type width, const std::string& file, double mhz) {
  auto& reg = aiem_emu::Registry::instance();
  auto n = reg.create<aiem_emu::PlioNode>(kind, name.empty() ? reg.next_name("plio") : name);
  n->bits = int(width);
  n->file = file;
  n->freq_mhz = mhz;
  if (file.empty()) throw aiem_emu::GraphError("PLIO '" + n->name + "' has no data file: the emulator reads and writes PLIO data files");
  bool input = kind == aiem_emu::Node::Kind::InputPlio;
  auto& s = (input ? n->out : n->in).emplace_back();
  s.node = n.get();
  s.is_input = !input;
  s.kind = aiem_emu::PortKind::Plio;
  s.name = "PLIO '" + n->name + "'";
  return n;
}
}  // namespace detail

class input_plio {
 public:
  std::vector<port<output>> out;
  static input_plio create(const std::string& name, plio_type width = plio_32_bits,
                           const std::string& file = "", double mhz = 0.0, bool binary = false,
                           bool hex = false) {
    if (binary || hex) throw aiem_emu::GraphError("PLIO '" + name + "': only text data files are emulated");
    input_plio p;
    p.node_ = detail::make_plio(aiem_emu::Node::Kind::InputPlio, name, width, file, mhz);
    p.out.emplace_back(p.node_, &p.node_->out[0]);
    return p;
  }
  static input_plio create(plio_type width, const std::string& file, double mhz = 0.0) {
    return create("", width, file, mhz);
  }
  aiem_emu::PlioNode& node() const { return *node_; }

 private:
  std::shared_ptr<aiem_emu::PlioNode> node_;
};

class output_plio {
 public:
  std::vector<port<input>> in;
  static output_plio create(const std::string& name, plio_type width = plio_32_bits,
                            const std::string& file = "", double mhz = 0.0, bool binary = false,
                            bool hex = false) {
    if (binary || hex) throw aiem_emu::GraphError("PLIO '" + name + "': only text data files are emulated");
    output_plio p;
    p.node_ = detail::make_plio(aiem_emu::Node::Kind::OutputPlio, name, width, file, mhz);
    p.in.emplace_back(p.node_, &p.node_->in[0]);
    return p;
  }
  static output_plio create(plio_type width, const std::string& file, double mhz = 0.0) {
    return create("", width, file, mhz);
  }
  aiem_emu::PlioNode& node() const { return *node_; }

 private:
  std::shared_ptr<aiem_emu::PlioNode> node_;
};

// A memory-tile buffer with nin write ports and nout read ports.
template <class T>
class shared_buffer {
 public:
  std::vector<port<input>> in;
  std::vector<port<output>> out;

  static shared_buffer create(const std::vector<std::uint32_t>& dims, std::uint32_t nin, std::uint32_t nout) {
    auto& reg = aiem_emu::Registry::instance();
    auto n = reg.create<aiem_emu::SharedBufferNode>(aiem_emu::Node::Kind::SharedBuffer, reg.next_name("shared_buffer"));
    if (dims.empty()) throw aiem_emu::GraphError("shared_buffer '" + n->name + "' needs dimensions");
    if (nin == 0 || nout == 0) throw aiem_emu::GraphError("shared_buffer '" + n->name + "' needs at least one input and one output port");
    n->dims = dims;
    for (int dir = 0; dir < 2; ++dir) {
      auto& list = dir == 0 ? n->in : n->out;
      for (std::uint32_t i = 0; i < (dir == 0 ? nin : nout); ++i) {
        auto& s = list.emplace_back();
        s.node = n.get();
        s.is_input = dir == 0;
        s.index = int(i);
        s.kind = aiem_emu::PortKind::SharedBuffer;
        s.elem = aiem_emu::elem_type_of<T>();
        s.dims = dims;
        s.name = n->name + (dir == 0 ? ".in[" : ".out[") + std::to_string(i) + "]";
      }
    }
    shared_buffer b;
    b.node_ = n;
    for (auto& s : n->in) b.in.emplace_back(n, &s);
    for (auto& s : n->out) b.out.emplace_back(n, &s);
    return b;
  }
  aiem_emu::SharedBufferNode& node() const { return *node_; }

 private:
  std::shared_ptr<aiem_emu::SharedBufferNode> node_;
};

template <class T>
int& num_buffers(const shared_buffer<T>& b) {
  return b.node().num_buffers;
}

class parameter {
 public:
  template <class T, std::size_t N>
  static parameter array(T (&data)[N]) {
    return make(sizeof(T) * N);
  }
  template <class T>
  static parameter scalar(T&) {
    return make(sizeof(T));
  }
  aiem_emu::ParameterNode& node() const { return *node_; }

 private:
  static parameter make(std::size_t bytes) {
    auto& reg = aiem_emu::Registry::instance();
    parameter p;
    p.node_ = reg.create<aiem_emu::ParameterNode>(aiem_emu::Node::Kind::Parameter, reg.next_name("parameter"));
    p.node_->bytes = bytes;
    return p;
  }
  std::shared_ptr<aiem_emu::ParameterNode> node_;
};

namespace detail {
inline void link(aiem_emu::PortState& src, aiem_emu::PortState& dst, aiem_emu::ConnKind kind) {
  using aiem_emu::PortKind;
  if (src.is_input && src.kind != PortKind::GraphRtp)
    throw aiem_emu::GraphError("connect(): " + src.name + " is an input and cannot be a source");
  if (!dst.is_input && dst.kind != PortKind::GraphRtp)
    throw aiem_emu::GraphError("connect(): " + dst.name + " is an output and cannot be a destination");
  bool casc = src.kind == PortKind::Cascade || dst.kind == PortKind::Cascade;
  if (kind == aiem_emu::ConnKind::Cascade && !casc)
    throw aiem_emu::GraphError("connect<cascade>(" + src.name + ", " + dst.name + "): neither end is a cascade port");
  bool rtp = dst.kind == PortKind::RtpScalar || dst.kind == PortKind::RtpArray;
  if (kind == aiem_emu::ConnKind::Parameter && !rtp && dst.kind != PortKind::GraphRtp)
    throw aiem_emu::GraphError("connect<parameter>(" + src.name + ", " + dst.name + "): the destination is not an RTP port");
  src.peers.push_back(&dst);
  src.peer_kinds.push_back(kind);
  dst.sources.push_back(&src);
}
inline void link_parameter(const parameter& p, const kernel& k) { p.node().users.push_back(k.node().name); }
}  // namespace detail

}  // namespace adf
