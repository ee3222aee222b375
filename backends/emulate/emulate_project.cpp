#include "backends/emulate/emulate_project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "backends/emulate/process.hpp"
#include "stdlib/host/include/aiem_emu/plio_file.hpp"

namespace aiem::emulate {

namespace fs = std::filesystem;

fs::path host_include_dir() {
  if (const char* e = std::getenv("AIEM_HOST_INCLUDE"); e && *e) return e;
  fs::path build = AIEM_HOST_INCLUDE_BUILD_DIR;
  if (fs::exists(build / "adf.h")) return build;
  return AIEM_HOST_INCLUDE_INSTALL_DIR;
}

std::vector<std::int64_t> read_plio_values(const fs::path& file, const std::string& role) {
  try {
    std::vector<std::int64_t> v;
    for (auto& line : aiem_emu::read_plio_lines(file.string(), role)) v.insert(v.end(), line.values.begin(), line.values.end());
    return v;
  } catch (const aiem_emu::PlioFileError& e) {
    throw EmulationFailure(e.what());
  }
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string tail(const std::string& log, std::size_t max_lines = 40) {
  std::vector<std::string> lines;
  std::istringstream ss(log);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  std::size_t from = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::string out;
  for (std::size_t i = from; i < lines.size(); ++i) out += "  " + lines[i] + "\n";
  return out;
}

}  // namespace

void check_graph_front_end(const ProjectManifest& m, const fs::path& project, const fs::path& work, const std::string& cxx) {
  // As AMD's graph front end sees graph.cpp: C++17, no __AIENGINE__, so <aie_api/aie.hpp> is
  // declarations only and nothing of the kernel library may be needed to compile the graph.
  std::vector<std::string> argv{cxx, "-std=c++17", "-fsyntax-only", fmt::format("-D__AIE_ARCH__={}", m.aie_arch),
                                "-I" + host_include_dir().string()};
  for (auto& d : m.include_dirs) argv.push_back("-I" + (project / d).string());
  argv.push_back((project / m.graph_source).string());
  auto r = run_process(argv, project, {}, work / "graph_front_end.log");
  if (r.exit_code != 0)
    throw EmulationFailure(fmt::format("{}: the graph does not compile as AMD's graph front end compiles it (C++17, "
                                       "no __AIENGINE__, AIE API declarations only):\n{}",
                                       (project / m.graph_source).string(), tail(r.log)));
}

namespace {

// Compiles every translation unit (in parallel) and links them. Kernel code: __AIENGINE__ and C++20.
void build(const ProjectManifest& m, const fs::path& project, const fs::path& work, const EmulateOptions& o,
           const fs::path& exe) {
  std::vector<std::string> flags{"-std=c++20", "-O1", "-pthread", fmt::format("-D__AIE_ARCH__={}", m.aie_arch),
                                 "-D__AIENGINE__", "-DAIEM_HOST_EMULATION", "-I" + host_include_dir().string()};
  for (auto& d : m.include_dirs) flags.push_back("-I" + (project / d).string());
  flags.insert(flags.end(), o.extra_flags.begin(), o.extra_flags.end());

  std::vector<std::string> sources{m.graph_source};
  sources.insert(sources.end(), m.kernel_sources.begin(), m.kernel_sources.end());
  if (o.unity) {
    std::string text = "// Every source of the project in one translation unit (aiemc emulate).\n";
    for (auto& s : sources) text += fmt::format("#include \"{}\"\n", (project / s).string());
    std::ofstream(work / "unity.cpp") << text;
    sources = {(work / "unity.cpp").string()};
  }
  std::vector<fs::path> objects(sources.size());
  std::vector<ProcessResult> results(sources.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < sources.size();) {
      objects[i] = work / fmt::format("tu{}.o", i);
      std::vector<std::string> argv{o.cxx};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), {"-c", (project / sources[i]).string(), "-o", objects[i].string()});  // an absolute path stays absolute
      results[i] = run_process(argv, project, {}, work / fmt::format("tu{}.log", i));
    }
  };
  unsigned jobs = o.jobs > 0 ? unsigned(o.jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < std::min<std::size_t>(jobs, sources.size()); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (results[i].exit_code != 0)
      throw EmulationFailure(fmt::format("{}: does not compile against the host emulation ({} exited with {}):\n{}",
                                         o.unity ? project.string() : (project / sources[i]).string(), o.cxx,
                                         results[i].exit_code, tail(results[i].log)));
  std::vector<std::string> link{o.cxx, "-pthread", "-o", exe.string()};
  link.insert(link.end(), o.extra_flags.begin(), o.extra_flags.end());  // e.g. sanitizers link too
  for (auto& obj : objects) link.push_back(obj.string());
  auto r = run_process(link, project, {}, work / "link.log");
  if (r.exit_code != 0) throw EmulationFailure(fmt::format("linking the emulated project failed:\n{}", tail(r.log)));
}

OutputCheck compare(const ProjectManifest::Output& out, const fs::path& produced, const fs::path& golden) {
  OutputCheck c;
  c.output = out;
  if (!fs::exists(produced))
    throw EmulationFailure(fmt::format("the graph did not write output PLIO '{}' ({})", out.plio, out.file));
  auto got = read_plio_values(produced, "output");
  auto want = read_plio_values(golden, "golden");
  c.values = got.size();
  c.golden_values = want.size();
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i)
    if (got[i] != want[i]) {
      if (!c.first_mismatch) {
        c.first_mismatch = i;
        c.got = got[i];
        c.want = want[i];
      }
      ++c.mismatches;
    }
  return c;
}

}  // namespace

EmulationReport emulate_project(const fs::path& project_dir, const EmulateOptions& o) {
  const fs::path project = fs::absolute(project_dir);
  EmulationReport report;
  report.manifest = read_manifest(project);
  const ProjectManifest& m = report.manifest;
  for (auto& s : std::vector<std::string>{m.graph_source})
    if (!fs::exists(project / s)) throw ManifestError(fmt::format("{}: graph source '{}' does not exist", (project / kManifestFile).string(), s));

  bool temporary = o.work_dir.empty();
  fs::path work = temporary ? fs::temp_directory_path() / fmt::format("aiem-emulate-{}", std::random_device{}())
                            : fs::absolute(o.work_dir);
  fs::create_directories(work);
  struct Cleanup {
    fs::path p;
    bool on;
    ~Cleanup() {
      std::error_code ec;
      if (on) fs::remove_all(p, ec);
    }
  } cleanup{work, temporary};

  auto t0 = std::chrono::steady_clock::now();
  const fs::path exe = work / "emulated_graph";
  check_graph_front_end(m, project, work, o.cxx);
  build(m, project, work, o, exe);
  report.compile_seconds = seconds_since(t0);

  const fs::path out_dir = work / "output";
  fs::remove_all(out_dir);
  t0 = std::chrono::steady_clock::now();
  auto r = run_process({exe.string()}, project,
                       {{"AIEM_EMU_INPUT_DIR", project.string()}, {"AIEM_EMU_OUTPUT_DIR", out_dir.string()}},
                       work / "run.log");
  report.run_seconds = seconds_since(t0);
  if (r.exit_code != 0)
    throw EmulationFailure(fmt::format("the emulated graph of '{}' failed (exit status {}):\n{}", m.name, r.exit_code, tail(r.log)));
  for (auto& out : m.outputs) report.outputs.push_back(compare(out, out_dir / out.file, project / out.golden));
  return report;
}

}  // namespace aiem::emulate
