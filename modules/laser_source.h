// The continuous-wave laser feeding a co-packaged optical engine at one link
// end: external (ELSFP, field-replaceable at the front panel) or integrated.
// Each laser channel puts output_power (dBm) into one fibre, split over
// lanes_per_fibre lanes (10 log10 N split loss plus split_excess_loss). Its
// electrical power is output / wall-plug efficiency per channel, static:
// lasers draw the same at idle and at full load (power class laser).
// Leaves out: TEC cooling, laser ageing and sparing, RIN.
#pragma once

#include "core/params.h"
#include "core/power.h"

#include <systemc>

namespace fabricvp {

class laser_source : public sc_core::sc_module {
public:
  static const std::vector<param_spec> &param_specs();

  laser_source(sc_core::sc_module_name name, const param_set &p, int lanes);

  int channels() const { return channels_; }
  power_model &power() { return power_; }

  // Closed forms.
  static int channels_for(const param_set &p, int lanes); // ceil(lanes / lanes_per_fibre)
  static double electrical_power_w(const param_set &p, int lanes);
  static double per_lane_dbm(const param_set &p); // output - split - excess

private:
  int channels_;
  power_model power_;
};

} // namespace fabricvp
