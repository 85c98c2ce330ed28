// The `fabricvp` command line: run, validate, list, compare, docs. Exit
// codes: 0 success, 2 bad input (platform file, option, parameter), 1 model
// failure (scoreboard violation, deadlock, SystemC error) or, for
// `docs --check`, pages that differ from the registry.
#pragma once

namespace fabricvp {
int cli_main(int argc, char **argv);
}
