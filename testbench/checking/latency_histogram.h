// Latency statistics in picoseconds: exact count, sum, min and max, and a
// log-linear histogram for percentiles (exact below 2048 ps, else within
// 1/1024 relative). A percentile is the midpoint of its bucket, clamped to
// [min, max], so a run where every packet sees the same latency reports it
// exactly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fabricvp {

class latency_histogram {
public:
  void add(std::uint64_t ps) {
    const std::size_t b = bucket(ps);
    if (b >= counts_.size())
      counts_.resize(b + 1, 0);
    ++counts_[b];
    ++count_;
    sum_ += static_cast<double>(ps);
    min_ = std::min(min_, ps);
    max_ = std::max(max_, ps);
  }
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  // q in [0, 1]
  double percentile(double q) const {
    if (!count_)
      return 0.0;
    const std::uint64_t rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(q * static_cast<double>(count_) + 0.5));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < counts_.size(); ++b) {
      seen += counts_[b];
      if (seen >= rank) {
        const double mid = bucket_mid(b);
        return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
      }
    }
    return static_cast<double>(max_);
  }

private:
  static constexpr int sub_bits = 10; // 1024 sub-buckets per power of two
  static std::size_t bucket(std::uint64_t v) {
    if (v < (2u << sub_bits))
      return static_cast<std::size_t>(v);
    int e = 63 - __builtin_clzll(v) - sub_bits; // >= 1
    const std::uint64_t sub = v >> e;           // in [1024, 2047]
    return (2u << sub_bits) + static_cast<std::size_t>(e - 1) * (1u << sub_bits) +
           static_cast<std::size_t>(sub - (1u << sub_bits));
  }
  static double bucket_mid(std::size_t b) {
    if (b < (2u << sub_bits))
      return static_cast<double>(b);
    const std::size_t rest = b - (2u << sub_bits);
    const int e = static_cast<int>(rest >> sub_bits) + 1;
    const std::uint64_t sub = (rest & ((1u << sub_bits) - 1)) + (1u << sub_bits);
    const double lower = static_cast<double>(sub << e);
    return lower + static_cast<double>((1ull << e) - 1) / 2.0;
  }
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

} // namespace fabricvp
