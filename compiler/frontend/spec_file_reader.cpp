// Reads one spec file with read(2): the kind of file checked on the open descriptor, the size
// capped, and the first NUL ending the read.
#include "compiler/frontend/spec_file_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace baton {
namespace {

/// "a FIFO", "a character device", ...: what a file that is not a regular file is.
const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

const char kTooLarge[] = "is larger than 256 MiB, the most baton reads of one file";

/// Reads `fd` to its end or to just after its first NUL; false when it holds more than the cap.
bool read_bounded(int fd, std::string& text, std::string& err) {
  char block[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A descriptor left non-blocking by whoever gave it to us: wait for it.
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, -1);
      continue;
    }
    if (n < 0) {
      err = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    const size_t got = static_cast<size_t>(n);
    if (const void* nul = std::memchr(block, '\0', got); nul != nullptr) {
      text.append(block, static_cast<const char*>(nul) - block + 1);
      return true;
    }
    if (text.size() + got > kMaxSpecBytes) {
      err = kTooLarge;
      return false;
    }
    if (text.size() + got > text.capacity()) {
      // Doubling from one block (powers of two up to the cap exactly), but never past the cap,
      // so that a stream at the cap holds 256 MiB and not 512: a string's own reserve() would
      // double anyway. A fresh string reserves exactly.
      std::string grown;
      grown.reserve(std::min(std::max({2 * text.capacity(), text.size() + got, sizeof block}),
                             kMaxSpecBytes));
      grown.append(text);
      text.swap(grown);
    }
    text.append(block, got);
  }
}

}  // namespace

bool read_spec_file(const std::string& path, SpecOrigin origin, std::string& text,
                    std::string& err) {
  const bool from_stdin = path == "-";
  // An import is opened without waiting: opening a FIFO for reading would wait for a writer.
  const int flags = O_RDONLY | O_CLOEXEC | (origin == SpecOrigin::Import ? O_NONBLOCK : 0);
  int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), flags);
  if (fd < 0) {
    err = std::strerror(errno);
    return false;
  }
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) {
    err = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    ok = false;
    err = "is a directory";
  } else if (origin == SpecOrigin::Import && !S_ISREG(st.st_mode)) {
    ok = false;
    err = std::string("is ") + kind_of(st.st_mode) + ", not a regular file";
  } else if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > kMaxSpecBytes) {
    ok = false;
    err = kTooLarge;
  } else {
    if (S_ISREG(st.st_mode)) text.reserve(static_cast<size_t>(st.st_size));
    ok = read_bounded(fd, text, err);
  }
  if (!from_stdin) ::close(fd);
  return ok;
}

}  // namespace baton
