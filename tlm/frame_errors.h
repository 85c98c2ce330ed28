// Frame errors of one link direction, drawn per frame at the receiver:
//   p(frame) = 1 - (1 - P_cw)^ceil(data bits of the frame / data bits per codeword)
// for each frame's own size, where P_cw is the post-FEC codeword error ratio
// (modules/fec_model.h derives it from the link's margins; without FEC a
// "codeword" is one bit and P_cw the raw BER). The data bits of a frame are
// its wire bytes (frame + framing overhead) x 8 / line-coding efficiency.
// Optionally errors come in bursts (Gilbert-Elliott, per frame): a good state
// with the loss above and a bad state in which a frame is lost with
// probability bad_loss; the chain moves G -> B with probability p_good_to_bad
// and B -> G with p_bad_to_good before each frame. Stationary loss
//   pi_B = p_gb / (p_gb + p_bg),  mean = (1 - pi_B) p(frame) + pi_B bad_loss.
// One xorshift64* stream per link direction, seeded from the run seed.
// Leaves out: errors correlated across link directions, bit-level bursts
// inside a codeword (the burst state is per frame).
#pragma once

#include <cmath>
#include <cstdint>

namespace fabricvp {

// 1 - (1 - p)^n without cancellation for tiny p.
inline double loss_over(double p, double n) {
  if (p <= 0.0)
    return 0.0;
  if (p >= 1.0)
    return 1.0;
  return -std::expm1(n * std::log1p(-p));
}

struct frame_error_model {
  double codeword_error = 0.0;       // post-FEC error ratio of one codeword (or bit)
  double data_bits_per_codeword = 1; // 5140 for RS(544,514), 1 without FEC
  double overhead_bytes = 0.0;       // framing on the wire per frame
  double bits_per_byte = 8.0;        // 8 / line-coding efficiency
  bool burst = false;                // Gilbert-Elliott bursts
  double p_good_to_bad = 0.0, p_bad_to_good = 1.0, bad_loss = 0.0;

  // Codeword errors below this cannot show in any run (1e20 frames): the
  // link is treated as error-free, so healthy links make no draws at all.
  static constexpr double negligible = 1e-20;
  bool active() const { return codeword_error >= negligible || (burst && p_good_to_bad > 0); }
  double codewords_of(double frame_bytes) const {
    return std::ceil((frame_bytes + overhead_bytes) * bits_per_byte / data_bits_per_codeword);
  }
  // Loss probability of a frame of this size in the good (or only) state.
  double frame_loss(double frame_bytes) const {
    return codeword_error < negligible ? 0.0 : loss_over(codeword_error, codewords_of(frame_bytes));
  }
  double bad_share() const {
    return burst && p_good_to_bad > 0 ? p_good_to_bad / (p_good_to_bad + p_bad_to_good) : 0.0;
  }
  // Long-run loss ratio of frames of one size (closed form).
  double mean_frame_loss(double frame_bytes) const {
    const double b = bad_share();
    return (1.0 - b) * frame_loss(frame_bytes) + b * bad_loss;
  }
};

// The per-frame draw: a private reproducible stream and the burst state.
class frame_error_draw {
public:
  void configure(const frame_error_model &m, std::uint64_t seed) {
    model_ = m;
    state_ = seed ? seed : 1;
    bad_ = false;
    cached_size_ = ~0u;
    frames_ = lost_ = 0;
    expected_lost_ = expected_variance_ = 0.0;
  }
  const frame_error_model &model() const { return model_; }
  bool active() const { return model_.active(); }
  // True when this frame is lost (advances the stream).
  bool lost(std::uint32_t frame_bytes) {
    if (frame_bytes != cached_size_) {
      cached_size_ = frame_bytes;
      cached_loss_ = model_.frame_loss(frame_bytes);
      cached_mean_ = model_.mean_frame_loss(frame_bytes);
    }
    ++frames_;
    expected_lost_ += cached_mean_;
    expected_variance_ += cached_mean_ * (1.0 - cached_mean_);
    bool lost = false;
    if (model_.burst) {
      const double u = uniform();
      bad_ = bad_ ? !(u < model_.p_bad_to_good) : u < model_.p_good_to_bad;
      if (bad_)
        lost = uniform() < model_.bad_loss;
      else
        lost = cached_loss_ > 0.0 && uniform() < cached_loss_;
    } else {
      lost = cached_loss_ > 0.0 && uniform() < cached_loss_;
    }
    lost_ += lost;
    return lost;
  }
  // Frames drawn, lost, and the loss the model predicts for them (the sum
  // of each frame's long-run loss probability, and of p (1 - p)).
  std::uint64_t frames() const { return frames_; }
  std::uint64_t frames_lost() const { return lost_; }
  double expected_lost() const { return expected_lost_; }
  double expected_variance() const { return expected_variance_; }

private:
  double uniform() { // xorshift64*
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 2685821657736338717ULL) >> 11) * 0x1.0p-53;
  }
  frame_error_model model_;
  std::uint64_t state_ = 1;
  bool bad_ = false;
  std::uint32_t cached_size_ = ~0u;
  double cached_loss_ = 0.0, cached_mean_ = 0.0;
  std::uint64_t frames_ = 0, lost_ = 0;
  double expected_lost_ = 0.0, expected_variance_ = 0.0;
};

} // namespace fabricvp
