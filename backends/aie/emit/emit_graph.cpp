#include <fmt/format.h>

#include <map>

#include "backends/aie/emit/emit.hpp"
#include "backends/aie/plan/bank_map.hpp"
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
  return fmt::format("{}[{}][{}]", l.ident, e.pn, e.pk);
}

std::string plio_member(const Plan& plan, const std::string& name) {
  for (auto& io : plan.plios)
    if (io.name == name) return (io.is_input ? "in_" : "out_") + name;
  return name;
}

// The kernel's bank map (plan/bank_map.hpp), the one the resource check verified and placement
// reserved: input ping/pong in banks 0/1, output ping/pong in banks 2/3, tables and stack where the
// map put them. A direct input is the producer's output buffer (in place between neighbours, or
// the copy the tile DMA writes), so only the producer side is constrained.
std::string bank_constraints(const LayerPlan& l, const std::string& k, int pn, int pk, int c, int r,
                             const Device& d) {
  using W = BankItem::What;
  const BankMap m = bank_map(l, pk, d.tile.data_banks, d.bank_bytes());
  auto bank = [&](W w) { return fmt::format("adf::bank({}, {}, {})", c, r, m.find(w)->bank); };
  std::string s;
  if (!l.is_dense()) {
    s += fmt::format("    adf::location<adf::buffer>({}.in[0]) = {{{}, {}}};\n", k, bank(W::input_ping), bank(W::input_pong));
    if (l.x2_bytes() > 0)
      s += fmt::format("    adf::location<adf::buffer>({}.in[1]) = {{{}, {}}};\n", k, bank(W::input2_ping), bank(W::input2_pong));
    s += fmt::format("    adf::location<adf::buffer>({}.out[0]) = {{{}, {}}};\n", k, bank(W::output_ping), bank(W::output_pong));
    if (l.table_bytes() > 0)
      s += fmt::format("    adf::location<adf::parameter>({}_wp[{}][{}]) = {};\n", l.ident, pn, pk, bank(W::table));
    s += fmt::format("    adf::location<adf::stack>({}) = {};\n", k, bank(W::stack));
    return s;
  }
  if (!l.direct_input)
    s += fmt::format("    adf::location<adf::buffer>({}.in[0]) = {{{}, {}}};\n", k, bank(W::input_ping), bank(W::input_pong));
  if (l.streams_weights())
    s += fmt::format("    adf::location<adf::buffer>({}.in[1]) = {{{}, {}}};\n", k, bank(W::input2_ping), bank(W::input2_pong));
  if (pk == l.PK - 1)
    s += fmt::format("    adf::location<adf::buffer>({}.out[0]) = {{{}, {}}};\n", k, bank(W::output_ping), bank(W::output_pong));
  if (!l.streams_weights())
    s += fmt::format("    adf::location<adf::parameter>({}_wp[{}][{}]) = {};\n", l.ident, pn, pk, bank(W::weights));
  if (pk == 0 && l.has_bias) s += fmt::format("    adf::location<adf::parameter>({}_bp[{}]) = {};\n", l.ident, pn, bank(W::bias));
  if (pk == l.PK - 1 && !l.requant.column_multipliers.empty())
    s += fmt::format("    adf::location<adf::parameter>({}_sp[{}]) = {};\n", l.ident, pn, bank(W::scale));
  s += fmt::format("    adf::location<adf::stack>({}) = {};\n", k, bank(W::stack));
  return s;
}

// A kernel `k` of the graph running the function `name` from its own source.
std::string create_kernel(const std::string& k, const std::string& name) {
  return fmt::format("    {0} = adf::kernel::create({1});\n    adf::source({0}) = \"kernels/{1}.cc\";\n"
                     "    adf::runtime<adf::ratio>({0}) = 0.9;\n",
                     k, name);
}

// The table `table` (defined in the kernel's source) bound to kernel `k` through the parameter `param`.
std::string bind_table(const std::string& param, const std::string& table, const std::string& k) {
  return fmt::format("    {0} = adf::parameter::array({1});\n    adf::connect({0}, {2});\n", param, table, k);
}

}  // namespace

void emit_graph(const Plan& plan, int iterations, Project& p) {
  const std::string cls = plan.model_ident + "_graph";
  std::string members, body, externs;
  for (const auto& io : plan.plios) {
    members += fmt::format("  adf::{}_plio {};\n", io.is_input ? "input" : "output", plio_member(plan, io.name));
    body += fmt::format("    {} = adf::{}_plio::create(\"{}\", adf::plio_{}_bits, \"{}\");\n", plio_member(plan, io.name),
                        io.is_input ? "input" : "output", io.name, io.width_bits, io.file);
    if (io.column >= 0)
      body += fmt::format("    adf::location<adf::PLIO>({}) = adf::shim({});\n", plio_member(plan, io.name), io.column);
  }
  for (std::size_t li = 0; li < plan.layers.size(); ++li) {
    const auto& l = plan.layers[li];
    const std::string id = l.ident;
    if (!l.is_dense()) {
      members += fmt::format("  adf::kernel {}[{}][1];  // '{}' ({}): one kernel per column slice\n", id, l.PN, l.name, l.pw.label);
      if (has_tables(l))
        members += fmt::format("  adf::parameter {}_wp[{}][1];  // {} of each kernel\n", id, l.PN,
                               l.pw.b_const.empty() ? (l.pw.int32_table() ? "constants table" : "lookup table")
                                                    : "constant operand slice");
      externs += fmt::format("// {}\n", l.name);
      body += fmt::format("\n    // {} ({}): {} kernel(s) of {} columns\n", l.name, l.pw.label, l.PN, l.NS);
      for (int pn = 0; pn < l.PN; ++pn) {
        std::string k = fmt::format("{}[{}][0]", id, pn);
        body += create_kernel(k, l.kernel_name(pn, 0));
        if (has_tables(l)) {
          if (l.pw.b_const.empty())
            externs += fmt::format("extern {} {}[{}];\n", table_ctype(l), l.weight_table(pn, 0), l.pw.table.size());
          else
            externs += fmt::format("extern {} {}[{}];\n", l.pw.b.ctype(), l.weight_table(pn, 0), l.NS);
          body += bind_table(fmt::format("{}_wp[{}][0]", id, pn), l.weight_table(pn, 0), k);
        }
        if (!plan.tiles.empty()) {
          const int c = plan.tiles[li][pn][0][0], r = plan.tiles[li][pn][0][1];
          body += fmt::format("    adf::location<adf::kernel>({}) = adf::tile({}, {});\n", k, c, r);
          body += bank_constraints(l, k, pn, 0, c, r, plan.device);
        }
      }
      continue;
    }
    members += fmt::format("  adf::kernel {}[{}][{}];  // '{}': [chain][cascade stage]\n", id, l.PN, l.PK, l.name);
    if (!l.streams_weights())
      members += fmt::format("  adf::parameter {}_wp[{}][{}];  // weights of each kernel\n", id, l.PN, l.PK);
    if (l.has_bias) members += fmt::format("  adf::parameter {}_bp[{}];  // bias of each chain (stage 0)\n", id, l.PN);
    if (!l.requant.column_multipliers.empty())
      members += fmt::format("  adf::parameter {}_sp[{}];  // column multipliers of each chain (tail)\n", id, l.PN);
    externs += fmt::format("// {}\n", l.name);
    body += fmt::format("\n    // {}: {} chain(s) of {} cascade stage(s)\n", l.name, l.PN, l.PK);
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        std::string k = fmt::format("{}[{}][{}]", id, pn, pk);
        body += create_kernel(k, l.kernel_name(pn, pk));
        if (!l.streams_weights()) {
          externs += fmt::format("extern {} {}[{}];\n", l.w.ctype(), l.weight_table(pn, pk), l.KS * l.NS);
          body += bind_table(fmt::format("{}_wp[{}][{}]", id, pn, pk), l.weight_table(pn, pk), k);
        }
        if (pk == 0 && l.has_bias) {
          externs += fmt::format("extern {} {}[{}];\n", bias_ctype(l), l.bias_table(pn), l.NS);
          body += bind_table(fmt::format("{}_bp[{}]", id, pn), l.bias_table(pn), k);
        }
        if (pk == l.PK - 1 && !l.requant.column_multipliers.empty()) {
          externs += fmt::format("extern int32 {}[{}];\n", l.scale_table(pn), l.NS);
          body += bind_table(fmt::format("{}_sp[{}]", id, pn), l.scale_table(pn), k);
        }
        if (pk > 0)  // the cascade input follows the buffers: in[1], or in[2] after a product's operand
          body += fmt::format("    adf::connect<adf::cascade>({}[{}][{}].out[0], {}.in[{}]);\n", id, pn, pk - 1, k,
                              l.streams_weights() ? 2 : 1);
        if (l.direct_input) {  // stage pk reads chain pk's output of the source layer
          const auto& prev = plan.layers[std::size_t(l.sources.at(0).layer)];
          body += fmt::format("    adf::connect({}[{}][{}].out[0], {}.in[0]);\n", prev.ident, pk, prev.PK - 1, k);
        }
        if (!plan.tiles.empty()) {
          const int c = plan.tiles[li][pn][pk][0], r = plan.tiles[li][pn][pk][1];
          body += fmt::format("    adf::location<adf::kernel>({}) = adf::tile({}, {});\n", k, c, r);
          body += bank_constraints(l, k, pn, pk, c, r, plan.device);
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
        std::string to = dst.kind == Endpoint::Kind::Plio ? plio_member(plan, dst.plio) + ".in[0]"
                                                          : fmt::format("{}.in[{}]", kernel_ref(plan, dst), dst.port);
        body += fmt::format("    adf::connect({}.out[{}], {});\n", b.name, i, to);
      }
      body += fmt::format("    adf::read_access({}.out[{}]) = {};\n", b.name, i, tiling(b.out[i].tiling));
    }
  }
  p.add("src/graph.h",
        fmt::format("// The ADF graph of '{}' on {} ({} tiles), generated by aiemc. Dense layers are blocks of PN\n"
                    "// cascade chains x PK stages, pointwise layers PN kernels of column slices. An edge goes through a\n"
                    "// memory-tile shared buffer whose tilings re-lay the producer's output into each consumer's input\n"
                    "// (several read ports when several layers read it), or, where the layouts already agree, straight\n"
                    "// from the producer's chain tails to the consumer's stages (docs/backend.md). Kernel tables are\n"
                    "// defined in the kernels' own sources (src/params/) and bound here with adf::parameter::array.\n"
                    "#pragma once\n#include <adf.h>\n\n#include \"kernels.h\"\n\n{}\n"
                    "class {} : public adf::graph {{\n public:\n{}\n  {}() {{\n{}  }}\n}};\n",
                    plan.model, plan.device.name, plan.total_tiles(), externs, cls, members, cls, body));
  p.add("src/graph.cpp",
        fmt::format("// The graph instance of '{}' (generated by aiemc). main() runs {} batch(es) in the simulators and\n"
                    "// in aiemc's host emulation; on hardware the host program (host/host.cpp) drives the graph.\n"
                    "#include \"graph.h\"\n\n{} g;\n\n"
                    "#if defined(__AIESIM__) || defined(__X86SIM__) || defined(AIEM_HOST_EMULATION)\n"
                    "int main() {{\n  g.init();\n  g.run({});\n  g.end();\n  return 0;\n}}\n#endif\n",
                    plan.model, iterations, cls, iterations));
}

}  // namespace aiem::aie
