// The scoreboard catches what a broken model does: a duplicated delivery, a
// packet delivered out of order within its flow, one never injected, and one
// silently lost (found once the run has drained). A whole run through a
// deliberately faulty observer (it loses one packet and duplicates another)
// must be flagged with the right messages.
#include "test_support.h"

#include "testbench/workloads/traffic.h"

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

struct fixture {
  packet_pool pool;
  scoreboard board{pool, 2, 0, 1000000, false};
  packet &make(std::uint64_t id, std::uint64_t seq, std::uint32_t flow = 1) {
    packet &p = pool.acquire();
    p.id = id;
    p.src = 0;
    p.dst = 1;
    p.flow = flow;
    p.seq = seq;
    p.size_bytes = 100;
    return p;
  }
  bool any_message(const std::string &needle) const {
    for (const auto &m : board.violation_messages())
      if (m.find(needle) != std::string::npos)
        return true;
    return false;
  }
};

} // namespace

TEST(scoreboard, clean_run_has_no_violations_and_conserves) {
  fixture f;
  packet &a = f.make(0, 0), &b = f.make(1, 1), &c = f.make(2, 2);
  for (packet *p : {&a, &b, &c})
    f.board.on_injected(*p);
  EXPECT_EQ(f.board.in_flight(), 3u);
  f.board.on_delivered(a, 500);
  f.board.on_dropped(b, 600, "buffer_full", "sw0");
  EXPECT_EQ(f.board.in_flight(), 1u);
  f.board.on_delivered(c, 700);
  EXPECT_EQ(f.board.violation_count(), 0u);
  EXPECT_EQ(f.board.in_flight(), 0u);
  EXPECT_EQ(f.board.counts().delivered, 2u);
  EXPECT_EQ(f.board.counts().dropped, 1u);
  EXPECT_EQ(f.board.counts().drops_by_reason.at("buffer_full"), 1u);
  EXPECT_EQ(f.pool.in_use(), 0u); // every packet went back to the pool once
  f.board.check_drained(0);
  EXPECT_EQ(f.board.violation_count(), 0u);
}

TEST(scoreboard, duplicate_delivery_is_a_violation) {
  fixture f;
  packet &a = f.make(0, 0);
  f.board.on_injected(a);
  f.board.on_delivered(a, 100);
  f.board.on_delivered(a, 200); // a broken model delivers it again
  EXPECT_EQ(f.board.violation_count(), 1u);
  EXPECT_TRUE(f.any_message("duplicate")) << f.board.violation_messages().at(0);
  EXPECT_EQ(f.board.counts().delivered, 1u); // counted once
}

TEST(scoreboard, drop_after_delivery_is_a_duplicate_fate) {
  fixture f;
  packet &a = f.make(0, 0);
  f.board.on_injected(a);
  f.board.on_delivered(a, 100);
  f.board.on_dropped(a, 200, "buffer_full", "sw0");
  EXPECT_EQ(f.board.violation_count(), 1u);
  EXPECT_TRUE(f.any_message("drop of packet 0"));
  EXPECT_EQ(f.board.counts().dropped, 0u);
}

TEST(scoreboard, out_of_order_delivery_within_a_flow) {
  fixture f;
  packet &a = f.make(0, 0), &b = f.make(1, 1);
  f.board.on_injected(a);
  f.board.on_injected(b);
  f.board.on_delivered(b, 100);
  f.board.on_delivered(a, 200);
  EXPECT_EQ(f.board.violation_count(), 1u);
  EXPECT_TRUE(f.any_message("out of order"));
}

TEST(scoreboard, reordering_across_flows_or_when_allowed_is_fine) {
  fixture f;
  packet &a = f.make(0, 0, 1), &b = f.make(1, 0, 2);
  f.board.on_injected(a);
  f.board.on_injected(b);
  f.board.on_delivered(b, 100);
  f.board.on_delivered(a, 200);
  EXPECT_EQ(f.board.violation_count(), 0u);

  packet_pool pool;
  scoreboard adaptive(pool, 2, 0, 1000, true);
  packet &c = pool.acquire(), &d = pool.acquire();
  c.id = 0, c.flow = 1, c.seq = 0;
  d.id = 1, d.flow = 1, d.seq = 1;
  adaptive.on_injected(c);
  adaptive.on_injected(d);
  adaptive.on_delivered(d, 10);
  adaptive.on_delivered(c, 20);
  EXPECT_EQ(adaptive.violation_count(), 0u);
}

TEST(scoreboard, delivery_of_a_packet_never_injected) {
  fixture f;
  packet &ghost = f.make(7, 0);
  f.board.on_delivered(ghost, 100);
  EXPECT_EQ(f.board.violation_count(), 1u);
  EXPECT_TRUE(f.any_message("never injected"));
}

TEST(scoreboard, silently_lost_packet_is_found_after_drain) {
  fixture f;
  packet &a = f.make(0, 0), &b = f.make(1, 1);
  f.board.on_injected(a);
  f.board.on_injected(b);
  f.board.on_delivered(a, 100);
  // b vanishes: neither delivered nor dropped, not queued anywhere.
  f.board.check_drained(0);
  EXPECT_EQ(f.board.violation_count(), 1u);
  EXPECT_TRUE(f.any_message("1 packets were neither delivered nor dropped: lost"));
}

TEST(scoreboard, packets_stuck_at_ports_are_a_deadlock) {
  fixture f;
  packet &a = f.make(0, 0);
  f.board.on_injected(a);
  f.board.check_drained(1);
  EXPECT_TRUE(f.any_message("deadlock"));
}

namespace {

// A deliberately broken fabric: loses packet `lose` (it never reaches the
// scoreboard) and delivers packet `twice` two times.
class faulty_observer : public packet_observer {
public:
  faulty_observer(scoreboard &b, std::uint64_t lose, std::uint64_t twice)
      : board_(b), lose_(lose), twice_(twice) {}
  void on_delivered(packet &pkt, time_ps at) override {
    if (pkt.id == lose_)
      return;
    const bool dup = pkt.id == twice_;
    board_.on_delivered(pkt, at);
    if (dup)
      board_.on_delivered(pkt, at + 1000);
  }
  void on_dropped(packet &pkt, time_ps at, const char *reason, const std::string &where) override {
    board_.on_dropped(pkt, at, reason, where);
  }

private:
  scoreboard &board_;
  std::uint64_t lose_, twice_;
};

} // namespace

TEST(scoreboard, whole_run_through_a_faulty_fabric_is_flagged) {
  netlist n = load_platform_text(R"(
fabricvp: 1
name: faulty
simulation: {duration: 10us, warmup: 1us, seed: 2}
components:
  - {name: "acc{i}", count: 4, type: accelerator_port, ports: 1}
  - {name: sw0, type: switch_asic, radix: 4}
links:
  l:
    serdes: {lanes: 4}
    channel:
      - {segment: cable, length: 1m}
connections:
  - {for: {i: 0..3}, a: "acc{i}.port0", b: "sw0.port{i}", link: l}
workload: {pattern: uniform_random, load: 0.5, size: 4KiB}
)");
  platform top("top", n);
  packet_pool pool;
  scoreboard board(pool, top.endpoints.size(), 0, seconds_to_ps(10e-6), false);
  faulty_observer faulty(board, 10, 20);
  top.set_observer(&faulty);
  traffic_generator gen("traffic", top, n.workload, 2, pool, board);
  sc_core::sc_start(sc_core::sc_time(10, sc_core::SC_US));
  gen.stop();
  sc_core::sc_start();
  ASSERT_GT(board.counts().injected, 50u);
  board.check_drained(0);
  ASSERT_EQ(board.violation_count(), 2u);
  EXPECT_NE(board.violation_messages()[0].find("packet 20"), std::string::npos);
  EXPECT_NE(board.violation_messages()[0].find("duplicate"), std::string::npos);
  EXPECT_NE(board.violation_messages()[1].find("1 packets were neither delivered nor dropped"),
            std::string::npos);
  EXPECT_EQ(board.in_flight(), 1u);
  EXPECT_EQ(board.counts().delivered, board.counts().injected - 1);
}
