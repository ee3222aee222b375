#pragma once
// Emission of a complete Vitis AIE project from a placed physical plan. Each emitter writes one
// group of files; build_project (backends/aie/build.hpp) calls them in order.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backends/aie/emit/project.hpp"
#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

// The graph-visible kernel prototypes (src/kernels.h), one dense_config per layer
// (src/layers/<layer>.h) and one source per kernel (src/kernels/<layer>_n<pn>_k<pk>.cc).
void emit_kernels(const Plan& plan, Project& p);

// Each kernel's tables (B-tiled weight slice, its chain's bias on stage 0, column multipliers on
// the tail) defined in src/params/<kernel>.h, which only that kernel's source includes.
void emit_params(const Plan& plan, Project& p);
// The C type of a layer's bias table: int32 for acc32 kernels, long long for acc64 (no int64 typedef in the AIE API).
std::string bias_ctype(const LayerPlan& l);
// Whether the layer's kernels have tables (weights, a lookup table) in src/params/.
inline bool has_tables(const LayerPlan& l) {
  return (l.is_dense() && !l.streams_weights()) || l.pw.op == PointwisePlan::Op::lookup || (l.pw.int32_table() && !l.pw.table.empty()) ||
         !l.pw.b_const.empty();
}

// The C type of a pointwise layer's table: "int32" for the row kernels' tables, else the result's.
inline std::string table_ctype(const LayerPlan& l) { return l.pw.int32_table() ? "int32" : l.out.ctype(); }

// The ADF graph (src/graph.h) and its instance with main() for simulation and emulation
// (src/graph.cpp), running `iterations` batches.
void emit_graph(const Plan& plan, int iterations, Project& p);

// PLIO data: every graph input's batches and every graph output's golden codes (row-major, by the
// names of Plan::inputs and Plan::outputs), Vitis text format.
void emit_data(const Plan& plan, const std::map<std::string, std::vector<std::int64_t>>& input_codes,
               const std::map<std::string, std::vector<std::int64_t>>& golden_codes, Project& p);

// The board's XRT host program (host/host.cpp) and the raw codes it reads and checks: data/<input>.bin
// for every graph input, data/golden_<output>.bin for every output (the same batches as emit_data's).
void emit_host(const Plan& plan, const std::map<std::string, std::vector<std::int64_t>>& input_codes,
               const std::map<std::string, std::vector<std::int64_t>>& golden_codes, Project& p);

// Makefile, aie.cfg, system.cfg, the PL data movers, aiem_project.json, README.md.
void emit_build_files(const Plan& plan, Project& p);

// report.json: the plan's choices per layer, buffer and PLIO, plus `extra` top-level sections
// (e.g. the performance model's "timing").
nlohmann::ordered_json report_json(const Plan& plan);
void emit_report(const Plan& plan, const nlohmann::ordered_json& extra, Project& p);

// The kernel library headers (stdlib/aie/include/aiem_kernels) copied into src/, so that the
// project builds on its own.
void emit_kernel_library(Project& p);

}  // namespace aiem::aie
