#include "platforms/yaml_util.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fabricvp {

source_location where_of(const std::string &file, const YAML::Node &node) {
  const YAML::Mark m = node.Mark();
  return {file, m.is_null() ? 0 : m.line + 1};
}

namespace {

// yaml-cpp keeps the last of two equal keys without a word; a platform file
// must not say two things about one parameter. A key without a value is
// never meaningful in these files either. Also bounds the work a file of
// nested aliases could cause.
void check_duplicate_keys(const std::string &file, const YAML::Node &node, const std::string &path,
                          std::size_t &visited) {
  if (++visited > 5000000)
    throw input_error(where_of(file, node), path,
                      "the document is too large (more than 5000000 nodes once aliases are "
                      "expanded)");
  if (node.IsMap()) {
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      const std::string sub = path.empty() ? key : path + "." + key;
      if (it->first.IsScalar() && !seen.insert(key).second)
        throw input_error(where_of(file, it->first), sub,
                          "duplicate key '" + key + "' (each key may appear once per map)");
      // A key without a value: yaml-cpp places the null at the next token,
      // so name the key's own line here.
      if (it->second.IsNull())
        throw input_error(where_of(file, it->first), sub, "'" + key + "' has no value");
      check_duplicate_keys(file, it->second, sub, visited);
    }
  } else if (node.IsSequence()) {
    std::size_t k = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++k)
      check_duplicate_keys(file, *it, path + "[" + std::to_string(k) + "]", visited);
  }
}

} // namespace

YAML::Node load_yaml_file(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw input_error({path, 0}, "", "is a folder, not a platform file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw input_error({path, 0}, "", "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw input_error({path, 0}, "", "cannot read file");
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception &e) {
    throw input_error({path, e.mark.is_null() ? 0 : e.mark.line + 1}, "",
                      "YAML syntax error: " + e.msg);
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
    std::size_t visited = 0;
    check_duplicate_keys(path, root, "", visited);
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
      for (const char *a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      throw input_error(where_of(file, it->first), path.empty() ? key : path + "." + key,
                        "unknown key '" + key + "'; allowed here: " + list);
    }
  }
}

void set_param_from(const std::string &file, const YAML::Node &key, const YAML::Node &value,
                    const std::string &path, param_set &params, const std::string &origin) {
  const std::string name = scalar_text(file, key, path);
  if (!params.has_spec(name)) {
    std::string known;
    for (const auto &s : params.specs())
      known += (known.empty() ? "" : ", ") + s.name;
    throw input_error(where_of(file, key), path + "." + name,
                      "unknown key '" + name + "'; parameters here: " + known);
  }
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
