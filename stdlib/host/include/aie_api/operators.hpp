// <aie_api/operators.hpp> for the host emulation: see detail/operators.hpp.
#pragma once

#include "aie.hpp"
