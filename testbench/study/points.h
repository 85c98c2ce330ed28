// The points of a study: the product of the platforms and the axis groups
// (the axes of one zip group advance together), the first slowest, each
// point with its overrides (the study's `set:` then one PATH=VALUE per
// axis) and, per repetition, its seed. A run is one (point, repetition).
// Leaves out: checking the overrides against a platform (study_check.h).
#pragma once

#include "testbench/study/study.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fabricvp {

struct study_point {
  std::size_t index = 0;
  std::size_t platform = 0;        // into study::platforms
  std::vector<std::size_t> values; // per axis, the index of its value
  std::vector<std::string> overrides;
  std::vector<long> seeds; // one per repetition (filled once the base seed is known)
};

std::vector<study_point> expand_points(const study &s);

// seeds[r] = base + r for every repetition.
void assign_seeds(study_point &p, long base_seed, int repeat);

} // namespace fabricvp
