// The AIE API as a graph translation unit sees it: declarations only, the analogue of the real
// aie_declaration.hpp (aie_api 2025.1 and 2026.1, lines 19-96). aie.hpp selects this view when
// __AIENGINE__ is not defined (2026.1 aie.hpp:15-18) or the language is older than C++20 (2025.1
// aie.hpp:19-27): that is how AMD's graph front end compiles graph.cpp. A graph header may name
// these templates (e.g. in a kernel prototype) but can use nothing of them: no members, no free
// functions, no rounding modes. Anything more fails here as it fails in aiecompiler.
#pragma once

enum class aie_dm_resource { none };

namespace aie {

template <typename T, unsigned Elems>
class vector {};
template <typename AccumTag, unsigned Elems>
class accum {};
template <unsigned Elems>
class mask {};

struct accauto {};

template <unsigned M, unsigned K, unsigned N, typename TypeA, typename TypeB = TypeA, typename AccumTag = accauto>
class mmul {};

template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
struct vector_iterator {};
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
struct const_vector_iterator {};
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
struct restrict_vector_iterator {};
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
struct const_restrict_vector_iterator {};

static constexpr unsigned vector_decl_align = 4;
template <typename T, unsigned Elems>
static constexpr unsigned vector_ldst_align_v = 4;

}  // namespace aie
