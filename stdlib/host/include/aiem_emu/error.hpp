#pragma once
// Errors of the host emulation. Everything the emulator rejects (a malformed PLIO file, a graph
// that cannot run, a deadlock, a kernel that throws) surfaces as an EmulationError whose message
// names the file, port or kernel concerned.
#include <stdexcept>
#include <string>

namespace aiem_emu {

class EmulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A problem with a graph description (bad connection, unknown buffer size, ...).
class GraphError : public EmulationError {
 public:
  using EmulationError::EmulationError;
};

// A malformed PLIO data file: the message starts with "file:line:".
class PlioFileError : public EmulationError {
 public:
  using EmulationError::EmulationError;
};

// Thrown inside worker threads to unwind them when another thread failed; never escapes a run.
struct Aborted {};

}  // namespace aiem_emu
