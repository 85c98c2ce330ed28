// A co-packaged optical engine (CPO) serving one port's lanes at one link
// end: the host SerDes reaches it over an XSR path on the package, so there
// is no DSP retiming. Power: static bias/control and micro-ring thermal
// tuning per lane, drawn regardless of traffic, plus modulator/driver (TX)
// and TIA/receiver (RX) energy per line bit. The laser is a separate
// laser_source (external ELSFP or integrated). Optical losses on the
// engine: laser-to-chip coupler, modulator, mux/demux, fibre coupler (the
// optical budget in modules/link.cpp chains them).
// Leaves out: engine-level sharing among ports (power is per lane), ring
// temperature drift, wavelength locking, per-lane laser sparing.
#pragma once

#include "core/params.h"
#include "core/power.h"
#include "tlm/clock.h"

#include <systemc>

namespace fabricvp {

class optical_engine : public sc_core::sc_module {
public:
  static const std::vector<param_spec> &param_specs();

  optical_engine(sc_core::sc_module_name name, const param_set &p, int lanes, double line_rate_bps,
                 double wire_efficiency);

  time_ps latency_ps() const { return latency_ps_; }
  power_model &power() { return power_; }

  // Closed forms: static watts of `lanes` lanes; watts at full load both ways.
  static double static_power_w(const param_set &p, int lanes);
  static double full_load_power_w(const param_set &p, int lanes, double line_rate_bps);
  // Launch power per lane into the fibre from a laser output per fibre
  // (after the laser's split): laser - laser coupler - modulator - mux - fibre coupler.
  static double launch_dbm(const param_set &p, double laser_per_lane_dbm);
  // Loss from the far end's fibre to its detector: fibre coupler + demux.
  static double receive_loss_db(const param_set &p);

private:
  time_ps latency_ps_;
  power_model power_;
};

} // namespace fabricvp
