#include "platforms/platform_document.h"

#include "platforms/yaml_util.h"

#include <algorithm>
#include <filesystem>

namespace fabricvp {

const doc_item *doc_link_kind::find(const std::string &key) const {
  for (const doc_item &k : keys)
    if (k.name() == key)
      return &k;
  return nullptr;
}

input_error platform_document::located(const input_error &e) const {
  const auto it = reached_from.find(e.where().file);
  if (it == reached_from.end())
    return e;
  return input_error(e.where(), e.path(), e.message() + " (" + it->second + ")");
}

std::vector<std::string> platform_document::platform_files() const {
  std::vector<std::string> files{file};
  for (const auto &kv : reached_from)
    if (std::find(preset_files.begin(), preset_files.end(), kv.first) == preset_files.end())
      files.push_back(kv.first);
  return files;
}

namespace {

constexpr int max_files = 256; // files one platform may read through extends/include

// The keys of a fragment (an included file) and of a whole platform.
const std::vector<std::string> fragment_keys = {"fabricvp",    "description", "include",
                                                "presets",     "components",  "links",
                                                "connections", "lasers"};
const std::vector<std::string> platform_keys = {
    "fabricvp",   "name",  "description", "extends", "include",  "presets",     "simulation",
    "components", "links", "connections", "lasers",  "workload", "reliability", "set"};

std::string joined(const std::vector<std::string> &words) {
  std::string out;
  for (const auto &w : words)
    out += (out.empty() ? "" : ", ") + w;
  return out;
}

void check_top_keys(const std::string &file, const YAML::Node &root, bool fragment) {
  const auto &allowed = fragment ? fragment_keys : platform_keys;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end())
      continue;
    const bool platform_key =
        std::find(platform_keys.begin(), platform_keys.end(), key) != platform_keys.end();
    throw input_error(where_of(file, it->first), key,
                      platform_key ? "an included file holds only components, links and "
                                     "connections; `" +
                                         key +
                                         ":` belongs to a platform (start from one with "
                                         "`extends:`)"
                                   : "unknown key '" + key + "'; allowed here: " + joined(allowed));
  }
}

void check_version(const std::string &file, const YAML::Node &root) {
  const std::string version = scalar_text(file, required(file, root, "", "fabricvp"), "fabricvp");
  if (version != "1")
    throw input_error(where_of(file, root["fabricvp"]), "fabricvp",
                      "unsupported format version '" + version + "' (this fabricvp reads 1)");
}

// `node` of `file` must be a map (or a list): the message names the section.
YAML::Node map_section(const std::string &file, const YAML::Node &node, const std::string &path,
                       const char *message = "expected a map") {
  if (!node.IsMap())
    throw input_error(where_of(file, node), path, message);
  return node;
}

YAML::Node list_section(const std::string &file, const YAML::Node &node, const std::string &path,
                        const char *message) {
  if (!node.IsSequence())
    throw input_error(where_of(file, node), path, message);
  return node;
}

// One item per key of the map `node`, paths `prefix.KEY`.
std::vector<doc_item> map_items(const std::string &file, const YAML::Node &node,
                                const std::string &prefix) {
  std::vector<doc_item> items;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = scalar_text(file, it->first, prefix);
    items.push_back({file, prefix.empty() ? key : prefix + "." + key, it->first, it->second});
  }
  return items;
}

std::vector<doc_item> list_items(const std::string &file, const YAML::Node &node,
                                 const std::string &prefix) {
  std::vector<doc_item> items;
  std::size_t k = 0;
  for (const YAML::Node &entry : node)
    items.push_back({file, prefix + "[" + std::to_string(k++) + "]", YAML::Node(), entry});
  return items;
}

// Replaces the item of the same key, or appends.
void put(std::vector<doc_item> &items, const doc_item &item) {
  for (doc_item &have : items)
    if (have.name() == item.name()) {
      have = item;
      return;
    }
  items.push_back(item);
}

// For `set:`, where order matters: the earlier assignment of the same path
// is dropped and the new one goes last.
void put_last(std::vector<doc_item> &items, const doc_item &item) {
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const doc_item &have) { return have.name() == item.name(); }),
              items.end());
  items.push_back(item);
}

doc_link_kind *find_kind(std::vector<doc_link_kind> &kinds, const std::string &name) {
  for (doc_link_kind &k : kinds)
    if (k.name == name)
      return &k;
  return nullptr;
}

void append(std::vector<doc_item> &to, const std::vector<doc_item> &items) {
  to.insert(to.end(), items.begin(), items.end());
}

// Adds a fragment (an included file, or the file's own sections) to `into`.
void add_fragment(platform_document &into, const platform_document &part) {
  append(into.components, part.components);
  append(into.connections, part.connections);
  append(into.lasers, part.lasers);
  for (const doc_link_kind &kind : part.links) {
    if (const doc_link_kind *have = find_kind(into.links, kind.name))
      throw input_error(where_of(kind.head.file, kind.head.key), kind.head.path,
                        "link kind '" + kind.name + "' is defined twice (also at " +
                            where_of(have->head.file, have->head.key).origin() +
                            "; to change a base's link kind, use `extends:`)");
    into.links.push_back(kind);
  }
  for (const doc_item &item : part.top)
    put(into.top, item);
  for (const doc_item &item : part.simulation)
    put(into.simulation, item);
  for (const doc_item &item : part.workload)
    put(into.workload, item);
  for (const doc_item &item : part.reliability)
    put(into.reliability, item);
  for (const doc_item &item : part.set)
    put_last(into.set, item);
  into.preset_files.insert(into.preset_files.end(), part.preset_files.begin(),
                           part.preset_files.end());
  if (part.has_components) {
    into.has_components = true;
    into.components_where = part.components_where;
  }
}

// Lays `over` (a file's own sections and includes) over its base.
void overlay(platform_document &base, const platform_document &over) {
  std::vector<doc_link_kind> kinds = over.links;
  platform_document rest = over;
  rest.links.clear();
  add_fragment(base, rest);
  for (const doc_link_kind &kind : kinds) {
    if (doc_link_kind *have = find_kind(base.links, kind.name)) {
      for (const doc_item &key : kind.keys)
        put(have->keys, key);
    } else {
      base.links.push_back(kind);
    }
  }
}

// The sections written in `file` itself.
platform_document own_sections(const std::string &file, const YAML::Node &root) {
  platform_document doc;
  for (const char *key : {"name", "description"})
    if (root[key]) {
      scalar_text(file, root[key], key);
      doc.top.push_back({file, key, YAML::Node(key), root[key]});
    }
  if (root["simulation"])
    doc.simulation =
        map_items(file, map_section(file, root["simulation"], "simulation"), "simulation");
  if (root["workload"])
    doc.workload = map_items(file, map_section(file, root["workload"], "workload"), "workload");
  if (root["reliability"])
    doc.reliability =
        map_items(file, map_section(file, root["reliability"], "reliability"), "reliability");
  if (root["set"])
    doc.set = map_items(file, map_section(file, root["set"], "set"), "");
  if (root["components"]) {
    const YAML::Node list =
        list_section(file, root["components"], "components", "expected a list of components");
    doc.components = list_items(file, list, "components");
    doc.has_components = true;
    doc.components_where = where_of(file, list);
  }
  if (root["links"]) {
    const YAML::Node map =
        map_section(file, root["links"], "links", "expected a map of named link kinds");
    for (auto it = map.begin(); it != map.end(); ++it) {
      doc_link_kind kind;
      kind.name = scalar_text(file, it->first, "links");
      const std::string path = "links." + kind.name;
      kind.head = {file, path, it->first, it->second};
      kind.keys = map_items(file, map_section(file, it->second, path), path);
      doc.links.push_back(std::move(kind));
    }
  }
  if (root["lasers"])
    doc.lasers = list_items(
        file, list_section(file, root["lasers"], "lasers", "expected a list of laser modules"),
        "lasers");
  if (root["connections"])
    doc.connections = list_items(
        file,
        list_section(file, root["connections"], "connections", "expected a list of connections"),
        "connections");
  return doc;
}

// Reads files depth first, keeping the chain of files being read (for
// cycles) and how each file was reached (for messages).
class document_reader {
public:
  platform_document read_top(const std::string &file) {
    platform_document doc;
    try {
      chain_.push_back({identity(file), file});
      doc = read(file, false);
    } catch (const input_error &e) {
      doc.reached_from = reached_from_;
      throw doc.located(e);
    }
    doc.file = file;
    doc.reached_from = reached_from_;
    return doc;
  }

private:
  struct open_file {
    std::string identity, shown;
  };
  std::vector<open_file> chain_;
  std::map<std::string, std::string> reached_from_;
  int files_read_ = 1;

  static std::string identity(const std::string &file) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(file, ec);
    return ec ? file : canonical.string();
  }

  platform_document read(const std::string &file, bool fragment) {
    const YAML::Node root = load_yaml_file(file);
    check_top_keys(file, root, fragment);
    check_version(file, root);
    platform_document doc;
    if (root["extends"])
      doc = read_named(file, root["extends"], "extends", false, "extended by");
    platform_document own;
    own.whole = where_of(file, root);
    if (root["include"]) {
      const YAML::Node list = list_section(file, root["include"], "include",
                                           "expected a list of files, e.g. [parts.yaml]");
      std::size_t k = 0;
      for (const YAML::Node &entry : list)
        add_fragment(own, read_named(file, entry, "include[" + std::to_string(k++) + "]", true,
                                     "included from"));
    }
    add_fragment(own, own_sections(file, root));
    if (root["presets"])
      read_preset_list(file, root["presets"], own);
    overlay(doc, own);
    doc.whole = own.whole;
    return doc;
  }

  // The file named at `node` of `parent`, relative to the parent's folder;
  // an error at the naming line when it cannot be read.
  std::string named_file(const std::string &parent, const YAML::Node &node,
                         const std::string &path) {
    const std::string name = scalar_text(parent, node, path);
    const std::filesystem::path named(name);
    const std::string file =
        named.is_absolute() || name.empty()
            ? name
            : (std::filesystem::path(parent).parent_path() / named).lexically_normal().string();
    const std::string problem = unreadable_input(file);
    if (!problem.empty())
      throw input_error(where_of(parent, node), path, "'" + name + "' (" + file + "): " + problem);
    if (++files_read_ > max_files)
      throw input_error(where_of(parent, node), path,
                        "more than " + std::to_string(max_files) +
                            " files read through extends/include/presets");
    return file;
  }

  void note_reached(const std::string &file, const std::string &parent, const char *relation,
                    const source_location &at) {
    const auto up = reached_from_.find(parent);
    reached_from_.emplace(file, std::string(relation) + " " + at.origin() +
                                    (up == reached_from_.end() ? "" : ", " + up->second));
  }

  // `presets: [a.yaml, ...]`: each file must be readable now; its presets
  // are read with the shipped ones (netlist.cpp).
  void read_preset_list(const std::string &file, const YAML::Node &node, platform_document &own) {
    const YAML::Node list =
        list_section(file, node, "presets", "expected a list of preset files, e.g. [my.yaml]");
    std::size_t k = 0;
    for (const YAML::Node &entry : list) {
      const std::string path = "presets[" + std::to_string(k++) + "]";
      const std::string preset_file = named_file(file, entry, path);
      note_reached(preset_file, file, "preset file named at", where_of(file, entry));
      own.preset_files.push_back(preset_file);
    }
  }

  // The platform file named at `node` of `parent`, read as a whole platform
  // or as a fragment.
  platform_document read_named(const std::string &parent, const YAML::Node &node,
                               const std::string &path, bool fragment, const char *relation) {
    const source_location at = where_of(parent, node);
    const std::string file = named_file(parent, node, path);
    const std::string id = identity(file);
    for (std::size_t i = 0; i < chain_.size(); ++i)
      if (chain_[i].identity == id) {
        std::string cycle;
        for (std::size_t j = i; j < chain_.size(); ++j)
          cycle += chain_[j].shown + " -> ";
        throw input_error(at, path, "extends/include cycle: " + cycle + file);
      }
    note_reached(file, parent, relation, at);
    chain_.push_back({id, file});
    platform_document doc = read(file, fragment);
    chain_.pop_back();
    return doc;
  }
};

YAML::Node map_of(const std::vector<doc_item> &items) {
  YAML::Node map(YAML::NodeType::Map);
  for (const doc_item &item : items)
    map[item.name()] = item.value;
  return map;
}

YAML::Node list_of(const std::vector<doc_item> &items) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const doc_item &item : items)
    list.push_back(item.value);
  return list;
}

} // namespace

platform_document read_platform_document(const std::string &file) {
  return document_reader().read_top(file);
}

std::string resolved_platform_text(const platform_document &doc,
                                   const std::vector<std::string> &overrides,
                                   const std::string &workload_file) {
  YAML::Node out(YAML::NodeType::Map);
  out["fabricvp"] = 1;
  for (const doc_item &item : doc.top)
    out[item.name()] = item.value;
  if (!doc.simulation.empty())
    out["simulation"] = map_of(doc.simulation);
  out["components"] = list_of(doc.components);
  if (!doc.links.empty()) {
    YAML::Node links(YAML::NodeType::Map);
    for (const doc_link_kind &kind : doc.links)
      links[kind.name] = map_of(kind.keys);
    out["links"] = links;
  }
  if (!doc.connections.empty())
    out["connections"] = list_of(doc.connections);
  if (!doc.lasers.empty())
    out["lasers"] = list_of(doc.lasers);
  std::vector<doc_item> workload;
  for (const doc_item &item : doc.workload)
    if (item.name() != "file")
      workload.push_back(item);
  if (!workload_file.empty()) {
    const std::string absolute =
        std::filesystem::absolute(workload_file).lexically_normal().string();
    workload.push_back({"", "workload.file", YAML::Node("file"), YAML::Node(absolute)});
  }
  if (!workload.empty())
    out["workload"] = map_of(workload);
  if (!doc.reliability.empty())
    out["reliability"] = map_of(doc.reliability);
  std::vector<doc_item> set = doc.set;
  for (const std::string &assignment : overrides) {
    const auto eq = assignment.find('=');
    const std::string path = assignment.substr(0, eq);
    put_last(set, {"", path, YAML::Node(path), YAML::Node(assignment.substr(eq + 1))});
  }
  if (!set.empty())
    out["set"] = map_of(set);
  if (!doc.preset_files.empty()) {
    YAML::Node presets(YAML::NodeType::Sequence);
    for (const std::string &f : doc.preset_files)
      presets.push_back(std::filesystem::absolute(f).lexically_normal().string());
    out["presets"] = presets;
  }
  YAML::Emitter emitter;
  emitter << out;
  return "# " + doc.file + " resolved: extends/include merged, command-line --set in set:\n" +
         emitter.c_str() + "\n";
}

} // namespace fabricvp
