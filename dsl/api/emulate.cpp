// The emulation half of the public API (aiem/emulate.hpp), over backends/emulate.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "aiem/emulate.hpp"
#include "backends/emulate/emulate_project.hpp"
#include "ir/io/atomic_output.hpp"

namespace aiem {
namespace fs = std::filesystem;
namespace {

emulation::EmulateOptions internal_options(const EmulateOptions& o) {
  emulation::EmulateOptions e;
  e.cxx = o.cxx;
  e.work_dir = o.work_dir;
  e.jobs = o.jobs;
  e.unity = o.unity;
  e.extra_flags = o.extra_flags;
  e.progress = o.progress;
  return e;
}

emulation::EmulationReport run_emulation(const fs::path& dir, const emulation::EmulateOptions& o) {
  try {
    return emulation::emulate_project(dir, o);
  } catch (const emulation::ManifestError& e) {
    throw Error(e.what());
  } catch (const emulation::EmulationFailure& e) {
    throw Error(e.what());
  } catch (const io::OutputError& e) {
    throw Error(e.what());
  }
}

// An output PLIO's values without the stream's padding columns, as [rows, columns].
EmulatedOutput plio_output(const emulation::OutputCheck& c) {
  EmulatedOutput out;
  out.plio = c.output.plio;
  out.tensor = c.output.tensor;
  out.tensor_column = c.output.tensor_column;
  out.matches = c.matches();
  out.mismatches = c.mismatches + (c.values > c.golden_values ? c.values - c.golden_values : c.golden_values - c.values);
  auto u = emulation::unpadded(c);
  out.shape = std::move(u.shape);
  out.codes = std::move(u.values);
  return out;
}

// A wide model output leaves through several PLIOs, each a slice of its columns (in column order in
// the project): one result per tensor, the slices' rows joined, matching when every slice matches.
std::vector<EmulatedOutput> join_slices(std::vector<EmulatedOutput> plios) {
  std::vector<EmulatedOutput> joined;
  for (auto& o : plios) {
    auto it = std::find_if(joined.begin(), joined.end(),
                           [&](const EmulatedOutput& j) { return !o.tensor.empty() && j.tensor == o.tensor; });
    if (it == joined.end()) {
      joined.push_back(std::move(o));
      continue;
    }
    EmulatedOutput& j = *it;
    j.plio += "+" + o.plio;
    const bool fits = j.shape.size() == 2 && o.shape.size() == 2 && j.shape[0] == o.shape[0] &&
                      o.tensor_column == j.tensor_column + j.shape[1];
    if (!fits) {  // not the next slice of the same rows: what was written does not form the tensor
      j.matches = false;
      j.mismatches += o.codes.size();
      continue;
    }
    const auto rows = std::size_t(j.shape[0]), a = std::size_t(j.shape[1]), b = std::size_t(o.shape[1]);
    std::vector<std::int64_t> codes;
    codes.reserve(rows * (a + b));
    for (std::size_t r = 0; r < rows; ++r) {
      codes.insert(codes.end(), j.codes.begin() + std::ptrdiff_t(r * a), j.codes.begin() + std::ptrdiff_t((r + 1) * a));
      codes.insert(codes.end(), o.codes.begin() + std::ptrdiff_t(r * b), o.codes.begin() + std::ptrdiff_t((r + 1) * b));
    }
    j.codes = std::move(codes);
    j.shape[1] += o.shape[1];
    j.matches = j.matches && o.matches;
    j.mismatches += o.mismatches;
  }
  return joined;
}

// Makes `dir` hold exactly `files`, rewriting only the files whose contents differ, so that the
// emulation's make-style reuse sees unchanged sources as unchanged. `dir` is aiem's own staging
// copy inside the work directory, never a user's project.
void sync_directory(const fs::path& dir, const std::map<std::string, std::string>& files) {
  std::set<fs::path> wanted;
  for (const auto& [rel, text] : files) {
    const fs::path p = dir / rel;
    wanted.insert(p.lexically_normal());
    std::ifstream in(p, std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      if (ss.str() == text) continue;
    }
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(text.data(), std::streamsize(text.size()));
    if (!out) throw Error(fmt::format("cannot write '{}'", p.string()));
  }
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file() && !wanted.count(it->path().lexically_normal())) stale.push_back(it->path());
  for (const auto& p : stale) fs::remove(p);
}

}  // namespace

EmulationResult emulate(const fs::path& project_dir, const EmulateOptions& options) {
  const auto r = run_emulation(project_dir, internal_options(options));
  EmulationResult result;
  result.model = r.manifest.name;
  result.compile_seconds = r.compile_seconds;
  result.run_seconds = r.run_seconds;
  for (const auto& c : r.outputs) result.outputs.push_back(plio_output(c));
  return result;
}

EmulationResult emulate(const Model& model, const BuildOptions& build, const EmulateOptions& options) {
  if (options.work_dir.empty()) throw Error("emulating a model needs a work directory (EmulateOptions::work_dir)");
  BuildResult built = aiem::build(model, build);
  if (!built.ok()) throw Error(fmt::format("the model '{}' does not build:\n{}", model.name(), built.rendered));
  const fs::path staged = options.work_dir / "project";
  try {
    fs::create_directories(staged);
    sync_directory(staged, built.project->files);
  } catch (const fs::filesystem_error& e) {
    throw Error(fmt::format("cannot stage the project in '{}': {}", staged.string(), e.what()));
  }
  EmulateOptions inner = options;
  inner.work_dir = options.work_dir / "build";
  EmulationResult result = emulate(staged, inner);
  result.outputs = join_slices(std::move(result.outputs));

  // Each output PLIO names the model output it carries: shape it as run() does, with its values.
  // The batches: those of the inputs given (build() checked that they agree), else build.batches.
  const std::int64_t k = build.inputs.empty() ? build.batches : build.inputs.begin()->second.shape.at(0) / model.batch();
  const auto infos = model.outputs();
  for (auto& out : result.outputs)
    for (const auto& info : infos) {
      if (out.tensor != info.name) continue;
      std::vector<std::int64_t> shape = info.shape;
      shape[0] *= k;
      // A graph that wrote too few or too many values stays [rows, columns] (and does not match).
      if (info.elements() * k != std::int64_t(out.codes.size())) continue;
      out.shape = shape;
      out.values = model.dequantize(info.name, out.codes);
    }
  return result;
}

}  // namespace aiem
