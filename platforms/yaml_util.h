// Small helpers around yaml-cpp that turn every problem into an input_error
// naming the file, the line and the path inside the document.
#pragma once

#include "core/errors.h"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>

namespace fabricvp {

YAML::Node load_yaml_file(const std::string &path);
source_location where_of(const std::string &file, const YAML::Node &node);
// The node's scalar text; an error if it is a map or a list.
std::string scalar_text(const std::string &file, const YAML::Node &node, const std::string &path);
// node[key], or an error naming the missing key.
YAML::Node required(const std::string &file, const YAML::Node &node, const std::string &path,
                    const std::string &key);
// An error on the first key not in `allowed` (nothing is silently ignored).
void check_keys(const std::string &file, const YAML::Node &node, const std::string &path,
                std::initializer_list<const char *> allowed);

} // namespace fabricvp
