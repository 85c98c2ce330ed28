// "Did you mean" for a misspelt name: the known names closest to it by edit
// distance (Levenshtein: insertions, deletions, substitutions; an adjacent
// swap counts as one edit, Damerau's restricted form), case-insensitive.
// A name counts as close when at most a third of its letters (and at least
// one) must change, or when one name starts with the other.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace fabricvp {

inline std::size_t edit_distance(const std::string &a, const std::string &b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j)
    d[0][j] = j;
  auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

// Up to `most` known names close to `name`, closest first (ties in the
// order given).
inline std::vector<std::string> nearest_names(const std::string &name,
                                              const std::vector<std::string> &known,
                                              std::size_t most = 3) {
  if (name.empty())
    return {};
  std::vector<std::pair<std::size_t, std::string>> scored;
  const std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
  for (const std::string &k : known) {
    if (k == name)
      continue;
    const std::size_t dist = edit_distance(name, k);
    const bool prefix = k.rfind(name, 0) == 0 || name.rfind(k, 0) == 0;
    if (dist <= allowed || (prefix && std::min(k.size(), name.size()) >= 3))
      scored.push_back({dist, k});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto &x, const auto &y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < most; ++i)
    out.push_back(scored[i].second);
  return out;
}

// "; did you mean 'count'?" or "; did you mean 'a', 'b' or 'c'?", or "".
inline std::string did_you_mean(const std::string &name, const std::vector<std::string> &known) {
  const std::vector<std::string> near = nearest_names(name, known);
  if (near.empty())
    return "";
  std::string text = "; did you mean ";
  for (std::size_t i = 0; i < near.size(); ++i)
    text += (i == 0 ? "" : i + 1 == near.size() ? " or " : ", ") + ("'" + near[i] + "'");
  return text + "?";
}

} // namespace fabricvp
