#include "platforms/yaml_util.h"

#include <fstream>

namespace fabricvp {

source_location where_of(const std::string &file, const YAML::Node &node) {
  const YAML::Mark m = node.Mark();
  return {file, m.is_null() ? 0 : m.line + 1};
}

YAML::Node load_yaml_file(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    throw input_error({path, 0}, "", "cannot open file");
  try {
    YAML::Node root = YAML::Load(in);
    if (!root || root.IsNull())
      throw input_error({path, 1}, "", "the file is empty");
    if (!root.IsMap())
      throw input_error(where_of(path, root), "", "expected a YAML map at the top level");
    return root;
  } catch (const YAML::Exception &e) {
    throw input_error({path, e.mark.is_null() ? 0 : e.mark.line + 1}, "",
                      "YAML syntax error: " + e.msg);
  }
}

std::string scalar_text(const std::string &file, const YAML::Node &node, const std::string &path) {
  if (!node.IsScalar())
    throw input_error(where_of(file, node), path,
                      node.IsMap() ? "expected a value, found a map"
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

} // namespace fabricvp
