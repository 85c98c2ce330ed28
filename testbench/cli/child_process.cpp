#include "testbench/cli/child_process.h"

#include "testbench/cli/stop_signals.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace fabricvp {

child_output run_in_child_process(const std::function<std::pair<std::string, int>()> &body) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    std::string text;
    int code = 0;
    try {
      auto result = body();
      text = std::move(result.first);
      code = result.second;
    } catch (const std::exception &e) {
      text = std::string("exception: ") + e.what();
      code = 3;
    }
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t w = write(fds[1], text.data() + done, text.size() - done);
      if (w <= 0)
        break;
      done += static_cast<std::size_t>(w);
    }
    close(fds[1]);
    _exit(code);
  }
  forward_stop_signals_to(pid);
  close(fds[1]);
  child_output out;
  char buf[65536];
  for (ssize_t r; (r = read(fds[0], buf, sizeof buf)) != 0;)
    if (r > 0)
      out.text.append(buf, static_cast<std::size_t>(r));
    else if (errno != EINTR)
      break;
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  forward_stop_signals_to(0);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return out;
}

} // namespace fabricvp
