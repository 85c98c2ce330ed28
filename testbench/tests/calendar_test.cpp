// The arrival calendar serves every entry once, at its time, in (time, order
// of scheduling) order: clients that schedule more wake-ups from inside their
// own (at the same time, a picosecond later, within the ring's 1 us horizon
// and far beyond it, across many turns of the ring) must see exactly the
// sequence a plain priority queue on (time, sequence) gives.
#include "testbench/workloads/random_stream.h"
#include "tlm/arrival_calendar.h"

#include <gtest/gtest.h>

#include <functional>
#include <queue>
#include <vector>

using namespace fabricvp;

namespace {

struct wake {
  time_ps t;
  int client;
  bool operator==(const wake &o) const { return t == o.t && client == o.client; }
};

// What a client does when woken: draws 0-2 follow-ups at delays that range
// from zero to far beyond the ring, from one shared stream (so any change in
// the order of service changes everything after it).
constexpr time_ps stop_ps = 200'000'000; // 200 us: 200 turns of the ring
void follow_ups(random_stream &rng, time_ps now,
                const std::function<void(time_ps, int)> &schedule) {
  const std::uint32_t count = rng.below(3);
  for (std::uint32_t k = 0; k < count; ++k) {
    static constexpr time_ps delays[] = {0,       1,         127,       128,       129,       5'000,
                                         999'999, 1'000'000, 1'048'576, 3'000'000, 20'000'000};
    time_ps d = delays[rng.below(sizeof delays / sizeof delays[0])];
    if (rng.below(2))
      d += rng.below(100'000); // and somewhere up to 100 ns later
    const int client = static_cast<int>(rng.below(16));
    if (now + d < stop_ps)
      schedule(now + d, client);
  }
}

// The reference: a binary heap on (time, sequence).
std::vector<wake> reference(std::uint64_t seed, const std::vector<wake> &initial) {
  struct item {
    time_ps t;
    std::uint64_t seq;
    int client;
    bool operator>(const item &o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  std::priority_queue<item, std::vector<item>, std::greater<item>> q;
  std::uint64_t seq = 0;
  for (const wake &w : initial)
    q.push({w.t, seq++, w.client});
  random_stream rng(seed);
  std::vector<wake> served;
  while (!q.empty()) {
    const item i = q.top();
    q.pop();
    served.push_back({i.t, i.client});
    follow_ups(rng, i.t, [&](time_ps t, int c) { q.push({t, seq++, c}); });
  }
  return served;
}

class recording_client : public calendar_client {
public:
  recording_client(int id, arrival_calendar &cal, random_stream &rng, std::vector<wake> &served,
                   std::vector<recording_client> *all)
      : id_(id), cal_(cal), rng_(rng), served_(served), all_(all) {}
  void on_calendar() override {
    const time_ps now = now_ps();
    EXPECT_EQ(now, sc_core::sc_time_stamp().value());
    served_.push_back({now, id_});
    follow_ups(rng_, now, [&](time_ps t, int c) { cal_.schedule(t, (*all_)[c]); });
  }

private:
  int id_;
  arrival_calendar &cal_;
  random_stream &rng_;
  std::vector<wake> &served_;
  std::vector<recording_client> *all_;
};

} // namespace

TEST(calendar, serves_in_time_then_scheduling_order_like_a_priority_queue) {
  const std::uint64_t seed = 77;
  std::vector<wake> initial;
  random_stream init(5);
  for (int k = 0; k < 4000; ++k) // many at equal times, some far beyond the ring
    initial.push_back({init.below(4) == 0 ? init.below(50) * 1000 : init.below(30'000'000),
                       static_cast<int>(init.below(16))});
  const std::vector<wake> expected = reference(seed, initial);
  ASSERT_GT(expected.size(), 20000u);

  arrival_calendar cal("calendar");
  random_stream rng(seed);
  std::vector<wake> served;
  std::vector<recording_client> clients;
  clients.reserve(16);
  for (int c = 0; c < 16; ++c)
    clients.emplace_back(c, cal, rng, served, &clients);
  for (const wake &w : initial)
    cal.schedule(w.t, clients[static_cast<std::size_t>(w.client)]);
  EXPECT_EQ(cal.pending(), initial.size());
  sc_core::sc_start();
  EXPECT_EQ(cal.pending(), 0u);
  ASSERT_EQ(served.size(), expected.size());
  std::size_t first_difference = served.size();
  for (std::size_t i = 0; i < served.size(); ++i)
    if (!(served[i] == expected[i])) {
      first_difference = i;
      break;
    }
  EXPECT_EQ(first_difference, served.size())
      << "at " << first_difference << ": served t=" << served[first_difference].t << " client "
      << served[first_difference].client << ", expected t=" << expected[first_difference].t
      << " client " << expected[first_difference].client;
  EXPECT_GT(served.back().t, 100'000'000u); // the run went round the ring ~100 times
}
