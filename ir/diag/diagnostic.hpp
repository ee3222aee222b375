#pragma once
// Diagnostics as values: every stage (parser, semantic analysis, passes, backends) appends to a
// Diagnostics list instead of printing or exiting; the driver or the API caller renders them.
#include <stdexcept>
#include <string>
#include <vector>

#include "ir/diag/source.hpp"

namespace aiem {

enum class Severity { Error, Warning, Note };

struct Diag {
  struct Note {
    SourceRange range;
    std::string message;
  };
  Severity severity = Severity::Error;
  SourceRange range;  // may be invalid for errors about a file as a whole (then `subject` names it)
  std::string message;
  std::string subject;  // file or field the error is about when there is no source range
  std::vector<Note> notes;

  Diag& note(SourceRange r, std::string msg) {
    notes.push_back({r, std::move(msg)});
    return *this;
  }
};

class Diagnostics {
 public:
  Diag& error(SourceRange r, std::string message);
  Diag& warning(SourceRange r, std::string message);
  // An error about a file or field without a position in a .aiem source ("x.npy: ...").
  Diag& error_in(std::string subject, std::string message);
  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diag>& all() const { return list_; }
  // Adds a note to every diagnostic from index `first` on (e.g. "in this use of block 'b'" to the
  // errors found while expanding that use).
  void note_since(std::size_t first, SourceRange r, const std::string& message) {
    for (std::size_t i = first; i < list_.size(); ++i) list_[i].note(r, message);
  }
  void append(const Diagnostics& other);
  Diag& add(Diag d);  // a diagnostic made elsewhere (e.g. another stage's, re-graded)
  bool empty() const { return list_.empty(); }

 private:
  std::vector<Diag> list_;
};

// clang style:
//   file:line:col: error: message
//   <source line>
//       ^~~~
std::string render(const Diag& d, const SourceManager& sm);
std::string render(const Diagnostics& ds, const SourceManager& sm);

// Thrown for broken invariants inside aiemc (exit code 2), never for bad user input.
struct InternalError : std::logic_error {
  using std::logic_error::logic_error;
};

}  // namespace aiem
