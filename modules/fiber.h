// The fibre between the two optical ends of a link: length x loss per length
// plus connectors (each with a loss), propagating at delay_per_length.
// Leaves out: dispersion (folded into the transceivers' power_penalty),
// reflections, fibre bend loss. Carries no power.
#pragma once

#include "core/params.h"
#include "tlm/clock.h"

namespace fabricvp {

struct fiber {
  static const std::vector<param_spec> &param_specs();

  static double loss_db(const param_set &p); // length x loss/length + connectors x loss
  static time_ps propagation_ps(const param_set &p);
};

} // namespace fabricvp
