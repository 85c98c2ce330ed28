#include "testbench/cli/stop_signals.h"

#include "core/stop_request.h"

#include <csignal>

namespace fabricvp {
namespace {

std::atomic<pid_t> forward_to{0};

extern "C" void on_stop_signal(int signal) {
  request_stop(signal);
  const pid_t child = forward_to.load(std::memory_order_relaxed);
  if (child > 0)
    kill(child, signal);
}

void handle(int signal) {
  struct sigaction action {};
  sigaction(signal, nullptr, &action);
  if (signal == SIGINT && action.sa_handler == SIG_IGN)
    return;
  action = {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART; // reads and writes carry on after the handler
  sigaction(signal, &action, nullptr);
}

} // namespace

void install_stop_handlers() {
  handle(SIGINT);
  handle(SIGTERM);
}

void forward_stop_signals_to(pid_t child) {
  forward_to.store(child, std::memory_order_relaxed);
  if (child > 0 && stop_requested()) // a signal that came before we knew the child
    kill(child, stop_signal());
}

const char *signal_name(int signal) {
  switch (signal) {
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  default: return "a signal";
  }
}

} // namespace fabricvp
