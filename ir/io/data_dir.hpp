#pragma once
// Where aiemc's data lives (the standard blocks, the device catalog, the host emulation headers,
// the AIE kernel library): one rule for every lookup, so an installed copy is relocatable and never
// reads a source tree by accident.
//   1. $AIEM_DATA_DIR/<part>, when the variable is set (the root of an installed share/aiem);
//   2. the source tree, when the binary holding this code (the running program, or the Python
//      module it was linked into) is inside this project's build tree (developers, the test suite);
//   3. <directory of the running program>/../share/aiem/<part> (an installed aiemc, wherever the
//      prefix was moved);
//   4. the install prefix configured at build time (a program that links the installed library).
#include <filesystem>
#include <string_view>

namespace aiem::io {

// `part`: "stdlib", "devices", "host/include" or "kernels/include".
std::filesystem::path data_dir(std::string_view part);

}  // namespace aiem::io
