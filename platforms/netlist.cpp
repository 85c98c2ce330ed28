#include "platforms/netlist.h"

#include "core/nearest_names.h"
#include "modules/cage.h"
#include "modules/electrical_channel.h"
#include "modules/fiber.h"
#include "modules/laser_source.h"
#include "modules/link.h"
#include "modules/serdes_phy.h"
#include "platforms/expression.h"
#include "platforms/platform_document.h"
#include "platforms/registry.h"
#include "platforms/sections.h"
#include "platforms/yaml_util.h"

#include <algorithm>
#include <cstdio>
#include <fnmatch.h>

#include <functional>
#include <regex>
#include <set>
#include <tuple>

namespace fabricvp {
namespace {

// A whole number written in full ("12", "-3"), nothing after it; false on
// anything else, including values that do not fit a long.
bool parse_whole(const std::string &text, long &out) {
  static const std::regex whole(R"(\s*-?\d+\s*)");
  if (!std::regex_match(text, whole))
    return false;
  try {
    out = std::stol(text);
  } catch (const std::exception &) {
    return false;
  }
  return true;
}

// The port count a node's parameters give (`radix`, `ports`: its type says).
int port_count_of(const instance_desc &inst) {
  return static_cast<int>(inst.params.get_int(node_traits_of(inst.type).port_count_param));
}

constexpr long max_expansion = 1000000; // instances or connections one entry may expand to

const std::set<std::string> &reserved_component_keys() {
  static const std::set<std::string> k = {"name", "type", "preset", "count", "for"};
  return k;
}

struct loader {
  std::string file; // the file of the entry being read
  const preset_catalog &presets;
  netlist &out;

  // Expands `count: N` or `for: {i: 0..7, j: [0, 2]}` into bindings.
  std::vector<index_bindings> loops(const YAML::Node &entry, const std::string &path) {
    std::vector<std::pair<std::string, std::vector<long>>> axes;
    if (entry["count"]) {
      const std::string text = scalar_text(file, entry["count"], path + ".count");
      long n = 0;
      if (!parse_whole(text, n))
        throw input_error(where_of(file, entry["count"]), path + ".count",
                          "'" + text + "' is not a whole number (or is too large)");
      if (n < 1 || n > max_expansion)
        throw input_error(where_of(file, entry["count"]), path + ".count",
                          "count must be in [1, 1000000]");
      std::vector<long> values;
      for (long i = 0; i < n; ++i)
        values.push_back(i);
      axes.push_back({"i", values});
    }
    if (entry["for"]) {
      const YAML::Node f = entry["for"];
      if (!f.IsMap())
        throw input_error(where_of(file, f), path + ".for",
                          "expected a map of loop variables, e.g. {i: 0..7}");
      for (auto it = f.begin(); it != f.end(); ++it) {
        const std::string var = scalar_text(file, it->first, path + ".for");
        const std::string vpath = path + ".for." + var;
        static const std::regex identifier(R"([A-Za-z_][A-Za-z0-9_]*)");
        if (!std::regex_match(var, identifier))
          throw input_error(where_of(file, it->first), vpath,
                            "'" + var + "' is not a loop variable name (letters, digits, _)");
        for (const auto &axis : axes)
          if (axis.first == var)
            throw input_error(where_of(file, it->first), vpath,
                              "loop variable '" + var + "' is bound twice" +
                                  (var == "i" && entry["count"] ? " (`count:` binds i)" : ""));
        std::vector<long> values;
        // A copy: `it->second` lives in a temporary (yaml-cpp's iterator
        // proxy) that a range-for over it would outlive.
        const YAML::Node domain = it->second;
        if (domain.IsSequence()) {
          std::size_t k = 0;
          for (const YAML::Node &v : domain) {
            const std::string vtext = scalar_text(file, v, vpath + "[" + std::to_string(k) + "]");
            long value = 0;
            if (!parse_whole(vtext, value))
              throw input_error(where_of(file, v), vpath + "[" + std::to_string(k) + "]",
                                "'" + vtext + "' is not a whole number");
            values.push_back(value);
            ++k;
          }
          if (values.empty())
            throw input_error(where_of(file, domain), vpath,
                              "an empty list of values expands to nothing");
        } else {
          static const std::regex range(R"(\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*)");
          std::smatch m;
          const std::string text = scalar_text(file, domain, vpath);
          if (!std::regex_match(text, m, range))
            throw input_error(where_of(file, domain), vpath,
                              "expected a range FIRST..LAST or a list, found '" + text + "'");
          long lo = 0, hi = 0;
          if (!parse_whole(m[1], lo) || !parse_whole(m[2], hi) || lo < -1000000000L ||
              hi > 1000000000L)
            throw input_error(where_of(file, domain), vpath,
                              "range bounds must lie in [-1000000000, 1000000000], found '" + text +
                                  "'");
          if (hi < lo || hi - lo >= max_expansion)
            throw input_error(where_of(file, domain), vpath,
                              "range '" + text +
                                  "' must run upwards (FIRST <= LAST) and span at most 1000000 "
                                  "values");
          for (long v = lo; v <= hi; ++v)
            values.push_back(v);
        }
        axes.push_back({var, values});
      }
    }
    long total = 1;
    for (const auto &axis : axes) {
      total *= static_cast<long>(axis.second.size());
      if (total > max_expansion)
        throw input_error(where_of(file, entry), path,
                          "`count:`/`for:` expand to more than 1000000 entries");
    }
    std::vector<index_bindings> out_bindings{index_bindings{}};
    for (const auto &axis : axes) {
      std::vector<index_bindings> next;
      for (const auto &b : out_bindings)
        for (long v : axis.second) {
          index_bindings nb = b;
          nb[axis.first] = v;
          next.push_back(nb);
        }
      out_bindings.swap(next);
    }
    return out_bindings;
  }

  std::string subst(const YAML::Node &node, const std::string &path, const index_bindings &b) {
    const std::string text = scalar_text(file, node, path);
    try {
      const std::string done = substitute_indices(text, b);
      check_text_length(done, where_of(file, node), path); // before any regex
      return done;
    } catch (const std::invalid_argument &e) {
      throw input_error(where_of(file, node), path, e.what());
    }
  }

  // Sets inline parameters of an entry: every key not reserved is a parameter.
  void set_params(const YAML::Node &entry, const std::string &path, param_set &params,
                  const std::set<std::string> &reserved) {
    set_params_from(file, entry, path, params, reserved, "platform");
  }

  void apply_preset(const YAML::Node &entry, const std::string &path, const std::string &type,
                    param_set &params, std::string &preset_name) {
    if (!entry["preset"])
      return;
    preset_name = scalar_text(file, entry["preset"], path + ".preset");
    const preset *p = presets.find(preset_name);
    if (!p)
      throw input_error(where_of(file, entry["preset"]), path + ".preset",
                        "unknown preset '" + preset_name + "'" +
                            did_you_mean(preset_name, presets.names()) +
                            " (see `fabricvp list presets`)");
    if (p->type != type)
      throw input_error(where_of(file, entry["preset"]), path + ".preset",
                        "preset '" + preset_name + "' is for " + p->type + ", not " + type);
    presets.apply(*p, params);
  }

  void components(const std::vector<doc_item> &list) {
    for (const doc_item &item : list) {
      file = item.file;
      const std::string &path = item.path;
      const YAML::Node &entry = item.value;
      if (!entry.IsMap())
        throw input_error(where_of(file, entry), path, "expected a map");
      const std::string type =
          scalar_text(file, required(file, entry, path, "type"), path + ".type");
      const component_type *t = find_component_type(type);
      if (!t || t->category != type_category::node) {
        std::string known;
        std::vector<std::string> names;
        for (const auto &c : component_types())
          if (c.category == type_category::node) {
            known += (known.empty() ? "" : ", ") + c.name;
            names.push_back(c.name);
          }
        throw input_error(where_of(file, entry["type"]), path + ".type",
                          "unknown component type '" + type + "'" + did_you_mean(type, names) +
                              "; known: " + known);
      }
      const YAML::Node name_node = required(file, entry, path, "name");
      // Every key is checked before the name is expanded: a misspelt
      // `count:` is an unknown key, not an unbound `{i}` in the name.
      const std::string written = scalar_text(file, name_node, path + ".name");
      check_param_keys(file, entry, written.find('{') == std::string::npos ? written : path,
                       param_set(t->params, path), reserved_component_keys());
      for (const auto &b : loops(entry, path)) {
        instance_desc inst;
        inst.type = type;
        inst.path = subst(name_node, path + ".name", b);
        static const std::regex valid(R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)");
        if (!std::regex_match(inst.path, valid))
          throw input_error(where_of(file, name_node), path + ".name",
                            "'" + inst.path +
                                "' is not a valid name (letters, digits, _; "
                                "dots separate hierarchy levels)");
        {
          const std::string top = inst.path.substr(0, inst.path.find('.'));
          if (top == "simulation" || top == "workload" || top == "links" || top == "reliability")
            throw input_error(where_of(file, name_node), path + ".name",
                              "'" + inst.path + "' is not a valid name ('" + top +
                                  "' is reserved for --set paths)");
        }
        inst.where = where_of(file, entry);
        inst.params = param_set(t->params, inst.path);
        apply_preset(entry, path, type, inst.params, inst.preset);
        set_params(entry, inst.path, inst.params, reserved_component_keys());
        if (out.instance_index.count(inst.path))
          throw input_error(inst.where, path + ".name",
                            "component '" + inst.path + "' is defined twice (first at " +
                                out.instances[out.instance_index[inst.path]].where.origin() + ")");
        inst.port_count = port_count_of(inst);
        inst.connection_of_port.assign(static_cast<std::size_t>(inst.port_count), -1);
        out.instance_index[inst.path] = out.instances.size();
        out.instances.push_back(std::move(inst));
      }
    }
  }

  // A link kind: link parameters, `serdes:`, `channel:` and the optional
  // `optics:`/`fiber:`, each read in the file that gave it (extends: may
  // replace some of them).
  void link_kind(const doc_link_kind &kind) {
    link_kind_desc lk;
    lk.name = kind.name;
    const std::string path = "links." + lk.name;
    lk.where = where_of(kind.head.file, kind.head.key);
    lk.params = param_set(&fabric_link::param_specs(), path);
    static const std::set<std::string> sections = {"serdes", "channel", "optics", "fiber"};
    for (const doc_item &k : kind.keys)
      if (!sections.count(k.name()))
        set_param_from(k.file, k.key, k.value, path, lk.params, "platform");
    lk.serdes = param_set(&serdes_phy::param_specs(), path + ".serdes");
    const doc_item &serdes = section(kind, "serdes");
    file = serdes.file;
    if (!serdes.value.IsMap())
      throw input_error(where_of(file, serdes.value), path + ".serdes", "expected a map");
    apply_preset(serdes.value, path + ".serdes", "serdes_phy", lk.serdes, lk.serdes_preset);
    set_params(serdes.value, path + ".serdes", lk.serdes, {"preset"});
    channel(section(kind, "channel"), path, lk);
    optics(kind.find("optics"), kind.find("fiber"), path, lk);
    out.link_kinds[lk.name] = std::move(lk);
  }

  // The link kind's key `key`, or an error naming the kind.
  static const doc_item &section(const doc_link_kind &kind, const std::string &key) {
    if (const doc_item *item = kind.find(key))
      return *item;
    throw input_error(where_of(kind.head.file, kind.head.value), kind.head.path,
                      "missing key '" + key + "'");
  }

  void channel(const doc_item &item, const std::string &path, link_kind_desc &lk) {
    file = item.file;
    if (!item.value.IsSequence())
      throw input_error(where_of(file, item.value), path + ".channel",
                        "expected a list of segments");
    std::size_t k = 0;
    for (const auto &seg : item.value) {
      const std::string spath = path + ".channel[" + std::to_string(k++) + "]";
      if (!seg.IsMap())
        throw input_error(where_of(file, seg), spath, "expected a map with `segment: KIND`");
      segment_desc sd;
      sd.kind = scalar_text(file, required(file, seg, spath, "segment"), spath + ".segment");
      const component_type *t = find_component_type(sd.kind);
      if (!t || t->category != type_category::channel_segment) {
        std::string known;
        for (const auto &kind : electrical_channel::segment_kinds())
          known += (known.empty() ? "" : ", ") + kind;
        throw input_error(where_of(file, seg["segment"]), spath + ".segment",
                          "unknown segment kind '" + sd.kind + "'; known: " + known);
      }
      sd.where = where_of(file, seg);
      sd.params = param_set(t->params, spath);
      std::string unused;
      apply_preset(seg, spath, sd.kind, sd.params, unused);
      set_params(seg, spath, sd.params, {"segment", "preset"});
      lk.channel.push_back(std::move(sd));
    }
  }

  // A sub-section `{preset: NAME, KEY: VALUE ...}` of a link kind.
  void subsection(const YAML::Node &node, const std::string &path, const std::string &type,
                  param_set &params, const std::set<std::string> &reserved,
                  std::string *preset_name = nullptr) {
    if (!node.IsMap())
      throw input_error(where_of(file, node), path, "expected a map");
    std::string unused;
    apply_preset(node, path, type, params, preset_name ? *preset_name : unused);
    std::set<std::string> keys = reserved;
    keys.insert("preset");
    set_params(node, path, params, keys);
  }

  void optics(const doc_item *optics_item, const doc_item *fiber_item, const std::string &path,
              link_kind_desc &lk) {
    if (!optics_item) {
      if (fiber_item)
        throw input_error(
            where_of(fiber_item->file, fiber_item->value), path + ".fiber",
            "`fiber:` needs an `optics:` section (pluggable_module or optical_engine)");
      return;
    }
    file = optics_item->file;
    const YAML::Node &o = optics_item->value;
    const std::string opath = path + ".optics";
    if (!o.IsMap())
      throw input_error(where_of(file, o), opath, "expected a map with `type:`");
    lk.optics_type = scalar_text(file, required(file, o, opath, "type"), opath + ".type");
    if (lk.optics_type != "pluggable_module" && lk.optics_type != "optical_engine")
      throw input_error(where_of(file, o["type"]), opath + ".type",
                        "unknown optics type '" + lk.optics_type +
                            "'; known: pluggable_module, optical_engine");
    const bool pluggable = lk.optics_type == "pluggable_module";
    lk.optics = param_set(
        pluggable ? &pluggable_module::param_specs() : &optical_engine::param_specs(), opath);
    subsection(o, opath, lk.optics_type, lk.optics, {"type", pluggable ? "cage" : "laser"},
               &lk.optics_preset);
    if (!pluggable && o["cage"])
      throw input_error(where_of(file, o["cage"]), opath + ".cage",
                        "a co-packaged engine has no cage (cages hold pluggable modules)");
    if (pluggable && o["laser"])
      throw input_error(where_of(file, o["laser"]), opath + ".laser",
                        "a pluggable module has its own lasers; `laser:` is for optical_engine");
    lk.laser = param_set(&laser_source::param_specs(), opath + ".laser");
    if (o["laser"])
      subsection(o["laser"], opath + ".laser", "laser_source", lk.laser, {});
    lk.cage = param_set(&cage::param_specs(), opath + ".cage");
    if (o["cage"])
      subsection(o["cage"], opath + ".cage", "cage", lk.cage, {});
    if (pluggable && lk.cage.get_choice("form_factor") != lk.optics.get_choice("form_factor"))
      throw input_error(where_of(file, o), opath + ".cage.form_factor",
                        "cage takes " + lk.cage.get_choice("form_factor") + " but the module is " +
                            lk.optics.get_choice("form_factor"));
    lk.fiber = param_set(&fiber::param_specs(), path + ".fiber");
    if (fiber_item) {
      file = fiber_item->file;
      subsection(fiber_item->value, path + ".fiber", "fiber", lk.fiber, {});
    }
  }

  std::pair<std::size_t, int> port_ref(const YAML::Node &node, const std::string &path,
                                       const index_bindings &b) {
    const std::string text = subst(node, path, b);
    static const std::regex ref(R"((.+)\.port(-?\d+))");
    std::smatch m;
    if (!std::regex_match(text, m, ref))
      throw input_error(where_of(file, node), path,
                        "'" + text + "' is not INSTANCE.portN (e.g. acc0.port1)");
    auto it = out.instance_index.find(m[1]);
    if (it == out.instance_index.end())
      throw input_error(where_of(file, node), path,
                        "dangling port: no component named '" + m[1].str() + "'");
    const instance_desc &inst = out.instances[it->second];
    long port = 0;
    if (!parse_whole(m[2], port) || port < 0 || port >= inst.port_count)
      throw input_error(where_of(file, node), path,
                        "dangling port: '" + inst.path + "' has ports 0.." +
                            std::to_string(inst.port_count - 1) + ", not port" + m[2].str() + " (" +
                            node_traits_of(inst.type).port_count_param + " " +
                            std::to_string(inst.port_count) + ")");
    return {it->second, static_cast<int>(port)};
  }

  void connections(const std::vector<doc_item> &list) {
    for (const doc_item &item : list) {
      file = item.file;
      const std::string &path = item.path;
      const YAML::Node &entry = item.value;
      check_keys(file, entry, path, {"a", "b", "link", "for", "count"});
      const std::string kind =
          scalar_text(file, required(file, entry, path, "link"), path + ".link");
      if (!out.link_kinds.count(kind))
        throw input_error(where_of(file, entry["link"]), path + ".link",
                          "unknown link kind '" + kind + "' (define it under `links:`)");
      for (const auto &b : loops(entry, path)) {
        connection_desc c;
        auto a = port_ref(required(file, entry, path, "a"), path + ".a", b);
        auto z = port_ref(required(file, entry, path, "b"), path + ".b", b);
        c.a_instance = a.first;
        c.a_port = a.second;
        c.b_instance = z.first;
        c.b_port = z.second;
        c.link_kind = kind;
        c.where = where_of(file, entry);
        c.label = out.instances[c.a_instance].path + ".port" + std::to_string(c.a_port) + " <-> " +
                  out.instances[c.b_instance].path + ".port" + std::to_string(c.b_port);
        if (c.a_instance == c.b_instance && c.a_port == c.b_port)
          throw input_error(where_of(file, entry["b"]), path + ".b",
                            "port " + c.label.substr(0, c.label.find(' ')) +
                                " is connected to itself");
        if (c.a_instance == c.b_instance) {
          const instance_desc &self = out.instances[c.a_instance];
          throw input_error(where_of(file, entry["b"]), path + ".b",
                            c.label + " cables two ports of the same " +
                                (is_switch(self.type) ? "switch" : "component") + " '" + self.path +
                                "' (a loopback carries no traffic between endpoints; "
                                "check the port names and the loop variables)");
        }
        const int index = static_cast<int>(out.connections.size());
        for (auto [inst, port, side] :
             {std::tuple{c.a_instance, c.a_port, "a"}, std::tuple{c.b_instance, c.b_port, "b"}}) {
          int &slot = out.instances[inst].connection_of_port[static_cast<std::size_t>(port)];
          if (slot >= 0)
            throw input_error(where_of(file, entry[side]), path + "." + side,
                              "port " + out.instances[inst].path + ".port" + std::to_string(port) +
                                  " is connected twice (also by " +
                                  out.connections[static_cast<std::size_t>(slot)].label + " at " +
                                  out.connections[static_cast<std::size_t>(slot)].where.origin() +
                                  ")");
          slot = index;
        }
        out.connections.push_back(c);
      }
    }
  }

  // One fed-port reference: INSTANCE.portN or INSTANCE.portA..B.
  void fed_ports(const YAML::Node &node, const std::string &path, const index_bindings &b,
                 laser_module_desc &m) {
    const std::string text = subst(node, path, b);
    static const std::regex range_ref(R"((.+)\.port(\d+)\.\.(\d+))");
    std::smatch r;
    long first = 0, last = 0;
    std::string single = text;
    if (std::regex_match(text, r, range_ref)) {
      if (!parse_whole(r[2], first) || !parse_whole(r[3], last) || last < first ||
          last - first > 4096)
        throw input_error(where_of(file, node), path,
                          "'" + text + "': a port range runs upwards and spans at most 4096 ports");
      single = r[1].str() + ".port" + r[2].str();
    }
    auto [inst, port] = port_ref_text(single, node, path);
    for (long p = port; p <= port + (last - first); ++p) {
      const instance_desc &d = out.instances[inst];
      if (p >= d.port_count)
        throw input_error(where_of(file, node), path,
                          "dangling port: '" + d.path + "' has ports 0.." +
                              std::to_string(d.port_count - 1) + ", not port" + std::to_string(p));
      const int conn = d.connection_of_port[static_cast<std::size_t>(p)];
      const std::string name = d.path + ".port" + std::to_string(p);
      if (conn < 0)
        throw input_error(where_of(file, node), path,
                          "laser module '" + m.name + "' feeds " + name +
                              ", which is not connected");
      const connection_desc &c = out.connections[static_cast<std::size_t>(conn)];
      const link_kind_desc &lk = out.link_kinds.at(c.link_kind);
      if (lk.optics_type != "optical_engine")
        throw input_error(where_of(file, node), path,
                          "laser module '" + m.name + "' feeds " + name + " of link kind '" +
                              c.link_kind +
                              "', which has no co-packaged optics (optics: {type: "
                              "optical_engine}); pluggables carry their own lasers");
      m.ports.push_back({inst, static_cast<int>(p)});
      m.lanes_fed += static_cast<int>(lk.serdes.get_int("lanes"));
    }
  }

  std::pair<std::size_t, int> port_ref_text(const std::string &text, const YAML::Node &node,
                                            const std::string &path) {
    static const std::regex ref(R"((.+)\.port(\d+))");
    std::smatch m;
    if (!std::regex_match(text, m, ref))
      throw input_error(where_of(file, node), path,
                        "'" + text + "' is not INSTANCE.portN or INSTANCE.portA..B");
    auto it = out.instance_index.find(m[1]);
    if (it == out.instance_index.end())
      throw input_error(where_of(file, node), path,
                        "dangling port: no component named '" + m[1].str() + "'");
    long port = 0;
    if (!parse_whole(m[2], port))
      throw input_error(where_of(file, node), path, "'" + text + "': port number too large");
    return {it->second, static_cast<int>(port)};
  }

  void lasers(const std::vector<doc_item> &list) {
    std::map<std::pair<std::size_t, int>, std::string> fed_by;
    for (const doc_item &item : list) {
      file = item.file;
      const std::string &path = item.path;
      const YAML::Node &entry = item.value;
      if (!entry.IsMap())
        throw input_error(where_of(file, entry), path, "expected a map with name: and feeds:");
      const YAML::Node name_node = required(file, entry, path, "name");
      const YAML::Node feeds = required(file, entry, path, "feeds");
      for (const auto &b : loops(entry, path)) {
        laser_module_desc m;
        m.name = subst(name_node, path + ".name", b);
        m.where = where_of(file, entry);
        m.laser = param_set(&laser_source::param_specs(), m.name);
        m.params = param_set(&laser_module_specs(), m.name);
        apply_preset(entry, path, "laser_source", m.laser, m.preset);
        // Inline keys: spare_lasers, or a laser_source parameter.
        for (auto it = entry.begin(); it != entry.end(); ++it) {
          const std::string key = scalar_text(file, it->first, path);
          if (key == "name" || key == "feeds" || key == "preset" || key == "for" || key == "count")
            continue;
          param_set &target = m.params.has_spec(key) ? m.params : m.laser;
          if (!target.has_spec(key))
            throw input_error(where_of(file, it->first), path + "." + key,
                              "unknown key '" + key +
                                  "' of a laser module (name, feeds, preset, spare_lasers, or a "
                                  "laser_source parameter: see `fabricvp list laser_source`)");
          set_param_from(file, it->first, it->second, m.name, target, "platform");
        }
        if (feeds.IsSequence()) {
          std::size_t k = 0;
          for (const YAML::Node &f : feeds)
            fed_ports(f, path + ".feeds[" + std::to_string(k++) + "]", b, m);
        } else {
          fed_ports(feeds, path + ".feeds", b, m);
        }
        for (const auto &port : m.ports) {
          auto [at, fresh] = fed_by.insert({port, m.name});
          if (!fresh)
            throw input_error(where_of(file, feeds), path + ".feeds",
                              out.instances[port.first].path + ".port" +
                                  std::to_string(port.second) + " is fed by '" + at->second +
                                  "' already");
        }
        const long fibres = m.laser.get_int("fibres_per_module");
        const long spare = m.params.get_int("spare_lasers");
        const long lanes = (fibres - spare) * m.laser.get_int("lanes_per_fibre");
        if (spare >= fibres)
          throw input_error(where_of(file, entry), path + ".spare_lasers",
                            "spare_lasers " + std::to_string(spare) + " leaves none of the " +
                                std::to_string(fibres) + " lasers to feed lanes");
        if (m.lanes_fed > lanes)
          throw input_error(where_of(file, feeds), path + ".feeds",
                            "laser module '" + m.name + "' feeds " + std::to_string(m.lanes_fed) +
                                " lanes but its " + std::to_string(fibres - spare) +
                                " working lasers x " +
                                std::to_string(m.laser.get_int("lanes_per_fibre")) +
                                " lanes per fibre feed " + std::to_string(lanes));
        out.laser_modules.push_back(std::move(m));
      }
    }
  }

  void reliability(const std::vector<doc_item> &items) {
    for (const doc_item &item : items) {
      file = item.file;
      const std::string name = item.name();
      param_set *target = nullptr;
      if (name == "job") {
        target = &out.reliability_job;
      } else {
        auto it = out.reliability_classes.find(name);
        if (it == out.reliability_classes.end())
          throw input_error(where_of(file, item.key), item.path,
                            "unknown component class '" + name + "'; known: " + class_names());
        target = &it->second;
      }
      if (!item.value.IsMap())
        throw input_error(where_of(file, item.value), item.path, "expected a map of parameters");
      set_params(item.value, item.path, *target, {});
    }
  }

  std::string class_names() const {
    std::string known;
    for (const auto &[n, p] : out.reliability_classes)
      known += (known.empty() ? "" : ", ") + n;
    return known + ", job";
  }
};

} // namespace

link_spec link_spec_of(const link_kind_desc &lk) {
  link_spec spec{lk.params, lk.serdes, {}, {}};
  for (const auto &seg : lk.channel)
    for (auto &s : electrical_channel::segments_from(seg.kind, seg.params))
      spec.segments.push_back(std::move(s));
  spec.optics = {lk.optics_type, lk.optics, lk.laser, lk.fiber, lk.cage};
  return spec;
}

std::vector<std::string> netlist::networks() const {
  std::vector<std::string> names;
  for (const auto &[name, lk] : link_kinds) {
    const std::string &net = lk.params.get_name("network");
    if (!net.empty() && std::find(names.begin(), names.end(), net) == names.end())
      names.push_back(net);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::size_t> netlist::endpoints() const {
  std::vector<std::size_t> e;
  for (std::size_t i = 0; i < instances.size(); ++i)
    if (is_endpoint(instances[i].type))
      e.push_back(i);
  return e;
}

namespace {

// `workload: {file: ...}` names a workload file relative to the folder of the
// platform file that says it.
void read_workload_file(const doc_item &item, netlist &n) {
  n.workload_file = scalar_text(item.file, item.value, "workload.file");
  n.workload_file_where = where_of(item.file, item.value);
  const auto slash = item.file.rfind('/');
  if (!n.workload_file.empty() && n.workload_file[0] != '/' && slash != std::string::npos)
    n.workload_file = item.file.substr(0, slash + 1) + n.workload_file;
  const std::string problem = unreadable_input(n.workload_file);
  if (!problem.empty())
    throw input_error(n.workload_file_where, "workload.file",
                      "workload file " + n.workload_file + ": " + problem);
}

netlist netlist_of(const platform_document &doc, const preset_catalog &presets) {
  netlist n;
  n.file = doc.file;
  n.reached_files = doc.reached_from;
  n.simulation = param_set(&simulation_param_specs(), "simulation");
  n.workload = param_set(&workload_param_specs(), "workload");
  for (const doc_item &item : doc.top)
    (item.name() == "name" ? n.name : n.description) = item.value.Scalar();
  for (const doc_item &item : doc.simulation)
    set_param_from(item.file, item.key, item.value, "simulation", n.simulation, "platform");
  if (!doc.has_components)
    throw input_error(doc.whole, "", "missing key 'components'");
  n.reliability_job = param_set(&reliability_job_specs(), "reliability.job");
  for (const auto &[name, p] : presets.all())
    if (p.type == "reliability_class") {
      param_set params(&reliability_class_specs(), "reliability." + name);
      presets.apply(p, params);
      n.reliability_classes.emplace(name, std::move(params));
    }
  loader l{doc.file, presets, n};
  l.components(doc.components);
  for (const doc_link_kind &kind : doc.links)
    l.link_kind(kind);
  l.connections(doc.connections);
  l.lasers(doc.lasers);
  l.reliability(doc.reliability);
  const doc_item *workload_file = nullptr;
  for (const doc_item &item : doc.workload)
    if (item.name() == "file")
      workload_file = &item;
    else
      set_param_from(item.file, item.key, item.value, "workload", n.workload, "platform");
  if (workload_file)
    read_workload_file(*workload_file, n);
  if (n.endpoints().empty())
    throw input_error(doc.components_where, "components",
                      "the platform has no accelerator_port endpoint");
  for (const doc_item &item : doc.set)
    apply_setting(n, item.name(), scalar_text(item.file, item.value, item.name()),
                  where_of(item.file, item.value), "platform");
  return n;
}

} // namespace

preset_catalog platform_presets(const platform_document &doc, const preset_catalog &shipped) {
  preset_catalog own = shipped;
  try {
    for (const std::string &f : doc.preset_files)
      own.load_file(f, true);
  } catch (const input_error &e) {
    throw doc.located(e);
  }
  return own;
}

netlist load_netlist(const std::string &file, const preset_catalog &presets) {
  const platform_document doc = read_platform_document(file);
  const bool own_presets = !doc.preset_files.empty();
  const preset_catalog own = own_presets ? platform_presets(doc, presets) : preset_catalog();
  try {
    netlist n = netlist_of(doc, own_presets ? own : presets);
    n.platform_files = doc.platform_files();
    n.preset_files = doc.preset_files;
    return n;
  } catch (const input_error &e) {
    throw doc.located(e);
  }
}

void apply_override(netlist &n, const std::string &assignment) {
  const source_location cli{"--set", 0};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw input_error(cli, assignment, "expected PATH=VALUE");
  apply_setting(n, assignment.substr(0, eq), assignment.substr(eq + 1), cli, "--set");
}

void apply_setting(netlist &n, const std::string &path, const std::string &value,
                   const source_location &where, const std::string &origin) {
  check_text_length(path, where, path);
  check_text_length(value, where, path);
  const auto dot = path.rfind('.');
  if (dot == std::string::npos)
    throw input_error(where, path, "expected OWNER.PARAMETER (e.g. sw0.buffer, workload.load)");
  const std::string owner = path.substr(0, dot);
  const std::string param = path.substr(dot + 1);
  auto set = [&](param_set &p) {
    if (!p.has_spec(param))
      throw input_error(where, path, "'" + owner + "' has no parameter '" + param + "'");
    p.set(param, value, origin, where);
  };
  if (owner == "simulation")
    return set(n.simulation);
  if (owner == "workload")
    return set(n.workload);
  if (owner.rfind("reliability.", 0) == 0) {
    const std::string cls = owner.substr(12);
    if (cls == "job")
      return set(n.reliability_job);
    auto it = n.reliability_classes.find(cls);
    if (it == n.reliability_classes.end()) {
      std::string known;
      for (const auto &[name, p] : n.reliability_classes)
        known += (known.empty() ? "" : ", ") + name;
      throw input_error(where, path,
                        "unknown component class '" + cls + "'; known: " + known + ", job");
    }
    return set(it->second);
  }
  static const std::regex link_path(
      R"(links\.([A-Za-z0-9_]+)(\.serdes|\.channel\[(\d+)\]|\.optics|\.optics\.laser|\.optics\.cage|\.fiber)?)");
  std::smatch m;
  if (std::regex_match(owner, m, link_path)) {
    auto it = n.link_kinds.find(m[1]);
    if (it == n.link_kinds.end())
      throw input_error(where, path, "no link kind '" + m[1].str() + "'");
    if (!m[2].matched)
      return set(it->second.params);
    if (m[2] == ".serdes")
      return set(it->second.serdes);
    if (m[2] != "" && m[2].str()[1] != 'c') {
      if (it->second.optics_type.empty())
        throw input_error(where, path, "link kind '" + m[1].str() + "' has no `optics:` section");
      const std::string sub = m[2];
      return set(sub == ".optics"         ? it->second.optics
                 : sub == ".optics.laser" ? it->second.laser
                 : sub == ".optics.cage"  ? it->second.cage
                                          : it->second.fiber);
    }
    long k = 0;
    if (!parse_whole(m[3], k) || static_cast<std::size_t>(k) >= it->second.channel.size())
      throw input_error(where, path,
                        "link kind '" + m[1].str() + "' has " +
                            std::to_string(it->second.channel.size()) + " segments");
    return set(it->second.channel[static_cast<std::size_t>(k)].params);
  }
  bool any = false;
  for (auto &inst : n.instances) {
    if (fnmatch(owner.c_str(), inst.path.c_str(), 0) == 0) {
      set(inst.params);
      any = true;
    }
  }
  if (!any)
    throw input_error(where, path, "no component matches '" + owner + "'");
  // Port counts may not change after connections are made.
  for (auto &inst : n.instances) {
    const int ports = port_count_of(inst);
    if (ports != inst.port_count) {
      for (int p = ports; p < inst.port_count; ++p)
        if (inst.connection_of_port[static_cast<std::size_t>(p)] >= 0)
          throw input_error(where, path,
                            inst.path + ".port" + std::to_string(p) +
                                " is connected; cannot reduce ports below " +
                                std::to_string(p + 1));
      inst.port_count = ports;
      inst.connection_of_port.resize(static_cast<std::size_t>(ports), -1);
    }
  }
}

namespace {

// Where to point for a rule between two values: the one set last (--set over
// the platform file over a built-in default), else the platform file itself.
const param_value *culprit(const param_value &first, const param_value &second) {
  for (const param_value *v : {&first, &second})
    if (v->origin == "--set")
      return v;
  for (const param_value *v : {&first, &second})
    if (!v->where.file.empty())
      return v;
  return &first;
}

source_location blame(const netlist &n, const param_value &first, const param_value &second) {
  const param_value *v = culprit(first, second);
  return v->where.file.empty() ? source_location{n.file, 0} : v->where;
}

std::string origin_text(const param_value &v) {
  if (v.origin == "--set")
    return "set on the command line";
  if (v.origin == "default")
    return "default";
  return "at " + v.where.origin();
}

std::string described(const std::string &name, const param_value &v) {
  return name + " " + v.text + " (" + origin_text(v) + ")";
}

} // namespace

void check_netlist(const netlist &n) {
  if (n.networks().size() > 254)
    throw input_error({n.file, 0}, "links",
                      std::to_string(n.networks().size()) +
                          " network names; at most 254 are supported");
  for (const auto &c : n.connections) {
    const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
    if (lk.params.get_choice("on_budget_fail") != "error")
      continue;
    const link_budget b = compute_link_budget(link_spec_of(lk));
    char buf[480];
    if (b.electrical_fails()) {
      std::snprintf(buf, sizeof buf,
                    "link does not come up: channel loss %.2f dB at Nyquist %.3f GHz exceeds the "
                    "%s budget %.2f dB by %.2f dB (shorten the channel, pick a longer-reach "
                    "SerDes, add a retimer, or set on_budget_fail: degrade)",
                    b.electrical_loss_db, b.nyquist_hz / 1e9,
                    b.linear_optics      ? "SerDes (linear optics: both ends' host channels and "
                                           "the modules' linear paths are one budget)"
                    : b.spans.size() > 1 ? "span's (between retimers)"
                                         : "SerDes",
                    b.electrical_budget_db, -b.electrical_margin_db);
      throw input_error(c.where, "connections: " + c.label + " (link " + c.link_kind + ")", buf);
    }
    if (b.optical_fails()) {
      std::snprintf(buf, sizeof buf,
                    "link does not come up: optical margin %.2f dB (launch %.2f dBm - losses "
                    "%.2f dB - penalties %.2f dB vs sensitivity %.2f dBm; pre-FEC BER %.3g over "
                    "the KP4 threshold 2.4e-4) (shorten the fibre, or set on_budget_fail: degrade)",
                    b.optical_margin_db, b.launch_dbm, b.optical_loss_db, b.penalty_db,
                    b.sensitivity_dbm, b.optical_ber);
      throw input_error(c.where, "connections: " + c.label + " (link " + c.link_kind + ")", buf);
    }
  }
  const long seed_sources = n.workload.get_int("sources");
  const long endpoints = static_cast<long>(n.endpoints().size());
  if (seed_sources > endpoints)
    throw input_error(blame(n, n.workload.value("sources"), n.workload.value("sources")),
                      "workload.sources",
                      "more sources than endpoints (" + std::to_string(endpoints) + ")");
  if (n.workload.get_int("ranks") > endpoints)
    throw input_error(blame(n, n.workload.value("ranks"), n.workload.value("ranks")),
                      "workload.ranks",
                      "more ranks than endpoints (" + std::to_string(endpoints) + ")");
  for (const char *key : {"hotspot_target", "incast_target"})
    if (n.workload.get_int(key) >= endpoints)
      throw input_error(blame(n, n.workload.value(key), n.workload.value(key)),
                        std::string("workload.") + key,
                        "endpoint index out of range (the platform has " +
                            std::to_string(endpoints) + " endpoints)");
  if (n.workload.get("size_min") > n.workload.get("size_max")) {
    const param_value &lo = n.workload.value("size_min"), &hi = n.workload.value("size_max");
    throw input_error(blame(n, lo, hi),
                      culprit(lo, hi) == &hi ? "workload.size_max" : "workload.size_min",
                      described("size_min", lo) + " is larger than " + described("size_max", hi));
  }
  if (n.simulation.get("warmup") >= n.simulation.get("duration")) {
    const param_value &w = n.simulation.value("warmup"), &d = n.simulation.value("duration");
    throw input_error(blame(n, w, d),
                      culprit(w, d) == &d ? "simulation.duration" : "simulation.warmup",
                      "warmup must be shorter than duration: " + described("warmup", w) +
                          " >= " + described("duration", d));
  }
}

std::vector<cable_count> cable_inventory(const netlist &n) {
  std::vector<cable_count> out;
  auto add = [&](const std::string &kind, long pairs, double length) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto &c) { return c.kind == kind; });
    if (it == out.end())
      it = out.insert(out.end(), cable_count{kind});
    it->cables += 1;
    it->pairs += pairs;
    it->cable_length_m += length;
    it->pair_length_m += static_cast<double>(pairs) * length;
  };
  for (const auto &c : n.connections) {
    const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
    const long pairs = 2 * lk.serdes.get_int("lanes");
    for (const auto &s : lk.channel)
      if (s.kind == "cable" || s.kind == "aec" || s.kind == "lacc")
        add(s.kind == "cable" ? "passive_copper" : s.kind, pairs, s.params.get("length"));
    if (!lk.optics_type.empty())
      add("fibre", pairs, lk.fiber.get("length"));
  }
  return out;
}

double connected_port_bandwidth_bps(const netlist &n, const instance_desc &inst) {
  double bps = 0.0;
  for (int c : inst.connection_of_port)
    if (c >= 0) {
      const param_set &s =
          n.link_kinds.at(n.connections[static_cast<std::size_t>(c)].link_kind).serdes;
      bps += static_cast<double>(s.get_int("lanes")) * s.get("lane_rate") *
             serdes_phy::coding_efficiency_of(s.get_choice("line_coding")) *
             serdes_phy::fec_efficiency_of(s.get_choice("fec"));
    }
  return bps;
}

std::vector<std::string> chip_class_warnings(const netlist &n) {
  std::vector<std::string> out;
  for (const auto &inst : n.instances) {
    if (!is_switch(inst.type) || !inst.params.has_spec("chip_radix"))
      continue;
    const std::string preset = inst.preset.empty() ? "" : " (preset " + inst.preset + ")";
    const long radix = inst.params.get_int("radix"), chip = inst.params.get_int("chip_radix");
    if (radix > chip)
      out.push_back("warning: " + inst.where.origin() + ": " + inst.path + " has radix " +
                    std::to_string(radix) + ", more than the " + std::to_string(chip) +
                    " ports of its chip class" + preset);
    const double bps = connected_port_bandwidth_bps(n, inst);
    const double chip_bps = inst.params.get("chip_bandwidth");
    if (bps > chip_bps * (1 + 1e-9)) {
      char buf[160];
      std::snprintf(buf, sizeof buf, " has %.1f Tb/s of connected ports, more than the %.1f Tb/s",
                    bps / 1e12, chip_bps / 1e12);
      out.push_back("warning: " + inst.where.origin() + ": " + inst.path + buf +
                    " of its chip class" + preset);
    }
  }
  return out;
}

} // namespace fabricvp
