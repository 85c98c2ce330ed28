#include "modules/laser_source.h"

#include <cmath>

namespace fabricvp {

const std::vector<param_spec> &laser_source::param_specs() {
  static const std::vector<param_spec> specs = {
      choice_param("placement", "external", {"external", "integrated"},
                   "external laser source (ELSFP at the front panel) or integrated on the engine",
                   "OIF ELSFP IA (2023/2025)"),
      number_param("output_power", dimension::optical_power, "20dBm", -10, 30,
                   "optical output power per fibre (laser channel)",
                   "ELSFP e.g. 8 fibres at 20 +/- 1.5 dBm (OIF 2023/2025)"),
      integer_param("lanes_per_fibre", "4", 1, 64,
                    "lanes one laser channel feeds (split on the engine)",
                    "NVIDIA: lasers per 1.6T link 8 -> 2 (NVIDIA 2025): 8 lanes / 2 = 4"),
      number_param("split_excess_loss", dimension::loss, "0.5dB", 0, 10,
                   "splitter loss beyond the ideal 10 log10 N", "assumption"),
      number_param("wall_plug_efficiency", dimension::none, "0.25", 0.01, 1,
                   "optical output / electrical input",
                   "assumption: not found as a product figure; DSENT's default 0.25"),
      integer_param("fibres_per_module", "8", 1, 64,
                    "laser channels in one laser module (for counting modules)",
                    "ELSFP: 8 fibres (OIF 2023/2025)"),
  };
  return specs;
}

int laser_source::channels_for(const param_set &p, int lanes) {
  const long n = p.get_int("lanes_per_fibre");
  return static_cast<int>((lanes + n - 1) / n);
}

double laser_source::electrical_power_w(const param_set &p, int lanes) {
  const double optical_w = std::pow(10.0, p.get("output_power") / 10.0) * 1e-3;
  return channels_for(p, lanes) * optical_w / p.get("wall_plug_efficiency");
}

double laser_source::per_lane_dbm(const param_set &p) {
  return p.get("output_power") -
         10.0 * std::log10(static_cast<double>(p.get_int("lanes_per_fibre"))) -
         p.get("split_excess_loss");
}

laser_source::laser_source(sc_core::sc_module_name name, const param_set &p, int lanes)
    : sc_module(name), channels_(channels_for(p, lanes)),
      power_(std::string(this->name()), power_class::laser,
             {{"off", 0.0}, {"on", electrical_power_w(p, lanes)}}, 0.0, "on") {}

} // namespace fabricvp
