// The traffic generator's random numbers: one stream per source, xoshiro256**
// (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
// 2021): 256 bits of state, period 2^256 - 1, passes BigCrush and PractRand,
// and a draw costs a few shifts and one multiplication, where
// std::mt19937_64 refills 2.5 KB of state every 312 draws and the <random>
// distributions add a log() per call for their own constants. Seeded through
// splitmix64, as its authors recommend, so that nearby seeds give unrelated
// streams. The same seed gives the same stream on every platform (no
// implementation-defined distribution algorithms).
// Leaves out: jump-ahead (streams are seeded independently instead).
#pragma once

#include <cmath>
#include <cstdint>

namespace fabricvp {

class random_stream {
public:
  explicit random_stream(std::uint64_t seed = 1) {
    for (auto &word : s_) {
      seed += 0x9e3779b97f4a7c15ULL; // splitmix64
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0, without bias (Lemire's multiply and
  // reject, "Fast random integer generation in an interval", 2019).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = (next() >> 32) * n;
    if (static_cast<std::uint32_t>(m) < n) {
      const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
      while (static_cast<std::uint32_t>(m) < threshold)
        m = (next() >> 32) * n;
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  // Exponential with mean `mean` (inversion; 1 - u lies in (0, 1]).
  double exponential(double mean) { return -std::log(1.0 - uniform()) * mean; }
  // Failures before the first success of trials with success probability p:
  // floor(log(1 - u) / log(1 - p)), given inv_log_q = 1 / log(1 - p) < 0.
  long geometric(double inv_log_q) {
    return static_cast<long>(std::floor(std::log(1.0 - uniform()) * inv_log_q));
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

} // namespace fabricvp
