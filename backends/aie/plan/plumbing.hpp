#pragma once
// Memory-tile plumbing: the shared buffers, their tilings and the PLIOs that carry every layer's
// data from its producer's layout into its consumer's, so the whole model stays on chip.
//
//   PLIO ─▶ mt_in_<x> ─(A-tiled K slices, one read port per cascade stage, broadcast to the PN
//   chains)─▶ layer 0 ─(C-tiled N slices, one write port per chain)─▶ mt_<a>_<b> ─▶ layer 1 ─▶ ...
//   ─▶ mt_out_<y> ─(row-major, padding cropped)─▶ PLIO
//
// A pointwise layer reads and writes row-major column slices, one per kernel; a result read by
// several layers (fanout) has one buffer with read ports for each, a join reads one per operand.
//
// Rows are dimension 1, features dimension 0 (contiguous), so a buffer holds the activations in
// row-major order; tilings read outside the real data (boundary_dimension) give zeros, which pads
// K, N and the batch for the next layer. A buffer needing more ports than a memtile's DMA channels
// gets relays: gather buffers in front (writers) or copy buffers behind it (readers).
#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

// Appends buffers and PLIOs for plan.layers (a DAG over plan.inputs, read out at plan.outputs) to
// the plan: one buffer per graph input and per layer result, read by every consumer (fanout is
// more read ports, or relays). Throws std::runtime_error when even relays cannot serve an edge
// (more than channels² readers or writers). With `split_input`, a graph input read by one dense
// layer alone arrives on one PLIO per cascade stage of it (each carrying its K slice, row-major),
// so wide inputs enter in parallel.
void build_plumbing(Plan& plan, int plio_bits, bool split_input = true);

}  // namespace aiem::aie
