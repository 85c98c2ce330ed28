// Shared by the libFuzzer targets (fuzz/fuzz_*.cpp): the input written to a
// file in a private folder (the loaders read files, as the program does),
// the shipped platforms beside it (so `extends: bases/...` and
// `extends: cluster_pluggable.yaml` resolve as in platforms/), the source
// tree as FABRICVP_ROOT (presets), and the checks that turn a wrong answer
// into a finding. A finding is an abort: libFuzzer keeps the input as
// crash-*. Besides what the sanitizers see (memory errors, undefined
// behaviour, leaks, allocations over -malloc_limit_mb, -timeout), each target
// calls finding() for an exception that is not the loader's input_error (or
// std::invalid_argument for the value parsers), and for an input error whose
// message does not start with a file (or option) and, for the file loaders,
// a line.
// Leaves out: input files reached through include: other than the shipped
// ones (an include of a missing file is an input error like any other).
#pragma once

#include "core/errors.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fabricvp::fuzz {

// Sets FABRICVP_ROOT and sends stdout to /dev/null (validate prints its
// link table); call from LLVMFuzzerInitialize.
inline void initialise() {
  setenv("FABRICVP_ROOT", FABRICVP_SOURCE_DIR, 1);
  std::FILE *null = std::fopen("/dev/null", "w");
  if (null) {
    dup2(fileno(null), STDOUT_FILENO);
    std::fclose(null);
  }
}

// The private folder: platforms/*.yaml and platforms/bases linked into it.
inline const std::string &work_folder() {
  static const std::string folder = [] {
    char name[] = "/tmp/fabricvp-fuzz.XXXXXX";
    if (!mkdtemp(name))
      std::abort();
    namespace fs = std::filesystem;
    const fs::path shipped = fs::path(FABRICVP_SOURCE_DIR) / "platforms";
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(shipped, ec))
      if (entry.path().extension() == ".yaml" || entry.path().filename() == "bases")
        fs::create_symlink(entry.path(), fs::path(name) / entry.path().filename(), ec);
    static const std::string kept = name;
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(kept, ignored);
    });
    return std::string(name);
  }();
  return folder;
}

// Writes the input to WORK/NAME and returns its path.
inline std::string write_input(const std::uint8_t *data, std::size_t size,
                               const std::string &name) {
  const std::string path = work_folder() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out)
    std::abort();
  return path;
}

[[noreturn]] inline void finding(const std::string &what) {
  std::fprintf(stderr, "\nfabricvp fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// An input error's text starts with its origin: "FILE:LINE: " for an error in
// a file (with_line), else "ORIGIN: " (an option such as --set).
inline void expect_located(const std::string &message, bool with_line) {
  const std::size_t colon = message.find(": ");
  std::string origin = colon == std::string::npos ? "" : message.substr(0, colon);
  bool ok = !origin.empty() && origin.front() != ' ';
  if (ok && with_line) {
    const std::size_t last = origin.rfind(':');
    ok = last != std::string::npos && last > 0 && last + 1 < origin.size() &&
         origin.find_first_not_of("0123456789", last + 1) == std::string::npos &&
         origin.substr(last + 1) != "0";
  }
  if (!ok)
    finding(std::string("an input error without ") + (with_line ? "file and line" : "origin") +
            ": " + message);
}

} // namespace fabricvp::fuzz
