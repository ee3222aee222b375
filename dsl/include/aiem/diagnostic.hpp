#pragma once
// aiem's error model. A problem in what the user gave (the model text, an ONNX file, a design that
// does not fit the array) is a value: a step returns its diagnostics with a clang-style rendering.
// A call that cannot be made as asked (inputs that do not fit the model, a malformed option, a
// directory that cannot be written, a project that does not compile) throws aiem::Error.
#include <stdexcept>
#include <string>
#include <vector>

namespace aiem {

struct Location {
  std::string file;  // empty when the diagnostic has no position
  int line = 0;      // 1-based; 0 when the diagnostic names a field rather than a position
  int column = 0;    // 1-based
};

struct Diagnostic {
  enum class Severity { Error, Warning, Note };
  Severity severity = Severity::Error;
  Location location;
  std::string message;
  struct Note {
    Location location;
    std::string message;
  };
  std::vector<Note> notes;
};

// What a step reported: errors, warnings and their notes, and all of them rendered with source
// lines and carets (as aiemc prints them).
struct Outcome {
  std::vector<Diagnostic> diagnostics;
  std::string rendered;
  bool has_errors() const {
    for (const auto& d : diagnostics)
      if (d.severity == Diagnostic::Severity::Error) return true;
    return false;
  }
};

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace aiem
