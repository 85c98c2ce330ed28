// libFuzzer target: a study file (testbench/study/study.h) read and checked,
// and its points expanded, as `fabricvp sweep` does before it loads any
// platform. It may only succeed or throw input_error with file and line.
// Seeds: fuzz/corpus/study (platforms/studies).
#include "fuzz/fuzz_support.h"
#include "testbench/study/points.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  fabricvp::fuzz::initialise();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  const std::string file = fuzz::write_input(data, size, "study.yaml");
  try {
    const study s = load_study(file);
    (void)expand_points(s);
  } catch (const input_error &e) {
    fuzz::expect_located(e.what(), true);
  }
  return 0;
}
