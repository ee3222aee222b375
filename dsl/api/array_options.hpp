#pragma once
// The AIE backend's plan and placement options for the public ArrayOptions: one conversion for the
// API (and the Python module through it) and for aiemc's --columns, --keep-out and
// --samples-per-iteration (tools/aiemc/array_options.hpp). Not installed.
#include "aiem/build.hpp"
#include "backends/aie/plan/make_plan.hpp"
#include "backends/aie/plan/place_plan.hpp"

namespace aiem {

aie::PlanOptions plan_options(const ArrayOptions& o);

// placement::ProblemError (its message names the range) for a malformed `columns`. A keep-out tile
// outside the device is the placement problem's own error, at build, check or report time.
aie::PlaceOptions place_options(const ArrayOptions& o);

}  // namespace aiem
