#pragma once
// Prepares the nodes a graph claimed for execution: gives kernels readable names (the stem of
// their source() file, when unique) and removes graph-level ports from data paths, so that a
// PLIO connected to a subgraph port feeds the kernels behind it directly. RTP paths keep their
// graph ports: graph::update() follows them.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "aiem_emu/design.hpp"

namespace aiem_emu {

inline void name_kernels(const std::vector<std::shared_ptr<Node>>& nodes) {
  std::map<std::string, int> uses;
  auto stem = [](const KernelNode& k) { return std::filesystem::path(k.source).stem().string(); };
  for (auto& n : nodes)
    if (auto* k = dynamic_cast<KernelNode*>(n.get()); k && !k->source.empty()) ++uses[stem(*k)];
  for (auto& n : nodes) {
    auto* k = dynamic_cast<KernelNode*>(n.get());
    if (!k || k->source.empty() || uses[stem(*k)] != 1) continue;
    k->name = stem(*k);
    for (auto* list : {&k->in, &k->out})
      for (auto& p : *list)
        p.name = k->name + (p.is_input ? ".in[" : ".out[") + std::to_string(p.index) + "]";
  }
}

inline void flatten_graph_ports(const std::vector<std::shared_ptr<Node>>& nodes) {
  auto is_graph_port = [](const PortState* p) { return p->node->kind == Node::Kind::GraphPort; };
  // Every non-graph-port sink reachable from p through graph ports.
  auto expand = [&](auto& self, PortState* p, std::vector<PortState*>& out) -> void {
    if (!is_graph_port(p)) {
      out.push_back(p);
      return;
    }
    for (auto* q : p->peers) self(self, q, out);
  };
  for (auto& n : nodes) {
    if (n->kind == Node::Kind::GraphPort) continue;
    for (auto& p : n->out) {
      if (std::none_of(p.peers.begin(), p.peers.end(), is_graph_port)) continue;
      std::vector<PortState*> sinks;
      for (auto* q : p.peers) expand(expand, q, sinks);
      // Only data sinks are rewired; RTP sinks are reached through graph::update().
      std::vector<PortState*> direct;
      for (auto* s : sinks)
        if (s->kind != PortKind::RtpScalar && s->kind != PortKind::RtpArray) {
          direct.push_back(s);
          auto& src = s->sources;
          src.erase(std::remove_if(src.begin(), src.end(), is_graph_port), src.end());
          src.push_back(&p);
        }
      std::vector<PortState*> kept;
      for (auto* q : p.peers)
        if (!is_graph_port(q)) kept.push_back(q);
      kept.insert(kept.end(), direct.begin(), direct.end());
      p.peers = kept;
      p.peer_kinds.assign(p.peers.size(), ConnKind::Auto);
    }
  }
}

}  // namespace aiem_emu
