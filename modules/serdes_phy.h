// A SerDes PHY at one end of a link: lanes x lane signalling rate, NRZ or
// PAM4 (sets the Nyquist frequency the channel loss is read at), line coding
// and FEC overhead (RS(544,514) by default) and their latency, TX/RX pipeline
// latency in PHY clock cycles, and the loss budget of its reach class.
// Power: a transceiver at full load both ways draws e_bit(loss) x line rate,
// where e_bit(loss) = floor + slope x min(channel loss, loss budget)
// (equalization costs more the more loss it must undo, up to the end of the
// equalizer's range: a channel beyond it costs errors, not energy,
// modules/fec_model.h); an idle fraction of that is static, the rest
// follows traffic (half charged to the transmitter, half to the receiver).
// Its lane class's pre-FEC BER at zero margin feeds the error model
// (modules/fec_model.h). Leaves out: adaptation/training time, CDR lock,
// per-lane skew.
#pragma once

#include "core/params.h"
#include "core/power.h"
#include "tlm/clock.h"

#include <systemc>

namespace fabricvp {

class serdes_phy : public sc_core::sc_module {
public:
  static const std::vector<param_spec> &param_specs();

  serdes_phy(sc_core::sc_module_name name, const param_set &params, double channel_loss_db);

  int lanes() const { return lanes_; }
  double lane_rate_bps() const { return lane_rate_bps_; }
  double line_rate_bps() const { return lanes_ * lane_rate_bps_; }
  double coding_efficiency() const { return coding_efficiency_; }
  double fec_efficiency() const { return fec_efficiency_; }
  double data_rate_bps() const { return line_rate_bps() * coding_efficiency_ * fec_efficiency_; }
  double nyquist_hz() const { return lane_rate_bps_ / bits_per_symbol_ / 2.0; }
  time_ps tx_latency_ps() const { return clock_.cycles(tx_cycles_); }
  time_ps rx_latency_ps() const { return clock_.cycles(rx_cycles_); }
  time_ps fec_latency_ps() const { return fec_latency_ps_; }
  double loss_budget_db() const { return loss_budget_db_; }
  const std::string &reach_class() const { return reach_class_; }
  // Energy per bit of this PHY class at a given channel loss (J/bit), flat
  // past the loss budget (the equalizer's range ends there).
  double energy_per_bit_j(double loss_db) const {
    return e_floor_ + e_slope_ * (loss_db < loss_budget_db_ ? loss_db : loss_budget_db_);
  }
  double ber_at_zero_margin() const { return ber_at_zero_margin_; }
  double energy_per_bit_j() const { return energy_per_bit_j(channel_loss_db_); }
  double idle_fraction() const { return idle_fraction_; }
  // Static (idle) power of this transceiver, and the full-load power.
  double idle_power_w() const { return idle_fraction_ * energy_per_bit_j() * line_rate_bps(); }
  double full_load_power_w() const { return energy_per_bit_j() * line_rate_bps(); }

  power_model &power() { return power_; }

  // Pure closed forms (also used by tests and `validate`).
  static double energy_per_bit_of(const param_set &p, double loss_db);
  static double coding_efficiency_of(const std::string &coding);
  static double fec_efficiency_of(const std::string &fec);

private:
  int lanes_;
  double lane_rate_bps_;
  int bits_per_symbol_;
  double coding_efficiency_;
  double fec_efficiency_;
  clock_descriptor clock_;
  double tx_cycles_, rx_cycles_;
  time_ps fec_latency_ps_;
  double loss_budget_db_;
  std::string reach_class_;
  double ber_at_zero_margin_;
  double e_floor_, e_slope_, idle_fraction_;
  double channel_loss_db_;
  power_model power_;
};

} // namespace fabricvp
