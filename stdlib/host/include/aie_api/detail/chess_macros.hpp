// Chess compiler pragmas-as-macros used in kernel loops. They only steer the AIE scheduler, so on the
// host they expand to nothing. Guarded so that a real toolchain header, if present, wins.
#pragma once

#ifndef chess_prepare_for_pipelining
#define chess_prepare_for_pipelining
#endif
#ifndef chess_loop_range
#define chess_loop_range(...)
#endif
#ifndef chess_unroll_loop
#define chess_unroll_loop(...)
#endif
#ifndef chess_flatten_loop
#define chess_flatten_loop
#endif
#ifndef chess_loop_count
#define chess_loop_count(...)
#endif
#ifndef chess_storage
#define chess_storage(...)
#endif
#ifndef chess_protect_access
#define chess_protect_access
#endif
#ifndef chess_no_hw_loop
#define chess_no_hw_loop
#endif
#ifndef chess_separator_scheduler
#define chess_separator_scheduler(...)
#endif
#ifndef chess_report
#define chess_report(...)
#endif
#ifndef __aie_inline
#define __aie_inline
#endif
