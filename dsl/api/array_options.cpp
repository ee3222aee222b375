#include "dsl/api/array_options.hpp"

namespace aiem {

aie::PlanOptions plan_options(const ArrayOptions& o) {
  aie::PlanOptions p;
  p.samples_per_iteration = o.samples_per_iteration;
  return p;
}

aie::PlaceOptions place_options(const ArrayOptions& o) {
  aie::PlaceOptions p;
  if (!o.columns.empty()) p.region = aie::placement::parse_columns(o.columns);
  for (auto [col, row] : o.keep_out) p.keep_out.push_back({col, row});
  return p;
}

}  // namespace aiem
