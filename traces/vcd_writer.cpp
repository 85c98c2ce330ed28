#include "traces/vcd_writer.h"

#include "core/errors.h"
#include "traces/output_marker.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>

namespace fabricvp {

long long vcd_nano_units(double v) {
  if (!std::isfinite(v) || std::fabs(v) > 9e9)
    throw std::logic_error("non-finite or out-of-range value traced");
  const double scaled = v * 1e9;
  return static_cast<long long>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
}

std::string gtkw_path_beside(const std::string &vcd_path) {
  const std::filesystem::path vcd(vcd_path);
  std::error_code ec;
  const bool special =
      std::filesystem::exists(vcd, ec) && !std::filesystem::is_regular_file(vcd, ec);
  if (special || !vcd.has_filename() || vcd.filename() == "." || vcd.filename() == "..")
    return "";
  return (vcd.parent_path() / (vcd.stem().string() + ".gtkw")).string();
}

vcd_writer::vcd_writer(const std::string &path, const std::string &date_text)
    : path_(path), date_(date_text), file_(std::make_unique<output_file>(path, "the VCD")) {
  out_.resize(1 << 20);
}

vcd_writer::~vcd_writer() = default; // an uncommitted VCD is removed

std::string vcd_writer::identifier(std::size_t index) {
  // Printable ASCII 33..126, shortest codes first.
  std::string id;
  do {
    id += static_cast<char>(33 + index % 94);
    index /= 94;
  } while (index > 0);
  return id;
}

namespace {

struct scope_node {
  std::map<std::string, scope_node> children; // ordered: deterministic output
  std::vector<std::pair<std::string, std::size_t>> vars;
};

std::vector<std::string> split_path(const std::string &path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos)
      return parts;
    start = dot + 1;
  }
}

} // namespace

void vcd_writer::on_start(const std::vector<signal_track *> &recorded) {
  // Sort by path: the same netlist gives the same identifiers in every run.
  std::vector<std::size_t> order(recorded.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return recorded[a]->path() < recorded[b]->path();
  });
  scope_node root;
  by_index_.assign(recorded.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    signal_track *s = recorded[order[i]];
    by_index_[order[i]] = i;
    const auto parts = split_path(s->path());
    scope_node *node = &root;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k)
      node = &node->children[parts[k]];
    declared d;
    d.signal = s;
    d.id = identifier(i);
    if (d.id.size() > d.id_chars.size())
      throw std::logic_error("too many traced signals");
    std::copy(d.id.begin(), d.id.end(), d.id_chars.begin());
    d.gtkw_name = s->path() + (s->type() == signal_track::kind::integer ? "[31:0]" : "");
    d.integer = s->type() == signal_track::kind::integer;
    longest_line_ = std::max(longest_line_, d.id.size() + 80);
    declared_.push_back(d);
    node->vars.push_back({parts.back(), i});
  }
  buffer_ += "$date\n  " + date_ + "\n$end\n";
  buffer_ += "$version\n  fabricvp\n$end\n";
  buffer_ += vcd_marker_comment();
  buffer_ += "$timescale\n  1ps\n$end\n";
  std::function<void(const std::string &, const scope_node &)> emit_scope =
      [&](const std::string &name, const scope_node &node) {
        buffer_ += "$scope module " + name + " $end\n";
        for (const auto &[var, index] : node.vars) {
          const declared &d = declared_[index];
          if (d.signal->type() == signal_track::kind::integer)
            buffer_ += "$var wire 32 " + d.id + " " + var + " [31:0] $end\n";
          else
            buffer_ += "$var real 64 " + d.id + " " + var + " $end\n";
        }
        for (const auto &[child, sub] : node.children)
          emit_scope(child, sub);
        buffer_ += "$upscope $end\n";
      };
  for (const auto &[name, node] : root.children)
    emit_scope(name, node);
  for (const auto &[var, index] : root.vars) {
    (void)var;
    (void)index;
    throw std::logic_error("traced signal without a module scope");
  }
  buffer_ += "$enddefinitions $end\n#0\n$dumpvars\n";
  for (auto &d : declared_) {
    d.last = written_value(d, d.signal->value());
    char text[160];
    buffer_.append(text, format_value(text, d, d.last));
    ++changes_;
  }
  buffer_ += "$end\n";
  last_time_ = 0;
}

long long vcd_writer::written_value(const declared &d, double value) {
  return d.integer ? vcd_integer(value) : vcd_nano_units(value);
}

// The formatters below copy fixed-size blocks (a few moves, no library call)
// and then advance by the length that counts; on_step keeps enough room at
// the end of the buffer for the bytes written beyond it.
namespace {

const std::array<std::array<char, 8>, 256> binary_bytes = [] {
  std::array<std::array<char, 8>, 256> t{};
  for (unsigned v = 0; v < 256; ++v)
    for (unsigned k = 0; k < 8; ++k)
      t[v][k] = static_cast<char>('0' + ((v >> (7 - k)) & 1));
  return t;
}();

// "b<binary digits>": bits above the highest set one are left out.
char *format_binary(char *p, unsigned long long u) {
  *p++ = 'b';
  int k = u ? 64 - __builtin_clzll(u) : 1; // digits still to write
  if (const int lead = k % 8) {            // the leading partial byte, left-aligned
    std::memcpy(p, binary_bytes[(u >> (k - lead) << (8 - lead)) & 0xff].data(), 8);
    p += lead;
    k -= lead;
  }
  for (; k > 0; k -= 8, p += 8)
    std::memcpy(p, binary_bytes[(u >> (k - 8)) & 0xff].data(), 8);
  return p;
}

const char digit_pairs[] = "0001020304050607080910111213141516171819202122232425262728293031323334"
                           "3536373839404142434445464748495051525354555657585960616263646566676869"
                           "707172737475767778798081828384858687888990919293949596979899";

// Decimal digits of u, two at a time, written backwards into a block that is
// then copied whole.
char *format_decimal(char *p, unsigned long long u) {
  char text[48];
  char *q = text + 24;
  while (u >= 100) {
    q -= 2;
    std::memcpy(q, digit_pairs + 2 * (u % 100), 2);
    u /= 100;
  }
  if (u >= 10) {
    q -= 2;
    std::memcpy(q, digit_pairs + 2 * u, 2);
  } else {
    *--q = static_cast<char>('0' + u);
  }
  std::memcpy(p, q, 24);
  return p + (text + 24 - q);
}

// "r<int>[.<fraction without trailing zeros>]" from a value in units of 1e-9.
char *format_real(char *p, long long nano) {
  *p++ = 'r';
  const unsigned long long mag = static_cast<unsigned long long>(nano < 0 ? -nano : nano);
  if (nano < 0)
    *p++ = '-';
  const unsigned long long whole = mag / 1000000000ULL;
  if (whole < 10)
    *p++ = static_cast<char>('0' + whole);
  else
    p = format_decimal(p, whole);
  if (unsigned frac = static_cast<unsigned>(mag % 1000000000ULL)) {
    char digits[16]; // the 9 digits of the fraction
    digits[8] = static_cast<char>('0' + frac % 10);
    frac /= 10;
    for (int k = 6; k >= 0; k -= 2, frac /= 100)
      std::memcpy(digits + k, digit_pairs + 2 * (frac % 100), 2);
    int len = 9;
    while (digits[len - 1] == '0')
      --len;
    *p = '.';
    std::memcpy(p + 1, digits, 9);
    p += 1 + len;
  }
  return p;
}

} // namespace

char *vcd_writer::format_value(char *p, const declared &d, long long v) {
  // Integer signals are 32-bit vectors; a negative value shows as 0.
  p = d.integer ? format_binary(p, v > 0 ? static_cast<unsigned long long>(v) : 0)
                : format_real(p, v);
  *p++ = ' ';
  std::memcpy(p, d.id_chars.data(), d.id_chars.size());
  p += d.id.size();
  *p++ = '\n';
  return p;
}

void vcd_writer::on_step(time_ps t, const std::vector<step_value> &changed) {
  if (t < last_time_)
    throw std::logic_error("VCD time went backwards");
  if (out_.size() - used_ < 32 + changed.size() * longest_line_)
    flush(false);
  if (out_.size() - used_ < 32 + changed.size() * longest_line_)
    out_.resize(used_ + 32 + changed.size() * longest_line_);
  char *p = out_.data() + used_;
  bool wrote_time = t == last_time_; // still inside the current time step
  for (const step_value &c : changed) {
    declared &d = declared_[by_index_[c.index]];
    const long long v = written_value(d, c.value);
    if (v == d.last)
      continue;
    if (!wrote_time) {
      *p++ = '#';
      p = format_decimal(p, t);
      *p++ = '\n';
      wrote_time = true;
      last_time_ = t;
    }
    d.last = v;
    p = format_value(p, d, v);
    ++changes_;
  }
  used_ = static_cast<std::size_t>(p - out_.data());
}

void vcd_writer::on_finish(time_ps end) {
  flush(false);
  if (end > last_time_)
    buffer_ += "#" + std::to_string(end) + "\n";
  flush(true);
}

void vcd_writer::flush(bool) {
  // The header (buffer_) always precedes the value changes (out_).
  std::FILE *f = file_->stream();
  bool ok = true;
  if (!buffer_.empty()) {
    ok = std::fwrite(buffer_.data(), 1, buffer_.size(), f) == buffer_.size();
    buffer_.clear();
  }
  if (used_ > 0) {
    ok = std::fwrite(out_.data(), 1, used_, f) == used_ && ok;
    used_ = 0;
  }
  ok = std::fflush(f) == 0 && ok;
  if (!ok) // e.g. the disk is full: the VCD would silently end here
    file_->fail(errno);
}

void vcd_writer::write_gtkw(const std::string &gtkw_path, time_ps end) const {
  std::string body;
  auto line = [&body](const std::string &text) { body += text + "\n"; };
  line("[*] GTKWave save file for " + std::filesystem::path(path_).filename().string());
  line("[dumpfile] \"" + std::filesystem::absolute(path_).string() + "\"");
  line("[timestart] 0\n[size] 1600 1000\n[pos] -1 -1");
  line("[sst_width] 320\n[signals_width] 360\n[sst_expanded] 1");
  (void)end;
  // Groups in a fixed order; signals keep their path order inside a group.
  std::map<std::string, std::vector<const declared *>> groups;
  for (const auto &d : declared_)
    groups[d.signal->group()].push_back(&d);
  char flags_text[32];
  for (const auto &[group, members] : groups) {
    line("@800200\n-" + group);
    for (const declared *d : members) {
      // Integers right-justified decimal; queue depths and watts as analog steps.
      const bool analog =
          group == "queues" || group == "buffers" || d->signal->type() == signal_track::kind::real;
      const unsigned flags =
          d->signal->type() == signal_track::kind::real ? 0x48000u : (analog ? 0x8024u : 0x24u);
      std::snprintf(flags_text, sizeof flags_text, "@%x", flags);
      line(flags_text);
      line(d->gtkw_name);
    }
    line("@1000200\n-" + group);
  }
  write_output_file(gtkw_path, "the .gtkw", marked_gtkw(body));
}

} // namespace fabricvp
