#include "modules/fec_model.h"

#include "tlm/frame_errors.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fabricvp {

fec_code fec_code_of(const std::string &name) {
  if (name == "none")
    return {};
  if (name == "rs528_514")
    return {528, 514, 7, 10};
  if (name == "rs544_514")
    return {kp4_symbols, kp4_data_symbols, kp4_t, kp4_symbol_bits};
  throw std::invalid_argument("unknown FEC " + name);
}

double ber_of_q(double q) { return 0.5 * std::erfc(q / std::sqrt(2.0)); }

double q_of_ber(double ber) {
  double lo = 0.0, hi = 40.0; // ber_of_q falls monotonically
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (ber_of_q(mid) > ber ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double q_at_margin(double margin_db, double ber_at_zero_margin, double db_per_q_decade) {
  // Links of a platform share a few classes: keep the last bisection.
  thread_local double last_ber = -1.0, last_q0 = 0.0;
  if (ber_at_zero_margin != last_ber) {
    last_ber = ber_at_zero_margin;
    last_q0 = q_of_ber(ber_at_zero_margin);
  }
  return last_q0 * std::pow(10.0, margin_db / db_per_q_decade);
}

double pre_fec_ber(double margin_db, double ber_at_zero_margin, double db_per_q_decade) {
  return ber_of_q(q_at_margin(margin_db, ber_at_zero_margin, db_per_q_decade));
}

double rs_codeword_error(double ber, int n, int t, int symbol_bits) {
  if (ber <= 0.0)
    return 0.0;
  if (ber >= 0.5)
    return 1.0;
  // p_s = 1 - (1 - ber)^m without cancellation for tiny ber.
  const double ps = -std::expm1(symbol_bits * std::log1p(-ber));
  const double lp = std::log(ps), lq = std::log1p(-ps);
  auto log_term = [&](int k) {
    return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * lp +
           (n - k) * lq;
  };
  const int k0 = t + 1;
  if (k0 <= n * ps) { // the mean is past t: 1 - P[at most t], t + 1 small terms
    double lower = 0.0;
    for (int k = 0; k <= t; ++k)
      lower += std::exp(log_term(k));
    return std::clamp(1.0 - lower, 0.0, 1.0);
  }
  // Terms fall from k0 on: the first by logs, the rest by the ratio of
  // successive binomial terms, until they no longer change the sum.
  double term = std::exp(log_term(k0));
  const double ratio = ps / (1.0 - ps);
  double sum = 0.0;
  for (int k = k0; k <= n && term > 0.0; ++k) {
    sum += term;
    if (term < sum * 1e-18)
      break;
    term *= static_cast<double>(n - k) / (k + 1) * ratio;
  }
  if (sum < 1e-300) // below any observable rate; keeps denormals out of reports
    return 0.0;
  return sum > 1.0 ? 1.0 : sum;
}

double codeword_error(double ber, const fec_code &code) {
  if (code.none())
    return std::clamp(ber, 0.0, 1.0);
  return rs_codeword_error(ber, code.n, code.t, code.symbol_bits);
}

double frame_loss_of(double codeword_error, double data_bits) {
  const double codewords =
      std::ceil(data_bits / (static_cast<double>(kp4_data_symbols) * kp4_symbol_bits));
  return loss_over(std::min(codeword_error, 1.0 - 1e-16), codewords);
}

} // namespace fabricvp
