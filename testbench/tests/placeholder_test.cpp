#include <gtest/gtest.h>
TEST(placeholder, nothing) { EXPECT_EQ(1, 1); }
