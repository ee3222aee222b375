#include "backends/emulate/project_manifest.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace aiem::emulation {

namespace {

using nlohmann::json;

const json& field(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) throw ManifestError(fmt::format("{}: missing field '{}'", where, key));
  return *it;
}

std::string string_field(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_string() || v.get<std::string>().empty())
    throw ManifestError(fmt::format("{}: field '{}' must be a non-empty string", where, key));
  return v.get<std::string>();
}

// A relative path that stays inside the project (no absolute paths, no '..'); `what` names it.
std::string checked_path(const json& v, const std::string& what, const std::string& where) {
  if (!v.is_string() || v.get<std::string>().empty())
    throw ManifestError(fmt::format("{}: '{}' must be a non-empty string", where, what));
  std::string s = v.get<std::string>();
  std::filesystem::path p(s);
  if (p.is_absolute()) throw ManifestError(fmt::format("{}: '{}' must be relative to the project, got '{}'", where, what, s));
  for (auto& part : p)
    if (part == "..") throw ManifestError(fmt::format("{}: '{}' must stay inside the project, got '{}'", where, what, s));
  return s;
}

std::string path_field(const json& j, const char* key, const std::string& where) {
  return checked_path(field(j, key, where), key, where);
}

std::vector<std::string> path_list(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_array()) throw ManifestError(fmt::format("{}: field '{}' must be an array of paths", where, key));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(checked_path(v[i], fmt::format("{}[{}]", key, i), where));
  return out;
}

}  // namespace

ProjectManifest read_manifest(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / kManifestFile;
  const std::string where = file.string();
  std::ifstream in(file);
  if (!in) throw ManifestError(fmt::format("{}: cannot open (is '{}' a project made by aiemc build?)", where, dir.string()));
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1E6384
    throw ManifestError(fmt::format("{}: not valid JSON: {}", where, e.what()));
  }
  if (!j.is_object()) throw ManifestError(where + ": expected a JSON object");
  const json& fmt_v = field(j, "aiem_project", where);
  if (!fmt_v.is_number_integer() || fmt_v.get<int>() != ProjectManifest::kFormat)
    throw ManifestError(fmt::format("{}: 'aiem_project' must be {} (the format this aiemc reads)", where, ProjectManifest::kFormat));
  ProjectManifest m;
  m.name = string_field(j, "name", where);
  const json& arch = field(j, "aie_arch", where);
  if (!arch.is_number_integer() || (arch.get<int>() != 20 && arch.get<int>() != 22))
    throw ManifestError(where + ": 'aie_arch' must be 20 (AIE-ML) or 22 (AIE-MLv2)");
  m.aie_arch = arch.get<int>();
  m.graph_source = path_field(j, "graph", where);
  m.kernel_sources = path_list(j, "kernels", where);
  m.include_dirs = path_list(j, "include_dirs", where);
  const json& outs = field(j, "outputs", where);
  if (!outs.is_array() || outs.empty()) throw ManifestError(where + ": 'outputs' must be a non-empty array");
  for (std::size_t i = 0; i < outs.size(); ++i) {
    std::string w = fmt::format("{}: outputs[{}]", where, i);
    if (!outs[i].is_object()) throw ManifestError(w + ": expected an object");
    ProjectManifest::Output o{string_field(outs[i], "plio", w), path_field(outs[i], "file", w),
                              path_field(outs[i], "golden", w), {}, {}};
    if (outs[i].contains("tensor")) o.tensor = string_field(outs[i], "tensor", w);
    if (outs[i].contains("tensor_column")) {
      const json& tc = outs[i]["tensor_column"];
      if (!tc.is_number_integer() || tc.get<long long>() < 0 || tc.get<long long>() > (1LL << 30))
        throw ManifestError(w + ": 'tensor_column' must be an integer from 0 to 2^30");
      o.tensor_column = tc.get<std::int64_t>();
    }
    if (outs[i].contains("shape")) {
      const json& s = outs[i]["shape"];
      const std::string sw = w + ": shape";
      if (!s.is_object()) throw ManifestError(sw + ": expected an object");
      const json& c = field(s, "columns", sw);
      const json& sc = field(s, "stream_columns", sw);
      if (!c.is_number_integer() || !sc.is_number_integer() || c.get<long long>() < 1 || sc.get<long long>() < c.get<long long>() ||
          sc.get<long long>() > (1LL << 30))
        throw ManifestError(sw + ": 'columns' and 'stream_columns' must be integers with 1 <= columns <= stream_columns");
      o.shape.columns = c.get<std::int64_t>();
      o.shape.stream_columns = sc.get<std::int64_t>();
      o.shape.dtype = string_field(s, "dtype", sw);
      if (o.shape.dtype != "int8" && o.shape.dtype != "uint8" && o.shape.dtype != "int16" && o.shape.dtype != "uint16")
        throw ManifestError(sw + ": 'dtype' must be int8, uint8, int16 or uint16");
    }
    m.outputs.push_back(std::move(o));
  }
  return m;
}

std::string manifest_json(const ProjectManifest& m) {
  nlohmann::ordered_json j;
  j["aiem_project"] = ProjectManifest::kFormat;
  j["name"] = m.name;
  j["aie_arch"] = m.aie_arch;
  j["graph"] = m.graph_source;
  j["kernels"] = m.kernel_sources;
  j["include_dirs"] = m.include_dirs;
  j["outputs"] = nlohmann::ordered_json::array();
  for (auto& o : m.outputs) {
    nlohmann::ordered_json e = {{"plio", o.plio}, {"file", o.file}, {"golden", o.golden}};
    if (o.shape.columns > 0)
      e["shape"] = {{"columns", o.shape.columns}, {"stream_columns", o.shape.stream_columns}, {"dtype", o.shape.dtype}};
    if (!o.tensor.empty()) e["tensor"] = o.tensor;
    if (o.tensor_column > 0) e["tensor_column"] = o.tensor_column;
    j["outputs"].push_back(e);
  }
  return j.dump(2) + "\n";
}

}  // namespace aiem::emulation
