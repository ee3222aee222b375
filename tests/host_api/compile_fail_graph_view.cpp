// The graph front end's view of the AIE API: compiled by CTest without __AIENGINE__ (or as C++17),
// where <aie_api/aie.hpp> declares only empty templates (aie_declaration.hpp). Case 0 is what a
// graph header may do (name the types in a kernel prototype, use ADF); every other case uses the
// API and must fail, as it fails in AMD's graph front end.
#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

void proto(adf::input_buffer<int8, adf::extents<64>>& x, adf::output_cascade<acc32>* out, aie::vector<int8, 16>* scratch);

#if AIEM_CASE == 1
inline auto z = aie::zeros<int8, 16>();                        // no free functions
#elif AIEM_CASE == 2
inline aie::rounding_mode r = aie::rounding_mode::conv_even;  // no rounding modes
#elif AIEM_CASE == 3
inline unsigned n = aie::vector<int8, 16>::size();             // no members
#elif AIEM_CASE == 4
static_assert(aie::vector_decl_align == 32);                   // the graph view's alignment is 4
#elif AIEM_CASE == 5
void k(input_stream<int8>* s) { (void)readincr_v<16>(s); }     // aie_adf.hpp declares nothing here
#endif

int main() { return 0; }
