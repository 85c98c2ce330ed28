// libFuzzer target: a preset file (platforms/presets.h) read into a catalog,
// every value checked against its component type's parameter spec as the
// loader does. It may only succeed or throw input_error with file and line.
// Seeds: fuzz/corpus/preset (platforms/presets).
#include "fuzz/fuzz_support.h"
#include "platforms/presets.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  fabricvp::fuzz::initialise();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  const std::string file = fuzz::write_input(data, size, "presets.yaml");
  try {
    preset_catalog presets;
    presets.load_file(file);
  } catch (const input_error &e) {
    fuzz::expect_located(e.what(), true);
  }
  return 0;
}
