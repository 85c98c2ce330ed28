// Platform files made of several files: `include:` fragments, `extends:` a
// base platform (what is replaced, merged and appended), `set:` assignments
// and their order against the command line, the origin of every value, and
// errors (cycles, missing files, bad values inside an included file) that
// name the file, the line and the chain of files that led there. Also the
// flattened document (`validate --print-resolved`) loading as the same netlist.
#include "test_support.h"

#include "platforms/platform_document.h"

#include <sys/stat.h>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// Line numbers matter: the tests name them.
const char *spine_fragment = R"(fabricvp: 1
description: a link kind and a switch, included
components:
  - {name: sw0, type: switch_asic, radix: 4}
links:
  cu:
    channel:
      - {segment: pcb_trace, preset: pcb_megtron6, length: 2in}
      - {segment: cable, preset: twinax_26awg, length: 1m}
    serdes: {preset: serdes_224g_lr, lanes: 4}
    flow_control: credit
)";

const char *base_platform = R"(fabricvp: 1
name: base
simulation: {duration: 2us, warmup: 1us, seed: 7}
include: [parts/spine.yaml]
components:
  - {name: "acc{i}", count: 4, type: accelerator_port, ports: 1}
connections:
  - {for: {i: 0..3}, a: "acc{i}.port0", b: "sw0.port{i}", link: cu}
workload: {pattern: uniform_random, load: 0.3, size: 1KiB}
set:
  sw0.buffer: 8MiB
  links.cu.serdes.lanes: 2
)";

// A folder holding base.yaml and parts/spine.yaml.
std::string base_folder() {
  const std::string dir = temp_dir();
  mkdir((dir + "/parts").c_str(), 0755);
  write_file(dir, "parts/spine.yaml", spine_fragment);
  write_file(dir, "base.yaml", base_platform);
  return dir;
}

netlist load(const std::string &file, const std::vector<std::string> &overrides = {}) {
  run_options o;
  o.platform_file = file;
  o.overrides = overrides;
  return prepare_netlist(o);
}

// The input_error loading `file` raises (fails the test if none).
input_error load_error(const std::string &file) {
  try {
    load(file);
  } catch (const input_error &e) {
    return e;
  }
  ADD_FAILURE() << file << " was accepted";
  return input_error({}, "", "");
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(netlist_include, fragment_entries_come_first_and_keep_their_file_and_line) {
  const std::string dir = base_folder();
  const netlist n = load(dir + "/base.yaml");
  ASSERT_EQ(n.instances.size(), 5u);
  EXPECT_EQ(n.instances[0].path, "sw0"); // the fragment's components before the file's own
  EXPECT_EQ(n.instances[1].path, "acc0");
  EXPECT_EQ(n.instances[0].where.origin(), dir + "/parts/spine.yaml:4");
  EXPECT_EQ(n.instances[1].where.origin(), dir + "/base.yaml:6");
  ASSERT_EQ(n.connections.size(), 4u);
  EXPECT_EQ(n.connections[3].label, "acc3.port0 <-> sw0.port3");
  const link_kind_desc &cu = n.link_kinds.at("cu");
  EXPECT_EQ(cu.where.origin(), dir + "/parts/spine.yaml:6");
  EXPECT_EQ(cu.channel[1].params.value("length").where.origin(), dir + "/parts/spine.yaml:9");
  EXPECT_EQ(cu.params.get_choice("flow_control"), "credit");
  EXPECT_EQ(n.file, dir + "/base.yaml");
  EXPECT_EQ(n.name, "base");
}

TEST(netlist_include, set_entries_apply_after_loading_and_before_the_command_line) {
  const std::string dir = base_folder();
  netlist n = load(dir + "/base.yaml");
  EXPECT_DOUBLE_EQ(n.instances[0].params.get("buffer"), 8.0 * 1024 * 1024);
  EXPECT_EQ(n.instances[0].params.value("buffer").origin, "platform");
  EXPECT_EQ(n.instances[0].params.value("buffer").where.origin(), dir + "/base.yaml:11");
  EXPECT_EQ(n.link_kinds.at("cu").serdes.get_int("lanes"), 2); // over the fragment's 4
  EXPECT_EQ(n.link_kinds.at("cu").serdes.value("lanes").where.origin(), dir + "/base.yaml:12");
  n = load(dir + "/base.yaml", {"links.cu.serdes.lanes=1"});
  EXPECT_EQ(n.link_kinds.at("cu").serdes.get_int("lanes"), 1);
  EXPECT_EQ(n.link_kinds.at("cu").serdes.value("lanes").origin, "--set");
}

namespace {
const std::string derived_platform = R"(fabricvp: 1
extends: base.yaml
name: derived
simulation: {seed: 9}
components:
  - {name: extra, type: accelerator_port, ports: 1}
links:
  cu:
    serdes: {preset: serdes_112g_lr, lanes: 1}
workload: {load: 0.5}
set:
  sw0.buffer: 4MiB
)";
} // namespace

TEST(netlist_include, extends_replaces_merges_and_appends) {
  const std::string dir = base_folder();
  // acc0.port0 is taken by the base: a connection appended there collides.
  const std::string derived = write_file(
      dir, "derived.yaml",
      derived_platform + "connections:\n  - {a: extra.port0, b: acc0.port0, link: cu}\n");
  input_error e = load_error(derived);
  EXPECT_EQ(e.where().origin(), derived + ":14") << e.what();
  EXPECT_TRUE(contains(e.what(), "also by acc0.port0 <-> sw0.port0 at " + dir + "/base.yaml:8"))
      << e.what();

  write_file(dir, "derived.yaml", derived_platform);
  const netlist n = load(derived);
  EXPECT_EQ(n.name, "derived");
  EXPECT_EQ(n.file, derived);
  ASSERT_EQ(n.instances.size(), 6u);
  EXPECT_EQ(n.instances[5].path, "extra"); // appended after the base's
  EXPECT_EQ(n.connections.size(), 4u);
  // simulation: and workload: merge key by key.
  EXPECT_EQ(n.simulation.get_int("seed"), 9);
  EXPECT_EQ(n.simulation.value("seed").where.origin(), derived + ":4");
  EXPECT_DOUBLE_EQ(n.simulation.get("duration"), 2e-6);
  EXPECT_EQ(n.simulation.value("duration").where.origin(), dir + "/base.yaml:3");
  EXPECT_DOUBLE_EQ(n.workload.get("load"), 0.5);
  EXPECT_DOUBLE_EQ(n.workload.get("size"), 1024.0);
  // The link kind merges at its top level: serdes: replaced as a whole (the
  // preset changes the rate class), channel: and flow_control: kept.
  const link_kind_desc &cu = n.link_kinds.at("cu");
  EXPECT_EQ(cu.serdes_preset, "serdes_112g_lr");
  // The base's set: (lanes 2) still runs after loading, before the derived's.
  EXPECT_EQ(cu.serdes.get_int("lanes"), 2);
  ASSERT_EQ(cu.channel.size(), 2u);
  EXPECT_EQ(cu.channel[1].where.origin(), dir + "/parts/spine.yaml:9");
  EXPECT_EQ(cu.params.get_choice("flow_control"), "credit");
  EXPECT_DOUBLE_EQ(n.instances[0].params.get("buffer"), 4.0 * 1024 * 1024);
  EXPECT_EQ(n.instances[0].params.value("buffer").where.origin(), derived + ":12");
}

TEST(netlist_include, cycles_are_errors_at_the_naming_line) {
  const std::string dir = temp_dir();
  write_file(dir, "a.yaml", "fabricvp: 1\nname: a\nextends: b.yaml\ncomponents: []\n");
  write_file(dir, "b.yaml", "fabricvp: 1\nname: b\ncomponents: []\ninclude: [c.yaml]\n");
  write_file(dir, "c.yaml", "fabricvp: 1\ninclude:\n  - a.yaml\n");
  const input_error e = load_error(dir + "/a.yaml");
  EXPECT_EQ(e.where().origin(), dir + "/c.yaml:3") << e.what();
  EXPECT_EQ(e.path(), "include[0]");
  EXPECT_TRUE(contains(e.what(), "cycle: " + dir + "/a.yaml -> " + dir + "/b.yaml -> " + dir +
                                     "/c.yaml -> " + dir + "/a.yaml"))
      << e.what();
  EXPECT_TRUE(
      contains(e.what(), "(included from " + dir + "/b.yaml:4, extended by " + dir + "/a.yaml:3)"))
      << e.what();
  write_file(dir, "self.yaml", "fabricvp: 1\ncomponents: []\ninclude: [self.yaml]\n");
  EXPECT_EQ(load_error(dir + "/self.yaml").where().origin(), dir + "/self.yaml:3");
}

TEST(netlist_include, a_missing_file_is_named_with_the_line_that_names_it) {
  const std::string dir = base_folder();
  const std::string top = write_file(dir, "top.yaml", R"(fabricvp: 1
include:
  - parts/spine.yaml
  - parts/nothing.yaml
components: []
)");
  input_error e = load_error(top);
  EXPECT_EQ(e.where().origin(), top + ":4") << e.what();
  EXPECT_EQ(e.path(), "include[1]");
  EXPECT_TRUE(
      contains(e.what(), "'parts/nothing.yaml' (" + dir + "/parts/nothing.yaml): cannot open file"))
      << e.what();
  write_file(dir, "top.yaml", "fabricvp: 1\nname: t\n\nextends: ../base.yaml\n");
  e = load_error(top);
  EXPECT_EQ(e.where().origin(), top + ":4") << e.what();
  EXPECT_EQ(e.path(), "extends");
}

TEST(netlist_include, an_error_inside_an_included_file_names_that_file_and_the_chain) {
  const std::string dir = base_folder();
  write_file(dir, "parts/spine.yaml",
             std::string(spine_fragment)
                 .replace(std::string(spine_fragment).find("length: 1m"), 10, "length: 1parsec"));
  const std::string derived =
      write_file(dir, "derived.yaml", "fabricvp: 1\nname: d\n\n\nextends: base.yaml\n");
  const input_error e = load_error(derived);
  EXPECT_EQ(e.where().origin(), dir + "/parts/spine.yaml:9") << e.what();
  EXPECT_EQ(e.path(), "links.cu.channel[1].length");
  EXPECT_TRUE(contains(e.what(), "parsec")) << e.what();
  EXPECT_TRUE(
      contains(e.what(), "(included from " + dir + "/base.yaml:4, extended by " + derived + ":5)"))
      << e.what();
}

TEST(netlist_include, a_fragment_holds_only_components_links_and_connections) {
  const std::string dir = base_folder();
  write_file(dir, "parts/spine.yaml", std::string(spine_fragment) + "workload: {load: 0.1}\n");
  input_error e = load_error(dir + "/base.yaml");
  EXPECT_EQ(e.where().origin(), dir + "/parts/spine.yaml:12") << e.what();
  EXPECT_TRUE(contains(e.what(), "an included file holds only components, links and "
                                 "connections; `workload:` belongs to a platform"))
      << e.what();
  // The same link kind from a fragment and the file itself.
  write_file(dir, "parts/spine.yaml", spine_fragment);
  write_file(dir, "twice.yaml",
             std::string(base_platform) + "links:\n  cu: {serdes: {lanes: 1}, channel: []}\n");
  e = load_error(dir + "/twice.yaml");
  EXPECT_EQ(e.where().origin(), dir + "/twice.yaml:14") << e.what();
  EXPECT_TRUE(
      contains(e.what(), "link kind 'cu' is defined twice (also at " + dir + "/parts/spine.yaml:6"))
      << e.what();
}

TEST(netlist_include, a_bad_set_entry_names_its_line) {
  const std::string dir = base_folder();
  write_file(dir, "base.yaml", std::string(base_platform) + "  nobody.radix: 4\n");
  const input_error e = load_error(dir + "/base.yaml");
  EXPECT_EQ(e.where().origin(), dir + "/base.yaml:13") << e.what();
  EXPECT_EQ(e.path(), "nobody.radix");
  EXPECT_TRUE(contains(e.what(), "no component matches 'nobody'")) << e.what();
}

TEST(netlist_include, the_resolved_document_loads_as_the_same_netlist) {
  const std::string dir = base_folder();
  const std::string file = dir + "/base.yaml";
  const std::vector<std::string> cli = {"acc*.rx_buffer=2MiB", "sw0.buffer=16MiB"};
  const std::string text = resolved_platform_text(read_platform_document(file), cli, "");
  EXPECT_FALSE(contains(text, "include:")) << text;
  EXPECT_FALSE(contains(text, "spine.yaml")) << text;
  EXPECT_TRUE(contains(text, "sw0.buffer: 16MiB")) << text; // the command line's, last
  EXPECT_FALSE(contains(text, "8MiB")) << text;             // the file's, replaced
  const netlist a = load(file, cli);
  const netlist b = load(write_file(temp_dir(), "resolved.yaml", text));
  ASSERT_EQ(a.instances.size(), b.instances.size());
  for (std::size_t i = 0; i < a.instances.size(); ++i) {
    EXPECT_EQ(a.instances[i].path, b.instances[i].path);
    for (const auto &spec : a.instances[i].params.specs())
      EXPECT_EQ(a.instances[i].params.value(spec.name).text,
                b.instances[i].params.value(spec.name).text)
          << a.instances[i].path << "." << spec.name;
  }
  ASSERT_EQ(a.connections.size(), b.connections.size());
  for (std::size_t i = 0; i < a.connections.size(); ++i)
    EXPECT_EQ(a.connections[i].label, b.connections[i].label);
  EXPECT_EQ(b.link_kinds.at("cu").serdes.get_int("lanes"), 2);
  EXPECT_EQ(b.link_kinds.at("cu").channel.size(), 2u);
  EXPECT_EQ(b.simulation.get_int("seed"), 7);
  EXPECT_EQ(b.name, "base");
}

TEST(netlist_include, cluster_cpo_changes_only_the_leaf_spine_kind_of_cluster_pluggable) {
  const netlist pluggable = load(platforms_folder() + "/cluster_pluggable.yaml");
  const netlist cpo = load(platforms_folder() + "/cluster_cpo.yaml");
  ASSERT_EQ(pluggable.connections.size(), cpo.connections.size());
  for (std::size_t i = 0; i < cpo.connections.size(); ++i) {
    EXPECT_EQ(pluggable.connections[i].label, cpo.connections[i].label);
    EXPECT_EQ(pluggable.connections[i].link_kind, cpo.connections[i].link_kind);
  }
  const link_kind_desc &p = pluggable.link_kinds.at("fabric_800g");
  const link_kind_desc &c = cpo.link_kinds.at("fabric_800g");
  EXPECT_EQ(p.optics_type, "pluggable_module");
  EXPECT_EQ(c.optics_type, "optical_engine");
  EXPECT_EQ(c.serdes_preset, "serdes_112g_xsr");
  EXPECT_EQ(c.channel.size(), 2u);
  // fiber: and the link parameters come from the base.
  EXPECT_DOUBLE_EQ(c.fiber.get("length"), p.fiber.get("length"));
  EXPECT_DOUBLE_EQ(c.fiber.get("length"), 50.0);
  EXPECT_EQ(c.params.get_name("network"), "scale_out");
  EXPECT_TRUE(contains(c.params.value("network").where.file, "bases/cluster_4rack.yaml"));
  for (const char *kind : {"spine_short", "spine_mid", "spine_long", "nic_400g"})
    EXPECT_EQ(link_spec_of(pluggable.link_kinds.at(kind)).segments.size(),
              link_spec_of(cpo.link_kinds.at(kind)).segments.size())
        << kind;
}
