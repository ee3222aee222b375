#include "graph.h"

two_stage g;

#if defined(__AIESIM__) || defined(__X86SIM__) || defined(AIEM_HOST_EMULATION)
int main() {
  g.init();
  g.update(g.delta, int32(-100));
  g.run(2);
  g.end();
  return 0;
}
#endif
