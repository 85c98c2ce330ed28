// SIGINT and SIGTERM stop a run at its next event instead of killing it: the
// handler records the signal (core/stop_request.h), and forwards it to the
// child process being waited for (a `compare` run), if any. The command
// then writes its outputs and exits with 128 + the signal (130, 143).
// SIGINT stays ignored where it was ignored on entry (a background job of a
// shell without job control, as a shell would leave it).
#pragma once

#include <sys/types.h>

namespace fabricvp {

void install_stop_handlers();

// The child a stop signal is passed on to; 0 for none.
void forward_stop_signals_to(pid_t child);

// "SIGINT", "SIGTERM", ...
const char *signal_name(int signal);

inline int exit_code_for_signal(int signal) { return 128 + signal; }

} // namespace fabricvp
