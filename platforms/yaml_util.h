// Small helpers around yaml-cpp that turn every problem into an input_error
// naming the file, the line and the path inside the document.
#pragma once

#include "core/errors.h"
#include "core/params.h"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <set>
#include <string>

namespace fabricvp {

// Names, paths and values (every scalar of an input file, every --set path
// and value) are at most this many characters: std::regex recurses once per
// character, and nothing longer is meaningful here.
constexpr std::size_t max_text_length = 1024;
void check_text_length(const std::string &text, const source_location &where,
                       const std::string &path, std::size_t limit = max_text_length);

// Why `path` cannot be an input file ("cannot open file", a folder, a FIFO or
// device, more than 16 MiB), or "" when it can; nothing is opened.
std::string unreadable_input(const std::string &path);
// Reads a YAML document that must be a map: every problem (see
// unreadable_input; syntax; duplicate keys, keys without a value, alias
// cycles, nesting past 64 levels, more than 1,000,000 nodes once aliases are
// expanded, scalars past max_text_length, or 16 KiB for `description:` and
// `source:` text) is an input_error with file, line and path.
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
// An error on the first key of the map `node` that is neither in `reserved`
// nor a parameter of `params` (checked before a name is expanded, so that a
// misspelt `count:` is named as such, not as an unbound loop variable).
void check_param_keys(const std::string &file, const YAML::Node &node, const std::string &path,
                      const param_set &params, const std::set<std::string> &reserved);
// Sets the parameter named by `key` (a key of the map at `path`) to `value`;
// an unknown key is an error listing the known ones.
void set_param_from(const std::string &file, const YAML::Node &key, const YAML::Node &value,
                    const std::string &path, param_set &params, const std::string &origin);
// Sets every key of the map `node` on `params` (origin as given), skipping
// the keys in `reserved`; an unknown key is an error listing the known ones.
void set_params_from(const std::string &file, const YAML::Node &node, const std::string &path,
                     param_set &params, const std::set<std::string> &reserved,
                     const std::string &origin);

} // namespace fabricvp
