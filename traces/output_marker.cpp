#include "traces/output_marker.h"

#include "core/content_hash.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fabricvp {
namespace {

const char *gtkw_marker_prefix = "[*] fabricvp gtkw, content hash ";

// The first line of every file fabricvp wrote before the markers existed.
std::string legacy_first_line(output_kind kind) {
  switch (kind) {
  case output_kind::power_log: return "t_start_s,t_end_s,level,name,power_w,energy_j";
  case output_kind::link_table:
    return "link,kind,network,from,to,utilisation,data_rate_gbps,margin_db";
  case output_kind::gtkw: return "[*] GTKWave save file written by fabricvp";
  default: return "";
  }
}

std::string read_start(const std::string &path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

std::string first_line(const std::string &text) { return text.substr(0, text.find('\n')); }

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// compare's table and chart from before the markers: the table's first two
// lines, the chart's title as gnuplot drew it.
bool legacy_compare_output(const std::string &path, output_kind kind) {
  if (kind == output_kind::compare_csv) {
    const std::string start = read_start(path, 4096);
    return starts_with(start, "metric,") &&
           start.find("\n\"serdes W\",") == first_line(start).size();
  }
  const std::string svg = read_start(path, 1 << 16);
  return svg.find("<desc>Produced by GNUPLOT") != std::string::npos &&
         svg.find("<text>power by class</text>") != std::string::npos;
}

// The PNG signature and IHDR chunk: 8 + (4 + 4 + 13 + 4) bytes.
constexpr std::size_t png_header_bytes = 33;
const char png_signature[] = "\x89PNG\r\n\x1a\n";
const std::string png_marker_text = std::string("Comment") + '\0' + "fabricvp chart";

// CRC-32 (ISO 3309, as PNG chunks use it), bit by bit: charts are small.
std::uint32_t crc32(const std::string &bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

std::string big_endian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string png_marker_chunk() {
  const std::string body = "tEXt" + png_marker_text;
  return big_endian(static_cast<std::uint32_t>(png_marker_text.size())) + body +
         big_endian(crc32(body));
}

bool is_png(const std::string &bytes) {
  return bytes.size() >= png_header_bytes && bytes.compare(0, 8, png_signature, 8) == 0 &&
         bytes.compare(12, 4, "IHDR") == 0;
}

bool json_marked(const std::string &path, const char *key) {
  std::ifstream in(path, std::ios::binary);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains(key) && j[key] == 1;
}

bool gtkw_unedited(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::string head = first_line(all);
  if (head == legacy_first_line(output_kind::gtkw))
    return true;
  const std::string prefix = gtkw_marker_prefix;
  if (head.compare(0, prefix.size(), prefix) != 0 || head.size() == all.size())
    return false;
  return head.substr(prefix.size()) == content_hash(all.substr(head.size() + 1));
}

} // namespace

std::string marker_line(output_kind kind) {
  switch (kind) {
  case output_kind::power_log: return "# fabricvp power log";
  case output_kind::link_table: return "# fabricvp link table";
  case output_kind::compare_csv: return "# fabricvp compare table";
  case output_kind::chart: return "<!-- fabricvp chart -->";
  case output_kind::html: return "<!-- fabricvp report page -->";
  default: return "";
  }
}

std::string marked_png(const std::string &png) {
  if (!is_png(png))
    return png;
  return png.substr(0, png_header_bytes) + png_marker_chunk() + png.substr(png_header_bytes);
}

std::string vcd_marker_comment() { return "$comment\n  fabricvp run\n$end\n"; }

std::string marked_gtkw(const std::string &body) {
  return gtkw_marker_prefix + content_hash(body) + "\n" + body;
}

bool written_by_fabricvp(const std::string &path, output_kind kind) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return false;
  switch (kind) {
  case output_kind::report: return json_marked(path, "fabricvp_report");
  case output_kind::compare_json: return json_marked(path, "fabricvp_compare");
  case output_kind::reliability: return json_marked(path, "fabricvp_reliability");
  case output_kind::gtkw: return gtkw_unedited(path);
  case output_kind::vcd: {
    const std::string header = read_start(path, 4096);
    return header.find(vcd_marker_comment()) != std::string::npos ||
           header.find("$version\n  fabricvp\n$end\n") != std::string::npos;
  }
  case output_kind::chart: {
    const std::string start = read_start(path, 512);
    return start.find("\n" + marker_line(kind) + "\n") != std::string::npos ||
           start.find("\n<!-- fabricvp compare chart -->\n") != std::string::npos ||
           legacy_compare_output(path, kind);
  }
  case output_kind::chart_png: {
    const std::string start = read_start(path, 256);
    return is_png(start) &&
           start.compare(png_header_bytes, png_marker_chunk().size(), png_marker_chunk()) == 0;
  }
  case output_kind::html:
    return read_start(path, 512).find("\n" + marker_line(kind) + "\n") != std::string::npos;
  default: {
    const std::string line = first_line(read_start(path, 256));
    return line == marker_line(kind) || (!line.empty() && line == legacy_first_line(kind)) ||
           (kind == output_kind::compare_csv && legacy_compare_output(path, kind));
  }
  }
}

} // namespace fabricvp
