// The two failure kinds the CLI maps to exit codes: bad input (exit 2) names
// the file, line and parameter path; model failure (exit 1) is a violated
// invariant seen while simulating (scoreboard, deadlock, link down).
#pragma once

#include <stdexcept>
#include <string>

namespace fabricvp {

// Where a value came from: a platform or preset file and line, or the CLI.
struct source_location {
  std::string file; // "" when not from a file (built-in default, --set)
  int line = 0;     // 1-based, 0 when unknown
  std::string origin() const {
    if (file.empty())
      return "<built-in>";
    return line > 0 ? file + ":" + std::to_string(line) : file;
  }
};

class input_error : public std::runtime_error {
public:
  input_error(const source_location &where, const std::string &path, const std::string &message)
      : std::runtime_error(where.origin() + ": " + (path.empty() ? "" : path + ": ") + message),
        where_(where), path_(path) {}
  const source_location &where() const { return where_; }
  const std::string &path() const { return path_; }

private:
  source_location where_;
  std::string path_;
};

class model_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace fabricvp
