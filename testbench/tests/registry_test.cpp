// The component registry: node types carry consistent traits, and no source
// file but platforms/registry.cpp compares a node type's name as a string
// literal (`type == "NAME"`, `"NAME" != type`) or hands one to a type check
// (`is_switch("NAME")`, `EXPECT_EQ(t, "NAME")`): the loader, routing,
// elaborator, testbench and tests ask the registry instead. Platform text in
// tests (`type: NAME` inside a longer string) is not a comparison.
// Leaves out: link element names (optics types are still compared by name in
// modules/link.cpp and platforms/netlist.cpp).
#include "platforms/presets.h"
#include "platforms/registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace fabricvp;

namespace {

std::vector<std::string> node_type_names() {
  std::vector<std::string> names;
  for (const auto &t : component_types())
    if (t.category == type_category::node)
      names.push_back(t.name);
  return names;
}

// A line that compares the literal "NAME" or passes it to a type check.
bool compares_type_name(const std::string &line, const std::string &name) {
  const std::string literal = "\"" + name + "\"";
  if (line.find(literal) == std::string::npos)
    return false;
  static const std::string check_call = R"((compare|\w*type\w*|is_\w+|\w*traits\w*|EXPECT_\w+|)"
                                        R"(ASSERT_\w+)\s*\([^;]*)";
  const std::regex uses("[!=]=\\s*" + literal + "|" + literal + "\\s*[!=]=|" + check_call +
                        literal);
  return std::regex_search(line, uses);
}

std::filesystem::path source_root() {
  return std::filesystem::path(platforms_folder()).parent_path();
}

// "FILE:LINE: TEXT" for every offending line below the source root.
std::vector<std::string> type_name_comparisons() {
  std::vector<std::string> found;
  const auto root = source_root();
  for (const char *folder : {"core", "tlm", "modules", "platforms", "traces", "testbench"}) {
    for (const auto &entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const auto ext = entry.path().extension();
      const auto relative = std::filesystem::relative(entry.path(), root).generic_string();
      if ((ext != ".cpp" && ext != ".h") || relative == "platforms/registry.cpp")
        continue;
      std::ifstream in(entry.path());
      std::string line;
      for (int number = 1; std::getline(in, line); ++number)
        for (const auto &name : node_type_names())
          if (compares_type_name(line, name))
            found.push_back(relative + ":" + std::to_string(number) + ": " + line);
    }
  }
  return found;
}

} // namespace

TEST(registry, node_types_have_traits_and_their_port_count_parameter) {
  ASSERT_FALSE(node_type_names().empty());
  for (const auto &t : component_types()) {
    ASSERT_EQ(t.node.has_value(), t.category == type_category::node) << t.name;
    if (!t.node)
      continue;
    EXPECT_TRUE(t.node->forwards && t.node->adapts_routes && t.node->make) << t.name;
    bool has_port_count = false;
    for (const auto &s : *t.params)
      has_port_count |= s.name == t.node->port_count_param && s.kind == param_kind::integer;
    EXPECT_TRUE(has_port_count) << t.name << " has no integer " << t.node->port_count_param;
    EXPECT_EQ(is_endpoint(t.name), t.node->role == node_role::endpoint) << t.name;
    EXPECT_EQ(is_switch(t.name), t.node->role == node_role::switch_node) << t.name;
  }
  EXPECT_FALSE(is_switch("cable"));
  EXPECT_FALSE(is_endpoint("no_such_type"));
  EXPECT_THROW(node_traits_of("serdes_phy"), std::logic_error);
}

TEST(registry, the_check_finds_comparisons_and_passes_platform_text) {
  for (const auto &name : node_type_names()) {
    const std::string quoted = "\"" + name + "\"";
    for (const std::string &bad :
         {"if (inst.type == " + quoted + ")", "x = " + quoted + " != t;",
          "k += is_switch(" + quoted + ");", "EXPECT_EQ(sw.type, " + quoted + ") << c;",
          "n += count_type(n, " + quoted + ");", "t.compare(" + quoted + ")"})
      EXPECT_TRUE(compares_type_name(bad, name)) << bad;
    for (const std::string &fine :
         {"  - {name: sw0, type: " + name + ", radix: 8}", "\"the platform has no " + name + "\"",
          "// inst.type == " + name, "throw error(\"" + name + "s == 0\");"})
      EXPECT_FALSE(compares_type_name(fine, name)) << fine;
  }
}

TEST(registry, no_source_file_but_the_registry_compares_node_type_names) {
  ASSERT_TRUE(std::filesystem::is_directory(source_root() / "platforms")) << source_root();
  std::string list;
  for (const auto &f : type_name_comparisons())
    list += "\n  " + f;
  EXPECT_TRUE(list.empty()) << "ask platforms/registry.h (node_traits_of, is_switch, "
                               "is_endpoint) instead of comparing type names:"
                            << list;
}
