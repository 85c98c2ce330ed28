#include "platforms/yaml_util.h"

#include "core/nearest_names.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace fabricvp {

source_location where_of(const std::string &file, const YAML::Node &node) {
  const YAML::Mark m = node.Mark();
  return {file, m.is_null() ? 0 : m.line + 1};
}

void check_text_length(const std::string &text, const source_location &where,
                       const std::string &path, std::size_t limit) {
  if (text.size() > limit)
    throw input_error(where, path,
                      "'" + text.substr(0, 24) + "...' is " + std::to_string(text.size()) +
                          " characters long; names, paths and values take at most " +
                          std::to_string(limit));
}

namespace {

constexpr std::size_t max_input_bytes = 16 * 1024 * 1024;
constexpr std::size_t max_nodes = 1000000; // once aliases are expanded
constexpr std::size_t max_depth = 64;      // maps and lists inside each other, the top one included
constexpr std::size_t max_free_text = 16384; // `description:` and `source:` values

// One walk over the document, aliases expanded, before anything reads it:
// yaml-cpp keeps the last of two equal keys without a word, and a platform
// file must not say two things about one parameter; a key without a value is
// never meaningful in these files either. The walk also refuses what would
// make any later reader recurse without end or for too long: a node that
// contains itself through an alias, nesting past max_depth, more than
// max_nodes nodes (aliases of aliases), and scalars past max_text_length
// (std::regex recurses once per character).
class document_check {
public:
  explicit document_check(const std::string &file) : file_(file) {}

  void walk(const YAML::Node &node, const std::string &path, std::size_t text_limit) {
    if (++visited_ > max_nodes)
      throw input_error(where_of(file_, node), path,
                        "the document is too large (more than " + std::to_string(max_nodes) +
                            " nodes once aliases are expanded)");
    if (node.IsScalar())
      return check_text_length(node.Scalar(), where_of(file_, node), path, text_limit);
    if (!node.IsMap() && !node.IsSequence())
      return;
    for (const YAML::Node &outer : open_)
      if (outer.is(node))
        throw input_error(where_of(file_, node), path,
                          "alias cycle: this node contains itself (through an alias)");
    if (open_.size() >= max_depth)
      throw input_error(where_of(file_, node), path,
                        "nested deeper than " + std::to_string(max_depth) + " levels");
    open_.push_back(node);
    if (node.IsMap())
      walk_map(node, path);
    else if (node.IsSequence())
      walk_list(node, path);
    open_.pop_back();
  }

private:
  const std::string &file_;
  std::size_t visited_ = 0;
  std::vector<YAML::Node> open_; // the maps and lists from the root to here

  void walk_map(const YAML::Node &node, const std::string &path) {
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first, value = it->second;
      const std::string name = key.IsScalar() ? key.Scalar() : "?";
      check_text_length(name, where_of(file_, key), path, max_text_length);
      const std::string sub = path.empty() ? name : path + "." + name;
      if (key.IsScalar() && !seen.insert(name).second)
        throw input_error(where_of(file_, key), sub,
                          "duplicate key '" + name + "' (each key may appear once per map)");
      // A key without a value: yaml-cpp places the null at the next token,
      // so name the key's own line here.
      if (value.IsNull())
        throw input_error(where_of(file_, key), sub, "'" + name + "' has no value");
      const bool free_text = name == "description" || name == "source";
      walk(value, sub, free_text ? max_free_text : max_text_length);
    }
  }

  void walk_list(const YAML::Node &node, const std::string &path) {
    std::size_t k = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++k)
      walk(*it, path + "[" + std::to_string(k) + "]", max_text_length);
  }
};

// The first line (1-based) up to `last` (0: any) whose indentation holds a
// tab, or 0. YAML forbids tabs there, and yaml-cpp's message for one does
// not always say so ("illegal map value").
int tab_indented_line(const std::string &text, int last) {
  int line = 1;
  bool indent = true;
  for (char c : text) {
    if (c == '\n') {
      if (last > 0 && line >= last)
        break;
      ++line;
      indent = true;
    } else if (indent && c == '\t') {
      return line;
    } else if (c != ' ') {
      indent = false;
    }
  }
  return 0;
}

} // namespace

std::string unreadable_input(const std::string &path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    return "cannot open file";
  if (std::filesystem::is_directory(status))
    return "is a folder, not a file";
  if (!std::filesystem::is_regular_file(status))
    return "is not a regular file (a FIFO, a device or a socket)";
  const auto bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > max_input_bytes)
    return "is " + std::to_string(bytes) + " bytes, more than 16 MiB (the limit for an input file)";
  return "";
}

YAML::Node load_yaml_file(const std::string &path) {
  const std::string problem = unreadable_input(path);
  if (!problem.empty())
    throw input_error({path, 0}, "", problem);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw input_error({path, 0}, "", "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw input_error({path, 0}, "", "cannot read file");
  if (text.str().size() > max_input_bytes) // it grew since
    throw input_error({path, 0}, "", "is more than 16 MiB (the limit for an input file)");
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception &e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int tab_line = tab_indented_line(text.str(), line);
    if (tab_line > 0)
      throw input_error({path, tab_line}, "",
                        "a tab in the indentation (YAML indents with spaces only; replace the "
                        "tab with spaces)");
    throw input_error({path, line}, "", "YAML syntax error: " + e.msg);
  } catch (const std::exception &e) {
    throw input_error({path, 0}, "", std::string("cannot parse file: ") + e.what());
  }
  if (!root || root.IsNull())
    throw input_error({path, 1}, "", "the file is empty (expected a YAML map)");
  if (!root.IsMap())
    throw input_error(where_of(path, root), "",
                      std::string("expected a YAML map at the top level, found ") +
                          (root.IsSequence() ? "a list" : "a single value"));
  try {
    document_check(path).walk(root, "", max_text_length);
  } catch (const YAML::Exception &e) {
    throw input_error({path, e.mark.is_null() ? 0 : e.mark.line + 1}, "", "YAML error: " + e.msg);
  }
  return root;
}

std::string scalar_text(const std::string &file, const YAML::Node &node, const std::string &path) {
  if (!node.IsScalar())
    throw input_error(where_of(file, node), path,
                      node.IsMap()        ? "expected a value, found a map"
                      : node.IsSequence() ? "expected a value, found a list"
                                          : "expected a value");
  return node.Scalar();
}

YAML::Node required(const std::string &file, const YAML::Node &node, const std::string &path,
                    const std::string &key) {
  if (!node.IsMap())
    throw input_error(where_of(file, node), path, "expected a map");
  YAML::Node v = node[key];
  if (!v)
    throw input_error(where_of(file, node), path, "missing key '" + key + "'");
  return v;
}

void check_keys(const std::string &file, const YAML::Node &node, const std::string &path,
                std::initializer_list<const char *> allowed) {
  if (!node.IsMap())
    throw input_error(where_of(file, node), path, "expected a map");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    bool ok = false;
    for (const char *a : allowed)
      ok = ok || key == a;
    if (!ok) {
      std::string list;
      std::vector<std::string> names;
      for (const char *a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
        names.push_back(a);
      }
      throw input_error(where_of(file, it->first), path.empty() ? key : path + "." + key,
                        "unknown key '" + key + "'" + did_you_mean(key, names) +
                            "; allowed here: " + list);
    }
  }
}

namespace {

[[noreturn]] void unknown_parameter(const std::string &file, const YAML::Node &key,
                                    const std::string &name, const std::string &path,
                                    const param_set &params,
                                    const std::set<std::string> &reserved) {
  std::string known;
  std::vector<std::string> names(reserved.begin(), reserved.end());
  for (const auto &s : params.specs()) {
    known += (known.empty() ? "" : ", ") + s.name;
    names.push_back(s.name);
  }
  std::string also;
  for (const auto &r : reserved)
    also += (also.empty() ? "; also: " : ", ") + r;
  throw input_error(where_of(file, key), path + "." + name,
                    "unknown key '" + name + "'" + did_you_mean(name, names) +
                        "; parameters here: " + known + also);
}

} // namespace

void check_param_keys(const std::string &file, const YAML::Node &node, const std::string &path,
                      const param_set &params, const std::set<std::string> &reserved) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = scalar_text(file, it->first, path);
    if (!reserved.count(name) && !params.has_spec(name))
      unknown_parameter(file, it->first, name, path, params, reserved);
  }
}

void set_param_from(const std::string &file, const YAML::Node &key, const YAML::Node &value,
                    const std::string &path, param_set &params, const std::string &origin) {
  const std::string name = scalar_text(file, key, path);
  if (!params.has_spec(name))
    unknown_parameter(file, key, name, path, params, {});
  params.set(name, scalar_text(file, value, path + "." + name), origin, where_of(file, value));
}

void set_params_from(const std::string &file, const YAML::Node &node, const std::string &path,
                     param_set &params, const std::set<std::string> &reserved,
                     const std::string &origin) {
  for (auto it = node.begin(); it != node.end(); ++it)
    if (!reserved.count(scalar_text(file, it->first, path)))
      set_param_from(file, it->first, it->second, path, params, origin);
}

} // namespace fabricvp
