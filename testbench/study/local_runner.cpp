#include "testbench/study/local_runner.h"

#include "testbench/study/run_store.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

namespace fabricvp {
namespace {

struct pending_run {
  const planned_point *point;
  int repetition;
};

// The child: output to run.log, then the run; never returns.
[[noreturn]] void child_body(const study_plan &plan, const pending_run &r, const std::string &out) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int code = 3;
  try {
    const std::string dir = run_folder(out, r.point->point.index, r.repetition);
    std::filesystem::create_directories(dir);
    const int log = open((dir + "/run.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
      close(log);
    }
    code = execute_run(plan, *r.point, r.repetition, out);
  } catch (const std::exception &e) {
    std::cerr << "fabricvp sweep: " << e.what() << "\n";
  }
  std::cout.flush();
  std::cerr.flush();
  _exit(code);
}

// A child that left no status (killed, crashed) is recorded as crashed.
void record_crash(const std::string &out, const pending_run &r, int wait_status) {
  const std::size_t k = r.point->point.index;
  const std::string &hash = r.point->input_hash.at(r.repetition);
  const std::string status_file = run_folder(out, k, r.repetition) + "/status.json";
  auto s = read_json_file(status_file);
  if (s && s->value("input_hash", "") == hash)
    return;
  const std::string why =
      WIFSIGNALED(wait_status)
          ? "killed by signal " + std::to_string(WTERMSIG(wait_status))
          : "exited with " + std::to_string(WEXITSTATUS(wait_status)) + " without a status";
  write_file_atomically(status_file, nlohmann::json{{"status", "crashed"},
                                                    {"error", why},
                                                    {"seed", r.point->point.seeds.at(r.repetition)},
                                                    {"input_hash", hash},
                                                    {"exit_code", -1},
                                                    {"wall_s", 0.0}}
                                             .dump(2) +
                                         "\n");
}

bool failed(const std::string &out, const pending_run &r) {
  auto s = read_json_file(run_folder(out, r.point->point.index, r.repetition) + "/status.json");
  return !s || s->value("status", "") != "ok";
}

void show_progress(std::ostream &o, const local_run_counts &c, std::size_t to_run, double elapsed) {
  const double per = c.ran > 0 ? elapsed / static_cast<double>(c.ran) : 0.0;
  const double eta = per * static_cast<double>(to_run - c.ran);
  char line[160];
  std::snprintf(line, sizeof line,
                "sweep: %zu/%zu done (%zu skipped), %zu failed, elapsed %.1f s, ETA %.1f s",
                c.ran + c.skipped, c.total, c.skipped, c.failed, elapsed, eta);
  o << (isatty(STDERR_FILENO) ? "\r" : "") << line << (isatty(STDERR_FILENO) ? "" : "\n")
    << std::flush;
}

} // namespace

local_run_counts run_locally(const study_plan &plan, const std::string &out, unsigned jobs,
                             std::ostream *progress) {
  local_run_counts c;
  std::vector<pending_run> todo;
  for (const planned_point &p : plan.points)
    for (int r = 0; r < plan.s.repeat; ++r, ++c.total)
      if (!recorded_status(out, p.point.index, r, p.input_hash.at(r)))
        todo.push_back({&p, r});
  c.skipped = c.total - todo.size();
  const auto t0 = std::chrono::steady_clock::now();
  std::map<pid_t, pending_run> running;
  std::size_t next = 0;
  auto last_shown = t0;
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && running.size() < std::max(1u, jobs)) {
      std::cout.flush();
      std::cerr.flush();
      const pid_t pid = fork();
      if (pid < 0)
        throw std::runtime_error("fork failed");
      if (pid == 0)
        child_body(plan, todo[next], out);
      running[pid] = todo[next++];
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0)
      break;
    auto it = running.find(pid);
    if (it == running.end())
      continue;
    record_crash(out, it->second, status);
    c.failed += failed(out, it->second);
    ++c.ran;
    running.erase(it);
    const auto now = std::chrono::steady_clock::now();
    if (progress && (now - last_shown > std::chrono::milliseconds(500) || running.empty())) {
      show_progress(*progress, c, todo.size(), std::chrono::duration<double>(now - t0).count());
      last_shown = now;
    }
  }
  if (progress && isatty(STDERR_FILENO))
    *progress << "\n";
  return c;
}

} // namespace fabricvp
