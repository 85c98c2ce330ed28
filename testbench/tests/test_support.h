// Helpers shared by the regression tests: platform files written to a
// private temporary folder, whole runs through the same path as the CLI, and
// a scripted injector that sends packets at chosen times (for zero-load and
// closed-form checks). SystemC elaborates once per process, so a test builds
// at most one platform; gtest_discover_tests runs every TEST in its own process.
#pragma once

#include "platforms/elaborator.h"
#include "platforms/presets.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/cli/child_process.h"
#include "testbench/session/session.h"
#include "tlm/packet_pool.h"
#include "traces/report_json.h"
#include "traces/run_summary.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fabricvp::test {

// A fresh folder under $TMPDIR (or /tmp), unique per call.
inline std::string temp_dir() {
  const char *base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/fabricvp_test_XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    throw std::runtime_error("mkdtemp failed");
  return buf.data();
}

inline std::string write_file(const std::string &dir, const std::string &name,
                              const std::string &text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// Writes a platform file and loads it with overrides (throws input_error).
inline netlist load_platform_text(const std::string &yaml,
                                  const std::vector<std::string> &overrides = {}) {
  run_options o;
  o.platform_file = write_file(temp_dir(), "platform.yaml", yaml);
  o.overrides = overrides;
  return prepare_netlist(o);
}

// Loads, elaborates and simulates a platform given as text; one per process.
struct whole_run {
  netlist n;
  run_outcome out;
  const run_result &result() const { return out.result; }
  // The JSON report, written from the result (on first use).
  const nlohmann::json &report() const {
    if (report_.is_null())
      report_ = report_json(out.result);
    return report_;
  }
  std::uint64_t traffic(const char *key) const { return report()["traffic"][key]; }

private:
  mutable nlohmann::json report_;
};

inline std::string run_summary_text(const whole_run &r) { return run_summary(r.result()); }
// Loads, elaborates and simulates a platform file; one per process.
inline whole_run run_platform_file(const std::string &file,
                                   const std::vector<std::string> &overrides = {},
                                   run_options o = {}) {
  o.platform_file = file;
  o.overrides = overrides;
  o.quiet = true;
  whole_run r;
  r.n = prepare_netlist(o);
  r.out = run_simulation(r.n, o);
  return r;
}

inline whole_run run_platform_text(const std::string &yaml,
                                   const std::vector<std::string> &overrides = {},
                                   run_options o = {}) {
  whole_run r;
  r.n = load_platform_text(yaml, overrides);
  o.quiet = true;
  r.out = run_simulation(r.n, o);
  return r;
}

// Loads and runs a shipped platform (platforms/NAME.yaml) with overrides.
inline whole_run run_shipped_platform(const std::string &name,
                                      const std::vector<std::string> &overrides = {}) {
  return run_platform_file(platforms_folder() + "/" + name + ".yaml", overrides);
}

// Sends packets at scripted times from chosen sources to chosen
// destinations, registering each with the scoreboard as the traffic
// generator does (sequential ids, per-flow sequence numbers).
class scripted_injector : public sc_core::sc_module {
public:
  struct shot {
    time_ps t;
    std::uint32_t src, dst, size;
  };
  SC_HAS_PROCESS(scripted_injector);
  scripted_injector(sc_core::sc_module_name name, platform &p, packet_pool &pool, scoreboard &board,
                    std::vector<shot> shots)
      : sc_module(name), platform_(p), pool_(pool), board_(board), shots_(std::move(shots)),
        next_seq_(p.endpoints.size() * p.endpoints.size(), 0) {
    SC_THREAD(run);
  }
  std::vector<packet *> sent; // in injection order (valid until delivered)

private:
  void run() {
    for (const shot &s : shots_) {
      if (s.t > now_ps())
        wait(ps_time(s.t - now_ps()));
      packet &pkt = pool_.acquire();
      pkt.id = next_id_++;
      pkt.src = s.src;
      pkt.dst = s.dst;
      pkt.flow = s.src * static_cast<std::uint32_t>(platform_.endpoints.size()) + s.dst;
      pkt.seq = next_seq_[pkt.flow]++;
      pkt.size_bytes = s.size;
      pkt.created_ps = now_ps();
      board_.on_injected(pkt);
      platform_.endpoints[s.src]->inject(pkt);
    }
  }
  platform &platform_;
  packet_pool &pool_;
  scoreboard &board_;
  std::vector<shot> shots_;
  std::vector<std::uint64_t> next_seq_;
  std::uint64_t next_id_ = 0;
};

// A platform driven by a scripted injector, with a scoreboard as observer.
struct scripted_bench {
  netlist n;
  std::unique_ptr<platform> top;
  packet_pool pool;
  std::unique_ptr<scoreboard> board;
  std::unique_ptr<scripted_injector> injector;

  scripted_bench(const std::string &yaml, std::vector<scripted_injector::shot> shots,
                 const std::vector<std::string> &overrides = {})
      : n(load_platform_text(yaml, overrides)) {
    top = std::make_unique<platform>("top", n);
    board = std::make_unique<scoreboard>(pool, top->endpoints.size(), 0, ~time_ps(0) / 2, false);
    top->set_observer(board.get());
    injector =
        std::make_unique<scripted_injector>("injector", *top, pool, *board, std::move(shots));
  }
  // Runs until nothing is left to do.
  void run() { sc_core::sc_start(); }
};

// Runs `body` in a forked child process and returns the text it produced
// (SystemC elaborates once per process: a test that must compare two
// platforms runs each in its own child). The parent must not have
// elaborated anything. Throws if the child fails.
inline std::string run_in_child(const std::function<std::string()> &body) {
  const child_output out = run_in_child_process([&]() -> std::pair<std::string, int> {
    return {body(), 0};
  });
  if (out.exit_code != 0)
    throw std::runtime_error("child run failed: " + out.text);
  return out.text;
}

// round(x) for a non-negative picosecond count given in seconds.
inline time_ps ps_of(double seconds) { return static_cast<time_ps>(std::llround(seconds * 1e12)); }

} // namespace fabricvp::test
