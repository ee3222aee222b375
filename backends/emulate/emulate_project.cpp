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
#include "ir/io/atomic_output.hpp"
#include "ir/io/data_dir.hpp"
#include "ir/tensor_io/npy.hpp"
#include "stdlib/host/include/aiem_emu/plio_file.hpp"

namespace aiem::emulation {

namespace fs = std::filesystem;

fs::path host_include_dir() {
  if (const char* e = std::getenv("AIEM_HOST_INCLUDE"); e && *e) return e;
  return io::data_dir("host/include");
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

std::vector<std::string> compiler_command(const std::string& cxx) {
  std::vector<std::string> words;
  std::istringstream in(cxx);
  for (std::string w; in >> w;) words.push_back(w);
  if (words.empty()) throw EmulationFailure("the host compiler is empty (set --cxx or CXX)");
  return words;
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

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Runs a command; a program that cannot be started is the user's compiler setting, not a defect.
ProcessResult run(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log,
                  const std::map<std::string, std::string>& env = {}) {
  try {
    return run_process(argv, cwd, env, log);
  } catch (const ProcessStartError& e) {
    throw EmulationFailure(fmt::format("{} (set the host compiler with --cxx or CXX)", e.what()));
  }
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The compiler must build and link a C++20 program with the standard library and threads (the
// emulation needs all three): a C compiler, an old g++ or a broken launcher fails here, clearly.
void probe_compiler(const std::vector<std::string>& cxx, const fs::path& work) {
  const fs::path probe = work / "probe.cpp";
  std::ofstream(probe) << "#include <concepts>\n#include <stdexcept>\n#include <string>\n#include <thread>\n"
                          "static_assert(__cplusplus >= 202002L, \"C++20 is required\");\n"
                          "int main() { std::thread t([] {}); t.join(); try { throw std::runtime_error(std::string(\"x\")); }"
                          " catch (const std::exception&) {} return 0; }\n";
  auto argv = cxx;
  argv.insert(argv.end(), {"-std=c++20", "-pthread", probe.string(), "-o", (work / "probe").string()});
  auto r = run(argv, work, work / "probe.log");
  if (r.exit_code != 0)
    throw EmulationFailure(fmt::format("the host compiler '{}' cannot build a C++20 program ({} exited with {}); set a "
                                       "C++20 compiler (g++ >= 12) with --cxx or CXX:\n{}",
                                       joined(cxx), cxx.front(), r.exit_code, tail(r.log, 6)));
}

// Make-style reuse in a kept work directory: an object is current when it was built by the same
// command and is newer than every file its dependency list (-MMD) names.
bool up_to_date(const fs::path& object, const fs::path& deps, const fs::path& cmd_file, const std::string& cmd) {
  std::error_code ec;
  if (!fs::exists(object, ec) || !fs::exists(deps, ec) || read_text(cmd_file) != cmd) return false;
  const auto built = fs::last_write_time(object, ec);
  if (ec) return false;
  std::string text = read_text(deps);
  for (std::size_t i = 0; (i = text.find("\\\n", i)) != std::string::npos;) text.replace(i, 2, " ");
  const auto colon = text.find(": ");
  if (colon == std::string::npos) return false;
  std::istringstream in(text.substr(colon + 2));
  for (std::string f; in >> f;) {
    const auto t = fs::last_write_time(f, ec);
    if (ec || t > built) return false;
  }
  return true;
}

void write_if_changed(const fs::path& p, const std::string& text) {
  if (fs::exists(p) && read_text(p) == text) return;  // keep the time stamp: the object stays current
  std::ofstream(p, std::ios::binary) << text;
}

struct BuildStats {
  std::size_t compiled = 0, reused = 0;
  bool linked = false;
};

// Compiles every translation unit (in parallel) and links them. Kernel code: __AIENGINE__, C++20.
BuildStats build(const ProjectManifest& m, const fs::path& project, const fs::path& work, const EmulateOptions& o,
                 const std::vector<std::string>& cxx, const fs::path& exe) {
  std::vector<std::string> flags{"-std=c++20", "-O1", "-pthread", fmt::format("-D__AIE_ARCH__={}", m.aie_arch),
                                 "-D__AIENGINE__", "-DAIEM_HOST_EMULATION", "-I" + host_include_dir().string()};
  for (auto& d : m.include_dirs) flags.push_back("-I" + (project / d).string());
  flags.insert(flags.end(), o.extra_flags.begin(), o.extra_flags.end());

  std::vector<std::string> sources{(project / m.graph_source).string()};
  for (const auto& k : m.kernel_sources) sources.push_back((project / k).string());
  if (o.unity) {
    std::string text = "// Every source of the project in one translation unit (aiemc emulate).\n";
    for (auto& s : sources) text += fmt::format("#include \"{}\"\n", s);
    write_if_changed(work / "unity.cpp", text);
    sources = {(work / "unity.cpp").string()};
  }
  const std::size_t n = sources.size();
  std::vector<fs::path> objects(n);
  std::vector<std::vector<std::string>> commands(n);
  std::vector<bool> current(n, false);
  BuildStats stats;
  for (std::size_t i = 0; i < n; ++i) {
    objects[i] = work / fmt::format("tu{}.o", i);
    commands[i] = cxx;
    commands[i].insert(commands[i].end(), flags.begin(), flags.end());
    commands[i].insert(commands[i].end(), {"-MMD", "-MF", (work / fmt::format("tu{}.d", i)).string(), "-c", sources[i],
                                           "-o", objects[i].string()});
    current[i] = o.reuse && up_to_date(objects[i], work / fmt::format("tu{}.d", i), work / fmt::format("tu{}.cmd", i),
                                       joined(commands[i]));
    (current[i] ? stats.reused : stats.compiled) += 1;
  }
  if (o.progress)
    o.progress(stats.compiled == 0 ? fmt::format("{} translation unit(s) up to date", n)
                                   : fmt::format("compiling {} translation unit(s) with {}{}", stats.compiled, joined(cxx),
                                                 stats.reused ? fmt::format(" ({} up to date)", stats.reused) : ""));
  std::vector<ProcessResult> results(n);
  std::vector<std::string> start_errors(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < n;) {
      if (current[i]) continue;
      std::error_code ignore;
      fs::remove(objects[i], ignore);
      try {
        results[i] = run_process(commands[i], project, {}, work / fmt::format("tu{}.log", i));
        if (results[i].exit_code == 0) std::ofstream(work / fmt::format("tu{}.cmd", i)) << joined(commands[i]);
      } catch (const std::exception& e) {  // reported below, on the main thread
        start_errors[i] = e.what();
      }
    }
  };
  unsigned jobs = o.jobs > 0 ? unsigned(o.jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < std::min<std::size_t>(jobs, n); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < n; ++i) {
    if (!start_errors[i].empty()) throw EmulationFailure(fmt::format("{} (set the host compiler with --cxx or CXX)", start_errors[i]));
    if (!current[i] && results[i].exit_code != 0)
      throw EmulationFailure(fmt::format("{}: does not compile against the host emulation ({} exited with {}):\n{}",
                                         o.unity ? project.string() : sources[i], joined(cxx), results[i].exit_code,
                                         tail(results[i].log)));
  }
  std::vector<std::string> link = cxx;
  link.insert(link.end(), {"-pthread", "-o", exe.string()});
  link.insert(link.end(), o.extra_flags.begin(), o.extra_flags.end());  // e.g. sanitizers link too
  for (auto& obj : objects) link.push_back(obj.string());
  bool exe_current = o.reuse && stats.compiled == 0 && fs::exists(exe) && read_text(work / "link.cmd") == joined(link);
  if (!exe_current) {
    fs::remove(exe);
    auto r = run(link, project, work / "link.log");
    if (r.exit_code != 0) throw EmulationFailure(fmt::format("linking the emulated project failed:\n{}", tail(r.log)));
    std::ofstream(work / "link.cmd") << joined(link);
    stats.linked = true;
  }
  return stats;
}

OutputCheck compare(const ProjectManifest::Output& out, const fs::path& produced, const fs::path& golden) {
  OutputCheck c;
  c.output = out;
  if (!fs::exists(produced))
    throw EmulationFailure(fmt::format("the graph did not write output PLIO '{}' ({})", out.plio, out.file));
  c.produced = read_plio_values(produced, "output");
  auto want = read_plio_values(golden, "golden");
  c.values = c.produced.size();
  c.golden_values = want.size();
  for (std::size_t i = 0; i < std::min(c.produced.size(), want.size()); ++i)
    if (c.produced[i] != want[i]) {
      if (!c.first_mismatch) {
        c.first_mismatch = i;
        c.got = c.produced[i];
        c.want = want[i];
      }
      ++c.mismatches;
    }
  return c;
}

}  // namespace

void check_graph_front_end(const ProjectManifest& m, const fs::path& project, const fs::path& work, const std::string& cxx) {
  // As AMD's graph front end sees graph.cpp: C++17, no __AIENGINE__, so <aie_api/aie.hpp> is
  // declarations only and nothing of the kernel library may be needed to compile the graph.
  std::vector<std::string> argv = compiler_command(cxx);
  argv.insert(argv.end(), {"-std=c++17", "-fsyntax-only", fmt::format("-D__AIE_ARCH__={}", m.aie_arch),
                           "-I" + host_include_dir().string()});
  for (auto& d : m.include_dirs) argv.push_back("-I" + (project / d).string());
  argv.push_back((project / m.graph_source).string());
  auto r = run(argv, project, work / "graph_front_end.log");
  if (r.exit_code != 0)
    throw EmulationFailure(fmt::format("{}: the graph does not compile as AMD's graph front end compiles it (C++17, "
                                       "no __AIENGINE__, AIE API declarations only):\n{}",
                                       (project / m.graph_source).string(), tail(r.log)));
}

UnpaddedOutput unpadded(const OutputCheck& c) {
  const auto& s = c.output.shape;
  UnpaddedOutput u;
  if (s.columns > 0 && s.stream_columns >= s.columns && c.produced.size() % std::size_t(s.stream_columns) == 0) {
    const auto rows = std::int64_t(c.produced.size()) / s.stream_columns;
    u.shape = {rows, s.columns};
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t k = 0; k < s.columns; ++k) u.values.push_back(c.produced[std::size_t(r * s.stream_columns + k)]);
  } else {
    u.shape = {std::int64_t(c.produced.size())};
    u.values = c.produced;
  }
  return u;
}

static io::Array output_array(const OutputCheck& c) {
  const auto& s = c.output.shape;
  io::Array a;
  a.dtype = s.dtype == "int8"    ? io::DType::Int8
            : s.dtype == "uint8" ? io::DType::UInt8
            : s.dtype == "int16" ? io::DType::Int16
            : s.dtype == "uint16" ? io::DType::UInt16
                                  : io::DType::Int64;
  auto u = unpadded(c);
  a.shape = std::move(u.shape);
  a.ints = std::move(u.values);
  return a;
}

EmulationReport emulate_project(const fs::path& project_dir, const EmulateOptions& o) {
  const fs::path project = fs::absolute(project_dir);
  EmulationReport report;
  report.manifest = read_manifest(project);
  const ProjectManifest& m = report.manifest;
  for (auto& s : std::vector<std::string>{m.graph_source})
    if (!fs::exists(project / s)) throw ManifestError(fmt::format("{}: graph source '{}' does not exist", (project / kManifestFile).string(), s));
  const std::vector<std::string> cxx = compiler_command(o.cxx);

  bool temporary = o.work_dir.empty();
  fs::path work = temporary ? fs::temp_directory_path() / fmt::format("aiem-emulate-{}", std::random_device{}())
                            : fs::absolute(o.work_dir);
  std::error_code wec;
  fs::create_directories(work, wec);
  if (wec) throw EmulationFailure(fmt::format("{}: cannot create the work directory: {}", work.string(), wec.message()));
  struct Cleanup {
    fs::path p;
    bool on;
    ~Cleanup() {
      std::error_code ec;
      if (on) {
        fs::remove_all(p, ec);
        io::unregister_temporary(p);
      }
    }
  } cleanup{work, temporary};
  if (temporary) io::register_temporary(work);  // an interruption removes it too

  auto t0 = std::chrono::steady_clock::now();
  const fs::path exe = work / "emulated_graph";
  probe_compiler(cxx, work);
  if (o.progress) o.progress(fmt::format("checking {} as AMD's graph front end compiles it", m.graph_source));
  check_graph_front_end(m, project, work, o.cxx);
  EmulateOptions eo = o;
  eo.reuse = o.reuse && !temporary;
  const BuildStats stats = build(m, project, work, eo, cxx, exe);
  report.compile_seconds = seconds_since(t0);
  report.translation_units_compiled = stats.compiled;
  report.translation_units_reused = stats.reused;

  const fs::path out_dir = work / "output";
  fs::remove_all(out_dir);
  if (o.progress) o.progress("running the emulated graph");
  t0 = std::chrono::steady_clock::now();
  auto r = run({exe.string()}, project, work / "run.log",
               {{"AIEM_EMU_INPUT_DIR", project.string()}, {"AIEM_EMU_OUTPUT_DIR", out_dir.string()}});
  report.run_seconds = seconds_since(t0);
  if (r.exit_code != 0)
    throw EmulationFailure(fmt::format("the emulated graph of '{}' failed (exit status {}):\n{}", m.name, r.exit_code, tail(r.log)));
  if (o.progress) o.progress(fmt::format("comparing {} output(s) with the golden files", m.outputs.size()));
  for (auto& out : m.outputs) report.outputs.push_back(compare(out, out_dir / out.file, project / out.golden));
  // The outputs as arrays too: in the work directory, and in --output-dir when asked.
  for (const auto& c : report.outputs) {
    const auto a = output_array(c);
    if (!temporary) io::write_npy(out_dir / (c.output.plio + ".npy"), a);
  }
  if (!o.output_dir.empty()) {
    io::OutputTransaction t(/*create_parents=*/true);
    for (const auto& c : report.outputs) {
      const auto bytes = io::serialize_npy(output_array(c));
      t.write(o.output_dir / (c.output.plio + ".npy"),
              std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    t.commit();
  }
  return report;
}

}  // namespace aiem::emulation
