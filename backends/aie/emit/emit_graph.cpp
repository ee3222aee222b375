#include <fmt/format.h>

#include <map>

#include "backends/aie/emit/emit.hpp"
#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

namespace {

std::string list(const std::vector<std::int64_t>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return "{" + s + "}";
}

std::string tiling(const Tiling& t) {
  std::string trav;
  for (std::size_t i = 0; i < t.traversal.size(); ++i)
    trav += fmt::format("{}{{.dimension = {}, .stride = {}, .wrap = {}}}", i ? ", " : "", t.traversal[i].dimension,
                        t.traversal[i].stride, t.traversal[i].wrap);
  std::string s = fmt::format("adf::tiling({{.buffer_dimension = {}, .tiling_dimension = {}, .offset = {}",
                              list(t.buffer_dimension), list(t.tiling_dimension), list(t.offset));
  if (!t.traversal.empty()) s += fmt::format(", .tile_traversal = {{{}}}", trav);
  if (!t.boundary_dimension.empty()) s += fmt::format(", .boundary_dimension = {}", list(t.boundary_dimension));
  return s + "})";
}

std::string kernel_ref(const Plan& plan, const Endpoint& e) {
  const auto& l = plan.layers[std::size_t(e.layer)];
  return fmt::format("{}[{}][{}]", l.name, e.pn, e.pk);
}

std::string plio_member(const Plan& plan, const std::string& name) {
  for (auto& io : plan.plios)
    if (io.name == name) return (io.is_input ? "in_" : "out_") + name;
  return name;
}

// The bank map the placement assumed (placement/problem.hpp): input ping-pong in bank 0, weights,
// bias and stack in banks 1-2 (one contiguous 32 KiB region), output ping-pong in bank 3. Emitted
// only when each part fits its banks; otherwise the AIE compiler packs the tile on its own. A
// direct input is the producer's output buffer, so only the producer side is constrained.
std::string bank_constraints(const DenseLayerPlan& l, const std::string& k, int pk, int c, int r, std::int64_t bank) {
  const bool tail = pk == l.PK - 1;
  const std::int64_t middle = l.w_bytes() + (pk == 0 ? l.b_bytes() : 0) + kStackBytes;
  if (2 * l.x_bytes() > bank || (tail && 2 * l.y_bytes() > bank) || middle > 2 * bank) return {};
  std::string s;
  if (!l.direct_input)
    s += fmt::format("    adf::location<adf::buffer>({}.in[0]) = {{adf::bank({}, {}, 0), adf::bank({}, {}, 0)}};\n", k, c, r,
                     c, r);
  if (tail)
    s += fmt::format("    adf::location<adf::buffer>({}.out[0]) = {{adf::bank({}, {}, 3), adf::bank({}, {}, 3)}};\n", k, c,
                     r, c, r);
  s += fmt::format("    adf::location<adf::stack>({}) = adf::bank({}, {}, 2);\n", k, c, r);
  return s;
}

}  // namespace

void emit_graph(const Plan& plan, int iterations, Project& p) {
  const std::string cls = plan.model + "_graph";
  std::string members, body;
  for (const auto& io : plan.plios) {
    members += fmt::format("  adf::{}_plio {};\n", io.is_input ? "input" : "output", plio_member(plan, io.name));
    body += fmt::format("    {} = adf::{}_plio::create(\"{}\", adf::plio_{}_bits, \"{}\");\n", plio_member(plan, io.name),
                        io.is_input ? "input" : "output", io.name, io.width_bits, io.file);
    if (io.column >= 0)
      body += fmt::format("    adf::location<adf::PLIO>({}) = adf::shim({});\n", plio_member(plan, io.name), io.column);
  }
  for (std::size_t li = 0; li < plan.layers.size(); ++li) {
    const auto& l = plan.layers[li];
    members += fmt::format("  adf::kernel {}[{}][{}];  // [chain][cascade stage]\n", l.name, l.PN, l.PK);
    body += fmt::format("\n    // {}: {} chain(s) of {} cascade stage(s)\n", l.name, l.PN, l.PK);
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        std::string k = fmt::format("{}[{}][{}]", l.name, pn, pk);
        body += fmt::format("    {} = adf::kernel::create({});\n", k, l.kernel_name(pn, pk));
        body += fmt::format("    adf::source({}) = \"kernels/{}.cc\";\n", k, l.kernel_name(pn, pk));
        body += fmt::format("    adf::runtime<adf::ratio>({}) = 0.9;\n", k);
        body += fmt::format("    adf::connect(adf::parameter::array({}_w_n{}_k{}), {});\n", l.name, pn, pk, k);
        if (pk == 0 && l.has_bias) body += fmt::format("    adf::connect(adf::parameter::array({}_b_n{}), {});\n", l.name, pn, k);
        if (pk == l.PK - 1 && !l.requant.column_multipliers.empty())
          body += fmt::format("    adf::connect(adf::parameter::array({}_s_n{}), {});\n", l.name, pn, k);
        if (pk > 0) body += fmt::format("    adf::connect<adf::cascade>({}[{}][{}].out[0], {}.in[1]);\n", l.name, pn, pk - 1, k);
        if (l.direct_input) {  // stage pk reads chain pk's output of the previous layer in place
          const auto& prev = plan.layers[li - 1];
          body += fmt::format("    adf::connect({}[{}][{}].out[0], {}.in[0]);\n", prev.name, pk, prev.PK - 1, k);
        }
        if (!plan.tiles.empty()) {
          const int c = plan.tiles[li][pn][pk][0], r = plan.tiles[li][pn][pk][1];
          body += fmt::format("    adf::location<adf::kernel>({}) = adf::tile({}, {});\n", k, c, r);
          body += bank_constraints(l, k, pk, c, r, plan.device.bank_bytes());
        }
      }
  }
  // Memory-tile buffers: ping-pong, at per-column offsets (256-byte aligned, the bank interleave).
  std::map<int, std::int64_t> next_offset;
  for (const auto& b : plan.buffers) {
    members += fmt::format("  adf::shared_buffer<{}> {};\n", b.elem.ctype(), b.name);
    body += fmt::format("\n    {} = adf::shared_buffer<{}>::create({}, {}, {});\n", b.name, b.elem.ctype(), list(b.dims),
                        b.in.size(), b.out.size());
    body += fmt::format("    adf::num_buffers({}) = 2;\n", b.name);
    if (b.column >= 0) {
      std::int64_t size = (b.bytes() + 255) / 256 * 256;
      std::int64_t& off = next_offset[b.column];
      body += fmt::format("    adf::location<adf::buffer>({}) = {{adf::address({}, 0, {}), adf::address({}, 0, {})}};\n",
                          b.name, b.column, off, b.column, off + size);
      off += 2 * size;
    }
  }
  // Connections after every buffer exists (relays connect buffers to buffers).
  for (const auto& b : plan.buffers) {
    body += fmt::format("\n    // {}\n", b.name);
    for (std::size_t i = 0; i < b.in.size(); ++i) {
      const Endpoint& src = b.in[i].peers.at(0);
      std::string from = src.kind == Endpoint::Kind::Plio ? plio_member(plan, src.plio) + ".out[0]"
                         : src.kind == Endpoint::Kind::Kernel
                             ? kernel_ref(plan, src) + ".out[0]"
                             : fmt::format("{}.out[{}]", plan.buffers[std::size_t(src.buffer)].name, src.port);
      body += fmt::format("    adf::connect({}, {}.in[{}]);\n", from, b.name, i);
      body += fmt::format("    adf::write_access({}.in[{}]) = {};\n", b.name, i, tiling(b.in[i].tiling));
    }
    for (std::size_t i = 0; i < b.out.size(); ++i) {
      for (const Endpoint& dst : b.out[i].peers) {
        if (dst.kind == Endpoint::Kind::SharedBuffer) continue;  // connected from the other buffer's side
        std::string to = dst.kind == Endpoint::Kind::Plio ? plio_member(plan, dst.plio) + ".in[0]" : kernel_ref(plan, dst) + ".in[0]";
        body += fmt::format("    adf::connect({}.out[{}], {});\n", b.name, i, to);
      }
      body += fmt::format("    adf::read_access({}.out[{}]) = {};\n", b.name, i, tiling(b.out[i].tiling));
    }
  }
  p.add("src/graph.h",
        fmt::format("// The ADF graph of '{}' on {} ({} tiles), generated by aiemc. Layers are blocks of PN cascade\n"
                    "// chains x PK stages; every edge goes through a memory-tile shared buffer whose tilings re-lay\n"
                    "// the producer's output into the consumer's A-tiled input (docs/backend.md).\n"
                    "#pragma once\n#include <adf.h>\n\n#include \"kernels.h\"\n\n"
                    "class {} : public adf::graph {{\n public:\n{}\n  {}() {{\n{}  }}\n}};\n",
                    plan.model, plan.device.name, plan.total_tiles(), cls, members, cls, body));
  std::string params;
  for (const auto& l : plan.layers) params += fmt::format("#include \"params/{}.h\"\n", l.name);
  p.add("src/graph.cpp",
        fmt::format("// The graph instance of '{}' (generated by aiemc). main() runs {} batch(es) in the simulators and\n"
                    "// in aiemc's host emulation; on hardware the host program (host/host.cpp) drives the graph.\n"
                    "#include \"graph.h\"\n{}\n{} g;\n\n"
                    "#if defined(__AIESIM__) || defined(__X86SIM__) || defined(AIEM_HOST_EMULATION)\n"
                    "int main() {{\n  g.init();\n  g.run({});\n  g.end();\n  return 0;\n}}\n#endif\n",
                    plan.model, iterations, params, cls, iterations));
}

}  // namespace aiem::aie
