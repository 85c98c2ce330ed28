#include "platforms/registry.h"

#include "modules/accelerator_port.h"
#include "modules/cage.h"
#include "modules/electrical_channel.h"
#include "modules/fiber.h"
#include "modules/laser_source.h"
#include "modules/link.h"
#include "modules/optical_engine.h"
#include "modules/pluggable_module.h"
#include "modules/serdes_phy.h"
#include "modules/switch_asic.h"
#include "platforms/sections.h"

#include <stdexcept>

namespace fabricvp {
namespace {

bool never(const param_set &) { return false; }
bool always(const param_set &) { return true; }

component_type type_of(std::string name, type_category category, std::string description,
                       const std::vector<param_spec> &params) {
  return {std::move(name), category, std::move(description), &params, std::nullopt};
}

component_type node_type(std::string name, std::string description,
                         const std::vector<param_spec> &params, node_traits traits) {
  return {std::move(name), type_category::node, std::move(description), &params, traits};
}

// An endpoint; relays packets for others only with `forwarding: true`.
const node_traits accelerator_port_traits = {
    node_role::endpoint, "ports",
    /* forwards */ [](const param_set &p) { return p.get_flag("forwarding"); },
    /* adapts_routes */ never,
    /* make */
    [](const node_args &a) -> std::unique_ptr<fabric_node> {
      return std::make_unique<accelerator_port>(a.name, a.params, a.endpoint_id, a.connected_ports);
    }};

// A switch; adapts its routes with `port_selection: least_loaded`.
const node_traits switch_asic_traits = {
    node_role::switch_node, "radix", /* forwards */ always,
    /* adapts_routes */
    [](const param_set &p) { return p.get_choice("port_selection") == "least_loaded"; },
    /* make */
    [](const node_args &a) -> std::unique_ptr<fabric_node> {
      return std::make_unique<switch_asic>(a.name, a.params, a.connected_ports, a.connected_bps);
    }};

} // namespace

const std::vector<component_type> &component_types() {
  static const std::vector<component_type> types = [] {
    std::vector<component_type> t = {
        node_type("accelerator_port",
                  "accelerator network endpoint: ports, injection queues, ejection to the "
                  "testbench",
                  accelerator_port::param_specs(), accelerator_port_traits),
        node_type("switch_asic",
                  "switch ASIC: radix, buffer, output-queued or crossbar, cut-through or "
                  "store-and-forward, ECMP routing, core power",
                  switch_asic::param_specs(), switch_asic_traits),
        type_of(
            "link", type_category::link,
            "a link kind (under `links:`): flow control and framing, a `serdes:` and a `channel:`",
            fabric_link::param_specs()),
        type_of("serdes_phy", type_category::link_element,
                "SerDes PHY at each link end: lanes x rate, modulation, coding, FEC, pipeline, "
                "loss budget, energy per bit vs loss",
                serdes_phy::param_specs()),
        type_of(
            "pluggable_module", type_category::link_element,
            "front-panel pluggable optical module at each link end (`optics: {type: "
            "pluggable_module}`): DSP-retimed or linear (LPO), power split DSP / optics, latency, "
            "launch power and sensitivity, form factor",
            pluggable_module::param_specs()),
        type_of(
            "optical_engine", type_category::link_element,
            "co-packaged optical engine at each link end (`optics: {type: optical_engine}`): "
            "modulator/driver/TIA energy per bit, static and ring tuning power per lane, optical "
            "losses, sensitivity, latency",
            optical_engine::param_specs()),
        type_of(
            "laser_source", type_category::link_element,
            "laser feeding an optical engine (`optics: {laser: ...}`): output per fibre, lanes per "
            "fibre, wall-plug efficiency; static power",
            laser_source::param_specs()),
        type_of(
            "fiber", type_category::link_element,
            "fibre between the optical ends (`fiber:` in a link kind): length, loss, connectors, "
            "delay",
            fiber::param_specs()),
        type_of(
            "cage", type_category::link_element,
            "front-panel cage of a pluggable (`optics: {cage: ...}`): form factor, ports per RU, "
            "power limit",
            cage::param_specs()),
    };
    for (const auto &kind : electrical_channel::segment_kinds())
      t.push_back(type_of(kind, type_category::channel_segment,
                          electrical_channel::segment_kind_description(kind),
                          electrical_channel::segment_param_specs(kind)));
    t.push_back(type_of("simulation", type_category::section,
                        "the platform file's `simulation:` section", simulation_param_specs()));
    t.push_back(type_of("workload", type_category::section,
                        "the platform file's `workload:` section", workload_param_specs()));
    t.push_back(type_of("reliability_class", type_category::section,
                        "a component class of `fabricvp reliability` (`reliability: {CLASS: "
                        "...}`; presets in presets/reliability.yaml)",
                        reliability_class_specs()));
    t.push_back(type_of("reliability_job", type_category::section,
                        "the training job `fabricvp reliability` prices (`reliability: {job: "
                        "...}` or --job)",
                        reliability_job_specs()));
    t.push_back(type_of("laser_module", type_category::section,
                        "a laser module feeding co-packaged ports (`lasers:`: name, feeds, "
                        "preset or laser_source parameters)",
                        laser_module_specs()));
    t.push_back(type_of("workload_job", type_category::section,
                        "a job of a workload file (`jobs:`; also name, ranks, steps)",
                        workload_job_specs()));
    t.push_back(type_of("workload_step", type_category::section,
                        "a step of a workload file job (`steps:`; also name, ranks, after)",
                        workload_step_specs()));
    return t;
  }();
  return types;
}

const component_type *find_component_type(const std::string &name) {
  for (const auto &t : component_types())
    if (t.name == name)
      return &t;
  return nullptr;
}

const node_traits &node_traits_of(const std::string &type) {
  const component_type *t = find_component_type(type);
  if (!t || !t->node)
    throw std::logic_error("'" + type + "' is not a node type");
  return *t->node;
}

bool is_endpoint(const std::string &type) {
  const component_type *t = find_component_type(type);
  return t && t->node && t->node->role == node_role::endpoint;
}

bool is_switch(const std::string &type) {
  const component_type *t = find_component_type(type);
  return t && t->node && t->node->role == node_role::switch_node;
}

const char *category_name(type_category c) {
  switch (c) {
  case type_category::node: return "node";
  case type_category::link_element: return "link element";
  case type_category::channel_segment: return "channel segment";
  case type_category::link: return "link";
  case type_category::section: return "section";
  }
  return "?";
}

} // namespace fabricvp
