// The formatter's harness: any bytes as a spec -> `baton fmt`'s layout.
//
// Properties, besides no crash, leak, hang or undefined behaviour: on bytes the front end
// accepts, the formatted text is accepted too, formats to itself (idempotence) and keeps every
// comment between the same tokens; on bytes it refuses, there are diagnostics. The layout alone
// (format::layout_spec) runs on every input, parseable or not, and must not fail either.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "format/formatter.h"
#include "format/spec_layout.h"
#include "fuzz_check.h"

namespace baton::fuzz {

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  (void)format::layout_spec(format::normalized_text(raw));
  SourceManager sources;
  DiagnosticEngine diags;
  std::string out;
  if (!format::format_spec(raw, "fuzz.baton", sources, diags, out)) {
    require(diags.has_errors(), "a refused file has an error");
    return 0;
  }
  SourceManager again_sources;
  DiagnosticEngine again_diags;
  std::string again;
  require(format::format_spec(out, "fuzz.baton", again_sources, again_diags, again),
          "the formatted text parses", out);
  require(again == out, "formatting is idempotent", out);
  require(format::placed_comments(format::normalized_text(raw)) == format::placed_comments(out),
          "the comments are kept", out);
  return 0;
}

}  // namespace baton::fuzz
