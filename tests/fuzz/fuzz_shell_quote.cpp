// The shell quoting's harness: any value -> sh words that a shell reads back as the value.
//
// The shell and ansible backends put every value from a spec into a command through
// backends/shell_quote.h, so a command run by sh prints exactly a value exactly when these
// words read back as it. The words are read in this process by read_sh_word
// (tests/fuzz/sh_words.h), a reader of the part of the POSIX shell grammar that the quoting
// writes, which refuses anything else: hundreds of thousands of values a second, where running
// a shell for each would allow a few hundred. To keep the reader honest, setting
// BATON_FUZZ_SH=/bin/dash makes every input also run through that shell (`printf '%s' WORD`),
// which must print what the reader read; scripts/fuzz.sh runs the whole corpus that way.
//
// An input is the value, less its last bytes, which choose the width and the starting column
// of quote_block_safe(). A value never holds a NUL: a spec cannot (E0005, and no escape makes
// one) and neither can a command-line argument, so inputs with one are rejected. Properties:
// - quote(), literal() and quote_block_safe() each give one word that reads back as the value
//   (quote_block_safe()'s once the assignments of append_byte_definitions() for the bytes of
//   collect_block_escapes() ran: `baton_b011=$(printf '\011')`);
// - quote_block_safe() gives text that a YAML literal block holds as is (shell::block_safe)
//   with no Jinja delimiter;
// - heredoc_delimiter() is not a line of the body.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "backends/shell_quote.h"
#include "fuzz_check.h"
#include "sh_words.h"

namespace baton::fuzz {
namespace {

/// The shell that checks the reader (BATON_FUZZ_SH), or "".
const std::string& checking_shell() {
  static const std::string shell = [] {
    const char* s = std::getenv("BATON_FUZZ_SH");
    return std::string(s != nullptr ? s : "");
  }();
  return shell;
}

/// `word`, from `how`, reads back as `value` after the assignments `prelude` ran, in the reader
/// and in the checking shell.
void reads_back(const std::string& word, const std::string& value, const char* how,
                const std::string& prelude = "") {
  std::optional<ShVariables> variables = read_sh_assignments(prelude);
  require(variables.has_value(), "the byte variables are assignments of printf's output", prelude);
  std::optional<std::string> read = read_sh_word(word, *variables);
  require(read.has_value(), how, "not one sh word: " + word);
  require(*read == value, how, "reads back as another value: " + word);
  if (checking_shell().empty()) return;
  std::optional<std::string> printed = run_sh_printf(checking_shell(), prelude, word);
  require(printed.has_value(), "the checking shell runs printf", word);
  require(*printed == value, "the checking shell reads the word as the reader does", word);
}

}  // namespace
}  // namespace baton::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace baton;
  using namespace baton::fuzz;
  FuzzedDataProvider provider(data, size);
  // From the end of the input: 0 (no folding) or 8..135 columns, and a column to start at.
  uint8_t width_byte = provider.ConsumeIntegral<uint8_t>();
  size_t width = width_byte < 128 ? 0 : 8 + (width_byte - 128);
  size_t column = provider.ConsumeIntegralInRange<size_t>(0, 40);
  std::string value = provider.ConsumeRemainingBytesAsString();
  if (value.find('\0') != std::string::npos) return -1;

  reads_back(shell::quote(value), value, "quote() gives one word that reads back as the value");
  reads_back(shell::literal(value), value, "literal() gives one word that reads back as the value");
  size_t end_column = column;
  std::string block = shell::quote_block_safe(value, width, &end_column);
  shell::ByteFlags escaped{};
  std::string definitions;
  if (shell::collect_block_escapes(value, escaped))
    shell::append_byte_definitions(definitions, escaped);
  reads_back(block, value,
             "quote_block_safe() gives one word that reads back as the value after its byte "
             "variables are assigned",
             definitions);
  require(shell::block_safe(block), "quote_block_safe() gives text a YAML block holds", block);
  for (const char* jinja : {"{{", "{%", "{#"}) {
    require(block.find(jinja) == std::string::npos, "quote_block_safe() holds no Jinja delimiter",
            block);
  }

  std::string delimiter = shell::heredoc_delimiter(value, "EOF");
  require(delimiter.compare(0, 3, "EOF") == 0, "a heredoc delimiter starts with its base",
          delimiter);
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string::npos) end = value.size();
    require(value.compare(start, end - start, delimiter) != 0,
            "a heredoc delimiter is not a line of the body", delimiter);
    start = end + 1;
  }
  return 0;
}
