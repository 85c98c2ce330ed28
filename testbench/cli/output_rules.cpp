#include "testbench/cli/output_rules.h"

#include "core/errors.h"
#include "traces/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

namespace fabricvp {
namespace fs = std::filesystem;
namespace {

// A file as the file system knows it: device and inode when it exists
// (whatever link or spelling reaches it), else its canonical path.
struct file_identity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string canonical;

  bool same_as(const file_identity &other) const {
    if (exists || other.exists)
      return exists && other.exists && device == other.device && inode == other.inode;
    return canonical == other.canonical;
  }
};

file_identity identity_of(const std::string &path) {
  file_identity id;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.device = st.st_dev;
    id.inode = st.st_ino;
  }
  std::error_code ec;
  id.canonical = fs::weakly_canonical(fs::absolute(path, ec), ec).string();
  return id;
}

[[noreturn]] void refuse(const planned_output &o, const std::string &why) {
  throw input_error({o.option, 0}, o.path, why);
}

// `inner` is `folder` or lies below it (canonical paths, component by component).
bool inside(const fs::path &inner, const fs::path &folder) {
  auto i = inner.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++i)
    if (f->empty() && std::next(f) == folder.end())
      return true; // a trailing separator
    else if (i == inner.end() || *i != *f)
      return false;
  return true;
}

void check_name(const planned_output &o) {
  if (o.path.empty())
    throw input_error({o.option, 0}, "", "the file name is empty");
  std::error_code ec;
  if (fs::is_directory(o.path, ec) || !fs::path(o.path).has_filename())
    refuse(o, "is a folder, not a file");
}

void check_not_an_input(const planned_output &o, const file_identity &id,
                        const std::vector<input_file> &inputs) {
  for (const input_file &in : inputs)
    if (id.same_as(identity_of(in.path)))
      refuse(o, "is " + in.role + " of this run (" + in.path + "); an output may not replace it");
}

[[noreturn]] void refuse_twice(const planned_output &o, const planned_output &first) {
  refuse(o, "is also the " + first.option + " output (" + first.path +
                "); give each output its own file");
}

// Creates the missing folders of `o` when they lie inside the output folder.
void ensure_folder(const planned_output &o, const std::string &out_folder) {
  const fs::path parent = fs::path(o.path).parent_path();
  std::error_code ec;
  if (parent.empty() || fs::is_directory(parent, ec))
    return;
  if (fs::exists(parent, ec))
    refuse(o, parent.string() + " is not a folder");
  const fs::path canonical = fs::weakly_canonical(fs::absolute(parent, ec), ec);
  const fs::path out = fs::weakly_canonical(fs::absolute(out_folder, ec), ec);
  if (!inside(canonical, out))
    refuse(o, "folder " + parent.string() + " does not exist (only folders inside --out " +
                  out_folder + " are created)");
  fs::create_directories(parent, ec);
  if (ec)
    refuse(o, "cannot create folder " + parent.string() + ": " + ec.message());
}

// An existing file: replaced when a run wrote it, or with --force; a .gtkw
// that is not ours is kept instead.
std::optional<kept_output> check_existing(const planned_output &o, bool force) {
  struct stat st {};
  if (stat(o.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  if (!force && !written_by_fabricvp(o.path, o.kind)) {
    if (o.kind == output_kind::gtkw)
      return kept_output{o.path, "keeping " + o.path +
                                     " (edited since fabricvp wrote it, or not fabricvp's); "
                                     "--force replaces it"};
    refuse(o, "exists and was not written by fabricvp; give --force to replace it");
  }
  if (access(o.path.c_str(), W_OK) != 0)
    refuse(o, std::string("exists and is read-only (") + std::strerror(errno) + ")");
  return std::nullopt;
}

// Tries the file now (a temporary file beside it), unless it is a device or
// a FIFO, written in place later (opening a FIFO would wait for a reader).
void try_writing(const planned_output &o) {
  struct stat st {};
  if (stat(o.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return;
  output_file probe(o.path, "this file");
}

} // namespace

std::vector<kept_output> check_outputs(const output_plan &plan) {
  std::vector<file_identity> ids;
  std::vector<kept_output> kept;
  for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
    const planned_output &o = plan.outputs[k];
    check_name(o);
    ids.push_back(identity_of(o.path));
    check_not_an_input(o, ids.back(), plan.inputs);
    for (std::size_t j = 0; j < k; ++j)
      if (ids.back().same_as(ids[j]))
        refuse_twice(o, plan.outputs[j]);
    if (auto keep = check_existing(o, plan.force))
      kept.push_back(*keep);
  }
  for (const planned_output &o : plan.outputs) {
    ensure_folder(o, plan.out_folder);
    bool is_kept = false;
    for (const kept_output &k : kept)
      is_kept = is_kept || k.path == o.path;
    if (!is_kept)
      try_writing(o);
  }
  return kept;
}

} // namespace fabricvp
