#pragma once
// The design a graph constructor describes: nodes (kernels, PLIOs, memory-tile shared buffers,
// graph-level RTP ports, parameters) with their ports, and the connections between ports. The
// adf:: front (adf_api.hpp) only records into these structures; the executor runs them.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aiem_emu/aligned_buffer.hpp"
#include "aiem_emu/channel.hpp"
#include "aiem_emu/elem_type.hpp"
#include "aiem_emu/tiling.hpp"

namespace aiem_emu {

enum class PortKind { Buffer, Stream, Cascade, RtpScalar, RtpArray, Plio, SharedBuffer, GraphRtp };
enum class ConnKind { Auto, Buffer, Stream, Cascade, Parameter };

struct Node;

// Placement constraints are recorded as text ("tile(3,0)", "bank(3,0,2)"), never enforced: the
// placement verifier of the backend owns legality.
struct Constraints {
  std::vector<std::string> location;
};

struct PortState {
  Node* node = nullptr;
  bool is_input = true;
  int index = 0;
  PortKind kind = PortKind::Buffer;
  ElemType elem{};
  std::string name;  // "fc1.in[0]"

  // Buffer ports: sample dimensions (from the kernel signature's extents or dimensions()).
  std::vector<std::uint32_t> dims;
  std::size_t margin = 0;  // elements carried over from the previous block (input buffers)
  bool single_buffer = false;
  adf::access_pattern access;  // write_access (inputs) / read_access (outputs)
  bool access_set = false;

  // RTP ports.
  std::size_t rtp_elems = 1;
  bool async = false;

  Constraints constraints;

  // Connections, filled by connect(): downstream ports of a source, upstream ports of a sink.
  std::vector<PortState*> peers;
  std::vector<PortState*> sources;
  std::vector<ConnKind> peer_kinds;  // the connect<> kind of each peer

  // Run-time state.
  std::vector<std::unique_ptr<Channel>> out_channels;  // one per peer (output ports)
  Channel* in_channel = nullptr;                       // input ports
  std::size_t buffer_elems() const {
    std::size_t n = 1;
    for (auto d : dims) n *= d;
    return dims.empty() ? 0 : n;
  }
};

// Values written by graph::update into an RTP port and read by its kernel.
struct RtpSlot {
  std::deque<AlignedBuffer> queue;  // synchronous: one value per invocation
  AlignedBuffer latest;            // asynchronous: the last value
  bool has_value = false;
  AlignedBuffer output;            // output RTPs: the last value the kernel wrote
  bool has_output = false;
};

struct Node {
  enum class Kind { Kernel, InputPlio, OutputPlio, SharedBuffer, GraphPort, Parameter };
  Kind kind;
  std::string name;
  std::deque<PortState> in, out;  // deque: PortState addresses stay valid as ports are added
  Constraints constraints;
  Scheduler* sched = nullptr;  // set by the executor at init()
  explicit Node(Kind k, std::string n) : kind(k), name(std::move(n)) {}
  virtual ~Node() = default;
};

struct KernelNode : Node {
  using Node::Node;
  std::string source;
  std::vector<std::string> headers;
  double runtime_ratio = 1.0;
  int repetition = 1;
  std::size_t stack_size = 0, heap_size = 0;
  // One invocation: builds the arguments from the ports and calls the kernel function.
  std::function<void(KernelNode&)> invoke;
  // Run-time storage per buffer port and RTP slots per RTP port (indexed like in/out).
  std::map<const PortState*, AlignedBuffer> storage;
  std::map<const PortState*, RtpSlot> rtp;
};

struct PlioNode : Node {
  using Node::Node;
  int bits = 128;
  std::string file;
  double freq_mhz = 0;
  std::vector<std::byte> collected;  // output PLIO: everything received so far
  bool fed = false;                  // input PLIO: file pushed into its channels
};

struct SharedBufferNode : Node {
  using Node::Node;
  std::vector<std::uint32_t> dims;
  int num_buffers = 2;
  AlignedBuffer storage;
};

// A graph-level port<input>/port<output> that forwards RTP updates to kernel ports.
struct GraphPortNode : Node {
  using Node::Node;
};

// adf::parameter::array / scalar: global data of a kernel (initialised buffers); recorded only,
// since on the host the kernel source's own definition is the data.
struct ParameterNode : Node {
  using Node::Node;
  std::size_t bytes = 0;
  std::vector<std::string> users;
};

// Every node created in this process, in creation order. A graph claims at init() the nodes
// created since its construction that no earlier graph claimed (a graph and its subgraphs).
class Registry {
 public:
  static Registry& instance() {
    static Registry r;
    return r;
  }
  template <class N>
  std::shared_ptr<N> create(Node::Kind k, std::string name) {
    auto n = std::make_shared<N>(k, std::move(name));
    std::lock_guard g(m_);
    nodes_.push_back({n, false});
    return n;
  }
  std::size_t mark() {
    std::lock_guard g(m_);
    return nodes_.size();
  }
  std::vector<std::shared_ptr<Node>> claim(std::size_t from) {
    std::lock_guard g(m_);
    std::vector<std::shared_ptr<Node>> out;
    for (std::size_t i = from; i < nodes_.size(); ++i) {
      if (nodes_[i].claimed) continue;
      if (auto n = nodes_[i].node.lock()) {
        nodes_[i].claimed = true;
        out.push_back(std::move(n));
      }
    }
    return out;
  }
  // Unique default names ("k0", "plio1") in creation order, so that messages are stable.
  std::string next_name(const char* prefix) {
    std::lock_guard g(m_);
    return prefix + std::to_string(counter_[prefix]++);
  }

 private:
  struct Entry {
    std::weak_ptr<Node> node;
    bool claimed;
  };
  std::mutex m_;
  std::vector<Entry> nodes_;
  std::map<std::string, int> counter_;
};

}  // namespace aiem_emu
