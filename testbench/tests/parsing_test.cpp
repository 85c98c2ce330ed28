// Input handling: units with prefixes and dimension checks, parameter
// ranges, kinds and error locations, index expressions in platform names,
// and platform files whose errors must name the file, line and path.
#include "test_support.h"

#include "core/params.h"
#include "core/units.h"
#include "platforms/expression.h"
#include "platforms/yaml_util.h"

using namespace fabricvp;
using namespace fabricvp::test;

TEST(units, values_of_every_dimension_in_si) {
  EXPECT_DOUBLE_EQ(parse_quantity("600ns", dimension::time).value_si, 600e-9);
  EXPECT_DOUBLE_EQ(parse_quantity("600 ns", dimension::time).value_si, 600e-9);
  EXPECT_DOUBLE_EQ(parse_quantity("5.5pJ/bit", dimension::energy_per_bit).value_si, 5.5e-12);
  EXPECT_DOUBLE_EQ(parse_quantity("3dB", dimension::loss).value_si, 3.0);
  EXPECT_DOUBLE_EQ(parse_quantity("0.5m", dimension::length).value_si, 0.5);
  EXPECT_DOUBLE_EQ(parse_quantity("4in", dimension::length).value_si, 4 * 0.0254);
  EXPECT_DOUBLE_EQ(parse_quantity("15W", dimension::power).value_si, 15.0);
  EXPECT_DOUBLE_EQ(parse_quantity("250mW", dimension::power).value_si, 0.25);
  EXPECT_DOUBLE_EQ(parse_quantity("4KiB", dimension::size).value_si, 4096.0);
  EXPECT_DOUBLE_EQ(parse_quantity("64MiB", dimension::size).value_si, 64.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("1MB", dimension::size).value_si, 1e6);
  EXPECT_DOUBLE_EQ(parse_quantity("53.125GHz", dimension::frequency).value_si, 53.125e9);
  EXPECT_DOUBLE_EQ(parse_quantity("106.25Gb/s", dimension::data_rate).value_si, 106.25e9);
  EXPECT_DOUBLE_EQ(parse_quantity("6.2ps/mm", dimension::delay_per_length).value_si, 6.2e-9);
  EXPECT_DOUBLE_EQ(parse_quantity("0.35dB/km", dimension::loss_per_length).value_si, 0.35e-3);
  EXPECT_DOUBLE_EQ(parse_quantity("20dBm", dimension::optical_power).value_si, 20.0);
  EXPECT_DOUBLE_EQ(parse_quantity("70%", dimension::none).value_si, 0.7);
  EXPECT_DOUBLE_EQ(parse_quantity("1e-3", dimension::none).value_si, 1e-3);
}

TEST(units, errors_name_the_problem) {
  try {
    parse_quantity("224Gbps", dimension::time);
    FAIL();
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("data rate"), std::string::npos) << e.what();
  }
  try {
    parse_quantity("3 furlongs", dimension::length);
    FAIL();
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("furlongs"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("mm"), std::string::npos) << e.what(); // lists units
  }
  EXPECT_THROW(parse_quantity("", dimension::power), std::invalid_argument);
  EXPECT_THROW(parse_quantity("W", dimension::power), std::invalid_argument);
  EXPECT_THROW(parse_quantity("inf W", dimension::power), std::invalid_argument);
  EXPECT_THROW(parse_quantity("5W", dimension::none), std::invalid_argument);
}

TEST(units, format_picks_a_readable_prefix) {
  EXPECT_EQ(format_quantity(224e9, dimension::data_rate), "224 Gb/s");
  EXPECT_EQ(format_quantity(600e-9, dimension::time), "600 ns");
  EXPECT_EQ(format_quantity(4096, dimension::size), "4 KiB");
}

namespace {

const std::vector<param_spec> &specs() {
  static const std::vector<param_spec> s = {
      number_param("rate", dimension::data_rate, "100Gbps", 1e9, 500e9, "a rate"),
      integer_param("lanes", "4", 1, 32, "lanes"),
      choice_param("fec", "none", {"none", "rs544_514"}, "code"),
      flag_param("on", "false", "a flag"),
  };
  return s;
}

} // namespace

TEST(params, defaults_and_layered_values) {
  param_set p(&specs(), "sw0");
  EXPECT_DOUBLE_EQ(p.get("rate"), 100e9);
  EXPECT_EQ(p.value("rate").origin, "default");
  p.set("rate", "200Gbps", "platform", {"f.yaml", 7});
  EXPECT_DOUBLE_EQ(p.get("rate"), 200e9);
  EXPECT_EQ(p.value("rate").where.origin(), "f.yaml:7");
  p.set("lanes", "8", "--set", {});
  EXPECT_EQ(p.get_int("lanes"), 8);
  p.set("fec", "rs544_514", "platform", {});
  EXPECT_EQ(p.get_choice("fec"), "rs544_514");
  p.set("on", "yes", "platform", {});
  EXPECT_TRUE(p.get_flag("on"));
}

TEST(params, range_unit_and_kind_errors_name_where_and_path) {
  param_set p(&specs(), "sw0");
  const source_location at{"plat.yaml", 12};
  auto message = [&](const std::string &name, const std::string &text) -> std::string {
    try {
      p.set(name, text, "platform", at);
    } catch (const input_error &e) {
      EXPECT_EQ(e.where().line, 12);
      EXPECT_EQ(e.path(), "sw0." + name);
      return e.what();
    }
    ADD_FAILURE() << name << "=" << text << " was accepted";
    return "";
  };
  std::string m = message("rate", "600Gbps");
  EXPECT_NE(m.find("out of range"), std::string::npos) << m;
  EXPECT_NE(m.find("plat.yaml:12"), std::string::npos) << m;
  m = message("rate", "100");
  EXPECT_NE(m.find("no unit"), std::string::npos) << m;
  m = message("rate", "100W");
  EXPECT_NE(m.find("power"), std::string::npos) << m;
  m = message("lanes", "2.5");
  EXPECT_NE(m.find("whole number"), std::string::npos) << m;
  m = message("lanes", "33");
  EXPECT_NE(m.find("out of range"), std::string::npos) << m;
  m = message("fec", "rs528");
  EXPECT_NE(m.find("rs544_514"), std::string::npos) << m; // lists the choices
  m = message("on", "maybe");
  EXPECT_NE(m.find("true or false"), std::string::npos) << m;
  try {
    p.set("colour", "red", "platform", at);
    FAIL();
  } catch (const input_error &e) {
    EXPECT_NE(std::string(e.what()).find("unknown parameter 'colour'"), std::string::npos);
  }
  // A rejected value leaves the previous one in place.
  EXPECT_DOUBLE_EQ(p.get("rate"), 100e9);
  EXPECT_EQ(p.get_int("lanes"), 4);
}

TEST(params, every_registered_default_parses) {
  // Defaults are validated when a set is built (a bad default would throw).
  for (const auto &kind : electrical_channel::segment_kinds())
    EXPECT_NO_THROW(param_set(&electrical_channel::segment_param_specs(kind), kind));
  EXPECT_NO_THROW(param_set(&serdes_phy::param_specs(), "phy"));
  EXPECT_NO_THROW(param_set(&switch_asic::param_specs(), "sw"));
  EXPECT_NO_THROW(param_set(&accelerator_port::param_specs(), "acc"));
  EXPECT_NO_THROW(param_set(&fabric_link::param_specs(), "link"));
}

TEST(index_expressions, arithmetic_and_precedence) {
  const index_bindings b{{"i", 13}, {"j", 2}};
  EXPECT_EQ(evaluate_index_expression("i", b), 13);
  EXPECT_EQ(evaluate_index_expression("i/4", b), 3);
  EXPECT_EQ(evaluate_index_expression("i%4", b), 1);
  EXPECT_EQ(evaluate_index_expression("4 + 2*j + 1", b), 9);
  EXPECT_EQ(evaluate_index_expression("(i+1)*j", b), 28);
  EXPECT_EQ(evaluate_index_expression("i - j - 1", b), 10); // left associative
  EXPECT_EQ(evaluate_index_expression("-j + 5", b), 3);
  EXPECT_EQ(evaluate_index_expression("i / j / 2", b), 3);
}

TEST(index_expressions, substitution_and_errors) {
  const index_bindings b{{"i", 13}, {"l", 3}, {"s", 1}, {"k", 0}};
  EXPECT_EQ(substitute_indices("leaf{i/4}.port{i%4}", b), "leaf3.port1");
  EXPECT_EQ(substitute_indices("leaf{l}.port{4 + 2*s + k}", b), "leaf3.port6");
  EXPECT_EQ(substitute_indices("sw0", b), "sw0");
  EXPECT_THROW(evaluate_index_expression("x + 1", b), std::invalid_argument);
  EXPECT_THROW(evaluate_index_expression("i / (l - 3)", b), std::invalid_argument);
  EXPECT_THROW(evaluate_index_expression("(i + 1", b), std::invalid_argument);
  EXPECT_THROW(evaluate_index_expression("i 1", b), std::invalid_argument);
  EXPECT_THROW(substitute_indices("acc{q}", b), std::invalid_argument);
}

namespace {

const char *good_platform = R"(fabricvp: 1
name: good
components:
  - {name: "acc{i}", count: 4, type: accelerator_port, ports: 1}
  - {name: sw0, type: switch_asic, radix: 4}
links:
  l:
    serdes: {lanes: 4}
    channel:
      - {segment: cable, length: 1m}
connections:
  - {for: {i: 0..3}, a: "acc{i}.port0", b: "sw0.port{i}", link: l}
)";

// The input_error a platform text raises (fails the test if none).
input_error load_error(const std::string &yaml) {
  try {
    load_platform_text(yaml);
  } catch (const input_error &e) {
    return e;
  }
  ADD_FAILURE() << "accepted:\n" << yaml;
  return input_error({}, "", "");
}

std::string replace(std::string s, const std::string &from, const std::string &to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

} // namespace

TEST(netlist, loops_expand_instances_and_connections) {
  netlist n = load_platform_text(good_platform);
  ASSERT_EQ(n.instances.size(), 5u);
  EXPECT_EQ(n.instances[3].path, "acc3");
  EXPECT_EQ(n.endpoints().size(), 4u);
  ASSERT_EQ(n.connections.size(), 4u);
  EXPECT_EQ(n.connections[2].label, "acc2.port0 <-> sw0.port2");
  EXPECT_EQ(n.instances[4].connection_of_port[3], 3);
}

TEST(netlist, errors_name_file_line_and_path) {
  // A value without its unit, on line 10.
  input_error e = load_error(replace(good_platform, "length: 1m", "length: 1"));
  EXPECT_EQ(e.where().line, 10) << e.what();
  EXPECT_NE(std::string(e.what()).find("platform.yaml"), std::string::npos);
  EXPECT_NE(e.path().find("length"), std::string::npos) << e.what();
  // A value out of range.
  e = load_error(replace(good_platform, "radix: 4", "radix: 1"));
  EXPECT_EQ(e.where().line, 5) << e.what();
  EXPECT_NE(e.path().find("sw0.radix"), std::string::npos) << e.what();
  // An unknown key is never silently ignored.
  e = load_error(replace(good_platform, "ports: 1", "ports: 1, colour: red"));
  EXPECT_EQ(e.where().line, 4) << e.what();
  // A dangling port.
  e = load_error(replace(good_platform, "sw0.port{i}", "sw0.port{i+1}"));
  EXPECT_EQ(e.where().line, 12) << e.what();
  // A port connected twice.
  e = load_error(replace(good_platform, "sw0.port{i}", "sw0.port{i/2}"));
  EXPECT_EQ(e.where().line, 12) << e.what();
}

TEST(netlist, overrides_by_path_and_wildcard) {
  run_options o;
  o.platform_file = write_file(temp_dir(), "p.yaml", good_platform);
  o.overrides = {"acc*.rx_buffer=1MiB", "links.l.serdes.lanes=2", "links.l.channel[0].length=2m",
                 "workload.load=0.25"};
  netlist n = prepare_netlist(o);
  EXPECT_DOUBLE_EQ(n.instances[2].params.get("rx_buffer"), 1024.0 * 1024);
  EXPECT_EQ(n.link_kinds.at("l").serdes.get_int("lanes"), 2);
  EXPECT_DOUBLE_EQ(n.link_kinds.at("l").channel[0].params.get("length"), 2.0);
  EXPECT_DOUBLE_EQ(n.workload.get("load"), 0.25);
  EXPECT_EQ(n.workload.value("load").origin, "--set");
  EXPECT_THROW(apply_override(n, "nobody.radix=4"), input_error);
  EXPECT_THROW(apply_override(n, "sw0.radix=2"), input_error); // ports 2, 3 are connected
  EXPECT_THROW(apply_override(n, "workload.load=2"), input_error);
}

TEST(netlist, list_axes_expand_in_the_order_given) {
  // `for:` over lists (the loop that once read a dead temporary, seen under ASan).
  std::string yaml = replace(good_platform, "count: 4,", "for: {r: [3, 1], k: [0, 7]},");
  yaml = replace(yaml, "\"acc{i}\"", "\"rack{r}.acc{k}\"");
  yaml = replace(yaml, "{for: {i: 0..3}, a: \"acc{i}.port0\", b: \"sw0.port{i}\"",
                 "{for: {r: [3, 1], k: [0, 7]}, a: \"rack{r}.acc{k}.port0\", "
                 "b: \"sw0.port{3 - r + k/7}\"");
  const netlist n = load_platform_text(yaml);
  ASSERT_EQ(n.instances.size(), 5u);
  EXPECT_EQ(n.instances[0].path, "rack3.acc0");
  EXPECT_EQ(n.instances[1].path, "rack3.acc7");
  EXPECT_EQ(n.instances[2].path, "rack1.acc0");
  EXPECT_EQ(n.instances[3].path, "rack1.acc7");
  ASSERT_EQ(n.connections.size(), 4u);
  EXPECT_EQ(n.connections[1].label, "rack3.acc7.port0 <-> sw0.port1");
  EXPECT_EQ(n.connections[2].label, "rack1.acc0.port0 <-> sw0.port2");
}

TEST(yaml_documents, alias_cycles_deep_nesting_and_alias_bombs_are_input_errors) {
  const std::string dir = temp_dir();
  auto error_of = [&](const std::string &text) -> input_error {
    try {
      load_yaml_file(write_file(dir, "doc.yaml", text));
    } catch (const input_error &e) {
      return e;
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return input_error({}, "", "");
  };
  input_error e = error_of("fabricvp: 1\nx:\n  y: &a [1, [*a]]\n");
  EXPECT_EQ(e.where().line, 3) << e.what();
  EXPECT_EQ(e.path(), "x.y[1][0]");
  EXPECT_NE(std::string(e.what()).find("alias cycle"), std::string::npos) << e.what();
  e = error_of("x: " + std::string(64, '[') + "1" + std::string(64, ']') + "\n");
  EXPECT_EQ(
      e.path(), "x" +
                    [] {
                      std::string p;
                      for (int i = 0; i < 63; ++i)
                        p += "[0]";
                      return p;
                    }())
      << e.what();
  EXPECT_NE(std::string(e.what()).find("nested deeper than 64 levels"), std::string::npos);
  // 63 lists inside the top-level map are fine.
  EXPECT_NO_THROW(load_yaml_file(write_file(
      dir, "ok.yaml", "x: " + std::string(63, '[') + "1" + std::string(63, ']') + "\n")));
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k)
      bomb += (k ? ", " : "") + prev;
    bomb += "]\n";
  }
  e = error_of(bomb);
  EXPECT_NE(std::string(e.what()).find("more than 1000000 nodes"), std::string::npos) << e.what();
}
