// Units: parsing with dimension checks, and the closed-form scale factors.
#include "core/units.h"

#include <gtest/gtest.h>

using namespace fabricvp;

TEST(units, data_rate_prefixes) {
  EXPECT_DOUBLE_EQ(parse_quantity("224Gbps", dimension::data_rate).value_si, 224e9);
  EXPECT_DOUBLE_EQ(parse_quantity("1.6 Tbps", dimension::data_rate).value_si, 1.6e12);
}

TEST(units, inch_loss_converts_to_per_metre) {
  // 1 dB/in = 1 / 0.0254 dB/m
  EXPECT_NEAR(parse_quantity("1dB/in", dimension::loss_per_length).value_si, 39.37007874, 1e-6);
}

TEST(units, missing_unit_is_an_error) {
  EXPECT_THROW(parse_quantity("600", dimension::time), std::invalid_argument);
}

TEST(units, wrong_dimension_is_an_error) {
  EXPECT_THROW(parse_quantity("15W", dimension::time), std::invalid_argument);
}
