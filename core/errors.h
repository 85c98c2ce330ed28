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

// One line of text for a message: whitespace runs (newlines included, as in a
// mangled multi-line YAML key) become one space, and anything past `limit`
// characters is cut with "...".
inline std::string one_line(const std::string &text, std::size_t limit = 160) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' '))
      continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out.size() > limit ? out.substr(0, limit) + "..." : out;
}

class input_error : public std::runtime_error {
public:
  input_error(const source_location &where, const std::string &path, const std::string &message)
      : std::runtime_error(where.origin() + ": " +
                           (path.empty() ? "" : one_line(path, 120) + ": ") +
                           one_line(message, 2000)),
        where_(where), path_(path), message_(message) {}
  const source_location &where() const { return where_; }
  const std::string &path() const { return path_; }
  const std::string &message() const { return message_; } // without file, line and path

private:
  source_location where_;
  std::string path_;
  std::string message_;
};

class model_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace fabricvp
