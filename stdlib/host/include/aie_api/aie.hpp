// Host (x86, g++) emulation of the subset of AMD's AIE API used by int8/int16 dense and matmul kernels.
// Same names, template parameters and (documented) semantics as <aie_api/aie.hpp>, so kernel source
// compiles unchanged and computes what the AIE-ML / AIE-MLv2 hardware computes. Target selection:
// -D__AIE_ARCH__=20 (AIE-ML) or 22 (AIE-MLv2), required. Details and limits: docs/host-emulation-api.md.
//
// Like the real header, this is the whole API only in kernel code: compiled with __AIENGINE__ (the
// AIE compiler defines it; the emulation's build defines it for kernel sources) and as C++20. A
// graph translation unit (no __AIENGINE__, or C++17 as in AMD's graph front end) gets the
// declarations-only view of aie_declaration.hpp, as with 2026.1 (aie.hpp:15-18) and 2025.1
// (aie.hpp:19-27) together.
#pragma once

#if !defined(__AIENGINE__) || __cplusplus < 202002L
#include "aie_declaration.hpp"
#else

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
#endif
