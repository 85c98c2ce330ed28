#include "modules/serdes_phy.h"

#include <algorithm>
#include <stdexcept>

namespace fabricvp {

const std::vector<param_spec> &serdes_phy::param_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("lanes", "1", 1, 32, "electrical lanes per port and direction"),
      number_param("lane_rate", dimension::data_rate, "106.25Gbps", 1e9, 500e9,
                   "signalling rate per lane (106.25G = '100G/112G class', 212.5G = '200G/224G')",
                   "IEEE 802.3ck/dj lane rates"),
      choice_param("modulation", "pam4", {"nrz", "pam4"},
                   "bits per symbol: NRZ 1, PAM4 2 (Nyquist = baud / 2)"),
      choice_param("line_coding", "256b257b", {"none", "64b66b", "256b257b"},
                   "line code applied before FEC", "IEEE 802.3 clause 119 (256b/257b transcoding)"),
      choice_param("fec", "rs544_514", {"none", "rs528_514", "rs544_514"},
                   "forward error correction code", "KP4 RS(544,514): Intel AN 846"),
      number_param("fec_latency", dimension::time, "100ns", 0, 10e-6,
                   "FEC encode + decode latency on the link",
                   "100-120 ns, transceiver specs (technology.md FEC, LOW)"),
      number_param("clock", dimension::frequency, "1.328125GHz", 1e6, 100e9,
                   "PHY datapath clock the pipeline cycles count in",
                   "assumption: 106.25 Gb/s / 80-bit datapath"),
      number_param("tx_pipeline_cycles", dimension::none, "16", 0, 1e6,
                   "TX pipeline (PCS, gearbox, serializer) in PHY cycles",
                   "assumption: ~12 ns, no public figure"),
      number_param("rx_pipeline_cycles", dimension::none, "24", 0, 1e6,
                   "RX pipeline (CDR, DSP equalizer, deserializer) in PHY cycles",
                   "assumption: ~18 ns, no public figure"),
      choice_param("reach_class", "lr", {"xsr", "vsr", "mr", "lr"},
                   "reach class the PHY is built for (sets budget and energy in presets)"),
      number_param("loss_budget", dimension::loss, "28dB", 0, 60,
                   "maximum channel insertion loss at Nyquist the PHY can equalize",
                   "IEEE 802.3ck KR: 28 dB at 26.56 GHz"),
      number_param("ber_at_zero_margin", dimension::none, "2.4e-4", 1e-15, 0.5,
                   "pre-FEC BER of a lane at zero electrical margin (channel loss = loss_budget); "
                   "the margin sets Q = Q0 x 10^(margin / 20 dB) from it",
                   "IEEE 802.3ck: KP4 pre-FEC BER objective 2.4e-4 at 100G/lane "
                   "(ieee802.org/3/cd/email/msg00208; reliability.md 1.4)"),
      number_param("energy_per_bit_floor", dimension::energy_per_bit, "4pJ/bit", 0, 100e-12,
                   "energy per bit at zero channel loss (serializer, CDR, driver)",
                   "assumption fitted to 112G LR 6-10 pJ/bit (Ayar Labs ~2024)"),
      number_param("energy_per_bit_per_db", dimension::energy_per_bit, "0.15pJ/bit", 0, 10e-12,
                   "extra energy per bit for each dB of loss to equalize (per dB), up to the "
                   "loss budget: past the end of the equalizer's range energy stops growing",
                   "assumption: 4 + 0.15 x 28 dB = 8.2 pJ/bit, inside 6-10 pJ/bit for 112G LR"),
      number_param("idle_power_fraction", dimension::none, "0.7", 0, 1,
                   "share of full-load power drawn with no traffic (SerDes keep lanes trained)",
                   "assumption: most SerDes power is static; no public figure"),
  };
  return specs;
}

double serdes_phy::coding_efficiency_of(const std::string &coding) {
  if (coding == "none")
    return 1.0;
  if (coding == "64b66b")
    return 64.0 / 66.0;
  if (coding == "256b257b")
    return 256.0 / 257.0;
  throw std::invalid_argument("unknown line coding " + coding);
}

double serdes_phy::energy_per_bit_of(const param_set &p, double loss_db) {
  return p.get("energy_per_bit_floor") +
         p.get("energy_per_bit_per_db") * std::min(loss_db, p.get("loss_budget"));
}

double serdes_phy::fec_efficiency_of(const std::string &fec) {
  if (fec == "none")
    return 1.0;
  if (fec == "rs528_514")
    return 514.0 / 528.0;
  if (fec == "rs544_514")
    return 514.0 / 544.0;
  throw std::invalid_argument("unknown FEC " + fec);
}

serdes_phy::serdes_phy(sc_core::sc_module_name name, const param_set &p, double channel_loss_db)
    : sc_module(name), lanes_(static_cast<int>(p.get_int("lanes"))),
      lane_rate_bps_(p.get("lane_rate")),
      bits_per_symbol_(p.get_choice("modulation") == "pam4" ? 2 : 1),
      coding_efficiency_(coding_efficiency_of(p.get_choice("line_coding"))),
      fec_efficiency_(fec_efficiency_of(p.get_choice("fec"))),
      clock_(clock_descriptor::from_frequency(p.get("clock"))),
      tx_cycles_(p.get("tx_pipeline_cycles")), rx_cycles_(p.get("rx_pipeline_cycles")),
      fec_latency_ps_(p.get_choice("fec") == "none" ? 0 : seconds_to_ps(p.get("fec_latency"))),
      loss_budget_db_(p.get("loss_budget")), reach_class_(p.get_choice("reach_class")),
      ber_at_zero_margin_(p.get("ber_at_zero_margin")), e_floor_(p.get("energy_per_bit_floor")),
      e_slope_(p.get("energy_per_bit_per_db")), idle_fraction_(p.get("idle_power_fraction")),
      channel_loss_db_(channel_loss_db),
      power_(
          std::string(this->name()), power_class::serdes,
          {{"off", 0.0},
           {"idle", idle_fraction_ * energy_per_bit_j(channel_loss_db) * lanes_ * lane_rate_bps_}},
          // dynamic share, half charged at each end of a transfer; the bits
          // counted are the frame's on the wire, each carried by
          // 1 / (coding x FEC efficiency) line bits
          (1.0 - idle_fraction_) * energy_per_bit_j(channel_loss_db) / 2.0 /
              (coding_efficiency_ * fec_efficiency_),
          "idle") {}

} // namespace fabricvp
