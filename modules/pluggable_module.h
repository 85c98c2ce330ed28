// A pluggable front-panel optical module at one end of a link: DSP-retimed
// (the module's DSP re-times and equalizes both directions) or linear (LPO:
// no DSP, the host SerDes drives through the module's linear driver/TIA and
// sees extra electrical loss). Power at full load both ways is the module's
// max_power; idle_power_fraction of it is static (lasers, biasing, DSP
// clocks), the rest follows traffic per line bit. A DSP module's dsp_share
// is booked to power class retimer_dsp, the rest (lasers, drivers, TIAs) to
// optical_engine, so optics-only totals compare with co-packaged engines
// class by class. Latency is a fixed per-module delay (DSP ~45-60 ns,
// linear a few ns). The module has its own lasers: its launch power and
// receiver sensitivity set the optical budget; form factor names the cage.
// Leaves out: module temperature, per-lane failures, DSP power vs host loss.
#pragma once

#include "core/params.h"
#include "core/power.h"
#include "tlm/clock.h"

#include <systemc>

namespace fabricvp {

class pluggable_module : public sc_core::sc_module {
public:
  static const std::vector<param_spec> &param_specs();

  // line_rate_bps: lanes x lane rate; wire_efficiency: coding x FEC, to turn
  // the frame bits the link counts into line bits.
  pluggable_module(sc_core::sc_module_name name, const param_set &p, double line_rate_bps,
                   double wire_efficiency);

  bool retimed() const { return retimed_; }
  double max_power_w() const { return max_power_w_; }
  double dsp_share() const { return dsp_share_; }
  time_ps latency_ps() const { return latency_ps_; }
  const std::string &form_factor() const { return form_factor_; }
  power_model &dsp_power() { return dsp_power_; }
  power_model &optics_power() { return optics_power_; }

  // Closed forms shared with validate and tests.
  static double static_power_w(const param_set &p);
  // Full-load power (both directions at line rate) = max_power.
  static double dsp_fraction(const param_set &p); // 0 for linear modules

private:
  bool retimed_;
  double max_power_w_, dsp_share_, idle_fraction_;
  time_ps latency_ps_;
  std::string form_factor_;
  power_model dsp_power_, optics_power_;
};

} // namespace fabricvp
