// A platform file read together with the files it names in `extends:` and
// `include:`, merged into one document whose every entry still knows the file
// it was written in, so that errors and each param_value's origin name that
// file and line. The loader (netlist.cpp) builds the netlist from it, and
// `validate --print-resolved` prints it as one self-contained platform file.
//
//   extends: base.yaml         a whole platform to start from; this file then
//                              replaces `name:`/`description:`, merges
//                              `simulation:` and `workload:` key by key,
//                              merges a link kind of the same name at its top
//                              level (each key given replaces the base's whole
//                              value of that key, the others are kept),
//                              appends `components:`, `connections:`, `set:`
//   include: [parts.yaml, ...] fragments (only components, links and
//                              connections) added before this file's own; a
//                              link kind defined twice is an error
//   lasers: [...], reliability: {...}   laser modules (appended like
//                              connections) and reliability classes (an
//                              extending file's entry for a class replaces
//                              the base's), platforms/reliability.h
//   set: {PATH: VALUE, ...}    `--set`-style assignments applied in order once
//                              everything is loaded, before the command line's
//   presets: [my.yaml, ...]    the platform's own preset files (the format of
//                              platforms/presets/*.yaml), in a platform or a
//                              fragment; loaded after the shipped presets in
//                              the order base, includes, the file's own list,
//                              and a preset of a name already loaded replaces
//                              it whole (platforms/presets.h)
//
// Paths are relative to the file that names them. Left out: YAML merge keys,
// removing a base's component, connection or link key.
#pragma once

#include "core/errors.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fabricvp {

// One entry of the document: a map entry (key and value) or a list entry
// (value only), with the file it came from and its path in that file.
struct doc_item {
  std::string file;
  std::string path; // "components[3]", "simulation.seed", "links.cu.serdes"
  YAML::Node key;   // undefined for a list entry
  YAML::Node value;
  std::string name() const { return key.Scalar(); }

  doc_item(std::string file, std::string path, const YAML::Node &key, const YAML::Node &value)
      : file(std::move(file)), path(std::move(path)), key(key), value(value) {}
  doc_item(const doc_item &) = default;
  // Rebinds the handles: YAML::Node's own assignment would overwrite the
  // node they refer to (and so every alias of it in the document).
  doc_item &operator=(const doc_item &other) {
    file = other.file;
    path = other.path;
    key.reset(other.key);
    value.reset(other.value);
    return *this;
  }
};

// A link kind: where it was first defined and its top-level keys, merged.
struct doc_link_kind {
  std::string name;
  doc_item head{"", "", YAML::Node(), YAML::Node()}; // key: its name, value: its first body
  std::vector<doc_item> keys;
  const doc_item *find(const std::string &key) const;
};

struct platform_document {
  std::string file;                           // the file given (top of the chain)
  source_location whole;                      // the top file's document
  bool has_components = false;                // some file has `components:`
  source_location components_where;           // the last `components:` read
  std::vector<doc_item> top;                  // name, description
  std::vector<doc_item> simulation, workload; // one item per key
  std::vector<doc_link_kind> links;
  std::vector<doc_item> components, connections;
  std::vector<doc_item> lasers;      // laser modules and the ports they feed
  std::vector<doc_item> reliability; // one item per component class (or `job`)
  std::vector<doc_item> set;         // key: the --set path, value: its value
  // `presets:` files in load order, as paths usable from here.
  std::vector<std::string> preset_files;
  // For each file reached through extends/include: how, e.g.
  // "included from a.yaml:4, extended by b.yaml:2".
  std::map<std::string, std::string> reached_from;

  // `e` with the chain of files that led to its file appended.
  input_error located(const input_error &e) const;
  // The platform files read: this one, then those reached through
  // extends/include (not the preset files).
  std::vector<std::string> platform_files() const;
};

// Reads `file` and everything it extends or includes. Throws input_error
// (file, line, path; cycles and missing files at the naming line).
platform_document read_platform_document(const std::string &file);

// The document as one platform file without `extends:`/`include:`; the
// command line's PATH=VALUE `overrides` are appended to its `set:`, and a
// workload file becomes an absolute path (`workload_file` replaces it).
std::string resolved_platform_text(const platform_document &doc,
                                   const std::vector<std::string> &overrides,
                                   const std::string &workload_file);

} // namespace fabricvp
