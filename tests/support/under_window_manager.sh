#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# under_window_manager.sh WM TEST [ARGS...]: runs TEST on the X display xvfb-run started, with the window manager WM
# (openbox) managing its windows, as on a desktop: it frames, places and constrains them (Xvfb alone does not).
wm="$1"
shift
"$wm" >/dev/null 2>&1 &
wm_pid=$!
sleep 1  # openbox manages windows mapped after it has started
"$@"
status=$?
kill "$wm_pid" 2>/dev/null
wait "$wm_pid" 2>/dev/null
exit $status
