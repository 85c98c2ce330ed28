// run_program: child programs get their arguments verbatim (no shell reads
// them), and the caller learns how they ended: exit code, signal, or not
// found on PATH.
#include "testbench/cli/run_program.h"

#include <gtest/gtest.h>

using namespace fabricvp;

TEST(run_program, passes_arguments_verbatim_without_a_shell) {
  const program_run r = run_program({"printf", "%s|", "a'b; touch X", "$(id) `id` \"q\" *"},
                                    {program_stream::capture, program_stream::discard});
  ASSERT_TRUE(r.succeeded()) << r.failure();
  EXPECT_EQ(r.output, "a'b; touch X|$(id) `id` \"q\" *|");
}

TEST(run_program, reports_the_exit_code) {
  const program_run r = run_program({"sh", "-c", "exit 3"});
  EXPECT_TRUE(r.started);
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.failure(), "exited with 3");
}

TEST(run_program, reports_a_program_that_is_not_on_path) {
  const program_run r = run_program({"fabricvp-no-such-program"});
  EXPECT_FALSE(r.started);
  EXPECT_TRUE(r.not_found());
  EXPECT_EQ(r.failure(), "not found on PATH");
}

TEST(run_program, reports_the_signal_that_killed_it) {
  const program_run r = run_program({"sh", "-c", "kill -9 $$"});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.signal, 9);
  EXPECT_EQ(r.failure(), "killed by signal 9 (Killed)");
}

TEST(run_program, discards_output_unless_captured) {
  const program_run r = run_program({"echo", "not captured"});
  EXPECT_TRUE(r.succeeded());
  EXPECT_EQ(r.output, "");
}
