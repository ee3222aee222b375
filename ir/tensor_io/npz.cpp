// .npz archives (zip files of .npy members), through libzip.
#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <random>
#include <zip.h>

#include "ir/limits.hpp"
#include "ir/tensor_io/npy.hpp"

#include "ir/io/atomic_output.hpp"

namespace aiem::io {
namespace fs = std::filesystem;

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string s = zip_error_strerror(&e);
  zip_error_fini(&e);
  return s;
}

}  // namespace

NpzFile NpzFile::read(const fs::path& path) {
  NpzFile f;
  f.path_ = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw TensorFileError(fmt::format("{}: cannot read file", f.path_));
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> z(zip_open(f.path_.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!z) throw TensorFileError(fmt::format("{}: not a valid .npz archive ({})", f.path_, zip_error_text(err)));
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  std::uint64_t expanded = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE))
      throw TensorFileError(fmt::format("{}: cannot read archive entry {}", f.path_, i));
    std::string name = st.name;
    if (name.size() < 4 || name.substr(name.size() - 4) != ".npy") continue;
    std::string member = name.substr(0, name.size() - 4);
    std::string what = fmt::format("{}[{}]", f.path_, member);
    // The sizes are the archive's own claim, checked before anything is inflated (a small file can
    // claim gigabytes); a member is read no further than its claim.
    expanded += st.size;
    if (st.size > limits::kArchiveBytes || expanded > limits::kArchiveBytes)
      throw TensorFileError(fmt::format("{}: the archive expands to more than {} bytes (the limit)", what,
                                        limits::kArchiveBytes));
    std::unique_ptr<zip_file_t, ZipFileCloser> zf(zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0));
    if (!zf) throw TensorFileError(fmt::format("{}: cannot open member: {}", what, zip_strerror(z.get())));
    std::vector<std::byte> buf(static_cast<std::size_t>(st.size));
    zip_int64_t got = buf.empty() ? 0 : zip_fread(zf.get(), buf.data(), buf.size());
    if (got < 0 || static_cast<std::uint64_t>(got) != st.size)
      throw TensorFileError(fmt::format("{}: corrupt member (read {} of {} bytes)", what, got, st.size));
    f.arrays_.emplace(member, parse_npy(buf, what));
  }
  return f;
}

std::vector<std::string> NpzFile::names() const {
  std::vector<std::string> n;
  for (const auto& [k, v] : arrays_) n.push_back(k);
  return n;
}

const Array& NpzFile::get(const std::string& name) const {
  auto it = arrays_.find(name);
  if (it == arrays_.end())
    throw TensorFileError(fmt::format("{}: no array named '{}' (it has: {})", path_, name, fmt::join(names(), ", ")));
  return it->second;
}

void write_npz_into(const fs::path& file, const std::vector<std::pair<std::string, Array>>& arrays) {
  const fs::path& path = file;
  if (arrays.empty()) {
    // libzip writes no file for an archive without entries; numpy's np.savez writes the bare end of
    // central directory record (22 bytes), which is what a model without parameters gets.
    static constexpr char kEmptyZip[22] = {'P', 'K', 5, 6};
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(kEmptyZip, sizeof kEmptyZip);
    if (!out) throw TensorFileError(fmt::format("{}: cannot write archive", path.string()));
    return;
  }
  int err = 0;
  zip_t* z = zip_open(file.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) throw TensorFileError(fmt::format("{}: cannot write archive ({})", path.string(), zip_error_text(err)));
  std::vector<std::vector<std::byte>> buffers;  // must outlive zip_close
  buffers.reserve(arrays.size());
  for (const auto& [name, a] : arrays) {
    buffers.push_back(serialize_npy(a));
    auto& b = buffers.back();
    zip_source_t* src = zip_source_buffer(z, b.data(), b.size(), 0);
    zip_int64_t idx = src ? zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      throw TensorFileError(fmt::format("{}: cannot add '{}'", path.string(), name));
    }
    // Stored, with a fixed timestamp (1980-01-01), so equal inputs give equal bytes.
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
    zip_file_set_dostime(z, static_cast<zip_uint64_t>(idx), 0, (0 << 9) | (1 << 5) | 1, 0);
  }
  if (zip_close(z) != 0) {
    std::string msg = zip_strerror(z);
    zip_discard(z);
    throw TensorFileError(fmt::format("{}: cannot write archive: {}", path.string(), msg));
  }
}

void write_npz(const fs::path& path, const std::vector<std::pair<std::string, Array>>& arrays) {
  try {
    aiem::io::OutputTransaction t;
    write_npz_into(t.stage(path), arrays);
    t.commit();
  } catch (const aiem::io::OutputError& e) {
    throw TensorFileError(e.what());
  }
}

}  // namespace aiem::io
