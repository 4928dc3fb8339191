// How big a backend's file will be, estimated from the plan, so that its buffer is allocated
// once: on a 100,000-step plan, growing it by doubling instead made the json backend 1.6 times
// slower and dot 1.35 times (the copies, and the pages of each new buffer). Pages of the buffer
// that are never written cost nothing, so the estimates are generous. The shell, ansible and
// json backends size their file with this; dot sizes its own from the --focus view it draws.
#pragma once

#include <cstddef>

#include "analyses/plan/plan.h"

namespace baton {

/// What a backend writes per item of the plan, at most: the weights of estimated_size().
struct SizeWeights {
  std::size_t fixed = 0;     ///< the file's own text
  std::size_t per_host = 0;  ///< plus the host's attributes, names and values
  std::size_t per_level = 0;
  std::size_t per_step = 0;     ///< plus name_times × the step's service, instance and action
  std::size_t name_times = 0;   ///< how many times a step's names are written
  std::size_t per_wait = 0;     ///< per dependency of a step
  std::size_t per_trigger = 0;  ///< per trigger of a handler
  std::size_t per_capture = 0;  ///< plus its names and its command
  std::size_t per_command = 0;
  std::size_t per_piece = 0;    ///< per piece of a command: author text or value
  std::size_t text_times = 0;   ///< × the bytes of the author's text
  std::size_t per_segment = 0;  ///< per segment of a value
  std::size_t value_times = 0;  ///< × the bytes of a value's text (quoting and escapes)
};

/// The size of a backend's file for `plan` under `weights`, in bytes.
std::size_t estimated_size(const plan::Plan& plan, const SizeWeights& weights);

}  // namespace baton
