// Error model of an optical lane and the KP4 FEC behind it, in closed form.
//   Q(margin)   = Q0 * 10^(margin_dB / 10): the receiver is taken as thermal-
//                 noise limited, so Q grows linearly with received optical
//                 power (OMA); Q0 is set so that 0 dB margin gives the KP4
//                 pre-FEC threshold BER 2.4e-4 (technology.md, FEC).
//   BER(Q)      = 0.5 erfc(Q / sqrt 2)      (Gaussian noise, PAM4 treated as
//                 one eye: an assumption, no per-level SER)
//   symbol error p_s = 1 - (1 - BER)^10     (10-bit RS symbols, independent
//                 bit errors: no burst errors from DFE error propagation)
//   codeword failure (RS(544,514), t = 15): P[more than 15 of 544 symbols
//                 in error] = binomial tail, summed in log space.
//   frame loss  = 1 - (1 - FER)^codewords, a frame of B wire bits spanning
//                 ceil(B / 5140) codewords.
// Leaves out: interleaving across lanes, error bursts, Hamming inner codes.
#pragma once

namespace fabricvp {

constexpr double kp4_ber_threshold = 2.4e-4; // Intel AN 846 / OFC 2026 Th1C.3
constexpr int kp4_symbols = 544, kp4_data_symbols = 514, kp4_t = 15, kp4_symbol_bits = 10;

double ber_of_q(double q);            // 0.5 erfc(q / sqrt 2)
double q_of_ber(double ber);          // inverse (bisection)
double q_at_margin(double margin_db); // Q0 * 10^(margin / 10)
double pre_fec_ber(double margin_db); // ber_of_q(q_at_margin(margin))
double rs_codeword_error(double ber, int n = kp4_symbols, int t = kp4_t,
                         int symbol_bits = kp4_symbol_bits);
// Probability a frame of `wire_bits` is lost to an uncorrectable codeword.
double frame_loss_of(double codeword_error, double wire_bits);

} // namespace fabricvp
