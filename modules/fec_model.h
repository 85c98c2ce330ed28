// One error model for every lane, electrical or optical, in closed form:
//   margin -> Q -> pre-FEC BER -> post-FEC codeword error -> frame loss.
//   Q(margin)   = Q0 * 10^(margin_dB / D), Q0 = Q at which BER = BER0, the
//                 lane class's BER at zero margin (a preset value with its
//                 source: 2.4e-4 for KP4 at 100G/lane, IEEE 802.3ck).
//                 D = 10 for optical margins (a thermal-noise-limited
//                 receiver: Q grows linearly with received optical power),
//                 D = 20 for electrical margins (loss beyond the equalizer's
//                 range scales the signal amplitude, 20 log10, against a
//                 fixed noise and crosstalk floor at the slicer: assumption).
//   BER(Q)      = 0.5 erfc(Q / sqrt 2)      (Gaussian noise, PAM4 treated as
//                 one eye: an assumption, no per-level SER)
//   link BER    = 1 - prod(1 - BER_segment) over the segments the FEC spans
//                 (an optical link: the host electrical path at each end and
//                 the optical path; end-to-end FEC)
//   symbol error p_s = 1 - (1 - BER)^m      (m-bit RS symbols, independent
//                 bit errors; bursts: tlm/frame_errors.h, optional)
//   codeword failure (RS(n,k), t = (n-k)/2): P[more than t of n symbols in
//                 error] = binomial tail, summed in log space.
//   frame loss  = 1 - (1 - P_cw)^codewords, a frame of B data bits spanning
//                 ceil(B / (k m)) codewords (tlm/frame_errors.h), for each
//                 frame's own size.
// Without FEC a codeword is one bit (P_cw = BER).
// Leaves out: interleaving across lanes, Hamming inner codes (802.3dj
// 200G/lane optics), DFE error propagation (use the burst option).
#pragma once

#include <string>

namespace fabricvp {

constexpr double kp4_ber_threshold =
    2.4e-4; // IEEE 802.3ck KP4 pre-FEC objective (reliability.md 1.4)
constexpr int kp4_symbols = 544, kp4_data_symbols = 514, kp4_t = 15, kp4_symbol_bits = 10;
constexpr double optical_db_per_q_decade = 10.0;    // Q ~ received optical power
constexpr double electrical_db_per_q_decade = 20.0; // Q ~ signal amplitude

struct fec_code {
  int n = 0, k = 0, t = 0, symbol_bits = 1; // n == 0: no FEC
  bool none() const { return n == 0; }
  double data_bits() const { return none() ? 1.0 : static_cast<double>(k) * symbol_bits; }
};
// "none", "rs528_514" (KR4, t = 7), "rs544_514" (KP4, t = 15).
fec_code fec_code_of(const std::string &name);

double ber_of_q(double q);   // 0.5 erfc(q / sqrt 2)
double q_of_ber(double ber); // inverse (bisection)
double q_at_margin(double margin_db, double ber_at_zero_margin = kp4_ber_threshold,
                   double db_per_q_decade = optical_db_per_q_decade);
double pre_fec_ber(double margin_db, double ber_at_zero_margin = kp4_ber_threshold,
                   double db_per_q_decade = optical_db_per_q_decade);
double rs_codeword_error(double ber, int n = kp4_symbols, int t = kp4_t,
                         int symbol_bits = kp4_symbol_bits);
// Post-FEC error ratio of one codeword of `code` (of one bit without FEC).
double codeword_error(double ber, const fec_code &code);
// Probability a frame of `data_bits` (after line coding) is lost to an
// uncorrectable codeword of KP4.
double frame_loss_of(double codeword_error, double data_bits);

} // namespace fabricvp
