#include "testbench/cli/run_program.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

extern char **environ;

namespace fabricvp {
namespace {

// The spawn's file actions for one stream: /dev/null, or the pipe's write end.
void redirect(posix_spawn_file_actions_t &actions, int fd, program_stream how, int pipe_write) {
  if (how == program_stream::discard)
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0);
  else if (how == program_stream::capture)
    posix_spawn_file_actions_adddup2(&actions, pipe_write, fd);
}

std::string read_all(int fd) {
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t r = read(fd, buf, sizeof buf);
    if (r > 0)
      text.append(buf, static_cast<std::size_t>(r));
    else if (r == 0 || errno != EINTR)
      return text;
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
  return status;
}

} // namespace

std::string killed_by_text(int signal) {
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

std::string wait_status_text(int status) {
  if (WIFEXITED(status))
    return "exited with " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return killed_by_text(WTERMSIG(status));
  return "stopped";
}

std::string program_run::failure() const {
  if (!started)
    return not_found() ? "not found on PATH"
                       : std::string("cannot start: ") + std::strerror(start_error);
  if (signal != 0)
    return killed_by_text(signal);
  return "exited with " + std::to_string(exit_code);
}

program_run run_program(const std::vector<std::string> &argv, program_io io) {
  if (argv.empty())
    throw std::logic_error("run_program: no program");
  if (io.err == program_stream::capture)
    throw std::logic_error("run_program: stderr cannot be captured");
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  int fds[2] = {-1, -1};
  if (io.out == program_stream::capture && pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  redirect(actions, STDOUT_FILENO, io.out, fds[1]);
  redirect(actions, STDERR_FILENO, io.err, fds[1]);
  pid_t pid = 0;
  program_run run;
  run.start_error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (fds[1] >= 0)
    close(fds[1]);
  if (run.start_error != 0) {
    if (fds[0] >= 0)
      close(fds[0]);
    return run;
  }
  run.started = true;
  if (fds[0] >= 0) {
    run.output = read_all(fds[0]);
    close(fds[0]);
  }
  const int status = wait_for(pid);
  if (WIFEXITED(status))
    run.exit_code = WEXITSTATUS(status);
  else
    run.signal = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
  return run;
}

} // namespace fabricvp
