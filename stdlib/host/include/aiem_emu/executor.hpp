#pragma once
// Runs a design: checks the connections, sizes every buffer, creates one channel per connection,
// and runs each kernel and memory-tile buffer on its own thread for the requested iterations.
// A kernel iteration is what the hardware does around a kernel call: the tile DMA (or neighbour
// hand-off) delivers each input buffer in its write_access order, synchronous RTPs are taken,
// the function runs, and each output buffer is sent in its read_access order. Streams and
// cascades move data during the call. A memory-tile buffer receives every input port's tiles,
// then sends every output port's tiles. Data seen by kernels is independent of thread timing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "aiem_emu/design.hpp"
#include "aiem_emu/kernel_signature.hpp"
#include "aiem_emu/plio_file.hpp"
#include "aiem_emu/scheduler.hpp"

namespace aiem_emu {

namespace detail {

inline AlignedBuffer rtp_value(KernelNode& k, PortState& p) {
  std::unique_lock lock(k.sched->mutex);
  RtpSlot& slot = k.rtp.at(&p);
  if (p.async) {
    k.sched->wait(lock, [&] { return slot.has_value; },
                  "kernel '" + k.name + "' waits for a first update of asynchronous RTP " + p.name);
    return slot.latest;
  }
  k.sched->wait(lock, [&] { return !slot.queue.empty(); },
                "kernel '" + k.name + "' waits for an update of synchronous RTP " + p.name);
  AlignedBuffer v = std::move(slot.queue.front());
  slot.queue.pop_front();
  k.sched->changed_locked();
  return v;
}

inline void publish_output_rtp(KernelNode& k, PortState& p, const void* v, std::size_t n) {
  std::unique_lock lock(k.sched->mutex);
  RtpSlot& slot = k.rtp.at(&p);
  slot.output = AlignedBuffer(n);
  std::memcpy(slot.output.data(), v, n);
  slot.has_output = true;
  k.sched->changed_locked();
}

inline std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace detail

class Executor {
 public:
  // Takes the graph's nodes; validates and prepares them (graph::init).
  explicit Executor(std::vector<std::shared_ptr<Node>> nodes) : nodes_(std::move(nodes)) {
    for (auto& n : nodes_) n->sched = &sched_;
    resolve_dimensions();
    check_connections();
    create_channels();
    allocate();
    load_input_files();
  }
  ~Executor() {
    try {
      join();
    } catch (...) {
    }
  }

  // graph::run(n): starts every worker for n iterations; returns at once.
  void run(int iterations) {
    if (iterations < 0)
      throw GraphError("graph::run() without an iteration count runs forever; the emulator needs run(n)");
    join_and_check();  // a second run() continues after the first one finished
    for (auto& n : nodes_)
      if (auto* p = dynamic_cast<PlioNode*>(n.get()); p && n->kind == Node::Kind::InputPlio && !p->fed) {
        for (auto& c : p->out[0].out_channels) c->write(input_data_[p].data(), input_data_[p].size());
        p->fed = true;
      }
    std::vector<std::function<void()>> bodies;
    for (auto& n : nodes_) {
      if (auto* k = dynamic_cast<KernelNode*>(n.get()))
        bodies.push_back([this, k, iterations] { kernel_loop(*k, iterations * k->repetition); });
      else if (auto* sb = dynamic_cast<SharedBufferNode*>(n.get()))
        bodies.push_back([this, sb, iterations] { shared_buffer_loop(*sb, iterations); });
    }
    {
      std::unique_lock lock(sched_.mutex);
      // The host counts as a live participant until wait(): it may still update RTPs.
      for (std::size_t i = 0; i < bodies.size() + 1; ++i) sched_.thread_started_locked();
      host_active_ = true;
    }
    for (auto& b : bodies) threads_.emplace_back([this, b] { worker(b); });
  }

  // graph::wait(): joins the workers, rethrows the first failure, writes output PLIO files.
  void wait() {
    join_and_check();
    write_outputs();
  }
  // graph::end(): as wait(), and also checks that no connection holds data nobody read.
  void end() {
    wait();
    check_leftovers();
  }

  void update(PortState& port, const void* data, std::size_t bytes) {
    std::vector<PortState*> targets;
    collect_rtp_targets(port, targets);
    if (targets.empty()) throw GraphError("update(): port " + port.name + " reaches no kernel RTP port");
    std::unique_lock lock(sched_.mutex);
    for (auto* t : targets) {
      std::size_t want = t->rtp_elems * t->elem.bytes;
      if (bytes != want)
        throw GraphError("update(" + t->name + "): " + std::to_string(bytes) + " bytes given, the RTP holds " +
                         std::to_string(want));
      auto& k = static_cast<KernelNode&>(*t->node);
      RtpSlot& slot = k.rtp.at(t);
      AlignedBuffer v(bytes);
      std::memcpy(v.data(), data, bytes);
      if (t->async) {
        slot.latest = v;
        slot.has_value = true;
      } else {
        slot.queue.push_back(v);
      }
    }
    sched_.changed_locked();
  }

  void read(PortState& port, void* data, std::size_t bytes) {
    PortState* t = &port;
    if (t->node->kind == Node::Kind::GraphPort) {
      if (t->sources.size() != 1) throw GraphError("read(): port " + port.name + " is not connected to one kernel");
      t = t->sources[0];
    }
    if (t->node->kind != Node::Kind::Kernel || t->is_input ||
        (t->kind != PortKind::RtpScalar && t->kind != PortKind::RtpArray))
      throw GraphError("read(): " + t->name + " is not an output RTP port");
    auto& k = static_cast<KernelNode&>(*t->node);
    std::unique_lock lock(sched_.mutex);
    RtpSlot& slot = k.rtp.at(t);
    sched_.wait(lock, [&] { return slot.has_output; }, "the host waits to read output RTP " + t->name);
    if (bytes != slot.output.size())
      throw GraphError("read(" + t->name + "): " + std::to_string(bytes) + " bytes asked, the RTP holds " +
                       std::to_string(slot.output.size()));
    std::memcpy(data, slot.output.data(), bytes);
  }

  static std::filesystem::path output_dir() {
    return detail::env_or("AIEM_EMU_OUTPUT_DIR", "emulator_output");
  }
  static std::filesystem::path input_path(const std::string& file) {
    std::filesystem::path p(file);
    if (p.is_absolute()) return p;
    return std::filesystem::path(detail::env_or("AIEM_EMU_INPUT_DIR", ".")) / p;
  }

 private:
  // ---- init ----
  void resolve_dimensions() {
    // A buffer without extents inherits from the buffer it is connected to; repeat until stable
    // so that chains of inherited ports resolve.
    for (bool changed = true; changed;) {
      changed = false;
      for (auto& n : nodes_)
        for (auto* list : {&n->in, &n->out})
          for (auto& p : *list) {
            if (p.kind != PortKind::Buffer || !p.dims.empty()) continue;
            for (auto* q : p.is_input ? p.sources : p.peers)
              if ((q->kind == PortKind::Buffer || q->kind == PortKind::SharedBuffer) && !q->dims.empty() &&
                  q->node->kind == Node::Kind::Kernel) {
                p.dims = q->dims;
                changed = true;
                break;
              }
          }
    }
    for (auto& n : nodes_)
      for (auto* list : {&n->in, &n->out})
        for (auto& p : *list)
          if (p.kind == PortKind::Buffer && p.dims.empty())
            throw GraphError("buffer port " + p.name +
                             " has no size: give adf::extents<N> in the kernel signature or "
                             "adf::dimensions(port) = {N} in the graph");
  }

  static bool is_data(const PortState& p) {
    return p.kind == PortKind::Buffer || p.kind == PortKind::Stream || p.kind == PortKind::Cascade ||
           p.kind == PortKind::Plio || p.kind == PortKind::SharedBuffer;
  }

  void check_connections() {
    for (auto& n : nodes_) {
      for (auto& p : n->in) {
        if (!is_data(p)) continue;
        if (p.sources.size() != 1)
          throw GraphError("input port " + p.name + (p.sources.empty() ? " is not connected"
                                                                       : " has more than one source"));
        const PortState& s = *p.sources[0];
        if (!is_data(s)) throw GraphError("port " + s.name + " cannot drive data port " + p.name);
        bool casc_s = s.kind == PortKind::Cascade, casc_d = p.kind == PortKind::Cascade;
        if (casc_s != casc_d)
          throw GraphError("cascade port " + (casc_s ? s.name : p.name) + " must connect to a cascade port (" +
                           s.name + " -> " + p.name + ")");
        if (s.elem.bytes != p.elem.bytes && s.kind != PortKind::Plio && p.kind != PortKind::Plio)
          throw GraphError("element size differs across " + s.name + " (" + s.elem.name + ") -> " + p.name +
                           " (" + p.elem.name + ")");
      }
      for (auto& p : n->out)
        if (is_data(p) && p.peers.empty() && n->kind != Node::Kind::Kernel)
          throw GraphError("output port " + p.name + " is not connected");
        else if (is_data(p) && p.peers.empty())
          throw GraphError("kernel output " + p.name + " is not connected (its data would be lost)");
    }
    // PLIO element types come from what they connect to.
    for (auto& n : nodes_) {
      if (n->kind == Node::Kind::InputPlio) {
        auto& o = n->out[0];
        for (auto* q : o.peers) {
          if (o.elem.bytes && o.elem.bytes != q->elem.bytes)
            throw GraphError("input PLIO '" + n->name + "' drives ports of different element types");
          o.elem = q->elem;
        }
      } else if (n->kind == Node::Kind::OutputPlio) {
        n->in[0].elem = n->in[0].sources[0]->elem;
      }
    }
  }

  void create_channels() {
    for (auto& n : nodes_)
      for (auto& p : n->out) {
        if (!is_data(p)) continue;
        for (auto* q : p.peers) {
          p.out_channels.push_back(std::make_unique<Channel>(sched_, p.name + " -> " + q->name));
          q->in_channel = p.out_channels.back().get();
        }
      }
  }

  void allocate() {
    for (auto& n : nodes_) {
      if (auto* k = dynamic_cast<KernelNode*>(n.get())) {
        for (auto* list : {&k->in, &k->out})
          for (auto& p : *list) {
            if (p.kind == PortKind::Buffer) {
              k->storage.emplace(&p, AlignedBuffer((p.buffer_elems() + p.margin) * p.elem.bytes));
              accesses_.emplace(&p, PortAccess(p.access, p.dims, p.name));
              check_fits(p, p.buffer_elems());
            } else if (p.kind == PortKind::RtpScalar || p.kind == PortKind::RtpArray) {
              k->rtp[&p];
            }
          }
      } else if (auto* sb = dynamic_cast<SharedBufferNode*>(n.get())) {
        std::size_t elems = 1;
        for (auto d : sb->dims) elems *= d;
        sb->storage = AlignedBuffer(elems * sb->in[0].elem.bytes);
        for (auto* list : {&sb->in, &sb->out})
          for (auto& p : *list) {
            accesses_.emplace(&p, PortAccess(p.access, sb->dims, p.name));
            check_fits(p, elems);
          }
      }
    }
  }

  void check_fits(const PortState& p, std::size_t elems) {
    const PortAccess& a = accesses_.at(&p);
    if (a.buffer_elems() > elems)
      throw GraphError((p.is_input ? "write_access of " : "read_access of ") + p.name +
                       ": its buffer_dimension covers " + std::to_string(a.buffer_elems()) +
                       " elements, the buffer has " + std::to_string(elems));
  }

  void load_input_files() {
    for (auto& n : nodes_)
      if (n->kind == Node::Kind::InputPlio) {
        auto& p = static_cast<PlioNode&>(*n);
        input_data_[&p] = read_plio_file(input_path(p.file).string(), p.out[0].elem, p.bits);
      }
  }

  // ---- run ----
  void worker(const std::function<void()>& body) {
    try {
      body();
      std::unique_lock lock(sched_.mutex);
      sched_.thread_finished_locked();
    } catch (const Aborted&) {
      std::unique_lock lock(sched_.mutex);
      sched_.thread_finished_locked();
    } catch (...) {
      std::unique_lock lock(sched_.mutex);
      sched_.fail_locked(std::current_exception());
      sched_.thread_finished_locked();
    }
  }

  void kernel_loop(KernelNode& k, int iterations) {
    std::vector<std::byte> tmp;
    for (int it = 0; it < iterations; ++it) {
      for (auto& p : k.in) {
        if (p.kind != PortKind::Buffer) continue;
        const PortAccess& a = accesses_.at(&p);
        AlignedBuffer& s = k.storage.at(&p);
        const std::size_t e = p.elem.bytes, m = p.margin * e;
        // The margin carries the tail of the previous block to the front.
        if (m) std::memmove(s.data(), s.data() + s.size() - m, m);
        tmp.resize(a.elems() * e);
        p.in_channel->read(tmp.data(), tmp.size(), "kernel '" + k.name + "' (" + p.name + ")");
        a.scatter(tmp.data(), s.data() + m, s.size() - m, e);
      }
      try {
        k.invoke(k);
      } catch (const Aborted&) {
        throw;
      } catch (const EmulationError&) {
        throw;
      } catch (const std::exception& ex) {
        throw EmulationError("kernel '" + k.name + "' (iteration " + std::to_string(it) + "): " + ex.what());
      }
      for (auto& p : k.out) {
        if (p.kind != PortKind::Buffer) continue;
        send(p, k.storage.at(&p), tmp);
      }
    }
  }

  void send(PortState& p, const AlignedBuffer& storage, std::vector<std::byte>& tmp) {
    const PortAccess& a = accesses_.at(&p);
    tmp.resize(a.elems() * p.elem.bytes);
    a.gather(storage.data(), storage.size(), p.elem.bytes, tmp.data());
    for (auto& c : p.out_channels) c->write(tmp.data(), tmp.size());
  }

  void shared_buffer_loop(SharedBufferNode& sb, int iterations) {
    std::vector<std::byte> tmp;
    for (int it = 0; it < iterations; ++it) {
      for (auto& p : sb.in) {
        const PortAccess& a = accesses_.at(&p);
        tmp.resize(a.elems() * p.elem.bytes);
        p.in_channel->read(tmp.data(), tmp.size(), "shared buffer '" + sb.name + "' (" + p.name + ")");
        a.scatter(tmp.data(), sb.storage.data(), sb.storage.size(), p.elem.bytes);
      }
      for (auto& p : sb.out) send(p, sb.storage, tmp);
    }
  }

  void join() {
    if (host_active_) {
      std::unique_lock lock(sched_.mutex);
      sched_.thread_finished_locked();
      host_active_ = false;
    }
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  void join_and_check() {
    join();
    sched_.rethrow();
  }

  void write_outputs() {
    for (auto& n : nodes_) {
      if (n->kind != Node::Kind::OutputPlio) continue;
      auto& p = static_cast<PlioNode&>(*n);
      auto got = p.in[0].in_channel->drain();
      p.collected.insert(p.collected.end(), got.begin(), got.end());
      std::filesystem::path path = output_dir() / p.file;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << format_plio_text(p.collected.data(), p.collected.size(), p.in[0].elem, p.bits);
      if (!out) throw EmulationError("cannot write PLIO output file " + path.string());
    }
  }

  void check_leftovers() {
    for (auto& n : nodes_) {
      if (n->kind == Node::Kind::InputPlio) continue;  // a data file may hold more than is read
      for (auto& p : n->out)
        for (auto& c : p.out_channels)
          if (std::size_t left = c->pending())
            throw EmulationError(std::to_string(left) + " bytes sent on " + c->name() +
                                 " were never read: producer and consumer disagree on the amount of data");
    }
  }

  void collect_rtp_targets(PortState& p, std::vector<PortState*>& out) {
    if (p.node->kind == Node::Kind::Kernel) {
      if (p.is_input && (p.kind == PortKind::RtpScalar || p.kind == PortKind::RtpArray)) out.push_back(&p);
      return;
    }
    for (auto* q : p.peers) collect_rtp_targets(*q, out);
  }

  Scheduler sched_;
  std::vector<std::shared_ptr<Node>> nodes_;
  std::map<const PortState*, PortAccess> accesses_;
  std::map<const PlioNode*, std::vector<std::byte>> input_data_;
  std::vector<std::thread> threads_;
  bool host_active_ = false;
};

}  // namespace aiem_emu
