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

namespace fabricvp {

const std::vector<component_type> &component_types() {
  static const std::vector<component_type> types = [] {
    std::vector<component_type> t = {
        {"accelerator_port", type_category::node,
         "accelerator network endpoint: ports, injection queues, ejection to the testbench",
         &accelerator_port::param_specs()},
        {"switch_asic", type_category::node,
         "switch ASIC: radix, buffer, output-queued or crossbar, cut-through or "
         "store-and-forward, ECMP routing, core power",
         &switch_asic::param_specs()},
        {"link", type_category::link,
         "a link kind (under `links:`): flow control and framing, a `serdes:` and a `channel:`",
         &fabric_link::param_specs()},
        {"serdes_phy", type_category::link_element,
         "SerDes PHY at each link end: lanes x rate, modulation, coding, FEC, pipeline, "
         "loss budget, energy per bit vs loss",
         &serdes_phy::param_specs()},
        {"pluggable_module", type_category::link_element,
         "front-panel pluggable optical module at each link end (`optics: {type: "
         "pluggable_module}`): DSP-retimed or linear (LPO), power split DSP / optics, latency, "
         "launch power and sensitivity, form factor",
         &pluggable_module::param_specs()},
        {"optical_engine", type_category::link_element,
         "co-packaged optical engine at each link end (`optics: {type: optical_engine}`): "
         "modulator/driver/TIA energy per bit, static and ring tuning power per lane, optical "
         "losses, sensitivity, latency",
         &optical_engine::param_specs()},
        {"laser_source", type_category::link_element,
         "laser feeding an optical engine (`optics: {laser: ...}`): output per fibre, lanes per "
         "fibre, wall-plug efficiency; static power",
         &laser_source::param_specs()},
        {"fiber", type_category::link_element,
         "fibre between the optical ends (`fiber:` in a link kind): length, loss, connectors, "
         "delay",
         &fiber::param_specs()},
        {"cage", type_category::link_element,
         "front-panel cage of a pluggable (`optics: {cage: ...}`): form factor, ports per RU, "
         "power limit",
         &cage::param_specs()},
    };
    for (const auto &kind : electrical_channel::segment_kinds())
      t.push_back({kind, type_category::channel_segment,
                   "electrical channel segment (in a link's `channel:` list)",
                   &electrical_channel::segment_param_specs(kind)});
    t.push_back({"simulation", type_category::section, "the platform file's `simulation:` section",
                 &simulation_param_specs()});
    t.push_back({"workload", type_category::section, "the platform file's `workload:` section",
                 &workload_param_specs()});
    t.push_back({"workload_job", type_category::section,
                 "a job of a workload file (`jobs:`; also name, ranks, steps)",
                 &workload_job_specs()});
    t.push_back({"workload_step", type_category::section,
                 "a step of a workload file job (`steps:`; also name, ranks, after)",
                 &workload_step_specs()});
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
