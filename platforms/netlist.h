// A platform as read from its YAML file, before anything is built: component
// instances (arrays expanded, hierarchical names such as rack1.acc3), link
// kinds (flow control, SerDes, channel segments), port-to-port connections,
// the workload and the simulation settings. Every value is already checked
// against its parameter spec and knows its file and line.
//
//   fabricvp: 1
//   name: ...
//   simulation: {duration: 20us, seed: 1}
//   components:
//     - {name: "acc{i}", count: 8, type: accelerator_port, ports: 2}
//   links:
//     copper: {flow_control: credit, serdes: {preset: serdes_224g_lr, lanes: 2},
//              channel: [{segment: package}, {segment: cable, length: 1m}]}
//   connections:
//     - {for: {i: 0..7}, a: "acc{i}.port0", b: "sw0.port{i}", link: copper}
//   workload: {pattern: uniform_random, load: 0.7, size: 4KiB}
//
// A file may also start from a base platform (`extends:`), add fragments
// (`include:`) and carry `set:` assignments; platform_document.h merges them.
#pragma once

#include "core/params.h"
#include "modules/link.h"
#include "platforms/presets.h"

#include <map>
#include <string>
#include <vector>

namespace fabricvp {

struct instance_desc {
  std::string path; // hierarchical, dot-separated: "rack0.acc3"
  std::string type;
  std::string preset;
  param_set params;
  source_location where;
  int port_count = 0;
  std::vector<int> connection_of_port; // index into connections, -1 when free
};

struct segment_desc {
  std::string kind;
  param_set params;
  source_location where;
};

struct link_kind_desc {
  std::string name;
  param_set params; // fabric_link::param_specs()
  param_set serdes; // serdes_phy::param_specs()
  std::string serdes_preset;
  std::vector<segment_desc> channel;
  source_location where;
  // Optional `optics:` (pluggable_module, or optical_engine with `laser:`;
  // a pluggable's `cage:`) and `fiber:`; `channel:` is then the host-side
  // electrical path at each end.
  std::string optics_type; // "" when the link is electrical only
  std::string optics_preset;
  param_set optics, laser, fiber, cage;
};

// The link spec the elaborator builds and the budget checks read.
link_spec link_spec_of(const link_kind_desc &lk);

struct connection_desc {
  std::size_t a_instance, b_instance;
  int a_port, b_port;
  std::string link_kind;
  std::string label; // "acc0.port1 <-> sw0.port3"
  source_location where;
};

// A laser module (an ELSFP at the front panel, or a laser block) and the
// co-packaged ports it feeds: which lanes go dark when it fails.
//   lasers:
//     - {name: "sw0.elsfp{m}", for: {m: 0..15}, feeds: "sw0.port{4*m}..{4*m+3}",
//        preset: elsfp_20dbm_8f, spare_lasers: 0}
// `feeds` is one reference or a list, each INSTANCE.portN or
// INSTANCE.portA..B. Every fed port is an end of a link with co-packaged
// optics (optical_engine), fed by one module at most, and the module's
// working lasers (fibres_per_module - spare_lasers) x lanes_per_fibre cover
// the lanes of the ports it feeds.
struct laser_module_desc {
  std::string name;
  std::string preset;
  std::vector<std::pair<std::size_t, int>> ports; // (instance, port) fed
  int lanes_fed = 0;
  param_set laser;  // laser_source::param_specs()
  param_set params; // laser_module_specs()
  source_location where;
};

struct netlist {
  std::string file;
  std::string name;
  std::string description;
  std::vector<instance_desc> instances;
  std::map<std::string, std::size_t> instance_index;
  std::map<std::string, link_kind_desc> link_kinds;
  std::vector<connection_desc> connections;
  std::vector<laser_module_desc> laser_modules;
  // Component classes of the reliability model, by name (presets of type
  // reliability_class, then the platform's `reliability:` and --set), and
  // the job it prices (platforms/reliability.h).
  std::map<std::string, param_set> reliability_classes;
  param_set reliability_job;
  param_set simulation;
  param_set workload;
  // `workload: {file: ...}` or --workload: a workload file (jobs, steps,
  // dependencies; testbench/workload_file.h) that replaces the pattern.
  std::string workload_file; // as a path usable from the working directory
  source_location workload_file_where;
  // Every file the platform was read from: the platform file, then those
  // reached through extends/include; and its own preset files (`presets:`).
  std::vector<std::string> platform_files, preset_files;
  // The files read through `extends:` and `include:`, each with how it was
  // reached ("included from a.yaml:4"): inputs of the run like `file`.
  std::map<std::string, std::string> reached_files;

  // Endpoints (instances of endpoint types, platforms/registry.h) in file
  // order: their index is the endpoint id used by traffic and routing.
  std::vector<std::size_t> endpoints() const;
  // Named networks of the link kinds (`network:`), sorted; routing network k
  // (k >= 1) is networks()[k - 1], network 0 is every link.
  std::vector<std::string> networks() const;
};

// Reads and checks a platform file with the shipped `presets` and then the
// platform's own preset files. Throws input_error (file, line, path).
netlist load_netlist(const std::string &file, const preset_catalog &presets);

struct platform_document;
// The presets a platform sees: `shipped`, then its own preset files over
// them (platforms/presets.h). Throws input_error, located in the chain.
preset_catalog platform_presets(const platform_document &doc, const preset_catalog &shipped);

// Applies `--set PATH=VALUE`. PATH is one of
//   INSTANCE.PARAM (INSTANCE may hold * and ? wildcards), simulation.PARAM,
//   workload.PARAM, links.KIND.PARAM, links.KIND.serdes.PARAM,
//   links.KIND.channel[N].PARAM, links.KIND.optics.PARAM,
//   links.KIND.optics.laser.PARAM, links.KIND.optics.cage.PARAM, links.KIND.fiber.PARAM,
//   reliability.CLASS.PARAM, reliability.job.PARAM
// Throws input_error naming the option when the path matches nothing.
void apply_override(netlist &n, const std::string &assignment);
// The same for one PATH and VALUE given at `where` (a platform file's `set:`
// entry, origin "platform"; or the command line, origin "--set").
void apply_setting(netlist &n, const std::string &path, const std::string &value,
                   const source_location &where, const std::string &origin);

// Structural checks that need the whole netlist: link budgets, ports.
void check_netlist(const netlist &n);

// Warnings (not errors): a switch given more ports (radix) or more connected
// port bandwidth (lanes x lane rate after line coding and FEC, one direction)
// than its chip class has
// (chip_radix, chip_bandwidth). Each names the switch, its file and line.
std::vector<std::string> chip_class_warnings(const netlist &n);
// Cables by kind (passive_copper, lacc, aec, fibre), counted as NVIDIA
// counts the NVL72's 5,184: one differential pair per lane and direction
// (and, assumption, one fibre per lane and direction: DR-class parallel
// single-mode); lengths are the cables' and the pairs' (or fibres') sums.
struct cable_count {
  std::string kind;
  long cables = 0;
  long pairs = 0; // differential pairs, or fibres
  double cable_length_m = 0.0;
  double pair_length_m = 0.0;
};
std::vector<cable_count> cable_inventory(const netlist &n);

// The data rate (lanes x lane rate after line coding and FEC) of an
// instance's connected ports, one direction: a switch's capacity as built.
double connected_port_bandwidth_bps(const netlist &n, const instance_desc &inst);

} // namespace fabricvp
