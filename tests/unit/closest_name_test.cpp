// Unit tests for "did you mean" suggestions.
#include "compiler/base/closest_name.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace baton {
namespace {

TEST_CASE("closest_name suggests the nearest candidate within a third of the name",
          "[closest_name]") {
  std::vector<std::string> names = {"region", "replicas", "web", "database"};
  CHECK(closest_name("regoin", names) == "region");  // a transposition costs one
  CHECK(closest_name("wbe", names) == "web");
  CHECK(closest_name("databse", names) == "database");
  CHECK(closest_name("reigon", names) == "region");
  // Too far: more edits than a third of the name's length.
  CHECK(closest_name("zone", names) == "");
  CHECK(closest_name("webserver", names) == "");
}

TEST_CASE("closest_name never corrects one letter into another", "[closest_name]") {
  CHECK(closest_name("x", {"y", "z", "xy"}) == "");
  CHECK(closest_name("", {"a"}) == "");
  // Two letters: one edit is allowed.
  CHECK(closest_name("ab", {"ac"}) == "ac");
}

TEST_CASE("closest_name skips the name itself and breaks ties by order", "[closest_name]") {
  CHECK(closest_name("web", {"web"}) == "");
  CHECK(closest_name("web", {"web", "wed"}) == "wed");
  CHECK(closest_name("cat", {"bat", "hat"}) == "bat");
  CHECK(closest_name("cat", {"hat", "bat"}) == "hat");
  CHECK(closest_name("cat", {}) == "");
}

}  // namespace
}  // namespace baton
