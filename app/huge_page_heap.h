// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The training lessons touch a few hundred megabytes of fresh heap (datasets, activations, chips' draws) once, page by
// page. On the virtual machines we measured, a 4 KiB page fault costs about 13 µs: a sixth of the TDNN lesson's CPU
// time went to faults (docs/convergence.md, "How fast"). glibc backs its heap with transparent huge pages when its
// tunable glibc.malloc.hugetlb=1 is set, and reads tunables only when a program starts; so the executable starts
// itself once more with that tunable, before anything else happens.
//
// Left alone: a GLIBC_TUNABLES that already names the tunable (set it to 0 to run without), a kernel with
// transparent huge pages off. DFL_HEAP_RESTARTED marks the restarted process (no second restart) and carries the
// user's GLIBC_TUNABLES, which it puts back, so programs started from the app do not inherit the tunable.

namespace dfl {

// Returns only when no restart is needed or possible; otherwise the process image is replaced.
void restartWithHugePageHeap(char** argv);

}  // namespace dfl
