#include "modules/optical_engine.h"

namespace fabricvp {

const std::vector<param_spec> &optical_engine::param_specs() {
  static const std::vector<param_spec> specs = {
      number_param("tx_energy_per_bit", dimension::energy_per_bit, "2.4pJ/bit", 0, 100e-12,
                   "modulator + driver energy per line bit",
                   "assumption: with rx_energy_per_bit and the static terms, 5.5 W per 800G incl. "
                   "laser at full load (Broadcom Bailly, 2023-2025)"),
      number_param("rx_energy_per_bit", dimension::energy_per_bit, "1.53pJ/bit", 0, 100e-12,
                   "TIA + receiver energy per line bit", "assumption: as tx_energy_per_bit"),
      number_param("static_power_per_lane", dimension::power, "0.15W", 0, 10,
                   "bias and control power per lane, drawn regardless of traffic",
                   "assumption: no public figure"),
      number_param("ring_tuning_power_per_lane", dimension::power, "0.02W", 0, 1,
                   "micro-ring thermal tuning per lane, static regardless of traffic",
                   "assumption: not found as a product figure; DSENT heater 100,000 K/W, "
                   "10 GHz/K: 20 mW holds ~2 K of drift (DSENT)"),
      number_param("laser_coupler_loss", dimension::loss, "1.3dB", 0, 20,
                   "external laser fibre into the chip",
                   "grating coupler 1.3 dB (Mehta et al., OFC 2026 M4B.2)"),
      number_param("modulator_loss", dimension::loss, "5dB", 0, 30,
                   "modulator insertion loss (incl. modulation loss)",
                   "assumption: no row in technology.md"),
      number_param("mux_loss", dimension::loss, "0dB", 0, 20,
                   "wavelength mux (TX) and demux (RX) loss each; 0 for parallel single-"
                   "wavelength fibres (DR)",
                   "assumption: DR-style parallel fibre, no mux"),
      number_param("fiber_coupler_loss", dimension::loss, "1.3dB", 0, 20,
                   "chip to fibre coupler, at each of TX and RX",
                   "grating coupler 1.3 dB (Mehta et al., OFC 2026 M4B.2)"),
      number_param("rx_sensitivity", dimension::optical_power, "-6dBm", -40, 20,
                   "power at the photodiode per lane giving the KP4 pre-FEC threshold BER 2.4e-4",
                   "assumption: no row in technology.md"),
      number_param("power_penalty", dimension::loss, "1.5dB", 0, 20,
                   "transmitter, crosstalk and reflection penalties", "assumption"),
      number_param("latency", dimension::time, "5ns", 0, 1e-6,
                   "engine latency per direction (no DSP retiming)",
                   "Ayar Labs TeraPHY: 5 ns per chiplet plus flight time"),
  };
  return specs;
}

double optical_engine::static_power_w(const param_set &p, int lanes) {
  return lanes * (p.get("static_power_per_lane") + p.get("ring_tuning_power_per_lane"));
}

double optical_engine::full_load_power_w(const param_set &p, int lanes, double line_rate_bps) {
  return static_power_w(p, lanes) +
         (p.get("tx_energy_per_bit") + p.get("rx_energy_per_bit")) * line_rate_bps;
}

double optical_engine::launch_dbm(const param_set &p, double laser_per_lane_dbm) {
  return laser_per_lane_dbm - p.get("laser_coupler_loss") - p.get("modulator_loss") -
         p.get("mux_loss") - p.get("fiber_coupler_loss");
}

double optical_engine::receive_loss_db(const param_set &p) {
  return p.get("fiber_coupler_loss") + p.get("mux_loss");
}

optical_engine::optical_engine(sc_core::sc_module_name name, const param_set &p, int lanes,
                               double line_rate_bps, double wire_efficiency)
    : sc_module(name), latency_ps_(seconds_to_ps(p.get("latency"))),
      // TX energy on bits this end sends, RX on bits it receives: charged as
      // (tx + rx) / 2 on every transfer at both ends, equal at full load.
      power_(std::string(this->name()), power_class::optical_engine,
             {{"off", 0.0}, {"idle", static_power_w(p, lanes)}},
             (p.get("tx_energy_per_bit") + p.get("rx_energy_per_bit")) / 2.0 / wire_efficiency,
             "idle") {
  (void)line_rate_bps;
}

} // namespace fabricvp
