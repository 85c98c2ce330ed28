// IEEE 1364 value change dump of recorded signal_tracks, written on change:
// nested `$scope module` per level of each signal's hierarchical name,
// declared identifiers, strictly increasing `#time` markers (1 ps timescale),
// integer signals as 32-bit vectors, reals (watts) as `real`. Only signals
// that changed at a time step are visited. Also writes a GTKWave save file
// (.gtkw) with the signals in groups (queues, credits, links, buffers, power).
// Leaves out: FST output (gtkwave's vcd2fst converts), X/Z values.
#pragma once

#include "core/timeline.h"
#include "traces/output_file.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace fabricvp {

class vcd_writer : public timeline_listener {
public:
  // `date_text` goes into $date (the only line that differs between runs).
  // The VCD is written under a temporary name until commit().
  vcd_writer(const std::string &path, const std::string &date_text);
  ~vcd_writer() override;

  // After on_finish: puts the complete VCD in place (output_file::commit).
  void commit() { file_->commit(); }

  void on_start(const std::vector<signal_track *> &recorded) override;
  void on_step(time_ps t, const std::vector<step_value> &changed) override;
  void on_finish(time_ps end) override;

  // Writes the .gtkw save file for the signals declared in this VCD,
  // marked with its content hash (traces/output_marker.h).
  void write_gtkw(const std::string &gtkw_path, time_ps end) const;
  std::uint64_t value_changes() const { return changes_; }

private:
  struct declared {
    signal_track *signal;
    std::string id;
    std::array<char, 8> id_chars{}; // id, padded: copied 8 bytes at a time
    std::string gtkw_name;          // hierarchical name as GTKWave shows it
    bool integer = true;
    long long last = 0; // as written: integers rounded, reals in units of 1e-9
  };
  // The value as written (rounded) and the text that writes it.
  static long long written_value(const declared &d, double value);
  static char *format_value(char *p, const declared &d, long long v);
  void flush(bool all);
  static std::string identifier(std::size_t index);

  std::string path_;
  std::string date_;
  std::unique_ptr<output_file> file_;
  std::string buffer_;                // header text
  std::vector<char> out_;             // value changes, written out when nearly full
  std::size_t used_ = 0;              // bytes of out_ in use
  std::size_t longest_line_ = 0;      // longest value-change line any signal can write
  std::vector<declared> declared_;    // in path order
  std::vector<std::size_t> by_index_; // declared_ position of each recorded signal
  time_ps last_time_ = 0;
  std::uint64_t changes_ = 0;
};

// The .gtkw beside a VCD: the VCD's file name with its extension replaced
// (`a.b/wave` -> `a.b/wave.gtkw`, `./wave` -> `./wave.gtkw`); "" when the
// VCD exists and is not a regular file (/dev/null) or the path names no file.
std::string gtkw_path_beside(const std::string &vcd_path);

// Real values are written rounded to 1e-9 of their unit (nW for power), so
// that float noise from +x-x does not show as changes: the value in nano-units.
long long vcd_nano_units(double v);
// Integer signals (queue depths, credits) rounded to the nearest whole.
inline long long vcd_integer(double v) { return static_cast<long long>(v < 0 ? v - 0.5 : v + 0.5); }

} // namespace fabricvp
