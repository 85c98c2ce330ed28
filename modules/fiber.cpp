#include "modules/fiber.h"

namespace fabricvp {

const std::vector<param_spec> &fiber::param_specs() {
  static const std::vector<param_spec> specs = {
      number_param("length", dimension::length, "50m", 0, 1e5, "fibre length",
                   "assumption: a switch-to-switch run inside a row of racks"),
      number_param("loss_per_length", dimension::loss_per_length, "0.4dB/km", 0, 1,
                   "fibre attenuation", "assumption: single-mode fibre ~0.4 dB/km at 1310 nm"),
      integer_param("connectors", "2", 0, 20, "mated connector pairs on the run",
                    "assumption: one patch panel pair + module end"),
      number_param("connector_loss", dimension::loss, "0.5dB", 0, 5, "loss per connector pair",
                   "assumption: within the 400GBASE-LR8 6.3 dB channel loss (TIA FOTC)"),
      number_param("delay_per_length", dimension::delay_per_length, "4.9ns/m", 1e-9, 1e-8,
                   "propagation delay", "assumption: c / 1.468 (group index of SMF)"),
  };
  return specs;
}

double fiber::loss_db(const param_set &p) {
  return p.get("length") * p.get("loss_per_length") +
         static_cast<double>(p.get_int("connectors")) * p.get("connector_loss");
}

time_ps fiber::propagation_ps(const param_set &p) {
  return seconds_to_ps(p.get("length") * p.get("delay_per_length"));
}

} // namespace fabricvp
