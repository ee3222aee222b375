#include "backends/aie/plan/physical_plan.hpp"

#include <fmt/format.h>

#include <set>

#include "ir/ops/movement/transpose_index.hpp"
#include "stdlib/aie/include/aiem_kernels/dense_schedule.hpp"

namespace aiem::aie {

std::string ElemType::ctype() const { return fmt::format("{}int{}", is_signed ? "" : "u", bits); }

bool LayerPlan::pipelines_groups() const {
  if (!is_dense() || aie4ml_kernel || mt.m <= 0 || mt.k <= 0 || mt.n <= 0 || RM <= 0 || RN <= 0) return false;
  const std::int64_t groups = (M_pad / (mt.m * RM)) * (NS / (mt.n * RN));
  return aiem_kernels::DenseSchedule::pipelines_groups(unsigned(groups), unsigned(KS / mt.k), unsigned(RM), unsigned(RN),
                                                       unsigned(mt.m * mt.n * acc_bits));
}

std::string LayerPlan::kernel_name(int pn, int pk) const { return fmt::format("{}_n{}_k{}", ident, pn, pk); }
std::string LayerPlan::weight_table(int pn, int pk) const { return fmt::format("{}_w_n{}_k{}", ident, pn, pk); }
std::string LayerPlan::bias_table(int pn) const { return fmt::format("{}_b_n{}", ident, pn); }
std::string LayerPlan::scale_table(int pn) const { return fmt::format("{}_s_n{}", ident, pn); }
std::string LayerPlan::config_name() const { return ident + "_config"; }

std::int64_t Tiling::elements() const {
  std::int64_t n = 1;
  for (auto d : tiling_dimension) n *= d;
  for (auto& s : traversal) n *= s.wrap;
  return n;
}

std::int64_t SharedBufferPlan::bytes() const {
  std::int64_t n = elem.bytes();
  for (auto d : dims) n *= d;
  return n;
}

int Plan::total_tiles() const {
  int n = 0;
  for (auto& l : layers) n += l.tiles();
  return n;
}

std::vector<int> Plan::memtile_columns() const {
  std::set<int> c;
  for (const auto& b : buffers)
    if (b.column >= 0) c.insert(b.column);
  return {c.begin(), c.end()};
}

}  // namespace aiem::aie

namespace aiem::aie {

std::vector<int> Plan::consumers(int producer) const {
  std::vector<int> c;
  for (std::size_t i = 0; i < layers.size(); ++i)
    for (const Source& s : layers[i].sources)
      if (s.layer == producer) {
        c.push_back(int(i));
        break;
      }
  return c;
}

std::vector<std::int64_t> InputPlan::arriving(const std::vector<std::int64_t>& codes) const {
  if (sample_perm.empty()) return codes;
  const auto sources = ir::transpose_sources(sample_shape, sample_perm);  // one sample's
  std::vector<std::int64_t> out(codes.size());
  for (std::size_t s = 0; s + sources.size() <= codes.size(); s += sources.size())
    for (std::size_t j = 0; j < sources.size(); ++j) out[s + j] = codes[s + std::size_t(sources[j])];
  return out;
}

std::int64_t Plan::rows_of(const Source& s) const {
  if (s.layer >= 0) return layers.at(std::size_t(s.layer)).M;
  if (s.input >= 0) return inputs.at(std::size_t(s.input)).rows;
  return views.at(std::size_t(s.view)).rows;
}

std::int64_t Plan::cols_of(const Source& s) const {
  if (s.cols >= 0) return s.cols;
  if (s.layer >= 0) return layers.at(std::size_t(s.layer)).N;
  if (s.input >= 0) return inputs.at(std::size_t(s.input)).cols;
  return views.at(std::size_t(s.view)).cols;
}

bool Plan::is_output(int layer) const {
  for (const auto& o : outputs)
    if (o.source.layer == layer) return true;
  return false;
}

std::int64_t Plan::padding_code(const Source& s) const {
  if (s.layer >= 0) return layers.at(std::size_t(s.layer)).requant.zero;
  if (s.input >= 0) return 0;
  return padding_code(views.at(std::size_t(s.view)).parts.back().source);
}

}  // namespace aiem::aie
