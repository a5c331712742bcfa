// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sweep's points run on a few threads with the engine's runIndexedJobs (core/sim/indexed_jobs.h).

#include "core/sim/indexed_jobs.h"
