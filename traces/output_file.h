// An output file (report, power log, link table, VCD, .gtkw, compare's
// table and chart) written under a temporary name in the target's own
// folder (`NAME.tmp-XXXXXX`) and renamed over the target only when complete,
// so a failed or interrupted run never leaves a complete-looking partial
// file, and an existing file is only ever replaced by a whole one. A target
// that exists and is not a regular file (/dev/null, /dev/full, a FIFO) is
// written in place; a symbolic link to a file is written through (the link
// stays). Every failure is an input_error naming the target and the reason
// (strerror). Leaves out: fsync (a crash of the machine may lose the file).
#pragma once

#include <cstdio>
#include <string>

namespace fabricvp {

class output_file {
public:
  // Opens the temporary file. `what` names the output in messages ("the
  // report"). Throws input_error when the folder cannot take the file.
  output_file(const std::string &path, const std::string &what);
  ~output_file(); // removes the temporary file unless committed
  output_file(const output_file &) = delete;
  output_file &operator=(const output_file &) = delete;

  std::FILE *stream() { return file_; }
  // Writes all of `text`; throws on failure.
  void write(const std::string &text);
  // Throws the error of a failed write, naming the target and errno's reason.
  [[noreturn]] void fail(int error) const;
  // Flushes, closes and renames the file over the target; throws on failure.
  void commit();
  const std::string &path() const { return path_; }

private:
  std::string path_, what_;
  std::string target_; // the file renamed over: path_, or what its link points to
  std::string temp_;   // "" when written in place
  std::FILE *file_ = nullptr;
};

// Writes `text` to `path` as one output_file.
void write_output_file(const std::string &path, const std::string &what, const std::string &text);

} // namespace fabricvp
