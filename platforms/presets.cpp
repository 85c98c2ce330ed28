#include "platforms/presets.h"

#include "platforms/registry.h"
#include "platforms/yaml_util.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace fabricvp {

namespace {

// The folder of the running executable ("" if the system cannot say).
std::filesystem::path executable_folder() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

bool has_presets(const std::filesystem::path &platforms) {
  std::error_code ec;
  return std::filesystem::is_directory(platforms / "presets", ec);
}

} // namespace

// FABRICVP_ROOT, else beside the executable: an install prefix
// (PREFIX/bin/fabricvp -> PREFIX/share/fabricvp/platforms) or a build tree
// inside its checkout (CHECKOUT/build/fabricvp -> CHECKOUT/platforms), else
// the checkout this binary was built from.
std::string platforms_folder() {
  if (const char *root = std::getenv("FABRICVP_ROOT"))
    return std::string(root) + "/platforms";
  const std::filesystem::path exe = executable_folder();
  if (!exe.empty()) {
    for (const auto &candidate :
         {exe.parent_path() / "share" / "fabricvp" / "platforms", exe.parent_path() / "platforms"})
      if (has_presets(candidate))
        return candidate.string();
  }
  return std::string(FABRICVP_SOURCE_DIR) + "/platforms";
}

void preset_catalog::load_folder(const std::string &folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
    if (entry.path().extension() == ".yaml")
      files.push_back(entry.path().string());
  if (ec)
    throw input_error({folder, 0}, "", "cannot read preset folder: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto &f : files)
    load_file(f);
}

void preset_catalog::load_file(const std::string &path, bool replace) {
  YAML::Node root = load_yaml_file(path);
  check_keys(path, root, "", {"presets"});
  YAML::Node list = root["presets"];
  if (!list || !list.IsMap())
    throw input_error(where_of(path, root), "presets", "expected a map of named presets");
  for (auto it = list.begin(); it != list.end(); ++it) {
    const std::string name = scalar_text(path, it->first, "presets");
    const std::string at = "presets." + name;
    const YAML::Node body = it->second;
    check_keys(path, body, at, {"type", "description", "from", "params"});
    preset p;
    p.name = name;
    p.where = where_of(path, it->first);
    p.type = scalar_text(path, required(path, body, at, "type"), at + ".type");
    const component_type *type = find_component_type(p.type);
    if (!type)
      throw input_error(where_of(path, body["type"]), at + ".type",
                        "unknown component type '" + p.type + "'");
    if (body["description"])
      p.description = scalar_text(path, body["description"], at + ".description");
    param_set probe(type->params, at + ".params");
    // `from: [PRESET, ...]`: start from the values of presets defined before
    // (of this or another type whose parameters this type has), in order.
    if (const YAML::Node from = body["from"]) {
      if (!from.IsSequence())
        throw input_error(where_of(path, from), at + ".from", "expected a list of preset names");
      for (std::size_t k = 0; k < from.size(); ++k) {
        const std::string fpath = at + ".from[" + std::to_string(k) + "]";
        const std::string base = scalar_text(path, from[k], fpath);
        const preset *b = find(base);
        if (!b)
          throw input_error(where_of(path, from[k]), fpath,
                            "unknown preset '" + base +
                                "' (a `from:` preset must be defined before, in this file or "
                                "an earlier one)");
        for (const auto &[key, v] : b->values) {
          if (!probe.has_spec(key))
            throw input_error(where_of(path, from[k]), fpath,
                              "preset '" + base + "' (type " + b->type + ") sets '" + key +
                                  "', which type " + p.type + " does not have");
          probe.set(key, v.text, "preset " + name, v.where, v.source);
          p.values[key] = v;
        }
      }
    }
    const YAML::Node params = body["params"] ? body["params"] : YAML::Node(YAML::NodeType::Map);
    if (!body["params"] && !body["from"])
      required(path, body, at, "params"); // throws: a preset sets something
    if (!params.IsMap())
      throw input_error(where_of(path, params), at + ".params", "expected a map");
    for (auto pv = params.begin(); pv != params.end(); ++pv) {
      const std::string key = scalar_text(path, pv->first, at + ".params");
      const std::string ppath = at + ".params." + key;
      preset_value v;
      v.where = where_of(path, pv->first);
      if (pv->second.IsMap()) {
        check_keys(path, pv->second, ppath, {"value", "source"});
        v.text = scalar_text(path, required(path, pv->second, ppath, "value"), ppath + ".value");
        v.source =
            scalar_text(path, required(path, pv->second, ppath, "source"), ppath + ".source");
      } else {
        throw input_error(v.where, ppath,
                          "a preset value needs {value: ..., source: ...} (every default "
                          "technology number names its source)");
      }
      probe.set(key, v.text, "preset " + name, v.where, v.source); // validates now
      p.values[key] = v;
    }
    if (const auto have = presets_.find(name); have != presets_.end()) {
      if (!replace)
        throw input_error(p.where, at,
                          "preset defined twice (also at " + have->second.where.origin() + ")");
      if (have->second.type != p.type)
        throw input_error(where_of(path, body["type"]), at + ".type",
                          "replaces preset '" + name + "' of " + have->second.where.origin() +
                              ", which is a " + have->second.type + ", with a " + p.type +
                              " (a replacing preset keeps its type; pick a new name for a new "
                              "preset)");
      p.replaced = have->second.where.origin();
    }
    presets_[name] = p;
  }
}

const preset *preset_catalog::find(const std::string &name) const {
  auto it = presets_.find(name);
  return it == presets_.end() ? nullptr : &it->second;
}

std::vector<std::string> preset_catalog::names() const {
  std::vector<std::string> out;
  for (const auto &kv : presets_)
    out.push_back(kv.first);
  return out;
}

void preset_catalog::apply(const preset &p, param_set &params) const {
  for (const auto &kv : p.values)
    params.set(kv.first, kv.second.text, "preset " + p.name, kv.second.where, kv.second.source);
}

} // namespace fabricvp
