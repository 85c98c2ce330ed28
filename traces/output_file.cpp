#include "traces/output_file.h"

#include "core/errors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace fabricvp {
namespace {

// Exists and is not a regular file (or a link to one): a device, a FIFO.
bool written_in_place(const std::string &path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

// A new file beside `target`, created exclusively (mode 0666 less the
// umask, as a plain open would); returns its descriptor and fills `name`.
int create_beside(const std::string &target, std::string &name) {
  static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device seed;
  std::mt19937_64 pick(seed());
  for (int attempt = 0; attempt < 100; ++attempt) {
    name = target + ".tmp-";
    for (int k = 0; k < 6; ++k)
      name += letters[pick() % (sizeof letters - 1)];
    const int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  errno = EEXIST;
  return -1;
}

} // namespace

output_file::output_file(const std::string &path, const std::string &what)
    : path_(path), what_(what), target_(path) {
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec)) {
    const auto resolved = std::filesystem::weakly_canonical(path, ec);
    if (!ec)
      target_ = resolved.string();
  }
  int fd = -1;
  if (written_in_place(target_))
    fd = open(target_.c_str(), O_WRONLY | O_CLOEXEC);
  else
    fd = create_beside(target_, temp_);
  if (fd < 0)
    fail(errno);
  file_ = fdopen(fd, "w");
  if (!file_) {
    const int error = errno;
    close(fd);
    fail(error);
  }
}

output_file::~output_file() {
  if (file_)
    std::fclose(file_);
  if (!temp_.empty())
    unlink(temp_.c_str());
}

void output_file::fail(int error) const {
  throw input_error({path_, 0}, "", "cannot write " + what_ + ": " + std::strerror(error));
}

void output_file::write(const std::string &text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    fail(errno);
}

void output_file::commit() {
  std::FILE *f = file_;
  file_ = nullptr;
  errno = 0;
  const bool flushed = std::fflush(f) == 0 && !std::ferror(f);
  int error = errno;
  const bool closed = std::fclose(f) == 0;
  if (flushed && !closed)
    error = errno;
  if (!flushed || !closed)
    fail(error != 0 ? error : EIO);
  if (!temp_.empty()) {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0)
      fail(errno);
    temp_.clear();
  }
}

void write_output_file(const std::string &path, const std::string &what, const std::string &text) {
  output_file f(path, what);
  f.write(text);
  f.commit();
}

} // namespace fabricvp
