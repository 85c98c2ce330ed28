// Statistics and outputs: latency histogram percentiles against exact order
// statistics, and determinism (same seed, same inputs: byte-identical
// report; another seed: a different one). Each run happens in its own
// forked child, since SystemC elaborates once per process.
#include "test_support.h"

#include "testbench/checking/latency_histogram.h"

#include <algorithm>

using namespace fabricvp;
using namespace fabricvp::test;

TEST(latency_histogram, identical_samples_are_reported_exactly) {
  latency_histogram h;
  for (int i = 0; i < 1000; ++i)
    h.add(267320);
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_DOUBLE_EQ(h.mean(), 267320.0);
  EXPECT_DOUBLE_EQ(h.percentile(0.5), 267320.0);
  EXPECT_DOUBLE_EQ(h.percentile(0.99), 267320.0);
  EXPECT_EQ(h.min(), 267320u);
  EXPECT_EQ(h.max(), 267320u);
}

TEST(latency_histogram, exact_below_2048_ps) {
  latency_histogram h;
  for (std::uint64_t v = 1000; v >= 1; --v) // order does not matter
    h.add(v);
  EXPECT_DOUBLE_EQ(h.percentile(0.5), 500.0);
  EXPECT_DOUBLE_EQ(h.percentile(0.99), 990.0);
  EXPECT_DOUBLE_EQ(h.percentile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(h.percentile(1.0), 1000.0);
  EXPECT_DOUBLE_EQ(h.mean(), 500.5);
}

TEST(latency_histogram, percentiles_within_one_part_in_1024) {
  latency_histogram h;
  std::vector<std::uint64_t> all;
  std::uint64_t x = 88172645463325252ULL; // xorshift64: deterministic spread
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const std::uint64_t v = 100000 + x % 5000000; // 0.1 .. 5.1 us
    h.add(v);
    all.push_back(v);
  }
  std::sort(all.begin(), all.end());
  for (double q : {0.01, 0.25, 0.5, 0.9, 0.99, 0.999}) {
    const double exact =
        static_cast<double>(all[static_cast<std::size_t>(q * all.size() + 0.5) - 1]);
    EXPECT_NEAR(h.percentile(q), exact, exact / 1024) << "q=" << q;
  }
  double sum = 0;
  for (auto v : all)
    sum += static_cast<double>(v);
  EXPECT_NEAR(h.mean(), sum / all.size(), 1e-6);
  EXPECT_EQ(h.min(), all.front());
  EXPECT_EQ(h.max(), all.back());
}

TEST(latency_histogram, empty_is_zero) {
  latency_histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_DOUBLE_EQ(h.mean(), 0.0);
  EXPECT_DOUBLE_EQ(h.percentile(0.5), 0.0);
}

namespace {

std::string stable_report_of(long seed, const std::string &platform_file) {
  return run_in_child([=] {
    run_options o;
    o.platform_file = platform_file;
    o.seed = seed;
    o.duration = "5us";
    o.quiet = true;
    netlist n = prepare_netlist(o);
    run_outcome out = run_simulation(n, o);
    return stable_report_text(report_json(out.result));
  });
}

} // namespace

TEST(determinism, same_seed_same_report_bytes) {
  const std::string file = platforms_folder() + "/default.yaml";
  const std::string a = stable_report_of(7, file);
  const std::string b = stable_report_of(7, file);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.find("\"perf\""), std::string::npos); // wall-clock figures left out
  const std::string c = stable_report_of(8, file);
  EXPECT_NE(a, c); // the seed does reach the traffic
}

TEST(determinism, lossy_leaf_spine_same_seed_same_report_bytes) {
  const std::string file = platforms_folder() + "/leaf_spine.yaml";
  EXPECT_EQ(stable_report_of(3, file), stable_report_of(3, file));
}
