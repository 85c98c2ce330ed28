// Output files: written under a temporary name and renamed when complete
// (an abandoned or failed write leaves the previous file as it was), written
// in place on devices, through symbolic links; and the markers by which a
// later run knows a file an earlier one wrote (traces/output_marker.h).
#include "test_support.h"

#include "traces/output_file.h"
#include "traces/output_marker.h"

#include <filesystem>

using namespace fabricvp;
using namespace fabricvp::test;
namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t files_in(const std::string &dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

} // namespace

TEST(output_file, replaces_the_target_only_when_committed) {
  const std::string dir = temp_dir();
  const std::string target = write_file(dir, "report.json", "old");
  output_file f(target, "the report");
  f.write("new, and longer");
  EXPECT_EQ(read_text(target), "old"); // still the previous file
  EXPECT_EQ(files_in(dir), 2u);        // and the temporary one beside it
  f.commit();
  EXPECT_EQ(read_text(target), "new, and longer");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(output_file, abandoned_write_leaves_the_previous_file_and_no_temporary) {
  const std::string dir = temp_dir();
  const std::string target = write_file(dir, "run.vcd", "complete");
  {
    output_file f(target, "the VCD");
    f.write("partial");
  }
  EXPECT_EQ(read_text(target), "complete");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(output_file, writes_through_a_symbolic_link) {
  const std::string dir = temp_dir();
  const std::string real = write_file(dir, "real.csv", "old");
  fs::create_symlink(real, dir + "/link.csv");
  write_output_file(dir + "/link.csv", "the power log", "new");
  EXPECT_TRUE(fs::is_symlink(dir + "/link.csv"));
  EXPECT_EQ(read_text(real), "new");
}

TEST(output_file, writes_a_device_in_place) {
  write_output_file("/dev/null", "the VCD", "anything");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(output_file, an_error_names_the_target_and_the_reason) {
  const std::string missing = temp_dir() + "/no/such/folder/r.json";
  try {
    output_file f(missing, "the report");
    FAIL() << "opened a file in a missing folder";
  } catch (const input_error &e) {
    EXPECT_EQ(std::string(e.what()),
              missing + ": cannot write the report: No such file or directory");
  }
}

TEST(output_marker, recognises_each_kind_it_wrote_and_nothing_else) {
  const std::string dir = temp_dir();
  const std::string report = write_file(dir, "r.json", "{\"fabricvp_report\": 1, \"seed\": 1}");
  const std::string compare = write_file(dir, "c.json", "{\"fabricvp_compare\": 1}");
  const std::string mine = write_file(dir, "mine.json", "{\"seed\": 1}");
  const std::string power = write_file(dir, "p.csv", marker_line(output_kind::power_log) + "\nx\n");
  const std::string yaml = write_file(dir, "base.yaml", "fabricvp: 1\nname: x\n");
  EXPECT_TRUE(written_by_fabricvp(report, output_kind::report));
  EXPECT_TRUE(written_by_fabricvp(compare, output_kind::compare_json));
  EXPECT_FALSE(written_by_fabricvp(compare, output_kind::report));
  EXPECT_FALSE(written_by_fabricvp(mine, output_kind::report));
  EXPECT_TRUE(written_by_fabricvp(power, output_kind::power_log));
  EXPECT_FALSE(written_by_fabricvp(power, output_kind::link_table));
  for (output_kind k :
       {output_kind::report, output_kind::power_log, output_kind::link_table,
        output_kind::compare_csv, output_kind::vcd, output_kind::gtkw, output_kind::chart})
    EXPECT_FALSE(written_by_fabricvp(yaml, k));
  EXPECT_FALSE(written_by_fabricvp(dir + "/missing.csv", output_kind::power_log));
  EXPECT_FALSE(written_by_fabricvp("/dev/null", output_kind::vcd));
}

TEST(output_marker, recognises_files_written_before_the_markers) {
  const std::string dir = temp_dir();
  EXPECT_TRUE(written_by_fabricvp(
      write_file(dir, "p.csv", "t_start_s,t_end_s,level,name,power_w,energy_j\n"),
      output_kind::power_log));
  EXPECT_TRUE(written_by_fabricvp(
      write_file(dir, "l.csv", "link,kind,network,from,to,utilisation,data_rate_gbps,margin_db\n"),
      output_kind::link_table));
  EXPECT_TRUE(written_by_fabricvp(
      write_file(dir, "w.vcd", "$date\n  today\n$end\n$version\n  fabricvp\n$end\n"),
      output_kind::vcd));
  EXPECT_TRUE(
      written_by_fabricvp(write_file(dir, "c.csv", "metric,\"a\",\"b\"\n\"serdes W\",1.0,2.0\n"),
                          output_kind::compare_csv));
  EXPECT_FALSE(written_by_fabricvp(write_file(dir, "m.csv", "metric,value\nlatency,3\n"),
                                   output_kind::compare_csv));
  EXPECT_TRUE(
      written_by_fabricvp(write_file(dir, "c.svg",
                                     "<?xml?>\n<svg>\n<desc>Produced by GNUPLOT 5.4 </desc>\n"
                                     "<g><text>power by class</text></g>\n</svg>\n"),
                          output_kind::chart));
  EXPECT_FALSE(written_by_fabricvp(write_file(dir, "mine.svg", "<?xml?>\n<svg>\n</svg>\n"),
                                   output_kind::chart));
}

TEST(output_marker, an_edited_gtkw_is_not_ours_any_more) {
  const std::string dir = temp_dir();
  const std::string body = "[dumpfile] \"/x/w.vcd\"\n@28\ntop.a.link_busy\n";
  const std::string gtkw = write_file(dir, "w.gtkw", marked_gtkw(body));
  EXPECT_TRUE(written_by_fabricvp(gtkw, output_kind::gtkw));
  write_file(dir, "w.gtkw", marked_gtkw(body) + "@28\ntop.b.link_busy\n"); // a signal added
  EXPECT_FALSE(written_by_fabricvp(gtkw, output_kind::gtkw));
  write_file(dir, "w.gtkw", "[*]\n[*] GTKWave Analyzer v3.3.116\n" + body); // saved by GTKWave
  EXPECT_FALSE(written_by_fabricvp(gtkw, output_kind::gtkw));
}
