// Entry point of the fabricvp command. Our own main() silences SystemC's
// banner (stdout stays a clean summary) and hands over to the SystemC kernel,
// which calls sc_main.
#include "testbench/cli/cli.h"

#include <systemc>

#include <cstdlib>

int sc_main(int argc, char **argv) { return fabricvp::cli_main(argc, argv); }

int main(int argc, char **argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
