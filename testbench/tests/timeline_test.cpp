// The timeline applies posted changes in time order whatever order they were
// posted in (the future included), merges changes to one track at one time,
// expands a group into its members, and gives listeners the same steps
// whether its applier runs inline or on the worker thread, across many
// batches of changes.
#include "core/timeline.h"
#include "testbench/workloads/random_stream.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

using namespace fabricvp;

namespace {

struct step_log : timeline_listener {
  std::vector<std::pair<time_ps, step_value>> steps;
  time_ps finished = 0;
  void on_start(const std::vector<signal_track *> &) override {}
  void on_step(time_ps t, const std::vector<step_value> &changed) override {
    for (const step_value &v : changed)
      steps.push_back({t, v});
  }
  void on_finish(time_ps end) override { finished = end; }
};

// Posts a pseudo-random mix of changes, as blocks do: each at or after the
// current time, some far ahead, several at one time on one track.
std::vector<std::pair<time_ps, step_value>> run_script(bool worker,
                                                       std::vector<double> &integrals) {
  std::vector<std::unique_ptr<signal_track>> tracks;
  for (int i = 0; i < 40; ++i)
    tracks.push_back(std::make_unique<signal_track>("top.s" + std::to_string(i),
                                                    signal_track::kind::integer, "", "g"));
  step_log log;
  timeline tl; // destroyed before its listener
  time_ps now = 0;
  tl.now_hint_ = [&] { return now; };
  for (auto &s : tracks)
    tl.record(*s);
  tl.add_listener(&log);
  tl.set_worker_thread(worker);
  tl.start();
  random_stream rng(9);
  for (int k = 0; k < 200'000; ++k) { // ~25 batches of 8,192
    now += rng.below(3);
    signal_track &s = *tracks[rng.below(40)];
    const time_ps ahead = rng.below(8) == 0 ? rng.below(10'000'000) : rng.below(5'000);
    s.post(now + ahead, 1.0);
    s.post(now + ahead + rng.below(2000), -1.0);
  }
  const time_ps end = now + 20'000'000;
  tl.finish(end);
  EXPECT_EQ(log.finished, end);
  for (auto &s : tracks) {
    EXPECT_DOUBLE_EQ(s->value(), 0.0); // every +1 had its -1 by the end
    integrals.push_back(s->integral_to(end));
  }
  return log.steps;
}

} // namespace

TEST(timeline, worker_thread_gives_the_same_steps_as_inline) {
  std::vector<double> inline_integrals, worker_integrals;
  const auto inline_steps = run_script(false, inline_integrals);
  const auto worker_steps = run_script(true, worker_integrals);
  ASSERT_GT(inline_steps.size(), 100'000u);
  ASSERT_EQ(inline_steps.size(), worker_steps.size());
  for (std::size_t i = 0; i < inline_steps.size(); ++i) {
    ASSERT_EQ(inline_steps[i].first, worker_steps[i].first) << "step " << i;
    ASSERT_EQ(inline_steps[i].second.index, worker_steps[i].second.index) << "step " << i;
    ASSERT_EQ(inline_steps[i].second.value, worker_steps[i].second.value) << "step " << i;
  }
  EXPECT_EQ(inline_integrals, worker_integrals);
  // Steps come in time order, and each value is the running sum of its track.
  std::map<std::uint32_t, double> value;
  for (std::size_t i = 1; i < inline_steps.size(); ++i)
    ASSERT_LE(inline_steps[i - 1].first, inline_steps[i].first);
  for (const auto &[t, v] : inline_steps) {
    EXPECT_GE(v.value, 0.0) << "a -1 applied before its +1 at " << t;
    value[v.index] = v.value;
  }
}

TEST(timeline, group_posts_scale_into_members_and_merge_at_one_time) {
  signal_track a("top.a", signal_track::kind::real, "W", "p");
  signal_track b("top.b", signal_track::kind::real, "W", "p");
  signal_track rate("top.rate", signal_track::kind::real, "bit/s", "");
  a.set_initial(1.0);
  step_log log;
  timeline tl;
  tl.record(a);
  tl.record(b);
  tl.record_group(rate, {{&a, 2.0}, {&b, 0.5}});
  tl.add_listener(&log);
  tl.start();
  rate.post(1000, 4.0);  // a +8, b +2 over [1000, 3000)
  rate.post(3000, -4.0); // ... and the next transfer starts as this one ends:
  rate.post(3000, 4.0);  // merged, no step at 3000
  rate.post(5000, -4.0);
  b.post(4000, 1.0); // members still take their own posts
  tl.finish(6000);
  // a: 1 W, 9 W over [1000, 5000), then 1 W; b: 0, 2 W, 3 W from 4000, 1 W from 5000.
  EXPECT_DOUBLE_EQ(a.value(), 1.0);
  EXPECT_DOUBLE_EQ(b.value(), 1.0);
  EXPECT_DOUBLE_EQ(a.integral_to(6000), 1.0 * 6000 + 8.0 * 4000);
  EXPECT_DOUBLE_EQ(b.integral_to(6000), 2.0 * 3000 + 3.0 * 1000 + 1.0 * 1000);
  std::vector<time_ps> times;
  for (const auto &[t, v] : log.steps)
    if (times.empty() || times.back() != t)
      times.push_back(t);
  EXPECT_EQ(times, (std::vector<time_ps>{1000, 4000, 5000}));
}
