// Host (x86, g++) emulation of the subset of AMD's AIE API used by int8/int16 dense and matmul kernels.
// Same names, template parameters and (documented) semantics as <aie_api/aie.hpp>, so kernel source
// compiles unchanged and computes what the AIE-ML / AIE-MLv2 hardware computes. Target selection:
// -D__AIE_ARCH__=20 (AIE-ML, default) or 22 (AIE-MLv2). Details and limits: docs/host-emulation-api.md.
#pragma once

#include "detail/config.hpp"
#include "detail/chess_macros.hpp"
#include "detail/types.hpp"
#include "detail/rounding.hpp"
#include "detail/srs_ups.hpp"
#include "detail/vector.hpp"
#include "detail/mask.hpp"
#include "detail/accum.hpp"
#include "detail/traits.hpp"
#include "detail/elementwise.hpp"
#include "detail/mul.hpp"
#include "detail/mmul.hpp"
#include "detail/load_store.hpp"
#include "detail/iterators.hpp"
#include "detail/operators.hpp"
