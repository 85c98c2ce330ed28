#include "testbench/study/points.h"

namespace fabricvp {

namespace {

// The number of values of each zip group (every axis of a group has as many).
std::vector<std::size_t> group_sizes(const study &s) {
  std::vector<std::size_t> sizes(s.groups, 1);
  for (const auto &a : s.axes)
    sizes[a.group] = a.values.size();
  return sizes;
}

} // namespace

std::vector<study_point> expand_points(const study &s) {
  const std::vector<std::size_t> sizes = group_sizes(s);
  std::size_t per_platform = 1;
  for (std::size_t n : sizes)
    per_platform *= n;
  std::vector<study_point> points;
  points.reserve(per_platform * s.platforms.size());
  for (std::size_t p = 0; p < s.platforms.size(); ++p)
    for (std::size_t k = 0; k < per_platform; ++k) {
      study_point pt;
      pt.index = points.size();
      pt.platform = p;
      // Mixed radix over the groups, the last group fastest.
      std::vector<std::size_t> at(sizes.size());
      std::size_t rest = k;
      for (std::size_t g = sizes.size(); g-- > 0;) {
        at[g] = rest % sizes[g];
        rest /= sizes[g];
      }
      for (const auto &set : s.set)
        pt.overrides.push_back(set.path + "=" + set.value);
      for (const auto &a : s.axes) {
        pt.values.push_back(at[a.group]);
        pt.overrides.push_back(a.path + "=" + a.values[at[a.group]].text);
      }
      points.push_back(std::move(pt));
    }
  return points;
}

void assign_seeds(study_point &p, long base_seed, int repeat) {
  p.seeds.clear();
  for (int r = 0; r < repeat; ++r)
    p.seeds.push_back(base_seed + r);
}

} // namespace fabricvp
