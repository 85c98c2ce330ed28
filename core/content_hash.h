// A short fingerprint of a text: FNV-1a, 64 bits, as 16 hexadecimal digits
// (Fowler, Noll, Vo; offset basis 14695981039346656037, prime 1099511628211).
// For recognising content (a .gtkw fabricvp wrote, a sweep point's inputs),
// not for security.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace fabricvp {

inline std::string content_hash(const std::string &text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

} // namespace fabricvp
