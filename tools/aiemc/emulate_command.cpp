// aiemc emulate DIR [--work-dir D] [--output-dir O] [--cxx C] [-j N] [-q]
// Builds the generated project in DIR with the host compiler against the host emulation of the
// AIE API and ADF, runs its graph, and checks every output PLIO file against its golden file.
// Each step prints a progress line on stderr; a kept --work-dir rebuilds only what changed; the
// outputs are also written as NAME.npy (in --output-dir, and in the work directory's output/).
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "backends/emulate/emulate_project.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/commands.hpp"

namespace aiemc {

Runner add_emulate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("emulate", "Build a generated project against the host emulation, run it and "
                                            "compare its outputs with the golden files");
  struct Options {
    std::string dir;
    std::string work_dir;
    std::string cxx;
    int jobs = 0;
    bool separate = false;
    bool quiet = false;
    std::string output_dir;
    std::vector<std::string> flags;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("DIR", o->dir, "Project directory (made by aiemc build)")->required();
  cmd->add_option("--work-dir", o->work_dir, "Keep build products and outputs here (default: a temporary directory)");
  cmd->add_option("--cxx", o->cxx, "Host C++ compiler (default: $CXX or g++)");
  cmd->add_option("--cxxflag", o->flags, "Extra compiler flag (repeatable), e.g. --cxxflag=-fsanitize=address")
      ->allow_extra_args(false);
  cmd->add_flag("--separate", o->separate, "Compile each source on its own instead of one unity translation unit");
  cmd->add_option("--output-dir", o->output_dir, "Also write each output as NAME.npy (values per row, padding dropped) here");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress lines");
  cmd->add_option("-j,--jobs", o->jobs, "Parallel compilations (default: all cores)")->check(CLI::Range(0, 256));
  return [o]() -> int {
    aiem::emulation::EmulateOptions opt;
    if (!o->cxx.empty()) opt.cxx = o->cxx;
    else if (const char* c = std::getenv("CXX"); c && *c) opt.cxx = c;
    opt.work_dir = o->work_dir;
    opt.jobs = o->jobs;
    opt.unity = !o->separate;
    opt.extra_flags = o->flags;
    opt.output_dir = o->output_dir;
    if (!o->quiet) opt.progress = [](const std::string& line) { std::cerr << "aiemc emulate: " << line << std::endl; };
    aiem::emulation::EmulationReport r;
    try {
      r = aiem::emulation::emulate_project(o->dir, opt);
    } catch (const aiem::emulation::ManifestError& e) {
      std::cerr << fmt::format("aiemc emulate: {}\n", e.what());
      return kUserError;
    } catch (const aiem::emulation::EmulationFailure& e) {
      std::cerr << fmt::format("aiemc emulate: {}\n", e.what());
      return kUserError;
    } catch (const aiem::io::OutputError& e) {
      std::cerr << fmt::format("aiemc emulate: {}\n", e.what());
      return kUserError;
    }
    std::cout << fmt::format("{}: built in {:.2f} s, ran in {:.2f} s\n", r.manifest.name, r.compile_seconds,
                             r.run_seconds);
    for (auto& c : r.outputs) {
      if (c.matches()) {
        std::cout << fmt::format("  {}: {} values, bit-exact with {}\n", c.output.plio, c.values, c.output.golden);
        continue;
      }
      std::cout << fmt::format("  {}: MISMATCH with {}: {} values written, {} expected, {} differ", c.output.plio,
                               c.output.golden, c.values, c.golden_values, c.mismatches);
      if (c.first_mismatch)
        std::cout << fmt::format(" (first at value {}: got {}, expected {})", *c.first_mismatch, c.got, c.want);
      std::cout << "\n";
    }
    return r.all_match() ? kOk : kUserError;
  };
}

}  // namespace aiemc
