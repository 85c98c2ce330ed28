// The `fabricvp` command line: run, validate, list, compare, sweep, docs.
// Exit codes: 0 success, 2 bad input (platform file, option, parameter, an
// output that would replace a file), 1 model failure (scoreboard violation,
// deadlock, SystemC error; for compare, a run that failed or was killed; for
// `docs --check`, pages that differ from the registry), 130 / 143 stopped by
// SIGINT / SIGTERM (run: with its outputs up to then).
#pragma once

namespace fabricvp {
int cli_main(int argc, char **argv);
}
