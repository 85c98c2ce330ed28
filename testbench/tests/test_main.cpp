// Entry point of the test binary: like the fabricvp command, run inside the
// SystemC kernel's sc_elab_and_sim (libsystemc needs an sc_main), with the
// banner silenced. gtest_main's own main() is then not linked in.
#include <gtest/gtest.h>
#include <systemc>

#include <cstdlib>

int sc_main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char **argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
